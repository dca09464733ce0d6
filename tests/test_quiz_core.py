from __future__ import annotations

import random
from pathlib import Path

from govtui.core.model import Question
from govtui.core.quiz import QuizSession, answer_text, display_order, grade, response_text


def make(qtype: str, **kw) -> Question:
    defaults = dict(
        id=f"t-{qtype}", type=qtype, stem="题干 ____", explanation="解析", sources=["reg:1"], point="点",
        difficulty=1, choices=[], answer=None, items=[], bank="b", module="m", path=Path("b.toml"), line=1,
    )
    defaults.update(kw)
    return Question(**defaults)


def test_grade_every_type() -> None:
    single = make("single", choices=["甲", "乙", "丙"], answer="B")
    assert grade(single, 1) and not grade(single, 0)
    multiple = make("multiple", choices=["甲", "乙", "丙"], answer=frozenset({"A", "C"}))
    assert grade(multiple, frozenset({0, 2}))
    assert not grade(multiple, frozenset({0})) and not grade(multiple, frozenset({0, 1, 2}))
    truefalse = make("truefalse", answer=False)
    assert grade(truefalse, False) and not grade(truefalse, True)
    fill = make("fill", answer=("20", "二十"))
    assert grade(fill, "20") and grade(fill, " ２０ ") and grade(fill, "二十") and not grade(fill, "15")
    order = make("order", items=["一", "二", "三"], answer=(0, 1, 2))
    assert grade(order, (0, 1, 2)) and not grade(order, (1, 0, 2))


def test_answer_text_uses_the_letters_the_learner_saw() -> None:
    single = make("single", choices=["甲", "乙", "丙"], answer="B")
    assert answer_text(single) == "B．乙"
    assert answer_text(single, [1, 2, 0]) == "A．乙"
    assert response_text(single, 0, [1, 2, 0]) == "C．甲"
    multiple = make("multiple", choices=["甲", "乙", "丙"], answer=frozenset({"A", "C"}))
    assert answer_text(multiple, [2, 1, 0]) == "A．丙；C．甲"


def test_order_questions_are_never_shown_in_order() -> None:
    order = make("order", items=["一", "二", "三"], answer=(0, 1, 2))
    for seed in range(50):
        assert display_order(order, random.Random(seed)) != [0, 1, 2]


def test_session_scores_each_question_once() -> None:
    questions = [make("truefalse", id=f"q{i}", answer=True) for i in range(4)]
    session = QuizSession("m", questions, random.Random(1))
    assert session.answer(True)
    assert session.answer(False)  # a second answer to the same question does not change the grade
    session.advance()
    session.answer(False)
    session.advance()
    session.answer(True)
    session.advance()
    session.answer(True)
    session.advance()
    assert session.finished
    attempt = session.attempt()
    assert (attempt.correct, attempt.total, attempt.score) == (3, 4, 75)
