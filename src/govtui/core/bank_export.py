"""Question-bank export for other learning platforms (UI-free).

Five formats:

- ``json``: every field of every question, for archiving or further processing;
- ``gift``: Moodle GIFT (all five question types; ordering questions become matching questions,
  since GIFT has no ordering type); ids and tags in the `// [id:…] [tag:…]` comment Moodle reads;
- ``aiken``: Moodle Aiken (single-choice only; true/false questions become two options);
- ``moodlexml``: Moodle XML, every type kept as itself (`bank_moodlexml`);
- ``apkg``: an Anki deck (`bank_anki`, binary).

`export_bank_bytes` returns the file's bytes and human-readable notes (Chinese) on what was converted
or skipped; `export_bank` the same for the text formats.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from govtui.core.bank_tags import moodle_tag, question_tags
from govtui.core.course import Course
from govtui.core.model import QUESTION_TYPE_NAMES, QUESTION_TYPES, Question
from govtui.core.progress import now_iso
from govtui.core.questions import BLANK, LETTERS
from govtui.core.quiz import answer_text
from govtui.core.sources import describe

FORMATS = ("json", "gift", "aiken", "moodlexml", "apkg")
TEXT_FORMATS = ("json", "gift", "aiken", "moodlexml")
SUFFIXES = {".gift": "gift", ".aiken": "aiken", ".json": "json"}
"""The only extensions that decide the format: `.txt` and `.xml` are used for several formats."""
JSON_SCHEMA_VERSION = 1

GIFT_SPECIAL = "~=#{}:"
"""Characters with a meaning in GIFT; escaped with a backslash wherever they occur in text."""

GIFT_CATEGORY_ROOT = "govtui"
_GIFT_FORMAT_PREFIX = re.compile(r"^\s*\[")
# Moodle's Aiken reader takes any line starting "A." or "A)" (space optional) as an option.
_AIKEN_OPTION_LIKE = re.compile(r"^([A-Z][).]|ANSWER\s*:)")


def export_bank(course: Course, fmt: str) -> tuple[str, list[str]]:
    """Export every question of `course` as `fmt` (one of FORMATS); returns (text, notes)."""
    if fmt == "json":
        return _export_json(course)
    if fmt == "gift":
        return _export_gift(course)
    if fmt == "aiken":
        return _export_aiken(course)
    if fmt == "moodlexml":
        from govtui.core.bank_moodlexml import export_moodle_xml

        return export_moodle_xml(course)
    raise ValueError(f"未知的导出格式：{fmt}（可选 {' / '.join(FORMATS)}）")


def export_bank_bytes(course: Course, fmt: str) -> tuple[bytes, list[str]]:
    """Like export_bank, for every format: the bytes of the file (UTF-8 for the text formats)."""
    if fmt == "apkg":
        from govtui.core.bank_anki import export_apkg

        return export_apkg(course)
    text, notes = export_bank(course, fmt)
    return text.encode("utf-8"), notes


# -- shared ------------------------------------------------------------------------------


def _sorted_questions(course: Course) -> list[Question]:
    return sorted(course.questions.values(), key=lambda q: q.id)


def _count_line(questions: list[Question]) -> str:
    counts = Counter(q.type for q in questions)
    parts = [f"{QUESTION_TYPE_NAMES[t]} {counts[t]} 道" for t in QUESTION_TYPES if counts[t]]
    return "、".join(parts)


def source_labels(course: Course, question: Question) -> list[str]:
    return [describe(course, source) for source in question.sources]


def _module_title(course: Course, question: Question) -> str | None:
    if question.module is None:
        return None
    module = course.modules.get(question.module)
    return module.title if module else None


# -- JSON --------------------------------------------------------------------------------


def _json_answer(question: Question) -> object:
    if question.type == "multiple":
        return sorted(question.answer)  # type: ignore[arg-type]
    if question.type == "fill":
        return list(question.answer)  # type: ignore[arg-type]
    if question.type == "order":
        return [question.items[i] for i in question.answer]  # type: ignore[union-attr]
    return question.answer


def _relative_path(course: Course, path: Path) -> str:
    try:
        return path.relative_to(course.root).as_posix()
    except ValueError:
        return path.as_posix()


def _json_question(course: Course, question: Question) -> dict[str, object]:
    return {
        "id": question.id,
        "type": question.type,
        "type_name": question.type_name,
        "bank": question.bank,
        "module": question.module,
        "module_title": _module_title(course, question),
        "stem": question.stem,
        "choices": list(question.choices),
        "items": list(question.items),
        "answer": _json_answer(question),
        "answer_text": answer_text(question),
        "explanation": question.explanation,
        "sources": list(question.sources),
        "source_labels": source_labels(course, question),
        "point": question.point,
        "difficulty": question.difficulty,
        "path": _relative_path(course, question.path),
        "line": question.line,
    }


def _export_json(course: Course) -> tuple[str, list[str]]:
    questions = _sorted_questions(course)
    document = {
        "schema_version": JSON_SCHEMA_VERSION,
        "course": course.id,
        "exported_at": now_iso(),
        "questions": [_json_question(course, q) for q in questions],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if not questions:
        return text, ["课程中没有题目，导出的题目列表为空。"]
    notes = [
        f"已导出全部 {len(questions)} 道题（{_count_line(questions)}），未跳过任何题目。",
        "每道题包含全部字段、解析、出处及其可读名称（source_labels）和所属模块标题（module_title）。",
        "答案写法：单选为字母，多选为字母列表，判断为 true/false，填空为可接受答案列表，排序为按正确顺序排列的步骤列表。",
    ]
    return text, notes


# -- GIFT --------------------------------------------------------------------------------


def gift_escape(text: str) -> str:
    """Escape GIFT's special characters (and the backslash itself); newlines become `\\n`."""
    out = []
    for char in text.replace("\r\n", "\n").replace("\r", "\n"):
        if char == "\\" or char in GIFT_SPECIAL:
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        else:
            out.append(char)
    return "".join(out)


