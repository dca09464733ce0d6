"""Findings written out as plain text, Markdown, HTML or JSON (one writer per format)."""

from __future__ import annotations

import html
import json

from govtui.core import escape
from govtui.core.reports.model import SEVERITY_NAMES, TABLE_NAMES, ReportCheck

FORMATS = ("text", "md", "html", "json")


def summary(check: ReportCheck) -> str:
    doc = check.document
    fmt = {"2019": "2019年格式（试行）", "2021": "2021年格式"}.get(doc.format, "格式未能判断")
    counts = "，".join(f"{SEVERITY_NAMES[s]} {check.count(s)}" for s in ("error", "warning", "note"))
    return f"{doc.title or check.source}（{fmt}）：{counts}"


def write(check: ReportCheck, fmt: str) -> str:
    return {"text": to_text, "md": to_markdown, "html": to_html, "json": to_json}[fmt](check)


def _numbers(numbers: dict) -> str:
    return "，".join(f"{k}={'空' if v is None else v}" for k, v in numbers.items())


def _articles(articles: tuple[int, ...]) -> str:
    return "、".join(f"第{a}条" for a in articles)


def to_text(check: ReportCheck) -> str:
    lines = [f"文件：{check.source}", summary(check)]
    for table, findings in check.by_table().items():
        lines += ["", f"【{TABLE_NAMES[table]}】"]
        for f in findings:
            where = " · ".join(x for x in (f.row, f"{f.column}列" if f.column else None) if x)
            lines.append(f"  [{SEVERITY_NAMES[f.severity]}] {where + '：' if where else ''}{f.message}")
            extra = [x for x in (_numbers(f.numbers), f"依据：《条例》{_articles(f.articles)}" if f.articles else "") if x]
            if extra:
                lines.append(f"      {'；'.join(extra)}")
    if not check.findings:
        lines += ["", "未发现问题。"]
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    return escape.markdown_cell(text)


def to_markdown(check: ReportCheck) -> str:
    lines = [f"# 年度报告检查：{_md_cell(check.document.title or check.source)}", "", _md_cell(summary(check))]
    for table, findings in check.by_table().items():
        lines += ["", f"## {TABLE_NAMES[table]}", "", "| 级别 | 位置 | 问题 | 数字 | 依据 |", "| --- | --- | --- | --- | --- |"]
        for f in findings:
            where = " · ".join(x for x in (f.row, f"{f.column}列" if f.column else None) if x)
            lines.append(
                f"| {SEVERITY_NAMES[f.severity]} | {_md_cell(where)} | {_md_cell(f.message)} | {_md_cell(_numbers(f.numbers))} | {_articles(f.articles)} |"
            )
    return "\n".join(lines) + "\n"


def to_html(check: ReportCheck) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>年度报告检查：{e(check.document.title or check.source)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #999;padding:4px;vertical-align:top}.error{color:#b00}.warning{color:#a60}.note{color:#555}</style>",
        "</head><body>",
        f"<h1>年度报告检查：{e(check.document.title or check.source)}</h1>",
        f"<p>{e(summary(check))}</p>",
    ]
    for table, findings in check.by_table().items():
        parts.append(f"<h2>{e(TABLE_NAMES[table])}</h2><table><tr><th>级别</th><th>位置</th><th>问题</th><th>数字</th><th>依据</th></tr>")
        for f in findings:
            where = " · ".join(x for x in (f.row, f"{f.column}列" if f.column else None) if x)
            parts.append(
                f'<tr class="{f.severity}"><td>{SEVERITY_NAMES[f.severity]}</td><td>{e(where)}</td><td>{e(f.message)}</td>'
                f"<td>{e(_numbers(f.numbers))}</td><td>{e(_articles(f.articles))}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def to_json(check: ReportCheck) -> str:
    payload = {
        "schema_version": 1,
        "kind": "govtui-report-check",
        "source": check.source,
        "title": check.document.title,
        "format": check.document.format,
        "counts": {s: check.count(s) for s in ("error", "warning", "note")},
        "findings": [
            {
                "severity": f.severity,
                "code": f.code,
                "table": f.table,
                "row": f.row,
                "column": f.column,
                "message": f.message,
                "numbers": f.numbers,
                "articles": list(f.articles),
            }
            for f in check.findings
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
