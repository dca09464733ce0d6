"""Mock exam (模拟考试): choose a blueprint, answer against a countdown with a 答题卡 (navigator) and
flags, check the summary before 交卷, then review; past attempts reopen from 历次成绩."""

from __future__ import annotations

import random

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from govtui.core import clock
from govtui.core.exam import ExamBlueprint, ExamPaper, compose_paper, points_text
from govtui.core.progress import now_iso
from govtui.core.quiz import display_order
from govtui.tui.leaving import RunningWork, leave_then
from govtui.tui.screens.exam_result import ExamResultScreen, format_clock
from govtui.tui.screens.exam_summary import SUBMIT, SubmitSummaryDialog
from govtui.tui.widgets.answer_sheet import AnswerSheet
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.option_list import SteadyOptionList
from govtui.tui.widgets.question_view import QuestionView
from govtui.tui.widgets.steady import OneFrameScreen, SteadyScroll, SteadyStatic
from govtui.tui.widgets.title_bar import TitleBar

__all__ = ["ExamListScreen", "ExamResultScreen", "ExamScreen", "format_clock"]

TIME_WARNINGS: tuple[tuple[int, str, str], ...] = (
    (300, "还剩 5 分钟", "warning"),
    (60, "还剩 1 分钟，时间到将自动交卷", "error"),
)
"""(seconds left, toast, severity): said once each, like Moodle's countdown turning red."""


