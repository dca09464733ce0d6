"""`govtui check` sends a maintainer to the true line, even in files built to fool a line scanner (issue 14).

Each nasty file is written into a copy of the course; the test asserts the exact set of lines
`check` reports for that file. The files are generated here (not kept as fixtures) because several
depend on exact bytes that an editor or git would normalise: CRLF, a BOM, invalid UTF-8.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from govtui.core import tomlpos
from govtui.core.check import check_course
from govtui.core.course import open_course


def question(qid: str, extra: str = "", stem: str = '"《条例》第一条写明了立法目的。"') -> str:
    return (
        f'[[questions]]\nid = "{qid}"\ntype = "truefalse"\nstem = {stem}\nanswer = true\n'
        f'explanation = "见第一条。"\nsources = ["reg:1"]\npoint = "立法目的"\ndifficulty = 1\n{extra}'
    )


BANK_HEAD = 'schema = 1\nmodule = "reg-scope"\n\n'  # 3 lines; the first question starts on line 4
Q1 = question("nasty-001")  # lines 4..12
# Line numbers below are counted by hand in the text each case builds; a comment names the line.


@dataclass(frozen=True)
class Nasty:
    name: str
    where: str  # bank | module | case | exams | checklist | glossary
    content: bytes
    lines: frozenset[int]
    said: str  # a fragment some reported problem must contain


def _bank(name: str, text: str, lines: set[int], said: str = "未知字段 bogus", raw: bytes | None = None) -> Nasty:
    return Nasty(name, "bank", raw if raw is not None else text.encode("utf-8"), frozenset(lines), said)


def _second_bad(stem1: str) -> str:
    """Question 1 with a given stem (4..12), then question 2 (13..) whose 10th line is `bogus = 1`."""
    return BANK_HEAD + question("nasty-001", stem=stem1) + question("nasty-002", "bogus = 1\n")


ML_HEADER = '"""前一行\n[[questions]]\nid = "fake"\n"""'  # adds 3 lines to question 1
ML_LITERAL_HEADER = "'''前一行\n[[questions]]\nbogus = 'x'\n'''"

CASES: list[Nasty] = [
    _bank("plain (control)", _second_bad('"x"'), {22}),
    _bank("multi-line basic string holding a [[questions]] line", _second_bad(ML_HEADER), {25}),
    _bank("multi-line literal string holding [[questions]] and bogus =", _second_bad(ML_LITERAL_HEADER), {25}),
    _bank(
        "key = line inside a string of the same question, real key later",
        BANK_HEAD + question("nasty-001", 'bogus = 1\n', stem='"""题干\nbogus = 2\n"""'),
        {15},
    ),
    _bank(
        "escaped quotes and a line-ending backslash inside a multi-line string",
        _second_bad('"""他说：\\"""\\\n[[questions]]\n\\"仍在字符串里"""'),
        {24},
    ),
    _bank("multi-line string closed by four and five quotes", _second_bad('"""引号""""'), {22}),
    _bank("literal multi-line string closed by five quotes", _second_bad("'''x'''''"), {22}),
    _bank("CRLF line endings", "", {25}, raw=_second_bad(ML_HEADER).replace("\n", "\r\n").encode()),
    _bank("UTF-8 byte order mark", "", {25}, raw=b"\xef\xbb\xbf" + _second_bad(ML_HEADER).encode()),
    _bank(
        "tabs, spaces inside the brackets and a comment with brackets on the header",
        _second_bad('"x"').replace("[[questions]]\nid = \"nasty-002\"", "\t[[ questions ]]\t# [[questions]] [x]\nid = \"nasty-002\"")
        .replace("bogus = 1", "\tbogus\t=\t1\t# ]]"),
        {22},
    ),
    _bank(
        "commented-out question",
        BANK_HEAD + "# [[questions]]\n# bogus = 1\n" + question("nasty-001", "bogus = 1\n"),
        {15},
    ),
    _bank(
        "array spanning lines with a multi-line string holding a header",
        BANK_HEAD
        + question("nasty-001").replace('sources = ["reg:1"]', 'sources = [\n  "reg:1", # [[questions]]\n  """\n[[questions]]\n""",\n]')
        + question("nasty-002", "bogus = 1\n"),
        {10, 27},  # the invalid source at its `sources` key, the unknown field at its key
        "题目",
    ),
    _bank(
        "quoted key and quoted table name",
        BANK_HEAD + Q1 + question("nasty-002", '"bogus" = 1\n').replace("[[questions]]", '[["questions"]]'),
        {22},
    ),
    _bank("dotted key", BANK_HEAD + Q1 + question("nasty-002", "bogus.deep = 1\n"), {22}),
    _bank(
        "inline table on one line and in an array over lines",
        BANK_HEAD + Q1 + question("nasty-002", 'meta = { bogus = 1 }\nmore = [\n  { bogus = 2 },\n]\nbogus = 3\n'),
        {22, 23, 26},
        "未知字段",
    ),
    _bank(
        "line separators U+2028, U+0085 inside strings",
        _second_bad('"a\u2028b\u0085c\u2029d"'),
        {7, 22},  # the separators themselves are reported as control characters, on their true line
    ),
    _bank("duplicate key", BANK_HEAD + question("nasty-001", 'point = "again"\n'), {13}, "TOML 语法错误"),
    _bank("unterminated basic string", BANK_HEAD + Q1 + 'x = "never closed\n', {13}, "TOML 语法错误"),
    _bank(
        "unterminated multi-line string",
        BANK_HEAD + Q1 + 'x = """never closed\n\n[[questions]]\n',
        {13},
        "TOML 语法错误",
    ),
    _bank("invalid UTF-8", "", {13}, "UTF-8", raw=(BANK_HEAD + Q1).encode() + b"bad = \"\xff\xfe\"\n"),
    _bank(
        "wrong source reported at the question's header",
        BANK_HEAD + question("nasty-001", stem=ML_HEADER).replace('"reg:1"', '"reg:999"'),
        {4},
        "出处不存在",
    ),
]

