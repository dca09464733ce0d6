"""Agency self-check (自查): the weighted checklist, sessions, scoring and history.

A session is one disclosure team checking its agency against the items of its level. Scores are
weighted; 基本符合 earns partial credit; 不适用 items leave the score entirely.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w

from govtui.core import clock, escape
from govtui.core.atomic import atomic_write_text, set_aside
from govtui.core.citation import parse_citation
from govtui.core.errors import os_error_text, toml_error_text
from govtui.core.locks import RecordLock
from govtui.core.problems import ContentError, Problem
from govtui.core.profile_file import ShapeError
from govtui.core.selfcheck_file import (
    SCHEMA_VERSION,
    SessionFile,
    keep_unknown_session,
    read_session_shape,
)
from govtui.core.tomlpos import key_line, load_toml, read_text, table_lines

STATUS_NAMES = {"compliant": "符合", "partial": "基本符合", "noncompliant": "不符合", "na": "不适用"}
STATUS_KEYS = ("compliant", "partial", "noncompliant", "na")
BASIS_KINDS = {
    "law": "《条例》规定",
    "policy": "政策文件要求（非《条例》）",
    "practice": "重庆做法（非《条例》）",
}
"""What an item's requirement rests on; shown with every item so an agency can defend its score."""
FIRST_VERSION = 1
"""Sessions saved before checklists carried a version were made against version 1."""


@dataclass(frozen=True, slots=True)
class AgencyLevel:
    id: str
    name: str
    note: str = ""
    """How the Regulation applies to this kind of agency, where that is not plain (街道, 管委会)."""


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class CheckItem:
    """One 评估点 with its method, legal basis, weight, 整改建议 and the modules that teach it."""

    id: str
    area: str
    point: str
    method: str
    basis: tuple[str, ...]
    weight: int
    remediation: str
    modules: tuple[str, ...]
    levels: tuple[str, ...]
    line: int = 0
    basis_kind: str = "law"

    @property
    def basis_kind_name(self) -> str:
        return BASIS_KINDS.get(self.basis_kind, self.basis_kind)


@dataclass(frozen=True, slots=True)
class ItemChange:
    """What changed in one item at one checklist version (shown to sessions made before it)."""

    version: int
    item: str
    note: str


@dataclass(slots=True)
class Checklist:
    levels: list[AgencyLevel]
    areas: list[Area]
    items: list[CheckItem]
    partial_credit: float
    path: Path
    version: int = FIRST_VERSION
    changes: list[ItemChange] = field(default_factory=list)

    def changes_since(self, version: int, level: str) -> list[ItemChange]:
        """Changes after `version` to the items of `level`, in checklist order, newest last per item."""
        order = {item.id: n for n, item in enumerate(self.items_for(level))}
        chosen = [c for c in self.changes if c.version > version and c.item in order]
        return sorted(chosen, key=lambda c: (order[c.item], c.version))

    def items_for(self, level: str) -> list[CheckItem]:
        order = {a.id: i for i, a in enumerate(self.areas)}
        return sorted((i for i in self.items if level in i.levels), key=lambda i: order.get(i.area, 99))

    def level_note(self, level: str) -> str:
        return next((lv.note for lv in self.levels if lv.id == level), "")

    def level_name(self, level: str) -> str:
        return next((lv.name for lv in self.levels if lv.id == level), level)

    def area_name(self, area: str) -> str:
        return next((a.name for a in self.areas if a.id == area), area)


