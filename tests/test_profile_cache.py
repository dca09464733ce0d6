"""The ready-made copy of a large learner record (core/profile_cache.py): used only when it is the
copy of exactly these bytes in this format, and then the same learner as parsing the TOML gives."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import pytest
from zones import BEIJING, UTC_ZONE, in_zone

from govtui import __version__
from govtui.core import clock, profile_cache
from govtui.core.profile_file import SCHEMA_VERSION, keep_unknown, unknown_parts
from govtui.core.progress import (
    CachedRecord,
    ExamAttempt,
    Profile,
    ProgressStore,
    QuestionRecord,
    QuizAttempt,
    _cache_layout,
)
from govtui.core.review import card_due, is_due

WHEN = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    store = ProgressStore(tmp_path)
    store.journal_from = 0  # every record counts as large: it gets a copy
    return store


def learner(store: ProgressStore) -> Profile:
    profile = store.create("张三", None)
    for n in range(40):
        profile.record_answer(f"q-{n % 25}", n % 3 != 0, 3, WHEN + timedelta(hours=n))
    profile.record_attempt(QuizAttempt("reg-scope", clock.stamp(WHEN), 9, 10, {"q-1": True, "q-2": False}), 80)
    profile.exams.append(ExamAttempt("mock", clock.stamp(WHEN), 70, 60, 900, False, {"q-3": True}, {"q-3": "A"},
                                     question_ids=["q-3"], points={"q-3": 2}, earned={"q-3": 2.0}))
    profile.add_study_time("reg-scope", 600, WHEN)
    profile.count_review(new=True, when=WHEN)
    store.save(profile)
    store.compact(profile)
    return profile


def copy_path(store: ProgressStore, profile: Profile) -> Path:
    return profile_cache.path_of(store.profile_dir, profile.id)


def same_learner(a: Profile, b: Profile) -> None:
    assert (a.name, a.unit_id, a.created_at) == (b.name, b.unit_id, b.created_at)
    assert a.questions == b.questions and a.attempts == b.attempts and a.exams == b.exams
    assert a.modules == b.modules and a.study_days == b.study_days and a.review_days == b.review_days
    assert a.settings == b.settings


def parsed(store: ProgressStore, profile_id: str) -> Profile:
    """The learner as the TOML alone gives it (no copy)."""
    plain = ProgressStore(store.data_dir)
    plain.journal_from = 10**12  # nothing is large: no copy is read or written
    return plain.find_by_id(profile_id)


def test_the_copy_gives_the_learner_the_toml_gives(store: ProgressStore) -> None:
    profile = learner(store)
    assert copy_path(store, profile).is_file()
    from_copy = store.find_by_id(profile.id)
    same_learner(from_copy, parsed(store, profile.id))
    same_learner(from_copy, profile)
    assert from_copy.due_cache, "card due times come from the copy, not parsed again"
    assert from_copy.due_questions(WHEN + timedelta(days=30)) == profile.due_questions(WHEN + timedelta(days=30))


def test_a_copy_in_the_first_format_is_rebuilt_not_misread(store: ProgressStore) -> None:
    profile = learner(store)
    path = store.path_for(profile.id)
    raw = path.read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    data["profile"]["name"] = "别人"  # what a misread copy would show
    from govtui.core import journal

    old_key = f"{SCHEMA_VERSION}:{__version__}:{journal.digest(raw)}"  # how format 1 named its record
    copy_path(store, profile).write_bytes(msgspec.msgpack.encode({"key": old_key, "data": data}))
    again = store.find_by_id(profile.id)
    assert again.name == "张三"
    same_learner(again, profile)
    envelope = msgspec.msgpack.decode(copy_path(store, profile).read_bytes())
    assert envelope[0] == profile_cache.FORMAT  # rewritten in the current format
    same_learner(store.find_by_id(profile.id), profile)


@pytest.mark.parametrize("where", [0.3, 0.6, 0.95])
def test_a_damaged_copy_is_rebuilt_from_the_toml(store: ProgressStore, where: float) -> None:
    profile = learner(store)
    copy = copy_path(store, profile)
    damaged = bytearray(copy.read_bytes())
    damaged[int(len(damaged) * where)] ^= 0x04  # one bit flipped inside the body
    copy.write_bytes(bytes(damaged))
    key = profile_cache.digest(store.path_for(profile.id).read_bytes())
    assert profile_cache.load(store.profile_dir, profile.id, key, _cache_layout(), CachedRecord) is None
    same_learner(store.find_by_id(profile.id), profile)
    assert copy.read_bytes() != bytes(damaged)
    assert profile_cache.load(store.profile_dir, profile.id, key, _cache_layout(), CachedRecord) is not None  # made again


def test_a_copy_of_other_bytes_is_not_used(store: ProgressStore) -> None:
    profile = learner(store)
    path = store.path_for(profile.id)
    path.write_text(path.read_text(encoding="utf-8").replace('name = "张三"', 'name = "张三（改）"'), encoding="utf-8")
    assert store.find_by_id(profile.id).name == "张三（改）"


def test_keys_this_version_does_not_know_survive_a_save_through_the_copy(store: ProgressStore) -> None:
    profile = learner(store)
    path = store.path_for(profile.id)
    text = path.read_text(encoding="utf-8")
    text = text.replace("[questions.q-1]\n", '[questions.q-1]\nfuture_note = "来自新版本"\n', 1)
    path.write_text(text + '\n[future_table]\nkept = 1\n', encoding="utf-8")
    parsed(store, profile.id)  # (the integrity counts still match: the file is valid)
    store.find_by_id(profile.id)  # makes the copy
    loaded = store.find_by_id(profile.id)  # read from it
    assert loaded.source == {"future_table": {"kept": 1}, "questions": {"q-1": {"future_note": "来自新版本"}}}
    loaded.record_answer("q-1", True, 3, WHEN)
    loaded.backed_up = True
    store.save(loaded)
    store.compact(loaded)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["future_table"] == {"kept": 1}
    assert data["questions"]["q-1"]["future_note"] == "来自新版本"
    assert store.find_by_id(profile.id).questions["q-1"].right == loaded.questions["q-1"].right


def test_unknown_parts_keep_what_the_whole_source_keeps() -> None:
    source = {
        "schema_version": 2, "extra_top": [1, 2],
        "profile": {"name": "甲", "nickname": "小甲"},
        "modules": {"m1": {"attempts": 1, "color": "red"}, "m2": {"attempts": 2}},
        "questions": {"q1": {"right": 1}, "q2": {"right": 0, "tag": "x"}},
        "quiz_attempts": [{"module": "m1", "mood": "ok"}, {"module": "m2"}, {"module": "m1"}],
        "exam_attempts": [{"blueprint": "b"}, {"blueprint": "b", "proctor": "乙"}],
        "settings": {"theme": "dark", "font": "big"},
        "review_days": {"2026-11-30": {"new": 1, "mood": 3}},
    }
    tables = {
        "profile": {"name": "甲"},
        "modules": {"m1": {"attempts": 2}, "m2": {"attempts": 2}, "m3": {}},
        "questions": {"q1": {"right": 2}, "q2": {"right": 1}, "q3": {"right": 1}},
        "quiz_attempts": [{"module": "m1"}, {"module": "m2"}, {"module": "m1"}, {"module": "m3"}],
        "exam_attempts": [{"blueprint": "b"}, {"blueprint": "b"}],
        "settings": {"theme": "light"},
        "review_days": {"2026-11-30": {"new": 2}},
    }
    parts = unknown_parts(source)
    assert keep_unknown(tables, parts) == keep_unknown(tables, source)
    assert "m2" not in parts["modules"] and len(parts["quiz_attempts"]) == 1
    assert unknown_parts({"schema_version": 2, "profile": {"name": "甲"}, "questions": {"q1": {"right": 1}}}) == {}


def _cards_around_midnight(profile: Profile, now: datetime) -> None:
    """Cards due every 37 minutes for two days around `now`, stamped in UTC, +08:00 and without offset."""
    number = 0
    for minutes in range(-1500, 1500, 37):
        at = now + timedelta(minutes=minutes)
        for stamp in (clock.stamp(at), at.astimezone().isoformat(), at.astimezone().replace(tzinfo=None).isoformat()):
            profile.questions[f"q{number:04d}"] = QuestionRecord(right=1, card={"due": stamp, "state": 2, "last_review": clock.stamp(WHEN)})
            number += 1


def _expected_due(profile: Profile, now: datetime) -> list[str]:
    return [q for _, q in sorted((card_due(r.card), q) for q, r in profile.questions.items() if r.card and is_due(r.card, now))]


@pytest.mark.parametrize("made_by", ["save", "read"])
@pytest.mark.parametrize(("made_in", "read_in"), [(BEIJING, BEIJING), (UTC_ZONE, BEIJING), (BEIJING, UTC_ZONE)])
def test_due_count_from_the_copy_across_local_midnight(
    store: ProgressStore, made_in: str, read_in: str, made_by: str
) -> None:
    now = datetime(2026, 3, 10, 15, 59, 30, tzinfo=UTC)  # 23:59:30 in Beijing
    with in_zone(made_in):
        profile = store.create("李四", None)
        _cards_around_midnight(profile, now)
        store.save(profile)
        store.compact(profile)  # (as when the window closes) the main file holds the cards, and a copy is made
        if made_by == "read":
            copy_path(store, profile).unlink()
            store.find_by_id(profile.id)  # the copy, made in this zone from the parsed record
    with in_zone(read_in):
        loaded = store.find_by_id(profile.id)
        assert len(loaded.due_cache) == 2 * len(loaded.questions) // 3  # stamps with an offset only
        for moment in (now, now + timedelta(seconds=60), now + timedelta(hours=8)):
            expected = _expected_due(loaded, moment)
            assert loaded.due_questions(moment) == expected
            assert 0 < len(expected) < len(loaded.questions)
        with clock.frozen(now + timedelta(seconds=60)):  # 00:00:30 in Beijing: a new local day
            after = len(loaded.due_questions())
        with clock.frozen(now):
            before = len(loaded.due_questions())
        assert (after > before) == (read_in == BEIJING)


def test_a_copy_made_by_a_build_with_other_objects_is_rebuilt(store: ProgressStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import govtui.core.progress as progress

    profile = learner(store)
    key = profile_cache.digest(store.path_for(profile.id).read_bytes())
    assert profile_cache.load(store.profile_dir, profile.id, key, _cache_layout(), CachedRecord) is not None
    monkeypatch.setattr(progress, "_LAYOUT", "2-fields-of-another-build")
    assert profile_cache.load(store.profile_dir, profile.id, key, _cache_layout(), CachedRecord) is None
    same_learner(store.find_by_id(profile.id), profile)
    assert profile_cache.load(store.profile_dir, profile.id, key, _cache_layout(), CachedRecord) is not None
