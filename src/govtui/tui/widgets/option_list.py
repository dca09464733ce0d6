"""An OptionList that does not redo work after a relayout that changed nothing it depends on.

Textual's ScrollView refreshed the list's scrollbar after every relayout of its screen, one more
repaint about 17 ms after a key (`OwnVirtualSize`, widgets/steady.py).

OptionList also drops every rendered option on each Resize event, and a newly shown screen sends
its widgets one right after its first layout: every option in sight was rendered twice before the
first paint (a third of the CPU time of opening the Regulation list, by cProfile).
"""

from __future__ import annotations

from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import OptionList

from govtui.tui.widgets.steady import OwnVirtualSize


class SteadyOptionList(OwnVirtualSize, OptionList):
    """OptionList, less the scrollbar repaint after each relayout that changed nothing (its lines
    are its virtual size; OptionList._update_lines updates the scrollbar when they change)."""

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