def load_checklist(path: Path, problems: list[Problem], module_ids: set[str]) -> Checklist | None:
    """Read and check checklist.toml; every problem names the file and line."""
    try:
        text = read_text(path)
        data = load_toml(path, text)
    except ContentError as exc:
        problems.append(exc.problem)
        return None
    levels = _named(data, text, path, "profiles", AgencyLevel, problems)
    areas = _named(data, text, path, "areas", Area, problems)
    level_ids, area_ids = {lv.id for lv in levels}, {a.id for a in areas}
    scoring = data.get("scoring", {})
    partial = scoring.get("partial_credit", 0.5) if isinstance(scoring, dict) else 0.5
    if isinstance(partial, bool) or not isinstance(partial, int | float) or not 0 <= partial <= 1:
        problems.append(Problem(path, key_line(text, "partial_credit", 1), "partial_credit 应为 0 到 1 之间的数"))
        partial = 0.5
    version = data.get("version", FIRST_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < FIRST_VERSION:
        problems.append(Problem(path, key_line(text, "version", 1), "version 应为不小于 1 的整数"))
        version = FIRST_VERSION
    items: list[CheckItem] = []
    seen: set[str] = set()
    headers = table_lines(text, "items")
    for index, raw in enumerate(_entries(data, text, path, "items", problems)):
        start = headers[index] if index < len(headers) else 1
        end = headers[index + 1] - 1 if index + 1 < len(headers) else None

        def fail(key: str, message: str, raw: dict = raw, start: int = start, end: int | None = end) -> None:
            problems.append(Problem(path, key_line(text, key, start, end), f"检查项 {raw.get('id', '?')}：{message}"))

        before = len(problems)
        for key in ("id", "area", "point", "method", "remediation"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                fail(key, f"缺少或无效的字段 {key}")
        if len(problems) > before:
            continue
        if raw["id"] in seen:
            fail("id", "id 重复")
            continue
        if raw["area"] not in area_ids:
            fail("area", f"未定义的领域 {raw['area']}")
        weight = raw.get("weight")
        if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 5:
            fail("weight", "weight 应为 1–5 的整数")
        basis = raw.get("basis", [])
        if not isinstance(basis, list) or not basis:
            fail("basis", "缺少法律依据 basis")
            basis = []
        for source in basis:
            citation = parse_citation(str(source))
            if citation is None or citation.kind not in ("reg", "report"):
                fail("basis", f"依据应为《条例》条文或报告段落：{source!r}")
        modules = raw.get("modules", [])
        if not isinstance(modules, list) or not modules:
            fail("modules", "缺少讲授该内容的模块 modules")
            modules = []
        for module in modules:
            if module not in module_ids:
                fail("modules", f"模块不存在：{module}")
        kind = raw.get("basis_kind")
        if kind not in BASIS_KINDS:
            fail("basis_kind", f"basis_kind 应为 {' | '.join(BASIS_KINDS)}")
        elif kind == "law" and not any(str(s).startswith("reg:") for s in basis):
            fail("basis", "标为《条例》规定（law）的检查项至少要引用一条《条例》条文")
        elif kind == "law" and isinstance(weight, int) and weight < 3:
            # The weight scheme in the file header: 3–5 are Regulation duties, 2–3 policy or practice.
            fail("weight", "《条例》规定的检查项权重为 3–5")
        elif kind != "law" and isinstance(weight, int) and weight > 3:
            fail("weight", "政策文件要求或重庆做法的检查项权重不超过 3")
        item_levels = raw.get("levels", [])
        if not isinstance(item_levels, list) or not item_levels or not set(item_levels) <= level_ids:
            fail("levels", f"levels 应为以下机关类型的非空列表：{', '.join(sorted(level_ids))}")
        if len(problems) > before:
            continue
        seen.add(raw["id"])
        items.append(
            CheckItem(
                raw["id"], raw["area"], raw["point"], raw["method"], tuple(basis), weight,
                raw["remediation"], tuple(modules), tuple(item_levels), start, kind,
            )
        )
    changes = _changes(data, text, path, version, seen, problems)
    if not items:
        problems.append(Problem(path, None, "自查清单中没有可用的检查项（[[items]]）"))
    return Checklist(levels, areas, items, float(partial), path, version, changes)


def _changes(data: dict, text: str, path: Path, version: int, item_ids: set[str], problems: list[Problem]) -> list[ItemChange]:
    """The change log: one entry per item and version, so older sessions can show what moved under them."""
    result = []
    headers = table_lines(text, "changes")
    raw_changes = data.get("changes", [])
    if not isinstance(raw_changes, list):
        problems.append(Problem(path, key_line(text, "changes", 1), "changes 应为 [[changes]] 表的列表"))
        return result
    for index, raw in enumerate(raw_changes):
        line = headers[index] if index < len(headers) else None
        at, item, note = raw.get("version"), raw.get("item"), raw.get("note")
        if isinstance(at, bool) or not isinstance(at, int) or not FIRST_VERSION < at <= version:
            problems.append(Problem(path, line, f"changes 的 version 应为 2 到 {version} 之间的整数"))
        elif item not in item_ids:
            problems.append(Problem(path, line, f"changes 引用了不存在的检查项：{item!r}"))
        elif not isinstance(note, str) or not note.strip():
            problems.append(Problem(path, line, f"changes（{item}）缺少说明 note"))
        else:
            result.append(ItemChange(at, item, note.strip()))
    return result


def _named(data: dict, text: str, path: Path, table: str, kind: type, problems: list[Problem]) -> list:
    """Profiles or areas: each needs a unique id and a name."""
    result = []
    headers = table_lines(text, table)
    for index, raw in enumerate(_entries(data, text, path, table, problems)):
        line = headers[index] if index < len(headers) else None
        if not isinstance(raw.get("id"), str) or not isinstance(raw.get("name"), str):
            problems.append(Problem(path, line, f"{table} 需要 id 和 name"))
        elif any(entry.id == raw["id"] for entry in result):
            problems.append(Problem(path, line, f"{table} 的 id 重复：{raw['id']}"))
        elif kind is AgencyLevel:
            result.append(kind(raw["id"], raw["name"], str(raw.get("note", "")).strip()))
        else:
            result.append(kind(raw["id"], raw["name"]))
    return result


def _entries(data: dict, text: str, path: Path, table: str, problems: list[Problem]) -> list[dict]:
    """`[[table]]` entries; `items = [1, 2]` or `items = "x"` is a problem, not a crash."""
    raw = data.get(table, [])
    if not isinstance(raw, list):
        problems.append(Problem(path, key_line(text, table, 1), f"{table} 应写成 [[{table}]] 表数组"))
        return []
    good = [entry for entry in raw if isinstance(entry, dict)]
    if len(good) != len(raw):
        problems.append(Problem(path, key_line(text, table, 1), f"{table} 中有 {len(raw) - len(good)} 项不是表（应写成 [[{table}]]）"))
    return good


# -- sessions ------------------------------------------------------------------------------


@dataclass(slots=True)
class ItemMark:
    """What the team recorded for one item."""

    status: str | None = None
    reason: str = ""
    evidence: list[str] = field(default_factory=list)
    notes: str = ""


@dataclass(slots=True)
class SelfCheckSession:
    id: str
    agency: str
    level: str
    date: str
    participants: list[str]
    created_at: str
    updated_at: str = ""
    finished_at: str | None = None
    finished_score: float | None = None
    """The score when the session was finished; kept because scores follow the current checklist."""
    marks: dict[str, ItemMark] = field(default_factory=dict)
    checklist_version: int = FIRST_VERSION
    """The checklist version the session was started with; later changes are shown against it."""
    read_only: str | None = None
    """Why this session must not be saved (from a newer govtui, or open in another window)."""
    source: dict[str, Any] | None = field(default=None, repr=False)
    """The file as read, so keys this version does not know survive a save."""

    def mark(self, item_id: str) -> ItemMark:
        return self.marks.setdefault(item_id, ItemMark())


def new_session(
    agency: str, level: str, participants: list[str], on: date | None = None, checklist_version: int = FIRST_VERSION
) -> SelfCheckSession:
    # The id shows the local time of day a person would recognise; the stamps are UTC instants.
    session_id = f"sc-{clock.file_stamp()}-{secrets.token_hex(2)}"
    stamp = clock.now_stamp()
    return SelfCheckSession(
        session_id, escape.visible(agency.strip()), level, (on or clock.today()).isoformat(),
        [escape.visible(p) for p in participants], stamp, stamp,
        checklist_version=checklist_version,
    )


@dataclass(frozen=True, slots=True)
class AreaScore:
    area: str
    score: float | None
    assessed: int
    total: int


@dataclass(frozen=True, slots=True)
class ScoreReport:
    """Weighted score over assessed, applicable items; `gaps` are 不符合/基本符合 items by weight."""

    score: float | None
    areas: list[AreaScore]
    gaps: list[tuple[CheckItem, str]]
    assessed: int
    not_applicable: int
    unassessed: int
    total: int


def credit(status: str, partial_credit: float) -> float:
    return {"compliant": 1.0, "partial": partial_credit, "noncompliant": 0.0}[status]


def score_session(checklist: Checklist, session: SelfCheckSession) -> ScoreReport:
    items = checklist.items_for(session.level)

    def weighted(chosen: list[CheckItem]) -> tuple[float | None, int]:
        counted = [(i, session.marks[i.id].status) for i in chosen if _assessed(session, i)]
        weights = sum(i.weight for i, _ in counted)
        if not weights:
            return None, len(counted)
        earned = sum(i.weight * credit(status, checklist.partial_credit) for i, status in counted)
        return round(100 * earned / weights, 1), len(counted)

    overall, assessed = weighted(items)
    areas = []
    for area in checklist.areas:
        members = [i for i in items if i.area == area.id]
        if members:
            value, count = weighted(members)
            areas.append(AreaScore(area.id, value, count, len(members)))
    gaps = [
        (i, session.marks[i.id].status)
        for i in items
        if i.id in session.marks and session.marks[i.id].status in ("noncompliant", "partial")
    ]
    gaps.sort(key=lambda g: (-g[0].weight, g[1] != "noncompliant", g[0].id))
    na = sum(1 for i in items if i.id in session.marks and session.marks[i.id].status == "na")
    return ScoreReport(overall, areas, gaps, assessed, na, len(items) - assessed - na, len(items))


def unassessed_items(checklist: Checklist, session: SelfCheckSession) -> list[CheckItem]:
    """Items of the session's checklist with no result yet (不适用 counts as a result)."""
    return [i for i in checklist.items_for(session.level) if session.marks.get(i.id) is None or not session.marks[i.id].status]


def _assessed(session: SelfCheckSession, item: CheckItem) -> bool:
    mark = session.marks.get(item.id)
    return mark is not None and mark.status in ("compliant", "partial", "noncompliant")


@dataclass(frozen=True, slots=True)
class Comparison:
    previous: SelfCheckSession
    score_change: float | None
    changed: list[tuple[str, str | None, str | None]]


def compare(checklist: Checklist, session: SelfCheckSession, previous: SelfCheckSession) -> Comparison:
    """Score change and the items whose status changed since the agency's previous session."""
    now, before = score_session(checklist, session).score, score_session(checklist, previous).score
    change = None if now is None or before is None else round(now - before, 1)
    changed = []
    for item in checklist.items_for(session.level):
        old = previous.marks.get(item.id, ItemMark()).status
        new = session.marks.get(item.id, ItemMark()).status
        if old != new:
            changed.append((item.id, old, new))
    return Comparison(previous, change, changed)


# -- storage -------------------------------------------------------------------------------


class SelfCheckError(Exception):
    """A session file that could not be used; `kept_at` is where a damaged one was moved (None: left in place)."""

    def __init__(self, path: Path, kept_at: Path | None, reason: str) -> None:
        where = f"已原样保存为 {kept_at}" if kept_at else "文件未改动"
        super().__init__(f"自查记录 {path} 无法读取（{reason}），{where}")
        self.path, self.kept_at, self.reason = path, kept_at, reason


MAX_SESSION_BYTES = 5_000_000
_SESSION_ID = re.compile(r"sc-[0-9A-Za-z-]{1,60}")


class SelfCheckStore:
    """Sessions under `data_dir/selfcheck/<id>.toml`, written atomically with a schema version.

    The file name is the session's id; values inside the file never decide where it is saved.
    """

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / "selfcheck"

    def path_for(self, session_id: str) -> Path:
        if not _SESSION_ID.fullmatch(session_id):
            raise FileNotFoundError(session_id)
        return self.folder / f"{session_id}.toml"

    def save(self, session: SelfCheckSession) -> bool:
        """Write atomically; False (nothing written) for a read-only session."""
        if session.read_only:
            return False
        session.updated_at = clock.now_stamp()
        atomic_write_text(self.path_for(session.id), tomli_w.dumps(_to_toml(session)), private=True)
        return True

    def load(self, session_id: str) -> SelfCheckSession:
        path = self.path_for(session_id)
        if not path.is_file():
            raise FileNotFoundError(session_id)
        return self._read(path)

    def lock(self, session_id: str) -> RecordLock | None:
        """Hold a session for this window; None if another window has it open."""
        held = RecordLock(self.folder / f"{session_id}.lock")
        if not held.acquire():
            return None
        for orphan in self.folder.glob(f".{session_id}.toml.*.tmp"):
            with contextlib.suppress(OSError):
                orphan.unlink()
        return held

    def list(self) -> tuple[list[SelfCheckSession], list[SelfCheckError]]:
        sessions, errors = [], []
        if self.folder.is_dir():
            for path in sorted(self.folder.glob("sc-*.toml")):
                if not _SESSION_ID.fullmatch(path.stem):
                    continue
                try:
                    sessions.append(self._read(path))
                except SelfCheckError as exc:
                    errors.append(exc)
        sessions.sort(key=lambda s: (s.date, s.created_at))
        return sessions, errors

    def history(self, agency: str) -> list[SelfCheckSession]:
        """All sessions of one agency, oldest first."""
        sessions, _ = self.list()
        return [s for s in sessions if s.agency == agency.strip()]

    def previous(self, session: SelfCheckSession) -> SelfCheckSession | None:
        earlier = [s for s in self.history(session.agency) if (s.date, s.created_at) < (session.date, session.created_at)]
        return earlier[-1] if earlier else None

    def _read(self, path: Path) -> SelfCheckSession:
        try:
            if path.stat().st_size > MAX_SESSION_BYTES:
                raise self._damaged(path, f"文件超过 {MAX_SESSION_BYTES // 1_000_000} MB 上限")
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise self._damaged(path, f"不是 UTF-8 文本：{exc.reason}") from exc
        except OSError as exc:
            raise SelfCheckError(path, None, os_error_text(exc)) from exc
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise self._damaged(path, toml_error_text(exc)) from exc
        except RecursionError as exc:
            raise self._damaged(path, "嵌套层数过多") from exc
        version = data.get("schema_version")
        newer = isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION
        if not newer and (version not in (1, SCHEMA_VERSION) or isinstance(version, bool)):
            raise self._damaged(path, f"不支持的 schema_version：{version!r}")
        try:
            record = read_session_shape({**data, "schema_version": SCHEMA_VERSION} if newer else data, newer=newer)
        except ShapeError as exc:
            if newer:
                raise SelfCheckError(path, None, f"由更新版本的 govtui 写入（schema_version {version}），本版本无法读取：{exc}") from exc
            raise self._damaged(path, str(exc)) from exc
        session = _from_record(record, path.stem, data)
        if newer:
            session.read_only = f"该自查记录由更新版本的 govtui 写入（schema_version {version}），本版本只读打开，不会保存更改"
        return session

    def _damaged(self, path: Path, reason: str) -> SelfCheckError:
        try:
            kept: Path | None = set_aside(path)
        except OSError as exc:
            kept = None
            reason += f"；无法移开损坏的文件（{os_error_text(exc)}）"
        return SelfCheckError(path, kept, reason)


def _to_toml(session: SelfCheckSession) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "id": session.id,
        "agency": session.agency,
        "level": session.level,
        "date": session.date,
        "participants": session.participants,
        "created_at": session.created_at,
        "updated_at": session.updated_at,
        "checklist_version": session.checklist_version,
    }
    if session.finished_at:
        meta["finished_at"] = session.finished_at
    if session.finished_score is not None:
        meta["finished_score"] = session.finished_score
    marks = {
        item_id: {k: v for k, v in {
            # What a team typed or pasted is stored with control characters made visible.
            "status": m.status, "reason": escape.visible(m.reason), "evidence": [escape.visible(e) for e in m.evidence],
            "notes": escape.visible(m.notes),
        }.items() if v not in (None, "", [])}
        for item_id, m in sorted(session.marks.items())
    }
    tables = {
        "schema_version": SCHEMA_VERSION,
        "session": meta,
        # First table after [session]: a file cut after it no longer matches its count.
        "integrity": {"marks": len(marks)},
        "marks": marks,
    }
    return keep_unknown_session(tables, session.source) if session.source else tables


def _from_record(record: SessionFile, session_id: str, source: dict[str, Any]) -> SelfCheckSession:
    meta = record.session
    session = SelfCheckSession(
        id=session_id,
        agency=escape.visible(meta.agency),
        level=meta.level,
        date=meta.date,
        participants=[escape.visible(p) for p in meta.participants],
        created_at=meta.created_at,
        updated_at=meta.updated_at,
        finished_at=meta.finished_at,
        finished_score=meta.finished_score,
        checklist_version=meta.checklist_version,
    )
    session.source = source
    for item_id, raw in record.marks.items():
        session.marks[item_id] = ItemMark(
            raw.status, escape.visible(raw.reason), [escape.visible(e) for e in raw.evidence], escape.visible(raw.notes)
        )
    return session
