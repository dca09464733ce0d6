"""A yes/no question as a typed modal, safe by default."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmDialog(ModalScreen[bool]):
    """Returns True for the action (y, or its button), False for the safe choice (n, Esc).

    Every question asked here ends something (an exam, a quiz, the app), so the safe button has
    the focus: Enter pressed out of habit, or Esc then Enter, loses nothing.
    """

    # Focus by selector, not in on_mount: a dialog answered (y/n/Esc) before it mounted has no
    # buttons left by the time on_mount runs.
    AUTO_FOCUS = "#no"
    BINDINGS = [
        Binding("escape,n", "dismiss(False)", "取消"),
        Binding("y", "dismiss(True)", "确定"),
    ]

    def __init__(self, question: str, yes: str = "确定", no: str = "取消") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # A Static fills the dialog's width and wraps; a Label sizes to its text and is cut.
            yield Static(Text(self.question), classes="dialog-title", id="question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes}（y）", id="yes", variant="error")
                yield Button(f"{self.no}（n）", id="no", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
