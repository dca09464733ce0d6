"""Mock exam (模拟考试): choose a blueprint, answer against a countdown, then review every answer."""

from __future__ import annotations

import random
import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from govtui.core import clock
from govtui.core.exam import ExamBlueprint, ExamPaper, compose_paper
from govtui.core.progress import ExamAttempt, now_iso
from govtui.core.questions import BLANK
from govtui.core.quiz import answer_text, display_order, response_text
from govtui.core.sources import describe
from govtui.tui.leaving import RunningWork, leave_then
from govtui.tui.next_step import (
    NEXT_STEP_BINDING,
    NEXT_STEP_KEY,
    module_quiz_ids,
    suggested_step,
    take_next_step,
)
from govtui.tui.widgets.next_step import NextStepLine
from govtui.tui.widgets.question_view import QuestionView


def format_clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class ExamListScreen(Screen[None]):
    """模拟考试：方案与历次成绩."""

    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("模拟考试（回车开始；试卷按方案随机抽题，不重复）"), classes="screen-title")
        yield OptionList(id="blueprints")
        yield Static(id="exam-history")
        yield Footer()

    def on_mount(self) -> None:
        self.app.report_new_problems()
        blueprints = self.query_one("#blueprints", OptionList)
        for blueprint in self.app.course.blueprints:
            label = Text(blueprint.title, style="bold")
            label.append(
                f"\n    {blueprint.question_count} 题 · 100 分 · {blueprint.minutes} 分钟 · {blueprint.pass_score} 分及格",
                style="not bold",
            )
            blueprints.add_option(Option(label, id=blueprint.id))
        if blueprints.option_count:
            blueprints.highlighted = 0
        else:
            blueprints.add_option(
                Option(Text.assemble(("没有可用的考试方案（content/exams.toml 缺失或有误，运行 govtui check 查看）", "warn")), disabled=True)
            )
        blueprints.focus()

    def on_screen_resume(self) -> None:
        titles = {b.id: b.title for b in self.app.course.blueprints}
        history = Text()
        history.append("历次成绩：\n", style="bold")
        exams = self.app.profile.exams
        if not exams:
            history.append("尚无记录\n", style="muted")
        for attempt in reversed(exams[-10:]):
            outcome = "及格" if attempt.passed else "不及格"
            timed = "（超时自动交卷）" if attempt.timed_out else ""
            history.append(
                f"{clock.local_minute_text(attempt.at)}  {titles.get(attempt.blueprint_id, attempt.blueprint_id)}"
                f"  {attempt.score} 分 {outcome}，用时 {format_clock(attempt.seconds)}{timed}\n",
                style="not bold",
            )
        self.query_one("#exam-history", Static).update(history)

    @on(OptionList.OptionSelected, "#blueprints")
    def start(self, event: OptionList.OptionSelected) -> None:
        blueprint = next(b for b in self.app.course.blueprints if b.id == event.option_id)
        app = self.app
        # One exam at a time: a running one is given up (after asking) before a new one starts.
        leave_then(app, "开始新的考试", lambda: app.push_screen(ExamScreen(blueprint, blueprint.minutes * 60)))


