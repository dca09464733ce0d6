"""The organizer's roll-up (汇总): learners, 学时 and completion by unit and track, exams, the
questions most often wrong, and self-check results, from exported files or from an LRS.

Both sources are first reduced to the same `Learner` summaries, so the same history gives the
same roll-up whichever way it arrived. Inputs are data only: files are read as JSON, symlinks are
not followed, nothing is executed, and an unusable input is skipped with its reason while the
rest is still counted.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from govtui.core import clock
from govtui.core.course import Course
from govtui.core.records.record import RecordError, check_record
from govtui.core.records.xapi import ADL, BASE, EXT_TRACK, EXT_UNIT, duration_seconds, split_iri
from govtui.core.sources import describe

ROLLUP_KIND = "govtui-rollup"
ROLLUP_SCHEMA_VERSION = 1
MAX_INPUT_BYTES = 8 * 1024 * 1024
DISTRICT_KINDS = ("district", "county", "autonomous-county", "functional-area")
TOP_QUESTIONS = 20
SELFCHECK_KIND = "govtui-selfcheck"


@dataclass(slots=True)
class Learner:
    """What the roll-up needs of one learner, whichever source it came from."""

    id: str
    name: str
    unit_id: str | None
    updated_at: str
    source: str
    module_seconds: dict[str, int] = field(default_factory=dict)
    module_track: dict[str, str] = field(default_factory=dict)
    completed: set[str] = field(default_factory=set)
    quizzes: list[tuple[str, str | None, int, bool]] = field(default_factory=list)
    exams: list[tuple[str, int, bool]] = field(default_factory=list)
    answers: dict[str, list[int]] = field(default_factory=dict)

    def answer(self, question_id: str, correct: bool) -> None:
        # Ids are interned: 15,000 learners share one string per question instead of one each.
        counts = self.answers.setdefault(sys.intern(question_id), [0, 0])
        counts[0 if correct else 1] += 1


@dataclass(slots=True)
class Skipped:
    path: str
    reason: str


@dataclass(slots=True)
class Inputs:
    """Everything read: learners by id, self-check exports, skipped inputs and notes."""

    source: str
    learners: dict[str, Learner] = field(default_factory=dict)
    selfchecks: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    read: int = 0


# -- from learner record files ----------------------------------------------------------------


def learner_from_record(body: dict[str, Any], source: str) -> Learner:
    """A Learner from a checked record body; RecordError when a part has the wrong shape."""
    try:
        learner_meta = body["learner"]
        unit = body.get("unit")
        learner = Learner(
            id=str(learner_meta["id"]),
            name=str(learner_meta["name"]),
            unit_id=str(unit["id"]) if isinstance(unit, dict) and unit.get("id") else None,
            updated_at=str(body.get("exported_at", "")),
            source=source,
        )
        for module in body.get("modules", []):
            module_id = sys.intern(str(module["id"]))
            if module.get("track"):
                learner.module_track[module_id] = str(module["track"])
            seconds = int(module.get("study_seconds") or 0)
            if seconds > 0:
                learner.module_seconds[module_id] = seconds
            if module.get("completed") is True:
                learner.completed.add(module_id)
        for attempt in body.get("quiz_attempts", []):
            track = attempt.get("track")
            learner.quizzes.append((str(attempt["module"]), str(track) if track else None,
                                    int(attempt["score"]), attempt.get("passed") is True))
            _count_answers(learner, attempt.get("answers", {}))
        for exam in body.get("exam_attempts", []):
            learner.exams.append((str(exam["blueprint"]), int(exam["score"]), exam.get("passed") is True))
            _count_answers(learner, exam.get("answers", {}))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RecordError(f"学习记录内容不完整（{type(exc).__name__}）") from exc
    return learner


def _count_answers(learner: Learner, answers: dict[str, Any]) -> None:
    counts = learner.answers
    intern = sys.intern
    for qid, correct in dict(answers).items():
        key = intern(str(qid))
        pair = counts.get(key)
        if pair is None:
            pair = counts[key] = [0, 0]
        pair[0 if correct is True else 1] += 1


def _walk(paths: Iterable[Path]) -> Iterable[tuple[Path, str | None]]:
    """(file, None) to read, or (path, reason) to skip; folders are walked without following links."""
    for path in paths:
        if path.is_symlink():
            yield path, "符号链接，不跟随"
        elif path.is_dir():
            yield from _walk_folder(path)
        elif path.is_file():
            yield path, None
        elif path.exists():
            yield path, "不是普通文件"
        else:
            yield path, "文件不存在"


def _walk_folder(folder: Path) -> Iterable[tuple[Path, str | None]]:
    # scandir's entries know their type without another stat per file (15,000 files add up).
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        yield folder, f"无法读取文件夹（{exc.strerror or exc}）"
        return
    folders = []
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink():
            yield path, "符号链接，不跟随"
        elif entry.is_dir(follow_symlinks=False):
            folders.append(path)
        elif entry.is_file(follow_symlinks=False):
            yield path, None
        else:
            yield path, "不是普通文件"
    for sub in folders:
        yield from _walk_folder(sub)


def _load_json(path: Path, max_bytes: int, seen: set[tuple[int, int]] | None = None) -> Any:
    """The JSON value in `path`; RecordError with the reason it cannot be used.

    `seen` holds (device, inode) of files already read: a file named twice is read once.
    """
    try:
        info = path.lstat()
        if seen is not None:
            key = (info.st_dev, info.st_ino)
            if key in seen:
                return _ALREADY_READ
            seen.add(key)
        if not stat.S_ISREG(info.st_mode):
            raise RecordError("不是普通文件")
        if info.st_size > max_bytes:
            raise RecordError(f"文件过大（{info.st_size} 字节，上限 {max_bytes} 字节）")
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise RecordError(f"无法读取（{exc.strerror or exc}）") from exc
    if len(raw) > max_bytes:
        raise RecordError(f"文件过大（上限 {max_bytes} 字节）")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise RecordError("已损坏：不是有效的 UTF-8 JSON") from exc


_ALREADY_READ = object()


def collect_files(paths: Iterable[Path], *, max_bytes: int = MAX_INPUT_BYTES) -> Inputs:
    """Read learner records and self-check exports from files and folders."""
    inputs = Inputs(source="files")
    seen: set[tuple[int, int]] = set()
    selfcheck_ids: dict[str, int] = {}
    for path, problem in _walk(paths):
        shown = str(path)
        if problem:
            inputs.skipped.append(Skipped(shown, problem))
            continue
        try:
            data = _load_json(path, max_bytes, seen)
            if data is _ALREADY_READ:
                continue
            if isinstance(data, dict) and data.get("kind") == SELFCHECK_KIND:
                entry = _selfcheck_entry(data, shown)
                previous = selfcheck_ids.get(entry["id"])
                if previous is not None:
                    older, newer = sorted([inputs.selfchecks[previous], entry], key=lambda e: e["updated_at"])
                    inputs.skipped.append(Skipped(older["path"], f"同一自查记录的重复导出，已采用较新的 {newer['path']}"))
                    inputs.selfchecks[previous] = newer
                else:
                    selfcheck_ids[entry["id"]] = len(inputs.selfchecks)
                    inputs.selfchecks.append(entry)
                inputs.read += 1
                continue
            if isinstance(data, list) and data and all(isinstance(s, dict) and "verb" in s for s in data[:5]):
                raise RecordError("xAPI 语句文件：请导入 LRS 后用 --lrs 汇总，或改用 JSON 学习记录")
            if not (isinstance(data, dict) and data.get("kind") == "govtui-learner-record"):
                raise RecordError("外来文件：不是 govtui 学习记录或自查导出")
            learner = learner_from_record(check_record(data), shown)
        except RecordError as exc:
            inputs.skipped.append(Skipped(shown, str(exc)))
            continue
        inputs.read += 1
        _add_learner(inputs, learner)
    return inputs


def _instant(stamp: str) -> datetime:
    try:
        return clock.parse_instant(stamp)
    except (ValueError, OverflowError):
        return datetime.min.replace(tzinfo=clock.utc_now().tzinfo)


def _add_learner(inputs: Inputs, learner: Learner) -> None:
    """Keep the newest record of each learner; the older one is listed as skipped, with why."""
    other = inputs.learners.get(learner.id)
    if other is None:
        inputs.learners[learner.id] = learner
        return
    newer, older = (learner, other) if _instant(learner.updated_at) >= _instant(other.updated_at) else (other, learner)
    inputs.learners[learner.id] = newer
    inputs.skipped.append(
        Skipped(older.source, f"重复：学员“{older.name}”另有较新的记录 {newer.source}（导出于 {newer.updated_at}），采用较新者")
    )


def _selfcheck_entry(data: dict[str, Any], path: str) -> dict[str, Any]:
    try:
        session = data["session"]
        items = [
            {"id": str(i["id"]), "point": str(i.get("point", "")), "status": i.get("status")}
            for i in data.get("checklist_items", [])
        ]
        score = data.get("score")
        return {
            "id": str(session["id"]),
            "agency": str(session["agency"]),
            "date": str(session.get("date", "")),
            "updated_at": str(session.get("updated_at") or ""),
            "score": float(score) if isinstance(score, int | float) and not isinstance(score, bool) else None,
            "items": items,
            "path": path,
        }
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RecordError(f"自查导出内容不完整（{type(exc).__name__}）") from exc


# -- from xAPI statements -------------------------------------------------------------------


def collect_statements(statements: Iterable[dict[str, Any]], source: str) -> Inputs:
    """Learners rebuilt from xAPI statements (ours only: account homePage is govtui's BASE)."""
    inputs = Inputs(source=source)
    latest: dict[str, datetime] = {}
    seen: set[str] = set()
    for statement in statements:
        try:
            _apply_statement(inputs, latest, seen, statement)
        except (KeyError, TypeError, ValueError, AttributeError):
            inputs.skipped.append(Skipped(f"statement {statement.get('id', '?')}", "语句结构不完整"))
    return inputs


def _apply_statement(inputs: Inputs, latest: dict[str, datetime], seen: set[str], statement: dict[str, Any]) -> None:
    actor = statement.get("actor") or {}
    account = actor.get("account") or {}
    if account.get("homePage") != BASE or not isinstance(account.get("name"), str):
        return
    statement_id = str(statement.get("id", ""))
    if statement_id in seen:
        return
    seen.add(statement_id)
    target = split_iri((statement.get("object") or {}).get("id"))
    verb = str((statement.get("verb") or {}).get("id", "")).removeprefix(ADL)
    if target is None:
        return
    inputs.read += 1
    learner_id = account["name"]
    stamp = str(statement.get("timestamp", ""))
    when = _instant(stamp)
    learner = inputs.learners.get(learner_id)
    if learner is None:
        learner = inputs.learners[learner_id] = Learner(learner_id, str(actor.get("name", learner_id)), None, stamp, "lrs")
    context = statement.get("context") or {}
    extensions = context.get("extensions") or {}
    if learner_id not in latest or when >= latest[learner_id]:
        # Name and unit as of the learner's latest statement (a learner may change unit).
        latest[learner_id] = when
        learner.name = str(actor.get("name", learner.name))
        unit = extensions.get(EXT_UNIT)
        learner.unit_id = str(unit) if unit else None
        learner.updated_at = stamp
    track = extensions.get(EXT_TRACK)
    result = statement.get("result") or {}
    kind, ident = target
    if kind == "modules":
        if track:
            learner.module_track[ident] = str(track)
        if verb == "experienced":
            seconds = duration_seconds(result.get("duration"))
            if seconds > 0:
                learner.module_seconds[ident] = max(seconds, learner.module_seconds.get(ident, 0))
        elif verb == "completed":
            learner.completed.add(ident)
    elif kind in ("quizzes", "exams") and verb in ("passed", "failed"):
        score = int((result.get("score") or {})["raw"])
        if kind == "quizzes":
            learner.quizzes.append((ident, str(track) if track else None, score, verb == "passed"))
        else:
            learner.exams.append((ident, score, verb == "passed"))
    elif kind == "questions" and verb == "answered":
        learner.answer(ident, result.get("success") is True)


# -- the roll-up ---------------------------------------------------------------------------


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _unit_row(course: Course, group: str, unit_id: str | None, name: str, kind: str, learners: list[Learner]) -> dict[str, Any]:
    total_modules = len(course.modules)
    track1 = set(course.tracks["1"].module_ids)
    seconds = sum(sum(x.module_seconds.values()) for x in learners)
    completed = sum(len(x.completed & set(course.modules)) for x in learners)
    return {
        "group": group,
        "id": unit_id,
        "name": name,
        "kind": kind,
        "learners": len(learners),
        "study_seconds": seconds,
        "average_study_seconds": round(seconds / len(learners)) if learners else 0,
        "modules_completed": completed,
        "completion_rate": _rate(completed, len(learners) * total_modules),
        "track1_completed_learners": sum(1 for x in learners if track1 and track1 <= x.completed),
    }


def rollup(course: Course, inputs: Inputs) -> dict[str, Any]:
    """The roll-up as a JSON-ready dict: `meta` (where from, what was skipped) and `report`."""
    learners = sorted(inputs.learners.values(), key=lambda x: x.id)
    by_unit: dict[str | None, list[Learner]] = {}
    # Township and "other" units are in no group of the roll-up: their learners are counted with
    # the unset ones rather than dropped.
    known = {u.id for u in course.units if u.kind in DISTRICT_KINDS or u.kind == "department"}
    for learner in learners:
        by_unit.setdefault(learner.unit_id if learner.unit_id in known else None, []).append(learner)
    units = []
    for group, kinds in (("41", DISTRICT_KINDS), ("N", ("department",))):
        for unit in course.units:
            if unit.kind in kinds:
                units.append(_unit_row(course, group, unit.id, unit.name, unit.kind, by_unit.get(unit.id, [])))
    units.append(_unit_row(course, "unset", None, "未设置单位（或单位不属于区县、市级部门）", "unset", by_unit.get(None, [])))
    groups = []
    for group, name in (("41", "41个区县（区、县、自治县、功能区）"), ("N", "市级部门"), ("unset", "未设置单位")):
        rows = [u for u in units if u["group"] == group]
        count = sum(u["learners"] for u in rows)
        seconds = sum(u["study_seconds"] for u in rows)
        done = sum(u["modules_completed"] for u in rows)
        groups.append({
            "group": group, "name": name, "units": len(rows) if group != "unset" else 0,
            "units_with_learners": sum(1 for u in rows if u["learners"]) if group != "unset" else 0,
            "learners": count, "study_seconds": seconds, "modules_completed": done,
            "completion_rate": _rate(done, count * len(course.modules)),
        })
    return {
        "kind": ROLLUP_KIND,
        "schema_version": ROLLUP_SCHEMA_VERSION,
        "meta": {
            "generated_at": clock.now_stamp(),
            "source": inputs.source,
            "course": course.id,
            "inputs_read": inputs.read,
            "skipped": [{"path": s.path, "reason": s.reason} for s in inputs.skipped],
        },
        "report": {
            "learners": len(learners),
            "study_seconds": sum(sum(x.module_seconds.values()) for x in learners),
            "unit_groups": groups,
            "units": units,
            "tracks": _tracks(course, learners),
            "exams": _exams(course, learners),
            "questions_wrong": _questions(course, learners),
            "selfcheck": _selfcheck(inputs.selfchecks),
        },
    }


def _tracks(course: Course, learners: list[Learner]) -> list[dict[str, Any]]:
    rows = []
    for track in course.tracks.values():
        modules = set(track.module_ids)
        active = 0
        completed = completed_all = seconds = 0
        for learner in learners:
            in_track = {m for m, t in learner.module_track.items() if t == track.id}
            mine = sum(s for m, s in learner.module_seconds.items() if m in modules or m in in_track)
            done = len(learner.completed & modules)
            if mine or done or any(q[1] == track.id for q in learner.quizzes):
                active += 1
            seconds += mine
            completed += done
            completed_all += bool(modules) and modules <= learner.completed
        rows.append({
            "id": track.id, "title": track.title, "modules_total": len(modules), "learners_active": active,
            "learners_completed_all": completed_all, "modules_completed": completed,
            "completion_rate": _rate(completed, len(learners) * len(modules)), "study_seconds": seconds,
        })
    return rows


def _exams(course: Course, learners: list[Learner]) -> list[dict[str, Any]]:
    titles = {b.id: b.title for b in course.blueprints}
    stats: dict[str, dict[str, Any]] = {}
    for learner in learners:
        for blueprint, score, passed in learner.exams:
            row = stats.setdefault(blueprint, {"scores": [], "passed": 0, "learners": set(), "passers": set()})
            row["scores"].append(score)
            row["passed"] += passed
            row["learners"].add(learner.id)
            if passed:
                row["passers"].add(learner.id)
    return [
        {
            "blueprint": blueprint,
            "title": titles.get(blueprint, blueprint),
            "attempts": len(row["scores"]),
            "learners": len(row["learners"]),
            "average_score": round(sum(row["scores"]) / len(row["scores"]), 1),
            "pass_rate": _rate(row["passed"], len(row["scores"])),
            "learners_passed": len(row["passers"]),
        }
        for blueprint, row in sorted(stats.items())
    ]


def _questions(course: Course, learners: list[Learner]) -> list[dict[str, Any]]:
    totals: dict[str, list[int]] = {}
    for learner in learners:
        for qid, (right, wrong) in learner.answers.items():
            counts = totals.setdefault(qid, [0, 0])
            counts[0] += right
            counts[1] += wrong
    ranked = sorted(
        ((qid, right, wrong) for qid, (right, wrong) in totals.items() if wrong),
        key=lambda row: (-row[2], row[1] / (row[1] + row[2]), row[0]),
    )[:TOP_QUESTIONS]
    questions = course.questions
    rows = []
    for qid, right, wrong in ranked:
        question = questions.get(qid)
        sources = question.sources if question else []
        rows.append({
            "id": qid,
            "stem": question.stem if question else "（课程中没有这道题）",
            "module": question.module if question else None,
            "answered": right + wrong,
            "wrong": wrong,
            "correct_rate": _rate(right, right + wrong),
            "sources": [{"source": s, "label": describe(course, s)} for s in sources],
        })
    return rows


def _selfcheck(entries: list[dict[str, Any]]) -> dict[str, Any]:
    latest: dict[str, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry["agency"]] = counts.get(entry["agency"], 0) + 1
        current = latest.get(entry["agency"])
        if current is None or (entry["date"], entry["updated_at"]) > (current["date"], current["updated_at"]):
            latest[entry["agency"]] = entry
    failing: dict[str, dict[str, Any]] = {}
    for entry in latest.values():
        for item in entry["items"]:
            if item["status"] == "noncompliant":
                row = failing.setdefault(item["id"], {"id": item["id"], "point": item["point"], "agencies": 0})
                row["agencies"] += 1
    return {
        "sessions": len(entries),
        "agencies": [
            {"agency": agency, "sessions": counts[agency], "latest_date": e["date"], "latest_score": e["score"]}
            for agency, e in sorted(latest.items())
        ],
        "noncompliant_items": sorted(failing.values(), key=lambda r: (-r["agencies"], r["id"]))[:TOP_QUESTIONS],
    }
