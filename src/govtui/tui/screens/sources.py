"""A dialog listing citations; choosing one returns it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from govtui.core.sources import describe
from govtui.tui.widgets.option_list import SteadyOptionList


class SourcesDialog(ModalScreen[str | None]):
    """出处 — pick a citation to open it."""

    BINDINGS = [Binding("escape", "dismiss(None)", "关闭")]

    def __init__(self, sources: list[str], title: str = "出处（回车打开）") -> None:
        super().__init__()
        self.sources = sources
        self.dialog_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="sources-dialog", classes="dialog"):
            yield Label(Text(self.dialog_title), classes="dialog-title")
            yield SteadyOptionList(
                *[Option(Text(describe(self.app.course, s)), id=s) for s in self.sources],
                id="sources-list",
            )

    @on(OptionList.OptionSelected, "#sources-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)


class FormatDialog(ModalScreen[str | None]):
    """Choose an export format."""

    BINDINGS = [Binding("escape", "dismiss(None)", "取消")]
    FORMATS = (("md", "Markdown（.md）"), ("html", "可打印网页（.html）"), ("csv", "Excel 表格（.csv）"), ("json", "JSON（.json）"))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text("导出格式（回车确定）"), classes="dialog-title")
            yield SteadyOptionList(*[Option(Text(label), id=fmt) for fmt, label in self.FORMATS], id="formats")

    def on_mount(self) -> None:
        formats = self.query_one("#formats", OptionList)
        formats.highlighted = 0
        formats.focus()

    @on(OptionList.OptionSelected, "#formats")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)
