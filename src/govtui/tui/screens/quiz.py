"""Practice with immediate feedback: module quizzes and the wrong-answer notebook (每日复习 is screens/review.py)."""

from __future__ import annotations

import random

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from govtui.core.model import Module, Question
from govtui.core.questions import BLANK
from govtui.core.quiz import QuizSession, answer_text, response_text
from govtui.core.sources import describe
from govtui.tui.leaving import RunningWork, leave_then
from govtui.tui.navigation import open_sources
from govtui.tui.next_step import NEXT_STEP_BINDING, NEXT_STEP_KEY, module_quiz_ids, suggested_step
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.question_view import QuestionView
from govtui.tui.widgets.steady import OneFrameScreen, SteadyScroll, SteadyStatic, focus_now
from govtui.tui.widgets.title_bar import TitleBar


def start_module_quiz(app: App, module: Module) -> None:
    questions = app.course.module_questions(module.id)  # type: ignore[attr-defined]
    if not questions:
        app.notify("本模块暂无测验题", severity="warning")
        return
    rng = random.Random(app.rng_seed)  # type: ignore[attr-defined]
    session = module_session(app, module, questions, rng)
    # One quiz at a time: a quiz in progress is ended (after asking) before another starts.
    leave_then(app, f"开始“{module.title}”测验", lambda: push_quiz(app, module.title, session, module))


QUIZ_SCREEN = "govtui-quiz"
"""The name the reused quiz screen is installed under."""


def push_quiz(app: App, title: str, session: QuizSession, module: Module | None = None) -> QuizScreen:
    """Show a quiz on the app's one quiz screen, built once and reused (`GovtuiApp.push_kept`).

    Composing and mounting the screen cost more than everything else about starting a quiz. A
    second quiz while that screen is still on the stack (started over a finished one) gets a
    screen of its own.
    """
    return app.push_kept(  # type: ignore[attr-defined]
        QUIZ_SCREEN,
        lambda: QuizScreen(title, session, module),
        reuse=lambda screen: screen.start(title, session, module),
    )


def prepare_quiz_screen(app: App) -> None:
    """Compose and mount the kept quiz screen, with no quiz yet, while home sits idle.

    Composing and mounting it was about 30 ms of the key that starts the first quiz
    (`python benchmarks/frames.py quiz --fresh`, and cProfile). `push_quiz` then only starts a quiz on it.
    """
    app.prepare_kept(QUIZ_SCREEN, lambda: QuizScreen("", QuizSession(None, [])))  # type: ignore[attr-defined]


def module_session(app: App, module: Module, questions: list[Question], rng: random.Random) -> QuizSession:
    """A module quiz: all questions of a small bank, or a random draw of `questions_per_module`."""
    limit = app.course.questions_per_module  # type: ignore[attr-defined]
    if len(questions) > limit:
        chosen = set(q.id for q in rng.sample(questions, limit))
        questions = [q for q in questions if q.id in chosen]  # keep the bank's teaching order
    return QuizSession(module.id, questions, rng)


def start_practice(app: App, title: str, questions: list[Question], empty_message: str) -> None:
    """A practice run without a pass mark (notebook, review, self-check follow-up)."""
    if not questions:
        app.notify(empty_message)
        return
    rng = random.Random(app.rng_seed)  # type: ignore[attr-defined]
    session = QuizSession(None, questions, rng)
    leave_then(app, f"开始“{title}”", lambda: push_quiz(app, title, session))


