"""The self-check report as a printable HTML page (A4 portrait, one page of summary, then one per area).

Why the layout looks like this (issue 14): a single 11-column item table printed to 24 pages with
long evidence squeezing 领域 and 评估点 to four characters a line. Here every table has a fixed
layout with at least 6 characters (6em) per column; the item tables have three columns (检查项,
评估点与依据, 评估结果) and whatever was typed (佐证材料, 备注, 不适用理由) goes into a full-width
row under its item, where a long path or URL wraps anywhere. Status tags never wrap. The gap list
with 整改建议 stays on the summary pages; a sign-off block (填报人、审核人、单位盖章、日期) ends
the paper 自查报告.
"""

from __future__ import annotations

from govtui.core import escape
from govtui.core.selfcheck_export import (
    DASH,
    KIND_NOTES,
    AreaScore,
    Report,
    Row,
    change_text,
    score_text,
    status_name,
)

CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --red: #b42318; --amber: #9a6700;
        --green: #1a7f37; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 56rem; padding: 2rem 1.5rem; color: var(--ink); line-height: 1.5;
       font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
                    "WenQuanYi Micro Hei", sans-serif; font-size: 15px; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; padding-bottom: .2rem; border-bottom: 2px solid var(--line); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0 0 .75rem; }
dl.meta dt { color: var(--muted); white-space: nowrap; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.summary { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: center; border: 2px solid var(--ink);
           border-radius: 8px; padding: .75rem 1.25rem; margin: .75rem 0; }
.score { white-space: nowrap; }
.score .label { display: block; font-size: .85rem; color: var(--muted); }
.score b { font-size: 2.6rem; line-height: 1.1; }
.score small { color: var(--muted); }
.counts { color: var(--muted); flex: 1 1 16rem; }
.counts b { color: var(--ink); }
table { width: 100%; border-collapse: collapse; margin: .4em 0 .8em; font-size: .95em; table-layout: fixed; }
th, td { border: 1px solid var(--line); padding: .15em .35em; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; word-break: break-word; }
th { background: var(--soft); white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; }
col.w6 { width: 7em; } col.w7 { width: 8em; } col.w9 { width: 10em; }
.bar { height: .5rem; background: var(--soft); border: 1px solid var(--line); border-radius: 3px; margin-top: .4rem; }
.bar span { display: block; height: 100%; background: var(--ink); }
.tag { display: inline-block; white-space: nowrap; padding: 0 .35rem; border-radius: 4px; font-size: .85em;
       font-weight: 600; color: #fff; background: var(--amber); line-height: 1.4; }
.tag.noncompliant { background: var(--red); }
.tag.compliant { background: var(--green); }
.tag.na, .tag.none { background: var(--muted); }
.kind { display: inline-block; white-space: nowrap; padding: 0 .3rem; border: 1px solid var(--ink);
        border-radius: 4px; font-size: .9em; line-height: 1.3; margin-right: .3rem; }
.kind.policy, .kind.practice { border-style: dashed; color: var(--muted); }
.sub { display: block; color: var(--muted); font-size: .9em; }
.sub-inline { color: var(--muted); font-size: .9em; white-space: nowrap; }
.basis { color: var(--muted); font-size: .85em; }
.record { font-size: .85em; word-break: break-all; }
.label { color: var(--muted); }
.changed { color: var(--amber); }
.change { font-weight: 700; }
.note { color: var(--muted); font-size: .85em; margin: .2rem 0; }
table.signoff { margin-top: .5em; font-size: 1.1em; }
table.signoff th { background: none; }
table.signoff td { height: 3rem; }
table.signoff td.seal { height: 5rem; }
footer { margin-top: 1rem; color: var(--muted); font-size: .8rem; }
@page { size: A4; margin: 10mm 11mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; line-height: 1.35; }
  h2 { font-size: 1.3em; margin: 1em 0 .4em; }
  .record { line-height: 1.3; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  .summary, .signoff-block, table:not(.items) tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def _e(text: object) -> str:
    """Escaped text with line breaks kept."""
    return escape.html(text)


def _tag(status: str | None) -> str:
    return f'<span class="tag {status or "none"}">{_e(status_name(status))}</span>'


def _kind(row: Row) -> str:
    return f'<span class="kind {_e(row.item.basis_kind)}">{_e(row.kind)}</span>'


def _table(widths: tuple[str, ...], header: tuple[str, ...], body: list[str], cls: str = "") -> list[str]:
    """A fixed-layout table: `widths` are col classes ("" = takes the rest); body rows are HTML."""
    cols = "".join(f'<col class="{w}">' if w else "<col>" for w in widths)
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    attr = f' class="{cls}"' if cls else ""
    return [f"<table{attr}>", f"<colgroup>{cols}</colgroup>", f"<thead><tr>{head}</tr></thead>", *body, "</table>"]


def _score_block(r: Report) -> list[str]:
    blocks = [
        f'<div class="score"><span class="label">{_e(label)}</span><b>{_e(value)}</b>'
        + ("" if value == DASH else " <small>/ 100</small>") + "</div>"
        for label, value in r.score_lines
    ]
    sc = r.score
    counts = (
        f'<div class="counts">按权重计算；基本符合计 {r.checklist.partial_credit:g} 倍权重，不适用不计分<br>'
        f"已评估 <b>{sc.assessed}</b> 项 · 不适用 <b>{sc.not_applicable}</b> 项 · "
        f"未评估 <b>{sc.unassessed}</b> 项 · 共 <b>{sc.total}</b> 项<br>"
        f"需整改 <b>{len(r.gaps)}</b> 项（不符合 {sum(g.status == 'noncompliant' for g in r.gaps)} 项）"
        + (f"<br>{_e(r.score_note)}" if r.score_note else "")
        + "</div>"
    )
    return ['<section class="summary">', *blocks, counts, "</section>"]


def _areas(r: Report) -> list[str]:
    body = []
    for a in r.score.areas:
        gaps = sum(1 for g in r.gaps if g.item.area == a.area)
        body.append(
            f"<tr><td>{_e(r.area_name(a))}</td>"
            f'<td class="num">{score_text(a.score)}</td>'
            f'<td><div class="bar"><span style="width:{a.score or 0:.1f}%"></span></div></td>'
            f'<td class="num">{a.assessed}/{a.total}</td><td class="num">{gaps}</td></tr>'
        )
    return _table(("", "w6", "w9", "w7", "w6"), ("领域", "得分", "得分条", "已评估/项数", "需整改"), ["<tbody>", *body, "</tbody>"])


def _gaps(r: Report) -> list[str]:
    if not r.gaps:
        return ['<p class="note">已评估的检查项中没有不符合或基本符合的项。</p>']
    body = []
    for n, row in enumerate(r.gaps, 1):
        body.append(
            f'<tr><td>{n}. {_e(row.item.id)}</td><td>{_tag(row.status)} <span class="sub-inline">权重 {row.item.weight}</span></td>'
            f"<td>{_e(row.item.point)}</td></tr>"
        )
    return [
        *_table(("w6", "w7", ""), ("检查项", "评估结果", "评估点"), ["<tbody>", *body, "</tbody>"]),
        '<p class="note">按权重排列，同权重时不符合在前；整改建议和学习模块写在各领域的检查项下。</p>',
    ]


def _item(r: Report, row: Row) -> str:
    left = f"{row.index}. {_e(row.item.id)}<br>{_tag(row.status)}"
    rate = r.rate(row)
    left += f'<span class="sub">权重 {row.item.weight}' + (f" · {rate}" if rate else "") + "</span>"
    before = r.previous_status(row.item.id)
    if before is not None:
        left += f'<span class="sub changed">上次：{_e(status_name(before))}</span>'
    gap = row.status in ("noncompliant", "partial")
    record = [
        (label, text)
        for label, text in (
            ("不适用理由", _e(row.mark.reason)),
            ("佐证材料", "；".join(_e(x) for x in row.mark.evidence)),
            ("备注", _e(row.mark.notes)),
            ("整改建议", _e(row.item.remediation) if gap else ""),
            ("学习模块", _e("；".join(row.modules)) if gap else ""),
            ("清单变化", _e(r.changes_of(row.item.id))),
        )
        if text
    ]
    right = (
        f'<div class="point">{_e(row.item.point)}</div>'
        f'<div class="basis">{_kind(row)}{_e("；".join(row.basis))}</div>'
        + ('<div class="record">' + "　".join(f'<span class="label">{label}：</span>{text}' for label, text in record)
           + "</div>" if record else "")
    )
    return f'<tr class="item" data-item="{_e(row.item.id)}"><td>{left}</td><td>{right}</td></tr>'


def _area_section(r: Report, number: int, area: AreaScore) -> list[str]:
    rows = [row for row in r.rows if row.item.area == area.area]
    heading = (
        f'<h2 class="area">{number}. {_e(r.area_name(area))}'
        f"（得分 {score_text(area.score)}，已评估 {area.assessed}/{area.total}）</h2>"
    )
    body = ["<tbody>", *(_item(r, row) for row in rows), "</tbody>"]
    return [heading, *_table(("w7", ""), ("检查项", "评估点、依据与自查记录"), body, "items")]


def _signoff(r: Report) -> list[str]:
    return [
        '<section class="signoff-block">',
        "<h2>签字确认</h2>",
        '<p class="note">本报告由自查人员填报，经审核后加盖单位公章。</p>',
        '<table class="signoff"><colgroup><col class="w9"><col><col class="w9"><col></colgroup><tbody>',
        "<tr><th>填报人（签字）</th><td></td><th>审核人（签字）</th><td></td></tr>",
        '<tr><th>单位（盖章）</th><td colspan="3" class="seal"></td></tr>',
        "<tr><th>日期</th><td colspan=\"3\">　　　　年　　月　　日</td></tr>",
        "</tbody></table>",
        "</section>",
    ]


def render(r: Report) -> str:
    s = r.session
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(r.title)}（{_e(s.date)}）</title>",
        f"<style>{CSS}</style>",
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
        f"<dt>状态</dt><dd>{_e(r.state)}</dd>",
        f"<dt>清单版本</dt><dd>{_e(r.version_line)}</dd>",
        "</dl>",
        "</header>",
        *_score_block(r),
        "<h2>各领域得分</h2>",
        *_areas(r),
    ]
    if r.comparison is not None:
        c = r.comparison
        out += [
            "<h2>与上次自查比较</h2>",
            f"<p>上次自查：{_e(c.previous.date)}（{_e(c.previous.id)}），得分 {score_text(r.previous_score)}；"
            f'本次 {score_text(r.score.score)}；变化 <span class="change">{change_text(c.score_change)}</span>；'
            + (f"{len(c.changed)} 项评估结果有变化（各检查项下注明“上次”）" if c.changed else "各检查项的评估结果与上次相同")
            + "</p>",
        ]
    out += [f"<h2>差距清单（{len(r.gaps)} 项）</h2>", *_gaps(r)]
    if r.changes:
        # Each change is written under its item; here only how many, so the summary stays one page.
        changed = len({c.item for c in r.changes})
        out += [
            f"<h2>清单变化（第{s.checklist_version}版以来）</h2>",
            f"<p>本次自查开始时使用自查清单第{s.checklist_version}版，现行第{r.checklist.version}版；"
            f"{changed} 项有变化，逐项写在各领域检查项下的“清单变化”中。</p>",
        ]
    out.append('<p class="note">依据类别：' + "；".join(_e(n) for n in KIND_NOTES) + "</p>")
    for number, area in enumerate(r.score.areas, 1):
        out += _area_section(r, number, area)
    out += _signoff(r)
    out += [
        f"<footer>自查记录 {_e(s.id)} · 由 govtui 导出</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)
