"""Moodle XML question export (UI-free).

Unlike GIFT, Moodle XML keeps every govtui question type as itself:

- single / multiple choice → `multichoice` (multiple: each right option 100/k %, each wrong -100 %,
  the same grade govtui's exams give, see `govtui.core.quiz.multiple_credit`);
- true/false → `truefalse`; fill-in → `shortanswer` (the blank stays in the text);
- ordering → `ordering` (the qtype_ordering plugin, all-or-nothing like govtui).

Each question carries its id as `idnumber`, the tags of `bank_tags`, and the explanation and sources
as general feedback.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections import Counter

from govtui.core.bank_export import moodle_percent, source_labels
from govtui.core.bank_tags import moodle_tag, question_tags
from govtui.core.course import Course
from govtui.core.model import Question
from govtui.core.questions import LETTERS

CATEGORY_ROOT = "$course$/top/govtui"

_CONTROL = {i: None for i in range(32) if chr(i) not in "\t\n\r"} | {0x7F: None}
"""XML 1.0 cannot hold most control characters at all: they are dropped (check reports them in content)."""


def _html(text: str) -> str:
    """Plain course text as the HTML Moodle shows: escaped, line breaks kept."""
    lines = html.escape(text.strip().translate(_CONTROL), quote=False).splitlines()
    return "<br>".join(lines)


def _text(parent: ET.Element, tag: str, value: str, *, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = value
    return element


def _plain(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _answer(parent: ET.Element, fraction: float, text: str, fmt: str = "html") -> None:
    answer = ET.SubElement(parent, "answer", {"fraction": moodle_percent(fraction), "format": fmt})
    ET.SubElement(answer, "text").text = text
    _text(answer, "feedback", "")


def _feedback(course: Course, question: Question) -> str:
    labels = "；".join(source_labels(course, question))
    return f"<p>解析：{_html(question.explanation)}</p><p>出处：{html.escape(labels, quote=False)}</p>"


def _combined_feedback(element: ET.Element) -> None:
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(element, tag, "")


def _question(course: Course, question: Question) -> ET.Element:
    qtype = {
        "single": "multichoice",
        "multiple": "multichoice",
        "truefalse": "truefalse",
        "fill": "shortanswer",
        "order": "ordering",
    }[question.type]
    element = ET.Element("question", {"type": qtype})
    name = ET.SubElement(element, "name")
    ET.SubElement(name, "text").text = question.id
    _text(element, "questiontext", f"<p>{_html(question.stem)}</p>")
    _text(element, "generalfeedback", _feedback(course, question))
    _plain(element, "defaultgrade", "1")
    _plain(element, "penalty", "0.3333333")
    _plain(element, "hidden", "0")
    _plain(element, "idnumber", question.id)

    if question.type in ("single", "multiple"):
        single = question.type == "single"
        _plain(element, "single", "true" if single else "false")
        _plain(element, "shuffleanswers", "true")
        _plain(element, "answernumbering", "ABCD")
        _plain(element, "showstandardinstruction", "1")
        _combined_feedback(element)
        right = {question.answer} if single else set(question.answer)  # type: ignore[call-overload]
        share = 100 / len(right)
        for letter, choice in zip(LETTERS, question.choices, strict=False):
            if letter in right:
                _answer(element, share, _html(choice))
            else:
                _answer(element, 0 if single else -100, _html(choice))
    elif question.type == "truefalse":
        _answer(element, 100 if question.answer else 0, "true", "moodle_auto_format")
        _answer(element, 0 if question.answer else 100, "false", "moodle_auto_format")
    elif question.type == "fill":
        _plain(element, "usecase", "0")
        for accepted in question.answer:  # type: ignore[attr-defined]
            _answer(element, 100, accepted.translate(_CONTROL), "moodle_auto_format")
    else:
        _plain(element, "layouttype", "VERTICAL")
        _plain(element, "selecttype", "ALL")
        _plain(element, "selectcount", str(len(question.items)))
        _plain(element, "gradingtype", "ALL_OR_NOTHING")
        _plain(element, "showgrading", "SHOW")
        _plain(element, "numberingstyle", "none")
        _combined_feedback(element)
        # qtype_ordering reads the correct order from the order of the answers.
        for position, index in enumerate(question.answer, start=1):  # type: ignore[attr-defined]
            _answer(element, position, _html(question.items[index]))

    tags = ET.SubElement(element, "tags")
    for kind, value in question_tags(course, question):
        tag = ET.SubElement(tags, "tag")
        ET.SubElement(tag, "text").text = moodle_tag(kind, value)
    return element


def _category(path: str) -> ET.Element:
    element = ET.Element("question", {"type": "category"})
    category = ET.SubElement(element, "category")
    ET.SubElement(category, "text").text = path
    return element


def export_moodle_xml(course: Course) -> tuple[str, list[str]]:
    """Every question of `course` as a Moodle XML quiz file; returns (text, notes)."""
    questions = sorted(course.questions.values(), key=lambda q: q.id)
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" govtui 题库导出（Moodle XML）：{course.id} ".replace("--", "—")))
    banks = sorted({q.bank for q in questions})
    for bank in banks:
        quiz.append(_category(f"{CATEGORY_ROOT}/{bank}"))
        for question in questions:
            if question.bank == bank:
                quiz.append(_question(course, question))
    ET.indent(quiz)
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
    if not questions:
        return text, ["课程中没有题目，XML 文件中只有空的 <quiz>。"]
    counts = Counter(q.type for q in questions)
    notes = [
        f"已导出全部 {len(questions)} 道题，按题库分为 {len(banks)} 个分类（{CATEGORY_ROOT}/<题库>）；"
        "题目名称和 ID 编号（idnumber）为题目 id，解析与出处写在总体反馈中，轨道、模块、知识点等写为标签。",
    ]
    if counts["multiple"]:
        notes.append(
            f"多选题 {counts['multiple']} 道：正确选项平分 100%，错误选项 -100%，"
            "即“少选按比例得分，错选不得分”，与 govtui 模拟考试的计分相同。"
        )
    if counts["order"]:
        notes.append(
            f"排序题 {counts['order']} 道导出为排序题（ordering，全对才得分）；"
            "导入的 Moodle 站点须已安装并启用 Ordering 题型（qtype_ordering）。"
        )
    if counts["fill"]:
        notes.append(f"填空题 {counts['fill']} 道导出为简答题（shortanswer），不区分大小写。")
    return text, notes