class ExamListScreen(Screen[None]):
    """模拟考试：方案与历次成绩（回车打开一次考试回顾）."""

    ready_exam: ExamScreen | None = None
    """An exam screen composed and mounted ahead (not shown, clock not running)."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("h", "history", "历次成绩", tooltip="到历次成绩列表，回车打开一次考试的回顾"),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text("模拟考试（回车开始；试卷按方案随机抽题，不重复）"), classes="screen-title")
        yield SteadyOptionList(id="blueprints")
        yield Static(Text("历次成绩（h 或 Tab 移到这里，回车打开回顾）："), id="exam-history-title")
        yield SteadyOptionList(id="exam-history")
        yield KeyBar()

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
        # After the list's own paint: Enter pressed at once must find the exam screen ready.
        self.call_after_refresh(self.prepare_exam_screen)
        titles = {b.id: b.title for b in self.app.course.blueprints}
        history = self.query_one("#exam-history", OptionList)
        history.clear_options()
        exams = self.app.profile.exams
        if not exams:
            history.add_option(Option(Text("尚无记录"), disabled=True))
        for number in reversed(range(len(exams))):
            attempt = exams[number]
            outcome = "及格" if attempt.passed else "不及格"
            timed = "（超时自动交卷）" if attempt.timed_out else ""
            exact = attempt.points_scored if attempt.points_scored is not None else attempt.score
            history.add_option(Option(Text(
                f"{clock.local_minute_text(attempt.at)}  {titles.get(attempt.blueprint_id, attempt.blueprint_id)}"
                f"  {points_text(exact)} 分 {outcome}，用时 {format_clock(attempt.seconds)}{timed}"
            ), id=str(number)))

    def action_history(self) -> None:
        history = self.query_one("#exam-history", OptionList)
        history.focus()
        if history.highlighted is None and self.app.profile.exams:
            history.highlighted = 0

    @on(OptionList.OptionSelected, "#blueprints")
    def start(self, event: OptionList.OptionSelected) -> None:
        blueprint = next(b for b in self.app.course.blueprints if b.id == event.option_id)
        app = self.app
        # One exam at a time: a running one is given up (after asking) before a new one starts.
        leave_then(app, "开始新的考试", lambda: app.push_screen(self.take_exam_screen(blueprint)))

    def prepare_exam_screen(self) -> None:
        """Build, compose and mount the exam of the highlighted blueprint while this list sits idle.

        Starting an exam spent about 35 ms of its key on composing and mounting the exam screen
        (`python benchmarks/frames.py exam`, and cProfile). The screen is not shown and its clock does not run
        until it is pushed (`ExamScreen.on_screen_resume`); the paper is the one a build at the key
        would draw (the same seed).
        """
        if not self.is_current or self.ready_exam is not None or not self.is_attached:
            return
        blueprints = self.query_one_optional("#blueprints", OptionList)
        if blueprints is None or blueprints.highlighted is None:
            return
        option = blueprints.get_option_at_index(blueprints.highlighted)
        blueprint = next((b for b in self.app.course.blueprints if b.id == option.id), None)
        if blueprint is None:
            return
        screen = ExamScreen(blueprint, blueprint.minutes * 60)
        self.ready_exam = screen
        self.app._get_screen(screen)  # registers and mounts it, as push_screen would first

    def take_exam_screen(self, blueprint: ExamBlueprint) -> ExamScreen:
        """The prepared exam screen if it is of `blueprint`, else a new one."""
        ready, self.ready_exam = self.ready_exam, None
        if ready is not None and ready.paper.blueprint is blueprint and ready.is_running:
            return ready
        self.drop_ready_exam(ready)
        return ExamScreen(blueprint, blueprint.minutes * 60)

    def drop_ready_exam(self, screen: ExamScreen | None) -> None:
        if screen is not None and screen.is_attached:
            screen.remove()

    def on_unmount(self) -> None:
        self.drop_ready_exam(self.ready_exam)
        self.ready_exam = None

    @on(OptionList.OptionSelected, "#exam-history")
    def reopen(self, event: OptionList.OptionSelected) -> None:
        attempt = self.app.profile.exams[int(event.option_id or 0)]
        app = self.app
        # A review shows answers: over a running (closed-book) exam it asks to give that up first.
        leave_then(app, "查看考试回顾", lambda: app.push_screen(ExamResultScreen(attempt, reopened=True)))


class ExamScreen(RunningWork, OneFrameScreen, Screen[None]):
    """考试进行中：倒计时，答题卡，标记，答案可改，交卷前检查，或到时自动交卷.

    The answer to a question is whatever the screen shows for it: ticks, typed text and picks
    count when the trainee moves on, submits or runs out of time, and clearing them leaves it 未答.
    Time is read from `core.clock`, so tests move it instead of waiting.
    """

    # Prepared while the exam list is shown; rendered too, not only laid out: the first paint of
    # the question and the answer sheet was most of what was left of the key (`frames.py exam`).
    RENDER_AHEAD = True

    closed_book = True
    leave_label = "放弃考试"

    AUTO_FOCUS = "#choices"
    """The question's choices take the focus at once (the default, the scrolling body, had to be
    restyled twice more: focused on mount, then blurred when the question took the focus)."""

    BINDINGS = [
        Binding("escape", "leave", "放弃"),
        # q must not end an exam silently: it asks, like Esc.
        Binding("q", "leave", "放弃", show=False),
        # Page keys work even inside a fill-in box, where arrows move the cursor.
        Binding("pagedown", "step(1)", "下一题", key_display="PgDn", priority=True),
        Binding("pageup", "step(-1)", "上一题", key_display="PgUp", priority=True),
        Binding("right", "step(1)", "下一题", show=False),
        Binding("left", "step(-1)", "上一题", show=False),
        # m, not f: the letters a-f answer questions (some have six options). The Ctrl keys also
        # work inside a fill-in box, where letters are typed.
        Binding("m", "flag", "标记", tooltip="标记本题（再按取消），交卷前会列出"),
        Binding("ctrl+f", "flag", "标记", show=False, priority=True),
        # Not in the footer (at 80 columns it pushed out "? 帮助"): the sheet's own legend says it.
        Binding("g", "sheet", "答题卡", show=False, tooltip="在答题卡上选题，回车跳转"),
        Binding("ctrl+g", "sheet", "答题卡", show=False, priority=True),
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
        self.started = clock.utc_now()
        self.submitted = False
        self.told_last = False
        self.warned: set[int] = set()
        self.timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SteadyStatic(id="exam-status")
        with SteadyScroll(id="quiz-body"):
            yield QuestionView(id="question")
        yield AnswerSheet(id="answer-sheet")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.paper.blueprint.title
        self.show_question()

    def on_screen_resume(self) -> None:
        # The clock starts when the exam is shown: the screen may be mounted ahead of that.
        if self.timer is None and not self.submitted:
            self.started = clock.utc_now()
            self.timer = self.set_interval(1, self.tick)
            self.update_status()

    def on_unmount(self) -> None:
        self.stop_clock()

    def stop_clock(self) -> None:
        # A dismissed exam must never submit itself later over whatever the trainee does next.
        if self.timer is not None:
            self.timer.stop()

    @property
    def elapsed(self) -> float:
        return (clock.utc_now() - self.started).total_seconds()

    @property
    def remaining(self) -> float:
        return self.seconds - self.elapsed

    def tick(self) -> None:
        if self.submitted:
            return
        remaining = self.remaining
        if remaining <= 0:
            self.submit(timed_out=True)
            return
        self.warn_of_time(remaining)
        self.update_status()

    def warn_of_time(self, remaining: float) -> None:
        """Toast once per threshold crossed; after a pause (a suspended laptop) only the latest."""
        crossed = [w for w in TIME_WARNINGS if remaining <= w[0] < self.seconds and w[0] not in self.warned]
        if crossed:
            self.warned.update(w[0] for w in crossed)
            _, message, severity = crossed[-1]
            self.notify(message, title="考试时间", severity=severity, timeout=8)  # type: ignore[arg-type]

    def update_status(self) -> None:
        question, points = self.paper.items[self.index]
        answered = self.answered_count
        total = len(self.paper.items)
        remaining = self.remaining
        status = Text(f"第 {self.index + 1}/{total} 题 · {question.type_name} {points} 分 · ")
        if question.id in self.paper.flags:
            status.append("已标记", style="warn-bold")
            status.append(" · ")
        status.append(f"已答 {answered}/{total} · 剩余 ")
        if remaining <= 60:
            status.append(format_clock(remaining), style="bad-bold")
            status.append("（不足 1 分钟）", style="bad-bold")
        elif remaining <= 300:
            status.append(format_clock(remaining), style="warn-bold")
            status.append("（不足 5 分钟）", style="warn-bold")
        else:
            status.append(format_clock(remaining), style="bold")
        widget = self.query_one("#exam-status", Static)
        widget.set_class(60 < remaining <= 300, "-hurry")
        widget.set_class(remaining <= 60, "-last-minute")
        widget.update(status)

    def update_sheet(self) -> None:
        paper = self.paper
        self.query_one(AnswerSheet).show_state(
            [q.id in paper.responses for q, _ in paper.items],
            [q.id in paper.flags for q, _ in paper.items],
            self.index,
        )

    def show_question(self) -> None:
        question, _ = self.paper.items[self.index]
        view = self.query_one(QuestionView)
        view.show(question, self.paper.orders[question.id], self.paper.responses.get(question.id), keep_choice=True)
        self.update_status()
        self.update_sheet()

    @property
    def answered_count(self) -> int:
        return len(self.paper.responses)

    @on(QuestionView.Answered)
    def answered(self, event: QuestionView.Answered) -> None:
        if self.submitted:
            return
        self.paper.responses[event.question.id] = event.response
        if event.question is not self.paper.items[self.index][0]:
            self.update_sheet()
            return  # a late answer to a question already paged away from: keep it, do not move
        if self.index < len(self.paper.items) - 1:
            self.index += 1
            self.show_question()
        else:
            self.update_status()
            self.update_sheet()
            if not self.told_last:
                self.told_last = True
                self.notify("已是最后一题。按 j 交卷，或用 PgUp、答题卡（g）返回检查。", timeout=4)

    @on(QuestionView.Changed)
    def shown_answer_changed(self) -> None:
        if not self.submitted:
            self.keep_shown_answer(warn=False)
            self.update_status()
            self.update_sheet()

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

    def go_to(self, index: int) -> None:
        if 0 <= index < len(self.paper.items):
            self.keep_shown_answer()
            self.index = index
            self.show_question()

    def action_step(self, delta: int) -> None:
        self.go_to(self.index + delta)

    def action_flag(self) -> None:
        question, _ = self.paper.items[self.index]
        flagged = self.paper.toggle_flag(question.id)
        self.notify(f"{'已标记' if flagged else '已取消标记'}第 {self.index + 1} 题", timeout=2)
        self.update_status()
        self.update_sheet()

    def action_sheet(self) -> None:
        self.keep_shown_answer(warn=False)
        self.update_sheet()
        self.query_one(AnswerSheet).focus()

    @on(AnswerSheet.Jump)
    def jump(self, event: AnswerSheet.Jump) -> None:
        # None (Esc on the sheet): back to the question shown, answer and all.
        self.go_to(self.index if event.index is None else event.index)
        # The question view takes the focus only after this refresh: then the footer follows it.
        self.call_after_refresh(self.refresh_bindings)

    def action_finish(self) -> None:
        self.keep_shown_answer()
        self.update_sheet()

        def chosen(choice: int | None) -> None:
            if choice == SUBMIT:
                self.submit(timed_out=False)
            elif choice is not None:
                self.go_to(choice)

        self.app.push_screen(SubmitSummaryDialog(self.paper), chosen)

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
        attempt = paper.attempt(now_iso(), int(max(0, min(self.seconds, self.elapsed))), timed_out)
        app.profile.exams.append(attempt)
        for question, _ in paper.items:
            # Unanswered questions are not guessed at: only answers given feed the notebook and review.
            # Partial credit is not "right": the notebook and review want the exact answer.
            if question.id in paper.responses:
                app.profile.record_answer(question.id, attempt.answers[question.id], app.course.notebook_clear_after)
        app.save_profile()
        app.switch_screen(ExamResultScreen(attempt))
