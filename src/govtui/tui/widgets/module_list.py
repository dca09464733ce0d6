"""Home's module list: an OptionList that measures one-line rows without wrapping them.

Textual's OptionList finds each option's height by wrapping it (`_update_lines`), every option,
before the first paint. With the 50x course that is 1,600 rows, wrapped by the Chinese line
breaker: most of home's start-up (cProfile of benchmarks/run.py's start-up). A row whose text
fits the width is one line by definition; only rows that may wrap are measured the slow way.
Shown rows are rendered by OptionList itself, unchanged.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.geometry import Size

from govtui.tui.widgets.option_list import SteadyOptionList


class ModuleList(SteadyOptionList):
    """An OptionList whose line index skips wrapping rows that fit (same lines, same display)."""

    _lines_width: int | None = None
    """The width the line index and the rendered rows were made for."""

    def _on_resize(self, event: events.Resize) -> None:
        # OptionList drops its line index on every resize; rows depend on the width only (checked
        # in _update_lines, which every use of the index goes through), and home's list changes
        # height as the cards above it fill in before the first paint.
        event.prevent_default()
        self.refresh()

    def _update_lines(self) -> None:
        # Textual 8's OptionList._update_lines, with the fast height for a fitting Text row.
        if not self.scrollable_content_region:
            return
        if self.scrollable_content_region.width != self._lines_width:
            self._line_cache.clear()
            self._option_render_cache.clear()
            self._lines_width = self.scrollable_content_region.width
        line_cache = self._line_cache
        lines = line_cache.lines
        next_index = lines[-1][0] + 1 if lines else 0
        width = self._lines_width - self._get_left_gutter_width()
        if next_index < len(self.options):
            padding = self.get_component_styles("option-list--option").padding
            room = width - padding.width
            for index, option in enumerate(self.options[next_index:], next_index):
                line_cache.index_to_line[index] = len(line_cache.lines)
                line_count = _fitting_height(option.prompt, room)
                if line_count is None:
                    line_count = self._get_visual(option).get_height(self.styles, room)
                line_count += option._divider
                line_cache.heights[index] = line_count
                line_cache.lines.extend([(index, line_no) for line_no in range(line_count)])
        last_divider = self.options and self.options[-1]._divider
        virtual_size = Size(width, len(lines) - (1 if last_divider else 0))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)


_NOT_ONE_LINE = set("\n\r\t\v\f")
"""Characters that break a line or (tabs) widen it past its cell length."""


def _fitting_height(prompt: object, width: int) -> int | None:
    """1 for a one-line Text no wider than `width`; None when it has to be measured."""
    if not isinstance(prompt, Text) or width <= 0:
        return None
    plain = prompt.plain
    if not _NOT_ONE_LINE.isdisjoint(plain):
        return None
    # No character is wider than two cells, and no ASCII one wider than one: most rows (a Chinese
    # title, ASCII digits and spaces) fit by this bound, counted in C, without measuring each
    # character (rich's cell_len was most of the list's measuring with a learner's longer rows).
    wide_at_most = len(plain) - len(plain.encode("ascii", "ignore"))
    if len(plain) + wide_at_most <= width or prompt.cell_len <= width:
        return 1
    return None
