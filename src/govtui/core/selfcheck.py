"""Agency self-check (自查): the weighted checklist, sessions, scoring and history.

A session is one disclosure team checking its agency against the items of its level. Scores are
weighted; 基本符合 earns partial credit; 不适用 items leave the score entirely.
"""

from __future__ import annotations

import secrets
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w

from govtui.core import clock
from govtui.core.atomic import atomic_write_text, set_aside
from govtui.core.citation import parse_citation
from govtui.core.errors import record_error_text
from govtui.core.problems import ContentError, Problem
from govtui.core.tomlpos import key_line, load_toml, read_text, table_lines

SCHEMA_VERSION = 1
STATUS_NAMES = {"compliant": "符合", "partial": "基本符合", "noncompliant": "不符合", "na": "不适用"}
STATUS_KEYS = ("compliant", "partial", "noncompliant", "na")


@dataclass(frozen=True, slots=True)
class AgencyLevel:
    id: str
    name: str


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


@dataclass(slots=True)
class Checklist:
    levels: list[AgencyLevel]
    areas: list[Area]
    items: list[CheckItem]
    partial_credit: float
    path: Path

    def items_for(self, level: str) -> list[CheckItem]:
        order = {a.id: i for i, a in enumerate(self.areas)}
        return sorted((i for i in self.items if level in i.levels), key=lambda i: order.get(i.area, 99))

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
    items: list[CheckItem] = []
    seen: set[str] = set()
    headers = table_lines(text, "items")
    for index, raw in enumerate(data.get("items", [])):
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
        item_levels = raw.get("levels", [])
        if not isinstance(item_levels, list) or not item_levels or not set(item_levels) <= level_ids:
            fail("levels", f"levels 应为以下机关类型的非空列表：{', '.join(sorted(level_ids))}")
        if len(problems) > before:
            continue
        seen.add(raw["id"])
        items.append(
            CheckItem(
                raw["id"], raw["area"], raw["point"], raw["method"], tuple(basis), weight,
                raw["remediation"], tuple(modules), tuple(item_levels), start,
            )
        )
    return Checklist(levels, areas, items, float(partial), path)


def _named(data: dict, text: str, path: Path, table: str, kind: type, problems: list[Problem]) -> list:
    """Profiles or areas: each needs a unique id and a name."""
    result = []
    headers = table_lines(text, table)
    for index, raw in enumerate(data.get(table, [])):
        line = headers[index] if index < len(headers) else None
        if not isinstance(raw.get("id"), str) or not isinstance(raw.get("name"), str):
            problems.append(Problem(path, line, f"{table} 需要 id 和 name"))
        elif any(entry.id == raw["id"] for entry in result):
            problems.append(Problem(path, line, f"{table} 的 id 重复：{raw['id']}"))
        else:
            result.append(kind(raw["id"], raw["name"]))
    return result


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

    def mark(self, item_id: str) -> ItemMark:
        return self.marks.setdefault(item_id, ItemMark())


def new_session(agency: str, level: str, participants: list[str], on: date | None = None) -> SelfCheckSession:
    # The id shows the local time of day a person would recognise; the stamps are UTC instants.
    session_id = f"sc-{clock.file_stamp()}-{secrets.token_hex(2)}"
    stamp = clock.now_stamp()
    return SelfCheckSession(session_id, agency.strip(), level, (on or clock.today()).isoformat(), participants, stamp, stamp)


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
    def __init__(self, path: Path, kept_at: Path, reason: str) -> None:
        super().__init__(f"自查记录 {path} 无法读取（{reason}），已原样保存为 {kept_at}")
        self.path, self.kept_at, self.reason = path, kept_at, reason


class SelfCheckStore:
    """Sessions under `data_dir/selfcheck/<id>.toml`, written atomically with a schema version."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / "selfcheck"

    def path_for(self, session_id: str) -> Path:
        return self.folder / f"{session_id}.toml"

    def save(self, session: SelfCheckSession) -> None:
        session.updated_at = clock.now_stamp()
        atomic_write_text(self.path_for(session.id), tomli_w.dumps(_to_toml(session)), private=True)

    def load(self, session_id: str) -> SelfCheckSession:
        path = self.path_for(session_id)
        if not path.is_file():
            raise FileNotFoundError(session_id)
        return self._read(path)

    def list(self) -> tuple[list[SelfCheckSession], list[SelfCheckError]]:
        sessions, errors = [], []
        if self.folder.is_dir():
            for path in sorted(self.folder.glob("sc-*.toml")):
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
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            if data.get("schema_version") != SCHEMA_VERSION:
                raise ValueError(f"不支持的 schema_version：{data.get('schema_version')!r}")
            session = _from_toml(data)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            raise SelfCheckError(path, set_aside(path), record_error_text(exc)) from exc
        # The file name is the id every command uses; an edited id inside must not split the two.
        session.id = path.stem
        return session


def _to_toml(session: SelfCheckSession) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "id": session.id,
        "agency": session.agency,
        "level": session.level,
        "date": session.date,
        "participants": session.participants,
        "created_at": session.created_at,
        "updated_at": session.updated_at,
    }
    if session.finished_at:
        meta["finished_at"] = session.finished_at
    if session.finished_score is not None:
        meta["finished_score"] = session.finished_score
    return {
        "schema_version": SCHEMA_VERSION,
        "session": meta,
        "marks": {
            item_id: {k: v for k, v in {
                "status": m.status, "reason": m.reason, "evidence": m.evidence, "notes": m.notes,
            }.items() if v not in (None, "", [])}
            for item_id, m in sorted(session.marks.items())
        },
    }


def _from_toml(data: dict[str, Any]) -> SelfCheckSession:
    meta = data["session"]
    if not isinstance(meta.get("participants", []), list):
        raise ValueError("participants 应为列表")
    date.fromisoformat(str(meta["date"]))  # a date that does not parse would sort wrongly
    if not isinstance(meta["date"], str):
        raise ValueError("date 应为 YYYY-MM-DD 文本")
    session = SelfCheckSession(
        id=str(meta["id"]),
        agency=str(meta["agency"]),
        level=str(meta["level"]),
        date=str(meta["date"]),
        participants=[str(p) for p in meta.get("participants", [])],
        created_at=str(meta.get("created_at", "")),
        updated_at=str(meta.get("updated_at", "")),
        finished_at=meta.get("finished_at"),
        finished_score=meta.get("finished_score"),
    )
    for item_id, raw in data.get("marks", {}).items():
        status = raw.get("status")
        if status is not None and status not in STATUS_KEYS:
            raise ValueError(f"未知的评估结果 {status!r}")
        session.marks[str(item_id)] = ItemMark(
            status, str(raw.get("reason", "")), [str(e) for e in raw.get("evidence", [])], str(raw.get("notes", ""))
        )
    return session
