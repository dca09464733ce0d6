"""Quizzes and mock exams in the trainees' own time zone (UTC+8): what is saved and shown.

The test sets TZ itself, so it checks UTC+8 whatever zone the machine or CI runs in. The moment
is pinned just before UTC midnight, when Chongqing is already on the next day: a stamp or a date
taken from the wrong clock shows up as the wrong day.
"""

from __future__ import annotations

import random
import time
import tomllib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from tui_helpers import answer, make_app, screen_text, wait_for

from govtui.core import clock
from govtui.core.progress import ProgressStore, profile_id_for
from govtui.core.quiz import QuizSession
from govtui.tui.screens.exam import ExamListScreen, ExamResultScreen, ExamScreen
from govtui.tui.screens.exam_summary import SubmitSummaryDialog
from govtui.tui.screens.quiz import QuizScreen

MOMENT = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # 2026-03-02 07:30 in Chongqing
STAMP = "2026-03-01T23:30:00+00:00"
TYPES = ("single", "multiple", "truefalse", "fill", "order")
RIGHT = {"single": True, "multiple": False, "truefalse": True, "fill": True, "order": False}


@pytest.fixture
def shanghai() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "Asia/Shanghai")
        time.tzset()
        try:
            yield
        finally:
            patch.undo()
            time.tzset()  # the zone the rest of the suite runs in


def saved_file(data_dir: Path, name: str) -> dict:
    """The profile file as written, not as the loader reads it back."""
    path = ProgressStore(data_dir).path_for(profile_id_for(name))
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def test_tz_is_set_for_the_test(shanghai) -> None:
    assert clock.local_date(MOMENT) == date(2026, 3, 2)


async def test_quiz_of_every_type_in_utc_plus_8_saves_utc_stamps(bundled, isolated_data_dir: Path, shanghai) -> None:
    questions = {t: next(q for q in bundled.questions.values() if q.type == t) for t in TYPES}
    app = make_app(bundled, isolated_data_dir, profile="重庆")
    with clock.frozen(MOMENT):
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            quiz = QuizScreen("练习", QuizSession(None, list(questions.values()), random.Random(8)))
            await app.push_screen(quiz)
            await pilot.pause()
            for qtype, question in questions.items():
                assert quiz.session.current is question
                await answer(pilot, question, quiz.session.orders[question.id], correct=RIGHT[qtype])
                assert ("回答正确" if RIGHT[qtype] else "回答错误") in screen_text(app), qtype
                await pilot.press("enter")
                await pilot.pause()
            assert "练习结束：答对 3/5 题" in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
            assert "错题本 2 题" in screen_text(app)
    data = saved_file(isolated_data_dir, "重庆")
    for qtype, question in questions.items():
        record = data["questions"][question.id]
        assert (record["right"], record["wrong"], record["in_notebook"]) == (
            (1, 0, False) if RIGHT[qtype] else (0, 1, True)
        ), qtype
        assert record["card"]["last_review"] == STAMP, qtype
        assert record["card"]["due"].endswith("+00:00"), qtype
        if not RIGHT[qtype]:
            assert record["first_wrong_at"] == record["last_wrong_at"] == STAMP


async def test_mock_exam_in_utc_plus_8_saves_answers_and_shows_local_time(
    bundled, isolated_data_dir: Path, shanghai
) -> None:
    app = make_app(bundled, isolated_data_dir, profile="渝中")
    app.rng_seed = 6
    with clock.frozen(MOMENT):
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await app.push_screen(ExamListScreen())
            await pilot.pause()
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ExamScreen))
            exam = app.screen
            chosen = {}
            for qtype in TYPES:
                index = next(i for i, (q, _) in enumerate(exam.paper.items) if q.type == qtype)
                while exam.index < index:
                    await pilot.press("pagedown")
                await pilot.pause()
                question, points = exam.paper.items[index]
                chosen[qtype] = (question, points)
                await answer(pilot, question, exam.paper.orders[question.id], correct=RIGHT[qtype])
            assert "已答 5/" in screen_text(app)
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, SubmitSummaryDialog))
            await pilot.press("y")
            await wait_for(pilot, lambda: isinstance(app.screen, ExamResultScreen))
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, ExamListScreen))
            assert "2026-03-02 07:30" in screen_text(app)  # the trainee's clock, not UTC
    data = saved_file(isolated_data_dir, "渝中")
    (attempt,) = data["exam_attempts"]
    assert attempt["at"] == STAMP and not attempt["timed_out"]
    multiple, multiple_points = chosen["multiple"]
    # The wrong multiple-choice answer ticked one of the right options: partial credit (少选按比例得分).
    partial = multiple_points / len(multiple.answer)
    exact = sum(points for qtype, (_, points) in chosen.items() if RIGHT[qtype]) + partial
    assert attempt["points_scored"] == pytest.approx(exact) and attempt["score"] == int(exact)
    assert attempt["earned"][multiple.id] == pytest.approx(partial)
    assert set(attempt["responses"]) == {q.id for q, _ in chosen.values()}
    fill = chosen["fill"][0]
    assert attempt["responses"][fill.id] == fill.answer[0]
    for qtype, (question, _) in chosen.items():
        assert attempt["answers"][question.id] is RIGHT[qtype], qtype
        record = data["questions"][question.id]
        assert record["card"]["last_review"] == STAMP
        assert record["in_notebook"] is not RIGHT[qtype]
    unanswered = set(attempt["answers"]) - set(attempt["responses"])
    assert unanswered and not any(attempt["answers"][qid] for qid in unanswered)
    assert not unanswered & set(data["questions"])  # 未答 questions do not feed review or the notebook
