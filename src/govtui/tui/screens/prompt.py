"""A one-line text prompt as a typed modal."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class PromptDialog(ModalScreen[str | None]):
    """Returns the text entered (Enter), or None (Esc)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "取消")]

    def __init__(self, title: str, value: str = "", placeholder: str = "", max_length: int = 2_000) -> None:
        super().__init__()
        self.title_text, self.value, self.placeholder = title, value, placeholder
        self.max_length = max_length
        """What the file format accepts: longer text would be refused when the file is read back."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input", max_length=self.max_length)
            yield Label(Text.assemble(("回车确定，Esc 取消", "muted")))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())
