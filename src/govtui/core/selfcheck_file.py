"""The declared shape of a self-check session file (自查记录), checked at load.

Like the learner record (core/profile_file.py): msgspec declares types and bounds and says where
a value is wrong; stamps and dates are checked after. Version 2 adds `[integrity]` (the number of
marks) as the first table after `[session]`, so a file cut at a table boundary is recognised.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec

from govtui.core import clock
from govtui.core.profile_file import ShapeError, chinese

SCHEMA_VERSION = 2
MAX_EVIDENCE_ITEMS = 100
MAX_EVIDENCE_CHARS = 2_000
MAX_NOTE_CHARS = 10_000
"""Limits for what a team types (documented in docs/selfcheck-format.md)."""

Text = Annotated[str, msgspec.Meta(max_length=MAX_NOTE_CHARS)]
Evidence = Annotated[str, msgspec.Meta(max_length=MAX_EVIDENCE_CHARS)]
Status = Annotated[str, msgspec.Meta(pattern="^(compliant|partial|noncompliant|na)$")]


class SessionMeta(msgspec.Struct):
    agency: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    level: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    date: str
    id: str | None = None
    participants: list[Annotated[str, msgspec.Meta(max_length=2000)]] = []
    created_at: str = ""
    updated_at: str = ""
    finished_at: str | None = None
    finished_score: Annotated[float, msgspec.Meta(ge=0, le=100)] | None = None
    checklist_version: Annotated[int, msgspec.Meta(ge=1)] = 1


class MarkFile(msgspec.Struct):
    status: Status | None = None
    reason: Text = ""
    evidence: Annotated[list[Evidence], msgspec.Meta(max_length=MAX_EVIDENCE_ITEMS)] = []
    notes: Text = ""


class SessionIntegrity(msgspec.Struct):
    marks: Annotated[int, msgspec.Meta(ge=0)]


class SessionFile(msgspec.Struct):
    schema_version: int
    session: SessionMeta
    marks: dict[Annotated[str, msgspec.Meta(min_length=1, max_length=100)], MarkFile] = {}
    integrity: SessionIntegrity | None = None


def read_session_shape(data: Any, *, newer: bool = False) -> SessionFile:
    """The validated session file, or ShapeError naming the key and what was expected."""
    try:
        record = msgspec.convert(data, SessionFile)
    except msgspec.ValidationError as exc:
        raise ShapeError(chinese(str(exc)).replace("Expected `str` matching regex", "应为 compliant、partial、noncompliant 或 na，")) from exc
    meta = record.session
    try:
        date.fromisoformat(meta.date)
    except ValueError:
        raise ShapeError(f"$.session.date：应为日期（YYYY-MM-DD），实际为 {meta.date!r:.40}") from None
    for key in ("created_at", "updated_at", "finished_at"):
        value = getattr(meta, key)
        if value:
            try:
                clock.parse_instant(value).astimezone()
            except (ValueError, OverflowError):
                raise ShapeError(f"$.session.{key}：应为时间，实际为 {value!r:.40}") from None
    if newer:
        record.integrity = None
    elif record.schema_version >= 2:
        if record.integrity is None:
            raise ShapeError("文件不完整（缺少 [integrity]，可能在写入时被截断）")
        if record.integrity.marks != len(record.marks):
            raise ShapeError(
                f"文件不完整（可能在写入时被截断）：marks 应有 {record.integrity.marks} 条，只有 {len(record.marks)} 条"
            )
    return record


_KNOWN = {
    "": set(SessionFile.__struct_fields__),
    "session": set(SessionMeta.__struct_fields__),
    "marks": set(MarkFile.__struct_fields__),
}


def keep_unknown_session(tables: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """`tables` plus every key of `source` this version does not know (a newer govtui's keys survive)."""
    merged = dict(tables)
    for key, value in source.items():
        if key not in _KNOWN[""]:
            merged[key] = value
    old_meta, new_meta = source.get("session"), merged.get("session")
    if isinstance(old_meta, dict) and isinstance(new_meta, dict):
        merged["session"] = {**{k: v for k, v in old_meta.items() if k not in _KNOWN["session"]}, **new_meta}
    old_marks, new_marks = source.get("marks"), merged.get("marks")
    if isinstance(old_marks, dict) and isinstance(new_marks, dict):
        merged["marks"] = {
            item: ({**{k: v for k, v in old_marks[item].items() if k not in _KNOWN["marks"]}, **mark}
                   if isinstance(old_marks.get(item), dict) else mark)
            for item, mark in new_marks.items()
        }
    return merged
