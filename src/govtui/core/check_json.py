"""`govtui check --json`: one stable, nested shape (docs/schemas/check.schema.json).

Every key is always there, whatever part of the course is missing, so a CI script can read
`counts.questions` or `problems[0].line` without guarding. A course that cannot be read at all
gives the same shape with `ok: false` and one problem naming the path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govtui.core.model import QUESTION_TYPES, TRACK_IDS
from govtui.core.problems import Problem

SCHEMA_VERSION = 1
KIND = "govtui-check"
EXAM_ONLY = "exam-only"
"""questions_per_track key for questions that belong to no module (exam banks)."""

_SELFCHECK_ZERO: dict[str, Any] = {
    "items": 0, "areas": 0, "profiles": 0, "items_per_area": {}, "items_per_profile": {},
    "missing_basis": 0, "missing_weight": 0, "missing_remediation": 0, "missing_module": 0,
}
_COUNT_KEYS = (
    "modules", "report_modules", "report_paragraphs", "units", "questions", "draft_questions", "exam_excluded_questions",
    "articles", "chapters", "glossary_terms", "exam_blueprints", "cases", "case_steps",
)


def _file(path: Path, root: Path | None) -> str:
    """A course file relative to the course folder where it lies inside it (stable across machines)."""
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _problem(problem: Problem, severity: str, root: Path | None) -> dict[str, Any]:
    return {"file": _file(problem.path, root), "line": problem.line, "severity": severity, "message": problem.message}


def _counts(raw: dict[str, Any]) -> dict[str, Any]:
    counts: dict[str, Any] = {key: int(raw.get(key, 0)) for key in _COUNT_KEYS}
    counts["modules_per_track"] = {t: int(raw.get("modules_per_track", {}).get(t, 0)) for t in TRACK_IDS}
    counts["questions_per_type"] = {t: int(raw.get("questions_per_type", {}).get(t, 0)) for t in QUESTION_TYPES}
    counts["questions_per_source"] = dict(raw.get("questions_per_source", {}))
    per_track = raw.get("questions_per_track", {})
    counts["questions_per_track"] = {t: int(per_track.get(t, 0)) for t in (*TRACK_IDS, EXAM_ONLY)}
    selfcheck = {**_SELFCHECK_ZERO, **raw.get("selfcheck", {})}
    counts["selfcheck"] = selfcheck
    counts["checklist_items"] = int(selfcheck["items"])
    # Counts other branches add later (e.g. questions kept out of exams) pass through unchanged.
    for key, value in raw.items():
        counts.setdefault(key, value)
    return counts


def _banks(result: Any, root: Path | None) -> list[dict[str, Any]]:
    """Per quiz file: single-choice questions and how often the correct option is the unique longest."""
    banks = []
    for bank in getattr(result, "option_lengths", []):
        entry = dict(bank.as_json(root)) if hasattr(bank, "as_json") else {}
        entry.setdefault("file", _file(bank.path, root))
        entry["bank"] = bank.bank
        entry["longest_correct_share"] = round(bank.share, 3) if bank.single else None
        banks.append(entry)
    return banks


def check_payload(result: Any, root: Path | None, title: str | None) -> dict[str, Any]:
    """The JSON of a finished check (`result` is a core.check.CheckResult)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": KIND,
        "ok": bool(result.ok),
        "course": {"root": str(root) if root else None, "title": title},
        "counts": _counts(result.counts),
        "problems": [_problem(p, "error", root) for p in result.problems],
        "warnings": [_problem(w, "warning", root) for w in getattr(result, "warnings", [])],
        "banks": _banks(result, root),
    }


def error_payload(problem: Problem, root: Path | None) -> dict[str, Any]:
    """The same shape for a course that could not be opened: ok false, one problem naming the path."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": KIND,
        "ok": False,
        "course": {"root": str(root) if root else None, "title": None},
        "counts": _counts({}),
        "problems": [{"file": problem.path.as_posix(), "line": problem.line, "severity": "error", "message": problem.message}],
        "warnings": [],
        "banks": [],
    }
