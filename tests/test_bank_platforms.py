"""The bank as other platforms read it: a third-party GIFT parser, Moodle XML, an Anki package."""

from __future__ import annotations

import io
import itertools
import json
import sqlite3
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from govtui.cli import main
from govtui.core import quiz
from govtui.core.bank_export import export_bank, export_bank_bytes
from govtui.core.bank_tags import anki_tag, moodle_tag, question_tags
from govtui.core.course import Course
from govtui.core.questions import LETTERS

# -- GIFT, read by pygiftparser (an independent implementation) ----------------------------


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pygiftparser's own locale call
def test_gift_reads_back_with_pygiftparser(bundled: Course) -> None:
    from pygiftparser import parser

    text, _ = export_bank(bundled, "gift")
    parsed = parser.parseFile(io.StringIO(text))
    assert [q.title for q in parsed] == [q.id for q in sorted(bundled.questions.values(), key=lambda q: (q.bank, q.id))]
    assert all(q.valid for q in parsed)
    kinds = {
        "single": "SelectSet",
        "multiple": "MultipleChoicesSet",
        "truefalse": "TrueFalseSet",
        "fill": "ShortSet",
        "order": "MatchingSet",
    }
    for item in parsed:
        question = bundled.questions[item.title]
        assert type(item.answers).__name__ == kinds[question.type], question.id
        assert f"[id:{question.id}]" in item.full
        for kind, value in question_tags(bundled, question):
            assert f"[tag:{moodle_tag(kind, value).replace(']', chr(92) + ']')}]" in item.full


# -- Moodle XML ------------------------------------------------------------------------------


def _xml_questions(text: str) -> tuple[list[str], dict[str, ET.Element]]:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "quiz"
    categories = []
    questions: dict[str, ET.Element] = {}
    for element in root.findall("question"):
        if element.get("type") == "category":
            categories.append(element.findtext("category/text"))
            continue
        name = element.findtext("name/text")
        assert name and name not in questions
        questions[name] = element
    return categories, questions


def _fractions(element: ET.Element) -> list[float]:
    return [float(a.get("fraction", "nan")) for a in element.findall("answer")]


def test_moodle_xml_keeps_every_question_and_type(bundled: Course) -> None:
    text, notes = export_bank(bundled, "moodlexml")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    categories, questions = _xml_questions(text)
    assert set(questions) == set(bundled.questions)
    assert categories == [f"$course$/top/govtui/{b}" for b in sorted({q.bank for q in bundled.questions.values()})]
    qtypes = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse",
              "fill": "shortanswer", "order": "ordering"}
    for qid, element in questions.items():
        question = bundled.questions[qid]
        assert element.get("type") == qtypes[question.type]
        assert element.findtext("idnumber") == qid
        tags = [t.findtext("text") for t in element.findall("tags/tag")]
        assert tags == [moodle_tag(k, v) for k, v in question_tags(bundled, question)]
        feedback = element.findtext("generalfeedback/text") or ""
        assert "解析" in feedback and "出处" in feedback
        answers = [a.findtext("text") for a in element.findall("answer")]
        fractions = _fractions(element)
        if question.type == "single":
            assert element.findtext("single") == "true"
            assert fractions == [100.0 if letter == question.answer else 0.0 for letter in LETTERS[: len(fractions)]]
        elif question.type == "multiple":
            assert element.findtext("single") == "false"
            right = [f for f, letter in zip(fractions, LETTERS, strict=False) if letter in question.answer]
            assert abs(sum(right) - 100) < 0.01 and all(f > 0 for f in right)
            assert all(f == -100 for f, letter in zip(fractions, LETTERS, strict=False) if letter not in question.answer)
        elif question.type == "truefalse":
            assert answers == ["true", "false"]
            assert fractions == ([100.0, 0.0] if question.answer else [0.0, 100.0])
        elif question.type == "fill":
            assert answers == list(question.answer) and set(fractions) == {100.0}
        else:
            assert element.findtext("gradingtype") == "ALL_OR_NOTHING"
            assert element.findtext("selecttype") == "ALL"
            # qtype_ordering takes the correct order from the order of the answers.
            assert answers == [question.items[i] for i in question.answer]  # type: ignore[attr-defined]
    joined = "\n".join(notes)
    assert "qtype_ordering" in joined and "错选不得分" in joined


def test_moodle_xml_escapes_hostile_text(special: Course) -> None:
    text, _ = export_bank(special, "moodlexml")
    _, questions = _xml_questions(text)
    single = questions["zz-single"]
    assert single.findtext("questiontext/text") == "<p>a{b}c=d~e#f:g</p>"
    order = questions["zz-order"]
    assert [a.findtext("text") for a in order.findall("answer")][1] == "第二步-&gt;x"


