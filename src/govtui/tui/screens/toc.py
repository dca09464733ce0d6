"""A module's table of contents (目录): pick a section to jump to it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from govtui.tui.widgets.option_list import SteadyOptionList


class TocDialog(ModalScreen[int | None]):
    """目录 — returns the index of the chosen section, or None."""

    DEFAULT_CSS = """
    TocDialog { align: center middle; }
    TocDialog OptionList { max-height: 20; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "关闭"), Binding("c", "dismiss(None)", "关闭", show=False)]

    def __init__(self, entries: list[tuple[int, int, str]], current: int) -> None:
        """entries: (section index, heading level, heading text); current: the section being read."""
        super().__init__()
        self.entries = entries
        self.current = current

    def compose(self) -> ComposeResult:
        options = []
        for index, level, heading in self.entries:
            label = Text("  " * max(level - 1, 0))
            label.append(heading, style="bold" if index == self.current else "")
            if index == self.current:
                label.append("（正在阅读）", style="italic")
            options.append(Option(label, id=str(index)))
        with Vertical(classes="dialog"):
            yield Label(Text("目录（回车跳到该节，Esc 关闭）"), classes="dialog-title")
            yield SteadyOptionList(*options, id="toc")

    def on_mount(self) -> None:
        toc = self.query_one("#toc", OptionList)
        toc.focus()
        here = [n for n, (index, _, _) in enumerate(self.entries) if index <= self.current]
        toc.highlighted = here[-1] if here else 0

    @on(OptionList.OptionSelected, "#toc")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option_id or 0))
