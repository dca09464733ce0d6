"""A yes/no question as a typed modal."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmDialog(ModalScreen[bool]):
    """Returns True for 确定 (y / Enter on the button), False for 取消 (n / Esc)."""

    # Focus by selector, not in on_mount: a dialog answered (y/n/Esc) before it mounted has no
    # buttons left by the time on_mount runs.
    AUTO_FOCUS = "#yes"
    BINDINGS = [
        Binding("escape,n", "dismiss(False)", "取消"),
        Binding("y", "dismiss(True)", "确定"),
    ]

    def __init__(self, question: str, yes: str = "确定", no: str = "取消") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.question), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes}（y）", id="yes", variant="primary")
                yield Button(f"{self.no}（n）", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
