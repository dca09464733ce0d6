"""Pilot tests for not losing answers in quizzes and exams, and for safe dialogs (issue 8, 1–6 and 13)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.widgets import Button, Input
from tui_helpers import answer, make_app, screen_text, wait_for

from govtui.core.progress import ProgressStore
from govtui.core.quiz import QuizSession
from govtui.tui.screens.confirm import ConfirmDialog
from govtui.tui.screens.exam import ExamListScreen, ExamResultScreen, ExamScreen
from govtui.tui.screens.exam_summary import SubmitSummaryDialog
from govtui.tui.screens.glossary import GlossaryScreen
from govtui.tui.screens.home import HomeScreen
from govtui.tui.screens.quiz import QuizScreen


async def start_exam(pilot, app, seconds: float = 600) -> ExamScreen:
    exam = ExamScreen(app.course.blueprints[0], seconds=seconds)
    await app.push_screen(exam)
    await pilot.pause()
    return exam


async def go_to_type(pilot, exam: ExamScreen, question_type: str) -> int:
    """Page forward (as a trainee would) to the first question of a type; returns its index."""
    target = next(i for i, (q, _) in enumerate(exam.paper.items) if q.type == question_type)
    for _ in range(target):
        if exam.index >= target:
            break
        await pilot.press("pagedown")
    await pilot.pause()
    assert exam.index == target
    return target


async def type_text(pilot, text: str) -> None:
    for char in text:
        await pilot.press(char)
    await pilot.pause()


async def run_palette(pilot, query: str) -> None:
    """Open the command palette, type `query` and run the best hit, as a trainee would."""
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await type_text(pilot, query)
    results = pilot.app.screen.query_one(CommandList)
    await wait_for(pilot, lambda: results.option_count > 0 and results.highlighted is not None)
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette))


def saved(data_dir: Path, name: str):
    return ProgressStore(data_dir).find(name)


def dialog_lines(app) -> list[str]:
    """The rows of the open dialog exactly as the terminal shows them (cut text shows as cut)."""
    dialog = app.screen.query_one(".dialog")
    region = dialog.region
    strips = app.screen._compositor.render_strips()
    return [strips[y].crop(region.x, region.right).text for y in range(region.y, region.bottom)]


def shown_whole(app, text: str) -> bool:
    """True when every character of `text` is on screen inside the dialog, in order."""
    inside = "".join(dialog_lines(app))
    squeezed = "".join(inside.replace("█", "").replace("▌", "").replace("▐", "").split())
    return "".join(text.split()) in squeezed


# 1. One exam at a time; the palette cannot leave a running exam without the 放弃 prompt.


async def test_palette_during_exam_asks_before_leaving_and_cancel_keeps_the_exam(bundled, isolated_data_dir) -> None:
    app = make_app(bundled, isolated_data_dir, profile="甲")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        exam = await start_exam(pilot, app)
        await run_palette(pilot, "术语表")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "放弃本次考试" in screen_text(app) and "不记录成绩" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is exam and not exam.submitted
        assert not any(isinstance(s, GlossaryScreen) for s in app.screen_stack)


async def test_second_exam_from_palette_is_not_thrown_away_by_the_first_exams_timer(bundled, isolated_data_dir) -> None:
    app = make_app(bundled, isolated_data_dir, profile="乙")
    app.rng_seed = 4
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        first = await start_exam(pilot, app, seconds=600)
        await run_palette(pilot, "模拟考试")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")  # 放弃 the first exam
        await wait_for(pilot, lambda: isinstance(app.screen, ExamListScreen))
        assert first not in app.screen_stack
        # The first exam's time limit now passes a second from now (not a race with a loaded machine).
        first.seconds = first.elapsed + 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExamScreen))
        second = app.screen
        assert second is not first
        await pilot.pause(3)  # well past the first exam's time limit
        assert app.screen is second and not second.submitted
        assert sum(isinstance(s, ExamScreen) for s in app.screen_stack) == 1
    assert saved(isolated_data_dir, "乙").exams == []  # the abandoned exam is not recorded


async def test_exam_list_asks_before_a_second_exam_replaces_the_first(bundled, isolated_data_dir) -> None:
    app = make_app(bundled, isolated_data_dir, profile="丙")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        first = await start_exam(pilot, app)
        await app.push_screen(ExamListScreen())  # however it got there
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await pilot.pause()
        assert [s for s in app.screen_stack if isinstance(s, ExamScreen)] == [first]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ExamScreen) and app.screen is not first)
        assert first not in app.screen_stack and sum(isinstance(s, ExamScreen) for s in app.screen_stack) == 1


# 2. Fill-in text typed in an exam is kept when moving, submitting and on time-out.


@pytest.mark.parametrize("leave_by", ["pagedown", "pageup"])
async def test_exam_keeps_typed_fill_text_when_moving(bundled, isolated_data_dir, leave_by: str) -> None:
    app = make_app(bundled, isolated_data_dir, profile="丁")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        exam = await start_exam(pilot, app)
        index = await go_to_type(pilot, exam, "fill")
        question, _ = exam.paper.items[index]
        await type_text(pilot, "十五")
        await pilot.press(leave_by)
        await pilot.pause()
        assert exam.paper.responses.get(question.id) == "十五"
        await pilot.press("pageup" if leave_by == "pagedown" else "pagedown")
        await pilot.pause()
        assert exam.index == index
        assert app.screen.query_one("#fill", Input).value == "十五"


@pytest.mark.parametrize("submit_keys", [("tab", "j"), ("ctrl+s",)])
async def test_exam_keeps_typed_fill_text_when_submitting(bundled, isolated_data_dir, submit_keys) -> None:
    app = make_app(bundled, isolated_data_dir, profile="戊")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        exam = await start_exam(pilot, app)
        index = await go_to_type(pilot, exam, "fill")
        question, points = exam.paper.items[index]
        await type_text(pilot, question.answer[0])
        await pilot.press(*submit_keys)  # j types into the box: Tab out of it first
        await wait_for(pilot, lambda: isinstance(app.screen, SubmitSummaryDialog))
        assert "还有 46 题未答" in app.screen.question
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ExamResultScreen))
    attempt = saved(isolated_data_dir, "戊").exams[0]
    assert attempt.responses == {question.id: question.answer[0]}
    assert attempt.answers[question.id] and attempt.score == points


async def test_exam_keeps_typed_fill_text_on_time_out(bundled, isolated_data_dir) -> None:
    app = make_app(bundled, isolated_data_dir, profile="己")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        exam = await start_exam(pilot, app)
        index = await go_to_type(pilot, exam, "fill")
        question, _ = exam.paper.items[index]
        await type_text(pilot, "不知道")
        exam.seconds = exam.seconds - exam.remaining + 1  # time runs out a second from now
        await wait_for(pilot, lambda: isinstance(app.screen, ExamResultScreen))
        assert "你的答案：不知道" in screen_text(app)
    attempt = saved(isolated_data_dir, "己").exams[0]
    assert attempt.timed_out and attempt.responses == {question.id: "不知道"}


# 3. Quitting during an exam or a quiz asks first, says what is lost, and defaults to staying.


async def test_ctrl_q_during_exam_asks_and_defaults_to_staying(bundled, isolated_data_dir) -> None:
    app = make_app(bundled, isolated_data_dir, profile="庚")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        exam = await start_exam(pilot, app)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        text = screen_text(app)
        assert "退出" in text and "放弃本次考试" in text and "不记录成绩" in text
        await pilot.press("enter")  # the default button keeps the exam
        await pilot.pause()
        assert app.return_code is None and app.screen is exam
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert saved(isolated_data_dir, "庚").exams == []


async def test_quit_from_palette_during_module_quiz_asks(bundled, isolated_data_dir) -> None:
    app = make_app(bundled, isolated_data_dir, profile="辛")
    app.rng_seed = 2
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
        quiz = app.screen
        current = quiz.session.current
        await answer(pilot, current, quiz.session.orders[current.id])
        await run_palette(pilot, "退出")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        text = screen_text(app)
        assert f"已答1/{len(quiz.session.questions)}题" in text and "不计成绩" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.return_code is None and app.screen is quiz


async def test_quit_without_a_running_exam_or_quiz_does_not_ask(bundled, isolated_data_dir) -> None:
    app = make_app(bundled, isolated_data_dir, profile="壬")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None)


# 4. Confirm dialogs focus the safe button: Esc then Enter does not abandon anything.


async def test_escape_then_enter_keeps_the_exam(bundled, isolated_data_dir) -> None:
    app = make_app(bundled, isolated_data_dir, profile="癸")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        exam = await start_exam(pilot, app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert app.focused is app.screen.query_one("#no", Button)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is exam and not exam.submitted
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("escape")  # Esc in the dialog is 继续答题 too
        await pilot.pause()
        assert app.screen is exam


async def test_escape_then_enter_keeps_the_quiz(bundled, isolated_data_dir) -> None:
    questions = [q for q in bundled.questions.values() if q.type == "single"][:3]
    app = make_app(bundled, isolated_data_dir, profile="子")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        quiz = QuizScreen("练习", QuizSession(None, questions, random.Random(1)))
        await app.push_screen(quiz)
        await pilot.pause()
        await answer(pilot, questions[0], quiz.session.orders[questions[0].id])
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert app.screen is quiz


# 5. A key that moves past feedback never answers the next question.


async def test_double_enter_after_feedback_does_not_answer_the_next_question(bundled, isolated_data_dir) -> None:
    questions = [q for q in bundled.questions.values() if q.type == "single"][:3]
    app = make_app(bundled, isolated_data_dir, profile="丑")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        quiz = QuizScreen("练习", QuizSession(None, questions, random.Random(1)))
        await app.push_screen(quiz)
        await pilot.pause()
        await answer(pilot, questions[0], quiz.session.orders[questions[0].id])
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert quiz.session.current is questions[1]
        assert questions[1].id not in quiz.session.results
        assert "回答" not in screen_text(app)  # no feedback: the question waits for an answer
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
        assert questions[1].id not in quiz.session.results
    assert questions[1].id not in saved(isolated_data_dir, "丑").questions


async def test_enter_after_an_exam_answer_does_not_answer_the_next_question(bundled, isolated_data_dir) -> None:
    app = make_app(bundled, isolated_data_dir, profile="寅")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        exam = await start_exam(pilot, app)
        await pilot.press("a", "enter", "enter")
        await pilot.pause()
        first, second = exam.paper.items[0][0], exam.paper.items[1][0]
        assert first.id in exam.paper.responses
        assert second.id not in exam.paper.responses and exam.index == 1


async def test_arrows_then_enter_still_answer(bundled, isolated_data_dir) -> None:
    """Enter stays an answer key once the trainee has moved the highlight on purpose."""
    questions = [q for q in bundled.questions.values() if q.type == "single"][:2]
    app = make_app(bundled, isolated_data_dir, profile="卯")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        quiz = QuizScreen("练习", QuizSession(None, questions, random.Random(1)))
        await app.push_screen(quiz)
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert questions[0].id in quiz.session.results
        assert "回答" in screen_text(app)


# 6. In an exam a multiple-choice answer can be cleared back to 未答.


async def test_exam_multiple_choice_can_be_cleared(bundled, isolated_data_dir) -> None:
    app = make_app(bundled, isolated_data_dir, profile="辰")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        exam = await start_exam(pilot, app, seconds=600)
        index = await go_to_type(pilot, exam, "multiple")
        question, _ = exam.paper.items[index]
        await pilot.press("a", "b", "pagedown")
        await pilot.pause()
        assert len(exam.paper.responses[question.id]) == 2
        await pilot.press("pageup")
        await pilot.pause()
        assert exam.index == index and "[x]" in screen_text(app)
        await pilot.press("a", "b")
        await pilot.pause()
        assert "已答 0/" in screen_text(app)
        await pilot.press("pagedown", "pageup")
        await pilot.pause()
        assert question.id not in exam.paper.responses
        assert "[x]" not in screen_text(app)
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, SubmitSummaryDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ExamResultScreen))
    attempt = saved(isolated_data_dir, "辰").exams[0]
    assert question.id not in attempt.responses and not attempt.answers[question.id]
    assert question.id not in saved(isolated_data_dir, "辰").questions  # 未答 does not feed the notebook


# 13. Dialog text wraps whole at every size, and its wording fits the mode.


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_quiz_leave_dialog_text_is_shown_whole(bundled, isolated_data_dir, size) -> None:
    app = make_app(bundled, isolated_data_dir, profile="巳")
    app.rng_seed = 2
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
        quiz = app.screen
        current = quiz.session.current
        await answer(pilot, current, quiz.session.orders[current.id])
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        dialog = app.screen
        assert "不计成绩" in dialog.question and "错题本" in dialog.question
        assert shown_whole(app, dialog.question), dialog_lines(app)
        assert shown_whole(app, "继续答题")


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_exam_dialogs_text_is_shown_whole(bundled, isolated_data_dir, size) -> None:
    app = make_app(bundled, isolated_data_dir, profile="午")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await start_exam(pilot, app)
        for key in ("escape", "j", "ctrl+q"):
            await pilot.press(key)
            await wait_for(pilot, lambda: isinstance(app.screen, (ConfirmDialog, SubmitSummaryDialog)))
            assert shown_whole(app, app.screen.question), (key, dialog_lines(app))
            await pilot.press("escape")
            await pilot.pause()


async def test_practice_leave_dialog_does_not_talk_about_a_score(bundled, isolated_data_dir) -> None:
    question = next(q for q in bundled.questions.values() if q.type == "truefalse")
    app = make_app(bundled, isolated_data_dir, profile="未")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer_wrong_and_leave(pilot, app, question)
        await pilot.press("w", "t")  # 错题本 → practise all (two questions, one answered)
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
        quiz = app.screen
        current = quiz.session.current
        await answer(pilot, current, quiz.session.orders[current.id])
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        text = app.screen.question
        assert "成绩" not in text and "已答1/2题" in text
        assert shown_whole(app, text)


async def answer_wrong_and_leave(pilot, app, question) -> None:
    """Put `question` and one more into the notebook, then come back home."""
    other = next(q for q in app.course.questions.values() if q.type == "single")
    quiz = QuizScreen("练习", QuizSession(None, [question, other], random.Random(1)))
    await app.push_screen(quiz)
    await pilot.pause()
    for item in (question, other):
        await answer(pilot, item, quiz.session.orders[item.id], correct=False)
        await pilot.press("enter")
        await pilot.pause()
    await pilot.press("escape")
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
