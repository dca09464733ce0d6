"""The learner record and the roll-up as CSV, Markdown and HTML (JSON is written by its module).

Names, units and question stems come from learners' files: HTML escapes them, Markdown escapes
table syntax, and CSV cells that Excel would run as a formula are prefixed with a quote.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from govtui.core import clock, escape
from govtui.core.plan import format_hours

TRACK_NAMES = {"1": "“1”全市通用", "41": "“41”区县", "N": "“N”部门/领域"}
MAX_CERTIFICATE_EXAMS = 6  # more rows would push the certificate onto a second A4 page


def _e(text: object) -> str:
    return escape.html(text)


def _cell(value: object) -> object:
    return escape.csv_cell(value)


def _csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")  # BOM: Excel then reads UTF-8


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _unit_name(body: dict[str, Any]) -> str:
    unit = body.get("unit")
    return unit["name"] if unit else "未设置单位"


# -- learner record ------------------------------------------------------------------------


def record_csv(record: dict[str, Any]) -> bytes:
    """One table: the learner, then a row per track, module, quiz and exam attempt."""
    body = record["record"]
    learner = body["learner"]
    rows: list[list[object]] = [
        ["类型", "编号", "名称", "轨道", "时间", "学时（分钟）", "得分", "结果"],
        ["学员", learner["id"], learner["name"], "", body["exported_at"], body["study_seconds"] // 60, "", _unit_name(body)],
    ]
    for track in body["tracks"]:
        rows.append(["轨道", track["id"], track["title"], track["id"], "", track["study_seconds"] // 60, "",
                     f"完成 {track['modules_completed']}/{track['modules_total']}"])
    for module in body["modules"]:
        rows.append(["模块", module["id"], module["title"], module["track"] or "", module["completed_at"] or "",
                     module["study_seconds"] // 60, "" if module["best_score"] is None else module["best_score"],
                     "已完成" if module["completed"] else "未完成"])
    for attempt in body["quiz_attempts"]:
        rows.append(["测验", attempt["module"], "", attempt["track"] or "", attempt["at"], "", attempt["score"],
                     "及格" if attempt["passed"] else "不及格"])
    for exam in body["exam_attempts"]:
        rows.append(["模拟考试", exam["blueprint"], exam["title"], "", exam["at"], exam["seconds"] // 60, exam["score"],
                     "通过" if exam["passed"] else "未通过"])
    return _csv(rows)


_CERT_CSS = """
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; color: #111;
       max-width: 178mm; margin: 0 auto; font-size: 11pt; line-height: 1.5; }
