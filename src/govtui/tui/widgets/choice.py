"""A Select whose drop-down speaks Chinese (Textual's own says “esc Dismiss menu” in the footer)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay


class ChoiceOverlay(SelectOverlay):
    """The open list of a ChoiceSelect."""

    BINDINGS = [Binding("escape", "dismiss", "收起列表")]


class ChoiceSelect(Select):
    """Select with a Chinese drop-down; otherwise exactly Textual's Select."""

    def compose(self) -> ComposeResult:
        # Same children as Select.compose, with the overlay swapped for the translated one.
        yield SelectCurrent(self.prompt)
        yield ChoiceOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)
