"""Turning self-check gaps (整改项) into today's review, a bounded number of questions at a time.

Every module behind the gaps of a weak self-check can hold a hundred questions; putting them all
into one day's review buries the trainee. So each gap brings its few most relevant questions and
the whole batch is capped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from govtui.core.model import Question
from govtui.core.selfcheck import CheckItem

PER_GAP = 5
"""At most this many questions for one 整改项."""
TOTAL = 30
"""At most this many questions for one press of “加入复习”."""


@dataclass(frozen=True, slots=True)
class ReviewPick:
    """The questions chosen for review, and how many relevant ones were left out."""

    chosen: list[str]
    left_out: int
    gaps_covered: int


def relevance(question: Question, item: CheckItem) -> int:
    """How closely a question matches a gap: citing the item's legal basis beats sharing a module."""
    return sum(1 for source in question.sources if source in item.basis)


def pick_review_questions(
    gaps: Iterable[CheckItem],
    questions: Iterable[Question],
    weak: set[str] | frozenset[str] = frozenset(),
    per_gap: int = PER_GAP,
    total: int = TOTAL,
) -> ReviewPick:
    """Choose up to `per_gap` questions for each gap, most important gap first, `total` at most.

    A question is relevant to a gap when it belongs to one of the modules that teach the item;
    those citing the item's legal basis come first, then ones in `weak` (the 错题本), then the
    bank's order. The choice does not depend on what is already due, so pressing again adds nothing.
    """
    pool = list(questions)
    chosen: list[str] = []
    relevant: set[str] = set()
    covered = 0
    for item in gaps:
        candidates = [q for q in pool if q.module in item.modules]
        relevant.update(q.id for q in candidates)
        ranked = sorted(candidates, key=lambda q: (-relevance(q, item), q.id not in weak))
        room = min(per_gap, total - len(chosen))
        fresh = [q.id for q in ranked if q.id not in chosen][:room]
        if fresh:
            covered += 1
        chosen.extend(fresh)
    return ReviewPick(chosen, len(relevant - set(chosen)), covered)
