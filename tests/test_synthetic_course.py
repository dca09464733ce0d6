"""The synthetic course of benchmarks/run.py (50x today's) still loads and validates.

Not a timing test: it keeps the generator from rotting as the course format changes, and shows
the loader and `govtui check` cope with 1,500 modules and ~20,000 questions.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from govtui.core.check import check_course
from govtui.core.course import open_course

REPO = Path(__file__).resolve().parent.parent


def _synthetic():
    spec = importlib.util.spec_from_file_location("synthetic", REPO / "benchmarks" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fifty_times_course_loads_and_validates(tmp_path: Path, bundled) -> None:
    root = _synthetic().make_course(tmp_path / "x50", 50)
    course = open_course(root)
    result = check_course(course)
    assert result.problems == []
    assert len(course.modules) == 50 * len(bundled.modules)
    assert len(course.questions) == 50 * len(bundled.questions)
    assert result.counts["questions"] >= 19_000
    copy = course.modules["reg-scope-x050"]
    assert copy.track == bundled.modules["reg-scope"].track
    assert copy.body() == bundled.modules["reg-scope"].body()


def test_learner_has_two_years_of_answers(bundled) -> None:
    synthetic = _synthetic()
    ids = list(bundled.questions)
    learner = synthetic.make_learner(ids, {q.id: q.module or "" for q in bundled.questions.values()},
                                     answers=1_500, cards=300)
    assert sum(r.right + r.wrong for r in learner.questions.values()) == 1_500
    assert len(learner.questions) == 300
    assert all(r.card is not None for r in learner.questions.values())
    assert len(learner.attempts) == 100
