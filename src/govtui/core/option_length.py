"""Does the length of the options give the answer away?

A test-wise learner picks the longest option of a single-choice question: writers tend to make the
correct one the most complete and careful. With four options, the correct one is the unique longest in
about a quarter of the questions by chance; a bank where it is much more often has a tell.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govtui.core.model import Question
from govtui.core.questions import LETTERS

# Chance is about 25% with four options (a third with three). 35% leaves room for chance in a bank of
# ten to twenty single-choice questions, but flags a bank where a learner who always picks the longest
# option would clearly beat chance; in the small banks (two or three questions) it allows at most one.
LONGEST_OPTION_THRESHOLD = 0.35
# The opposite tell: when the correct option is almost never the longest, a learner can strike the
# longest option out. Judged over the whole course only (a small bank with none is normal).
LONGEST_OPTION_FLOOR = 0.10
FLOOR_MIN_QUESTIONS = 40


def correct_is_unique_longest(question: Question) -> bool:
    """True for a single-choice question whose correct option is longer than every other option."""
    if question.type != "single" or not isinstance(question.answer, str):
        return False
    lengths = [len(choice.strip()) for choice in question.choices]
    correct = lengths[LETTERS.index(question.answer)]
    return all(length < correct for index, length in enumerate(lengths) if LETTERS[index] != question.answer)


@dataclass(frozen=True, slots=True)
class BankOptionLengths:
    """One bank (quiz file): its single-choice questions and those whose correct option is the unique longest."""

    bank: str
    path: Path
    single: int
    longest: tuple[str, ...]

    @property
    def share(self) -> float:
        return len(self.longest) / self.single if self.single else 0.0

    @property
    def over_threshold(self) -> bool:
        return self.share > LONGEST_OPTION_THRESHOLD

    def as_json(self, root: Path | None = None) -> dict[str, object]:
        path = self.path.relative_to(root) if root and self.path.is_relative_to(root) else self.path
        return {
            "file": path.as_posix(),
            "single": self.single,
            "longest": len(self.longest),
            "share": round(self.share, 3),
            "over_threshold": self.over_threshold,
            "questions": list(self.longest),
        }


def option_lengths_per_bank(questions: list[Question]) -> list[BankOptionLengths]:
    """Banks with at least one single-choice question, in file name order."""
    single: dict[str, list[Question]] = {}
    for question in questions:
        if question.type == "single":
            single.setdefault(question.bank, []).append(question)
    return [
        BankOptionLengths(
            bank,
            found[0].path,
            len(found),
            tuple(q.id for q in found if correct_is_unique_longest(q)),
        )
        for bank, found in sorted(single.items())
    ]


def course_share_too_low(banks: list[BankOptionLengths]) -> bool:
    """True when, over enough single-choice questions, the correct option is almost never the longest."""
    single = sum(b.single for b in banks)
    longest = sum(len(b.longest) for b in banks)
    return single >= FLOOR_MIN_QUESTIONS and longest / single < LONGEST_OPTION_FLOOR
