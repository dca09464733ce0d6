"""Exam result and review (成绩与回顾): just finished or reopened from 历次成绩, all or only the wrong ones,
question by question or as a breakdown by knowledge point and by article."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from govtui.core import clock
from govtui.core.exam import points_text
from govtui.core.exam_review import (
    BreakdownRow,
    ReviewItem,
    by_article,
    by_point,
    review_items,
    wrong_only,
)
from govtui.core.progress import ExamAttempt
from govtui.core.questions import BLANK
from govtui.core.quiz import answer_text
from govtui.core.sources import describe
from govtui.tui.next_step import (
    NEXT_STEP_BINDING,
    NEXT_STEP_KEY,
    module_quiz_ids,
    suggested_step,
    take_next_step,
)
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.next_step import NextStepLine
from govtui.tui.widgets.title_bar import TitleBar


def format_clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class ExamResultScreen(Screen[None]):
    """成绩与逐题回顾."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("w", "wrong_only", "只看错题", tooltip="只列出答错、部分得分和未答的题（再按显示全部）"),
        Binding("k", "breakdown", "得分分析", tooltip="按知识点和条文统计得分（再按回到逐题回顾）"),
        NEXT_STEP_BINDING,
    ]

    def __init__(self, attempt: ExamAttempt, *, reopened: bool = False) -> None:
        super().__init__()
        self.attempt = attempt
        self.reopened = reopened
        self.only_wrong = False
        self.show_breakdown = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="exam-review"):
            yield Static(id="exam-score")
            yield NextStepLine(id="next-step")
            yield Static(id="exam-answers")
        yield KeyBar()

    def on_mount(self) -> None:
        course = self.app.course
        self.blueprint = next((b for b in course.blueprints if b.id == self.attempt.blueprint_id), None)
        self.items = review_items(self.attempt, course.questions, self.blueprint)
        self.sub_title = "历次成绩回顾" if self.reopened else "考试成绩"
        self.redraw()
        self.query_one("#exam-review").focus()
        step = suggested_step(self.app, module_quiz_ids(course))
        self.query_one("#next-step", NextStepLine).show(step, NEXT_STEP_KEY)

    def action_next_step(self) -> None:
        take_next_step(self.app)

    def redraw(self) -> None:
        self.query_one("#exam-score", Static).update(self.summary())
        self.query_one("#exam-answers", Static).update(self.breakdown() if self.show_breakdown else self.review())

    def action_wrong_only(self) -> None:
        self.only_wrong = not self.only_wrong
        self.show_breakdown = False
        self.redraw()
        self.query_one("#exam-review", VerticalScroll).scroll_home(animate=False)

    def action_breakdown(self) -> None:
        self.show_breakdown = not self.show_breakdown
        self.redraw()
        self.query_one("#exam-review", VerticalScroll).scroll_home(animate=False)

    @property
    def title_text(self) -> str:
        return self.blueprint.title if self.blueprint else self.attempt.blueprint_id

    def summary(self) -> Text:
        attempt, items = self.attempt, self.items
        text = Text(f"{self.title_text}\n", style="bold")
        if self.reopened:
            text.append(f"{clock.local_minute_text(attempt.at)} 的考试（回顾）\n", style="muted")
        exact = attempt.points_scored if attempt.points_scored is not None else attempt.score
        text.append(f"得分：{points_text(exact)} 分（满分 100，{attempt.pass_score} 分及格） ", style="bold")
        text.append("及格\n" if attempt.passed else "不及格\n", style="good-bold" if attempt.passed else "bad-bold")
        right = sum(item.correct for item in items)
        text.append(f"答对 {right}/{len(items)} 题")
        partial = sum(item.partial for item in items)
        if partial:
            text.append(f" · 部分得分 {partial} 题", style="warn")
        unanswered = sum(not item.answered for item in items)
        if unanswered:
            text.append(f" · 未答 {unanswered} 题")
        flagged = sum(item.flagged for item in items)
        if flagged:
            text.append(f" · 标记 {flagged} 题")
        text.append(f" · 用时 {format_clock(attempt.seconds)}")
        if attempt.timed_out:
            text.append(" · 时间到，已自动交卷", style="warn")
        text.append("\n")
        if self.show_breakdown:
            text.append("得分分析（k 回到逐题回顾）", style="muted")
        elif self.only_wrong:
            text.append(f"只看错题：{len(wrong_only(items))} 题（w 显示全部，k 得分分析）", style="muted")
        else:
            text.append("逐题回顾（w 只看错题，k 得分分析）", style="muted")
        text.append("\n")
        return text

    def review(self) -> Text:
        items = wrong_only(self.items) if self.only_wrong else self.items
        text = Text()
        if not items:
            text.append("\n全部答对，没有错题。\n", style="good-bold")
        for item in items:
            self.review_item(text, item)
        return text

    def review_item(self, text: Text, item: ReviewItem) -> None:
        course = self.app.course
        text.append(f"\n{item.number}．", style="bold")
        if not item.answered:
            text.append("未答", style="warn-bold")
        elif item.correct:
            text.append("正确", style="good-bold")
        elif item.partial:
            text.append("部分得分", style="warn-bold")
        else:
            text.append("错误", style="bad-bold")
        if item.flagged:
            text.append(" [标记]", style="warn")
        question = item.question
        if question is None:
            text.append(f"（题目 {item.question_id} 已不在题库中）\n", style="muted")
            if item.response is not None:
                text.append(f"   你的答案：{item.response}\n")
            return
        worth = f"，{item.points}分" if item.points is not None else ""
        got = f"，得 {points_text(item.earned)} 分" if item.partial and item.earned is not None else ""
        text.append(f"（{question.type_name}{worth}{got}）{question.stem.replace(BLANK, '____')}\n")
        if item.response is not None:
            text.append(f"   你的答案：{item.response}\n")
        else:
            text.append("   你的答案：未作答\n", style="warn")
        text.append(f"   正确答案：{answer_text(question, item.order)}\n", style="bold")
        if item.order is None and question.type in ("single", "multiple"):
            text.append("   （这次考试的记录没有保存选项顺序，字母按题库原顺序）\n", style="muted")
        if item.partial:
            text.append("   多选题少选按比例得分，错选不得分\n", style="muted")
        text.append(f"   解析：{question.explanation}\n")
        text.append("   出处：" + "；".join(describe(course, s) for s in question.sources) + "\n", style="italic")

    def breakdown(self) -> Text:
        text = Text()
        text.append("\n按知识点（失分多的在前）\n", style="bold")
        for row in by_point(self.items):
            self.breakdown_row(text, row.key, row)
        text.append("\n按条文和报告章节（一题引用多处时分别计入）\n", style="bold")
        for row in by_article(self.items):
            self.breakdown_row(text, self.source_label(row.key), row)
        return text

    def breakdown_row(self, text: Text, label: str, row: BreakdownRow) -> None:
        if row.possible and row.earned >= row.possible:
            style = "good"
        elif row.earned > 0:
            style = "warn"
        else:
            style = "bad"
        score = f"{points_text(row.earned)}/{points_text(row.possible)} 分 · " if row.possible else ""
        text.append("  ")
        text.append(f"{score}答对 {row.right}/{row.total}", style=style)
        text.append(f"  {label}\n")

    def source_label(self, key: str) -> str:
        course = self.app.course
        if key.startswith("report:") and course.report is not None:
            paragraph = course.report.paragraphs.get(key.partition(":")[2])
            if paragraph is not None:
                return f"年度报告{paragraph.title}"
        return describe(course, key)
