"""Learners with history for record, LRS and roll-up tests, made through the progress model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from govtui.core import clock
from govtui.core.course import Course
from govtui.core.progress import ExamAttempt, Profile, ProgressStore, QuizAttempt

START = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


def study(course: Course, profile: Profile, module_index: int, *, minutes: int, passed: bool, at: datetime) -> None:
    """Read a module for `minutes`, then take its quiz (right or wrong on every question)."""
    module_id = list(course.modules)[module_index]
    questions = course.module_questions(module_id)[:5]
    with clock.frozen(at):
        profile.mark_read(module_id)
        profile.add_study_time(module_id, minutes * 60)
    if not questions:
        return
    answers = {q.id: passed or i == 0 for i, q in enumerate(questions)}
    stamp = clock.stamp(at + timedelta(minutes=minutes))
    correct = sum(answers.values())
    profile.record_attempt(QuizAttempt(module_id, stamp, correct, len(answers), answers), course.pass_mark)
    for qid, ok in answers.items():
        profile.record_answer(qid, ok, course.notebook_clear_after, at + timedelta(minutes=minutes))


def sit_exam(course: Course, profile: Profile, score: int, at: datetime) -> None:
    blueprint = course.blueprints[0]
    qids = list(course.questions)[:4]
    answers = {qid: i < 2 or score >= 80 for i, qid in enumerate(qids)}
    profile.exams.append(
        ExamAttempt(blueprint.id, clock.stamp(at), score, blueprint.pass_score, 1500, False, answers, {})
    )
    for qid, ok in answers.items():
        profile.record_answer(qid, ok, course.notebook_clear_after, at)


def make_learner(course: Course, data_dir: Path, name: str, unit: str | None, lessons: int, seed: int = 0) -> Profile:
    """A saved learner who studied `lessons` modules (every other quiz failed) and sat one exam."""
    store = ProgressStore(data_dir)
    with clock.frozen(START):
        profile = store.create(name, unit)
    for n in range(lessons):
        at = START + timedelta(days=n, hours=seed)
        study(course, profile, (n + seed) % len(course.modules), minutes=10 + 5 * n, passed=n % 2 == 0, at=at)
    if lessons:
        sit_exam(course, profile, 90 if seed % 2 == 0 else 60, START + timedelta(days=lessons, hours=seed))
    store.save(profile)
    return profile


LATER_STUDY = START + timedelta(days=40)
