"""Helpers for Pilot tests: start the app and answer questions the way a trainee would, by key."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from govtui.core.course import Course
from govtui.core.questions import LETTERS
from govtui.tui.app import GovtuiApp
from govtui.tui.screens.quiz import QuizScreen
from govtui.tui.screens.reader import ReaderScreen


def make_app(course: Course, data_dir: Path, profile: str | None = None, welcome: bool = False) -> GovtuiApp:
    """The app as a trainee starts it; the first-run welcome is off unless a test is about it."""
    return GovtuiApp(course, data_dir, profile_name=profile, welcome=welcome)


def screen_text(app: GovtuiApp) -> str:
    """Everything the current screen shows, as plain text."""
    from textual.widgets import Label, OptionList, Static

    from govtui.tui.widgets.text_pane import TextPane

    parts: list[str] = []
    for widget in app.screen.query("*"):
        if isinstance(widget, (Static, Label)) and widget.display:
            parts.append(str(widget.render()))
        elif isinstance(widget, TextPane):
            parts.append(widget.plain)
        elif isinstance(widget, OptionList):
            parts.extend(str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count))
    return "\n".join(parts)


def keys_for(question, order: list[int], correct: bool) -> list[str]:
    """The keys that answer `question`, shown in `order`, right (or wrong)."""
    if question.type == "single":
        right = order.index(LETTERS.index(question.answer))
        position = right if correct else (right + 1) % len(order)
        return [LETTERS[position].lower()]
    if question.type == "truefalse":
        return ["a" if question.answer == correct else "b"]
    if question.type == "multiple":
        wanted = [order.index(LETTERS.index(a)) for a in sorted(question.answer)]
        if not correct:
            wanted = wanted[:1]  # a multiple-choice question needs at least two right answers
        return [LETTERS[p].lower() for p in wanted] + ["s"]
    if question.type == "order":
        positions = [order.index(i) for i in range(len(order))]
        if not correct:
            positions[0], positions[1] = positions[1], positions[0]
        return [LETTERS[p].lower() for p in positions]
    raise AssertionError("fill questions are typed, see answer_current")


async def answer_current(pilot: Pilot, correct: bool = True) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, QuizScreen)
    question = screen.session.current
    await answer(pilot, question, screen.session.orders[question.id], correct)


async def answer(pilot: Pilot, question, order: list[int], correct: bool = True) -> None:
    """Answer the question on screen by key, as a trainee would."""
    if question.type == "fill":
        text = question.answer[0] if correct else "不知道"
        for char in text:
            await pilot.press(char)
        await pilot.press("enter")
    else:
        await pilot.press(*keys_for(question, order, correct))
    await pilot.pause()


async def wait_for(pilot: Pilot, predicate, timeout: float = 10.0) -> None:
    """Let the app run until `predicate()` holds; threads and timers are slower on a busy machine."""
    for _ in range(int(timeout / 0.05)):
        if predicate():
            break
        await pilot.pause(0.05)
    assert predicate(), "condition not reached in time"
    await pilot.pause()  # let what the condition started (a new screen mounting) finish


async def open_reader(app: GovtuiApp, pilot: Pilot, module) -> ReaderScreen:
    """Open `module` in the reader and wait until it has laid out its text (its progress shows)."""
    await app.push_screen(ReaderScreen(module))
    await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and "已读" in (app.screen.sub_title or ""))
    return app.screen
