"""Broken course data gives file:line problems, never a traceback (issue 9, defect 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govtui.core.check import check_course
from govtui.core.course import open_course
from govtui.core.problems import ContentError
from govtui.core.tomlpos import MAX_CONTENT_BYTES

DEEP = "deep = " + "[" * 3000 + "]" * 3000 + "\n"


def problems_of(root: Path) -> list[str]:
    try:
        result = check_course(open_course(root))
    except ContentError as exc:
        return [str(exc.problem)]
    return [str(p) for p in result.problems]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_deep_nesting_in_course_bank_and_front_matter(course_copy: Path) -> None:
    (course_copy / "content" / "course.toml").open("a", encoding="utf-8").write(DEEP)
    found = problems_of(course_copy)
    assert len(found) == 1 and "course.toml:1" in found[0] and "嵌套" in found[0]
    replace(course_copy / "content" / "course.toml", DEEP, "")
    (course_copy / "quizzes" / "reg-ch1-general.toml").open("a", encoding="utf-8").write(DEEP)
    module = course_copy / "content" / "modules" / "1" / "reg-scope.md"
    replace(module, "+++\n", "+++\n" + DEEP)
    found = problems_of(course_copy)
    assert any("reg-ch1-general.toml" in p and "嵌套" in p for p in found)
    assert any("reg-scope.md" in p and "嵌套" in p for p in found)


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("pass_mark = 80", 'pass_mark = "eighty"', "pass_mark"),
        ("pass_mark = 80", "pass_mark = 0", "pass_mark"),
        ('schema = 1\n', 'schema = 1\ntracks = "abc"\n', "tracks"),
        ('schema = 1\n', 'schema = 1\nunits = [1, 2]\n', "units"),
    ],
)
def test_bad_course_settings_are_problems(course_copy: Path, old: str, new: str, said: str) -> None:
    course_file = course_copy / "content" / "course.toml"
    if said == "tracks":
        replace(course_file, "[[tracks]]", "[[old-tracks]]")
        replace(course_file, "[[tracks]]", "[[old-tracks]]")
        replace(course_file, "[[tracks]]", "[[old-tracks]]")
    if said == "units":
        course_file.write_text(course_file.read_text(encoding="utf-8").replace("[[units]]", "[[old-units]]"), encoding="utf-8")
    replace(course_file, old, new)
    found = problems_of(course_copy)
    assert any("course.toml:" in p and said in p for p in found), found


def test_questions_that_are_not_tables(course_copy: Path) -> None:
    bank = course_copy / "quizzes" / "reg-ch1-general.toml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text[: text.index("[[questions]]")] + 'questions = ["a"]\n', encoding="utf-8")
    found = problems_of(course_copy)
    assert any("reg-ch1-general.toml:" in p and "不是表" in p for p in found)


def test_checklist_items_that_are_not_tables_and_an_empty_checklist(course_copy: Path) -> None:
    checklist = course_copy / "content" / "selfcheck" / "checklist.toml"
    text = checklist.read_text(encoding="utf-8").replace("[[items]]", "[[old-items]]")
    checklist.write_text(text.replace("\nschema = 1\n", "\nschema = 1\nitems = [1, 2]\n", 1), encoding="utf-8")
    found = problems_of(course_copy)
    assert any("checklist.toml:" in p and "items" in p and "不是表" in p for p in found)
    assert any("没有可用的检查项" in p for p in found)


def test_an_oversized_module_is_refused(course_copy: Path) -> None:
    module = course_copy / "content" / "modules" / "1" / "reg-scope.md"
    with module.open("a", encoding="utf-8") as handle:
        handle.write("很长的段落。" * (MAX_CONTENT_BYTES // 10))
    found = problems_of(course_copy)
    assert any("reg-scope.md" in p and "文件过大" in p for p in found)


def test_a_malformed_citation_does_not_hide_a_wrong_one(course_copy: Path) -> None:
    bank = course_copy / "quizzes" / "reg-ch1-general.toml"
    text = bank.read_text(encoding="utf-8")
    first = text.index("sources = [")
    end = text.index("]", first)
    bank.write_text(text[:first] + 'sources = ["reg:1", "reg:第一条", "reg:999"' + text[end:], encoding="utf-8")
    found = problems_of(course_copy)
    assert any("出处写法无效" in p and "reg:第一条" in p for p in found)
    assert any("出处不存在 reg:999" in p for p in found)


def test_control_characters_in_content_are_reported_and_shown_as_symbols(course_copy: Path) -> None:
    module = course_copy / "content" / "modules" / "1" / "reg-scope.md"
    with module.open("a", encoding="utf-8") as handle:
        handle.write("\n终端\x1b]0;标题\x07清屏\x1b[2J\n")
    found = problems_of(course_copy)
    assert any("reg-scope.md:" in p and "控制字符" in p for p in found)
    body = open_course(course_copy).modules["reg-scope"].body()
    assert "\x1b" not in body and "␛]0;标题␇清屏␛[2J" in body
