"""A module's whole Markdown text as ONE scrolling widget: rendered once per width, drawn a line at a time.

The reader used to mount a Static per section (twenty-odd for a long module) in a VerticalScroll;
every open paid for their styles, their layout and a Rich render of each, and every page down for
a relayout of the container (cProfile of benchmarks/run.py "open module"). This widget renders the
sections (our own Markdown: core/markdown_blocks.py, drawn by markdown_lines.py) into lines once
per (text, width, base style) and keeps them in a small cache shared by every reader, so opening
a module again only picks lines out of a list.
It scrolls itself (Textual's Line API), so a page down repaints the lines on screen and lays
nothing out. The marks for the chosen link and the words a search found are applied to the lines
on screen alone.

Sections are separated by a blank line, as the margin between the old section widgets was; the
closing line ("— 本模块结束……—") follows after a blank line, with a blank line below it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from govtui.core.citation import parse_citation
from govtui.core.content_cache import digest
from govtui.core.markdown_blocks import parse_blocks
from govtui.tui.widgets.markdown_lines import MarkdownLines
from govtui.tui.widgets.markdown_section import FOCUSED_LINK, SectionLink, mark_text, section_links

LAYOUT_CACHE_SIZE = 8
"""Rendered modules kept (each a few hundred lines): the module open now and the last few, at a width or two."""


@dataclass(frozen=True, slots=True)
class Laid:
    """A document rendered at one width: its lines and where each section starts."""

    lines: list[Strip]
    starts: list[int]


_laid: OrderedDict[tuple[object, ...], Laid] = OrderedDict()

_BLOCK_START = re.compile(r"\s*(?:[-*+]\s|\d+[.)]\s|#|>)")


def _blocks(markdown: str) -> int:
    """At least how many lines the Markdown renders to: one per paragraph, heading or list item."""
    count = 0
    previous = ""
    for line in markdown.splitlines():
        if line.strip() and (not previous.strip() or _BLOCK_START.match(line)):
            count += 1
        previous = line
    return count


class ModuleText(ScrollView, can_focus=True):
    """Sections of Markdown shown one after another, then a closing line; a click on a citation
    posts `CitationClicked`."""

    COMPONENT_CLASSES = {"module-text--end"}
    DEFAULT_CSS = """
    ModuleText { height: 1fr; overflow-x: hidden; }
    ModuleText > .module-text--end { color: $text-muted; }
    """

    @dataclass
    class CitationClicked(Message):
        """A `reg:` / `report:` / `module:` / `ref:` link was clicked."""

        source: str

    def __init__(
        self,
        sections: list[str],
        found: str = "",
        end: str = "",
        fitted: Callable[[], None] | None = None,
        **kwargs,
    ) -> None:
        """`fitted` is called inside the layout that gives the text a new width or length (its
        scroll range is then known): what depends on it (the reader's 已读 % in the title line) is
        drawn in that same frame. A message was handled after the frame's paint: one frame more."""
        super().__init__(**kwargs)
        self._width = 0
        self._fitted = fitted
        self._set_text(sections, found, end)

    def _set_text(self, sections: list[str], found: str, end: str) -> None:
        self.sections = sections
        self.found = found
        self.end = end
        self.focused: tuple[int, str] | None = None
        """The chosen link (its section and target), marked where it stands; None: no link chosen."""
        self._least_lines = sum(_blocks(text) for text in sections) + len(sections) - 1 + 3
        self._end_cache: tuple[object, list[Strip]] = (None, [])
        self._digest = digest("\x00".join(sections).encode())
        self.links: list[tuple[int, SectionLink]] = [
            (index, link) for index, text in enumerate(sections) for link in section_links(text)
        ]
        """Every citation link in reading order, with the index of its section."""

    def load(self, sections: list[str], found: str = "", end: str = "") -> None:
        """Show another text from its top (the kept reader's next module). Its lines and length
        are made by the screen's next layout, which the caller asks for."""
        self._set_text(sections, found, end)
        # Measured anew even if as long as the last text: the layout then tells the screen (`fitted`).
        self.set_reactive(ModuleText.virtual_size, Size(0, 0))
        self.set_reactive(ModuleText.scroll_y, 0.0)
        self.set_reactive(ModuleText.scroll_target_y, 0.0)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.set_reactive(ScrollBar.position, 0.0)
        self._show_bar_if_overflowing()
        self.refresh()

    def on_mount(self) -> None:
        self._show_bar_if_overflowing()

    def _show_bar_if_overflowing(self) -> None:
        # A text certain to overflow any terminal gets its scrollbar now, styled before the
        # screen's first layout. Made in that layout, the new scrollbar was styled after it and
        # asked for one more layout and repaint, about 17 ms later (`frames.py open --fresh`).
        if self._least_lines > self.app.size.height and self.styles.overflow_y != "hidden":
            self.show_vertical_scrollbar = True
            self.vertical_scrollbar.display = True  # created on first access

    # -- rendering ------------------------------------------------------------------------------

    def laid_out(self, width: int | None = None) -> Laid:
        """The sections rendered at `width` (default: the text's width), from the cache if there."""
        width = self._width if width is None else width
        base = self.visual_style.rich_style
        key = (self._digest, width, base)
        laid = _laid.get(key)
        if laid is not None:
            _laid.move_to_end(key)
            return laid
        laid = self._render_at(width, base)
        _laid[key] = laid
        while len(_laid) > LAYOUT_CACHE_SIZE:
            _laid.popitem(last=False)
        return laid

    def _render_at(self, width: int, base: Style) -> Laid:
        lines: list[Strip] = []
        starts: list[int] = []
        if width <= 0:
            return Laid(lines, [0] * len(self.sections))
        options = self.app.console_options.update(highlight=False, width=width, height=None)
        painter = MarkdownLines(self.app.console, options, base)
        for index, text in enumerate(self.sections):
            if index:
                lines.append(Strip([]))  # the gap between sections
            starts.append(len(lines))
            lines.extend(Strip(line) for line in painter.lines(parse_blocks(text), width))
        return Laid(lines, starts)

    def _end_lines(self, width: int) -> list[Strip]:
        """The closing line, wrapped, with a blank line above and below."""
        if width <= 0:
            return []
        # $text-muted is the text colour at part opacity: blend it onto the background, as Textual does.
        muted = self.background_colors[1] + self.get_component_styles("module-text--end").color
        style = self.visual_style.rich_style + Style(color=muted.rich_color)
        key = (self.end, width, style)
        if self._end_cache[0] != key:
            text = Text(self.end, style=style)
            wrapped = self.app.console.render_lines(text, self.app.console_options.update_width(width), pad=False)
            self._end_cache = (key, [Strip([]), *(Strip(line) for line in wrapped), Strip([])])
        return self._end_cache[1]

    def _fit(self, width: int, height: int) -> Size:
        """Choose the text's width (less the scrollbar's if the text overflows) and its virtual size."""
        bar = self.styles.scrollbar_size_vertical
        if bar and width > bar and self._least_lines > height:
            # Certain to overflow: render once, at the width beside the scrollbar.
            width -= bar
            bar = 0
        lines = len(self.laid_out(width).lines) + len(self._end_lines(width))
        if lines > height and bar and width > bar:
            width -= bar
            lines = len(self.laid_out(width).lines) + len(self._end_lines(width))
        self._width = width
        return Size(width, lines)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # The virtual size depends on the width only this call knows (it is the widget's own size).
        inner = size - self.styles.gutter.totals
        fitted = self._fit(inner.width, inner.height)
        changed = fitted != self.virtual_size
        if changed:
            self.set_reactive(ModuleText.virtual_size, fitted)
        resized = super()._size_updated(size, fitted, container_size, layout)
        if changed and not resized:
            self._scroll_update(fitted)  # the scrollbar follows the new length
        if changed and self._fitted is not None:
            self._fitted()
        return resized or changed

    def set_end(self, end: str) -> None:
        """Change the closing line (it may wrap to another number of lines)."""
        self.end = end
        if self.size.width:
            inner = self.region.size - self.styles.gutter.totals
            self.virtual_size = self._fit(inner.width, inner.height)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        return self.line(y + self.scroll_offset.y)

    def line(self, y: int) -> Strip:
        """Line y of the whole text (0 is the top, whatever the scroll), with its marks."""
        laid = self.laid_out()
        if y >= len(laid.lines):
            end = self._end_lines(self._width)
            index = y - len(laid.lines)
            return end[index] if index < len(end) else Strip([])
        strip = laid.lines[y]
        if not self.found and not self.focused:
            return strip
        segments = list(strip)
        if self.found:
            segments = mark_text(segments, self.found, self.app.console.get_style("found", default="bold reverse"))
        if self.focused and self.section_of_line(y) == self.focused[0]:
            target = self.focused[1]
            segments = [
                Segment(text, style + FOCUSED_LINK if style and style.link == target else style, control)
                for text, style, control in segments
            ]
        return Strip(segments, strip.cell_length)

    # -- places ---------------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """Whether the text has its width yet (and so its lines and places)."""
        return self._width > 0

    def all_lines(self) -> list[Strip]:
        """Every line of the text at its width, scrolled out of view too (before any marks)."""
        return [*self.laid_out().lines, *self._end_lines(self._width)]

    def section_y(self, index: int) -> int:
        """The first line of section `index` (0-based, within this widget)."""
        return self.laid_out().starts[index]

    def section_of_line(self, y: int) -> int:
        """The section a line belongs to (a gap line belongs to the section above it)."""
        return max(bisect_right(self.laid_out().starts, y) - 1, 0)

    def _section_lines(self, index: int) -> range:
        laid = self.laid_out()
        end = laid.starts[index + 1] if index + 1 < len(laid.starts) else len(laid.lines)
        return range(laid.starts[index], end)

    def line_of_link(self, index: int, target: str) -> int | None:
        """The first line of section `index` that shows a link to target (within this widget)."""
        lines = self.laid_out().lines
        for y in self._section_lines(index):
            if any(style and style.link == target for _text, style, _control in lines[y]):
                return y
        return None

    def line_of_text(self, index: int, text: str) -> int | None:
        """The first line of section `index` that shows `text` (not split across lines)."""
        lines = self.laid_out().lines
        for y in self._section_lines(index):
            if text in lines[y].text:
                return y
        return None

    def focus_link(self, index: int | None, target: str | None = None) -> None:
        """Mark every place in section `index` that links to target (None: no link is chosen)."""
        focused = None if index is None or target is None else (index, target)
        if focused != self.focused:
            self.focused = focused
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        link = event.style.link
        if link and parse_citation(link) is not None:
            event.stop()
            self.post_message(self.CitationClicked(link))
