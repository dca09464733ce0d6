"""An OptionList that does not repaint its scrollbar on every relayout of its screen.

Textual's ScrollView compares the virtual size the layout passes with its own. An OptionList keeps
its own (one row per line of its options), while the layout passes its viewport, so the two differ
on every relayout. Each relayout then refreshes the scrollbar, and that refresh costs one more
repaint about 17 ms later, after a key has already been shown (`benchmarks/paints.py back`).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import OptionList


class SteadyOptionList(OptionList):
    """OptionList, less the scrollbar repaint after each relayout that changed nothing."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # The list's lines, not the viewport, are its virtual size; a change of those updates the
        # scrollbar itself (OptionList._update_lines).
        return super()._size_updated(size, self.virtual_size, container_size, layout)
