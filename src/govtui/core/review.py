"""Spaced review (每日复习) with the FSRS algorithm from the `fsrs` package.

A right answer is rated Good, a wrong one Again. Learning steps are off: govtui reviews by the day,
so a question answered today is next due on a later day, not in ten minutes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler

_scheduler: Scheduler | None = None
_NULLABLE = {"step": None, "stability": None, "difficulty": None, "last_review": None}


def scheduler() -> Scheduler:
    global _scheduler
    if _scheduler is None:
        _scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    return _scheduler


def review_card(card: dict[str, Any] | None, correct: bool, when: datetime) -> dict[str, Any]:
    """The card after one answer; `card` is a stored dict (None for a question met first time)."""
    # TOML has no null: keys whose value was None are absent in the stored card.
    current = Card.from_dict({**_NULLABLE, **card}) if card else Card()  # type: ignore[arg-type]
    updated, _log = scheduler().review_card(current, Rating.Good if correct else Rating.Again, when)
    return {k: v for k, v in updated.to_dict().items() if v is not None}


def due_now_card(when: datetime) -> dict[str, Any]:
    """A new card due at `when` (used to put questions into today's review)."""
    card = Card(due=when)
    return {k: v for k, v in card.to_dict().items() if v is not None}


def card_due(card: dict[str, Any]) -> datetime:
    due = datetime.fromisoformat(card["due"])
    return due if due.tzinfo else due.replace(tzinfo=UTC)


def is_due(card: dict[str, Any], now: datetime) -> bool:
    """Due today or earlier (by the learner's calendar day, so the count does not change by the hour)."""
    due = card_due(card).astimezone(now.tzinfo)
    return due.date() <= now.date()
