"""One window per user file: a second window on the same learner or self-check gets a read-only view."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

_HELD_ELSEWHERE = {errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK}


class RecordLock:
    """An advisory lock on one user file (a learner's record, a self-check session), held while a
    window has it open.

    An fcntl/msvcrt lock, which the OS releases when the process dies, so a crashed window never
    leaves a learner locked out. On POSIX it is `flock` on the lock file, taken directly: the
    learner's record is locked before home's first paint, and importing filelock (21 modules)
    was ~20 ms of start-up and 0.6 MiB (issue 15). It is the same lock filelock takes there, so
    windows of older versions still see it. Elsewhere, and on a file system without `flock`,
    filelock does it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._fallback: Any = None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        if os.name != "posix":
            return self._acquire_with_filelock()
        import fcntl

        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in _HELD_ELSEWHERE:
                return False
            return self._acquire_with_filelock()  # no flock here (some network file systems)
        self._fd = fd
        return True

    def _acquire_with_filelock(self) -> bool:
        from filelock import FileLock, Timeout

        if self._fallback is None:
            self._fallback = FileLock(str(self.path), timeout=0)
        try:
            self._fallback.acquire()
        except (Timeout, OSError):
            return False
        return True

    def release(self) -> None:
        if self._fd is not None:
            import fcntl

            fd, self._fd = self._fd, None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
        elif self._fallback is not None:
            self._fallback.release()