class ExamScreen(RunningWork, Screen[None]):
    """考试进行中：倒计时，答案可改，交卷或到时自动交卷.

    The answer to a question is whatever the screen shows for it: ticks, typed text and picks
    count when the trainee moves on, submits or runs out of time, and clearing them leaves it 未答.
    """

    closed_book = True
    leave_label = "放弃考试"

    BINDINGS = [
        Binding("escape", "leave", "放弃"),
        # q must not end an exam silently: it asks, like Esc.
        Binding("q", "leave", "放弃", show=False),
        # Page keys work even inside a fill-in box, where arrows move the cursor.
        Binding("pagedown", "step(1)", "下一题", key_display="PgDn", priority=True),
        Binding("pageup", "step(-1)", "上一题", key_display="PgUp", priority=True),
        Binding("right", "step(1)", "下一题", show=False),
        Binding("left", "step(-1)", "上一题", show=False),
        # j for 交卷: the letters a-f answer questions; Ctrl+S works inside a fill-in box too.
        Binding("j", "finish", "交卷"),
        Binding("ctrl+s", "finish", "交卷", show=False, priority=True),
    ]

    def __init__(self, blueprint: ExamBlueprint, seconds: float) -> None:
        super().__init__()
        rng = random.Random(self.app.rng_seed)
        questions = list(self.app.course.questions.values())
        track_of = {m.id: m.track for m in self.app.course.modules.values()}
        items = compose_paper(blueprint, questions, track_of, rng)
        orders = {q.id: display_order(q, rng) for q, _ in items}
        self.paper = ExamPaper(blueprint, items, orders)
        self.seconds = seconds
        self.index = 0
        self.started = time.monotonic()
        self.submitted = False
        self.told_last = False
        self.timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="exam-status")
        with VerticalScroll(id="quiz-body"):
            yield QuestionView(id="question")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.paper.blueprint.title
        self.show_question()
        self.timer = self.set_interval(1, self.tick)

    def on_unmount(self) -> None:
        self.stop_clock()

    def stop_clock(self) -> None:
        # A dismissed exam must never submit itself later over whatever the trainee does next.
        if self.timer is not None:
            self.timer.stop()

    @property
    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def tick(self) -> None:
        if self.submitted:
            return
        if self.remaining <= 0:
            self.submit(timed_out=True)
        else:
            self.update_status()

    def update_status(self) -> None:
        question, points = self.paper.items[self.index]
        answered = self.answered_count
        total = len(self.paper.items)
        status = Text(
            f"第 {self.index + 1}/{total} 题 · {question.type_name} {points} 分 · 已答 {answered}/{total} · 剩余 "
        )
        status.append(format_clock(self.remaining), style="bad-bold" if self.remaining < 60 else "bold")
        self.query_one("#exam-status", Static).update(status)

    def show_question(self) -> None:
        question, _ = self.paper.items[self.index]
        view = self.query_one(QuestionView)
        view.show(question, self.paper.orders[question.id], self.paper.responses.get(question.id), keep_choice=True)
        self.update_status()

    @property
    def answered_count(self) -> int:
        return len(self.paper.responses)

    @on(QuestionView.Answered)
    def answered(self, event: QuestionView.Answered) -> None:
        if self.submitted:
            return
        self.paper.responses[event.question.id] = event.response
        if event.question is not self.paper.items[self.index][0]:
            return  # a late answer to a question already paged away from: keep it, do not move
        if self.index < len(self.paper.items) - 1:
            self.index += 1
            self.show_question()
        else:
            self.update_status()
            if not self.told_last:
                self.told_last = True
                self.notify("已是最后一题。按 j 交卷，或用 PgUp 返回检查。", timeout=4)

    @on(QuestionView.Changed)
    def shown_answer_changed(self) -> None:
        if not self.submitted:
            self.keep_shown_answer(warn=False)
            self.update_status()

    def keep_shown_answer(self, warn: bool = True) -> None:
        """Make the shown question's answer what the screen shows (typed text, ticks, picks)."""
        view = self.query_one(QuestionView)
        question = view.question
        if question is None:
            return
        response = view.shown_response()
        if response is not None:
            self.paper.responses[question.id] = response
        elif question.type == "order" and view.picked:
            # Half an order is no answer; an earlier complete one stands.
            if warn:
                kept = question.id in self.paper.responses
                self.notify("排序题未排完，" + ("保留原来的顺序" if kept else "本题未作答"), severity="warning", timeout=3)
        else:
            # Everything unticked, the text deleted: the trainee cleared the answer (未答).
            self.paper.responses.pop(question.id, None)

    def action_step(self, delta: int) -> None:
        target = self.index + delta
        if 0 <= target < len(self.paper.items):
            self.keep_shown_answer()
            self.index = target
            self.show_question()

    def action_finish(self) -> None:
        from govtui.tui.screens.confirm import ConfirmDialog

        self.keep_shown_answer()
        unanswered = len(self.paper.items) - len(self.paper.responses)
        question = f"还有 {unanswered} 题未答。确定交卷吗？" if unanswered else "确定交卷吗？"

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.submit(timed_out=False)

        self.app.push_screen(ConfirmDialog(question, "交卷", "继续答题"), confirmed)

    def leave_question(self, doing: str) -> str | None:
        if self.submitted:
            return None
        total = len(self.paper.items)
        return (
            f"正在考试：已答{self.answered_count}/{total}题，剩余{format_clock(self.remaining)}。"
            f"{doing or '现在离开'}将放弃本次考试，不记录成绩，答过的题也不计入错题本和复习。"
        )

    def abandon(self) -> None:
        self.submitted = True
        self.stop_clock()

    def action_leave(self) -> None:
        leave_then(self.app, "", lambda: None)

    def submit(self, timed_out: bool) -> None:
        if self.submitted:
            return
        app = self.app
        if self not in app.screen_stack:
            return
        self.submitted = True
        self.stop_clock()
        # Time can run out while a dialog (交卷? 放弃?) is open: close it before leaving.
        while app.screen is not self and len(app.screen_stack) > 1:
            app.pop_screen()
        self.keep_shown_answer()
        paper = self.paper
        results = paper.results()
        attempt = ExamAttempt(
            blueprint_id=paper.blueprint.id,
            at=now_iso(),
            score=paper.score(),
            pass_score=paper.blueprint.pass_score,
            seconds=int(min(self.seconds, time.monotonic() - self.started)),
            timed_out=timed_out,
            answers=results,
            responses={
                q.id: response_text(q, paper.responses[q.id], paper.orders[q.id])
                for q, _ in paper.items
                if q.id in paper.responses
            },
        )
        app.profile.exams.append(attempt)
        for question, _ in paper.items:
            # Unanswered questions are not guessed at: only answers given feed the notebook and review.
            if question.id in paper.responses:
                app.profile.record_answer(question.id, results[question.id], app.course.notebook_clear_after)
        app.save_profile()
        app.switch_screen(ExamResultScreen(paper, attempt))


