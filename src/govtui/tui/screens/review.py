"""每日复习 like Anki: answer, see the explanation, rate Again/Hard/Good/Easy (1-4), misses come back.

The rules (limits, which ratings a wrong answer allows, when a card comes back) live in
core/review_session.py; this screen shows the card and turns keys into calls.
"""

from __future__ import annotations

import random

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from govtui.core import clock
from govtui.core.plan import format_hours
from govtui.core.quiz import answer_text, response_text
from govtui.core.review import RATINGS
from govtui.core.review_session import (
    RATING_NAMES,
    ReviewSession,
    TodayPlan,
    allowed_ratings,
    interval_text,
    limits_of,
    next_intervals,
    plan_today,
    start_session,
)
from govtui.core.sources import describe
from govtui.tui.leaving import leave_then
from govtui.tui.navigation import open_sources
from govtui.tui.next_step import (
    NEXT_STEP_BINDING,
    NEXT_STEP_KEY,
    module_quiz_ids,
    suggested_step,
    take_next_step,
)
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.next_step import next_step_text
from govtui.tui.widgets.question_view import QuestionView
from govtui.tui.widgets.title_bar import TitleBar

RATINGS_GROUP = Binding.Group("评分")
RATING_HINTS = {
    1: "答错（只能选这一项），或答对但是蒙的：10 分钟后再练",
    2: "答对但很吃力：间隔短一些",
    3: "答对（默认，回车即选）",
    4: "答对且很轻松：间隔长一些",
}


def start_review(app: App) -> None:
    """Open today's review, or say why there is nothing to do today."""
    profile = app.profile  # type: ignore[attr-defined]
    rng = random.Random(app.rng_seed)  # type: ignore[attr-defined]
    session, plan = start_session(profile, app.course.find_question, rng)  # type: ignore[attr-defined]
    if not session.queue:
        app.notify(empty_message(profile, plan), timeout=8)
        return
    screen = ReviewScreen(session, plan)
    leave_then(app, "开始每日复习", lambda: app.push_screen(screen))


def empty_message(profile, plan: TodayPlan) -> str:
    if plan.held_back:
        limits = limits_of(profile)
        return (
            f"今天的复习已达每日上限（新题 {limits.new} 道、复习 {limits.due} 道），其余 {plan.held_back} 题留待以后。"
            "要多做一些，可按 Ctrl+P 输入“复习设置”调整上限。"
        )
    return "今天没有到期的复习题。答过的题目按记忆规律安排在以后的日子复习；刚答错的题可在错题本（w）里练习。"


