"""Study plans per unit type (content/plans.toml): which tracks and modules a learner must take.

The plans are course data, not code: a maintainer changes who must take what by editing the file,
and `govtui check` reports mistakes with file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govtui.core.model import TRACK_IDS, UNIT_KINDS
from govtui.core.problems import ContentError, Problem
from govtui.core.tomlpos import key_line, load_toml, read_text, table_lines

CITY_TRACK = "1"
"""The city-wide track every plan must require (the "1" of "1+41+N")."""


@dataclass(frozen=True, slots=True)
class PlanRule:
    """What learners of some unit kinds must take: whole tracks plus single modules."""

    id: str
    title: str
    kinds: tuple[str, ...]
    tracks: tuple[str, ...]
    modules: tuple[str, ...]
    why: str


@dataclass(frozen=True, slots=True)
class FieldRule:
    """A field (领域) of some municipal departments: its "N" modules are required for them."""

    id: str
    title: str
    units: tuple[str, ...]
    modules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlanBook:
    """All plans of a course; `default` is for learners without a unit."""

    intro: str
    note: str
    source: str
    default: PlanRule
    rules: tuple[PlanRule, ...]
    fields: tuple[FieldRule, ...]

    def rule_for(self, kind: str | None) -> PlanRule:
        for rule in self.rules:
            if kind in rule.kinds:
                return rule
        return self.default

    def fields_of(self, unit_id: str | None) -> list[FieldRule]:
        return [f for f in self.fields if unit_id in f.units]


FALLBACK = PlanBook(
    intro="",
    note="",
    source="",
    default=PlanRule("default", "全市通用", (), (CITY_TRACK,), (), "课程没有定义学习计划，按全市通用计划学习。"),
    rules=(),
    fields=(),
)
"""Used when plans.toml is absent or unreadable: everyone takes the city-wide track."""


class _Reader:
    """Reads plans.toml, collecting problems with line numbers instead of failing."""

    def __init__(self, path: Path, text: str, modules: set[str], units: dict[str, str], problems: list[Problem]):
        self.path, self.text, self.modules, self.units, self.problems = path, text, modules, units, problems

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def at(self, key: str, line: int) -> int:
        """The line of `key` inside the table starting at `line` (not in the next table)."""
        lines = self.text.splitlines()
        end = next((n for n in range(line + 1, len(lines) + 1) if lines[n - 1].lstrip().startswith("[")), len(lines))
        return key_line(self.text, key, line, end)

    def strings(self, raw: dict[str, Any], key: str, line: int) -> tuple[str, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(self.at(key, line), f"{key} 应为文本数组，实际为 {value!r:.40}")
            return ()
        return tuple(value)

    def known(self, values: tuple[str, ...], allowed, what: str, key: str, line: int) -> tuple[str, ...]:
        bad = [v for v in values if v not in allowed]
        if bad:
            self.problem(self.at(key, line), f"{what}不存在：{'、'.join(bad)}")
        return tuple(v for v in values if v in allowed)

    def rule(self, raw: dict[str, Any], line: int, rule_id: str | None = None) -> PlanRule:
        rule_id = rule_id or raw.get("id")
        if not isinstance(rule_id, str) or not rule_id:
            self.problem(line, "计划需要 id")
            rule_id = f"plan-{line}"
        title, why = raw.get("title", rule_id), raw.get("why", "")
        if not isinstance(title, str) or not isinstance(why, str):
            self.problem(line, f"计划 {rule_id} 的 title、why 应为文本")
            title, why = str(title), str(why)
        kinds = self.known(self.strings(raw, "kinds", line), UNIT_KINDS, "单位类型", "kinds", line)
        tracks = self.known(self.strings(raw, "tracks", line), TRACK_IDS, "轨道", "tracks", line)
        if CITY_TRACK not in tracks:
            # The "1" is the city-wide training everyone takes; a plan without it is a slip.
            self.problem(self.at("tracks", line), f"计划 {rule_id} 必须包含“1”全市通用轨道")
            tracks = (CITY_TRACK, *tracks)
        modules = self.known(self.strings(raw, "modules", line), self.modules, "模块", "modules", line)
        return PlanRule(rule_id, title, kinds, tracks, modules, why)

    def field(self, raw: dict[str, Any], line: int) -> FieldRule | None:
        field_id, title = raw.get("id"), raw.get("title")
        if not isinstance(field_id, str) or not isinstance(title, str):
            self.problem(line, "领域需要 id 和 title")
            return None
        units = self.known(self.strings(raw, "units", line), self.units, "单位", "units", line)
        modules = self.known(self.strings(raw, "modules", line), self.modules, "模块", "modules", line)
        return FieldRule(field_id, title, units, modules)


def load_plans(path: Path, modules: set[str], units: dict[str, str], problems: list[Problem]) -> PlanBook:
    """Read plans.toml; `units` maps unit id to kind. Problems are appended, never raised."""
    if not path.is_file():
        # Optional: a course without plans (e.g. one made by `govtui report import`) gives
        # everyone the city-wide track.
        return FALLBACK
    try:
        text = read_text(path)
        data = load_toml(path, text)
    except ContentError as exc:
        problems.append(exc.problem)
        return FALLBACK
    reader = _Reader(path, text, modules, units, problems)
    default_raw = data.get("default")
    if not isinstance(default_raw, dict):
        reader.problem(None, "缺少 [default] 表（未设置单位的学员的计划）")
        default = FALLBACK.default
    else:
        default = reader.rule(default_raw, _header_line(text, "[default]"), "default")
    rules: list[PlanRule] = []
    covered: dict[str, str] = {}
    for raw, line in _entries(reader, data, "plans"):
        rule = reader.rule(raw, line)
        if any(r.id == rule.id for r in rules):
            reader.problem(line, f"计划 id 重复：{rule.id}")
            continue
        for kind in rule.kinds:
            if kind in covered:
                reader.problem(reader.at("kinds", line), f"单位类型 {kind} 已在计划 {covered[kind]} 中")
            covered.setdefault(kind, rule.id)
        rules.append(rule)
    for kind in sorted({k for k in units.values() if k in UNIT_KINDS} - set(covered)):
        reader.problem(None, f"没有计划覆盖单位类型 {kind}：这类单位的学员只能按 [default] 学习")
    fields = [f for raw, line in _entries(reader, data, "fields") if (f := reader.field(raw, line))]
    intro, note, source = (str(data.get(k, "")) for k in ("intro", "note", "source"))
    return PlanBook(intro, note, source, default, tuple(rules), tuple(fields))


def _entries(reader: _Reader, data: dict[str, Any], key: str) -> list[tuple[dict[str, Any], int]]:
    raw = data.get(key, [])
    lines = table_lines(reader.text, key)
    if not isinstance(raw, list):
        reader.problem(key_line(reader.text, key, 1), f"{key} 应写成 [[{key}]] 表数组")
        return []
    result = []
    for index, entry in enumerate(raw):
        line = lines[index] if index < len(lines) else 1
        if isinstance(entry, dict):
            result.append((entry, line))
        else:
            reader.problem(line, f"{key} 的第 {index + 1} 项不是表")
    return result


def _header_line(text: str, header: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(header):
            return number
    return 1
