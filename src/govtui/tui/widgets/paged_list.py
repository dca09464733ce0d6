"""An option list that makes its options a page at a time, as the learner reaches them.

Measuring an option's height wraps its text; a search with 300 hits spent most of each typed
character measuring options nobody had scrolled to. The list holds how many options there are
and a function that makes the option at an index; it makes the first page at once and the next
pages when the highlight or the scroll position comes near the end of what is made.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets.option_list import Option

from govtui.tui.widgets.option_list import SteadyOptionList

PAGE = 16
"""Options made at a time: a full screen of two-line options at 24 rows and a few more."""
MARGIN = 4
"""Make the next page when the highlight is this close to the last option made."""


class PagedOptionList(SteadyOptionList):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._make: Callable[[int], Option] | None = None
        self._total = 0

    @property
    def total(self) -> int:
        """How many options the list has, made or not."""
        return self._total if self._make is not None else self.option_count

    def show_options(self, total: int, make: Callable[[int], Option]) -> None:
        """Replace the options with `total` options, `make(index)` making each when needed."""
        self._make, self._total = make, total
        self.set_options(make(index) for index in range(min(total, PAGE)))

    def make_through(self, index: int) -> None:
        """Make every option up to `index` (and the rest of its page)."""
        made = self.option_count
        if self._make is None or made >= self._total or index < made:
            return
        end = min(self._total, max(index + 1, made + PAGE))
        self.add_options([self._make(i) for i in range(made, end)])

    def validate_highlighted(self, highlighted: int | None) -> int | None:
        if highlighted is not None and highlighted >= self.option_count:
            self.make_through(highlighted)
        return super().validate_highlighted(highlighted)

    def watch_highlighted(self, highlighted: int | None) -> None:
        if highlighted is not None and highlighted >= self.option_count - MARGIN:
            self.make_through(self.option_count)
        super().watch_highlighted(highlighted)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value + self.size.height * 2 >= self.virtual_size.height:
            self.make_through(self.option_count)

    def action_last(self) -> None:
        self.make_through(self._total - 1)
        super().action_last()
