"""Read-only text in a scrolling pane, wrapped once per width and drawn line by line.

A Static in a VerticalScroll lays out the screen twice when its text changes (once for the
Static, once more for the scroll area around it) and paints three times; a ScrollView that
keeps its wrapped lines only repaints itself. Used where one key replaces a pane's text.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from govtui.tui.widgets.steady import OwnVirtualSize


class TextPane(OwnVirtualSize, ScrollView, can_focus=True):
    DEFAULT_CSS = """
    TextPane {
        height: 1fr;
    }
    """

    def __init__(self, renderable: RenderableType = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._renderable = renderable
        self._strips: list[Strip] = []
        self._width = 0

    @property
    def renderable(self) -> RenderableType:
        return self._renderable

    @property
    def plain(self) -> str:
        """The text shown, unwrapped (as a Static's render() gives it)."""
        return _plain(self._renderable)

    def update(self, renderable: RenderableType, *, home: bool = False) -> None:
        """Show `renderable`; `home` scrolls back to its top."""
        self._renderable = renderable
        self._width = 0
        if home:
            self.scroll_to(y=0, animate=False, immediate=True)
        self._wrap()
        self.refresh()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width or not self.is_attached:
            return
        self._width = width
        console = self.app.console
        lines = console.render_lines(self._renderable, console.options.update_width(width), pad=False)
        self._strips = [Strip(line) for line in lines]
        size = Size(width, len(self._strips))
        if size != self.virtual_size:
            # Set without laying the screen out again (the pane's own size is its stylesheet's):
            # only its scrollbar follows, in the same frame as the text.
            self.set_reactive(TextPane.virtual_size, size)
            self._scroll_update(size)

    def on_resize(self) -> None:
        self._width = 0
        self._wrap()

    def notify_style_update(self) -> None:
        self._width = 0
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        self._wrap()
        width = self.scrollable_content_region.width
        style = self.rich_style
        index = self.scroll_offset.y + y
        if index >= len(self._strips):
            return Strip.blank(width, style)
        return self._strips[index].crop_extend(0, width, style).apply_style(style)


def _plain(renderable: RenderableType) -> str:
    if isinstance(renderable, Text):
        return renderable.plain
    if isinstance(renderable, Group):
        return "\n".join(_plain(part) for part in renderable.renderables)
    return str(renderable)