MODULE_FRONT = '+++\nid = "zz-nasty"\ntitle = "测试"\ntrack = "1"\norder = 999\n'
MODULE_REST = 'minutes = 5\n+++\n\n# 标题\n\n正文[第一条](reg:1)。\n'
CASES += [
    Nasty(
        "module: sources = line inside a multi-line objective, real sources later",
        "module",
        (MODULE_FRONT + 'objectives = ["""目标\nsources = ["reg:1"]\n"""]\nsources = ["reg:999"]\n' + MODULE_REST).encode(),
        frozenset({9}),
        "出处不存在",
    ),
    Nasty(
        "module: CRLF, BOM and U+2028 in the front matter; a bad body link",
        "module",
        b"\xef\xbb\xbf"
        + (MODULE_FRONT + 'objectives = ["a\u2028b"]\nsources = ["reg:1"]\n' + MODULE_REST.replace("reg:1)", "reg:999)"))
        .replace("\n", "\r\n")
        .encode(),
        frozenset({13}),
        "出处不存在",
    ),
]

CASE_HEAD = (
    'schema = 1\nid = "case-nasty"\ntitle = "测试"\ntrack = "41"\norder = 999\n'
    'story = """故事\n[[steps]]\nid = "fake"\n"""\n\n'
)  # 10 lines


def _step(sid: str, extra: str = "") -> str:
    return (
        f'[[steps]]\nid = "{sid}"\nprompt = "怎么办？"\npoint = "要点"\nanswer = "A"\n{extra}'
        '[[steps.choices]]\ntext = "甲"\nfeedback = "对。"\n[[steps.choices]]\ntext = "乙"\nfeedback = "错。"\n'
        '[[steps.basis]]\nsource = "reg:1"\nquote = "为了保障公民、法人和其他组织依法获取政府信息"\n'
    )


CASES.append(
    Nasty(
        "case: story holding [[steps]] and id =; the second step has an unknown field",
        "case",
        (CASE_HEAD + _step("one") + _step("two", "bogus = 1\n")).encode(),
        frozenset({30}),
        "未知字段",
    )
)

EXAMS = (
    'schema = 1\n\n[[blueprints]]\nid = "mock-nasty"\ntitle = """模拟\n[[blueprints.sections]]\ntype = "bogus"\n"""\n'
    'minutes = 30\npass_score = 60\n\n'
    '[[blueprints.sections]]\ntype = "single"\ncount = 10\npoints = 5\n\n'
    '[[blueprints.sections]]\ntype = "nonsense"\ncount = 10\npoints = 5\n'
)
CASES.append(Nasty("exams: a title holding a section header", "exams", EXAMS.encode(), frozenset({18}), "未知题型"))

