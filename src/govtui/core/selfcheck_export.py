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

from govtui.core import escape
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

EXPORT_SCHEMA_VERSION = 1
"""Version of the JSON export (its own shape; not the session file's schema version)."""


class ExportError(ValueError):
    """The session cannot be exported with this course (message is reader-facing Chinese)."""


def format_for_path(path: str | Path, default: str = "md") -> str:
    """The export format implied by a file name's suffix, else `default`."""
    return SUFFIXES.get(Path(path).suffix.lower(), default)


def status_name(status: str | None) -> str:
    return STATUS_NAMES.get(status, UNASSESSED) if status else UNASSESSED


def score_text(score: float | None) -> str:
    return DASH if score is None else f"{score:.1f}"


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
        "finished": bool(session.finished_at),
    }


# -- the shared content ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
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
class _Report:
    checklist: Checklist
    session: SelfCheckSession
    level_name: str
    score: ScoreReport
    rows: list[_Row]
    gaps: list[_Row]
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

    def rate(self, row: _Row) -> str:
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
        return "已完成" if self.session.finished_at else "进行中"


def _build(course: Course, session: SelfCheckSession, previous: SelfCheckSession | None) -> _Report:
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
            _Row(index, item, checklist.area_name(item.area), session.marks.get(item.id, ItemMark()),
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
    return _Report(checklist, session, checklist.level_name(session.level), report, rows, gaps,
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
    text = {"md": _markdown, "html": _html, "json": _json}[fmt](report)
    return text.encode("utf-8")


# -- JSON --------------------------------------------------------------------------------------


def _json(r: _Report) -> str:
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


def _csv(r: _Report) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # excel dialect: CRLF rows, quoted where needed
    writer.writerow(CSV_COLUMNS)
    for row in r.rows:
        writer.writerow([_cell(value) for value in (
            row.index, row.item.id, row.area_name, row.item.point, row.item.weight, row.status_name,
            r.rate(row), row.mark.reason, "；".join(row.mark.evidence), row.mark.notes,
            row.kind, "；".join(row.basis), row.item.remediation, "；".join(row.modules), r.changes_of(row.item.id),
        )])
    # The BOM makes Excel read the file as UTF-8 instead of the system code page.
    return buffer.getvalue().encode("utf-8-sig")


# -- Markdown ----------------------------------------------------------------------------------


def _md(text: object) -> str:
    """Text safe inside a Markdown table cell (and harmless in running text): no live links or HTML."""
    return escape.markdown_cell(text)


def _md_table(header: tuple[str, ...], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def _markdown(r: _Report) -> str:
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
        f"## 总分：{score_text(sc.score)}" + ("" if sc.score is None else "（满分 100）"),
        "",
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
    out += [f"依据类别：{'；'.join(_KIND_NOTES)}", ""]
    return "\n".join(out)


_KIND_NOTES = (
    "《条例》规定＝评估点是《中华人民共和国政府信息公开条例》规定的义务，依据栏列出条、款、项",
    "政策文件要求＝来自报告所列的政策文件，不是《条例》的规定",
    "重庆做法＝重庆2020年度报告所述做法或本课程的建议，不是《条例》的规定",
)


# -- HTML --------------------------------------------------------------------------------------

_CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --red: #b42318; --amber: #9a6700;
        --green: #1a7f37; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 2rem 1.5rem; color: var(--ink); line-height: 1.6;
       font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
                    "WenQuanYi Micro Hei", sans-serif; font-size: 15px; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 2px solid var(--line); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0 0 1rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
.summary { display: flex; gap: 1.5rem; align-items: center; border: 2px solid var(--ink);
           border-radius: 8px; padding: 1rem 1.5rem; margin: 1rem 0; }
.score { font-size: 3.2rem; font-weight: 700; line-height: 1; }
.score small { font-size: 1rem; font-weight: 400; color: var(--muted); }
.counts { color: var(--muted); }
.counts b { color: var(--ink); }
table { width: 100%; border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--soft); white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; }
.bar { height: .5rem; background: var(--soft); border: 1px solid var(--line); border-radius: 3px; min-width: 6rem; }
.bar span { display: block; height: 100%; background: var(--ink); }
.gap { border: 1px solid var(--line); border-left: 6px solid var(--amber); border-radius: 6px;
       padding: .75rem 1rem; margin: .75rem 0; }
.gap.noncompliant { border-left-color: var(--red); }
.gap h3 { font-size: 1rem; margin: 0 0 .4rem; }
.gap p { margin: .3rem 0; }
.gap .label { color: var(--muted); }
.tag { display: inline-block; padding: 0 .45rem; border-radius: 4px; font-size: .85rem; font-weight: 600;
       color: #fff; background: var(--amber); margin-right: .4rem; }
.tag.noncompliant { background: var(--red); }
.tag.compliant { background: var(--green); }
.tag.na, .tag.none { background: var(--muted); }
.kind { display: inline-block; padding: 0 .4rem; border: 1px solid var(--ink); border-radius: 4px;
        font-size: .8rem; white-space: nowrap; }
.kind.policy, .kind.practice { border-style: dashed; color: var(--muted); }
.changed { color: var(--amber); }
.change { font-weight: 700; }
.note { color: var(--muted); }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  .summary, .gap, tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def _e(text: object) -> str:
    """Escaped text with line breaks kept."""
    return escape.html(text)


def _tag(status: str | None) -> str:
    return f'<span class="tag {status or "none"}">{_e(status_name(status))}</span>'


def _kind(row: _Row) -> str:
    return f'<span class="kind {_e(row.item.basis_kind)}">{_e(row.kind)}</span>'


def _html_table(header: tuple[str, ...], rows: list[list[str]], numeric: tuple[int, ...] = ()) -> list[str]:
    """A table; cells are HTML already (escape with _e first)."""
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr></thead>", "<tbody>"]
    for row in rows:
        cells = "".join(
            f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>" for i, cell in enumerate(row)
        )
        out.append(f"<tr>{cells}</tr>")
    return out + ["</tbody>", "</table>"]


def _html(r: _Report) -> str:
    s, sc = r.session, r.score
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(r.title)}（{_e(s.date)}）</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(r.title)}</h1>",
        '<dl class="meta">',
        f"<dt>机关</dt><dd>{_e(s.agency)}</dd>",
        f"<dt>机关类型</dt><dd>{_e(r.level_name)}</dd>",
        *([f"<dt>类型说明</dt><dd>{_e(r.level_note)}</dd>"] if r.level_note else []),
        f"<dt>自查日期</dt><dd>{_e(s.date)}</dd>",
        f"<dt>参加人员</dt><dd>{_e(r.participants)}</dd>",
        f"<dt>状态</dt><dd>{r.state}</dd>",
        f"<dt>清单版本</dt><dd>{_e(r.version_line)}</dd>",
        "</dl>",
        "</header>",
        '<section class="summary">',
        f'<div class="score">{score_text(sc.score)}'
        + ("" if sc.score is None else " <small>/ 100</small>") + "</div>",
        f'<div class="counts">总分（按权重计算；基本符合计 {r.checklist.partial_credit:g} 倍权重，不适用不计分）<br>'
        f"已评估 <b>{sc.assessed}</b> 项 · 不适用 <b>{sc.not_applicable}</b> 项 · "
        f"未评估 <b>{sc.unassessed}</b> 项 · 共 <b>{sc.total}</b> 项<br>"
        f"需整改 <b>{len(r.gaps)}</b> 项（不符合 {sum(g.status == 'noncompliant' for g in r.gaps)} 项）</div>",
        "</section>",
        f"<h2>差距清单（{len(r.gaps)} 项）</h2>",
    ]
    if not r.gaps:
        out.append('<p class="note">已评估的检查项中没有不符合或基本符合的项。</p>')
    for n, row in enumerate(r.gaps, 1):
        out += [
            f'<article class="gap {row.status}">',
            f"<h3>{n}. {_tag(row.status)}{_e(row.item.point)}</h3>",
            f'<p><span class="label">检查项：</span>{_e(row.item.id)}（{_e(row.area_name)}）'
            f' · <span class="label">权重：</span>{row.item.weight}'
            f' · <span class="label">依据类别：</span>{_kind(row)}</p>',
            f'<p><span class="label">整改建议：</span>{_e(row.item.remediation)}</p>',
            f'<p><span class="label">法律依据：</span>{_e("；".join(row.basis))}</p>',
            f'<p><span class="label">学习模块：</span>{_e("；".join(row.modules))}</p>',
            "</article>",
        ]
    out.append("<h2>各领域得分</h2>")
    out += _html_table(
        ("领域", "得分", "", "已评估/检查项"),
        [
            [_e(r.area_name(a)), score_text(a.score),
             f'<div class="bar"><span style="width:{a.score or 0:.1f}%"></span></div>', f"{a.assessed}/{a.total}"]
            for a in sc.areas
        ],
        numeric=(1, 3),
    )
    if r.comparison is not None:
        c = r.comparison
        out += [
            "<h2>与上次自查比较</h2>",
            f"<p>上次自查：{_e(c.previous.date)}（{_e(c.previous.id)}），得分 {score_text(r.previous_score)}；"
            f'本次 {score_text(sc.score)}；变化 <span class="change">{change_text(c.score_change)}</span></p>',
        ]
        if c.changed:
            out += _html_table(
                ("检查项", "评估点", "上次", "本次"),
                [[_e(i), _e(r.point(i)), _tag(old), _tag(new)] for i, old, new in c.changed],
            )
        else:
            out.append('<p class="note">各检查项的评估结果与上次相同。</p>')
    if r.changes:
        out.append(f"<h2>清单变化（第{s.checklist_version}版以来）</h2>")
        out += _html_table(
            ("检查项", "版本", "变化"),
            [[_e(c.item), f"第{c.version}版", _e(c.note)] for c in r.changes],
        )
    out.append("<h2>全部检查项</h2>")
    out.append('<p class="note">' + "<br>".join(_e(n) for n in _KIND_NOTES) + "</p>")
    out += _html_table(
        ("序号", "检查项", "领域", "评估点", "依据类别", "依据", "权重", "评估结果", "不适用理由", "佐证材料", "备注"),
        [
            [str(row.index), _e(row.item.id) + ('<br><span class="changed">清单已变化</span>' if r.changes_of(row.item.id) else ""),
             _e(row.area_name), _e(row.item.point), _kind(row), _e("；".join(row.basis)), str(row.item.weight),
             _tag(row.status), _e(row.mark.reason), "<br>".join(_e(x) for x in row.mark.evidence), _e(row.mark.notes)]
            for row in r.rows
        ],
        numeric=(0, 6),
    )
    out += [
        f"<footer>自查记录 {_e(s.id)} · 由 govtui 导出</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)