.sheet { border: 2px solid #7a1f1f; padding: 10mm 12mm; page-break-inside: avoid; break-inside: avoid; }
h1 { text-align: center; letter-spacing: 0.5em; font-size: 24pt; margin: 0 0 2mm; color: #7a1f1f; }
.sub { text-align: center; margin: 0 0 6mm; color: #444; }
dl { display: grid; grid-template-columns: 24mm 1fr; gap: 1mm 4mm; margin: 0 0 5mm; }
dt { font-weight: bold; } dd { margin: 0; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; border-bottom: 1px solid #999; }
table { width: 100%; border-collapse: collapse; font-size: 10pt; }
th, td { border: 1px solid #999; padding: 1mm 2mm; text-align: left; }
td.num { text-align: right; }
.foot { margin-top: 8mm; display: flex; justify-content: space-between; font-size: 10pt; color: #333; }
.note { font-size: 9pt; color: #555; margin-top: 4mm; }
@media print { body { max-width: none; } .sheet { border-width: 1.5pt; } }
"""


def certificate_html(record: dict[str, Any]) -> str:
    """学习证明: a printable one-page summary (A4) of one learner's record."""
    body = record["record"]
    learner = body["learner"]
    exported = clock.local_date_text(body["exported_at"])
    exams = body["exam_attempts"][-MAX_CERTIFICATE_EXAMS:]
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>学习证明 — {_e(learner['name'])}</title>",
        f"<style>{_CERT_CSS}</style>",
        "</head>",
        "<body>",
        '<main class="sheet">',
        "<h1>学习证明</h1>",
        f'<p class="sub">{_e(body["course"]["title"])}</p>',
        "<dl>",
        f"<dt>姓名</dt><dd>{_e(learner['name'])}</dd>",
        f"<dt>单位</dt><dd>{_e(_unit_name(body))}</dd>",
        f"<dt>学时</dt><dd>{_e(format_hours(body['study_seconds']))}</dd>",
        f"<dt>学员编号</dt><dd>{_e(learner['id'])}</dd>",
        "</dl>",
        "<h2>各轨道完成情况</h2>",
        "<table><thead><tr><th>轨道</th><th>完成模块</th><th>学时</th></tr></thead><tbody>",
    ]
    for track in body["tracks"]:
        out.append(
            f"<tr><td>{_e(TRACK_NAMES.get(track['id'], track['title']))}</td>"
            f'<td class="num">{track["modules_completed"]} / {track["modules_total"]}</td>'
            f'<td class="num">{_e(format_hours(track["study_seconds"]))}</td></tr>'
        )
    out += ["</tbody></table>", "<h2>模拟考试成绩</h2>"]
    if exams:
        out.append("<table><thead><tr><th>日期</th><th>考试</th><th>得分</th><th>结果</th></tr></thead><tbody>")
        for exam in exams:
            out.append(
                f"<tr><td>{_e(clock.local_date_text(exam['at']))}</td><td>{_e(exam['title'])}</td>"
                f'<td class="num">{exam["score"]} / 100（及格 {exam["pass_score"]}）</td>'
                f"<td>{'通过' if exam['passed'] else '未通过'}</td></tr>"
            )
        out.append("</tbody></table>")
        if len(body["exam_attempts"]) > len(exams):
            out.append(f'<p class="note">共参加模拟考试 {len(body["exam_attempts"])} 次，此处列出最近 {len(exams)} 次。</p>')
    else:
        out.append("<p>尚未参加模拟考试。</p>")
    out += [
        '<div class="foot">',
        f"<span>出具日期：{_e(exported)}</span>",
        f"<span>校验码：{_e(record['checksum'][7:23])}</span>",
        "</div>",
        '<p class="note">本证明由 govtui 根据本机学习记录生成；完整记录见同名 JSON 文件，校验码可核对是否被修改。</p>',
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


# -- roll-up ---------------------------------------------------------------------------------

GROUP_NAMES = {"41": "区县", "N": "市级部门", "unset": "未设置"}


def _tables(rollup: dict[str, Any]) -> list[tuple[str, list[str], list[list[object]]]]:
    """The roll-up as titled tables, shared by CSV, Markdown and HTML."""
    report, meta = rollup["report"], rollup["meta"]
    tables: list[tuple[str, list[str], list[list[object]]]] = []
    tables.append((
        "按单位类别",
        ["类别", "单位数", "有学员的单位", "学员", "学时", "完成模块", "完成率"],
        [[g["name"], g["units"] or "", g["units_with_learners"] or "", g["learners"], format_hours(g["study_seconds"]),
          g["modules_completed"], _percent(g["completion_rate"])] for g in report["unit_groups"]],
    ))
    tables.append((
        "按单位（41个区县全部列出）",
        ["类别", "单位", "学员", "学时", "人均学时", "完成率", "“1”轨道全部完成人数"],
        [[GROUP_NAMES[u["group"]], u["name"], u["learners"], format_hours(u["study_seconds"]),
          format_hours(u["average_study_seconds"]), _percent(u["completion_rate"]), u["track1_completed_learners"]]
         for u in report["units"]],
    ))
    tables.append((
        "按轨道",
        ["轨道", "模块数", "参与学员", "全部完成人数", "完成率", "学时"],
        [[TRACK_NAMES.get(t["id"], t["title"]), t["modules_total"], t["learners_active"], t["learners_completed_all"],
          _percent(t["completion_rate"]), format_hours(t["study_seconds"])] for t in report["tracks"]],
    ))
    tables.append((
        "模拟考试",
        ["考试", "参考人次", "参考人数", "平均分", "通过率（人次）", "通过人数"],
        [[e["title"], e["attempts"], e["learners"], e["average_score"], _percent(e["pass_rate"]), e["learners_passed"]]
         for e in report["exams"]],
    ))
    tables.append((
        f"答错最多的题目（前 {len(report['questions_wrong'])} 道，统计测验与模拟考试中的作答）",
        ["序号", "题目编号", "题干", "作答次数", "答错次数", "正确率", "出处"],
        [[n, q["id"], q["stem"], q["answered"], q["wrong"], _percent(q["correct_rate"]),
          "；".join(f"{s['label']}（{s['source']}）" for s in q["sources"])]
         for n, q in enumerate(report["questions_wrong"], 1)],
    ))
    sc = report["selfcheck"]
    tables.append((
        f"机关自查（{sc['sessions']} 份自查导出，按机关取最近一次）",
        ["机关", "自查次数", "最近日期", "最近得分"],
        [[a["agency"], a["sessions"], a["latest_date"], "—" if a["latest_score"] is None else f"{a['latest_score']:.1f}"]
         for a in sc["agencies"]],
    ))
    tables.append((
        "自查中最常“不符合”的检查项",
        ["检查项", "要点", "不符合的机关数"],
        [[i["id"], i["point"], i["agencies"]] for i in sc["noncompliant_items"]],
    ))
    tables.append((
        f"跳过的输入（{len(meta['skipped'])} 个）",
        ["输入", "原因"],
        [[s["path"], s["reason"]] for s in meta["skipped"]],
    ))
    return tables


def _summary(rollup: dict[str, Any]) -> list[str]:
    report, meta = rollup["report"], rollup["meta"]
    source = "学习记录文件" if meta["source"] == "files" else f"学习记录库（LRS）{meta['source']}"
    return [
        f"数据来源：{source}；读取 {meta['inputs_read']} 项，跳过 {len(meta['skipped'])} 项",
        f"学员 {report['learners']} 人，合计学时 {format_hours(report['study_seconds'])}",
        f"生成时间：{clock.local_minute_text(meta['generated_at'])}",
    ]


def rollup_json(rollup: dict[str, Any]) -> str:
    return json.dumps(rollup, ensure_ascii=False, indent=2) + "\n"


def rollup_csv(rollup: dict[str, Any]) -> bytes:
    rows: list[list[object]] = [[line] for line in _summary(rollup)]
    for title, header, body in _tables(rollup):
        rows += [[], [title], header, *body]
    return _csv(rows)


def _md(text: object) -> str:
    return escape.markdown_cell(" ".join(str(text).split()))


def rollup_markdown(rollup: dict[str, Any]) -> str:
    out = ["# 学习情况汇总（1+41+N）", ""] + [f"- {_md(line)}" for line in _summary(rollup)] + [""]
    for title, header, body in _tables(rollup):
        out += [f"## {_md(title)}", ""]
        if not body:
            out += ["（无）", ""]
            continue
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "|".join(" --- " for _ in header) + "|")
        out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in body]
        out.append("")
    return "\n".join(out)


_ROLLUP_CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 60em;
       color: #111; line-height: 1.5; padding: 0 1em; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; font-size: 0.92em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #f1f1f1; } tr.empty td { color: #888; }
@page { size: A4; margin: 15mm; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


def rollup_html(rollup: dict[str, Any]) -> str:
    out = [
        "<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
        "<title>学习情况汇总（1+41+N）</title>", f"<style>{_ROLLUP_CSS}</style>", "</head>", "<body>",
        "<h1>学习情况汇总（1+41+N）</h1>", "<ul>",
    ]
    out += [f"<li>{_e(line)}</li>" for line in _summary(rollup)]
    out.append("</ul>")
    for title, header, body in _tables(rollup):
        out.append(f"<h2>{_e(title)}</h2>")
        if not body:
            out.append("<p>（无）</p>")
            continue
        out.append("<table><thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr></thead><tbody>")
        for row in body:
            empty = ' class="empty"' if title.startswith("按单位（") and row[2] == 0 else ""
            out.append(f"<tr{empty}>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>")
        out.append("</tbody></table>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


ROLLUP_WRITERS = {
    "json": lambda r: rollup_json(r).encode("utf-8"),
    "csv": rollup_csv,
    "md": lambda r: rollup_markdown(r).encode("utf-8"),
    "html": lambda r: rollup_html(r).encode("utf-8"),
}
