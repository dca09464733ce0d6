"""A ready-made copy of a large learner record, so it is not parsed as TOML at every start.

Two years of answers make a 1.8 MB record; tomllib spends ~90% of the load parsing it (cProfile,
benchmarks/run.py). The copy is msgpack (msgspec) of the learner's objects themselves, decoded
straight into them in one pass: no tables to convert and copy, nor kept beside the objects
(two years of answers: 13 instead of 23 ms warm, 7.6 instead of 10 MiB; benchmarks/run.py
"start-up 50x, 15,000 answers"). It is named by the digest of the exact bytes of the record it
was made from, by the govtui and copy-format versions and by the schema and the fields of the
objects it holds (progress._cache_layout), so an edited, restored or replaced record never meets
a stale copy, nor a build with other objects a copy it cannot read; and it carries a checksum of
its body, so a damaged copy is rebuilt from the record, never trusted. The copy is only a cache: the record stays the
truth, and its values were checked when the record was read or written.

Copy formats (`FORMAT`; a copy in any other format is rebuilt, never misread):
- 1: `{"key", "data"}` with the record's tables as parsed from TOML.
- 2: `[format, key, crc32 of body, body]`, body the typed objects (core/progress.py `CachedRecord`)
  as msgpack bytes; the key names the record by `digest`.
"""

from __future__ import annotations

import contextlib
import hashlib
import zlib
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from govtui import __version__
from govtui.core.atomic import atomic_write_bytes

FOLDER = ".cache"
FORMAT = 2
T = TypeVar("T")


class _Envelope(msgspec.Struct, array_like=True):
    format: int
    key: str
    crc: int
    body: bytes
    """Bytes, not a nested msgpack value: the envelope is read without walking the body."""


_ENVELOPE = msgspec.msgpack.Decoder(_Envelope)


def digest(record: bytes) -> str:
    """Names the exact record a copy was made from (sha256: ~5x faster than the journal's blake2b
    here, which home's first paint does not need; see progress.DiskState)."""
    return hashlib.sha256(record).hexdigest()[:32]


def _key(base: str, layout: str) -> str:
    return f"{FORMAT}:{layout}:{__version__}:{base}"


def path_of(profile_dir: Path, profile_id: str) -> Path:
    return profile_dir / FOLDER / f"{profile_id}.msgpack"


def load(profile_dir: Path, profile_id: str, base: str, layout: str, body_type: type[T]) -> T | None:
    """The copy of the record with `digest` `base` in `layout` (the schema and the objects' fields),
    or None (no copy, a stale, older or damaged one)."""
    try:
        envelope = _ENVELOPE.decode(path_of(profile_dir, profile_id).read_bytes())
        if (envelope.format != FORMAT or envelope.key != _key(base, layout)
                or zlib.crc32(envelope.body) != envelope.crc):
            return None
        return msgspec.msgpack.decode(envelope.body, type=body_type)
    except (OSError, msgspec.DecodeError):  # a ValidationError is a DecodeError
        return None


def encode(body: Any) -> bytes | None:
    """The body of a copy (taken where the objects change, so it is a consistent snapshot);
    None when it cannot be exact (TOML dates and times would come back as text)."""
    if not plain(getattr(body, "extras", {})):
        return None
    try:
        return msgspec.msgpack.encode(body)
    except (TypeError, ValueError, OverflowError):
        return None


def save(profile_dir: Path, profile_id: str, base: str, layout: str, body: bytes | None) -> None:
    """Keep a copy (an `encode`d body) of the record with digest `base`; silently skipped on failure."""
    if body is None:
        return
    with contextlib.suppress(OSError):
        payload = msgspec.msgpack.encode(
            _Envelope(FORMAT, _key(base, layout), zlib.crc32(body), body)
        )
        atomic_write_bytes(path_of(profile_dir, profile_id), payload, private=True)


def plain(value: Any) -> bool:
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