def moodle_percent(value: float) -> str:
    """Moodle-style weight (GIFT percentages, Moodle XML fractions): 50, 33.33333, -100, …"""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


class _GiftWriter:
    """Builds the GIFT text and counts what had to be adapted, for the notes."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self.escaped: set[str] = set()
        self.format_guarded: set[str] = set()
        self.arrows: set[str] = set()
        self.wildcards: set[str] = set()
        self.extra_blanks: set[str] = set()

    # text helpers

    def text(self, question: Question, raw: str, *, leading: bool = True) -> str:
        """Escaped text that Moodle reads back as `raw`.

        `leading` text starts a field, where Moodle would read "[name]" as a format marker.
        """
        if any(char in GIFT_SPECIAL for char in raw):
            self.escaped.add(question.id)
        escaped = gift_escape(raw)
        if leading and _GIFT_FORMAT_PREFIX.match(escaped):
            # Moodle reads a leading "[name]" as a text-format marker; state the format explicitly.
            self.format_guarded.add(question.id)
            escaped = "[moodle]" + escaped.lstrip()
        return escaped

    def no_arrow(self, question: Question, raw: str) -> str:
        """'->' separates matching pairs in GIFT and cannot be escaped."""
        if "->" in raw:
            self.arrows.add(question.id)
            raw = raw.replace("->", "→")
        return raw

    def feedback(self, question: Question) -> str:
        labels = "；".join(source_labels(self.course, question))
        general = f"解析：{question.explanation.strip()}\n出处：{labels}"
        return "####" + self.text(question, general)

    # questions

    def question(self, question: Question) -> str:
        header = gift_header(self.course, question)
        feedback = self.feedback(question)
        if question.type == "fill":
            return header + self._fill(question, feedback)
        stem = self.text(question, question.stem.strip())
        return f"{header}{stem}{{{self._answers(question)}{feedback}}}"

    def _answers(self, question: Question) -> str:
        if question.type == "single":
            parts = []
            for letter, choice in zip(LETTERS, question.choices, strict=False):
                text = self.text(question, choice.strip())
                if letter == question.answer:
                    parts.append(f"={text}")
                elif text.startswith("%"):
                    parts.append(f"~%0%{text}")  # a leading %n% would be read as a weight
                else:
                    parts.append(f"~{text}")
            return " ".join(parts) + " "
        if question.type == "multiple":
            right = question.answer
            right_weight = moodle_percent(100 / len(right))  # type: ignore[arg-type]
            parts = []
            for letter, choice in zip(LETTERS, question.choices, strict=False):
                weight = right_weight if letter in right else "-100"  # type: ignore[operator]
                parts.append(f"~%{weight}%{self.text(question, choice.strip())}")
            return " ".join(parts) + " "
        if question.type == "truefalse":
            return "T" if question.answer else "F"
        if question.type == "order":
            pairs = []
            for step, item in enumerate(question.items, start=1):
                left = self.text(question, self.no_arrow(question, item).strip())
                pairs.append(f"={left} -> 第{step}步")
            return " ".join(pairs) + " "
        raise ValueError(f"unknown question type {question.type}")

    def _fill(self, question: Question, feedback: str) -> str:
        answers = []
        for accepted in question.answer:  # type: ignore[union-attr]
            text = self.text(question, self.no_arrow(question, accepted).strip())
            if "*" in text:
                # Moodle short answers treat * as a wildcard; \* is a literal asterisk.
                self.wildcards.add(question.id)
                text = text.replace("*", "\\*")
            if text.startswith("%"):
                text = "%100%" + text
            answers.append(f"={text}")
        block = "{" + " ".join(answers) + feedback + "}"
        before, _, after = question.stem.partition(BLANK)
        if BLANK in after:
            self.extra_blanks.add(question.id)
        if not after.strip():
            # Moodle shows no blank when the answer block ends the text: keep the visible blank.
            return self.text(question, (before + BLANK).strip()) + block
        return (
            self.text(question, before.lstrip())
            + block
            + self.text(question, after.rstrip(), leading=False)
        )


def _gift_bracket(text: str) -> str:
    """Text inside Moodle's `[id:…]` / `[tag:…]`: one line, `]` escaped as `\\]`."""
    return _one_line(text).replace("]", "\\]")


