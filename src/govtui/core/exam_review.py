"""Reopening a finished mock exam (模拟考试回顾): its questions, the wrong ones, and where points were lost.

Everything here is read from the stored attempt, so a past attempt shows what the learner saw then:
the order of the questions and of their options, the answers, the flags (标记). Records written
before attempts kept these show what they have (right or wrong per question, the answer text).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from govtui.core.citation import parse_citation
from govtui.core.exam import ExamBlueprint
from govtui.core.model import Question
from govtui.core.progress import ExamAttempt


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One question of a finished attempt, as it was answered."""

    number: int
    question_id: str
    question: Question | None
    """None when the question has since left the bank."""
    points: int | None
    """What it was worth; None for an old record whose blueprint no longer says."""
    earned: float | None
    correct: bool
    """Exactly right (partial credit is not right)."""
    response: str | None
    """The answer as the learner saw it (letters in the order shown); None when unanswered."""
    order: list[int] | None
    flagged: bool

    @property
    def answered(self) -> bool:
        return self.response is not None

    @property
    def partial(self) -> bool:
        """Some but not all points (部分得分)."""
        return not self.correct and bool(self.earned)


def review_items(
    attempt: ExamAttempt, questions: dict[str, Question], blueprint: ExamBlueprint | None = None
) -> list[ReviewItem]:
    """The attempt's questions in the order shown."""
    ids = attempt.question_ids or list(attempt.answers)
    flags = set(attempt.flags)
    items: list[ReviewItem] = []
    for number, qid in enumerate(ids, start=1):
        question = questions.get(qid)
        correct = bool(attempt.answers.get(qid))
        points = attempt.points.get(qid)
        if points is None and question is not None and blueprint is not None:
            points = _points_by_type(blueprint, question.type)
        earned = attempt.earned.get(qid)
        if earned is None and points is not None and not attempt.earned:
            earned = float(points) if correct else 0.0  # before partial credit, all or nothing
        order = attempt.orders.get(qid)
        if order is not None and question is not None and len(order) != _option_count(question):
            order = None  # the question was edited since: the stored order no longer fits
        items.append(ReviewItem(number, qid, question, points, earned, correct, attempt.responses.get(qid),
                                order, qid in flags))
    return items


def _option_count(question: Question) -> int:
    return len(question.items) if question.type == "order" else len(question.choices)


def _points_by_type(blueprint: ExamBlueprint, qtype: str) -> int | None:
    points = {section.points for section in blueprint.sections if section.type == qtype}
    return points.pop() if len(points) == 1 else None


def wrong_only(items: Iterable[ReviewItem]) -> list[ReviewItem]:
    """Everything not exactly right: wrong, partly right, and unanswered."""
    return [item for item in items if not item.correct]


@dataclass(slots=True)
class BreakdownRow:
    """Points and questions under one knowledge point (知识点) or one source (条文, 报告章节)."""

    key: str
    earned: float = 0.0
    possible: float = 0.0
    right: int = 0
    total: int = 0

    @property
    def lost(self) -> float:
        return self.possible - self.earned


def breakdown(items: Iterable[ReviewItem], keys: Callable[[Question], Iterable[str]]) -> list[BreakdownRow]:
    """Rows per key, most points lost first; a question with several keys counts under each.

    Questions no longer in the bank have no keys and are left out.
    """
    rows: dict[str, BreakdownRow] = {}
    for item in items:
        if item.question is None:
            continue
        for key in dict.fromkeys(keys(item.question)):
            row = rows.setdefault(key, BreakdownRow(key))
            row.total += 1
            row.right += item.correct
            row.possible += item.points or 0
            row.earned += item.earned or 0.0
    return sorted(rows.values(), key=lambda r: (-r.lost, r.right - r.total, r.key))


def by_point(items: Iterable[ReviewItem]) -> list[BreakdownRow]:
    """By knowledge point (the question's `point`)."""
    return breakdown(items, lambda q: [q.point])


def article_keys(question: Question) -> list[str]:
    """The articles (`reg:36`) or report sections (`report:s6`) a question cites, whole-article form.

    Paragraph-level citations (`reg:50.1.4`, `report:s6.6`) are counted under their article or
    section: per-paragraph rows would be one question each.
    """
    keys: list[str] = []
    for source in question.sources:
        citation = parse_citation(source)
        if citation is None:
            continue
        if citation.kind == "reg":
            keys.append(citation.article_source)
        elif citation.kind == "report":
            keys.append(f"report:{citation.target.split('.')[0]}")
        else:
            keys.append(str(citation))
    return keys


def by_article(items: Iterable[ReviewItem]) -> list[BreakdownRow]:
    """By the article of the Regulation (or report section, reference) each question cites."""
    return breakdown(items, article_keys)
