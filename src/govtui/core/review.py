"""Spaced review (每日复习) with the FSRS algorithm from the `fsrs` package.

A right answer is rated Good, a wrong one Again. Learning steps are off: govtui reviews by the day,
so a question answered today is next due on a later day, not in ten minutes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fsrs import Card, Rating, Scheduler

from govtui.core.clock import as_utc, local_date, parse_instant

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
    current = Card.from_dict({**_NULLABLE, **_utc_card(card)}) if card else Card()  # type: ignore[arg-type]
    # fsrs accepts only UTC instants (a +08:00 time raises ValueError).
    updated, _log = scheduler().review_card(current, Rating.Good if correct else Rating.Again, as_utc(when))
    return {k: v for k, v in updated.to_dict().items() if v is not None}


def _utc_card(card: dict[str, Any]) -> dict[str, Any]:
    """A stored card with its instants in UTC (files from older versions hold +08:00 or naive times)."""
    fixed = dict(card)
    for key in ("due", "last_review"):
        if fixed.get(key):
            fixed[key] = parse_instant(fixed[key]).isoformat()
    return fixed


def due_now_card(when: datetime) -> dict[str, Any]:
    """A new card due at `when` (used to put questions into today's review)."""
    card = Card(due=as_utc(when))
    return {k: v for k, v in card.to_dict().items() if v is not None}


def card_due(card: dict[str, Any]) -> datetime:
    """When a stored card is due, in UTC (a stamp without offset is local wall time)."""
    return parse_instant(card["due"])


def is_due(card: dict[str, Any], now: datetime) -> bool:
    """Due today or earlier, by the learner's local calendar day (so the count does not change by
    the hour, and 07:30 in Beijing is already the new day although UTC still says yesterday)."""
    return local_date(card_due(card)) <= local_date(now)
