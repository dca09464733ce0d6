"""A question answered by keyboard or mouse; posts `Answered` with a response in original order.

Used by the module quiz, the mock exam, the wrong-answer notebook and daily review: the screens
decide what an answer means (feedback now, or only at the end).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from govtui.core.model import Question
from govtui.core.questions import BLANK, LETTERS
from govtui.core.quiz import Response
from govtui.tui.text import Hanging
from govtui.tui.widgets.option_list import SteadyOptionList
from govtui.tui.widgets.steady import SteadySize, SteadyStatic, focus_now

SUBMIT_ID = "__submit__"
HINTS = {
    "single": "按字母或数字键作答",
    "truefalse": "按 A/1 表示正确，B/2 表示错误",
    "multiple": "按字母键选择或取消，按 s 提交",
    "fill": "输入答案后按回车",
    "order": "按正确顺序依次按各步骤的字母键；Backspace 撤销",
    "fill-exam": "输入答案后按回车；PgUp/PgDn 翻题",
}


class ChoiceList(SteadyOptionList):
    """The choices: a new question changes the list's height, rarely its width.

    Unlike SteadyOptionList it takes the width when the options are measured and does not repaint
    after a Resize that kept it: the choices have no scrollbar of their own (the quiz body's is
    always drawn), so nothing narrows them between measuring and drawing, and the repaint cost the
    next question one more frame. For a list with its own scrollbar that rule kept options wrapped
    at the width before the scrollbar came, and cut text off (the glossary snapshot).
    """

    _lines_width = -1
    """The width the options were last measured and drawn at."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Once its question is answered (every option disabled), the list's keys are left to the
        # screen: the arrows then scroll the feedback below.
        parent = self.parent
        if isinstance(parent, QuestionView) and parent.locked:
            return False
        return super().check_action(action, parameters)

    def _update_lines(self) -> None:
        measured = not self._line_cache.lines
        super()._update_lines()
        if measured and self._line_cache.lines:
            self._lines_width = self.scrollable_content_region.width

    _drawing = False

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drawing = True
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = False

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        if self._drawing and layout and not regions and not recompose:
            # OptionList measures options it could not measure before (a list first shown, as
            # the quiz screen prepared empty is at its first quiz) when drawing them, and its new
            # scroll range asks for a layout and a repaint: one more frame, about 17 ms later
            # (`benchmarks/frames.py quiz --fresh`). The layout being drawn took the list's height
            # from those same options, and the scrollbar follows the range where it is set.
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _on_resize(self, event: events.Resize) -> None:
        # OptionList re-measures every option and repaints on any resize, a frame after the one
        # that drew the question at its new size. Only a new width re-wraps the options.
        # (Textual calls each class's handler in turn: preventing the default skips OptionList's.)
        if self.scrollable_content_region.width == self._lines_width:
            event.prevent_default()