def _moodle_grade(fractions: list[float], selected: set[int]) -> float:
    """Moodle multichoice (several answers): sum of chosen fractions, clamped to 0..100 %."""
    return min(1.0, max(0.0, sum(fractions[i] for i in selected) / 100))


def test_multiple_choice_grade_matches_govtui(bundled: Course) -> None:
    _, questions = _xml_questions(export_bank(bundled, "moodlexml")[0])
    checked = 0
    for question in bundled.questions.values():
        if question.type != "multiple":
            continue
        fractions = _fractions(questions[question.id])
        options = range(len(question.choices))
        for size in range(len(question.choices) + 1):
            for chosen in itertools.combinations(options, size):
                moodle = _moodle_grade(fractions, set(chosen))
                ours = quiz.credit(question, frozenset(chosen))  # what a govtui exam gives
                assert ours == quiz.multiple_credit({LETTERS[i] for i in chosen}, question.answer)  # type: ignore[arg-type]
                assert abs(moodle - ours) < 1e-4, (question.id, chosen, moodle, ours)
                checked += 1
    assert checked > 100


# -- Anki ------------------------------------------------------------------------------------


def _collection(data: bytes, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert "collection.anki2" in names
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(tmp_path / "collection.anki2")


def test_apkg_holds_every_question_with_tags(bundled: Course, tmp_path: Path) -> None:
    data, notes = export_bank_bytes(bundled, "apkg")
    db = _collection(data, tmp_path)
    models = json.loads(db.execute("select models from col").fetchone()[0])
    names = sorted(m["name"] for m in models.values())
    assert names == sorted(f"govtui {n}" for n in ("单选题", "多选题", "判断题", "填空题", "排序题"))
    decks = json.loads(db.execute("select decks from col").fetchone()[0])
    deck_names = {d["name"] for d in decks.values()}
    for track in bundled.tracks.values():
        assert any(name.endswith(f"::{track.id} {track.title}") for name in deck_names)
    rows = db.execute("select guid, mid, tags, flds from notes").fetchall()
    assert len(rows) == len(bundled.questions)
    assert len({guid for guid, *_ in rows}) == len(rows)
    model_of = {int(mid): m["name"] for mid, m in models.items()}
    seen = set()
    for _guid, mid, tags, fields in rows:
        qid = fields.split("\x1f")[0]
        question = bundled.questions[qid]
        seen.add(qid)
        assert model_of[mid] == f"govtui {question.type_name}"
        expected = {anki_tag(k, v) for k, v in question_tags(bundled, question)}
        assert set(tags.split()) == expected
        assert all(" " not in tag for tag in expected)
    assert seen == set(bundled.questions)
    cards = db.execute("select count(*) from cards").fetchone()[0]
    assert cards == len(bundled.questions)
    assert any("标签" in note for note in notes)


def test_apkg_notes_keep_their_identity_between_exports(bundled: Course, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _collection(export_bank_bytes(bundled, "apkg")[0], tmp_path / "a")
    second = _collection(export_bank_bytes(bundled, "apkg")[0], tmp_path / "b")
    guids = "select guid from notes order by guid"
    assert first.execute(guids).fetchall() == second.execute(guids).fetchall()
    models = "select models from col"
    assert set(json.loads(first.execute(models).fetchone()[0])) == set(json.loads(second.execute(models).fetchone()[0]))


def test_apkg_ordering_front_is_not_the_answer(bundled: Course, tmp_path: Path) -> None:
    db = _collection(export_bank_bytes(bundled, "apkg")[0], tmp_path)
    for (fields,) in db.execute("select flds from notes"):
        qid, _stem, options, *_ = fields.split("\x1f")
        question = bundled.questions[qid]
        if question.type == "order":
            correct = "".join(f"<li>{question.items[i]}</li>" for i in question.answer)  # type: ignore[attr-defined]
            assert options.count("<li>") == len(question.items) and correct not in options


# -- command line ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "hint"), [("题库.txt", "--format gift"), ("题库.xml", "--format moodlexml"),
                                            ("题库.apkg", "--format apkg"), ("题库", "--format")])
def test_extension_decides_only_for_gift_json_aiken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, hint: str
) -> None:
    out = tmp_path / name
    assert main(["bank", "export", "--out", str(out)]) == 2
    assert hint in capsys.readouterr().err
    assert not out.exists()


def test_cli_writes_moodle_xml_and_apkg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "export", "--format", "moodlexml", "--out", str(tmp_path / "题库.xml")]) == 0
    ET.parse(tmp_path / "题库.xml")
    assert main(["bank", "export", "--format", "apkg", "--out", str(tmp_path / "题库.apkg")]) == 0
    assert zipfile.is_zipfile(tmp_path / "题库.apkg")
    assert main(["bank", "export", "--format", "apkg", "--out", "-"]) == 2
    assert "二进制" in capsys.readouterr().err
