"""A parsed copy of a large learner record, so it is not parsed as TOML at every start.

Two years of answers make a 1.8 MB record; tomllib spends ~90% of the load parsing it (cProfile,
benchmarks/run.py). The copy is msgpack (msgspec), named by the digest of the exact bytes of the
record it was parsed from and by the schema and govtui versions, so an edited, restored or
replaced record never meets a stale copy. The copy is only a cache: the record stays the truth,
and its value checks still run on every load.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import msgspec

from govtui import __version__
from govtui.core.atomic import atomic_write_bytes

FOLDER = ".cache"


def _key(base: str, schema_version: int) -> str:
    return f"{schema_version}:{__version__}:{base}"


def _path(profile_dir: Path, profile_id: str) -> Path:
    return profile_dir / FOLDER / f"{profile_id}.msgpack"


def load(profile_dir: Path, profile_id: str, base: str, schema_version: int) -> dict[str, Any] | None:
    """The parsed record with digest `base`, or None (no copy, a stale one, or an unreadable one)."""
    try:
        raw = _path(profile_dir, profile_id).read_bytes()
        cached = msgspec.msgpack.decode(raw)
    except (OSError, msgspec.DecodeError):
        return None
    if not isinstance(cached, dict) or cached.get("key") != _key(base, schema_version):
        return None
    data = cached.get("data")
    return data if isinstance(data, dict) else None


def save(profile_dir: Path, profile_id: str, base: str, schema_version: int, data: dict[str, Any]) -> None:
    """Keep a parsed copy of the record with digest `base`; silently skipped when it cannot be exact."""
    if not _plain(data):
        return  # TOML dates and times would come back as text: parse those records every time
    with contextlib.suppress(OSError):
        payload = msgspec.msgpack.encode({"key": _key(base, schema_version), "data": data})
        atomic_write_bytes(_path(profile_dir, profile_id), payload, private=True)


def _plain(value: Any) -> bool:
    """Only what msgpack gives back unchanged: text, numbers, booleans, tables and arrays of them."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif not isinstance(item, str | int | float | bool):
            return False
    return True
