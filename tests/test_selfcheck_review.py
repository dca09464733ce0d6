"""Choosing review questions for self-check gaps: most relevant first, per gap and in total."""

from __future__ import annotations

from pathlib import Path

from govtui.core.model import Question
from govtui.core.selfcheck import CheckItem
from govtui.core.selfcheck_review import pick_review_questions


def question(qid: str, module: str, sources: list[str]) -> Question:
    return Question(qid, "single", "题干", "解析", sources, "", 1, ["甲", "乙"], "A", [], "bank", module, Path("x"), 1)


def item(iid: str, modules: tuple[str, ...], basis: tuple[str, ...]) -> CheckItem:
    return CheckItem(iid, "area", "评估点", "方法", basis, 3, "整改", modules, ("township",))


def test_basis_citing_questions_come_first_and_each_gap_is_capped() -> None:
    questions = [question(f"q{n}", "m1", ["reg:9"]) for n in range(6)] + [question("q-basis", "m1", ["reg:33"])]
    pick = pick_review_questions([item("a", ("m1",), ("reg:33",))], questions, per_gap=3, total=30)
    assert pick.chosen[0] == "q-basis" and len(pick.chosen) == 3 and pick.left_out == 4


def test_notebook_questions_before_others_and_total_cap_across_gaps() -> None:
    questions = [question(f"a{n}", "m1", []) for n in range(5)] + [question(f"b{n}", "m2", []) for n in range(5)]
    gaps = [item("x", ("m1",), ()), item("y", ("m2",), ())]
    pick = pick_review_questions(gaps, questions, weak={"a4"}, per_gap=4, total=6)
    assert pick.chosen[:4] == ["a4", "a0", "a1", "a2"]
    assert pick.chosen[4:] == ["b0", "b1"] and pick.left_out == 4 and pick.gaps_covered == 2


def test_a_question_shared_by_two_gaps_is_chosen_once() -> None:
    questions = [question("shared", "m1", []), question("other", "m1", [])]
    pick = pick_review_questions([item("x", ("m1",), ()), item("y", ("m1",), ())], questions, per_gap=1)
    assert pick.chosen == ["shared", "other"] and pick.left_out == 0
