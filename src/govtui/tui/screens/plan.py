"""The plan screen: what "1+41+N" is, which plan this learner has and why, module by module."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from govtui.core.plan import format_hours, learner_plan, module_done, plan_progress
from govtui.core.sources import describe
from govtui.tui.next_step import NEXT_STEP_BINDING, NEXT_STEP_KEY, suggested_step
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.next_step import NextStepLine
from govtui.tui.widgets.title_bar import TitleBar


class PlanScreen(Screen[None]):
    """学习计划说明."""

    DEFAULT_CSS = """
    #plan-body {
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        NEXT_STEP_BINDING,
        Binding("u", "set_unit", "设置单位"),
    ]

    def __init__(self, quiz_modules: set[str] | None) -> None:
        super().__init__()
        self.quiz_modules = quiz_modules

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield NextStepLine(id="next-step")
        with VerticalScroll(id="plan-body"):
            yield Static(id="plan-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "学习计划"
        self.query_one("#plan-body").focus()
        self.refresh_plan()

    def on_screen_resume(self) -> None:
        self.refresh_plan()

    def refresh_plan(self) -> None:
        if not self.is_mounted:
            return
        self.query_one("#plan-text", Static).update(self.plan_text())
        self.query_one("#next-step", NextStepLine).show(suggested_step(self.app, self.quiz_modules), NEXT_STEP_KEY)

    def plan_text(self) -> Text:
        course, profile = self.app.course, self.app.profile
        book = course.plans
        plan = learner_plan(course, profile.unit_id)
        progress = plan_progress(course, profile, plan, self.quiz_modules)
        text = Text("“1+41+N”培训体系\n", style="bold")
        if book.intro:
            text.append(book.intro + "\n")
        if book.source:
            text.append(f"出处：{describe(course, book.source)}\n", style="italic")
        if book.note:
            text.append(f"说明：{book.note}\n", style="muted")
        text.append(f"\n我的计划（{plan.unit_name or plan.rule.title}）\n", style="bold")
        text.append(plan.reason + "\n")
        if plan.unit_name is None:
            text.append("按 u 设置所在单位。\n", style="warn")
        text.append(
            f"必修 {progress.total} 个模块，完成 {progress.done} 个；"
            f"学时 {format_hours(progress.studied_seconds)}（建议 {format_hours(progress.suggested_minutes * 60)}）\n"
        )
        for heading, module_ids in (("必修", plan.required), ("选学", plan.optional)):
            if not module_ids:
                continue
            text.append(f"\n{heading}（{len(module_ids)} 个）\n", style="bold")
            for module_id in module_ids:
                module = course.modules[module_id]
                has_quiz = None if self.quiz_modules is None else module_id in self.quiz_modules
                done = module_done(module, profile, has_quiz)
                text.append("  完成 " if done else "  未完 ", style="good" if done else "muted")
                text.append(f"【{module.track}】{module.title}\n")
        return text

    def action_next_step(self) -> None:
        from govtui.tui.next_step import take_next_step

        take_next_step(self.app)

    def action_set_unit(self) -> None:
        from govtui.tui.screens.unit import ask_unit

        ask_unit(self.app, self.refresh_plan)
