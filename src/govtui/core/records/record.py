"""The learner record (学习记录): one learner's history as JSON with a checksum.

The record is what a learner hands to the organizer (a file on a USB stick or in an e-mail), so
it is self-describing: a `kind`, a `schema_version`, the learner and unit by stable id and name,
track and module completion, quiz and exam attempts, per-question results and 学时. The
`checksum` is sha256 over the canonical JSON of `record` (sorted keys, no spaces, UTF-8), so an
edited or truncated file is recognised as damaged by the roll-up.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from govtui.core import clock
from govtui.core.course import Course
from govtui.core.plan import module_done
from govtui.core.progress import Profile

RECORD_KIND = "govtui-learner-record"
RECORD_SCHEMA_VERSION = 1


class RecordError(ValueError):
    """A learner record that cannot be used; the message says why (in Chinese, for the report)."""


def canonical(value: Any) -> bytes:
    """The bytes the checksum is taken over."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def checksum(body: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(canonical(body)).hexdigest()


def unit_info(course: Course, unit_id: str | None) -> dict[str, str] | None:
    """The unit as stored in records: id, and name and kind when the course knows it."""
    if not unit_id:
        return None
    unit = next((u for u in course.units if u.id == unit_id), None)
    if unit is None:
        return {"id": unit_id, "name": unit_id, "kind": "unknown"}
    return {"id": unit.id, "name": unit.name, "kind": unit.kind}


def completion_stamp(profile: Profile, module_id: str, pass_mark: int) -> str:
    """When a module counts as completed: its first passed quiz, else when it was read."""
    for attempt in profile.attempts:
        if attempt.module_id == module_id and attempt.score >= pass_mark:
            return attempt.at
    progress = profile.modules.get(module_id)
    return (progress.read_at if progress else None) or profile.created_at


def completed_modules(course: Course, profile: Profile) -> list[str]:
    """Modules done as the home screen counts them (read, and quiz passed if it has one)."""
    quiz_modules = {q.module for q in course.questions.values() if q.module}
    return [
        m.id for m in course.modules.values() if module_done(m, profile, m.id in quiz_modules)
    ]


def build_record(course: Course, profile: Profile) -> dict[str, Any]:
    """The learner record of `profile` (body and checksum)."""
    track_of = {m.id: m.track for m in course.modules.values()}
    completed = set(completed_modules(course, profile))
    question_module = {q.id: q.module for q in course.questions.values()}
    modules = []
    for module_id, progress in sorted(profile.modules.items()):
        module = course.modules.get(module_id)
        modules.append(
            {
                "id": module_id,
                "title": module.title if module else module_id,
                "track": track_of.get(module_id),
                "read_at": progress.read_at,
                "study_seconds": progress.study_seconds,
                "best_score": progress.best_score,
                "attempts": progress.attempts,
                "passed": progress.passed,
                "completed": module_id in completed,
                "completed_at": completion_stamp(profile, module_id, course.pass_mark)
                if module_id in completed
                else None,
            }
        )
    tracks = []
    for track in course.tracks.values():
        tracks.append(
            {
                "id": track.id,
                "title": track.title,
                "modules_total": len(track.module_ids),
                "modules_completed": sum(1 for m in track.module_ids if m in completed),
                "study_seconds": sum(
                    p.study_seconds for mid, p in profile.modules.items() if track_of.get(mid) == track.id
                ),
            }
        )
    titles = {b.id: b.title for b in course.blueprints}
    body: dict[str, Any] = {
        "exported_at": clock.now_stamp(),
        "course": {"id": course.id, "title": course.title, "pass_mark": course.pass_mark},
        "learner": {"id": profile.id, "name": profile.name, "created_at": profile.created_at},
        "unit": unit_info(course, profile.unit_id),
        "study_seconds": profile.study_seconds,
        "study_days": dict(sorted(profile.study_days.items())),
        "tracks": tracks,
        "modules": modules,
        "quiz_attempts": [
            {
                "module": a.module_id,
                "track": track_of.get(a.module_id),
                "at": a.at,
                "correct": a.correct,
                "total": a.total,
                "score": a.score,
                "passed": a.score >= course.pass_mark,
                "answers": dict(a.answers),
            }
            for a in profile.attempts
        ],
        "exam_attempts": [
            {
                "blueprint": e.blueprint_id,
                "title": titles.get(e.blueprint_id, e.blueprint_id),
                "at": e.at,
                "score": e.score,
                "pass_score": e.pass_score,
                "passed": e.passed,
                "seconds": e.seconds,
                "timed_out": e.timed_out,
                "answers": dict(e.answers),
            }
            for e in profile.exams
        ],
        # Totals over every mode (quiz, exam, review, 错题本 practice), by stable question id.
        "questions": {
            qid: {"module": question_module.get(qid), "right": r.right, "wrong": r.wrong, "in_notebook": r.in_notebook}
            for qid, r in sorted(profile.questions.items())
        },
    }
    return {
        "kind": RECORD_KIND,
        "schema_version": RECORD_SCHEMA_VERSION,
        "record": body,
        "checksum": checksum(body),
    }


def record_json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def check_record(data: Any) -> dict[str, Any]:
    """The body of a learner record read from JSON; RecordError says why it is unusable.

    Only shape is checked here; what the roll-up reads is read defensively there too.
    """
    if not isinstance(data, dict) or data.get("kind") != RECORD_KIND:
        raise RecordError("不是 govtui 学习记录")
    version = data.get("schema_version")
    if version != RECORD_SCHEMA_VERSION:
        raise RecordError(f"不支持的学习记录版本：{version!r}")
    body = data.get("record")
    if not isinstance(body, dict):
        raise RecordError("学习记录缺少 record 部分")
    if data.get("checksum") != checksum(body):
        raise RecordError("校验和不符（文件被修改或不完整）")
    learner = body.get("learner")
    if not isinstance(learner, dict) or not isinstance(learner.get("id"), str) or not isinstance(learner.get("name"), str):
        raise RecordError("学习记录缺少学员信息")
    return body
