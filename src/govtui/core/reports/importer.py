"""`govtui report import`: turn an annual report into a draft course (content/ + quizzes/).

Each paragraph is kept verbatim in content/report.toml with a source id (p1, p2, …); the report's
own headings (一、… and （一）…) each open a module that cites its paragraphs; figures go to a
key-figure table; places where words look lost are flagged, never filled in; questions drafted
from the figures carry `draft = true`, which keeps them out of exams until a maintainer clears it.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from govtui.core.atomic import atomic_write_text
from govtui.core.reports.checks import check_report
from govtui.core.reports.cleaning import is_junk_line, lost_words, strip_spam
from govtui.core.reports.model import (
    APPLICANT_COLUMNS,
    REVIEW_GROUPS,
    REVIEW_OUTCOMES,
    ReportDocument,
)
from govtui.core.reports.reader import Block, read_file
from govtui.core.reports.tables import ROW_NAMES, SUB_HEADING, build_document, section_kind
from govtui.core.reports.writers import to_text

FIGURE = re.compile(
    r"(\d+(?:\.\d+)?)(万|亿)?(余|多)?(万人次|人次|万次|次|万条|条|万件|件|场|期|个|项|篇|万份|份|班次|家|%)"
)
SENTENCE_END = re.compile(r"(?<=[。；;！？])")
MAX_QUESTIONS = 40
PROBLEMS_TITLE = "存在的主要问题及改进情况（标题为导入时所加）"


class ImportError_(Exception):
    """The report could not be imported (the message says why, in Chinese)."""


@dataclass(slots=True)
class Part:
    """A module being built: its heading and the ids of its paragraphs."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    level: int = 0  # 1 for 一、, 2 for （一）, 0 for the opening and added parts
    table: str | None = None


@dataclass(slots=True)
class ImportResult:
    modules: list[str]
    paragraphs: int
    figures: int
    questions: int
    removed: list[str]
    lost: list[str]