class ReviewScreen(Screen[None]):
    """每日复习：作答、看解析，再按 1-4 评分（重来/困难/良好/简单）；答错的题本次复习中会再出现."""

    BINDINGS = [
        Binding("escape", "leave", "返回"),
        Binding("enter", "rate_chosen", "确认评分", priority=True),
        *[Binding(str(r), f"rate({r})", RATING_NAMES[r], group=RATINGS_GROUP, tooltip=RATING_HINTS[r]) for r in RATINGS],
        Binding("o", "open_source", "出处", tooltip="打开本题引用的条文或报告段落"),
        Binding("l", "limits", "每日上限", tooltip="调整本学员每天的新题和复习题上限"),
        NEXT_STEP_BINDING,
    ]

    def __init__(self, session: ReviewSession, plan: TodayPlan) -> None:
        super().__init__()
        self.session = session
        self.plan = plan
        self.closed = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="quiz-progress")
        with VerticalScroll(id="quiz-body"):
            yield QuestionView(id="question")
            yield Static(id="feedback")
            yield Static(id="rating")
            yield Static(id="result")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "每日复习"
        self.show_card()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        answered = self.session.answered
        if action in ("rate_chosen", "open_source"):
            return answered  # hidden while Enter and o do nothing
        if action == "rate":
            # All four stay live after a wrong answer, so 2-4 can say why only 1 is allowed.
            return answered
        if action in ("limits", "next_step"):
            return self.session.finished
        return True

    def show_card(self) -> None:
        session = self.session
        question = session.current
        for name in ("#feedback", "#rating", "#result"):
            self.query_one(name, Static).display = False
        view = self.query_one(QuestionView)
        if question is None:
            view.display = False
            self.finish()
            return
        view.display = True
        kind = "重新学习" if session.relearning else ("新题" if question.id in session.new_ids else "复习")
        self.query_one("#quiz-progress", Static).update(
            Text(
                f"每日复习 · 已复习 {len(session.seen)} 题 · 剩余 {session.remaining} 题 · {kind}"
                f" · {question.type_name} · 知识点：{question.point}"
            )
        )
        view.show(question, session.orders[question.id])
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    @on(QuestionView.Answered)
    def answered_question(self, event: QuestionView.Answered) -> None:
        session = self.session
        question = session.current
        if question is None or event.question.id != question.id or session.answered:
            return
        correct = session.answer(event.response)
        order = session.orders.get(question.id)
        app = self.app
        feedback = Text()
        feedback.append("回答正确\n" if correct else "回答错误\n", style="good-bold" if correct else "bad-bold")
        if not correct:
            feedback.append(f"你的答案：{response_text(question, event.response, order)}\n")
        feedback.append(f"正确答案：{answer_text(question, order)}\n", style="bold")
        feedback.append(f"解析：{question.explanation}\n")
        sources = "；".join(describe(app.course, s) for s in question.sources)
        feedback.append(f"出处：{sources}（按 o 打开）", style="italic")
        widget = self.query_one("#feedback", Static)
        widget.update(feedback)
        widget.display = True
        self.show_rating()
        self.query_one(QuestionView).freeze()
        self.query_one("#quiz-body", VerticalScroll).focus()
        self.call_after_refresh(self.query_one("#rating", Static).scroll_visible)
        self.refresh_bindings()

    def show_rating(self) -> None:
        session = self.session
        question = session.current
        record = self.app.profile.questions.get(question.id) if question else None
        intervals = next_intervals(record.card if record else None)
        allowed = allowed_ratings(bool(session.correct))
        bar = Text("评分：")
        for rating in RATINGS:
            label = f" {rating} {RATING_NAMES[rating]} "
            if rating in allowed:
                label += f"{interval_text(intervals[rating])} "  # when it comes back, as Anki shows
            if rating == session.rating:
                bar.append(label, style="bold reverse")
            elif rating in allowed:
                bar.append(label)
            else:
                bar.append(label, style="muted")
            bar.append(" ")
        if session.correct:
            bar.append("\n回车 = 良好；觉得吃力按 2，很轻松按 4，蒙对的按 1", style="muted")
        else:
            bar.append("\n答错的题评为“重来”，本次复习中还会再出现。按回车继续", style="muted")
        widget = self.query_one("#rating", Static)
        widget.update(bar)
        widget.display = True

    def action_rate(self, rating: int) -> None:
        session = self.session
        if not session.answered:
            return
        if not session.choose(rating):
            self.notify("答错的题只能评为“重来”（1）", severity="warning", timeout=3)
            return
        self.commit()

    def action_rate_chosen(self) -> None:
        if self.session.answered:
            self.commit()

    def commit(self) -> None:
        """Record the rating through the Profile API and show the next card."""
        app = self.app
        comes_back = self.session.rate(app.profile, app.course.notebook_clear_after)
        app.save_profile()
        if comes_back:
            self.notify("这道题稍后会再出现", timeout=2)
        self.show_card()

    def action_open_source(self) -> None:
        question = self.session.current
        if question is not None and self.session.answered:
            open_sources(self.app, question.sources)

    def action_limits(self) -> None:
        from govtui.tui.screens.review_settings import open_review_settings

        open_review_settings(self.app, self.finish)

    def close_session(self) -> None:
        """Keep what was done: a card answered but not yet rated gets its preselected rating; time is saved."""
        if self.closed:
            return
        self.closed = True
        app = self.app
        if self.session.answered:
            self.session.rate(app.profile, app.course.notebook_clear_after)
        if self.session.seen:
            app.profile.add_review_time(self.session.elapsed_seconds())
        app.save_profile()

    def action_next_step(self) -> None:
        if self.session.finished:
            take_next_step(self.app)

    def action_leave(self) -> None:
        self.close_session()
        self.app.pop_screen()

    def on_unmount(self) -> None:
        # Quitting the app (q) while a card waits for its rating must not lose the answer.
        if not self.closed and self.app.profile is not None:
            self.close_session()

    def finish(self) -> None:
        self.close_session()
        summary = self.session.summary(self.app.profile)
        self.query_one("#quiz-progress", Static).update(Text("每日复习 · 本次结束"))
        result = Text("本次复习小结\n", style="bold")
        spent = format_hours(summary.seconds) if summary.seconds >= 60 else f"{summary.seconds}秒"
        result.append(f"复习 {summary.reviewed} 题（其中新题 {summary.new} 题） · 用时 {spent}\n")
        counts = " · ".join(f"{RATING_NAMES[r]} {summary.ratings[r]}" for r in RATINGS)
        result.append(f"评分：{counts}")
        if self.session.requeued:
            result.append(f"（答错的题又出现了 {self.session.requeued} 次）")
        result.append("\n")
        if self.session.missed:
            result.append(f"答错的 {len(self.session.missed)} 题已收入错题本（首页按 w）。\n", style="warn")
        tomorrow = summary.tomorrow
        result.append(
            f"明天（{tomorrow.month}月{tomorrow.day}日 {clock.weekday_name(tomorrow)}）到期 {summary.due_tomorrow} 题",
            style="bold",
        )
        if summary.planned_tomorrow < summary.due_tomorrow:
            result.append(f"，按每日上限做 {summary.planned_tomorrow} 题", style="bold")
        result.append("\n")
        limits = limits_of(self.app.profile)
        left = plan_today(self.app.profile)  # after a change of the limits (l), there may be more
        if left.ids:
            result.append(f"今天还可复习 {len(left.ids)} 题（返回首页按 v）。\n")
        if left.held_back:
            result.append(f"今天另有 {left.held_back} 题超出每日上限，留待以后。\n")
        result.append(f"每日上限：新题 {limits.new} 道、复习 {limits.due} 道（按 l 调整）\n", style="muted")
        result.append_text(next_step_text(suggested_step(self.app, module_quiz_ids(self.app.course)), NEXT_STEP_KEY))
        result.append("\n\nEsc 返回", style="muted")
        widget = self.query_one("#result", Static)
        widget.update(result)
        widget.display = True
        self.query_one("#quiz-body", VerticalScroll).focus()
        self.refresh_bindings()
