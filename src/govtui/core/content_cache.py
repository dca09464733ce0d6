"""Module front matter parsed once: a cache file keyed by each module file's content hash.

Start-up reads every module's TOML front matter; at 50 times today's course (1,500 modules) the
pure-Python TOML parser was the largest part of opening the course (benchmarks/run.py). The
cache maps a file's path to the digest of its bytes and the fields parsed from it, so a changed
file (any byte) is parsed again; files with problems are never cached, so `govtui check` and the
warnings at start-up still see every problem. The cache lives in the user cache dir
(platformdirs; GOVTUI_CACHE_DIR overrides it) and is only ever an optimisation: an unreadable or
unwritable cache is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from pathlib import Path
from typing import Any

import msgspec

from govtui import __version__
from govtui.core.atomic import atomic_write_bytes

CACHE_ENV = "GOVTUI_CACHE_DIR"
FORMAT = 1


def cache_dir() -> Path:
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("govtui", appauthor=False))


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


SETTLED_NS = 2_000_000_000
"""A file modified this long before it was read is taken to be at rest (see get_unchanged)."""


def signature(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def settled(stat: os.stat_result) -> bool:
    return stat.st_mtime_ns < time.time_ns() - SETTLED_NS


class ModuleCache:
    """Parsed front matter of one course folder's modules, by relative path."""

    def __init__(self, modules_dir: Path) -> None:
        self.modules_dir = modules_dir
        key = digest(f"{FORMAT}:{__version__}:{modules_dir.resolve()}".encode())
        self.path = cache_dir() / f"modules-{key[:20]}.msgpack"
        self.entries: dict[str, list[Any]] = {}
        self.changed = False
        with contextlib.suppress(OSError, msgspec.DecodeError, TypeError, ValueError):
            loaded = msgspec.msgpack.decode(self.path.read_bytes())
            if isinstance(loaded, dict):
                self.entries = {
                    k: v for k, v in loaded.items() if isinstance(v, list) and len(v) in (2, 3) and isinstance(v[1], dict)
                }
        self.seen: set[str] = set()

    def get_unchanged(self, relative: str, stat: os.stat_result) -> dict[str, Any] | None:
        """The cached fields when the file's size, mtime and inode are those recorded with its
        digest: at 50x content, reading and hashing 1,500 files was most of opening the course.

        As git does for its index, a signature is only recorded for a file last modified well
        before it was hashed (`settled`), so a same-size edit within the file system's timestamp
        granularity of the hashing is never taken for unchanged.
        """
        self.seen.add(relative)
        entry = self.entries.get(relative)
        if entry is not None and len(entry) == 3 and entry[2] == signature(stat):
            return entry[1]
        return None

    def get(self, relative: str, data: bytes, stat: os.stat_result | None = None) -> dict[str, Any] | None:
        """The fields parsed from exactly these bytes, if cached."""
        self.seen.add(relative)
        entry = self.entries.get(relative)
        if entry is None or entry[0] != digest(data):
            return None
        if stat is not None and settled(stat) and entry[2:] != [signature(stat)]:
            self.entries[relative] = [entry[0], entry[1], signature(stat)]
            self.changed = True
        return entry[1]

    def put(self, relative: str, data: bytes, fields: dict[str, Any], stat: os.stat_result | None = None) -> None:
        entry: list[Any] = [digest(data), fields]
        if stat is not None and settled(stat):
            entry.append(signature(stat))
        self.entries[relative] = entry
        self.changed = True

    def save(self) -> None:
        """Write the cache if anything changed (files gone from the course are dropped)."""
        if set(self.entries) - self.seen:
            self.entries = {k: v for k, v in self.entries.items() if k in self.seen}
            self.changed = True
        if self.changed:
            with contextlib.suppress(OSError):
                atomic_write_bytes(self.path, msgspec.msgpack.encode(self.entries))
