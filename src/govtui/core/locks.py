"""One window per user file: a second window on the same learner or self-check gets a read-only view."""

from __future__ import annotations

from pathlib import Path


class RecordLock:
    """An advisory lock on one user file (a learner's record, a self-check session), held while a
    window has it open.

    filelock uses fcntl/msvcrt locks, which the OS releases when the process dies, so a crashed
    window never leaves a learner locked out.
    """

    def __init__(self, path: Path) -> None:
        from filelock import FileLock

        self.path = path
        self._lock = FileLock(str(path), timeout=0)

    def acquire(self) -> bool:
        from filelock import Timeout

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock.acquire()
        except (Timeout, OSError):
            return False
        return True

    def release(self) -> None:
        self._lock.release()