class ExamResultScreen(Screen[None]):
    """成绩与逐题回顾."""

    BINDINGS = [Binding("escape", "app.pop_screen", "返回"), NEXT_STEP_BINDING]

    def __init__(self, paper: ExamPaper, attempt: ExamAttempt) -> None:
        super().__init__()
        self.paper = paper
        self.attempt = attempt

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="exam-review"):
            yield Static(self.summary(), id="exam-score")
            yield NextStepLine(id="next-step")
            yield Static(self.review(), id="exam-answers")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#exam-review").focus()
        step = suggested_step(self.app, module_quiz_ids(self.app.course))
        self.query_one("#next-step", NextStepLine).show(step, NEXT_STEP_KEY)

    def action_next_step(self) -> None:
        take_next_step(self.app)

    def summary(self) -> Text:
        attempt, paper = self.attempt, self.paper
        text = Text(f"{paper.blueprint.title}\n", style="bold")
        text.append(f"得分：{attempt.score} 分（满分 100，{attempt.pass_score} 分及格） ", style="bold")
        text.append("及格\n" if attempt.passed else "不及格\n", style="good-bold" if attempt.passed else "bad-bold")
        right = sum(attempt.answers.values())
        text.append(f"答对 {right}/{len(paper.items)} 题 · 用时 {format_clock(attempt.seconds)}")
        if attempt.timed_out:
            text.append(" · 时间到，已自动交卷", style="warn")
        text.append("\n")
        return text

    def review(self) -> Text:
        course = self.app.course
        text = Text()
        results = self.paper.results()
        for number, (question, points) in enumerate(self.paper.items, start=1):
            correct = results[question.id]
            text.append(f"\n{number}．", style="bold")
            if question.id not in self.paper.responses:
                text.append("未答", style="warn-bold")
            else:
                text.append("正确" if correct else "错误", style="good-bold" if correct else "bad-bold")
            text.append(f"（{question.type_name}，{points}分）{question.stem.replace(BLANK, '____')}\n")
            order = self.paper.orders[question.id]
            if question.id in self.paper.responses:
                text.append(f"   你的答案：{response_text(question, self.paper.responses[question.id], order)}\n")
            else:
                text.append("   你的答案：未作答\n", style="warn")
            text.append(f"   正确答案：{answer_text(question, order)}\n", style="bold")
            text.append(f"   解析：{question.explanation}\n")
            text.append("   出处：" + "；".join(describe(course, s) for s in question.sources) + "\n", style="italic")
        return text
