"""One 每日复习 session, as in Anki: daily limits, the learner's rating, misses relearned the same day.

- **Daily limits.** At most `new_per_day` new cards (put into review but never answered, e.g. from a
  self-check) and `due_per_day` cards already learned, per local calendar day. Cards first shown in
  earlier sessions of the same day count against the limits. Defaults: 10 new and 50 due. An
  objective question takes about 20-40 s to answer and read the explanation of (new ones the longer,
  and about a third of them come back once after a miss), so the worst day is roughly 10 x 40 s +
  50 x 10 s ~ 15 minutes. 10 new a day brings the whole bank (about 300 questions) in within a month;
  with FSRS at 90 % retention the reviews this causes stay well under 50 a day.
- **Ratings.** After the answer is shown: right answers get Good preselected and may be changed to
  Again (a lucky guess), Hard or Easy; wrong answers are Again only. Anki lets a learner rate a miss
  higher because its cards are self-graded; here the answer is graded objectively, and the issue asks
  that wrong be Again, so a miss never moves a card to a later day or out of relearning.
- **Relearning.** A card whose next due time falls within `LEARN_AHEAD` of now (Again, or Hard on a
  new card: due in 10-15 minutes) goes back to the end of the queue and is shown again in this
  session; it counts once against the daily limits.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from govtui.core import clock
from govtui.core.model import Question
from govtui.core.progress import Profile
from govtui.core.review import AGAIN, EASY, GOOD, HARD, RATINGS, card_due, is_due, is_new

if TYPE_CHECKING:  # core.quiz is imported by the session itself: home needs only plan_today
    from govtui.core.quiz import Response

DEFAULT_NEW_PER_DAY = 10
DEFAULT_DUE_PER_DAY = 50
LEARN_AHEAD = timedelta(minutes=20)
"""Anki's learn-ahead limit: a card due within this much time is shown again in the session."""
RATING_NAMES = {AGAIN: "重来", HARD: "困难", GOOD: "良好", EASY: "简单"}


@dataclass(frozen=True, slots=True)
class DailyLimits:
    new: int
    due: int


def limits_of(profile: Profile) -> DailyLimits:
    """The learner's daily limits (their settings, else the defaults)."""
    settings = profile.settings
    new = settings.new_per_day if settings.new_per_day is not None else DEFAULT_NEW_PER_DAY
    due = settings.due_per_day if settings.due_per_day is not None else DEFAULT_DUE_PER_DAY
    return DailyLimits(new, due)


@dataclass(frozen=True, slots=True)
class TodayPlan:
    """What today's review holds: ids in the order shown, and what the limits leave for later days."""

    due: list[str]
    new: list[str]
    due_held_back: int
    new_held_back: int

    @property
    def ids(self) -> list[str]:
        return self.due + self.new

    @property
    def held_back(self) -> int:
        return self.due_held_back + self.new_held_back


def plan_today(profile: Profile, when: datetime | None = None) -> TodayPlan:
    """Today's cards within the daily limits: already learned ones first (oldest due first), then new.

    A card left in a (re)learning step by an earlier session is always included, first (as in
    Anki, learning cards are not limited): it was counted when first shown. Only 每日复习 puts
    cards in a step; other modes schedule by the day.
    """
    moment = when or clock.utc_now()
    limits = limits_of(profile)
    done = profile.review_day(clock.local_date(moment))
    due: list[str] = []
    new: list[str] = []
    relearning: list[str] = []
    for question_id in profile.due_questions(moment):
        card = profile.questions[question_id].card or {}
        if is_new(card):
            new.append(question_id)
        elif card.get("step") is not None:
            relearning.append(question_id)
        else:
            due.append(question_id)
    due_room = max(0, limits.due - done.due)
    new_room = max(0, limits.new - done.new)
    return TodayPlan(relearning + due[:due_room], new[:new_room], max(0, len(due) - due_room), max(0, len(new) - new_room))


def allowed_ratings(correct: bool) -> tuple[int, ...]:
    """Wrong is Again only; right may be any rating (see the module docstring)."""
    return RATINGS if correct else (AGAIN,)


def default_rating(correct: bool) -> int:
    return GOOD if correct else AGAIN


@dataclass(slots=True)
class ReviewSummary:
    """The end-of-session summary (本次复习小结)."""

    reviewed: int
    new: int
    ratings: dict[int, int]
    seconds: int
    due_tomorrow: int
    tomorrow: date
    planned_tomorrow: int
    """Of those, what tomorrow's daily limits let in."""


