"""年度报告检查: an agency's own annual report checked, findings grouped by table.

Enter on a finding opens the articles of the Regulation it rests on (one directly, several by
choice); `r` checks the file again after it has been edited.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from govtui.core.reports.model import SEVERITY_NAMES, TABLE_NAMES, Finding, ReportCheck
from govtui.core.reports.writers import summary
from govtui.tui.navigation import open_sources
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.option_list import SteadyOptionList
from govtui.tui.widgets.title_bar import TitleBar

SEVERITY_STYLES = {"error": "bad-bold", "warning": "warn", "note": "muted"}


class ReportCheckScreen(Screen[None]):
    """Findings about one report file, grouped by table."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("r", "recheck", "重新检查", tooltip="文件修改后重新检查"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.findings: dict[str, Finding] = {}
        self.result: ReportCheck | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text(f"年度报告检查：{self.path.name}"), id="report-check-title", classes="screen-title")
        yield Static(Text.assemble(("正在检查…", "muted")), id="report-check-summary")
        yield SteadyOptionList(id="findings")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "年度报告检查"
        self.query_one("#findings", OptionList).focus()
        self.run_check()

    def action_recheck(self) -> None:
        self.query_one("#report-check-summary", Static).update(Text.assemble(("正在检查…", "muted")))
        self.run_check()

    @work(thread=True, exclusive=True)
    def run_check(self) -> None:
        # Reading and checking a file is quick but is still file work: keep it off the UI thread.
        from govtui.core.reports.checks import check_report

        try:
            result = check_report(self.path)
        except OSError as exc:
            self.app.call_from_thread(self.show_error, f"无法读取 {self.path}：{exc.strerror or exc}")
            return
        self.app.call_from_thread(self.show, result)

    def show_error(self, message: str) -> None:
        self.query_one("#report-check-summary", Static).update(Text.assemble((message, "bad-bold")))
        self.query_one("#findings", OptionList).clear_options()

    def show(self, result: ReportCheck) -> None:
        self.result = result
        self.findings = {}
        hint = "（回车打开相关条文）" if result.findings else "未发现问题。"
        self.query_one("#report-check-summary", Static).update(Text(summary(result) + hint))
        options: list[Option] = []
        for table, findings in result.by_table().items():
            options.append(Option(Text(f"{TABLE_NAMES[table]}（{len(findings)}）", style="bold"), disabled=True))
            for finding in findings:
                option_id = f"finding-{len(self.findings)}"
                self.findings[option_id] = finding
                options.append(Option(_label(finding), id=option_id))
        findings_list = self.query_one("#findings", OptionList)
        findings_list.clear_options()
        findings_list.add_options(options)
        if len(options) > 1:
            findings_list.highlighted = 1

    @on(OptionList.OptionSelected, "#findings")
    def open_articles(self, event: OptionList.OptionSelected) -> None:
        finding = self.findings.get(event.option_id or "")
        if finding is None:
            return
        if not finding.articles:
            self.notify("这一项是网页抓取问题，不涉及《条例》条文")
            return
        open_sources(self.app, [f"reg:{a}" for a in finding.articles], "相关条文（回车打开）")


def _label(finding: Finding) -> Text:
    label = Text("  ")
    label.append(f"[{SEVERITY_NAMES[finding.severity]}] ", style=SEVERITY_STYLES[finding.severity])
    where = " · ".join(x for x in (finding.row, f"{finding.column}列" if finding.column else None) if x)
    if where:
        label.append(f"{where}：", style="bold")
    label.append(finding.message)
    if finding.articles:
        label.append("  《条例》" + "、".join(f"第{a}条" for a in finding.articles), style="muted")
    return label
