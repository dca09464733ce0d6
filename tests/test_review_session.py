"""每日复习 rules (core): daily limits, ratings allowed, relearning in the session, summary, settings."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from zones import ZONES, in_zone

from govtui.core import clock
from govtui.core.profile_file import ShapeError, read_shape
from govtui.core.progress import Profile, ProgressStore, QuestionRecord
from govtui.core.review import AGAIN, EASY, GOOD, HARD, card_due
from govtui.core.review_session import (
    DEFAULT_DUE_PER_DAY,
    DEFAULT_NEW_PER_DAY,
    ReviewSession,
    interval_text,
    limits_of,
    plan_today,
)

NOW = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 07:30 on 1 December in Beijing, still 30 November in UTC


@pytest.fixture(params=ZONES)
def zone(request: pytest.FixtureRequest) -> Iterator[str]:
    with in_zone(request.param), clock.frozen(NOW):
        yield request.param


def learned_card(number: int, due: datetime) -> dict:
    return {"card_id": number, "state": 2, "stability": 3.0, "difficulty": 5.0,
            "due": clock.stamp(due), "last_review": clock.stamp(due - timedelta(days=3))}


def learner(due: int, new: int) -> Profile:
    profile = Profile("p-000000000001", "甲", None, clock.now_stamp())
    for number in range(due):
        # Oldest due first: d-0 is the most overdue.
        profile.questions[f"d-{number}"] = QuestionRecord(right=1, card=learned_card(number + 1, NOW - timedelta(hours=10 - number)))
    profile.schedule_now([f"n-{number}" for number in range(new)])
    return profile


def test_defaults_fit_about_fifteen_minutes() -> None:
    # New: ~40 s with the explanation; learned: ~10 s (see review_session's docstring).
    assert (DEFAULT_NEW_PER_DAY * 40 + DEFAULT_DUE_PER_DAY * 10) / 60 <= 16
    assert limits_of(learner(0, 0)).new == DEFAULT_NEW_PER_DAY


def test_plan_keeps_to_the_daily_limits_oldest_due_first(zone: str) -> None:
    profile = learner(due=5, new=4)
    profile.settings.new_per_day, profile.settings.due_per_day = 2, 3
    plan = plan_today(profile)
    assert plan.due == ["d-0", "d-1", "d-2"] and plan.new == ["n-0", "n-1"]
    assert (plan.due_held_back, plan.new_held_back) == (2, 2)


def test_cards_shown_earlier_today_count_against_the_limits(zone: str) -> None:
    profile = learner(due=5, new=4)
    profile.settings.new_per_day, profile.settings.due_per_day = 2, 3
    profile.count_review(new=True)
    profile.count_review(new=False)
    profile.count_review(new=False)
    plan = plan_today(profile)
    assert plan.due == ["d-0"] and plan.new == ["n-0"]
    # Yesterday's counts do not: the limits are per local calendar day.
    with clock.frozen(NOW + timedelta(days=1)):
        assert len(plan_today(profile).due) == 3


def test_a_wrong_answer_is_again_only_and_comes_back_in_the_session(zone: str) -> None:
    profile = learner(due=2, new=0)
    session = ReviewSession(_questions(["d-0", "d-1"]), set(), random.Random(1))
    session.correct, session.rating = False, AGAIN  # as answer() leaves a wrong answer
    for higher in (HARD, GOOD, EASY):
        assert not session.choose(higher)
    assert session.rating == AGAIN
    assert session.rate(profile, clear_after=3) is True
    assert [q.id for q in session.queue] == ["d-0", "d-1", "d-0"]
    card = profile.questions["d-0"].card
    assert card["state"] == 3 and card_due(card) == NOW + timedelta(minutes=10)  # Relearning, ten minutes
    assert profile.questions["d-0"].in_notebook

    session.correct, session.rating = True, GOOD
    assert session.choose(EASY) and session.rate(profile, clear_after=3) is False
    assert session.relearning and session.current.id == "d-0"  # the miss again, at the end
    session.correct, session.rating = True, GOOD
    assert session.rate(profile, clear_after=3) is False and session.finished
    assert profile.questions["d-0"].card["state"] == 2  # relearned: back to Review, a later day

    summary = session.summary(profile)
    assert (summary.reviewed, summary.new) == (2, 0)
    assert summary.ratings == {AGAIN: 1, HARD: 0, GOOD: 1, EASY: 1}
    assert profile.review_day(clock.today()).due == 2  # counted once each, not per showing


def test_right_answers_may_be_rated_again_hard_or_easy(zone: str) -> None:
    session = ReviewSession(_questions(["d-0"]), set())
    session.correct, session.rating = True, GOOD
    assert all(session.choose(r) for r in (AGAIN, HARD, EASY, GOOD))


def test_relearning_cards_from_an_earlier_session_are_not_limited(zone: str) -> None:
    profile = learner(due=3, new=0)
    profile.settings.due_per_day = 1
    session = ReviewSession(_questions(["d-0"]), set())
    session.correct, session.rating = False, AGAIN
    session.rate(profile, clear_after=3)  # then the learner leaves before it comes back
    with clock.frozen(NOW + timedelta(minutes=15)):  # due again, same local day in both zones
        plan = plan_today(profile)
    assert plan.due == ["d-0"] and plan.due_held_back == 2


def test_tomorrows_forecast_is_by_local_date(zone: str) -> None:
    profile = learner(due=0, new=0)
    tomorrow = clock.today() + timedelta(days=1)
    local_tomorrow_morning = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 8).astimezone()
    profile.questions["t"] = QuestionRecord(card=learned_card(9, local_tomorrow_morning))
    profile.questions["later"] = QuestionRecord(card=learned_card(10, local_tomorrow_morning + timedelta(days=1)))
    summary = ReviewSession([], set()).summary(profile)
    assert summary.tomorrow == tomorrow and summary.due_tomorrow == 1 and summary.planned_tomorrow == 1
    profile.settings.due_per_day = 0
    assert ReviewSession([], set()).summary(profile).planned_tomorrow == 0


def test_review_days_count_for_streaks(zone: str) -> None:
    profile = learner(due=0, new=0)
    today = clock.today()
    profile.study_days[(today - timedelta(days=1)).isoformat()] = 60
    assert profile.streak() == 1
    profile.count_review(new=False)
    assert profile.studied_on(today) and profile.streak() == 2


def test_limits_and_review_days_round_trip(tmp_path: Path, zone: str) -> None:
    store = ProgressStore(tmp_path)
    profile = store.create("乙", None)
    profile.settings.new_per_day, profile.settings.due_per_day = 5, 30
    profile.count_review(new=True)
    profile.add_review_time(95)
    store.save(profile)
    again = ProgressStore(tmp_path).find("乙")
    assert (again.settings.new_per_day, again.settings.due_per_day) == (5, 30)
    day = again.review_day(clock.today())
    assert (day.new, day.due, day.seconds) == (1, 0, 95)
    assert again.review_day(date(2000, 1, 1)).new == 0


def test_a_limit_out_of_range_or_a_bad_day_is_refused() -> None:
    base = {"schema_version": 1, "profile": {"name": "甲"}}
    with pytest.raises(ShapeError):
        read_shape({**base, "settings": {"new_per_day": -1}})
    with pytest.raises(ShapeError, match="review_days"):
        read_shape({**base, "review_days": {"昨天": {"new": 1}}})


def test_interval_text() -> None:
    assert [interval_text(timedelta(minutes=m)) for m in (10, 90, 60 * 24 * 3, 60 * 24 * 90)] == [
        "10分钟", "2小时", "3天", "3个月"]


def _questions(ids: list[str]):
    from govtui.core.model import Question

    return [Question(id=i, type="truefalse", stem="题", explanation="", sources=[], point="p", difficulty=1,
                     choices=[], answer=True, items=[], bank="b", module="m", path=Path("b.toml"), line=1) for i in ids]
