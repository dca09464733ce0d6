"""Daily review and notebook practice in China Standard Time, at 07:30 in the morning.

At that hour UTC still says yesterday: cards due at 09:00 Beijing are "today" for the learner.
Before instants were kept in UTC, the first answer crashed (fsrs accepts only UTC).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from tui_helpers import answer, make_app, screen_text
from zones import BEIJING, in_zone

from govtui.core import clock
from govtui.core.progress import ProgressStore, QuestionRecord
from govtui.core.quiz import QuizSession
from govtui.tui.screens.home import HomeScreen
from govtui.tui.screens.notebook import NotebookScreen
from govtui.tui.screens.quiz import QuizScreen
from govtui.tui.screens.review import ReviewScreen

MORNING = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 2026-12-01 07:30 in Beijing


@pytest.fixture
def beijing_morning() -> Iterator[None]:
    with in_zone(BEIJING), clock.frozen(MORNING):
        yield


def single_choice(course, count: int):
    return [q for q in course.questions.values() if q.type in ("single", "truefalse")][:count]


async def test_review_and_notebook_complete_in_beijing(bundled, isolated_data_dir: Path, beijing_morning) -> None:
    due, missed = single_choice(bundled, 3)[:2], single_choice(bundled, 3)[2]
    store = ProgressStore(isolated_data_dir)
    profile = store.create("赵六", "yuzhong")
    for number, question in enumerate(due, start=1):
        card = {"card_id": number, "state": 2, "stability": 2.0, "difficulty": 5.0,
                "due": "2026-12-01T01:00:00+00:00", "last_review": "2026-11-28T01:00:00+00:00"}
        profile.questions[question.id] = QuestionRecord(right=1, streak=1, card=card)
    store.save(profile)

    app = make_app(bundled, isolated_data_dir, profile="赵六")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "今日复习 2 题" in screen_text(app)  # due at 09:00 Beijing today, though UTC is still on 30 Nov
        await pilot.press("v")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert {q.id for q in review.session.questions} == {q.id for q in due}
        for _ in due:
            current = review.session.current
            await answer(pilot, current, review.session.orders[current.id], correct=True)
            assert "回答正确" in screen_text(app)
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "今日复习 0 题" in screen_text(app)

        # A wrong answer in practice, then the notebook practice clears one step of it.
        practice = QuizScreen("练习", QuizSession(None, [missed], random.Random(1)))
        await app.push_screen(practice)
        await pilot.pause()
        await answer(pilot, missed, practice.session.orders[missed.id], correct=False)
        await pilot.press("enter", "escape")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, NotebookScreen)
        assert "最近一次 2026-12-01" in screen_text(app)  # the local day, not UTC's 2026-11-30
        await pilot.press("t")
        await pilot.pause()
        notebook_practice = app.screen
        assert isinstance(notebook_practice, QuizScreen)
        await answer(pilot, missed, notebook_practice.session.orders[missed.id], correct=True)
        assert "回答正确" in screen_text(app)
        await pilot.press("enter", "escape")
        await pilot.pause()

    again = ProgressStore(isolated_data_dir).find("赵六")
    assert again is not None
    for question in due:
        card = again.questions[question.id].card
        assert card["last_review"] == "2026-11-30T23:30:00+00:00"
        assert clock.local_date(card["due"]) > date(2026, 12, 1)
    record = again.questions[missed.id]
    assert (record.wrong, record.right, record.in_notebook) == (1, 1, True)  # leaves after 3 right in a row
    assert record.last_wrong_at == "2026-11-30T23:30:00+00:00"
