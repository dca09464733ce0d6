"""One entry point for exporting a learner: the CLI and the TUI both call `export_learner`."""

from __future__ import annotations

import json
import re
from pathlib import Path

from govtui.core import clock
from govtui.core.course import Course
from govtui.core.progress import Profile
from govtui.core.records.record import build_record, record_json
from govtui.core.records.writers import certificate_html, record_csv
from govtui.core.records.xapi import build_statements

RECORD_FORMATS = ("json", "csv", "html", "xapi")
SUFFIXES = {".json": "json", ".csv": "csv", ".html": "html", ".htm": "html"}
EXPORT_DIR = "exports"


def format_for_path(path: str | Path, default: str = "json") -> str:
    return SUFFIXES.get(Path(path).suffix.lower(), default)


def export_learner(course: Course, profile: Profile, fmt: str) -> bytes:
    """The learner's record in `fmt` (json, csv, html 学习证明, or xapi statements as JSON)."""
    if fmt == "xapi":
        statements = build_statements(course, profile)
        return (json.dumps(statements, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    record = build_record(course, profile)
    if fmt == "json":
        return record_json(record).encode("utf-8")
    if fmt == "csv":
        return record_csv(record)
    if fmt == "html":
        return certificate_html(record).encode("utf-8")
    raise ValueError(f"未知格式：{fmt}")


def export_file_name(profile: Profile, fmt: str) -> str:
    """学习记录-张三-20261201-093000.json: the learner's name kept readable, unsafe characters replaced."""
    safe = re.sub(r"[^\w-]+", "_", profile.name).strip("_")[:40] or profile.id
    kind = "学习证明" if fmt == "html" else "学习记录"
    suffix = {"xapi": ".xapi.json"}.get(fmt, "." + fmt)
    return f"{kind}-{safe}-{clock.file_stamp()}{suffix}"
