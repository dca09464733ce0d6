"""Atomic writes for user data: a crash mid-write never leaves a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from govtui.core.clock import file_stamp


def atomic_write_bytes(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over `path`.

    A symlink is followed (its target is replaced, the link kept); a device, FIFO or other
    special file is written to directly, since renaming over it would destroy it. `private`
    files (learner records) are readable by the owner only; others get the usual umask mode.
    """
    if path.is_symlink():
        path = path.resolve()
    if path.exists() and not path.is_file():
        with open(path, "wb") as handle:
            handle.write(data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if path.exists():
            os.chmod(tmp_name, path.stat().st_mode & 0o777)
        elif not private:
            os.chmod(tmp_name, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    # The rename itself must survive a power cut too.
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def atomic_write_text(path: Path, text: str, *, private: bool = False) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), private=private)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def set_aside(path: Path) -> Path:
    """Rename a damaged user file out of the way (never delete or overwrite it); returns the new path."""
    stamp = file_stamp()
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
    path.rename(target)
    return target
