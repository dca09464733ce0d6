"""A Select whose drop-down speaks Chinese (Textual's own says “esc Dismiss menu” in the footer)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay


class ChoiceOverlay(SelectOverlay):
    """The open list of a ChoiceSelect."""

    BINDINGS = [Binding("escape", "dismiss", "收起列表")]


class ChoiceSelect(Select):
    """Select with a Chinese drop-down; also says when an option is picked, changed or not."""

    @dataclass
    class Picked(Message):
        """An option was chosen from the list (Select.Changed is silent when it is the same one)."""

        select: ChoiceSelect

        @property
        def control(self) -> ChoiceSelect:
            return self.select

    def compose(self) -> ComposeResult:
        # Same children as Select.compose, with the overlay swapped for the translated one.
        yield SelectCurrent(self.prompt)
        yield ChoiceOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)

    @on(SelectOverlay.UpdateSelection)
    def _picked(self) -> None:
        # Runs before Select's own handler, which stops the message; a form moves on from here.
        self.post_message(self.Picked(self))
