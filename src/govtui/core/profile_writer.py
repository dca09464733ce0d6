"""Learner-record writes off the interface thread: one writer thread, writes in the order given.

A save after each answer costs an fsync (a few ms, tens on a busy disk) that the trainee waited for
before the feedback appeared. The app now prepares each save where the record changes
(`ProgressStore.prepare_save`: a consistent snapshot, the bytes to write) and hands only the I/O
to this writer. Atomicity is the store's (temporary file, fsync, rename; checksummed journal
lines); order is this writer's (a single thread, first in first out). `flush` waits until
everything handed over is on disk: the app calls it before it exits, before anything reads or
replaces the record, and tests call it (through `app.save_profile(wait=True)` or a store read).
"""

from __future__ import annotations

import queue
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govtui.core.progress import PendingSave

_ACTIVE: weakref.WeakSet[ProfileWriter] = weakref.WeakSet()


class ProfileWriter:
    """Writes `PendingSave`s in order on one daemon thread.

    `on_error` is called on that thread when a write fails; it must not wait for the thread that
    may be waiting in `flush` (hand the report over, e.g. with `loop.call_soon_threadsafe`).
    """

    def __init__(self, profile_dir: Path, on_error: Callable[[PendingSave, Exception], None]) -> None:
        self.profile_dir = profile_dir
        self.on_error = on_error
        self._queue: queue.Queue[PendingSave | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        _ACTIVE.add(self)

    def submit(self, pending: PendingSave) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="govtui-profile-writer", daemon=True)
                self._thread.start()
        self._queue.put(pending)

    def flush(self) -> None:
        """Wait until every write handed over so far is done (or has failed and been reported)."""
        if self._thread is not None and self._thread.is_alive():
            self._queue.join()

    def close(self) -> None:
        """Flush and stop the thread."""
        self.flush()
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _run(self) -> None:
        while True:
            pending = self._queue.get()
            try:
                if pending is None:
                    return
                try:
                    pending.write()
                except Exception as exc:  # noqa: BLE001 - reported to the app, never lost in a thread
                    self.on_error(pending, exc)
            finally:
                self._queue.task_done()


def flush_writes_to(profile_dir: Path) -> None:
    """Wait for background writes into `profile_dir` (a read must see every save made before it)."""
    for writer in list(_ACTIVE):
        if writer.profile_dir == profile_dir:
            writer.flush()
