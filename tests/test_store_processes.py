"""Real processes on learner records: killed mid-save, and two windows on one learner."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from govtui.core.progress import ProgressError, ProgressStore

KILLS = 300


def _save_loop(data_dir: Path, write_fd: int) -> None:
    """Child: add a second of study and save, forever, reporting each committed total."""
    store = ProgressStore(data_dir)
    profile = store.find("张三")
    assert profile is not None
    while True:
        profile.add_study_time("report-overview", 1)
        profile.record_answer(f"q-{profile.study_seconds % 40}", profile.study_seconds % 3 == 0, clear_after=3)
        store.save(profile)
        os.write(write_fd, f"{profile.study_seconds}\n".encode())


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork to kill a saving process cheaply")
@pytest.mark.parametrize("journal", [False, True], ids=["whole-file", "journal"])
def test_saves_survive_300_kills(tmp_path: Path, journal: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGKILL a saving process at random moments: every file stays valid and holds the last commit.

    With `journal`, every save appends to the answer journal and it is folded into the main file
    every few saves, so kills land in appends, in folds and between them.
    """
    if journal:
        monkeypatch.setattr(ProgressStore, "journal_from", 0)
        monkeypatch.setattr(ProgressStore, "journal_limit", 3_000)
    store = ProgressStore(tmp_path)
    store.create("张三", None)
    rng = random.Random(20261201)
    committed = 0
    for _ in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            os.close(read_fd)
            try:
                _save_loop(tmp_path, write_fd)
            finally:
                os._exit(1)
        os.close(write_fd)
        with os.fdopen(read_fd, "rb") as lines:
            for _ in range(rng.randint(1, 2)):
                line = lines.readline()
                assert line, "the saving process died by itself"
                committed = int(line)
            # Kill at a random moment inside a later save, not only between saves.
            spin = rng.randint(0, 20_000)
            while spin:
                spin -= 1
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            for line in lines.read().splitlines():  # totals reported before the kill landed
                committed = int(line)
        profile = store.find("张三")  # valid TOML and the declared shape, or it raises
        assert profile is not None
        assert profile.study_seconds in (committed, committed + 1)
        committed = profile.study_seconds
        lock = store.lock(profile.id)  # what the next start does
        assert lock is not None
        assert not list(store.profile_dir.glob(".*.tmp"))
        lock.release()
    assert committed >= KILLS


HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from govtui.core.progress import ProgressStore
    store = ProgressStore(Path(sys.argv[1]))
    profile = store.find("张三")
    lock = store.lock(profile.id)
    print("locked" if lock else "busy", flush=True)
    for line in sys.stdin:  # each line: one answer, saved at once
        profile.record_answer(line.strip(), True, clear_after=3)
        store.save(profile)
        print("saved", flush=True)
    """
)


def test_two_processes_on_one_learner_lose_nothing(tmp_path: Path) -> None:
    """The first window holds the learner; the second is refused the lock and writes nothing."""
    store = ProgressStore(tmp_path)
    store.create("张三", None)
    first = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert first.stdout is not None and first.stdin is not None
        assert first.stdout.readline().strip() == "locked"
        second = subprocess.run(
            [sys.executable, "-c", HOLDER, str(tmp_path)], input="", capture_output=True, text=True, timeout=60
        )
        assert second.stdout.strip() == "busy"
        # Our own (third) view is read-only too: the lock is held elsewhere.
        assert store.lock(store.find("张三").id) is None
        for qid in ("rpa-001", "rpa-002", "rpa-003"):
            first.stdin.write(qid + "\n")
            first.stdin.flush()
            assert first.stdout.readline().strip() == "saved"
    finally:
        if first.stdin:
            first.stdin.close()
        first.wait(timeout=30)
    profile = store.find("张三")
    assert profile is not None and sorted(profile.questions) == ["rpa-001", "rpa-002", "rpa-003"]
    lock = store.lock(profile.id)  # released when the first window ended
    assert lock is not None
    lock.release()


def test_a_read_only_profile_is_never_written(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    profile = store.create("张三", None)
    before = store.path_for(profile.id).read_bytes()
    profile.read_only = "另一个窗口"
    profile.record_answer("rpa-001", True, clear_after=3)
    assert store.save(profile) is False
    assert store.path_for(profile.id).read_bytes() == before
    with pytest.raises(ProgressError):
        store.find_by_id("p-000000000000")
