"""Pilot tests for practising: every question type, the notebook, FSRS review and mock exams."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui_helpers import answer, make_app, screen_text, wait_for

from govtui.core import clock
from govtui.core.progress import ProgressStore
from govtui.core.quiz import QuizSession
from govtui.core.review import card_due
from govtui.tui.screens.exam import ExamListScreen, ExamResultScreen, ExamScreen
from govtui.tui.screens.home import HomeScreen
from govtui.tui.screens.notebook import NotebookScreen
from govtui.tui.screens.quiz import QuizScreen
from govtui.tui.screens.review import ReviewScreen


def one_of_each_type(course):
    chosen = {}
    for question in course.questions.values():
        chosen.setdefault(question.type, question)
    assert set(chosen) == {"single", "multiple", "truefalse", "fill", "order"}
    return list(chosen.values())


async def run_practice(pilot, app, questions, correct: bool) -> QuizScreen:
    screen = QuizScreen("练习", QuizSession(None, questions, random.Random(3)))
    await app.push_screen(screen)
    await pilot.pause()
    for question in questions:
        assert screen.session.current is question
        await answer(pilot, question, screen.session.orders[question.id], correct)
        text = screen_text(app)
        assert ("回答正确" if correct else "回答错误") in text, (question.type, text)
        await pilot.press("enter")
        await pilot.pause()
    return screen


async def test_every_question_type_right_then_wrong(bundled, isolated_data_dir: Path) -> None:
    questions = one_of_each_type(bundled)
    app = make_app(bundled, isolated_data_dir, profile="甲")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = await run_practice(pilot, app, questions, correct=True)
        assert screen.session.correct == 5
        assert "练习结束：答对 5/5 题" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        screen = await run_practice(pilot, app, questions, correct=False)
        assert screen.session.correct == 0
    profile = ProgressStore(isolated_data_dir).find("甲")
    for question in questions:
        record = profile.questions[question.id]
        assert (record.right, record.wrong, record.in_notebook) == (1, 1, True)


async def test_wrong_answer_enters_notebook_and_leaves_after_three_right(bundled, isolated_data_dir: Path) -> None:
    question = next(q for q in bundled.questions.values() if q.type == "single")
    app = make_app(bundled, isolated_data_dir, profile="乙")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await run_practice(pilot, app, [question], correct=False)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "错题本 1 题" in screen_text(app)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, NotebookScreen)
        text = screen_text(app)
        assert f"{question.point}（1 题）" in text and "错 1 次" in text and "连对 0/3" in text
        for round_number in range(1, 4):
            await pilot.press("t")  # practise the whole notebook
            await pilot.pause()
            quiz = app.screen
            assert isinstance(quiz, QuizScreen) and quiz.session.questions == [question]
            await answer(pilot, question, quiz.session.orders[question.id], correct=True)
            await pilot.press("enter", "escape")
            await pilot.pause()
            assert isinstance(app.screen, NotebookScreen)
            if round_number < 3:
                assert f"连对 {round_number}/3" in screen_text(app)
        assert "错题本：0 题" in screen_text(app)
    record = ProgressStore(isolated_data_dir).find("乙").questions[question.id]
    assert not record.in_notebook and record.streak == 3 and record.wrong == 1


async def test_answered_question_gets_a_due_date_from_fsrs(bundled, isolated_data_dir: Path) -> None:
    question = next(q for q in bundled.questions.values() if q.type == "truefalse")
    app = make_app(bundled, isolated_data_dir, profile="丙")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        before = clock.today()
        await run_practice(pilot, app, [question], correct=True)
    card = ProgressStore(isolated_data_dir).find("丙").questions[question.id].card
    assert card["state"] == 2  # Review: FSRS scheduled it for a later day
    assert clock.local_date(card_due(card)) > before
    assert card["stability"] > 0


async def test_due_questions_are_counted_on_home_and_reviewed(bundled, isolated_data_dir: Path) -> None:
    store = ProgressStore(isolated_data_dir)
    profile = store.create("丁", None)
    ids = [q.id for q in list(bundled.questions.values())[:3]]
    assert profile.schedule_now(ids) == 3
    store.save(profile)
    app = make_app(bundled, isolated_data_dir, profile="丁")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "今日复习 3 题" in screen_text(app)
        await pilot.press("v")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, ReviewScreen) and {q.id for q in quiz.session.questions} == set(ids)
        for _ in range(3):
            current = quiz.session.current
            await answer(pilot, current, quiz.session.orders[current.id], correct=True)
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "今日复习 0 题" in screen_text(app)


async def test_exam_that_times_out_submits_itself_and_is_scored(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="戊")
    app.rng_seed = 11
    blueprint = bundled.blueprints[0]
    start = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        # The exam's time is core.clock's: it stands still while the answers are given, however
        # slow the machine, then runs out.
        with clock.frozen(start):
            exam = ExamScreen(blueprint, seconds=2)
            await app.push_screen(exam)
            await pilot.pause()
            assert "剩余 00:0" in screen_text(app)
            first, first_points = exam.paper.items[0]
            second, _ = exam.paper.items[1]
            await answer(pilot, first, exam.paper.orders[first.id], correct=True)
            await answer(pilot, second, exam.paper.orders[second.id], correct=False)
        with clock.frozen(start + timedelta(seconds=3)):
            await wait_for(pilot, lambda: isinstance(app.screen, ExamResultScreen))
        text = screen_text(app)
        assert f"得分：{first_points} 分" in text and "时间到，已自动交卷" in text and "未作答" in text
    attempt = ProgressStore(isolated_data_dir).find("戊").exams[0]
    assert attempt.timed_out and attempt.score == first_points and not attempt.passed
    assert attempt.answers[first.id] and not attempt.answers[second.id]
    assert sum(attempt.answers.values()) == 1 and len(attempt.answers) == blueprint.question_count


async def test_exam_finished_by_hand_shows_history(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="己")
    app.rng_seed = 5
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExamListScreen)
        assert "尚无记录" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        ids = [q.id for q, _ in exam.paper.items]
        assert len(ids) == len(set(ids)) == bundled.blueprints[0].question_count
        for question, _ in exam.paper.items:
            await answer(pilot, question, exam.paper.orders[question.id], correct=True)
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ExamResultScreen)
        assert "得分：100 分" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExamListScreen)
        assert "100 分 及格" in screen_text(app)


async def test_the_feedback_is_scrolled_into_view_and_the_next_question_starts_at_the_top(
    bundled, isolated_data_dir: Path
) -> None:
    """At a short terminal the feedback lies below the view: the answer scrolls to it (its top when
    it is taller than the view), and the next question scrolls back up."""
    question = max(bundled.questions.values(), key=lambda q: len(q.explanation))
    app = make_app(bundled, isolated_data_dir, profile="乙")
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.pause()
        screen = QuizScreen("练习", QuizSession(None, [question, question], random.Random(3)))
        await app.push_screen(screen)
        await pilot.pause()
        body, feedback = screen.query_one("#quiz-body"), screen.query_one("#feedback")
        before = body.scroll_y  # (focusing the choices may have scrolled them to the middle)
        await answer(pilot, question, screen.session.orders[question.id], correct=False)
        await pilot.pause()
        assert body.scroll_y > before
        answered_at = body.scroll_y
        shown = body.content_region
        assert feedback.region.y >= shown.y or feedback.region.bottom <= shown.bottom
        assert feedback.region.y < shown.bottom  # its first lines (回答错误) are in view
        assert "回答错误" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert body.scroll_y < answered_at and not feedback.display


async def test_the_first_quiz_starts_on_the_quiz_screen_prepared_in_idle_time(bundled, isolated_data_dir: Path) -> None:
    from govtui.tui.screens.quiz import QUIZ_SCREEN

    app = make_app(bundled, isolated_data_dir, profile="丙")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.is_screen_installed(QUIZ_SCREEN) and app.get_screen(QUIZ_SCREEN).is_mounted)
        prepared = app.get_screen(QUIZ_SCREEN)
        assert not prepared.session.questions  # no quiz on it yet
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.quiz_modules is not None)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
        assert app.screen is prepared and prepared.session.questions
        assert "第 1/" in screen_text(app)


async def test_an_answered_question_greys_its_choices_and_the_arrows_scroll_the_feedback(
    bundled, isolated_data_dir: Path
) -> None:
    """After an answer the choices stay focused but greyed out (every option disabled): letters
    and arrows no longer change them, the arrows scroll the feedback instead, and the next
    question's choices answer again."""
    from textual.widgets import OptionList

    singles = sorted((q for q in bundled.questions.values() if q.type == "single"), key=lambda q: len(q.explanation))
    question, second = singles[-1], singles[-2]
    app = make_app(bundled, isolated_data_dir, profile="乙")
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.pause()
        screen = QuizScreen("练习", QuizSession(None, [question, second], random.Random(3)))
        await app.push_screen(screen)
        await pilot.pause()
        body, choices = screen.query_one("#quiz-body"), screen.query_one("#choices", OptionList)
        assert choices.has_focus and not any(option.disabled for option in choices.options)
        await answer(pilot, question, screen.session.orders[question.id], correct=False)
        await pilot.pause()
        assert choices.has_focus and all(option.disabled for option in choices.options)
        results = dict(screen.session.results)
        await pilot.press("b", "down")  # not a second answer; the highlight does not move
        await pilot.pause()
        assert screen.session.results == results and choices.highlighted is None
        scrolled = body.scroll_y
        await pilot.press("up")
        await pilot.pause()
        assert body.scroll_y < scrolled, "↑ scrolls the feedback back up"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.current is second and not screen.answered
        assert choices.has_focus and not any(option.disabled for option in choices.options)
        await pilot.press("a")
        await pilot.pause()
        assert screen.answered
