"""Question-bank export: JSON round trip, a strict GIFT parser, the Aiken grammar."""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import pytest

from govtui.core.bank_export import FORMATS, export_bank
from govtui.core.bank_tags import moodle_tag, question_tags
from govtui.core.course import Course
from govtui.core.model import Question
from govtui.core.questions import BLANK, LETTERS
from govtui.core.sources import describe

# -- a small, strict GIFT parser (follows Moodle's qformat_gift reading rules) ----------------

GIFT_SPECIAL = "~=#{}:"
GIFT_ESCAPES = {c: c for c in GIFT_SPECIAL} | {"\\": "\\", "n": "\n"}
FORMAT_MARKER = re.compile(r"^\[(moodle|html|plain|markdown)\]")
# Moodle's grade options (question_bank::fraction_options_full), as GIFT percentages.
_POSITIVE = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
             14.28571, 12.5, 11.11111, 10, 5)
MOODLE_PERCENTS = {0.0, *map(float, _POSITIVE), *(-float(v) for v in _POSITIVE)}
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


class GiftError(ValueError):
    pass


@dataclass(frozen=True)
class Tok:
    char: str
    special: bool


@dataclass
class GiftAnswer:
    op: str  # "=" or "~"
    text: str
    weight: float | None = None
    pair: tuple[str, str] | None = None


@dataclass
class GiftQuestion:
    title: str
    before: str
    after: str
    kind: str  # single | multiple | truefalse | short | match
    answers: list[GiftAnswer] = field(default_factory=list)
    truth: bool | None = None
    feedback: str = ""
    category: str | None = None
    idnumber: str = ""
    tags: list[str] = field(default_factory=list)


# Moodle's qformat_gift::extract_idnumber_and_tags_from_comment, restated.
GIFT_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
GIFT_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]")


def comment_marks(comments: str) -> tuple[str, list[str]]:
    """(idnumber, tags) as Moodle reads them from a question's // comment lines."""
    found = GIFT_ID.search(comments)
    idnumber = found.group(1).strip().replace("\\]", "]") if found else ""
    return idnumber, [t.strip().replace("\\]", "]") for t in GIFT_TAG.findall(comments)]


def tokenize(text: str) -> list[Tok]:
    """Escaped characters become literal tokens; a backslash before anything else is an error."""
    tokens: list[Tok] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            following = text[i + 1 : i + 2]
            if following in GIFT_ESCAPES:
                tokens.append(Tok(GIFT_ESCAPES[following], False))
            elif following == "*":  # kept for Moodle's short-answer matcher: a literal asterisk
                tokens.append(Tok("\\*", False))
            else:
                raise GiftError(f"stray backslash before {following!r} in {text!r}")
            i += 2
            continue
        tokens.append(Tok(char, char in GIFT_SPECIAL))
        i += 1
    return tokens


def literal(tokens: list[Tok], what: str) -> str:
    for token in tokens:
        if token.special:
            raise GiftError(f"unescaped {token.char!r} in {what}")
    return "".join(t.char for t in tokens)


def field_text(text: str) -> str:
    """A text field as Moodle stores it: trimmed, an optional [format] marker removed."""
    text = text.strip()
    return FORMAT_MARKER.sub("", text, count=1).strip()


def is_special(tokens: list[Tok], index: int, char: str) -> bool:
    return index < len(tokens) and tokens[index].special and tokens[index].char == char


