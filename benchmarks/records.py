"""Roll-up of learner records at the report's own scale (1.5万人次), against plain `json.load`.

Builds synthetic learners spread over the 41 district-level units (and a few municipal
departments), exports each as a learner record JSON file, then measures in the same run:

- files: `govtui aggregate` over the folder (read, verify checksum, roll up) vs. `json.load` of
  every file into a list; interleaved rounds, ratio of medians; peak memory with tracemalloc,
  one run each;
- LRS (if Ralph is installed, smaller count): the same learners' statements sent to a local Ralph
  LRS, then the roll-up pulled back from it, vs. `json.load` of the same learners' files.

    python benchmarks/records.py [--count 15000] [--lrs-count 200] [--rounds 3]   (0 skips a part)
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from govtui.core import clock
from govtui.core.course import open_course
from govtui.core.paths import bundled_course_dir
from govtui.core.progress import ExamAttempt, Profile, QuizAttempt, profile_id_for
from govtui.core.records.record import build_record, record_json
from govtui.core.records.rollup import DISTRICT_KINDS, collect_files, collect_statements, rollup

START = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)


def synthetic_profile(course, rng: random.Random, n: int, units: list[str], quiz_questions: dict[str, list[str]]) -> Profile:
    name = f"学员{n:05d}"
    profile = Profile(profile_id_for(name), name, units[n % len(units)], clock.stamp(START))
    modules = rng.sample(list(course.modules), rng.randint(1, 12))
    for index, module_id in enumerate(modules):
        at = START + timedelta(days=index, minutes=n % 600)
        progress = profile.module(module_id)
        progress.read_at = clock.stamp(at)
        progress.study_seconds = rng.randint(300, 2400)
        questions = quiz_questions.get(module_id, [])[:8]
        if questions:
            answers = {q: rng.random() < 0.8 for q in questions}
            attempt = QuizAttempt(module_id, clock.stamp(at + timedelta(minutes=30)), sum(answers.values()), len(answers), answers)
            profile.record_attempt(attempt, course.pass_mark)
    if rng.random() < 0.5:
        blueprint = course.blueprints[0]
        qids = rng.sample(list(course.questions), 20)
        answers = {q: rng.random() < 0.75 for q in qids}
        score = 5 * sum(answers.values())
        profile.exams.append(ExamAttempt(blueprint.id, clock.stamp(START + timedelta(days=20)), score,
                                         blueprint.pass_score, 1800, False, answers, {}))
    return profile


def build_files(course, folder: Path, count: int, seed: int = 7) -> list[Profile]:
    rng = random.Random(seed)
    district = [u.id for u in course.units if u.kind in DISTRICT_KINDS]
    departments = [u.id for u in course.units if u.kind == "department"][:5]
    units = district * 3 + departments  # mostly the 41 district-level units
    quiz_questions: dict[str, list[str]] = {}
    for question in course.questions.values():
        if question.module:
            quiz_questions.setdefault(question.module, []).append(question.id)
    profiles = []
    folder.mkdir(parents=True, exist_ok=True)
    with clock.frozen(START + timedelta(days=30)):
        for n in range(count):
            profile = synthetic_profile(course, rng, n, units, quiz_questions)
            (folder / f"{profile.id}.json").write_text(record_json(build_record(course, profile)), encoding="utf-8")
            profiles.append(profile)
    return profiles


def plain_json(folder: Path) -> int:
    """The baseline: every file read with json.load and kept, as any roll-up must see them all."""
    documents = []
    for path in sorted(folder.glob("*.json")):
        with open(path, encoding="utf-8") as handle:
            documents.append(json.load(handle))
    return len(documents)


def govtui_files(course, folder: Path) -> int:
    return rollup(course, collect_files([folder]))["report"]["learners"]


def timed(fn, *args) -> float:
    gc.collect()
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def peak(fn, *args) -> int:
    gc.collect()
    tracemalloc.start()
    fn(*args)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def compare(label: str, ours, base, rounds: int) -> None:
    ours_t, base_t = [], []
    for _ in range(rounds):  # interleaved, so machine noise hits both alike
        base_t.append(timed(base))
        ours_t.append(timed(ours))
    ours_m, base_m = peak(ours), peak(base)
    t_ours, t_base = statistics.median(ours_t), statistics.median(base_t)
    print(f"{label}")
    print(f"  time  : govtui {t_ours:7.2f} s   json.load {t_base:7.2f} s   ratio {t_ours / t_base:5.2f}x")
    print(f"  memory: govtui {ours_m / 2**20:7.1f} MiB json.load {base_m / 2**20:7.1f} MiB ratio {ours_m / base_m:5.2f}x")


def lrs_part(course, profiles: list[Profile], folder: Path, rounds: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    try:
        from lrs_fixture import PASSWORD, USER, RalphLrs, _ralph
    except ImportError:
        print("LRS: skipped (tests/lrs_fixture.py not importable)")
        return
    executable = _ralph()
    if executable is None:
        print("LRS: skipped (Ralph not installed: pip install -e '.[test]')")
        return
    from govtui.core.records.lrs import LrsClient, LrsConfig, SyncState, sync_statements
    from govtui.core.records.xapi import build_statements

    with tempfile.TemporaryDirectory() as tmp:
        lrs = RalphLrs(executable, Path(tmp) / "ralph")
        lrs.create_user()
        lrs.start()
        try:
            client = LrsClient(LrsConfig(lrs.url, USER, PASSWORD, batch_size=500))
            statements = 0
            started = time.perf_counter()
            for profile in profiles:
                batch = build_statements(course, profile)
                statements += len(batch)
                result = sync_statements(client, SyncState(Path(tmp) / "data", profile.id), batch)
                assert result.error is None, result.error
            sent = time.perf_counter() - started
            print(f"LRS: {len(profiles)} learners, {statements} statements sent in {sent:.1f} s")

            def from_lrs() -> int:
                return rollup(course, collect_statements(client.statements(), lrs.url))["report"]["learners"]

            assert from_lrs() == govtui_files(course, folder)
            compare(f"roll-up of {len(profiles)} learners from the LRS vs json.load of their files",
                    from_lrs, lambda: plain_json(folder), rounds)
        finally:
            lrs.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=15000)
    parser.add_argument("--lrs-count", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    course = open_course(bundled_course_dir())
    with tempfile.TemporaryDirectory() as tmp:
        if args.count:
            files_part(course, Path(tmp) / "records", args.count, args.rounds)
        if args.lrs_count:
            small = Path(tmp) / "small"
            profiles = build_files(course, small, args.lrs_count, seed=11)
            lrs_part(course, profiles, small, args.rounds)


def files_part(course, folder: Path, count: int, rounds: int) -> None:
    started = time.perf_counter()
    build_files(course, folder, count)
    size = sum(p.stat().st_size for p in folder.glob("*.json"))
    print(f"built {count} learner records ({size / 2**20:.1f} MiB) in {time.perf_counter() - started:.1f} s")
    assert govtui_files(course, folder) == count
    compare(f"roll-up of {count} record files vs json.load of the same files",
            lambda: govtui_files(course, folder), lambda: plain_json(folder), rounds)


if __name__ == "__main__":
    main()