def gift_header(course: Course, question: Question) -> str:
    """The comment lines and name that open a question: Moodle reads `[id:]` and `[tag:]` from them."""
    marks = [f"[id:{_gift_bracket(question.id)}]"]
    marks += [f"[tag:{_gift_bracket(moodle_tag(kind, value))}]" for kind, value in question_tags(course, question)]
    comment = " · ".join(
        part
        for part in (
            question.type_name,
            f"知识点：{question.point}",
            f"难度 {question.difficulty}",
            f"模块：{question.module}" if question.module else "",
        )
        if part
    )
    return f"// {' '.join(marks)}\n// {_one_line(comment)}\n::{gift_escape(question.id)}::"


def _export_gift(course: Course) -> tuple[str, list[str]]:
    questions = _sorted_questions(course)
    writer = _GiftWriter(course)
    lines = [
        "// govtui 题库导出（Moodle GIFT 格式）",
        f"// 课程：{_one_line(course.id)} {_one_line(course.title)}".rstrip(),
        f"// 导出时间：{now_iso()}",
        "",
    ]
    banks = sorted({q.bank for q in questions})
    for bank in banks:
        lines += [f"$CATEGORY: {GIFT_CATEGORY_ROOT}/{bank}", ""]
        for question in questions:
            if question.bank == bank:
                lines += [writer.question(question), ""]
    text = "\n".join(lines)
    if not questions:
        return text, ["课程中没有题目，GIFT 文件中只有注释。"]
    counts = Counter(q.type for q in questions)
    notes = [
        f"已导出全部 {len(questions)} 道题（{_count_line(questions)}），按题库分为 {len(banks)} 个分类"
        f"（$CATEGORY: {GIFT_CATEGORY_ROOT}/<题库>），题目名称为题目 id。",
        "每道题的解析与出处写在总体反馈（####）中。",
        "题前注释写有 [id:题目id] 和 [tag:…]（轨道、模块、知识点、题型、题库、难度）；"
        "新版 Moodle 导入时读作题目的 ID 编号和标签，旧版只当作注释。",
    ]
    if counts["multiple"]:
        notes.append(
            f"多选题 {counts['multiple']} 道按 Moodle 部分得分导出：正确选项平分 100%，"
            "每个错误选项 -100%（选错即不得分）。"
        )
    if counts["truefalse"]:
        notes.append(f"判断题 {counts['truefalse']} 道导出为 T/F。")
    if counts["fill"]:
        notes.append(
            f"填空题 {counts['fill']} 道导出为简答题，答案块放在题干 ____ 处；"
            "Moodle 判分不做全角/半角与空格的归一化。"
        )
    if counts["order"]:
        notes.append(
            f"排序题 {counts['order']} 道改为配对题：每个步骤配对“第N步”（Moodle 没有排序题型）。"
        )
    if writer.escaped:
        notes.append(f"{len(writer.escaped)} 道题的文字含 GIFT 特殊字符 ~ = # {{ }} :，已加反斜杠转义。")
    if writer.format_guarded:
        notes.append(f"{len(writer.format_guarded)} 道题有文字以“[”开头，已加 [moodle] 以免被当作格式标记。")
    if writer.arrows:
        notes.append(f"{len(writer.arrows)} 道题的答案或步骤含“->”，已改为“→”（GIFT 用 -> 分隔配对）。")
    if writer.wildcards:
        notes.append(f"{len(writer.wildcards)} 道填空题的答案含 *，已写成 \\* 以免被当作通配符。")
    if writer.extra_blanks:
        notes.append(f"{len(writer.extra_blanks)} 道填空题有多处 ____，GIFT 只有一个答案块，放在第一处。")
    return text, notes


