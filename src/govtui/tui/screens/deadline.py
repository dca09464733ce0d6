"""Deadline calculator (期限计算): type the day an application was received, see every deadline."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static

from govtui.core import clock
from govtui.core.desk.deadline import (
    CHANNELS,
    DeadlineInputError,
    parse_date,
    parse_period,
    plan_deadlines,
    plan_text,
)
from govtui.core.desk.workdays import HolidayFileError, open_calendar
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.title_bar import TitleBar


class DeadlineScreen(Screen[None]):
    """期限计算器：收到申请之日 → 补正、答复、延长、征求意见的期限，各附条文."""

    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text("期限计算器（依申请公开）：开始的当日不计入，自下一日开始计算"), classes="screen-title")
        with Horizontal(classes="desk-form"):
            yield Label("收到申请之日")
            yield Input(value=clock.today().isoformat(), placeholder="2026-09-28", id="received")
            yield Label("方式")
            yield Select([(name, name) for name in CHANNELS], value="当面", allow_blank=False, id="channel")
        with Horizontal(classes="desk-form"):
            yield Label("补正后收到")
            yield Input(placeholder="收到补正后申请之日，没有就留空", id="completed")
        with Horizontal(classes="desk-form"):
            yield Label("征求第三方")
            yield Input(placeholder="收到日:回复日，多段用逗号分开", id="consult")
            yield Label("征求机关")
            yield Input(placeholder="收到日:回复日", id="consult-agency")
        with VerticalScroll(id="desk-result-box"):
            yield Static(id="desk-result")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#received", Input).focus()
        self.recompute()

    @on(Input.Changed)
    @on(Select.Changed)
    def inputs_changed(self) -> None:
        self.recompute()

    def _periods(self, widget_id: str, agency: bool) -> list:
        text = self.query_one(widget_id, Input).value.replace("，", ",")
        return [parse_period(part, agency=agency) for part in text.split(",") if part.strip()]

    def recompute(self) -> None:
        result = self.query_one("#desk-result", Static)
        try:
            received = parse_date(self.query_one("#received", Input).value)
            completed_text = self.query_one("#completed", Input).value.strip()
            completed = parse_date(completed_text) if completed_text else None
            consultations = self._periods("#consult", False) + self._periods("#consult-agency", True)
            calendar = open_calendar(self.app.store.data_dir)  # type: ignore[attr-defined]
            regulation = self.app.course.regulation  # type: ignore[attr-defined]
            articles = {n: a.text for n, a in regulation.articles.items()} if regulation else {}
            plan = plan_deadlines(
                received,
                calendar,
                articles,
                channel=str(self.query_one("#channel", Select).value),
                completed=completed,
                consultations=consultations,
            )
        except (DeadlineInputError, HolidayFileError) as exc:
            result.update(Text.assemble((f"无法计算：{exc}", "bad-bold")))
            return
        # The dates first, so that they are seen without scrolling at 80x24; details and articles follow.
        summary = Text()
        for deadline in plan.deadlines:
            if deadline.date is not None:
                mark = "（含未知年份，只扣周末）" if deadline.warnings else ""
                summary.append(f"{deadline.title}：", style="bold")
                summary.append(f"{deadline.date.isoformat()} {clock.weekday_name(deadline.date)}{mark}\n")
        summary.append("\n")
        summary.append(plan_text(plan))
        result.update(summary)
