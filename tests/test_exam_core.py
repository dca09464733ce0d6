"""Exam scoring with multiple-choice partial credit, attempts kept for review, and the score breakdown."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w

from govtui.core.exam import ExamBlueprint, ExamPaper, ExamSection, points_text, whole_score
from govtui.core.exam_review import article_keys, by_article, by_point, review_items, wrong_only
from govtui.core.model import Question
from govtui.core.progress import ExamAttempt, ProgressError, ProgressStore
from govtui.core.quiz import credit, grade, multiple_credit


def question(qid: str, qtype: str = "single", answer: object = "A", point: str = "知识点",
             sources: list[str] | None = None, choices: int = 4) -> Question:
    return Question(qid, qtype, f"{qid} 题干", "解析", sources or ["reg:20"], point, 1,
                    [f"选项{n}" for n in range(choices)], answer, [], "bank", None, Path("x"), 1)


# multiple_credit: 少选按比例得分，错选不得分


@pytest.mark.parametrize(
    ("selected", "correct", "expected"),
    [
        ({"A", "B", "C"}, {"A", "B", "C"}, 1.0),  # exactly right
        ({"A", "B"}, {"A", "B", "C"}, 2 / 3),  # one right option missing
        ({"A"}, {"A", "B", "C", "D"}, 0.25),
        ({"A", "B", "E"}, {"A", "B", "C"}, 0.0),  # any wrong option: nothing
        ({"E"}, {"A", "B"}, 0.0),
        (set(), {"A", "B"}, 0.0),  # nothing ticked
        ({"A", "B", "C", "D"}, {"A", "B"}, 0.0),  # ticking everything is not a way to score
        ({0, 2}, {0, 1, 2}, 2 / 3),  # indices work as well as letters
    ],
)
def test_multiple_credit(selected, correct, expected) -> None:
    assert multiple_credit(selected, correct) == pytest.approx(expected)


def test_partial_credit_is_not_a_right_answer() -> None:
    multi = question("m", "multiple", frozenset({"A", "C"}))
    assert credit(multi, frozenset({0})) == 0.5 and not grade(multi, frozenset({0}))
    assert credit(multi, frozenset({0, 2})) == 1.0 and grade(multi, frozenset({0, 2}))
    assert credit(multi, frozenset({0, 1})) == 0.0
    single = question("s")
    assert credit(single, 0) == 1.0 and credit(single, 1) == 0.0


def blueprint() -> ExamBlueprint:
    return ExamBlueprint("bp", "测试考试", 30, 60, (ExamSection("single", 1, 2), ExamSection("multiple", 2, 3)))


def paper() -> ExamPaper:
    items = [
        (question("s1", point="公开主体", sources=["reg:10.1"]), 2),
        (question("m1", "multiple", frozenset({"A", "B", "C"}), point="公开主体", sources=["reg:10", "reg:36"]), 3),
        (question("m2", "multiple", frozenset({"A", "B"}), point="不予公开", sources=["report:s6.2"]), 3),
    ]
    orders = {"s1": [3, 2, 1, 0], "m1": [0, 1, 2, 3], "m2": [1, 0, 2, 3]}
    return ExamPaper(blueprint(), items, orders)


def test_paper_scores_points_times_credit_and_rounds_the_whole_score_down() -> None:
    exam = paper()
    exam.responses = {"s1": 0, "m1": frozenset({0, 1})}  # m2 unanswered
    assert exam.earned() == {"s1": 2.0, "m1": pytest.approx(2.0), "m2": 0.0}
    exam.responses["m1"] = frozenset({0})
    assert exam.points_scored() == pytest.approx(3.0)
    exam.responses["m2"] = frozenset({1})  # half of m2: 1.5
    assert exam.points_scored() == pytest.approx(4.5) and exam.score() == 4
    assert exam.results() == {"s1": True, "m1": False, "m2": False}
    assert whole_score(59.999999999999) == 60 and whole_score(59.5) == 59
    assert points_text(4.5) == "4.5" and points_text(6.0) == "6" and points_text(1 + 2 / 3) == "1.6"


def test_attempt_keeps_what_review_needs_and_survives_a_save(tmp_path: Path) -> None:
    exam = paper()
    exam.responses = {"s1": 0, "m1": frozenset({0})}
    exam.toggle_flag("m2")
    exam.toggle_flag("s1")
    exam.toggle_flag("s1")  # flagged and unflagged again
    attempt = exam.attempt("2026-03-01T23:30:00+00:00", 125, False)
    assert attempt.question_ids == ["s1", "m1", "m2"] and attempt.flags == ["m2"]
    assert attempt.points == {"s1": 2, "m1": 3, "m2": 3} and attempt.earned["m1"] == 1.0
    assert attempt.points_scored == 3.0 and attempt.score == 3
    assert attempt.orders["s1"] == [3, 2, 1, 0]
    assert attempt.responses == {"s1": "D．选项0", "m1": "A．选项0"}  # letters as shown

    store = ProgressStore(tmp_path)
    profile = store.create("张三", None)
    profile.exams.append(attempt)
    store.save(profile)
    again = store.find("张三").exams[0]
    assert again == attempt


def test_old_exam_records_without_review_fields_load_and_review(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    profile = store.create("李四", None)
    profile.exams.append(ExamAttempt("bp", "2026-03-01T23:30:00+00:00", 2, 60, 600, False,
                                     {"s1": True, "m1": False}, {"s1": "D．选项0", "m1": "A．选项0"}))
    store.save(profile)
    data = tomllib.loads(store.path_for(profile.id).read_text(encoding="utf-8"))
    assert set(data["exam_attempts"][0]) == {"blueprint", "at", "score", "pass_score", "seconds", "timed_out",
                                              "answers", "responses"}  # nothing new written when not known
    old = store.find("李四").exams[0]
    assert old.question_ids == [] and old.flags == [] and old.points_scored is None
    questions = {q.id: q for q, _ in paper().items}
    items = review_items(old, questions, blueprint())
    assert [i.question_id for i in items] == ["s1", "m1"]  # the order the answers were written in
    assert [(i.points, i.earned) for i in items] == [(2, 2.0), (3, 0.0)]  # points from the blueprint
    assert items[0].order is None and not items[1].partial


def test_unknown_keys_in_an_exam_attempt_survive_a_save(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    profile = store.create("王五", None)
    profile.exams.append(paper().attempt("2026-03-01T23:30:00+00:00", 60, False))
    store.save(profile)
    path = store.path_for(profile.id)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["exam_attempts"][0]["proctor"] = "机房 3"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    loaded = store.find("王五")
    store.save(loaded)
    saved = tomllib.loads(path.read_text(encoding="utf-8"))["exam_attempts"][0]
    assert saved["proctor"] == "机房 3"
    assert saved["questions"] == ["s1", "m1", "m2"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("earned", {"s1": 5.0}, "得分大于该题分值"),
        ("orders", {"s1": [0, 0, 1, 2]}, "排列"),
        ("points_scored", 101.0, "points_scored"),
    ],
)
def test_inconsistent_review_fields_are_reported(tmp_path: Path, key, value, message) -> None:
    store = ProgressStore(tmp_path)
    profile = store.create("赵六", None)
    profile.exams.append(paper().attempt("2026-03-01T23:30:00+00:00", 60, False))
    store.save(profile)
    path = store.path_for(profile.id)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["exam_attempts"][0][key] = value
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    with pytest.raises(ProgressError, match=message):
        store.find("赵六")


# Review: wrong only, and the breakdown by knowledge point and by article


def test_wrong_only_keeps_wrong_partial_and_unanswered() -> None:
    exam = paper()
    exam.responses = {"s1": 0, "m1": frozenset({0})}
    items = review_items(exam.attempt("2026-03-01T23:30:00+00:00", 60, False), {q.id: q for q, _ in exam.items})
    wrong = wrong_only(items)
    assert [i.question_id for i in wrong] == ["m1", "m2"]
    assert wrong[0].partial and wrong[0].answered and not wrong[1].answered


def test_breakdown_by_knowledge_point_and_by_article() -> None:
    exam = paper()
    exam.responses = {"s1": 0, "m1": frozenset({0}), "m2": frozenset({2})}  # right, 1/3, wrong option
    items = review_items(exam.attempt("2026-03-01T23:30:00+00:00", 60, False), {q.id: q for q, _ in exam.items})

    points = {row.key: (row.earned, row.possible, row.right, row.total) for row in by_point(items)}
    assert points == {"公开主体": (pytest.approx(3.0), 5, 1, 2), "不予公开": (0.0, 3, 0, 1)}
    assert [row.key for row in by_point(items)] == ["不予公开", "公开主体"]  # most points lost first

    articles = {row.key: (row.earned, row.possible, row.right, row.total) for row in by_article(items)}
    # reg:10.1 counts under article 10; a question citing two articles counts under both.
    assert articles == {
        "reg:10": (pytest.approx(3.0), 5, 1, 2),
        "reg:36": (pytest.approx(1.0), 3, 0, 1),
        "report:s6": (0.0, 3, 0, 1),
    }


def test_breakdown_leaves_out_questions_no_longer_in_the_bank() -> None:
    exam = paper()
    exam.responses = {"s1": 0}
    attempt = exam.attempt("2026-03-01T23:30:00+00:00", 60, False)
    items = review_items(attempt, {"s1": exam.items[0][0]})
    assert items[1].question is None and [row.key for row in by_point(items)] == ["公开主体"]


def test_article_keys() -> None:
    q = question("x", sources=["reg:50.1.4", "reg:50.2", "report:s6.6", "ref:fee-measures", "bad"])
    assert article_keys(q) == ["reg:50", "reg:50", "report:s6", "ref:fee-measures"]
