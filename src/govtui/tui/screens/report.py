"""A report paragraph (or whole section) and the partial reference notes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from govtui.core.report import LOST_MARK
from govtui.core.sources import report_label
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.title_bar import TitleBar


def paragraph_text(report, pid: str) -> Text:
    """The paragraph, or a section head with its items; lost words and restorations marked."""
    text = Text()
    parts = [p for p in report.paragraphs.values() if p.id == pid or p.section == pid]
    for paragraph in parts:
        if len(parts) > 1:
            text.append(f"{paragraph.title}\n", style="bold")
        for index, chunk in enumerate(paragraph.text.split(LOST_MARK)):
            if index:
                text.append(LOST_MARK, style="bold reverse")
            text.append(chunk)
        text.append("\n")
        for note in paragraph.restored:
            text.append(f"说明（已恢复的固定表述）：{note}\n", style="warn")
        for note in paragraph.notes:
            text.append(f"说明：{note}\n", style="warn")
        text.append("\n")
    return text


class ReportParagraphScreen(Screen[None]):
    """年度报告原文段落."""

    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def __init__(self, paragraph_id: str, found: str = "") -> None:
        super().__init__()
        self.paragraph_id = paragraph_id
        self.found = found

    def compose(self) -> ComposeResult:
        report = self.app.course.report
        paragraph = report.paragraphs[self.paragraph_id]
        yield TitleBar()
        with VerticalScroll(id="report-body"):
            yield Static(Text(f"{report.title} · {report_label(self.app.course, paragraph.id)}"), classes="screen-title")
            body = paragraph_text(report, self.paragraph_id)
            if self.found.strip():
                body.highlight_words([self.found.strip()], "found")
            yield Static(body, id="report-text")
            yield Static(Text.assemble((f"来源：{report.source}", "muted")))
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#report-body").focus()


class ReferenceScreen(Screen[None]):
    """A partial reference note; inferred facts are labelled as such."""

    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def __init__(self, reference_id: str) -> None:
        super().__init__()
        self.reference_id = reference_id

    def compose(self) -> ComposeResult:
        reference = self.app.course.references[self.reference_id]
        body = Text()
        body.append(f"{reference.summary}\n\n")
        for fact in reference.facts:
            if fact.inferred:
                body.append("【推断/未核实】", style="warn-bold")
            else:
                body.append("【有出处】", style="good-bold")
            body.append(f"{fact.text}\n\n")
        yield TitleBar()
        with VerticalScroll(id="reference-body"):
            yield Static(Text(reference.title), classes="screen-title")
            yield Static(Text.assemble(("本材料不完整：标为“推断/未核实”的内容未与官方原文核对。", "warn")))
            yield Static(body)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#reference-body").focus()
