"""Every question type and a mock exam in China Standard Time (the first answer used to crash there)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tui_helpers import answer, make_app, screen_text
from zones import BEIJING, in_zone

from govtui.core import clock
from govtui.core.progress import ProgressStore
from govtui.core.quiz import QuizSession
from govtui.tui.screens.exam import ExamResultScreen, ExamScreen
from govtui.tui.screens.quiz import QuizScreen

MORNING = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 2026-12-01 07:30 in Beijing
STAMP = "2026-11-30T23:30:00+00:00"


@pytest.fixture
def beijing_morning() -> Iterator[None]:
    with in_zone(BEIJING), clock.frozen(MORNING):
        yield


async def test_each_question_type_and_an_exam_in_beijing(bundled, isolated_data_dir: Path, beijing_morning) -> None:
    chosen: dict[str, object] = {}
    for question in bundled.questions.values():
        chosen.setdefault(question.type, question)
    questions = list(chosen.values())
    assert {q.type for q in questions} == {"single", "multiple", "truefalse", "fill", "order"}

    app = make_app(bundled, isolated_data_dir, profile="孙七")
    app.rng_seed = 7
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        quiz = QuizScreen("练习", QuizSession(None, questions, random.Random(2)))
        await app.push_screen(quiz)
        await pilot.pause()
        for number, question in enumerate(questions):
            right = number % 2 == 0
            await answer(pilot, question, quiz.session.orders[question.id], right)
            assert ("回答正确" if right else "回答错误") in screen_text(app), question.type
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()

        exam = ExamScreen(bundled.blueprints[0], seconds=600)
        await app.push_screen(exam)
        await pilot.pause()
        for question, _points in exam.paper.items:
            await answer(pilot, question, exam.paper.orders[question.id], correct=True)
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ExamResultScreen)
        assert "得分：100 分" in screen_text(app)

    again = ProgressStore(isolated_data_dir).find("孙七")
    assert again is not None
    for number, question in enumerate(questions):
        record = again.questions[question.id]
        assert record.card is not None and record.card["last_review"] == STAMP
        if number % 2:
            assert record.in_notebook and record.last_wrong_at == STAMP
    attempt = again.exams[0]
    assert attempt.at == STAMP and attempt.score == 100
    assert clock.local_minute_text(attempt.at) == "2026-12-01 07:30"
