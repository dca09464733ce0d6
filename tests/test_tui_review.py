"""每日复习 like Anki, by key: daily limit, ratings Again/Good/Easy, the miss again, the summary, what is saved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler
from tui_helpers import answer, make_app, screen_text
from zones import ZONES, in_zone

from govtui.core import clock
from govtui.core.progress import ProgressStore, QuestionRecord
from govtui.tui.screens.home import HomeScreen
from govtui.tui.screens.review import ReviewScreen
from govtui.tui.screens.review_settings import ReviewSettingsDialog

MORNING = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 07:30 on 1 December in Beijing


@pytest.fixture(params=ZONES)
def zone(request: pytest.FixtureRequest) -> Iterator[str]:
    with in_zone(request.param), clock.frozen(MORNING):
        yield request.param


def objective(course, count: int):
    return [q for q in course.questions.values() if q.type in ("single", "truefalse")][:count]


def seed(store: ProgressStore, course) -> tuple[list, list, dict[str, dict]]:
    """Three learned cards due today (oldest first) and two new ones; limits 2 due and 1 new a day."""
    questions = objective(course, 5)
    learned, new = questions[:3], questions[3:]
    profile = store.create("钱七", "yuzhong")
    for number, question in enumerate(learned):
        card = {"card_id": number + 1, "state": 2, "stability": 3.0, "difficulty": 5.0,
                "due": clock.stamp(MORNING - timedelta(hours=5 - number)),
                "last_review": clock.stamp(MORNING - timedelta(days=3))}
        profile.questions[question.id] = QuestionRecord(right=1, streak=1, card=card)
    profile.schedule_now([q.id for q in new])
    profile.settings.new_per_day, profile.settings.due_per_day = 1, 2
    store.save(profile)
    return learned, new, {qid: dict(r.card) for qid, r in profile.questions.items()}


def replay(card: dict, ratings: list[Rating]) -> dict:
    """What fsrs itself makes of the ratings (the review's scheduler: one ten-minute step)."""
    scheduler = Scheduler(learning_steps=(timedelta(minutes=10),), relearning_steps=(timedelta(minutes=10),),
                          enable_fuzzing=False)
    current = Card.from_dict({"step": None, "stability": None, "difficulty": None, "last_review": None, **card})
    for rating in ratings:
        current, _ = scheduler.review_card(current, rating, MORNING)
    return {k: v for k, v in current.to_dict().items() if v is not None}


async def test_review_with_limits_ratings_relearning_and_summary(bundled, isolated_data_dir: Path, zone: str) -> None:
    store = ProgressStore(isolated_data_dir)
    learned, new, before = seed(store, bundled)
    app = make_app(bundled, isolated_data_dir, profile="钱七")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "今日复习 3 题" in screen_text(app)  # 2 of 3 learned + 1 of 2 new: the daily limits
        await pilot.press("v")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        session = review.session
        assert [q.id for q in session.queue] == [learned[0].id, learned[1].id, new[0].id]

        # 1) Wrong: only Again. Pressing 3 (Good) says so and changes nothing; Enter rates Again.
        missed = session.current
        await answer(pilot, missed, session.orders[missed.id], correct=False)
        assert "回答错误" in screen_text(app) and "答错的题评为“重来”" in screen_text(app)
        await pilot.press("3")
        await pilot.pause()
        assert session.current is missed and session.answered
        await pilot.press("enter")
        await pilot.pause()
        # 2) Right: Good is preselected; Enter confirms it.
        second = session.current
        await answer(pilot, second, session.orders[second.id], correct=True)
        assert "回车 = 良好" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        # 3) Right, rated Easy with 4.
        third = session.current
        assert third.id == new[0].id and "新题" in screen_text(app)
        await answer(pilot, third, session.orders[third.id], correct=True)
        await pilot.press("4")
        await pilot.pause()
        # 4) The miss comes back in the same session; right this time, Good.
        assert session.current is missed and "重新学习" in screen_text(app)
        await answer(pilot, missed, session.orders[missed.id], correct=True)
        await pilot.press("enter")
        await pilot.pause()

        text = screen_text(app)
        assert "本次复习小结" in text and "复习 3 题（其中新题 1 题）" in text
        assert "重来 1 · 困难 0 · 良好 2 · 简单 1" in text and "答错的题又出现了 1 次" in text
        tomorrow = clock.today() + timedelta(days=1)
        saved = store.find("钱七")
        expected_tomorrow = sum(1 for r in saved.questions.values() if clock.local_date(r.card["due"]) <= tomorrow)
        # At least the learned card and the new card the limits held back (the relearned miss may join them).
        assert expected_tomorrow >= 2
        assert f"明天（{tomorrow.month}月{tomorrow.day}日 {clock.weekday_name(tomorrow)}）到期 {expected_tomorrow} 题" in text
        assert "今天另有 2 题超出每日上限" in text and "答错的 1 题已收入错题本" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and "今日复习 0 题" in screen_text(app)
        assert "错题本 1 题" in screen_text(app)
        await pilot.press("w")
        await pilot.pause()
        assert "错题本：1 题" in screen_text(app)  # the notebook screen agrees with the review

    saved = ProgressStore(isolated_data_dir).find("钱七")
    ratings = {missed.id: [Rating.Again, Rating.Good], second.id: [Rating.Good], third.id: [Rating.Easy]}
    for qid, given in ratings.items():
        card = saved.questions[qid].card
        expected = replay(before[qid], given)
        for key in ("state", "step", "due", "last_review"):
            assert card.get(key) == expected.get(key), (qid, key)
        for key in ("stability", "difficulty"):
            assert card[key] == pytest.approx(expected[key]), (qid, key)
    assert saved.questions[missed.id].card["state"] == 2  # relearned: Review again
    record = saved.questions[missed.id]
    assert (record.wrong, record.right, record.in_notebook) == (1, 2, True)  # the notebook agrees
    day = saved.review_day(clock.today())
    assert (day.new, day.due) == (1, 2)
    for held in (learned[2].id, new[1].id):
        assert saved.questions[held].card == before[held]  # untouched, due another day


async def test_limits_are_changed_in_the_learners_settings(bundled, isolated_data_dir: Path, zone: str) -> None:
    store = ProgressStore(isolated_data_dir)
    seed(store, bundled)
    app = make_app(bundled, isolated_data_dir, profile="钱七")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "今日复习 3 题" in screen_text(app)
        from govtui.tui.screens.review_settings import open_review_settings

        open_review_settings(app)
        await pilot.pause()
        assert isinstance(app.screen, ReviewSettingsDialog)
        await pilot.press("5", "enter", "9", "enter")  # each box selects its value on focus
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.screen.refresh_plan()
        assert "今日复习 5 题" in screen_text(app)
    saved = ProgressStore(isolated_data_dir).find("钱七")
    assert (saved.settings.new_per_day, saved.settings.due_per_day) == (5, 9)


async def test_study_calendar_on_home_shows_the_streak(bundled, isolated_data_dir: Path, zone: str) -> None:
    store = ProgressStore(isolated_data_dir)
    profile = store.create("孙八", None)
    today = clock.today()
    for back in (1, 2):
        profile.study_days[(today - timedelta(days=back)).isoformat()] = 300
    profile.count_review(new=False)  # reviewed today: today counts too
    store.save(profile)
    app = make_app(bundled, isolated_data_dir, profile="孙八")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "学习日历" in text and "连续 3 天" in text
        line = next(t for t in text.splitlines() if t.startswith("学习日历"))
        assert len(line) <= 78  # one line at 80 columns
