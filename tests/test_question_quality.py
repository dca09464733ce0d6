"""Question quality: option length gives no hint, and questions about the course's own sources stay out of exams."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from govtui.cli import main
from govtui.core.check import check_course
from govtui.core.course import open_course
from govtui.core.exam import compose_paper, eligible
from govtui.core.option_length import (
    LONGEST_OPTION_THRESHOLD,
    BankOptionLengths,
    correct_is_unique_longest,
    course_share_too_low,
)

COURSE_SCOPE = {"rpa-008", "rpa-009", "n-038", "g41-fee-011"}

SYNTHETIC_BANK = '''schema = 1
topic = "合成题库"
{questions}
'''
SYNTHETIC_QUESTION = '''
[[questions]]
id = "{id}"
type = "single"
stem = "依《条例》第三十三条，行政机关收到申请后能够当场答复的，应当如何处理？"
choices = [{choices}]
answer = "A"
explanation = "第三十三条第一款：能够当场答复的，应当当场予以答复。"
sources = ["reg:33"]
point = "当场答复"
difficulty = 1
'''
LONG_CORRECT = '"能够当场答复的，应当当场予以答复", "一律书面答复", "转交上级机关", "不予答复"'
SHORT_CORRECT = '"应当当场答复", "一律在二十个工作日内书面答复", "转交上级机关处理", "告知申请人另行申请"'


def write_bank(root: Path, name: str, kinds: list[str]) -> Path:
    questions = "".join(
        SYNTHETIC_QUESTION.format(id=f"zz-{index}", choices=LONG_CORRECT if kind == "long" else SHORT_CORRECT)
        for index, kind in enumerate(kinds)
    )
    path = root / "quizzes" / f"{name}.toml"
    path.write_text(SYNTHETIC_BANK.format(questions=questions), encoding="utf-8")
    return path


def test_no_bank_of_the_course_gives_the_answer_away_by_length(bundled) -> None:
    result = check_course(bundled)
    assert result.warnings == []
    banks = {b.bank: b for b in result.option_lengths}
    assert len(banks) >= 30
    assert all(b.share <= LONGEST_OPTION_THRESHOLD for b in banks.values()), {
        b.bank: b.longest for b in banks.values() if b.over_threshold
    }
    # The whole course sits near chance (a quarter with four options): not just under the per-bank
    # line, and not so far below it that the longest option can be struck out instead.
    single = sum(b.single for b in banks.values())
    assert 0.15 <= sum(len(b.longest) for b in banks.values()) / single <= 0.25


def test_a_course_whose_longest_option_is_never_right_is_warned_too() -> None:
    banks = [BankOptionLengths(f"bank-{i}", Path(f"bank-{i}.toml"), 10, ()) for i in range(4)]
    assert course_share_too_low(banks)
    banks[0] = BankOptionLengths("bank-0", Path("bank-0.toml"), 10, ("a", "b", "c", "d"))
    assert not course_share_too_low(banks)
    assert not course_share_too_low(banks[1:2])  # too few questions to judge


def test_a_bank_with_a_length_tell_is_a_warning_naming_file_and_bank(course_copy: Path) -> None:
    path = write_bank(course_copy, "zz-synthetic", ["long", "long", "short", "short"])
    result = check_course(open_course(course_copy))
    assert result.ok  # a warning, not an error: the course still works
    [warning] = [w for w in result.warnings if "zz-synthetic" in w.message]
    assert warning.path == path
    assert "zz-synthetic" in warning.message and "2 道（50%）" in warning.message
    assert "zz-0、zz-1" in warning.message
    bank = next(b for b in result.option_lengths if b.bank == "zz-synthetic")
    assert (bank.single, bank.longest, bank.over_threshold) == (4, ("zz-0", "zz-1"), True)


def test_at_the_threshold_is_no_warning(course_copy: Path) -> None:
    path = write_bank(course_copy, "zz-synthetic", ["long", "short", "short"])  # 33% <= 35%
    result = check_course(open_course(course_copy))
    assert not [w for w in result.warnings if w.path == path]
    bank = next(b for b in result.option_lengths if b.bank == "zz-synthetic")
    assert (len(bank.longest), bank.single, bank.over_threshold) == (1, 3, False)


def test_check_reports_the_share_per_bank_in_text_and_json(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_bank(course_copy, "zz-synthetic", ["long", "long", "short"])
    assert main(["check", "--course", str(course_copy), "--json"]) == 0
    captured = capsys.readouterr()
    payload = json.loads(captured.out)
    assert "警告：" in captured.err and "zz-synthetic" in captured.err
    assert payload["ok"] is True and len(payload["warnings"]) >= 1
    assert any("zz-synthetic" in w["file"] for w in payload["warnings"])
    banks = {b["bank"]: b for b in payload["banks"]}
    synthetic = banks["zz-synthetic"]
    assert synthetic == {
        "file": "quizzes/zz-synthetic.toml", "bank": "zz-synthetic", "single": 3, "longest": 2, "share": 0.667,
        "longest_correct_share": 0.667, "over_threshold": True, "questions": ["zz-0", "zz-1"],
    }
    assert all(b["over_threshold"] is (b["share"] > LONGEST_OPTION_THRESHOLD) for b in banks.values())

    assert main(["check", "--course", str(course_copy)]) == 0
    out = capsys.readouterr().out
    assert "zz-synthetic 2/3（67%） !" in out and "reg-ch4-application " in out
    assert "个警告（见上方，不影响校验结果）" in out and "校验通过" in out


def test_only_single_choice_with_a_strictly_longest_correct_option_counts(bundled) -> None:
    question = next(q for q in bundled.questions.values() if q.type == "single" and len(q.choices) == 4)
    correct = "ABCD".index(question.answer)
    tie = ["甲" * 5] * 4
    assert not correct_is_unique_longest(replace(question, choices=tie))  # a tie is no tell by itself
    longer = [("丙" * 9 if i == correct else "甲" * 5) for i in range(4)]
    assert correct_is_unique_longest(replace(question, choices=longer))
    assert not correct_is_unique_longest(replace(question, type="multiple", choices=longer))


def test_questions_about_the_course_sources_are_never_in_an_exam(bundled) -> None:
    questions = list(bundled.questions.values())
    marked = {q.id for q in questions if not q.exam}
    assert marked == COURSE_SCOPE
    # Every question that asks about "本课程" itself is of this kind.
    assert {q.id for q in questions if "本课程" in q.stem} <= marked
    track_of = {m.id: m.track for m in bundled.modules.values()}
    assert bundled.blueprints
    for blueprint in bundled.blueprints:
        for section in blueprint.sections:
            assert not {q.id for q in eligible(section, questions, track_of)} & COURSE_SCOPE
        for seed in range(50):
            paper = compose_paper(blueprint, questions, track_of, random.Random(seed))
            assert not {q.id for q, _ in paper} & COURSE_SCOPE
    # They still belong to their module quizzes (practice and review).
    assert {bundled.questions[i].module for i in COURSE_SCOPE} >= {"report-overview"}


def test_exam_field_must_be_a_boolean(course_copy: Path) -> None:
    bank = course_copy / "quizzes" / "reg-ch1-general.toml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text.replace("difficulty = ", 'exam = "no"\ndifficulty = ', 1), encoding="utf-8")
    result = check_course(open_course(course_copy))
    assert any("exam 应为 true 或 false" in str(p) for p in result.problems)
