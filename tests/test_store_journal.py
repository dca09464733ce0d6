"""The answer journal: saves of a large learner record append what changed (core/journal.py)."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from govtui.core import journal
from govtui.core.progress import ExamAttempt, Profile, ProgressStore, QuizAttempt

WHEN = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    store = ProgressStore(tmp_path)
    store.journal_from = 0  # every record counts as large: saves go to the journal
    return store


def learner(store: ProgressStore, answers: int = 30) -> Profile:
    profile = store.create("张三", None)
    for n in range(answers):
        profile.record_answer(f"q-{n % 50}", n % 3 != 0, 3, WHEN)
    profile.record_attempt(QuizAttempt("reg-scope", "2026-11-30T02:00:00+00:00", 9, 10, {"q-1": True}), 80)
    store.save(profile)
    store.compact(profile)  # as when the window closes: the journal starts empty
    return store.find("张三")  # type: ignore[return-value]


def test_an_answer_appends_and_leaves_the_main_file_alone(store: ProgressStore) -> None:
    profile = learner(store)
    main = store.path_for(profile.id).read_bytes()
    profile.record_answer("q-new", True, 3, WHEN)
    profile.add_study_time("reg-scope", 60, WHEN)
    assert store.save(profile)
    assert store.path_for(profile.id).read_bytes() == main
    lines = store.journal_path(profile.id).read_bytes().splitlines()
    kinds = [journal._decode(line + b"\n")["t"] for line in lines[1:]]  # type: ignore[index]
    assert sorted(kinds) == ["day", "module", "question"]
    again = store.find("张三")
    assert again is not None
    assert again.questions["q-new"].right == 1
    assert again.questions["q-new"].card == profile.questions["q-new"].card
    assert again.modules["reg-scope"].study_seconds == 60
    assert again.study_days == profile.study_days


def test_bytes_per_answer_do_not_grow_with_history(store: ProgressStore) -> None:
    fresh = iter(range(1000, 2000))

    def appended(profile: Profile) -> int:
        """Bytes one answer (to a question not seen before, so every row is alike) appends."""
        path = store.journal_path(profile.id)
        before = path.stat().st_size if path.exists() else 0
        profile.record_answer(f"new-{next(fresh)}", True, 3, WHEN)
        store.save(profile)
        return path.stat().st_size - before

    short, long_ = learner(store, 10), None
    first = appended(short)
    second = appended(short)
    store.path_for(short.id).unlink()
    store.journal_path(short.id).unlink()
    long_ = learner(store, 3_000)
    appended(long_)  # starts the journal
    assert appended(long_) - appended(long_) == 0  # steady state
    assert appended(long_) == second  # the same row, whatever the history
    assert first > second  # the first append starts the journal with its header


def test_attempts_and_settings_go_through_the_journal(store: ProgressStore) -> None:
    profile = learner(store)
    profile.record_attempt(QuizAttempt("reg-scope", "2026-11-30T03:00:00+00:00", 10, 10, {"q-2": True}), 80)
    profile.exams.append(ExamAttempt("mock", "2026-11-30T04:00:00+00:00", 90, 60, 1200, False, {"q-3": True}, {}))
    profile.settings.theme = "textual-light"
    profile.unit_id = "yuzhong"
    store.save(profile)
    again = store.find("张三")
    assert again is not None
    assert [a.score for a in again.attempts] == [90, 100]
    assert again.exams[0].score == 90
    assert again.settings.theme == "textual-light"
    assert again.unit_id == "yuzhong"


def test_a_cut_last_line_is_ignored_reported_and_set_aside(store: ProgressStore) -> None:
    profile = learner(store)
    profile.record_answer("q-a", True, 3, WHEN)
    store.save(profile)
    profile.record_answer("q-b", True, 3, WHEN)
    store.save(profile)
    path = store.journal_path(profile.id)
    path.write_bytes(path.read_bytes()[:-7])  # power cut in the middle of the last append
    again = store.find("张三")
    assert again is not None
    assert "q-a" in again.questions and "q-b" not in again.questions
    assert again.journal_note and "不完整" in again.journal_note
    again.record_answer("q-c", False, 3, WHEN)
    store.save(again)  # rewrites the main file; the damaged journal is kept aside, not reused
    assert not path.exists()
    assert list(store.profile_dir.glob(f"{profile.id}.journal.damaged-*"))
    data = tomllib.loads(store.path_for(profile.id).read_text(encoding="utf-8"))
    assert {"q-a", "q-c"} <= set(data["questions"])
    final = store.find("张三")
    assert final is not None and final.journal_note is None


def test_a_damaged_middle_line_stops_the_replay(store: ProgressStore) -> None:
    profile = learner(store)
    for qid in ("q-a", "q-b", "q-c"):
        profile.record_answer(qid, True, 3, WHEN)
        store.save(profile)
    path = store.journal_path(profile.id)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b"right", b"wrong")  # checksum no longer matches
    path.write_bytes(b"".join(lines))
    again = store.find("张三")
    assert again is not None
    assert "q-a" in again.questions and "q-b" not in again.questions and "q-c" not in again.questions
    assert again.journal_note and "损坏" in again.journal_note


def test_an_entry_with_a_bad_value_is_refused(store: ProgressStore) -> None:
    profile = learner(store)
    profile.record_answer("q-a", True, 3, WHEN)
    store.save(profile)
    path = store.journal_path(profile.id)
    with path.open("ab") as handle:
        handle.write(journal.encode({"t": "question", "k": "q-z", "row": {"right": -1}}))
    again = store.find("张三")
    assert again is not None
    assert "q-a" in again.questions and "q-z" not in again.questions
    assert again.journal_note and "无效" in again.journal_note


def test_a_journal_of_an_older_main_file_is_inert(store: ProgressStore) -> None:
    profile = learner(store)
    profile.record_answer("q-a", True, 3, WHEN)
    store.save(profile)
    stale = store.journal_path(profile.id).read_bytes()
    store.compact(profile)  # the main file now holds q-a
    profile.questions.pop("q-a")
    profile.unit_id = "yuzhong"  # (a main file is named by its bytes)
    profile.disk = None
    store.save(profile)  # q-a removed by a whole rewrite
    store.journal_path(profile.id).write_bytes(stale)  # a crash left the old journal behind
    again = store.find("张三")
    assert again is not None
    assert "q-a" not in again.questions and again.journal_note is None


def test_compact_folds_the_journal_and_keeps_unknown_keys(store: ProgressStore) -> None:
    profile = learner(store)
    path = store.path_for(profile.id)
    text = path.read_text(encoding="utf-8") + '\n[future]\nanswer_log = "v9"\n'
    path.write_text(text, encoding="utf-8")
    profile = store.find("张三")
    assert profile is not None
    profile.backed_up = True
    profile.record_answer("q-a", True, 3, WHEN)
    store.save(profile)
    assert store.journal_path(profile.id).exists()
    store.compact(profile)
    assert not store.journal_path(profile.id).exists()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["future"] == {"answer_log": "v9"}
    assert data["questions"]["q-a"]["right"] == 1


def test_a_read_only_view_never_writes_the_journal(store: ProgressStore) -> None:
    profile = learner(store)
    profile.record_answer("q-a", True, 3, WHEN)
    store.save(profile)
    before = store.journal_path(profile.id).read_bytes()
    other = store.find("张三")
    assert other is not None and "q-a" in other.questions
    other.read_only = "另一个窗口"
    other.record_answer("q-b", True, 3, WHEN)
    assert not store.save(other)
    store.compact(other)
    assert store.journal_path(profile.id).read_bytes() == before


def test_the_first_save_backs_up_the_file_and_its_journal(store: ProgressStore) -> None:
    profile = learner(store)
    profile.backed_up = True
    profile.record_answer("q-a", True, 3, WHEN)
    store.save(profile)
    session = store.find("张三")  # a new session: its first save keeps a backup
    assert session is not None
    session.record_answer("q-b", True, 3, WHEN)
    store.save(session)
    backup = store.backups(profile.id)[0]
    assert backup.with_suffix(".journal").is_file()
    restored = store.restore(backup, profile.id)
    assert "q-a" in restored.questions and "q-b" not in restored.questions


def test_a_small_record_is_still_rewritten_whole(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    profile = store.create("李四", None)
    profile.record_answer("q-a", True, 3, WHEN)
    store.save(profile)
    assert not store.journal_path(profile.id).exists()
    data = tomllib.loads(store.path_for(profile.id).read_text(encoding="utf-8"))
    assert data["questions"]["q-a"]["right"] == 1


def test_a_big_journal_is_folded_at_the_next_save(store: ProgressStore) -> None:
    store.journal_limit = 2_000
    profile = learner(store)
    for n in range(40):
        profile.record_answer(f"q-{n}", True, 3, WHEN)
        store.save(profile)
        assert store.journal_path(profile.id).stat().st_size < 2_000 + 1_000 if store.journal_path(profile.id).exists() else True
    again = store.find("张三")
    assert again is not None
    assert {qid: r.right for qid, r in again.questions.items()} == {qid: r.right for qid, r in profile.questions.items()}


def test_a_large_record_is_read_from_its_parsed_copy_until_it_changes(store: ProgressStore) -> None:
    profile = learner(store)
    cache = store.profile_dir / ".cache" / f"{profile.id}.msgpack"
    assert cache.is_file()
    again = store.find("张三")
    assert again is not None
    assert again.questions == profile.questions and again.attempts == profile.attempts
    path = store.path_for(profile.id)
    path.write_text(path.read_text(encoding="utf-8").replace('name = "张三"', 'name = "张三（改）"'), encoding="utf-8")
    edited = store.find_by_id(profile.id)
    assert edited.name == "张三（改）"  # the copy of the old bytes is not used
    cache.write_bytes(b"\xc1 not msgpack")
    assert store.find_by_id(profile.id).name == "张三（改）"


def test_review_days_limits_and_exam_review_fields_go_through_the_journal(store: ProgressStore) -> None:
    """What 每日复习 and the exam review added to the record survives a save that only appends."""
    profile = learner(store)
    main = store.path_for(profile.id).read_bytes()
    profile.record_answer("q-7", True, 3, WHEN, rating=4)
    profile.count_review(new=True, when=WHEN)
    profile.count_review(new=False, when=WHEN)
    profile.add_review_time(95, WHEN)
    profile.settings.new_per_day, profile.settings.due_per_day = 5, 30
    profile.exams.append(
        ExamAttempt(
            "mock", "2026-11-30T04:00:00+00:00", 66, 60, 1200, False, {"q-3": False, "q-4": True}, {"q-3": "A"},
            question_ids=["q-3", "q-4"], points={"q-3": 2, "q-4": 1}, earned={"q-3": 1.0, "q-4": 1.0},
            orders={"q-3": [1, 0, 2, 3]}, flags=["q-3"], points_scored=66.7,
        )
    )
    assert store.save(profile)
    assert store.path_for(profile.id).read_bytes() == main  # appended, not rewritten
    again = store.find("张三")
    assert again is not None
    assert again.review_days == profile.review_days and again.review_days
    assert (again.settings.new_per_day, again.settings.due_per_day) == (5, 30)
    assert again.questions["q-7"].card == profile.questions["q-7"].card
    exam = again.exams[-1]
    assert (exam.question_ids, exam.flags, exam.points_scored) == (["q-3", "q-4"], ["q-3"], 66.7)
    assert exam.earned == {"q-3": 1.0, "q-4": 1.0} and exam.orders == {"q-3": [1, 0, 2, 3]}