class QuizScreen(RunningWork, OneFrameScreen, Screen[None]):
    """测验与练习：答一题，立即看到对错、解析和出处."""

    AUTO_FOCUS = "#choices"
    """The question's choices take the focus at once (the default, the scrolling body, had to be
    restyled twice more: focused on mount, then blurred when the question took the focus)."""

    BINDINGS = [
        Binding("escape", "leave", "返回"),
        Binding("enter", "next", "下一题", priority=True),
        Binding("o", "open_source", "出处", tooltip="打开本题引用的条文或报告段落"),
        Binding("t", "retry", "再测一次"),
        NEXT_STEP_BINDING,
    ]

    def __init__(self, title: str, session: QuizSession, module: Module | None = None) -> None:
        super().__init__()
        self.quiz_title = title
        self.session = session
        self.module = module

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SteadyStatic(id="quiz-progress")
        with SteadyScroll(id="quiz-body"):
            yield QuestionView(id="question")
            yield SteadyStatic(id="feedback")
            yield SteadyStatic(id="result")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.session.questions:  # none: prepared ahead of its first quiz (prepare_quiz_screen)
            self.show_question()

    def start(self, title: str, session: QuizSession, module: Module | None = None) -> None:
        """Begin another quiz on this (reused) screen."""
        self.quiz_title, self.session, self.module = title, session, module
        self.show_question()

    @property
    def answered(self) -> bool:
        question = self.session.current
        return question is not None and question.id in self.session.results

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return self.session.finished and self.module is not None
        if action == "next_step":
            return self.session.finished
        if action == "next":
            return self.answered  # hidden, not dimmed, while Enter does nothing
        if action == "open_source":
            return self.answered
        return True

    @property
    def leave_label(self) -> str:  # type: ignore[override]
        return "结束测验" if self.module is not None else "结束练习"

    def leave_question(self, doing: str) -> str | None:
        session = self.session
        if session.finished or not session.results:
            return None  # nothing answered, or already scored: nothing to lose
        answered, total = len(session.results), len(session.questions)
        doing = doing or "现在返回"
        if self.module is not None:
            return (
                f"测验已答{answered}/{total}题。{doing}将结束本次测验，不计成绩"
                "（已答的题目已记入复习，答错的已收入错题本）。"
            )
        # Review and notebook practice have no score: every answer was saved when given.
        # (No spaces around the numbers: a dialog wraps at spaces, which splits CJK lines badly.)
        return (
            f"{self.quiz_title}已答{answered}/{total}题，答题结果都已保存。"
            f"{doing}将结束本次练习，其余{total - answered}题留待下次。"
        )

    def action_leave(self) -> None:
        if self.leave_question("") is None:
            self.app.pop_screen()
            return
        leave_then(self.app, "", lambda: None)

    def show_question(self) -> None:
        question = self.session.current
        self.relayout()  # laid out at the next frame (see answered_question)
        self.query_one("#feedback", Static).display = False
        self.query_one("#result", Static).display = False
        view = self.query_one(QuestionView)
        if question is None:
            view.display = False
            self.show_result()
            return
        view.display = True
        total = len(self.session.questions)
        self.query_one("#quiz-progress", Static).update(
            Text(
                f"{self.quiz_title} · 第 {self.session.index + 1}/{total} 题 · {question.type_name}"
                f" · 知识点：{question.point}"
            )
        )
        view.show(question, self.session.orders[question.id])
        self.query_one("#quiz-body", SteadyScroll).scroll_home(animate=False, immediate=True)
        self.refresh_bindings()

    @on(QuestionView.Answered)
    def answered_question(self, event: QuestionView.Answered) -> None:
        question = self.session.current
        if question is None or event.question.id != question.id or self.answered:
            return
        correct = self.session.answer(event.response)
        app = self.app
        app.profile.record_answer(question.id, correct, app.course.notebook_clear_after)
        app.save_profile()
        order = self.session.orders.get(question.id)
        feedback = Text()
        feedback.append("回答正确\n" if correct else "回答错误\n", style="good-bold" if correct else "bad-bold")
        if not correct:
            feedback.append(f"你的答案：{response_text(question, event.response, order)}\n")
        feedback.append(f"正确答案：{answer_text(question, order)}\n", style="bold")
        feedback.append(f"解析：{question.explanation}\n")
        sources = "；".join(describe(app.course, s) for s in question.sources)
        feedback.append(f"出处：{sources}（按 o 打开）\n", style="italic")
        feedback.append("按回车继续", style="muted")
        widget = self.query_one("#feedback", Static)
        # The whole screen is laid out at the next frame. Otherwise that frame only repainted (for
        # the focus move below), and the feedback waited for the frame after (benchmarks/paints.py).
        self.relayout()
        widget.update(feedback)
        widget.display = True
        body = self.query_one("#quiz-body", SteadyScroll)
        view = self.query_one(QuestionView)
        if question.type == "fill":
            # Focus first: disabling the focused answer box (freeze) would move the focus once more.
            focus_now(body)
        view.freeze()
        # Scrolled to in the layout that places the feedback (an animated scroll repainted for a
        # quarter of a second; one after that layout cost a layout and a repaint more).
        body.reveal(widget)
        self.refresh_bindings()

    def action_next(self) -> None:
        if not self.answered:
            return
        self.session.advance()
        self.show_question()

    def action_open_source(self) -> None:
        question = self.session.current
        if question is None or not self.answered:
            return
        open_sources(self.app, question.sources)

    def show_result(self) -> None:
        session = self.session
        total = len(session.questions)
        result = Text()
        if self.module is not None:
            attempt = session.attempt()
            pass_mark = self.app.course.pass_mark
            self.app.profile.record_attempt(attempt, pass_mark)
            self.app.save_profile()
            result.append(f"得分：{attempt.score} 分（答对 {attempt.correct}/{attempt.total} 题）\n", style="bold")
            result.append(f"及格线：{pass_mark} 分 · ")
            if attempt.score >= pass_mark:
                result.append("通过，本模块已完成\n", style="good-bold")
            else:
                result.append("未通过，复习后再测一次\n", style="bad-bold")
        else:
            result.append(f"练习结束：答对 {session.correct}/{total} 题\n", style="bold")
        # Said right under the score, before a possibly long list of wrong answers.
        result.append_text(self.next_step_text())
        result.append("\n")
        self.query_one("#quiz-progress", Static).update(Text(f"{self.quiz_title} · 结束"))
        wrong = [q for q in session.questions if not session.results.get(q.id)]
        if wrong:
            result.append("\n答错的题目（已收入错题本）：\n")
            for question in wrong:
                order = session.orders[question.id]
                result.append(f"- {question.stem.replace(BLANK, '____')}\n  正确答案：{answer_text(question, order)}\n")
        result.append("\n按 t 再测一次，Esc 返回" if self.module else "\nEsc 返回", style="muted")
        widget = self.query_one("#result", Static)
        widget.update(result)
        widget.display = True
        body = self.query_one("#quiz-body", SteadyScroll)
        focus_now(body)
        # The last question's feedback left the view scrolled down: start at the score.
        body.scroll_home(animate=False, immediate=True)
        self.refresh_bindings()

    def next_step_text(self) -> Text:
        from govtui.tui.widgets.next_step import next_step_text

        return next_step_text(suggested_step(self.app, module_quiz_ids(self.app.course)), NEXT_STEP_KEY)

    def action_next_step(self) -> None:
        if self.session.finished:
            from govtui.tui.next_step import take_next_step

            take_next_step(self.app)

    def action_retry(self) -> None:
        if not self.session.finished or self.module is None:
            return
        all_questions = self.app.course.module_questions(self.module.id)
        self.session = module_session(self.app, self.module, all_questions, self.session.rng)
        self.show_question()
