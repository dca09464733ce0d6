"""Spaced review (每日复习) with the FSRS algorithm from the `fsrs` package.

Answers given outside 每日复习 (quizzes, exams, the notebook) are rated Good when right and Again
when wrong, with learning steps off: those modes work by the day, so a question answered there is
next due on a later day, not in ten minutes.

In 每日复习 the learner rates each card Again/Hard/Good/Easy (`rate_card`) with one ten-minute
learning and relearning step, as in Anki: a card rated Again is due again within minutes and comes
back in the same session (see core/review_session.py); Good graduates it to a later day.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from govtui.core.clock import as_utc, local_date, parse_instant

if TYPE_CHECKING:
    from fsrs import Scheduler

# fsrs is imported where a card is scheduled, not here: home counts due cards before its first
# paint, and that needs only the stored due dates (start-up, issue 15).
_scheduler: Scheduler | None = None
_session_scheduler: Scheduler | None = None
STEP = timedelta(minutes=10)
"""The one learning / relearning step of 每日复习 (Anki's relearning default)."""
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
"""fsrs's Rating values (tests/test_review.py checks they still match)."""
RATINGS = (AGAIN, HARD, GOOD, EASY)
_NULLABLE = {"step": None, "stability": None, "difficulty": None, "last_review": None}


def scheduler() -> Scheduler:
    global _scheduler
    if _scheduler is None:
        from fsrs import Scheduler

        _scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    return _scheduler


def session_scheduler() -> Scheduler:
    """The scheduler of 每日复习: one short step, so misses come back while the session lasts."""
    global _session_scheduler
    if _session_scheduler is None:
        from fsrs import Scheduler

        _session_scheduler = Scheduler(learning_steps=(STEP,), relearning_steps=(STEP,), enable_fuzzing=False)
    return _session_scheduler


def review_card(card: dict[str, Any] | None, correct: bool, when: datetime) -> dict[str, Any]:
    """The card after one answer; `card` is a stored dict (None for a question met first time)."""
    return _review(scheduler(), card, GOOD if correct else AGAIN, when)


def rate_card(card: dict[str, Any] | None, rating: int, when: datetime) -> dict[str, Any]:
    """The card after the learner's own rating in 每日复习 (1 Again, 2 Hard, 3 Good, 4 Easy)."""
    if rating not in RATINGS:
        raise ValueError(f"rating must be 1-4, not {rating!r}")
    return _review(session_scheduler(), card, rating, when)


def _review(with_scheduler: Scheduler, card: dict[str, Any] | None, rating: int, when: datetime) -> dict[str, Any]:
    from fsrs import Card, Rating

    # TOML has no null: keys whose value was None are absent in the stored card.
    current = Card.from_dict({**_NULLABLE, **_utc_card(card)}) if card else Card()  # type: ignore[arg-type]
    # A card left in a 每日复习 step and answered in a quiz is fine: fsrs graduates a card whose
    # step is past the scheduler's steps.
    # fsrs accepts only UTC instants (a +08:00 time raises ValueError).
    updated, _log = with_scheduler.review_card(current, Rating(rating), as_utc(when))
    return {k: v for k, v in updated.to_dict().items() if v is not None}


def is_new(card: dict[str, Any]) -> bool:
    """Put into review but never answered (e.g. added from a self-check): counts as a new card."""
    return not card.get("last_review")


def _utc_card(card: dict[str, Any]) -> dict[str, Any]:
    """A stored card with its instants in UTC (files from older versions hold +08:00 or naive times)."""
    fixed = dict(card)
    for key in ("due", "last_review"):
        if fixed.get(key):
            fixed[key] = parse_instant(fixed[key]).isoformat()
    return fixed


def due_now_card(when: datetime) -> dict[str, Any]:
    """A new card due at `when` (used to put questions into today's review)."""
    from fsrs import Card

    card = Card(due=as_utc(when))
    return {k: v for k, v in card.to_dict().items() if v is not None}


def card_due(card: dict[str, Any]) -> datetime:
    """When a stored card is due, in UTC (a stamp without offset is local wall time)."""
    return parse_instant(card["due"])


def fixed_due_seconds(card: dict[str, Any]) -> float | None:
    """When a stored card is due, as POSIX seconds, if that does not depend on the time zone:
    None for a stamp without offset (local wall time) or one that is not a stamp."""
    try:
        due = datetime.fromisoformat(str(card.get("due", "")).strip())
    except ValueError:
        return None
    return due.timestamp() if due.tzinfo is not None else None


def is_due(card: dict[str, Any], now: datetime) -> bool:
    """Due today or earlier, by the learner's local calendar day (so the count does not change by
    the hour, and 07:30 in Beijing is already the new day although UTC still says yesterday)."""
    return local_date(card_due(card)) <= local_date(now)
