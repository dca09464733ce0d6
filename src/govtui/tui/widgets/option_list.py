"""An OptionList that does not redo work after a relayout that changed nothing it depends on.

Textual's ScrollView compares the virtual size the layout passes with its own. An OptionList keeps
its own (one row per line of its options), while the layout passes its viewport, so the two differ
on every relayout. Each relayout then refreshes the scrollbar, and that refresh costs one more
repaint about 17 ms later, after a key has already been shown (`benchmarks/paints.py back`).

OptionList also drops every rendered option on each Resize event, and a newly shown screen sends
its widgets one right after its first layout: every option in sight was rendered twice before the
first paint (a third of the CPU time of opening the Regulation list, by cProfile).
"""

from __future__ import annotations

from textual import events
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import OptionList


class SteadyOptionList(OptionList):
    """OptionList, less the scrollbar repaint after each relayout that changed nothing."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # The list's lines, not the viewport, are its virtual size; a change of those updates the
        # scrollbar itself (OptionList._update_lines).
        return super()._size_updated(size, self.virtual_size, container_size, layout)

    _rendered_width: int | None = None
    """The width the options were measured and rendered at (OptionList's caches leave it out)."""

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._rendered_width is None:
            self._rendered_width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def _on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width == self._rendered_width:
            event.prevent_default()  # what was measured and rendered still fits: keep it
            self.refresh()
            return
        self._rendered_width = None  # OptionList._on_resize clears its caches
