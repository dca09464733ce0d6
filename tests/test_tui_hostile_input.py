"""Hostile text pasted into every text box a user can type in: no crash, nothing acts on the terminal.

Markup, control characters, 100,000 characters, right-to-left overrides, NUL and `../` go into the
learner name, search, a fill-in answer, the self-check form and prompts, the deadline and fee
calculators and the unit filter. Each is submitted; the app must keep running, and what it then
shows must carry no raw control character.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import make_app, screen_text

from govtui.core.quiz import QuizSession
from govtui.tui.screens.deadline import DeadlineScreen
from govtui.tui.screens.fee import FeeScreen
from govtui.tui.screens.quiz import QuizScreen
from govtui.tui.screens.search import SearchScreen
from govtui.tui.screens.selfcheck import SelfCheckStartScreen
from govtui.tui.screens.unit import UnitDialog

HOSTILE = [
    "[@click=app.quit]点我[/]",
    "李[/]\\[b]",
    "\x1b]0;标题\x07\x1b[2J",
    "空\x00字",
    "\u202e右到左",
    "../../etc/passwd",
    "很长" * 50_000,
]


def clean(app) -> None:
    text = screen_text(app)
    for control in ("\x1b", "\x00", "\x07", "\u202e"):
        assert control not in text, repr(control)


async def type_into(pilot, box: Input, value: str) -> None:
    box.focus()
    box.value = value[: box.max_length] if box.max_length else value
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
async def test_hostile_text_in_every_box(bundled, isolated_data_dir: Path, value: str) -> None:
    fill = next(q for q in bundled.questions.values() if q.type == "fill")
    app = make_app(bundled, isolated_data_dir, profile="测试员")
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        for screen in (
            SearchScreen(),
            QuizScreen("练习", QuizSession(None, [fill], random.Random(1))),
            SelfCheckStartScreen(),
            DeadlineScreen(),
            FeeScreen(),
            UnitDialog(),
        ):
            await app.push_screen(screen)
            await pilot.pause()
            for box in list(app.screen.query(Input)):
                if box.is_mounted:
                    await type_into(pilot, box, value)
            assert app.is_running, type(screen).__name__
            clean(app)
            while len(app.screen_stack) > 1:
                app.pop_screen()
                await pilot.pause()
        assert app.is_running