def parse_question(text: str) -> GiftQuestion:
    tokens = tokenize(text)
    if not (is_special(tokens, 0, ":") and is_special(tokens, 1, ":")):
        raise GiftError(f"no ::title:: in {text!r}")
    end = 2
    while not (is_special(tokens, end, ":") and is_special(tokens, end + 1, ":")):
        if end >= len(tokens):
            raise GiftError("unterminated ::title::")
        end += 1
    title = literal(tokens[2:end], "title")
    start = end + 2
    try:
        open_at = next(i for i in range(start, len(tokens)) if is_special(tokens, i, "{"))
        close_at = next(i for i in range(open_at, len(tokens)) if is_special(tokens, i, "}"))
    except StopIteration:
        raise GiftError(f"no answer block in {text!r}") from None
    before = literal(tokens[start:open_at], "question text")
    after = literal(tokens[close_at + 1 :], "text after the answers")
    block = tokens[open_at + 1 : close_at]
    if any(t.special and t.char in "{}:" for t in block):
        raise GiftError("unescaped brace or colon inside the answer block")
    feedback = ""
    for i in range(len(block) - 3):
        if all(is_special(block, i + k, "#") for k in range(4)):
            feedback = literal(block[i + 4 :], "general feedback")
            block = block[:i]
            break
    if any(t.special and t.char == "#" for t in block):
        raise GiftError("stray # (this exporter writes no per-answer feedback)")
    question = GiftQuestion(title=title, before=before, after=after, kind="", feedback=field_text(feedback))
    if not any(t.special for t in block):
        word = literal(block, "answer").strip()
        if word not in ("T", "TRUE", "F", "FALSE"):
            raise GiftError(f"not a true/false answer: {word!r}")
        question.kind, question.truth = "truefalse", word.startswith("T")
        return question
    first = next(i for i, t in enumerate(block) if t.special)
    if literal(block[:first], "answer block").strip():
        raise GiftError("text before the first answer")
    ops: list[tuple[str, list[Tok]]] = []
    for token in block:
        if token.special:
            ops.append((token.char, []))
        elif ops:
            ops[-1][1].append(token)
    for op, answer_tokens in ops:
        raw = literal(answer_tokens, "answer").strip()
        answer = GiftAnswer(op=op, text=raw)
        match = WEIGHT.match(raw)
        if match:
            answer.weight = float(match.group(1))
            answer.text = raw[match.end() :]
        if "->" in answer.text:
            left, arrow, right = answer.text.partition("->")
            if "->" in right:
                raise GiftError(f"two arrows in {raw!r}")
            answer.pair = (field_text(left), right.strip())
        answer.text = field_text(answer.text)
        question.answers.append(answer)
    has_tilde = any(a.op == "~" for a in question.answers)
    if has_tilde:
        question.kind = "single" if any(a.op == "=" for a in question.answers) else "multiple"
    elif any(a.pair for a in question.answers):
        if not all(a.pair for a in question.answers):
            raise GiftError("matching question with an answer that is not a pair")
        question.kind = "match"
    else:
        question.kind = "short"
    if question.kind != "match" and any(a.pair for a in question.answers):
        raise GiftError("'->' outside a matching question")
    return question


def parse_gift(text: str) -> list[GiftQuestion]:
    """Split on blank lines, drop // comment lines, follow $CATEGORY; every block must parse."""
    questions = []
    category = None
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [line for line in block.split("\n") if not line.strip().startswith("//")]
        comments = "\n".join(line.strip() for line in block.split("\n") if line.strip().startswith("//"))
        body = "\n".join(lines).strip()
        if not body:
            continue
        if body.startswith("$CATEGORY:"):
            assert "\n" not in body
            category = body[len("$CATEGORY:") :].strip()
            continue
        question = parse_question(body)
        question.category = category
        question.idnumber, question.tags = comment_marks(comments)
        questions.append(question)
    return questions


# -- helpers -------------------------------------------------------------------------------


def by_type(course: Course) -> Counter[str]:
    return Counter(q.type for q in course.questions.values())


def check_gift_question(course: Course, parsed: GiftQuestion, question: Question) -> None:
    """The parsed GIFT question says the same as `question`."""
    assert parsed.category == f"govtui/{question.bank}"
    assert question.explanation.strip() in parsed.feedback
    for source in question.sources:
        assert describe(course, source) in parsed.feedback
    if question.type != "fill":
        assert parsed.after == ""
        assert field_text(parsed.before) == question.stem.strip()
    if question.type == "single":
        assert parsed.kind == "single"
        right = [a for a in parsed.answers if a.op == "="]
        assert len(right) == 1
        assert right[0].text == question.choices[LETTERS.index(question.answer)]
        assert [a.text for a in parsed.answers] == question.choices
        assert all(a.weight in (None, 0) for a in parsed.answers if a.op == "~")
    elif question.type == "multiple":
        assert parsed.kind == "multiple"
        assert [a.text for a in parsed.answers] == question.choices
        assert all(a.op == "~" and a.weight is not None for a in parsed.answers)
        right = [a for a, letter in zip(parsed.answers, LETTERS, strict=False) if letter in question.answer]
        wrong = [a for a in parsed.answers if a not in right]
        assert len(right) == len(question.answer)
        assert abs(sum(a.weight for a in right) - 100) <= 0.01
        assert all(a.weight > 0 for a in right)
        assert all(a.weight in MOODLE_PERCENTS for a in parsed.answers)
        assert len({a.weight for a in right}) == 1
        if wrong:  # each wrong answer -100, or -100 split equally among them
            assert len({a.weight for a in wrong}) == 1
            assert wrong[0].weight == -100 or abs(sum(a.weight for a in wrong) + 100) <= 0.01
    elif question.type == "truefalse":
        assert parsed.kind == "truefalse"
        assert parsed.truth is question.answer
    elif question.type == "fill":
        assert parsed.kind == "short"
        assert parsed.answers and all(a.op == "=" and a.text for a in parsed.answers)
        accepted = [a.text.replace("\\*", "*") for a in parsed.answers]
        assert accepted == [a.strip().replace("->", "→") for a in question.answer]
        before, _, after = question.stem.partition(BLANK)
        if after.strip():
            assert (field_text(parsed.before), parsed.after.strip()) == (before.strip(), after.strip())
        else:
            assert field_text(parsed.before) == question.stem.strip()
    elif question.type == "order":
        assert parsed.kind == "match"
        assert len(parsed.answers) >= 3
        pairs = [a.pair for a in parsed.answers]
        expected = [(item.replace("->", "→"), f"第{n}步") for n, item in enumerate(question.items, 1)]
        assert pairs == expected


