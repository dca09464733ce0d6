"""Quiz grading and module quiz sessions (UI-free).

Responses are expressed in terms of the question's original choice order, so shuffling for
display never changes what counts as right.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Hashable
from dataclasses import dataclass, field

from govtui.core.escape import visible
from govtui.core.fill import fill_matches
from govtui.core.model import Question
from govtui.core.progress import QuizAttempt, now_iso
from govtui.core.questions import LETTERS

PASS_MARK = 80
"""Default pass mark (percent) that completes a module."""

Response = int | frozenset[int] | bool | str | tuple[int, ...]


def grade(question: Question, response: Response) -> bool:
    """True when `response` answers `question` correctly."""
    if question.type == "single":
        return isinstance(response, int) and not isinstance(response, bool) and LETTERS[response] == question.answer
    if question.type == "multiple":
        return isinstance(response, frozenset) and frozenset(LETTERS[i] for i in response) == question.answer
    if question.type == "truefalse":
        return response is question.answer
    if question.type == "fill":
        return isinstance(response, str) and fill_matches(question.stem, question.answer, response)  # type: ignore[arg-type]
    if question.type == "order":
        return tuple(response) == question.answer  # type: ignore[arg-type]
    raise ValueError(f"unknown question type {question.type}")


def multiple_credit(selected: Collection[Hashable], correct: Collection[Hashable]) -> float:
    """Credit in [0, 1] for a multiple-choice selection (少选按比例得分，错选不得分).

    Any wrong option selected scores 0; otherwise each correct option selected earns an equal
    share. Both collections name options the same way (letters, or original indices). Whether
    the question counts as answered correctly (review, 错题本) stays exact match: see `grade`.
    """
    wanted = set(correct)
    chosen = set(selected)
    if not wanted or not chosen or not chosen <= wanted:
        return 0.0
    return len(chosen) / len(wanted)


def credit(question: Question, response: Response) -> float:
    """The share of a question's points that `response` earns in an exam."""
    if question.type == "multiple":
        if not isinstance(response, frozenset):
            return 0.0
        return multiple_credit({LETTERS[i] for i in response}, question.answer)  # type: ignore[arg-type]
    return 1.0 if grade(question, response) else 0.0


def answer_text(question: Question, order: list[int] | None = None) -> str:
    """The correct answer spelled out; with a display `order`, letters are those the learner saw."""
    shown = order or list(range(len(question.choices)))

    def letter(index: int) -> str:
        return LETTERS[shown.index(index)]

    if question.type == "single":
        index = LETTERS.index(question.answer)  # type: ignore[arg-type]
        return f"{letter(index)}．{question.choices[index]}"
    if question.type == "multiple":
        indexes = sorted((LETTERS.index(a) for a in question.answer), key=letter)  # type: ignore[union-attr]
        return "；".join(f"{letter(i)}．{question.choices[i]}" for i in indexes)
    if question.type == "truefalse":
        return "正确" if question.answer else "错误"
    if question.type == "fill":
        return " / ".join(question.answer)  # type: ignore[arg-type]
    return " → ".join(question.items)


def response_text(question: Question, response: Response, order: list[int] | None = None) -> str:
    """What the learner answered, in the same words as answer_text."""
    shown = order or list(range(max(len(question.choices), len(question.items))))
    if question.type == "single" and isinstance(response, int):
        return f"{LETTERS[shown.index(response)]}．{question.choices[response]}"
    if question.type == "multiple" and isinstance(response, frozenset):
        indexes = sorted(response, key=shown.index)
        return "；".join(f"{LETTERS[shown.index(i)]}．{question.choices[i]}" for i in indexes) or "（未选）"
    if question.type == "truefalse":
        return "正确" if response is True else "错误"
    if question.type == "fill":
        # Typed or pasted by the learner: control characters shown, never sent to the terminal.
        return visible(str(response)) or "（未填）"
    if question.type == "order" and isinstance(response, tuple):
        return " → ".join(question.items[i] for i in response)
    return str(response)


def display_order(question: Question, rng: random.Random) -> list[int]:
    """Shuffled original indices of choices (or items, for ordering questions)."""
    count = len(question.items) if question.type == "order" else len(question.choices)
    order = list(range(count))
    rng.shuffle(order)
    if question.type == "order" and count > 1 and order == sorted(order):
        # Ordering questions shown already in order would give the answer away.
        order.append(order.pop(0))
    return order


@dataclass(slots=True)
class QuizSession:
    """A run through a module's questions, one at a time."""

    module_id: str | None
    questions: list[Question]
    rng: random.Random = field(default_factory=random.Random)
    index: int = 0
    results: dict[str, bool] = field(default_factory=dict)
    orders: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for question in self.questions:
            self.orders[question.id] = display_order(question, self.rng)

    @property
    def current(self) -> Question | None:
        return self.questions[self.index] if self.index < len(self.questions) else None

    @property
    def finished(self) -> bool:
        return self.index >= len(self.questions)

    def answer(self, response: Response) -> bool:
        """Grade the current question (once) and remember the result."""
        question = self.current
        if question is None:
            raise RuntimeError("quiz already finished")
        if question.id not in self.results:
            self.results[question.id] = grade(question, response)
        return self.results[question.id]

    def advance(self) -> None:
        self.index += 1

    @property
    def correct(self) -> int:
        return sum(self.results.values())

    def attempt(self) -> QuizAttempt:
        if self.module_id is None:
            raise ValueError("only a module quiz is recorded as an attempt")
        return QuizAttempt(self.module_id, now_iso(), self.correct, len(self.questions), dict(self.results))
