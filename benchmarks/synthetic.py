"""A synthetic course N times today's size, and a learner with two years of answers.

The course is the bundled one copied, with every module and question bank repeated `factor - 1`
more times under new ids (`reg-scope-x002`, `reg1-030-x002`): same text, same sources, so it
validates exactly as the real course does and parsing costs what real content costs.

The learner answers 15,000 questions over two years (about 4,000 distinct questions, so about
4,000 FSRS cards), in module quizzes of 15, with reading time on most days.

    python benchmarks/synthetic.py OUT_DIR [--factor 50]      (writes OUT_DIR/content, OUT_DIR/quizzes)
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from govtui.core import clock
from govtui.core.paths import bundled_course_dir
from govtui.core.progress import Profile, QuizAttempt, profile_id_for

_FRONT_ID = re.compile(r'^id = "([^"]+)"$', re.MULTILINE)
_FRONT_TITLE = re.compile(r'^title = "([^"]*)"$', re.MULTILINE)
_FRONT_ORDER = re.compile(r"^order = (\d+)$", re.MULTILINE)
_BANK_MODULE = re.compile(r'^module = "([^"]+)"$', re.MULTILINE)


def copy_name(name: str, copy: int) -> str:
    return f"{name}-x{copy:03d}"


def make_course(out: Path, factor: int, source: Path | None = None) -> Path:
    """Write a course `factor` times the bundled one into `out` (created); returns `out`."""
    source = source or bundled_course_dir()
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "content", out / "content", dirs_exist_ok=True)
    shutil.copytree(source / "quizzes", out / "quizzes", dirs_exist_ok=True)
    modules = sorted((out / "content" / "modules").rglob("*.md"))
    banks = sorted((out / "quizzes").glob("*.toml"))
    for copy in range(2, factor + 1):
        for path in modules:
            text = path.read_text(encoding="utf-8")
            front_end = text.index("+++", 3)
            front, body = text[:front_end], text[front_end:]
            front = _FRONT_ID.sub(lambda m, copy=copy: f'id = "{copy_name(m.group(1), copy)}"', front, count=1)
            front = _FRONT_TITLE.sub(lambda m, copy=copy: f'title = "{m.group(1)}（副本 {copy}）"', front, count=1)
            front = _FRONT_ORDER.sub(lambda m, copy=copy: f"order = {int(m.group(1)) + copy * 10_000}", front, count=1)
            (path.parent / f"{copy_name(path.stem, copy)}.md").write_text(front + body, encoding="utf-8")
        for path in banks:
            text = path.read_text(encoding="utf-8")
            text = _BANK_MODULE.sub(lambda m, copy=copy: f'module = "{copy_name(m.group(1), copy)}"', text, count=1)
            text = _FRONT_ID.sub(lambda m, copy=copy: f'id = "{copy_name(m.group(1), copy)}"', text)
            (path.parent / f"{copy_name(path.stem, copy)}.toml").write_text(text, encoding="utf-8")
    return out


START = datetime(2024, 12, 1, 1, 0, tzinfo=UTC)


def make_learner(
    question_ids: list[str], module_of: dict[str, str], answers: int = 15_000, cards: int = 4_000,
    days: int = 730, seed: int = 7, name: str = "两年学员",
) -> Profile:
    """A learner who answered `answers` questions (spread over `cards` questions) in `days` days."""
    rng = random.Random(seed)
    pool = rng.sample(question_ids, min(cards, len(question_ids)))
    profile = Profile(profile_id_for(name), name, None, clock.stamp(START))
    profile.settings.welcomed_at = clock.stamp(START)
    per_quiz = 15
    quizzes = answers // per_quiz
    for number in range(quizzes):
        at = START + timedelta(days=number * days / quizzes, minutes=rng.randint(0, 600))
        # Every card gets answered once before any is answered again: `cards` distinct questions.
        asked = [pool[(number * per_quiz + i) % len(pool)] for i in range(per_quiz)]
        results = {}
        for index, qid in enumerate(asked):
            correct = rng.random() < 0.8
            profile.record_answer(qid, correct, 3, at + timedelta(seconds=20 * index))
            results[qid] = correct
        module = module_of.get(asked[0], "")
        if module:
            profile.record_attempt(
                QuizAttempt(module, clock.stamp(at), sum(results.values()), len(results), results), 80
            )
            profile.add_study_time(module, rng.randint(300, 1800), at)
    return profile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--factor", type=int, default=50)
    args = parser.parse_args()
    make_course(args.out, args.factor)
    print(f"synthetic course x{args.factor} written to {args.out}")


if __name__ == "__main__":
    main()
