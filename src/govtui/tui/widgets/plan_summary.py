"""“我的计划” on home: the learner's required modules, their progress and 学时, and why."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from govtui.core.plan import LearnerPlan, PlanProgress, format_hours


def plan_summary_text(plan: LearnerPlan, progress: PlanProgress) -> Text:
    # Short enough for one line at 80 columns; the unit is named on the line below.
    text = Text("我的计划", style="bold")
    text.append(f"：必修 {progress.total} 个，完成 {progress.done} 个")
    text.append(f" · 学时 {format_hours(progress.studied_seconds)}/建议 {format_hours(progress.suggested_minutes * 60)}")
    # On the first line, which has room: after the reason it could wrap between 说 and 明.
    text.append(" · i 说明", style="muted")
    text.append("\n")
    text.append(plan.short_reason)
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
