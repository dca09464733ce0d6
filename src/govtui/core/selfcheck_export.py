"""Exporting one self-check session as a report: Markdown, printable HTML, CSV (for Excel) or JSON.

Every format carries the same content, built once by `_build`: the session header, the weighted
score and counts, per-area scores, the gap list with 整改建议, every item as recorded with what its
requirement rests on (《条例》, a policy document or Chongqing practice), the checklist changes made
since the session's checklist version, and the comparison with the agency's previous session.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govtui.core import clock, escape
from govtui.core.course import Course
from govtui.core.selfcheck import (
    STATUS_NAMES,
    AreaScore,
    CheckItem,
    Checklist,
    Comparison,
    ItemChange,
    ItemMark,
    ScoreReport,
    SelfCheckSession,
    compare,
    credit,
    score_session,
)
from govtui.core.sources import describe

FORMATS = ("md", "html", "csv", "json", "xlsx")
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".csv": "csv", ".json": "json", ".xlsx": "xlsx"}
UNASSESSED = "未评估"
DASH = "—"
CSV_COLUMNS = (
    "序号", "检查项ID", "领域", "评估点", "权重", "评估结果", "得分率", "不适用理由",
    "佐证材料", "备注", "依据类别", "法律依据", "整改建议", "学习模块", "清单变化",
)

EXPORT_SCHEMA_VERSION = 2
"""Version of the JSON export (its own shape; not the session file's schema version).

2: `finished_score` (the score at finishing) next to `score` (under the current checklist)."""
FINISHED_SCORE_LABEL = "完成时得分"


class ExportError(ValueError):
    """The session cannot be exported with this course (message is reader-facing Chinese)."""


def format_for_path(path: str | Path, default: str = "md") -> str:
    """The export format implied by a file name's suffix, else `default`."""
    return SUFFIXES.get(Path(path).suffix.lower(), default)


def status_name(status: str | None) -> str:
    return STATUS_NAMES.get(status, UNASSESSED) if status else UNASSESSED


def score_text(score: float | None) -> str:
    return DASH if score is None else f"{score:.1f}"


def score_text_of(text: str) -> str:
    """A total score as a heading shows it: "82.5（满分 100）", or the dash alone."""
    return text if text == DASH else f"{text}（满分 100）"


def change_text(change: float | None) -> str:
    return DASH if change is None else f"{change:+.1f}"


def session_summary(checklist: Checklist, session: SelfCheckSession) -> dict[str, Any]:
    """One line of `govtui selfcheck list`."""
    return {
        "id": session.id,
        "agency": session.agency,
        "level": session.level,
        "level_name": checklist.level_name(session.level),
        "date": session.date,
        "score": score_session(checklist, session).score,
        "finished_score": session.finished_score if session.finished_at else None,
        "finished": bool(session.finished_at),
    }


# -- the shared content ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    index: int
    item: CheckItem
    area_name: str
    mark: ItemMark
    basis: list[str]
    modules: list[str]

    @property
    def status(self) -> str | None:
        return self.mark.status

    @property
    def status_name(self) -> str:
        return status_name(self.mark.status)

    @property
    def kind(self) -> str:
        return self.item.basis_kind_name


@dataclass(frozen=True, slots=True)
class Report:
    checklist: Checklist
    session: SelfCheckSession
    level_name: str
    score: ScoreReport
    rows: list[Row]
    gaps: list[Row]
    comparison: Comparison | None
    previous_score: float | None
    changes: list[ItemChange]

    def changes_of(self, item_id: str) -> str:
        """The checklist changes to one item since the session's version, as one line."""
        return "；".join(f"第{c.version}版：{c.note}" for c in self.changes if c.item == item_id)

    @property
    def version_line(self) -> str:
        ours, current = self.session.checklist_version, self.checklist.version
        if ours >= current:
            return f"自查清单第{current}版"
        return f"本次自查开始时使用自查清单第{ours}版，现行第{current}版；{len({c.item for c in self.changes})} 项有变化（见“清单变化”）"

    def rate(self, row: Row) -> str:
        """得分率 of one item: share of its weight earned, blank when it does not count."""
        if row.status not in ("compliant", "partial", "noncompliant"):
            return ""
        return f"{credit(row.status, self.checklist.partial_credit) * 100:g}%"

    def area_name(self, area: AreaScore) -> str:
        return self.checklist.area_name(area.area)

    def point(self, item_id: str) -> str:
        return next((r.item.point for r in self.rows if r.item.id == item_id), "")

    @property
    def title(self) -> str:
        return f"{self.session.agency} 政府信息公开工作自查报告"

    @property
    def level_note(self) -> str:
        return self.checklist.level_note(self.session.level)

    @property
    def participants(self) -> str:
        return "、".join(self.session.participants) or DASH

    @property
    def state(self) -> str:
        finished = self.session.finished_at
        return f"已完成（{clock.local_date_text(finished)}）" if finished else "进行中"

    @property
    def finished_score(self) -> float | None:
        """The score saved when the session was finished (None while it is open)."""
        return self.session.finished_score if self.session.finished_at else None

    @property
    def scores_differ(self) -> bool:
        """The checklist changed since finishing, and so did the score under it."""
        return self.finished_score is not None and self.finished_score != self.score.score

    @property
    def current_score_label(self) -> str:
        return f"按现行清单（第{self.checklist.version}版）计算的得分"

    @property
    def score_lines(self) -> list[tuple[str, str]]:
        """The labelled total score(s): both the score at finishing and the current one when they differ."""
        if self.scores_differ:
            return [(FINISHED_SCORE_LABEL, score_text(self.finished_score)),
                    (self.current_score_label, score_text(self.score.score))]
        label = FINISHED_SCORE_LABEL if self.finished_score is not None else "总分"
        return [(label, score_text(self.score.score))]

    @property
    def score_note(self) -> str:
        """Why two scores are shown, or ''."""
        if not self.scores_differ:
            return ""
        return (f"完成后自查清单已更新（第{self.session.checklist_version}版→第{self.checklist.version}版），"
                "两个得分都列出；各领域得分、差距清单按现行清单计算")

    def previous_status(self, item_id: str) -> str | None:
        """The previous session's result for an item whose result changed since then (else None)."""
        if self.comparison is None:
            return None
        for changed, old, _new in self.comparison.changed:
            if changed == item_id:
                return old or "none"
        return None


def _build(course: Course, session: SelfCheckSession, previous: SelfCheckSession | None) -> Report:
    checklist = course.checklist
    if checklist is None:
        raise ExportError("课程中没有自查清单（content/selfcheck/checklist.toml）")
    items = checklist.items_for(session.level)
    if not items:
        raise ExportError(f"自查清单中没有适用于机关类型“{session.level}”的检查项")
    labels: dict[str, str] = {}

    def label(source: str) -> str:
        if source not in labels:
            labels[source] = describe(course, source)
        return labels[source]

    rows = []
    for index, item in enumerate(items, 1):
        modules = [course.modules[m].title if m in course.modules else m for m in item.modules]
        rows.append(
            Row(index, item, checklist.area_name(item.area), session.marks.get(item.id, ItemMark()),
                 [label(s) for s in item.basis], modules)
        )
    report = score_session(checklist, session)
    by_id = {r.item.id: r for r in rows}
    # Same order as the result screen: by weight, 不符合 before 基本符合 at equal weight.
    gaps = [by_id[item.id] for item, _ in report.gaps]
    comparison = previous_score = None
    if previous is not None:
        comparison = compare(checklist, session, previous)
        previous_score = score_session(checklist, previous).score
    changes = checklist.changes_since(session.checklist_version, session.level)
    return Report(checklist, session, checklist.level_name(session.level), report, rows, gaps,
                   comparison, previous_score, changes)


def export_session(
    course: Course, session: SelfCheckSession, previous: SelfCheckSession | None, fmt: str
) -> bytes:
    """The session as a file in one of FORMATS; raises ExportError if the course cannot score it."""
    if fmt not in FORMATS:
        raise ExportError(f"不支持的导出格式：{fmt}（可用：{'、'.join(FORMATS)}）")
    if fmt == "xlsx":
        # The workbook has its own module (core/selfcheck_xlsx.py); openpyxl loads only here.
        from govtui.core.selfcheck_xlsx import WorkbookExportError, workbook_bytes

        try:
            return workbook_bytes(course, session)
        except WorkbookExportError as exc:
            raise ExportError(str(exc)) from exc
    report = _build(course, session, previous)
    if fmt == "csv":
        return _csv(report)
    if fmt == "html":
        from govtui.core.selfcheck_html import render

        return render(report).encode("utf-8")
    text = {"md": _markdown, "json": _json}[fmt](report)
    return text.encode("utf-8")


# -- JSON --------------------------------------------------------------------------------------


def _json(r: Report) -> str:
    s = r.session
    data: dict[str, Any] = {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "kind": "govtui-selfcheck",
        "session": {
            "id": s.id,
            "agency": s.agency,
            "level": s.level,
            "level_name": r.level_name,
            "level_note": r.level_note,
            "date": s.date,
            "participants": list(s.participants),
            "created_at": s.created_at,
            "updated_at": s.updated_at,
            "finished_at": s.finished_at,
            "checklist_version": s.checklist_version,
        },
        "checklist_version": r.checklist.version,
        "checklist_changes": [{"version": c.version, "id": c.item, "note": c.note} for c in r.changes],
        "checklist_items": [
            {
                "id": row.item.id,
                "area": row.item.area,
                "point": row.item.point,
                "weight": row.item.weight,
                "basis_kind": row.item.basis_kind,
                "basis_kind_name": row.kind,
                "basis": [{"source": src, "label": lab} for src, lab in zip(row.item.basis, row.basis, strict=True)],
                "status": row.status,
                "reason": row.mark.reason,
                "evidence": list(row.mark.evidence),
                "notes": row.mark.notes,
            }
            for row in r.rows
        ],
        "score": r.score.score,
        "finished_score": r.finished_score,
        "scores_differ": r.scores_differ,
        "counts": {
            "assessed": r.score.assessed,
            "not_applicable": r.score.not_applicable,
            "unassessed": r.score.unassessed,
            "total": r.score.total,
        },
        "partial_credit": r.checklist.partial_credit,
        "areas": [
            {"id": a.area, "name": r.area_name(a), "score": a.score, "assessed": a.assessed, "total": a.total}
            for a in r.score.areas
        ],
        "gaps": [
            {
                "id": row.item.id,
                "area": row.item.area,
                "point": row.item.point,
                "status": row.status,
                "weight": row.item.weight,
                "basis_kind": row.item.basis_kind,
                "basis_kind_name": row.kind,
                "remediation": row.item.remediation,
                "basis": [{"source": src, "label": lab} for src, lab in zip(row.item.basis, row.basis, strict=True)],
                "modules": [{"id": mid, "title": t} for mid, t in zip(row.item.modules, row.modules, strict=True)],
            }
            for row in r.gaps
        ],
        "comparison": None,
    }
    if r.comparison is not None:
        data["comparison"] = {
            "previous_session": r.comparison.previous.id,
            "previous_date": r.comparison.previous.date,
            "previous_score": r.previous_score,
            "score_change": r.comparison.score_change,
            "changed": [
                {"id": item_id, "point": r.point(item_id), "old": old, "new": new}
                for item_id, old, new in r.comparison.changed
            ],
        }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- CSV ---------------------------------------------------------------------------------------


def _cell(value: object) -> object:
    """Text typed by users (evidence, notes) must not run as an Excel formula."""
    return escape.csv_cell(value)


CSV_TITLE = "政府信息公开工作自查表"
"""First cell of the file: a reader of the sheet (or a program) sees at once what it is."""


def _csv_header(r: Report) -> list[list[object]]:
    """The block above the item table: whose sheet it is, the score(s), area scores and gaps.

    Two columns (label, value) so it reads as a form in Excel/WPS; a blank row separates it from
    the item table, whose header row starts with CSV_COLUMNS[0].
    """
    s, sc = r.session, r.score
    rows: list[list[object]] = [
        [CSV_TITLE, r.title],
        ["机关", s.agency],
        ["机关类型", r.level_name],
        ["自查日期", s.date],
        ["参加人员", r.participants],
        ["状态", r.state],
        ["清单版本", r.version_line],
        *([label, value] for label, value in r.score_lines),
    ]
    if r.score_note:
        rows.append(["得分说明", r.score_note])
    rows.append(["检查项", f"已评估 {sc.assessed} 项，不适用 {sc.not_applicable} 项，未评估 {sc.unassessed} 项，共 {sc.total} 项"])
    rows.append(["各领域得分", "；".join(f"{r.area_name(a)} {score_text(a.score)}（{a.assessed}/{a.total}）" for a in sc.areas)])
    gaps = "；".join(f"{g.item.id} {g.status_name}" for g in r.gaps) if r.gaps else "无"
    rows.append([f"需整改（{len(r.gaps)} 项，按权重）", gaps])
    if r.comparison is not None:
        c = r.comparison
        rows.append(["与上次自查比较", f"上次 {c.previous.date} 得分 {score_text(r.previous_score)}，变化 {change_text(c.score_change)}"])
    rows.append(["导出", f"govtui · 自查记录 {s.id}"])
    return rows


def _csv(r: Report) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # excel dialect: CRLF rows, quoted where needed
    for row in _csv_header(r):
        writer.writerow([_cell(value) for value in row])
    writer.writerow([])
    writer.writerow(CSV_COLUMNS)
    for row in r.rows:
        writer.writerow([_cell(value) for value in (
            row.index, row.item.id, row.area_name, row.item.point, row.item.weight, row.status_name,
            r.rate(row), row.mark.reason, "；".join(row.mark.evidence), row.mark.notes,
            row.kind, "；".join(row.basis), row.item.remediation, "；".join(row.modules), r.changes_of(row.item.id),
        )])
    # The BOM makes Excel and WPS read the file as UTF-8 instead of the system code page (GBK).
    return buffer.getvalue().encode("utf-8-sig")


def read_csv(data: bytes) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The header block (label → value) and the item rows of an exported CSV, as written by `_csv`."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    start = next(i for i, row in enumerate(rows) if tuple(row) == CSV_COLUMNS)
    header = {row[0]: row[1] if len(row) > 1 else "" for row in rows[:start] if row}
    return header, [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[start + 1:]]


# -- Markdown ----------------------------------------------------------------------------------


def _md(text: object) -> str:
    """Text safe inside a Markdown table cell (and harmless in running text): no live links or HTML."""
    return escape.markdown_cell(text)


def _md_table(header: tuple[str, ...], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def _markdown(r: Report) -> str:
    s, sc = r.session, r.score
    out = [
        f"# {_md(r.title)}",
        "",
        f"- 机关：{_md(s.agency)}",
        f"- 机关类型：{_md(r.level_name)}",
        *([f"- 类型说明：{_md(r.level_note)}"] if r.level_note else []),
        f"- 自查日期：{_md(s.date)}",
        f"- 参加人员：{_md(r.participants)}",
        f"- 状态：{r.state}",
        f"- 清单版本：{_md(r.version_line)}",
        "",
        *[f"## {label}：{score_text_of(value)}" for label, value in r.score_lines],
        "",
        *([_md(r.score_note), ""] if r.score_note else []),
        f"已评估 {sc.assessed} 项 · 不适用 {sc.not_applicable} 项 · 未评估 {sc.unassessed} 项 · 共 {sc.total} 项",
        "",
        "## 各领域得分",
        "",
    ]
    out += _md_table(
        ("领域", "得分", "已评估/检查项"),
        [[r.area_name(a), score_text(a.score), f"{a.assessed}/{a.total}"] for a in sc.areas],
    )
    out += ["## 差距清单（不符合、基本符合）", ""]
    if r.gaps:
        out += _md_table(
            ("序号", "检查项", "评估点", "评估结果", "权重", "依据类别", "整改建议", "法律依据", "学习模块"),
            [
                [n, row.item.id, row.item.point, row.status_name, row.item.weight, row.kind, row.item.remediation,
                 "；".join(row.basis), "；".join(row.modules)]
                for n, row in enumerate(r.gaps, 1)
            ],
        )
    else:
        out += ["已评估的检查项中没有不符合或基本符合的项。", ""]
    if r.comparison is not None:
        c = r.comparison
        out += [
            "## 与上次自查比较",
            "",
            f"上次自查：{_md(c.previous.date)}（{_md(c.previous.id)}），得分 {score_text(r.previous_score)}；"
            f"本次 {score_text(sc.score)}；变化 {change_text(c.score_change)}",
            "",
        ]
        if c.changed:
            out += _md_table(
                ("检查项", "评估点", "上次", "本次"),
                [[i, r.point(i), status_name(old), status_name(new)] for i, old, new in c.changed],
            )
        else:
            out += ["各检查项的评估结果与上次相同。", ""]
    if r.changes:
        out += [f"## 清单变化（第{s.checklist_version}版以来）", ""]
        out += _md_table(("检查项", "版本", "变化"), [[c.item, f"第{c.version}版", c.note] for c in r.changes])
    out += ["## 全部检查项", ""]
    out += _md_table(
        ("序号", "检查项", "领域", "评估点", "依据类别", "法律依据", "权重", "评估结果", "不适用理由", "佐证材料", "备注"),
        [
            [row.index, row.item.id, row.area_name, row.item.point, row.kind, "；".join(row.basis), row.item.weight,
             row.status_name, row.mark.reason, "；".join(row.mark.evidence), row.mark.notes]
            for row in r.rows
        ],
    )
    out += [f"依据类别：{'；'.join(KIND_NOTES)}", ""]
    return "\n".join(out)


KIND_NOTES = (
    "《条例》规定＝评估点是《中华人民共和国政府信息公开条例》规定的义务，依据栏列出条、款、项",
    "政策文件要求＝来自报告所列的政策文件，不是《条例》的规定",
    "重庆做法＝重庆2020年度报告所述做法或本课程的建议，不是《条例》的规定",
)
