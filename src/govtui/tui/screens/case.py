"""One case simulation (案例演练), walked decision by decision with feedback from the articles."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from govtui.core.cases import Case, CaseStep
from govtui.core.citation import parse_citation
from govtui.core.progress import QuizAttempt, now_iso
from govtui.core.questions import LETTERS
from govtui.core.sources import describe
from govtui.tui.navigation import open_sources
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.title_bar import TitleBar

CHOICE_KEYS = "abcdef"


class CaseScreen(Screen[None]):
    """案例演练：读案情，逐步作出决定，每一步看到对错、反馈和条文原文."""

    BINDINGS = [
        Binding("escape", "leave", "返回"),
        *(Binding(key, f"choose({n})", key.upper(), show=False) for n, key in enumerate(CHOICE_KEYS)),
        Binding("enter", "next", "下一步", priority=True),
        Binding("o", "open_source", "出处", tooltip="打开本步依据的条文"),
    ]

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        self.index = 0
        self.results: dict[str, bool] = {}
        self.recorded = False

    @property
    def step(self) -> CaseStep | None:
        return self.case.steps[self.index] if self.index < len(self.case.steps) else None

    @property
    def answered(self) -> bool:
        step = self.step
        return step is not None and step.id in self.results

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="case-progress")
        with VerticalScroll(id="case-body"):
            yield Static(Text(self.case.story.strip()), id="case-story")
            yield Static(id="case-step")
            yield Static(id="case-feedback")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_step()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        step = self.step
        if action == "choose":
            return step is not None and not self.answered and int(parameters[0]) < len(step.choices)  # type: ignore[call-overload]
        if action in ("next", "open_source"):
            return True if self.answered else None
        return True

    def show_step(self) -> None:
        step = self.step
        feedback = self.query_one("#case-feedback", Static)
        feedback.display = False
        total = len(self.case.steps)
        if step is None:
            self.finish()
            return
        self.query_one("#case-progress", Static).update(
            Text(f"案例演练：{self.case.title} · 第 {self.index + 1}/{total} 步 · 按字母键选择")
        )
        text = Text()
        if step.situation:
            text.append(step.situation.strip() + "\n\n")
        text.append(step.prompt + "\n", style="bold")
        for number, choice in enumerate(step.choices):
            text.append(f"{LETTERS[number]}．{choice.text}\n")
        self.query_one("#case-step", Static).update(text)
        self.refresh_bindings()

    def action_choose(self, number: int) -> None:
        step = self.step
        if step is None or self.answered or number >= len(step.choices):
            return
        correct = number == step.answer
        self.results[step.id] = correct
        app = self.app
        app.profile.record_answer(self.case.question_id(step), correct, app.course.notebook_clear_after)  # type: ignore[attr-defined]
        app.save_profile()  # type: ignore[attr-defined]
        self.show_feedback(step, number, correct)

    def show_feedback(self, step: CaseStep, number: int, correct: bool) -> None:
        course = self.app.course  # type: ignore[attr-defined]
        text = Text()
        text.append("决定正确\n" if correct else "决定不妥\n", style="good-bold" if correct else "bad-bold")
        text.append(f"你的选择：{LETTERS[number]}．{step.choices[number].text}\n")
        text.append(step.choices[number].feedback.strip() + "\n")
        if not correct:
            right = step.choices[step.answer]
            text.append(f"\n应当选择：{LETTERS[step.answer]}．{right.text}\n", style="bold")
            text.append(right.feedback.strip() + "\n")
        text.append("\n依据\n", style="bold")
        regulation = course.regulation
        for basis in step.basis:
            citation = parse_citation(basis.source)
            label = describe(course, basis.source)
            if citation and citation.kind == "reg" and regulation and citation.article in regulation.articles:
                quote = basis.quote or regulation.articles[citation.article].text
                text.append(f"{label}：「{quote}」\n")
            else:
                text.append(f"{label}\n")
                reference = course.references.get(citation.target) if citation and citation.kind == "ref" else None
                if reference:
                    # The reference says itself which parts were checked and which are unverified.
                    text.append(f"  {reference.summary}\n", style="italic")
        text.append("\n按回车继续，o 打开条文", style="muted")
        widget = self.query_one("#case-feedback", Static)
        widget.update(text)
        widget.display = True
        self.call_after_refresh(widget.scroll_visible)
        self.refresh_bindings()

    def action_next(self) -> None:
        if not self.answered:
            return
        self.index += 1
        self.show_step()
        self.query_one("#case-body", VerticalScroll).scroll_home(animate=False)

    def action_open_source(self) -> None:
        step = self.step
        if step is not None and self.answered:
            open_sources(self.app, step.sources)

    def finish(self) -> None:
        total = len(self.case.steps)
        correct = sum(self.results.values())
        attempt = QuizAttempt(self.case.id, now_iso(), correct, total, dict(self.results))
        if not self.recorded:
            self.recorded = True
            self.app.profile.record_case(attempt)  # type: ignore[attr-defined]
            self.app.save_profile()  # type: ignore[attr-defined]
        self.query_one("#case-progress", Static).update(Text(f"案例演练：{self.case.title} · 结束"))
        text = Text()
        text.append(f"本案例得分：{attempt.score} 分（{correct}/{total} 个决定正确）\n", style="bold")
        wrong = [s for s in self.case.steps if not self.results.get(s.id)]
        if wrong:
            text.append("\n不妥的决定（已收入错题本和复习）：\n")
            for step in wrong:
                text.append(f"- {step.prompt}\n  应当选择：{step.choices[step.answer].text}\n")
        text.append("\nEsc 返回", style="muted")
        self.query_one("#case-step", Static).update(text)
        self.refresh_bindings()

    def action_leave(self) -> None:
        if self.step is None or not self.results:
            self.app.pop_screen()
            return
        from govtui.tui.screens.confirm import ConfirmDialog

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        question = (
            f"已作出 {len(self.results)}/{len(self.case.steps)} 个决定。现在退出，本案例不计成绩"
            "（已作出的决定已记入错题本和复习）。退出吗？"
        )
        self.app.push_screen(ConfirmDialog(question, "退出", "继续"), confirmed)
