"""“我的计划” on home: the learner's required modules, their progress and 学时, and why."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from govtui.core.plan import LearnerPlan, PlanProgress, format_hours


def plan_summary_text(plan: LearnerPlan, progress: PlanProgress) -> Text:
    title = plan.unit_name or plan.rule.title
    text = Text(f"我的计划（{title}）", style="bold")
    text.append(f"：必修 {progress.total} 个模块，完成 {progress.done} 个")
    text.append(f" · 学时 {format_hours(progress.studied_seconds)}/建议 {format_hours(progress.suggested_minutes * 60)}")
    text.append("\n")
    text.append(plan.short_reason)
    text.append(" i 计划说明", style="muted")
    return text


class PlanSummary(Static):
    """Two lines above the module list; the full explanation is on the plan screen (i)."""

    DEFAULT_CSS = """
    PlanSummary {
        padding: 0 1;
        height: auto;
    }
    """

    def show(self, plan: LearnerPlan, progress: PlanProgress) -> None:
        self.update(plan_summary_text(plan, progress))
