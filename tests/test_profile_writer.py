"""Saves written off the interface thread (core/profile_writer.py): in order, atomic, never lost."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from govtui.core import journal
from govtui.core.profile_writer import ProfileWriter
from govtui.core.progress import ProgressStore

WHEN = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize("journal_from", [0, 10_000_000], ids=["journal", "whole-file"])
def test_background_saves_land_in_order_and_a_read_waits_for_them(tmp_path: Path, journal_from: int) -> None:
    store = ProgressStore(tmp_path)
    store.journal_from = journal_from
    profile = store.create("张三", None)
    errors: list[Exception] = []
    writer = ProfileWriter(store.profile_dir, lambda _p, exc: errors.append(exc))
    for n in range(40):
        profile.record_answer(f"q-{n}", n % 2 == 0, 3, WHEN)
        profile.add_study_time("reg-scope", 1, WHEN)
        pending = store.prepare_save(profile)
        assert pending is not None
        writer.submit(pending)
    # A fresh store (another screen, a test) reading the record waits for the queued writes.
    again = ProgressStore(tmp_path).find("张三")
    writer.close()
    assert errors == []
    assert again is not None
    assert sorted(again.questions) == sorted(profile.questions)
    assert again.modules["reg-scope"].study_seconds == 40


def test_a_failed_write_is_reported_and_the_next_save_rewrites_everything(tmp_path: Path, monkeypatch) -> None:
    store = ProgressStore(tmp_path)
    store.journal_from = 0
    profile = store.create("张三", None)
    profile.record_answer("q-0", True, 3, WHEN)
    store.save(profile)
    failures: list[Exception] = []
    gate = threading.Event()
    real_write = journal.write
    calls = {"n": 0}

    def flaky(path: Path, data: bytes, good_bytes: int) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            gate.wait(5)  # the next answers are prepared while this write is under way
            raise OSError(28, "No space left on device")
        return real_write(path, data, good_bytes)

    monkeypatch.setattr(journal, "write", flaky)
    writer = ProfileWriter(store.profile_dir, lambda _p, exc: failures.append(exc))
    for n in range(1, 4):
        profile.record_answer(f"q-{n}", True, 3, WHEN)
        pending = store.prepare_save(profile)
        assert pending is not None
        writer.submit(pending)
    gate.set()
    writer.flush()
    assert len(failures) == 1
    assert calls["n"] == 1  # the writes prepared on top of the failed one were skipped, not misplaced
    # The next save sees the failure and writes the whole record: no answer is lost.
    profile.record_answer("q-9", False, 3, WHEN)
    writer.submit(store.prepare_save(profile))  # type: ignore[arg-type]
    writer.close()
    again = ProgressStore(tmp_path).find("张三")
    assert again is not None
    assert sorted(again.questions) == ["q-0", "q-1", "q-2", "q-3", "q-9"]


def test_closing_the_window_rewrites_a_record_whose_last_write_failed(tmp_path: Path, monkeypatch) -> None:
    store = ProgressStore(tmp_path)
    store.journal_from = 0
    profile = store.create("张三", None)
    profile.record_answer("q-0", True, 3, WHEN)
    monkeypatch.setattr(journal, "write", lambda *_a: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with pytest.raises(OSError):
        store.save(profile)
    monkeypatch.undo()
    store.compact(profile)  # what the app does when its window closes
    again = ProgressStore(tmp_path).find("张三")
    assert again is not None and "q-0" in again.questions


async def test_an_answer_is_on_disk_while_the_quiz_goes_on_and_a_failed_write_is_shown(
    bundled, isolated_data_dir: Path, monkeypatch
) -> None:
    from tui_helpers import answer_current, make_app

    from govtui.core import progress
    from govtui.tui.screens.quiz import QuizScreen

    app = make_app(bundled, isolated_data_dir, profile="甲")
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        first = quiz.session.current
        await answer_current(pilot)
        record = ProgressStore(isolated_data_dir).find("甲")  # waits for the background write
        assert record is not None and record.questions[first.id].right == 1

        def full(*_args, **_kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(progress, "atomic_write_text", full)
        await pilot.press("enter")
        await pilot.pause()
        second = quiz.session.current
        await answer_current(pilot, correct=False)
        app.profile_writer.flush()
        await pilot.pause()
        assert any("学习记录保存失败" in str(n.message) for n in app._notifications)
        monkeypatch.undo()
    # Closing the window rewrote what the failed write held.
    record = ProgressStore(isolated_data_dir).find("甲")
    assert record is not None and record.questions[second.id].wrong == 1