CHECKLIST_TAIL = (
    '\n[[items]]\nid = "nasty-01"\narea = "organization"\nbasis_kind = "law"\npoint = "要点"\n'
    'method = """方法\n[[items]]\nweight = 3\n"""\nbasis = ["reg:4.1"]\nweight = 9\nremediation = "整改"\n'
    'modules = ["reg-scope"]\nlevels = ["township"]\n'
)  # the real weight is line 12 of the tail
CASES.append(
    Nasty("checklist: method holding [[items]] and weight =", "checklist", CHECKLIST_TAIL.encode(), frozenset({12}), "weight")
)

GLOSSARY_TAIL = (
    '\n[[terms]]\nid = "nasty-a"\nterm = "甲"\ndefinition = \'\'\'定义\n[[terms]]\nid = "fake"\n\'\'\'\nsources = ["reg:1"]\n'
    '\n[[terms]]\nid = "nasty-b"\nterm = "乙"\ndefinition = "缺出处"\n'
)  # the second real term starts on line 11 of the tail
CASES.append(
    Nasty("glossary: definition holding [[terms]]", "glossary", GLOSSARY_TAIL.encode(), frozenset({11}), "术语需要")
)

APPENDED = {"checklist": "content/selfcheck/checklist.toml", "glossary": "content/glossary.toml"}
PLACED = {
    "bank": "quizzes/zz-nasty.toml",
    "module": "content/modules/1/zz-nasty.md",
    "case": "content/cases/99-nasty.toml",
    "exams": "content/exams.toml",
}


def test_at_least_twenty_nasty_files_over_every_kind() -> None:
    assert len(CASES) >= 20
    assert {c.where for c in CASES} == set(APPENDED) | set(PLACED)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_reports_the_true_line(course_copy: Path, case: Nasty) -> None:
    if case.where in APPENDED:
        path = course_copy / APPENDED[case.where]
        base = path.read_bytes()
        assert base.endswith(b"\n")
        offset = base.count(b"\n")
        path.write_bytes(base + case.content)
    else:
        path = course_copy / PLACED[case.where]
        offset = 0
        path.write_bytes(case.content)
    problems = [p for p in check_course(open_course(course_copy)).problems if p.path == path]
    assert {p.line for p in problems} == {line + offset for line in case.lines}, [str(p) for p in problems]
    assert any(case.said in p.message for p in problems), [str(p) for p in problems]


def test_scanner_on_text_alone() -> None:
    text = 'a = """\n[[x]]\nb = 1\n"""\n[[x]]\nb = 2\n[ x . "y" ]\n[[x]] # [[x]]\n'
    assert tomlpos.table_lines(text, "x") == [5, 8]
    assert tomlpos.key_line(text, "b", 1) == 6
    assert [h.path for h in tomlpos.layout(text).headers] == [("x",), ("x", "y"), ("x",)]
    assert tomlpos.key_line("\ufeffa = 1\n", "a", 1) == 1
    # Garbage never hangs or raises.
    for junk in ('"""', "[[", "a = [", "a = {", "= = =", "a = '''x", "\\", "[a.]\n]]"):
        tomlpos.layout(junk)


def test_fast_header_scan_agrees_with_the_full_scanner() -> None:
    """`headers` (run on every load) and `layout` (run on a problem) must find the same headers."""
    from govtui.core.paths import bundled_course_dir

    root = bundled_course_dir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.toml"))]
    texts += [case.content.decode("utf-8", errors="replace") for case in CASES]
    texts += ['m = [\n  ["a"],\n  [["questions"]]\n]\n[[questions]]\n', "x = [[1, [2]], 'a]'] # [[q]]\n[[q]]\n"]
    assert len(texts) > 80
    for text in texts:
        assert tomlpos.headers(text) == tomlpos.layout(text).headers, text[:200]
    assert tomlpos.table_lines(texts[-2], "questions") == [5]
    assert tomlpos.table_lines(texts[-1], "q") == [2]