def import_report(path: Path, out: Path, base_course: Path) -> ImportResult:
    """Write a draft course for the report at `path` into the empty or new folder `out`."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ImportError_(f"输出文件夹 {out} 已存在且不为空；请指定新的文件夹")
    blocks, removed = read_file(path)
    removed = [f"来源说明行：{line}" for line in removed]
    kept: list[Block] = []
    notes_by_line: dict[int, list[str]] = {}
    for block in blocks:
        if not block.row and is_junk_line(block.text):
            removed.append(f"第{block.line}行（网站提示）：{block.text}")
            continue
        text, spam = strip_spam(block.text)
        if spam:
            removed.append(f"第{block.line}行（垃圾文字）：{'、'.join(spam)}")
            notes_by_line.setdefault(block.line, []).append(f"导入时删去了混入的垃圾文字：{'、'.join(spam)}")
            if not text.strip():
                continue
            block = Block(text.strip(), [text.strip()] if len(block.fields) <= 1 else block.fields, block.line, block.row)
        kept.append(block)
    document = build_document(kept, removed)
    if not document.paragraphs:
        raise ImportError_(f"{path} 中没有读到报告正文")
    ids = [f"p{n}" for n in range(1, len(document.paragraphs) + 1)]
    texts = [p.text for p in document.paragraphs]
    places = lost_words(texts)
    lost_notes: dict[int, list[str]] = {}
    for place in places:
        lost_notes.setdefault(place.paragraph, []).append(f"疑似缺字：“{place.snippet}”——{place.reason}；请对照原文核实，不要凭猜测补字。")
    parts = _parts(document, ids)
    title = document.title or path.stem
    _write(out, base_course, document, title, path, ids, texts, parts, lost_notes, notes_by_line)
    figures = _figures(texts, ids, parts)
    _write_figures(out, figures, len(parts))
    questions = _write_questions(out, figures, document, parts, {p.snippet for p in places})
    check = check_report(path)
    lost = [f"{ids[p.paragraph]}：“{p.snippet}”——{p.reason}" for p in places]
    _write_notes(out, path, title, removed, lost, questions, to_text(check))
    modules = [f"part-{n:02d}" for n in range(1, len(parts) + 1)] + ["part-figures"]
    return ImportResult(modules, len(texts), len(figures), questions, removed, lost)


# -- splitting by the report's own headings -------------------------------------------------


def _heading_level(text: str) -> int:
    if section_kind(text):
        return 1
    if SUB_HEADING.match(text):
        return 2
    return 0


def _title_of(text: str) -> str:
    head = re.split(r"[。；]", text, maxsplit=1)[0]
    head = re.sub(r"^\((\S{1,3}?)\)", r"（\1）", head)
    return head[:40]


def _parts(document: ReportDocument, ids: list[str]) -> list[Part]:
    parts: list[Part] = [Part("报告开头（编制依据与概况）")]
    has_level1 = any(_heading_level(p.text) == 1 for p in document.paragraphs)
    for pid, paragraph in zip(ids, document.paragraphs, strict=True):
        level = _heading_level(paragraph.text)
        if level:
            part = Part(_title_of(paragraph.text), [pid], level)
            kind = section_kind(paragraph.text) if level == 1 else None
            if kind in ("proactive", "applications", "review"):
                part.table = kind
            parts.append(part)
            continue
        current = parts[-1]
        # A report without 一、二、 headings (like the seed) runs its problems and plans on after
        # the last （七）; they get a part of their own, with a title the report does not have.
        if not has_level1 and current.level == 2 and re.search(r"存在[^。]{0,8}(不足|问题)", paragraph.text[:120]):
            parts.append(Part(PROBLEMS_TITLE, [pid]))
            continue
        current.paragraphs.append(pid)
    parts = [p for p in parts if p.paragraphs]
    merged: list[Part] = []
    for part in parts:
        # "五、…" followed at once by "（一）主要问题": the bare heading joins the first item.
        if merged and merged[-1].level == 1 and len(merged[-1].paragraphs) == 1 and merged[-1].table is None and part.level == 2:
            head = merged.pop()
            part = Part(f"{head.title} {part.title}", head.paragraphs + part.paragraphs, 2)
        merged.append(part)
    return merged


# -- writing the course ------------------------------------------------------------------


def _toml(value: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def _md(text: str) -> str:
    """Report text shown literally by a Markdown renderer."""
    escaped = re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)
    return re.sub(r"^(\d+)([.．])", r"\1\\\2", escaped)


def _write(out, base_course, document, title, path, ids, texts, parts, lost_notes, notes_by_line) -> None:
    content = out / "content"
    (content / "modules" / "1").mkdir(parents=True, exist_ok=True)
    (out / "quizzes").mkdir(parents=True, exist_ok=True)
    regulation = base_course / "content" / "regulation.txt"
    if not regulation.is_file():
        raise ImportError_(f"找不到《条例》全文 {regulation}")
    shutil.copyfile(regulation, content / "regulation.txt")
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "report"
    atomic_write_text(content / "course.toml", "\n".join([
        "# A draft course made by `govtui report import`; check it with `govtui check --course <dir>`.",
        "schema = 1",
        f"id = {_toml('import-' + slug)}",
        f"title = {_toml(title + '（课程草稿）')}",
        f"source = {_toml(path.name)}",
        "",
        '[[tracks]]\nid = "1"\ntitle = "年度报告"\ndescription = "按报告自身的标题分成的模块，每段注明原文段落编号。"',
        "",
        '[[tracks]]\nid = "41"\ntitle = "区县"\ndescription = "（草稿课程暂无内容）"',
        "",
        '[[tracks]]\nid = "N"\ntitle = "部门/领域"\ndescription = "（草稿课程暂无内容）"',
        "",
    ]))
    line_of = {pid: p.line for pid, p in zip(ids, document.paragraphs, strict=True)}
    rows = [
        "# The report's paragraphs, verbatim, with their source ids (report:<id>).",
        "# Places where words look lost are listed in `notes`, never filled in.",
        "schema = 1",
        f"title = {_toml(title)}",
        f"source = {_toml(path.name + '（由 govtui report import 导入）')}",
    ]
    for index, (pid, text) in enumerate(zip(ids, texts, strict=True)):
        notes = lost_notes.get(index, []) + notes_by_line.get(line_of[pid], [])
        rows += ["", "[[paragraphs]]", f"id = {_toml(pid)}", f"title = {_toml(_title_of(text)[:24])}", f"text = {_toml(text)}"]
        if notes:
            rows.append(f"notes = [{', '.join(_toml(n) for n in notes)}]")
    atomic_write_text(content / "report.toml", "\n".join(rows) + "\n")
    index_of = {pid: i for i, pid in enumerate(ids)}
    for number, part in enumerate(parts, start=1):
        body = [f"## {_md(part.title)}", ""]
        for pid in part.paragraphs:
            body += [f"{_md(texts[index_of[pid]])}（[原文 {pid}](report:{pid})）", ""]
            for note in lost_notes.get(index_of[pid], []):
                body += [f"> {_md(note)}", ""]
        if part.table:
            body += _table_markdown(document, part.table)
        minutes = max(5, sum(len(texts[index_of[p]]) for p in part.paragraphs) // 300)
        front = [
            "+++",
            f"id = \"part-{number:02d}\"",
            f"title = {_toml(part.title)}",
            'track = "1"',
            f"order = {number * 10}",
            f"objectives = [{_toml('读懂报告中“' + part.title + '”部分的做法和数字')}]",
            f"sources = [{', '.join(_toml('report:' + p) for p in part.paragraphs)}]",
            f"minutes = {minutes}",
            "+++",
            "",
        ]
        atomic_write_text(content / "modules" / "1" / f"part-{number:02d}.md", "\n".join(front + body))


def _cell(cell) -> str:
    return "（空）" if cell.blank else _md(cell.raw)


def _table_markdown(document: ReportDocument, kind: str) -> list[str]:
    lines: list[str] = []
    if kind == "applications" and document.applications and document.applications.rows:
        lines += ["| 行 | " + " | ".join(APPLICANT_COLUMNS) + " |", "| --- |" + " --- |" * 7]
        for key, row in document.applications.rows.items():
            lines.append(f"| {_md(ROW_NAMES[key])} | " + " | ".join(_cell(c) for c in row.cells) + " |")
    elif kind == "review" and document.review and document.review.cells:
        lines += ["| | " + " | ".join(REVIEW_OUTCOMES) + " |", "| --- |" + " --- |" * 5]
        for group in REVIEW_GROUPS:
            lines.append(f"| {group} | " + " | ".join(_cell(document.review.cells[(group, o)]) for o in REVIEW_OUTCOMES) + " |")
    elif kind == "proactive" and document.proactive and document.proactive.rows:
        lines += ["| 项目 | 信息内容 | 数字 |", "| --- | --- | --- |"]
        for row in document.proactive.rows:
            columns = document.proactive.columns.get(row.group, [])
            values = "；".join(f"{columns[i] if i < len(columns) else ''} {_cell(c)}" for i, c in enumerate(row.cells))
            lines.append(f"| {_md(row.group)} | {_md(row.label)} | {values} |")
    if not lines:
        return ["> 本部分的统计表未能读取（表格缺失、截断或格式无法识别），请对照原文。", ""]
    return ["以下为从原文读取的统计表（空格照原文保留为“（空）”）：", "", *lines, ""]


# -- key figures and draft questions ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    text: str  # as printed, e.g. "3.3万余条"
    number: str
    sentence: str
    pid: str
    part: int


def _figures(texts: list[str], ids: list[str], parts: list[Part]) -> list[Figure]:
    part_of = {pid: n for n, part in enumerate(parts) for pid in part.paragraphs}
    figures: list[Figure] = []
    for pid, text in zip(ids, texts, strict=True):
        for sentence in SENTENCE_END.split(text):
            for match in FIGURE.finditer(sentence):
                # 2020年 and 1月1日 are dates, not figures; the pattern has no 年/月/日 units.
                figures.append(Figure(match.group(0), match.group(1), sentence.strip(), pid, part_of.get(pid, 0)))
    return figures


def _write_figures(out: Path, figures: list[Figure], parts: int) -> None:
    body = ["## 关键数字", "", "从报告正文中找出的数字及其所在句子，核对时请以原文为准。", ""]
    if figures:
        body += ["| 数字 | 所在句子 | 出处 |", "| --- | --- | --- |"]
        body += [f"| {_md(f.text)} | {_md(f.sentence)} | [{f.pid}](report:{f.pid}) |" for f in figures]
    else:
        body.append("（正文中没有找到数字。）")
    sources = sorted({f.pid for f in figures}, key=lambda p: int(p[1:])) or ["p1"]
    front = [
        "+++",
        'id = "part-figures"',
        'title = "关键数字"',
        'track = "1"',
        f"order = {(parts + 1) * 10}",
        'objectives = ["记住报告中的关键数字及其出处"]',
        f"sources = [{', '.join(_toml('report:' + p) for p in sources)}]",
        "minutes = 10",
        "+++",
        "",
    ]
    atomic_write_text(out / "content" / "modules" / "1" / "part-figures.md", "\n".join(front + body) + "\n")


def _write_questions(out: Path, figures: list[Figure], document: ReportDocument, parts: list[Part], lost: set[str]) -> int:
    by_sentence: dict[str, list[Figure]] = {}
    for figure in figures:
        by_sentence.setdefault(figure.sentence, []).append(figure)
    drafted: dict[int, list[str]] = {}
    count = 0
    for sentence, found in by_sentence.items():
        # Only sentences with one figure, so the blank has one right answer.
        # Nothing is asked from a sentence where words look lost.
        if len(found) != 1 or count >= MAX_QUESTIONS or any(snippet in sentence for snippet in lost):
            continue
        figure = found[0]
        stem = sentence.replace(figure.number + figure.text[len(figure.number):], "____" + figure.text[len(figure.number):], 1)
        if "____" not in stem:
            continue
        count += 1
        drafted.setdefault(figure.part, []).append(_question(
            f"draft-{count:03d}", f"根据报告填空：{stem}", [figure.number], f"报告原文：{sentence}",
            f"report:{figure.pid}", parts[figure.part].title,
        ))
    table_part = next((n for n, p in enumerate(parts) if p.table == "applications"), None)
    if table_part is not None and document.applications:
        head = parts[table_part].paragraphs[0]
        asks = (
            ("new", "本年新收政府信息公开申请总计____件。"),
            ("total", "本年度办理结果（七）总计____件。"),
            ("carried_out", "结转下年度继续办理的申请总计____件。"),
        )
        for key, what in asks:
            row = document.applications.rows.get(key)
            value = row.cells[6].value if row else None
            if value is None:
                continue
            count += 1
            drafted.setdefault(table_part, []).append(_question(
                f"draft-{count:03d}", f"根据报告的统计表填空：{what}", [str(value)],
                f"统计表“{ROW_NAMES[key]}”一行的总计列为 {value}。", f"report:{head}", parts[table_part].title,
            ))
    for part_index, questions in drafted.items():
        module = f"part-{part_index + 1:02d}"
        text = "\n".join([
            "# Questions drafted by `govtui report import`. Each is `draft = true`: it stays out of",
            "# exams until a maintainer has checked it against the report and deleted that line.",
            "schema = 1",
            f"module = {_toml(module)}",
            f"topic = {_toml(parts[part_index].title)}",
            "",
            *questions,
        ])
        atomic_write_text(out / "quizzes" / f"{module}.toml", text)
    return count


def _question(qid: str, stem: str, answer: list[str], explanation: str, source: str, point: str) -> str:
    return "\n".join([
        "[[questions]]",
        f"id = {_toml(qid)}",
        'type = "fill"',
        f"stem = {_toml(stem)}",
        f"answer = [{', '.join(_toml(a) for a in answer)}]",
        f"explanation = {_toml(explanation)}",
        f"sources = [{_toml(source)}]",
        f"point = {_toml(point[:30])}",
        "difficulty = 1",
        "draft = true",
        "",
    ])


def _write_notes(out: Path, path: Path, title: str, removed: list[str], lost: list[str], questions: int, check: str) -> None:
    lines = [f"# 导入说明：{title}", "", f"来源文件：{path.name}", "", "## 删除的抓取垃圾", ""]
    lines += [f"- {item}" for item in removed] or ["（无）"]
    lines += ["", "## 疑似缺字（未补，请对照原文）", ""]
    lines += [f"- {item}" for item in lost] or ["（无）"]
    lines += ["", "## 草稿题", "", f"共 {questions} 道，均标有 draft = true，核实后删去该行才会进入模拟考试。", ""]
    lines += ["## 报告检查结果（govtui report check）", "", "```", check.rstrip(), "```", ""]
    atomic_write_text(out / "IMPORT.md", "\n".join(lines))
