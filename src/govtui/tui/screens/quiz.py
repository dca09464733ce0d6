"""Module quiz: one question at a time, answered by key or mouse, with immediate feedback."""

from __future__ import annotations

import random

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from govtui.core.model import Module
from govtui.core.questions import BLANK, LETTERS
from govtui.core.quiz import QuizSession, Response, answer_text, response_text
from govtui.core.sources import describe
from govtui.tui.navigation import open_citation

SUBMIT_ID = "__submit__"


def start_module_quiz(app: App, module: Module) -> None:
    questions = app.course.module_questions(module.id)  # type: ignore[attr-defined]
    if not questions:
        app.notify("本模块暂无测验题", severity="warning")
        return
    rng = random.Random(app.rng_seed)  # type: ignore[attr-defined]
    app.push_screen(QuizScreen(module, QuizSession(module.id, questions, rng)))


class QuizScreen(Screen[None]):
    """模块测验."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        *[Binding(LETTERS[i].lower(), f"pick({i})", LETTERS[i], show=False) for i in range(6)],
        *[Binding(str(i + 1), f"pick({i})", str(i + 1), show=False) for i in range(6)],
        Binding("s", "submit", "提交", tooltip="提交多选题答案"),
        Binding("backspace", "undo_pick", "撤销", tooltip="撤销上一步排序"),
        Binding("enter", "next", "下一题", priority=True),
        Binding("o", "open_source", "出处", tooltip="打开本题引用的条文或报告段落"),
        Binding("r", "retry", "再测一次"),
    ]

    def __init__(self, module: Module, session: QuizSession) -> None:
        super().__init__()
        self.module = module
        self.session = session
        self.selected: set[int] = set()
        self.picked: list[int] = []
        self.last_response: Response | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="quiz-progress")
        with VerticalScroll(id="quiz-body"):
            yield Static(id="stem")
            yield OptionList(id="choices")
            yield Input(placeholder="输入答案后按回车", id="fill")
            yield Static(id="feedback")
            yield Static(id="result")
        yield Footer()

    def on_mount(self) -> None:
        self.show_question()

    # -- state -------------------------------------------------------------------------

    @property
    def answered(self) -> bool:
        question = self.session.current
        return question is not None and question.id in self.session.results

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        question = self.session.current
        if action == "retry":
            return self.session.finished
        if question is None:
            return action not in ("pick", "submit", "undo_pick", "next", "open_source")
        if action == "next":
            return True if self.answered else None
        if action == "open_source":
            return self.answered
        if action == "submit":
            return question.type == "multiple" and not self.answered
        if action == "undo_pick":
            return question.type == "order" and not self.answered and bool(self.picked)
        if action == "pick":
            return question.type in ("single", "multiple", "truefalse", "order") and not self.answered
        return True

    # -- showing -----------------------------------------------------------------------

    def show_question(self) -> None:
        question = self.session.current
        self.selected.clear()
        self.picked.clear()
        self.query_one("#feedback", Static).display = False
        self.query_one("#result", Static).display = False
        if question is None:
            self.show_result()
            return
        total = len(self.session.questions)
        self.query_one("#quiz-progress", Static).update(
            Text(
                f"{self.module.title} · 第 {self.session.index + 1}/{total} 题 · {question.type_name}"
                f" · 知识点：{question.point}"
            )
        )
        hint = {
            "single": "按字母或数字键作答",
            "truefalse": "按 A/1 表示正确，B/2 表示错误",
            "multiple": "按字母键选择或取消，按 s 提交",
            "fill": "输入答案后按回车",
            "order": "按正确顺序依次按各步骤的字母键；Backspace 撤销",
        }[question.type]
        stem = Text(question.stem.replace(BLANK, "______"))
        stem.append(f"\n（{hint}）", style="dim")
        self.query_one("#stem", Static).update(stem)
        choices = self.query_one("#choices", OptionList)
        fill = self.query_one("#fill", Input)
        choices.disabled = False
        fill.disabled = False
        if question.type == "fill":
            choices.display = False
            fill.display = True
            fill.value = ""
            fill.focus()
        else:
            choices.display = True
            fill.display = False
            self.render_choices()
            choices.highlighted = 0
            choices.focus()
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _labels(self) -> list[str]:
        question = self.session.current
        if question.type == "truefalse":
            return ["正确", "错误"]
        order = self.session.orders[question.id]
        source = question.items if question.type == "order" else question.choices
        return [source[i] for i in order]

    def render_choices(self) -> None:
        question = self.session.current
        choices = self.query_one("#choices", OptionList)
        highlighted = choices.highlighted
        choices.clear_options()
        for position, label in enumerate(self._labels()):
            mark = ""
            if question.type == "multiple":
                mark = "[x] " if position in self.selected else "[ ] "
            elif question.type == "order" and position in self.picked:
                mark = f"({self.picked.index(position) + 1}) "
            choices.add_option(Option(Text(f"{LETTERS[position]}. {mark}{label}"), id=str(position)))
        if question.type == "multiple":
            choices.add_option(Option(Text("提交答案（s）", style="bold"), id=SUBMIT_ID))
        if highlighted is not None:
            choices.highlighted = min(highlighted, choices.option_count - 1)

    # -- answering ---------------------------------------------------------------------

    def action_pick(self, position: int) -> None:
        question = self.session.current
        if question is None or self.answered or position >= len(self._labels()):
            return
        order = self.session.orders.get(question.id, [])
        if question.type == "single":
            self.submit(order[position])
        elif question.type == "truefalse":
            self.submit(position == 0)
        elif question.type == "multiple":
            self.selected.symmetric_difference_update({position})
            self.render_choices()
            self.refresh_bindings()
        elif question.type == "order" and position not in self.picked:
            self.picked.append(position)
            self.render_choices()
            self.refresh_bindings()
            if len(self.picked) == len(order):
                self.submit(tuple(order[p] for p in self.picked))

    def action_undo_pick(self) -> None:
        if self.picked:
            self.picked.pop()
            self.render_choices()
            self.refresh_bindings()

    def action_submit(self) -> None:
        question = self.session.current
        if question is None or question.type != "multiple" or self.answered:
            return
        order = self.session.orders[question.id]
        self.submit(frozenset(order[p] for p in self.selected))

    @on(OptionList.OptionSelected, "#choices")
    def option_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id == SUBMIT_ID:
            self.action_submit()
        elif event.option_id is not None:
            self.action_pick(int(event.option_id))

    @on(Input.Submitted, "#fill")
    def fill_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.answered and event.value.strip():
            self.submit(event.value.strip())

    def submit(self, response: Response) -> None:
        question = self.session.current
        correct = self.session.answer(response)
        self.last_response = response
        order = self.session.orders.get(question.id)
        feedback = Text()
        feedback.append("回答正确\n" if correct else "回答错误\n", style="bold green" if correct else "bold red")
        if not correct:
            feedback.append(f"你的答案：{response_text(question, response, order)}\n")
        feedback.append(f"正确答案：{answer_text(question, order)}\n", style="bold")
        feedback.append(f"解析：{question.explanation}\n")
        sources = "；".join(describe(self.app.course, s) for s in question.sources)
        feedback.append(f"出处：{sources}（按 o 打开）\n", style="italic")
        feedback.append("按回车继续", style="dim")
        widget = self.query_one("#feedback", Static)
        widget.update(feedback)
        widget.display = True
        self.query_one("#choices", OptionList).disabled = True
        self.query_one("#fill", Input).disabled = True
        self.query_one("#quiz-body", VerticalScroll).focus()
        self.call_after_refresh(widget.scroll_visible)
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
        if len(question.sources) == 1:
            open_citation(self.app, question.sources[0])
            return
        from govtui.tui.screens.sources import SourcesDialog

        def chosen(source: str | None) -> None:
            if source:
                open_citation(self.app, source)

        self.app.push_screen(SourcesDialog(question.sources), chosen)

    # -- end ---------------------------------------------------------------------------

    def show_result(self) -> None:
        attempt = self.session.attempt()
        pass_mark = self.app.course.pass_mark
        self.app.profile.record_attempt(attempt, pass_mark)
        self.app.save_profile()
        passed = attempt.score >= pass_mark
        self.query_one("#quiz-progress", Static).update(Text(f"{self.module.title} · 测验结束"))
        self.query_one("#stem", Static).update("")
        self.query_one("#choices", OptionList).display = False
        self.query_one("#fill", Input).display = False
        result = Text()
        result.append(f"得分：{attempt.score} 分（答对 {attempt.correct}/{attempt.total} 题）\n", style="bold")
        result.append(f"及格线：{pass_mark} 分 · ")
        if passed:
            result.append("通过，本模块已完成\n", style="bold green")
        else:
            result.append("未通过，复习后再测一次\n", style="bold red")
        wrong = [q for q in self.session.questions if not self.session.results.get(q.id)]
        if wrong:
            result.append("\n答错的题目：\n")
            for question in wrong:
                result.append(f"- {question.stem.replace(BLANK, '____')}\n  正确答案：{answer_text(question)}\n")
        result.append("\n按 r 再测一次，Esc 返回", style="dim")
        widget = self.query_one("#result", Static)
        widget.update(result)
        widget.display = True
        self.query_one("#quiz-body", VerticalScroll).focus()
        self.refresh_bindings()

    def action_retry(self) -> None:
        if not self.session.finished:
            return
        self.session = QuizSession(self.module.id, self.session.questions, self.session.rng)
        self.show_question()