# -- JSON ----------------------------------------------------------------------------------


def test_formats_and_unknown_format(bundled: Course) -> None:
    assert FORMATS == ("json", "gift", "aiken", "moodlexml", "apkg")
    with pytest.raises(ValueError):
        export_bank(bundled, "qti")


def test_json_round_trip(bundled: Course) -> None:
    text, notes = export_bank(bundled, "json")
    document = json.loads(text)
    assert document["schema_version"] == 1
    assert document["course"] == bundled.id
    assert datetime.fromisoformat(document["exported_at"]).tzinfo is not None
    questions = document["questions"]
    assert len(questions) == len(bundled.questions)
    assert [q["id"] for q in questions] == sorted(bundled.questions)
    for data in questions:
        question = bundled.questions[data["id"]]
        assert data["explanation"].strip() and data["explanation"] == question.explanation
        assert data["sources"] and data["sources"] == question.sources
        assert data["source_labels"] == [describe(bundled, s) for s in question.sources]
        for key in ("type", "stem", "point", "difficulty", "choices", "items", "bank", "module"):
            assert data[key] == getattr(question, key), key
        if question.module:
            assert data["module_title"] == bundled.modules[question.module].title
        if question.type == "multiple":
            assert data["answer"] == sorted(question.answer)
        elif question.type == "fill":
            assert data["answer"] == list(question.answer)
        elif question.type == "order":
            assert data["answer"] == question.items
        else:
            assert data["answer"] == question.answer
    assert "\\u" not in text  # ensure_ascii=False: Chinese is written as is
    assert any(str(len(questions)) in note for note in notes)


# -- GIFT ----------------------------------------------------------------------------------


def test_gift_parser_rejects_broken_text() -> None:
    for broken in (
        "::id::题干{=a ~b",  # unclosed
        "题干{=a ~b}",  # no title
        "::id::a:b{=a ~b}",  # unescaped colon
        "::id::题干{=a ~b # c}",  # stray #
        "::id::题干{maybe}",  # not T/F
        "::id::题干\\q{T}",  # unknown escape
    ):
        with pytest.raises(GiftError):
            parse_question(broken)
    parsed = parse_question("::x\\:y::a\\{b\\}c{=%50%d ~e####f\\ng}")
    assert (parsed.title, parsed.before, parsed.kind, parsed.feedback) == ("x:y", "a{b}c", "single", "f\ng")


def test_gift_every_question_parses(bundled: Course) -> None:
    text, notes = export_bank(bundled, "gift")
    parsed = parse_gift(text)
    titles = [p.title for p in parsed]
    assert sorted(titles) == sorted(bundled.questions)
    assert len(set(titles)) == len(titles)
    for item in parsed:
        question = bundled.questions[item.title]
        check_gift_question(bundled, item, question)
        assert item.idnumber == question.id
        assert item.tags == [moodle_tag(kind, value) for kind, value in question_tags(bundled, question)]
        module = bundled.modules.get(question.module or "")
        if module:
            assert f"track:{module.track}" in item.tags and f"module:{module.id}" in item.tags
        assert f"kp:{question.point.strip()}" in item.tags
    categories = re.findall(r"^\$CATEGORY: (.+)$", text, flags=re.M)
    assert categories == sorted(f"govtui/{b}" for b in {q.bank for q in bundled.questions.values()})
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.splitlines())
    counts = by_type(bundled)
    joined = "\n".join(notes)
    assert f"排序题 {counts['order']} 道" in joined and f"多选题 {counts['multiple']} 道" in joined