# -- Aiken -------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    """Aiken (and GIFT comments) cannot hold line breaks: newlines become spaces."""
    return re.sub(r"\s*[\r\n]+\s*", " ", text).strip()


def _export_aiken(course: Course) -> tuple[str, list[str]]:
    questions = _sorted_questions(course)
    blocks: list[str] = []
    exported: list[Question] = []
    skipped: list[Question] = []
    flattened: set[str] = set()
    guarded: set[str] = set()
    for question in questions:
        if question.type == "single":
            options = list(question.choices)
            answer = question.answer
        elif question.type == "truefalse":
            options = ["正确", "错误"]
            answer = "A" if question.answer else "B"
        else:
            skipped.append(question)
            continue
        texts = [question.stem, *options]
        if any("\n" in t or "\r" in t for t in texts):
            flattened.add(question.id)
        stem = _one_line(question.stem)
        if _AIKEN_OPTION_LIKE.match(stem):
            guarded.add(question.id)
            stem = "题目：" + stem
        lines = [stem]
        lines += [f"{letter}. {_one_line(o)}" for letter, o in zip(LETTERS, options, strict=False)]
        lines.append(f"ANSWER: {answer}")
        blocks.append("\n".join(lines))
        exported.append(question)
    text = "\n\n".join(blocks) + ("\n" if blocks else "")
    if not questions:
        return text, ["课程中没有题目，Aiken 文件为空。"]
    counts = Counter(q.type for q in exported)
    notes = [
        f"已导出 {len(exported)} 道题：单选题 {counts['single']} 道，判断题 {counts['truefalse']} 道"
        "（判断题写成 A. 正确 / B. 错误 两个选项）。",
    ]
    if skipped:
        notes.append(
            f"跳过 {len(skipped)} 道 Aiken 无法表示的题（{_count_line(skipped)}）；"
            "Aiken 只支持单选题，完整题库请导出 GIFT 或 JSON。"
        )
    else:
        notes.append("没有跳过任何题目。")
    notes.append("Aiken 格式不含题目 id、解析、出处和题库分类。")
    if flattened:
        notes.append(f"{len(flattened)} 道题的文字含换行，已换成空格（Aiken 每项只能占一行）。")
    if guarded:
        notes.append(f"{len(guarded)} 道题的题干开头像选项或 ANSWER 行，已在前面加“题目：”。")
    return text, notes