@dataclass(slots=True)
class ReviewSession:
    """Today's cards as a queue; misses are appended again and shown later in the same session."""

    queue: list[Question]
    new_ids: set[str]
    rng: random.Random = field(default_factory=random.Random)
    started: datetime = field(default_factory=clock.utc_now)
    index: int = 0
    orders: dict[str, list[int]] = field(default_factory=dict)
    correct: bool | None = None
    """The answer to the card shown now (None before it is answered)."""
    rating: int | None = None
    """The rating chosen for the card shown now (preselected after the answer)."""
    seen: list[str] = field(default_factory=list)
    ratings: Counter[int] = field(default_factory=Counter)
    requeued: int = 0
    missed: set[str] = field(default_factory=set)
    """Cards answered wrong at least once in this session (now in the 错题本)."""

    def __post_init__(self) -> None:
        from govtui.core.quiz import display_order

        for question in self.queue:
            self.orders[question.id] = display_order(question, self.rng)

    @property
    def questions(self) -> list[Question]:
        return self.queue

    @property
    def current(self) -> Question | None:
        return self.queue[self.index] if self.index < len(self.queue) else None

    @property
    def finished(self) -> bool:
        return self.index >= len(self.queue)

    @property
    def answered(self) -> bool:
        return self.correct is not None

    @property
    def relearning(self) -> bool:
        """The card shown now was already shown in this session (a miss coming back)."""
        question = self.current
        return question is not None and question.id in self.seen

    @property
    def remaining(self) -> int:
        return len(self.queue) - self.index

    def answer(self, response: Response) -> bool:
        """Grade the card shown now (once) and preselect its rating."""
        question = self.current
        if question is None:
            raise RuntimeError("review already finished")
        if self.correct is None:
            from govtui.core.quiz import grade

            self.correct = grade(question, response)
            self.rating = default_rating(self.correct)
        return self.correct

    def choose(self, rating: int) -> bool:
        """Change the preselected rating; False if not allowed for this answer."""
        if self.correct is None or rating not in allowed_ratings(self.correct):
            return False
        self.rating = rating
        return True

    def rate(self, profile: Profile, clear_after: int, when: datetime | None = None) -> bool:
        """Record the answer with the chosen rating and move on; True if the card comes back this session.

        Goes through the Profile API (record_answer, count_review) only: how answers are stored is
        the store's business.
        """
        question = self.current
        if question is None or self.correct is None or self.rating is None:
            raise RuntimeError("no answered card to rate")
        moment = clock.as_utc(when) if when else clock.utc_now()
        first_time = question.id not in self.seen
        if first_time:
            profile.count_review(question.id in self.new_ids, moment)
            self.seen.append(question.id)
        profile.record_answer(question.id, self.correct, clear_after, moment, rating=self.rating)
        self.ratings[self.rating] += 1
        if not self.correct:
            self.missed.add(question.id)
        card = profile.questions[question.id].card or {}
        comes_back = card_due(card) <= moment + LEARN_AHEAD
        if comes_back:
            self.queue.append(question)
            self.requeued += 1
        self.index += 1
        self.correct = self.rating = None
        return comes_back

    def elapsed_seconds(self, when: datetime | None = None) -> int:
        moment = clock.as_utc(when) if when else clock.utc_now()
        return max(0, int((moment - clock.as_utc(self.started)).total_seconds()))

    def summary(self, profile: Profile, when: datetime | None = None) -> ReviewSummary:
        moment = clock.as_utc(when) if when else clock.utc_now()
        tomorrow = clock.local_date(moment) + timedelta(days=1)
        return ReviewSummary(
            reviewed=len(self.seen),
            new=sum(1 for qid in self.seen if qid in self.new_ids),
            ratings={r: self.ratings.get(r, 0) for r in RATINGS},
            seconds=self.elapsed_seconds(moment),
            due_tomorrow=due_on(profile, tomorrow),
            tomorrow=tomorrow,
            planned_tomorrow=len(plan_today(profile, _noon(tomorrow)).ids),
        )


def due_on(profile: Profile, day: date) -> int:
    """Cards that will be due on local `day` (including any not done by then), before daily limits."""
    noon = _noon(day)
    return sum(1 for r in profile.questions.values() if r.card and is_due(r.card, noon))


def _noon(day: date) -> datetime:
    """An instant on local `day` (noon: far from midnight whatever the zone's offset)."""
    return clock.as_utc(datetime(day.year, day.month, day.day, 12))


def start_session(
    profile: Profile, find: Callable[[str], Question | None], rng: random.Random
) -> tuple[ReviewSession, TodayPlan]:
    """Today's session; ids without a question in the course (removed from the bank) are skipped."""
    plan = plan_today(profile)
    queue = [question for qid in plan.ids if (question := find(qid)) is not None]
    return ReviewSession(queue, set(plan.new), rng), plan


def next_intervals(card: dict | None, when: datetime | None = None) -> dict[int, timedelta]:
    """How long until the card is due again after each rating (shown on the rating keys, as in Anki)."""
    from govtui.core.review import rate_card

    moment = clock.as_utc(when) if when else clock.utc_now()
    return {rating: card_due(rate_card(card, rating, moment)) - moment for rating in RATINGS}


def interval_text(delta: timedelta) -> str:
    """10分钟, 3小时, 4天, 2个月."""
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes < 60:
        return f"{minutes}分钟"
    if minutes < 24 * 60:
        return f"{round(minutes / 60)}小时"
    days = round(minutes / (24 * 60))
    return f"{days}天" if days < 60 else f"{round(days / 30)}个月"
