"""Before 交卷: what is still unanswered or flagged, each one a jump back, and the safe choice first."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from govtui.core.exam import ExamPaper
from govtui.core.questions import BLANK
from govtui.tui.widgets.option_list import SteadyOptionList

KEEP_GOING = "继续作答"
SUBMIT = -1
"""Returned for 交卷; a question index (0-based) to jump back to it; None to keep answering."""
STEM_CHARS = 18


def number_ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 -> "1–3、5": a paper of 47 unanswered questions stays one short line."""
    groups: list[list[int]] = []
    for number in numbers:
        if groups and number == groups[-1][-1] + 1:
            groups[-1].append(number)
        else:
            groups.append([number])
    return "、".join(str(g[0]) if len(g) == 1 else f"{g[0]}–{g[-1]}" for g in groups)


def summary_question(paper: ExamPaper) -> str:
    unanswered, flagged = paper.unanswered_numbers(), paper.flagged_numbers()
    total = len(paper.items)
    lines = [f"已答 {total - len(unanswered)}/{total} 题。"]
    if unanswered:
        lines.append(f"还有 {len(unanswered)} 题未答：第 {number_ranges(unanswered)} 题。")
    if flagged:
        lines.append(f"已标记 {len(flagged)} 题：第 {number_ranges(flagged)} 题。")
    lines.append("交卷后不能再改。确定交卷吗？")
    return "\n".join(lines)


class SubmitSummaryDialog(ModalScreen[int | None]):
    """交卷前确认: Enter keeps answering; y submits; a listed question jumps back to it."""

    AUTO_FOCUS = "#summary-choices"
    DEFAULT_CSS = """
    SubmitSummaryDialog { align: center middle; }
    """
    BINDINGS = [
        Binding("escape,n", "dismiss(None)", KEEP_GOING),
        Binding("y", "dismiss(-1)", "交卷"),
    ]

    def __init__(self, paper: ExamPaper) -> None:
        super().__init__()
        self.paper = paper
        self.question = summary_question(paper)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("交卷前检查", classes="dialog-title")
            yield Static(Text(self.question), id="question")
            yield SteadyOptionList(*self.choices(), id="summary-choices")

    def choices(self) -> list[Option]:
        options = [
            Option(Text(f"{KEEP_GOING}（n）", style="bold"), id="keep"),
            Option(Text("交卷（y）"), id="submit"),
        ]
        for index, (question, _) in enumerate(self.paper.items):
            states = []
            if question.id not in self.paper.responses:
                states.append(("未答", "warn-bold"))
            if question.id in self.paper.flags:
                states.append(("已标记", "warn-bold"))
            if not states:
                continue
            label = Text(f"第 {index + 1} 题 ")
            for word, style in states:
                label.append(word, style=style)
                label.append(" ")
            stem = question.stem.replace(BLANK, "____")
            label.append(stem if len(stem) <= STEM_CHARS else stem[: STEM_CHARS - 1] + "…", style="muted")
            options.append(Option(label, id=f"q{index}"))
        return options

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    @on(OptionList.OptionSelected, "#summary-choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option_id or "keep"
        if option_id == "keep":
            self.dismiss(None)
        elif option_id == "submit":
            self.dismiss(SUBMIT)
        else:
            self.dismiss(int(option_id[1:]))