class QuestionView(SteadySize, Vertical):
    """Stem, choices (or an input), and the keys that answer."""

    DEFAULT_CSS = """
    QuestionView { height: auto; }
    QuestionView #stem { margin: 1 0; text-style: bold; }
    QuestionView #choices { height: auto; max-height: 14; }
    """

    BINDINGS = [
        *[Binding(LETTERS[i].lower(), f"pick({i})", LETTERS[i], show=False) for i in range(6)],
        *[Binding(str(i + 1), f"pick({i})", str(i + 1), show=False) for i in range(6)],
        Binding("s", "submit", "提交", tooltip="提交多选题答案"),
        Binding("backspace", "undo_pick", "撤销", tooltip="撤销上一步排序"),
    ]

    @dataclass
    class Answered(Message):
        """The learner gave a (complete) answer to the question shown."""

        question: Question
        response: Response

    @dataclass
    class Changed(Message):
        """What the screen shows as the answer changed without completing it (exam mode only):
        a tick, a pick, typed text. Read the view, not the message: it may already show another question."""

        question: Question

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.question: Question | None = None
        self.order: list[int] = []
        self.locked = False
        self.keep_choice = False
        self.selected: set[int] = set()
        self.picked: list[int] = []
        self.chosen: int | None = None

    def compose(self) -> ComposeResult:
        yield SteadyStatic(id="stem")
        yield ChoiceList(id="choices")
        yield Input(placeholder="输入答案后按回车", id="fill")

    def show(
        self,
        question: Question,
        order: list[int],
        response: Response | None = None,
        *,
        keep_choice: bool = False,
    ) -> None:
        """Show a question; `response` pre-selects an earlier answer (exam navigation)."""
        self.question, self.order, self.locked = question, order, False
        self.keep_choice = keep_choice
        self.selected, self.picked, self.chosen = set(), [], None
        if response is not None:
            self._restore(response)
        stem = Text(question.stem.replace(BLANK, "______"))
        hint = HINTS["fill-exam"] if keep_choice and question.type == "fill" else HINTS[question.type]
        stem.append(f"\n（{hint}）", style="muted")
        self.query_one("#stem", Static).update(stem)
        choices, fill = self.query_one("#choices", OptionList), self.query_one("#fill", Input)
        choices.disabled = False
        if question.type == "fill":
            choices.display, fill.display = False, True
            fill.disabled = False  # (left disabled while hidden: each change restyles it)
            fill.value = response if isinstance(response, str) else ""
            focus_now(fill)
        else:
            choices.display, fill.display = True, False
            self.render_choices()
            # No choice is highlighted until the trainee moves there with the arrows: Enter
            # pressed to leave the previous question's feedback must not pick A here.
            choices.highlighted = None
            focus_now(choices)
        self.screen.refresh_bindings()

    def _restore(self, response: Response) -> None:
        question = self.question
        if question.type == "single" and isinstance(response, int):
            self.chosen = self.order.index(response)
        elif question.type == "truefalse" and isinstance(response, bool):
            self.chosen = 0 if response else 1
        elif question.type == "multiple" and isinstance(response, frozenset):
            self.selected = {self.order.index(i) for i in response}
        elif question.type == "order" and isinstance(response, tuple):
            self.picked = [self.order.index(i) for i in response]

    def shown_response(self) -> Response | None:
        """The answer the screen shows now, complete or not submitted; None when it shows none.

        Exams keep this when the trainee moves on, submits or runs out of time.
        """
        question = self.question
        if question is None:
            return None
        if question.type in ("single", "truefalse"):
            if self.chosen is None:
                return None
            return self.order[self.chosen] if question.type == "single" else self.chosen == 0
        if question.type == "multiple":
            return frozenset(self.order[p] for p in self.selected) if self.selected else None
        if question.type == "fill":
            return self.query_one("#fill", Input).value.strip() or None
        if len(self.picked) == len(self.order):
            return tuple(self.order[p] for p in self.picked)
        return None

    def _changed(self) -> None:
        if self.keep_choice and self.question is not None and not self.locked:
            self.post_message(self.Changed(self.question))

    def freeze(self) -> None:
        """No more answers (feedback is being shown)."""
        self.locked = True
        fill = self.query_one("#fill", Input)
        if fill.display:
            fill.disabled = True
        else:
            # Greyed out as disabled options, the list keeping the focus: disabling the list
            # restyled it and moved the focus (two more restyles, one of them undone by the next
            # question), a third of the time of each answer and next question (cProfile of
            # benchmarks/run.py). Its cursor keys now scroll the feedback (ChoiceList.check_action).
            self.render_choices()
        self.screen.refresh_bindings()

    def labels(self) -> list[str]:
        question = self.question
        if question.type == "truefalse":
            return ["正确", "错误"]
        source = question.items if question.type == "order" else question.choices
        return [source[i] for i in self.order]

    def render_choices(self) -> None:
        question = self.question
        choices = self.query_one("#choices", OptionList)
        highlighted = choices.highlighted
        choices.clear_options()
        options = []
        for position, label in enumerate(self.labels()):
            mark = ""
            if question.type == "multiple":
                mark = "[x] " if position in self.selected else "[ ] "
            elif question.type == "order" and position in self.picked:
                mark = f"({self.picked.index(position) + 1}) "
            elif self.keep_choice and position == self.chosen:
                mark = "[x] "
            # A long option wraps under its own text, not under the letter.
            prompt = Hanging(Text(f"{LETTERS[position]}．{mark}"), Text(label))
            options.append(Option(prompt, id=str(position), disabled=self.locked))
        if question.type == "multiple":
            options.append(Option(Text("提交答案（s）", style="bold"), id=SUBMIT_ID, disabled=self.locked))
        choices.add_options(options)  # at once: each add_option re-measures the whole list
        if highlighted is not None:
            choices.highlighted = min(highlighted, choices.option_count - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        question = self.question
        if question is None or self.locked:
            return action not in ("pick", "submit", "undo_pick")
        if action == "submit":
            return question.type == "multiple"
        if action == "undo_pick":
            return question.type == "order" and bool(self.picked)
        if action == "pick":
            return question.type != "fill"
        return True

    def action_pick(self, position: int) -> None:
        question = self.question
        if question is None or self.locked or position >= len(self.labels()):
            return
        if question.type in ("single", "truefalse"):
            self.chosen = position
            if self.keep_choice:
                self.render_choices()
            response: Response = self.order[position] if question.type == "single" else position == 0
            self.post_message(self.Answered(question, response))
        elif question.type == "multiple":
            self.selected.symmetric_difference_update({position})
            self.render_choices()
            self._changed()
        elif question.type == "order" and position not in self.picked:
            self.picked.append(position)
            self.render_choices()
            if len(self.picked) == len(self.order):
                self.post_message(self.Answered(question, tuple(self.order[p] for p in self.picked)))
            else:
                self._changed()
        self.screen.refresh_bindings()

    def action_undo_pick(self) -> None:
        if self.picked and not self.locked:
            self.picked.pop()
            self.render_choices()
            self._changed()
            self.screen.refresh_bindings()

    def action_submit(self) -> None:
        question = self.question
        if question is None or question.type != "multiple" or self.locked:
            return
        if not self.selected:
            # In an exam nothing ticked is a valid state (未答); in practice an answer is needed.
            message = "未选择任何选项，本题为未答" if self.keep_choice else "请至少选择一项"
            self.notify(message, severity="warning", timeout=3)
            return
        self.post_message(self.Answered(question, frozenset(self.order[p] for p in self.selected)))

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
        if not self.locked and self.question is not None and event.value.strip():
            self.post_message(self.Answered(self.question, event.value.strip()))

    @on(Input.Changed, "#fill")
    def fill_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.question is not None and self.question.type == "fill":
            self._changed()
