"""The "next step" (下一步) key: one key on home and on every result screen does what core/plan.py
suggests. Screens add `NEXT_STEP_BINDING` and call `take_next_step` from their action."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from govtui.core.course import Course
from govtui.core.plan import NextStep, next_step

NEXT_STEP_KEY = "d"
NEXT_STEP_BINDING = Binding(NEXT_STEP_KEY, "next_step", "下一步", tooltip="做“下一步”一行所说的事", id="next_step")
NEXT_STEP_BINDING_UNLISTED = Binding(
    NEXT_STEP_KEY, "next_step", "下一步", tooltip="做“下一步”一行所说的事", id="next_step", show=False
)
"""For home, whose 80-column footer is full: the 下一步 line there names the key itself."""


def module_quiz_ids(course: Course) -> set[str]:
    """Modules that have a quiz (reads the question banks if not read yet)."""
    return {q.module for q in course.questions.values() if q.module}


def suggested_step(app: App, quiz_modules: set[str] | None) -> NextStep:
    """The next step for the current learner; `quiz_modules` None while banks are loading."""
    from govtui.core.review_session import plan_today

    profile = app.profile  # type: ignore[attr-defined]
    # Cards due today within the learner's daily limits: what the review would actually ask.
    return next_step(app.course, profile, quiz_modules, len(plan_today(profile).ids))  # type: ignore[attr-defined]


def take_next_step(app: App) -> None:
    """Go back to home (closing finished result screens) and do the suggested step from there,
    so the step is the one home shows and the screen stack does not grow with each step."""
    from govtui.tui.screens.home import HomeScreen

    home = next((s for s in app.screen_stack if isinstance(s, HomeScreen)), None)
    if home is None:
        return
    while app.screen is not home and len(app.screen_stack) > 1:
        app.pop_screen()
    home.action_next_step()