def test_gift_special_characters_round_trip(special: Course) -> None:
    text, notes = export_bank(special, "gift")
    parsed = {p.title: p for p in parse_gift(text)}
    assert set(parsed) == set(special.questions)
    for qid in ("zz-single", "zz-multiple", "zz-truefalse", "zz-fill", "zz-fill-end", "zz-order"):
        check_gift_question(special, parsed[qid], special.questions[qid])
    single = parsed["zz-single"]
    assert single.before == "a{b}c=d~e#f:g"
    assert "a\\{b\\}c\\=d\\~e\\#f\\:g{" in text
    assert single.answers[2].text == "[html]丙#4:5"  # a leading "[" is protected by [moodle]
    assert single.answers[3].text == "%50%丁\\6" and single.answers[3].weight == 0
    assert "解析含 {特殊} 字符：=~#\n第二行" in single.feedback
    fill = parsed["zz-fill"]
    assert (fill.before, fill.after) == ("前面{1}=~", "后面#:2")
    assert [a.text for a in fill.answers] == ["a:b", "c#d\\*", "e→f"]
    assert parsed["zz-fill-end"].before == "空在最后：____"
    joined = "\n".join(notes)
    assert "转义" in joined and "→" in joined and "\\*" in joined and "[moodle]" in joined


# -- Aiken ---------------------------------------------------------------------------------

AIKEN_OPTION = re.compile(r"([A-Z])\. (\S.*)")
AIKEN_ANSWER = re.compile(r"ANSWER: ([A-Z])")


def parse_aiken(text: str) -> list[tuple[str, list[str], str]]:
    assert text.endswith("\n") and not text.endswith("\n\n")
    blocks = []
    for block in text[:-1].split("\n\n"):
        lines = block.split("\n")
        assert len(lines) >= 4, block  # question, at least two options, answer
        stem, *option_lines, answer_line = lines
        assert stem.strip() == stem and stem
        assert not re.match(r"^([A-Z][).]|ANSWER\s*:)", stem)  # Moodle: "A." starts an option
        options = []
        for expected, line in zip(LETTERS, option_lines, strict=False):
            match = AIKEN_OPTION.fullmatch(line)
            assert match and match.group(1) == expected, line
            assert match.group(2) == match.group(2).strip()
            options.append(match.group(2))
        answer = AIKEN_ANSWER.fullmatch(answer_line)
        assert answer, answer_line
        assert answer.group(1) in LETTERS[: len(options)]
        blocks.append((stem, options, answer.group(1)))
    return blocks


def test_aiken_grammar_and_counts(bundled: Course) -> None:
    text, notes = export_bank(bundled, "aiken")
    blocks = parse_aiken(text)
    counts = by_type(bundled)
    assert len(blocks) == counts["single"] + counts["truefalse"]
    expected = sorted(
        (q for q in bundled.questions.values() if q.type in ("single", "truefalse")), key=lambda q: q.id
    )
    for (stem, options, letter), question in zip(blocks, expected, strict=True):
        assert stem == " ".join(question.stem.split()) or stem == question.stem.strip()
        if question.type == "single":
            assert options == question.choices and letter == question.answer
        else:
            assert options == ["正确", "错误"] and letter == ("A" if question.answer else "B")
    skipped = counts["multiple"] + counts["fill"] + counts["order"]
    joined = "\n".join(notes)
    assert f"跳过 {skipped} 道" in joined
    for qtype, name in (("multiple", "多选题"), ("fill", "填空题"), ("order", "排序题")):
        assert f"{name} {counts[qtype]} 道" in joined


def test_aiken_flattens_line_breaks(special: Course) -> None:
    question = special.questions["zz-single"]
    special.questions["zz-single"] = dataclasses.replace(question, stem="第一行\n第二行")
    text, notes = export_bank(special, "aiken")
    blocks = parse_aiken(text)
    assert ("第一行 第二行", question.choices, question.answer) in blocks
    assert any("换行" in note for note in notes)


def test_aiken_guards_stems_that_look_like_options(special: Course) -> None:
    question = special.questions["zz-single"]
    for stem in ("A.B级信息的公开期限是？", "C)项", "ANSWER : 先看这里"):
        special.questions["zz-single"] = dataclasses.replace(question, stem=stem)
        text, notes = export_bank(special, "aiken")
        blocks = parse_aiken(text)
        assert ("题目：" + stem, question.choices, question.answer) in blocks
        assert any("题目：" in note for note in notes)


def test_gift_ids_and_tags_survive_brackets(special: Course) -> None:
    question = special.questions["zz-single"]
    special.questions["zz-single"] = dataclasses.replace(question, point="第[一]类, 公开 <b>`x`")
    text, _ = export_bank(special, "gift")
    parsed = {p.title: p for p in parse_gift(text)}["zz-single"]
    assert parsed.idnumber == "zz-single"
    assert "kp:第[一]类， 公开 bx" in parsed.tags
