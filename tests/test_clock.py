"""Local-midnight edges: at 07:30 in Beijing it is 23:30 UTC the day before.

Every test runs in both zones and states what each zone must decide, so a date taken from UTC
(or from the wrong side of midnight) fails in one of them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from zones import BEIJING, ZONES, in_zone

from govtui.core import clock
from govtui.core.progress import ProgressStore
from govtui.core.review import is_due
from govtui.core.selfcheck import new_session

# 2026-12-01 07:30 in Beijing, still 2026-11-30 in UTC.
EARLY_BEIJING = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
LOCAL_DAY = {BEIJING: date(2026, 12, 1), "UTC": date(2026, 11, 30)}


@pytest.fixture(params=ZONES)
def zone(request: pytest.FixtureRequest) -> Iterator[str]:
    with in_zone(request.param), clock.frozen(EARLY_BEIJING):
        yield request.param


def test_today_is_the_local_date(zone: str) -> None:
    assert clock.today() == LOCAL_DAY[zone]
    assert clock.utc_now() == EARLY_BEIJING
    assert clock.now_stamp() == "2026-11-30T23:30:00+00:00"


def test_stamps_show_in_local_time(zone: str) -> None:
    expected = {BEIJING: "2026-12-01 07:30", "UTC": "2026-11-30 23:30"}[zone]
    assert clock.local_minute_text("2026-11-30T23:30:00+00:00") == expected
    assert clock.local_date_text("2026-11-30T23:30:00+00:00") == LOCAL_DAY[zone].isoformat()
    assert clock.local_date_text("not a date") == ""
    assert clock.weekday_name(date(2026, 12, 1)) == "星期二"


def test_older_stamps_with_offset_or_without_are_read(zone: str) -> None:
    # Older files stored local time with +08:00; hand-edited ones may carry no offset (local wall time).
    assert clock.parse_instant("2026-12-01T07:30:00+08:00") == EARLY_BEIJING
    naive = clock.parse_instant("2026-12-01T07:30:00")
    assert naive.tzinfo == UTC
    assert clock.local_minute_text(naive) == "2026-12-01 07:30"


def test_review_due_today_follows_the_local_day(zone: str) -> None:
    # Due at 09:00 Beijing on 1 December: at 07:30 that morning a Beijing learner sees it today;
    # in UTC it is still 30 November, so it is not due yet.
    card = {"due": "2026-12-01T01:00:00+00:00"}
    assert is_due(card, clock.utc_now()) is (zone == BEIJING)


def test_answer_in_the_early_morning_schedules_a_later_local_day(zone: str, tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    profile = store.create("张三", None)
    profile.record_answer("q-1", True, clear_after=2)
    profile.record_answer("q-2", False, clear_after=2)
    store.save(profile)
    data = tomllib.loads(store.path_for(profile.id).read_text(encoding="utf-8"))
    # Instants are stored in UTC, whatever the zone.
    assert data["questions"]["q-2"]["last_wrong_at"] == "2026-11-30T23:30:00+00:00"
    assert data["questions"]["q-1"]["card"]["due"].endswith("+00:00")
    due = clock.local_date(data["questions"]["q-1"]["card"]["due"])
    assert due > LOCAL_DAY[zone]
    assert profile.due_questions() == []


def test_study_time_counts_on_the_local_day_and_streaks(zone: str, tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    profile = store.create("张三", None)
    evening_before = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # 22:00 Beijing, 30 Nov in both zones
    profile.add_study_time("report-overview", 600, evening_before)
    profile.add_study_time("report-overview", 300)  # now: 07:30 Beijing
    store.save(profile)
    again = store.find("张三")
    assert again is not None
    if zone == BEIJING:
        assert again.study_days == {"2026-11-30": 600, "2026-12-01": 300}
        assert again.streak() == 2
    else:
        assert again.study_days == {"2026-11-30": 900}
        assert again.streak() == 1
    assert again.study_seconds_on(clock.today()) == (300 if zone == BEIJING else 900)
    assert again.study_seconds == 900


def test_self_check_date_defaults_to_the_local_day(zone: str) -> None:
    session = new_session("某某镇人民政府", "township", [])
    assert session.date == LOCAL_DAY[zone].isoformat()
    assert session.created_at == "2026-11-30T23:30:00+00:00"


def test_streak_is_zero_after_a_missed_day(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    profile = store.create("李四", None)
    profile.study_days = {"2026-11-28": 60}
    assert profile.streak(date(2026, 12, 1)) == 0
    profile.study_days["2026-11-30"] = 60
    assert profile.streak(date(2026, 12, 1)) == 1


FIXTURE = Path(__file__).parent / "fixtures" / "profile-older-stamps.toml"


@pytest.mark.parametrize("name", ZONES)
def test_a_profile_with_older_stamps_loads_and_reviews(name: str, tmp_path: Path) -> None:
    """Stamps with +08:00 or no offset, and cards due at +08:00, load, review and save in UTC."""
    store = ProgressStore(tmp_path)
    store.profile_dir.mkdir(parents=True)
    (store.profile_dir / "p-3f1f0a6c8d2e.toml").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    # 08:00 on 26 November in Beijing: the card due at 09:15 that day is due "today" there.
    with in_zone(name), clock.frozen(datetime(2026, 11, 26, 0, 0, tzinfo=UTC)):
        profiles, damaged = store.list_profiles()
        assert not damaged and [p.name for p in profiles] == ["王五"]
        profile = profiles[0]
        assert profile.study_seconds == 2100
        assert profile.notebook() == ["rpa-002"]
        assert profile.due_questions() == ["rpa-002"]
        assert clock.local_minute_text(profile.exams[0].at) == (
            "2026-11-22 07:45" if name == BEIJING else "2026-11-21 23:45"
        )
        profile.record_answer("rpa-002", True, clear_after=2)
        profile.record_answer("rpa-001", False, clear_after=2)
        store.save(profile)
        data = tomllib.loads(store.path_for(profile.id).read_text(encoding="utf-8"))
        for qid in ("rpa-001", "rpa-002"):
            card = data["questions"][qid]["card"]
            assert card["due"].endswith("+00:00") and card["last_review"].endswith("+00:00")
        assert data["questions"]["rpa-001"]["last_wrong_at"] == "2026-11-26T00:00:00+00:00"
        assert data["profile"]["created_at"] == "2026-11-20T08:05:11+08:00"  # kept as written
