"""Learner progress (学习记录): one TOML file per profile under the data dir.

Several learners can share a terminal, so each profile is its own file, named by a stable id
derived from the learner's name. Files carry a schema version; a file that cannot be read is moved
aside (never overwritten) and reported.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import tomli_w

from govtui.core import clock
from govtui.core.atomic import atomic_write_text, set_aside

SCHEMA_VERSION = 1
PROFILE_DIR = "profiles"


def now_iso() -> str:
    """The current instant as stored in records (UTC; see core/clock.py)."""
    return clock.now_stamp()


def profile_id_for(name: str) -> str:
    """A stable, filesystem-safe id for a learner name (names are often Chinese)."""
    return "p-" + hashlib.sha1(name.strip().encode("utf-8")).hexdigest()[:12]


@dataclass(slots=True)
class QuizAttempt:
    """One finished module quiz."""

    module_id: str
    at: str
    correct: int
    total: int
    answers: dict[str, bool] = field(default_factory=dict)

    @property
    def score(self) -> int:
        """Percentage, rounded down so that 79.9 never passes an 80 mark."""
        return (100 * self.correct) // self.total if self.total else 0


@dataclass(slots=True)
class ModuleProgress:
    read_at: str | None = None
    study_seconds: int = 0
    best_score: int | None = None
    last_score: int | None = None
    attempts: int = 0
    passed: bool = False

    @property
    def read(self) -> bool:
        return self.read_at is not None


@dataclass(slots=True)
class QuestionRecord:
    """What a learner has done with one question: counts, 错题本 state, FSRS card."""

    right: int = 0
    wrong: int = 0
    streak: int = 0
    first_wrong_at: str | None = None
    last_wrong_at: str | None = None
    in_notebook: bool = False
    card: dict[str, Any] | None = None


@dataclass(slots=True)
class ExamAttempt:
    """One mock exam (模拟考试): the paper drawn, the answers, the score."""

    blueprint_id: str
    at: str
    score: int
    pass_score: int
    seconds: int
    timed_out: bool
    answers: dict[str, bool] = field(default_factory=dict)
    responses: dict[str, str] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.score >= self.pass_score


@dataclass(slots=True)
class LearnerSettings:
    """Per-learner interface choices: the theme, and when the first-run welcome was seen.

    Stored as an optional `[settings]` table: files without it read as defaults, so adding it
    needed no schema version change.
    """

    theme: str | None = None
    welcomed_at: str | None = None


@dataclass(slots=True)
class Profile:
    """A learner and everything they have done."""

    id: str
    name: str
    unit_id: str | None
    created_at: str
    modules: dict[str, ModuleProgress] = field(default_factory=dict)
    attempts: list[QuizAttempt] = field(default_factory=list)
    questions: dict[str, QuestionRecord] = field(default_factory=dict)
    exams: list[ExamAttempt] = field(default_factory=list)
    # 学时 per local calendar day (YYYY-MM-DD -> seconds), for daily totals and streaks.
    study_days: dict[str, int] = field(default_factory=dict)
    # Interface settings kept with the learner (several learners share one terminal).
    settings: LearnerSettings = field(default_factory=lambda: LearnerSettings())

    def module(self, module_id: str) -> ModuleProgress:
        return self.modules.setdefault(module_id, ModuleProgress())

    def mark_read(self, module_id: str) -> bool:
        """Mark a module read; True if this changed anything."""
        progress = self.module(module_id)
        if progress.read_at is None:
            progress.read_at = now_iso()
            return True
        return False

    def add_study_time(self, module_id: str, seconds: int, when: datetime | None = None) -> None:
        """Add reading time to a module and to the local day it ends on."""
        seconds = max(0, int(seconds))
        self.module(module_id).study_seconds += seconds
        if seconds:
            day = clock.local_date(when or clock.utc_now()).isoformat()
            self.study_days[day] = self.study_days.get(day, 0) + seconds

    def study_seconds_on(self, day: date) -> int:
        return self.study_days.get(day.isoformat(), 0)

    def streak(self, on: date | None = None) -> int:
        """Consecutive local days with study up to `on` (today); today not yet studied keeps yesterday's run."""
        day = on or clock.today()
        if not self.study_days.get(day.isoformat()):
            day -= timedelta(days=1)
        count = 0
        while self.study_days.get(day.isoformat()):
            count += 1
            day -= timedelta(days=1)
        return count

    def record_attempt(self, attempt: QuizAttempt, pass_mark: int) -> None:
        progress = self.module(attempt.module_id)
        progress.attempts += 1
        progress.last_score = attempt.score
        progress.best_score = max(progress.best_score or 0, attempt.score)
        progress.passed = progress.passed or attempt.score >= pass_mark
        self.attempts.append(attempt)

    @property
    def study_seconds(self) -> int:
        return sum(p.study_seconds for p in self.modules.values())

    def record_answer(self, question_id: str, correct: bool, clear_after: int, when: datetime | None = None) -> None:
        """Every answer, in any mode: counts, 错题本 (notebook) and the FSRS review card.

        A wrong answer puts the question in the notebook; it leaves after `clear_after` right
        answers in a row.
        """
        from govtui.core.review import review_card

        moment = clock.as_utc(when) if when else clock.utc_now()
        record = self.questions.setdefault(question_id, QuestionRecord())
        if correct:
            record.right += 1
            record.streak += 1
            if record.in_notebook and record.streak >= clear_after:
                record.in_notebook = False
        else:
            stamp = clock.stamp(moment)
            record.wrong += 1
            record.streak = 0
            record.in_notebook = True
            record.first_wrong_at = record.first_wrong_at or stamp
            record.last_wrong_at = stamp
        record.card = review_card(record.card, correct, moment)

    def schedule_now(self, question_ids: list[str], when: datetime | None = None) -> int:
        """Put questions into today's review; returns how many were not already due."""
        from govtui.core.review import due_now_card, is_due

        moment = clock.as_utc(when) if when else clock.utc_now()
        added = 0
        for question_id in question_ids:
            record = self.questions.setdefault(question_id, QuestionRecord())
            if record.card is None or not is_due(record.card, moment):
                # An existing card keeps what FSRS learned about it; only its due date moves.
                record.card = {**record.card, "due": clock.stamp(moment)} if record.card else due_now_card(moment)
                added += 1
        return added

    def due_questions(self, when: datetime | None = None) -> list[str]:
        from govtui.core.review import card_due, is_due

        moment = when or clock.utc_now()
        due = [(card_due(r.card), qid) for qid, r in self.questions.items() if r.card and is_due(r.card, moment)]
        return [qid for _, qid in sorted(due)]

    def notebook(self) -> list[str]:
        return [qid for qid, record in self.questions.items() if record.in_notebook]


class ProgressError(Exception):
    """A progress file that could not be read; it has been moved to `kept_at`."""

    def __init__(self, path: Path, kept_at: Path, reason: str) -> None:
        super().__init__(f"学习记录 {path} 无法读取（{reason}），已原样保存为 {kept_at}")
        self.path = path
        self.kept_at = kept_at
        self.reason = reason


class ProgressStore:
    """Load and save profiles under `data_dir/profiles/`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.profile_dir = data_dir / PROFILE_DIR

    def path_for(self, profile_id: str) -> Path:
        return self.profile_dir / f"{profile_id}.toml"

    def list_profiles(self) -> tuple[list[Profile], list[ProgressError]]:
        """All readable profiles (by name), and the damaged files that were set aside."""
        profiles: list[Profile] = []
        errors: list[ProgressError] = []
        if not self.profile_dir.is_dir():
            return profiles, errors
        for path in sorted(self.profile_dir.glob("p-*.toml")):
            try:
                profiles.append(self._read(path))
            except ProgressError as exc:
                errors.append(exc)
        profiles.sort(key=lambda p: p.name)
        return profiles, errors

    def find(self, name: str) -> Profile | None:
        """The profile of a learner name, or None. Raises ProgressError if it is damaged."""
        path = self.path_for(profile_id_for(name))
        return self._read(path) if path.is_file() else None

    def create(self, name: str, unit_id: str | None) -> Profile:
        name = name.strip()
        if not name:
            raise ValueError("姓名不能为空")
        profile = Profile(profile_id_for(name), name, unit_id, now_iso())
        self.save(profile)
        return profile

    def save(self, profile: Profile) -> None:
        atomic_write_text(self.path_for(profile.id), tomli_w.dumps(_to_toml(profile)), private=True)

    def _read(self, path: Path) -> Profile:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            version = data.get("schema_version")
            if version != SCHEMA_VERSION:
                raise ValueError(f"不支持的 schema_version：{version!r}")
            return _from_toml(data)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            kept = set_aside(path)
            raise ProgressError(path, kept, str(exc)) from exc


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _to_toml(profile: Profile) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "profile": _drop_none(
            {"id": profile.id, "name": profile.name, "unit": profile.unit_id, "created_at": profile.created_at}
        ),
        "modules": {
            module_id: _drop_none(
                {
                    "read_at": p.read_at,
                    "study_seconds": p.study_seconds,
                    "best_score": p.best_score,
                    "last_score": p.last_score,
                    "attempts": p.attempts,
                    "passed": p.passed,
                }
            )
            for module_id, p in sorted(profile.modules.items())
        },
        "quiz_attempts": [
            {"module": a.module_id, "at": a.at, "correct": a.correct, "total": a.total, "answers": a.answers}
            for a in profile.attempts
        ],
        "questions": {
            qid: _drop_none(
                {
                    "right": r.right,
                    "wrong": r.wrong,
                    "streak": r.streak,
                    "first_wrong_at": r.first_wrong_at,
                    "last_wrong_at": r.last_wrong_at,
                    "in_notebook": r.in_notebook,
                    "card": r.card,
                }
            )
            for qid, r in sorted(profile.questions.items())
        },
        "exam_attempts": [
            {
                "blueprint": e.blueprint_id,
                "at": e.at,
                "score": e.score,
                "pass_score": e.pass_score,
                "seconds": e.seconds,
                "timed_out": e.timed_out,
                "answers": e.answers,
                "responses": e.responses,
            }
            for e in profile.exams
        ],
        "study_days": dict(sorted(profile.study_days.items())),
        "settings": _drop_none({"theme": profile.settings.theme, "welcomed_at": profile.settings.welcomed_at}),
    }


def _from_toml(data: dict[str, Any]) -> Profile:
    meta = data["profile"]
    profile = Profile(
        id=str(meta["id"]),
        name=str(meta["name"]),
        unit_id=meta.get("unit"),
        created_at=str(meta.get("created_at", "")),
    )
    for module_id, raw in data.get("modules", {}).items():
        profile.modules[module_id] = ModuleProgress(
            read_at=raw.get("read_at"),
            study_seconds=int(raw.get("study_seconds", 0)),
            best_score=raw.get("best_score"),
            last_score=raw.get("last_score"),
            attempts=int(raw.get("attempts", 0)),
            passed=bool(raw.get("passed", False)),
        )
    for raw in data.get("quiz_attempts", []):
        profile.attempts.append(
            QuizAttempt(
                module_id=str(raw["module"]),
                at=str(raw["at"]),
                correct=int(raw["correct"]),
                total=int(raw["total"]),
                answers={str(k): bool(v) for k, v in raw.get("answers", {}).items()},
            )
        )
    for qid, raw in data.get("questions", {}).items():
        profile.questions[str(qid)] = QuestionRecord(
            right=int(raw.get("right", 0)),
            wrong=int(raw.get("wrong", 0)),
            streak=int(raw.get("streak", 0)),
            first_wrong_at=raw.get("first_wrong_at"),
            last_wrong_at=raw.get("last_wrong_at"),
            in_notebook=bool(raw.get("in_notebook", False)),
            card=dict(raw["card"]) if "card" in raw else None,
        )
    for raw in data.get("exam_attempts", []):
        profile.exams.append(
            ExamAttempt(
                blueprint_id=str(raw["blueprint"]),
                at=str(raw["at"]),
                score=int(raw["score"]),
                pass_score=int(raw["pass_score"]),
                seconds=int(raw.get("seconds", 0)),
                timed_out=bool(raw.get("timed_out", False)),
                answers={str(k): bool(v) for k, v in raw.get("answers", {}).items()},
                responses={str(k): str(v) for k, v in raw.get("responses", {}).items()},
            )
        )
    for day, seconds in data.get("study_days", {}).items():
        profile.study_days[date.fromisoformat(str(day)).isoformat()] = max(0, int(seconds))
    settings = data.get("settings", {})
    profile.settings = LearnerSettings(
        theme=str(settings["theme"]) if "theme" in settings else None,
        welcomed_at=str(settings["welcomed_at"]) if "welcomed_at" in settings else None,
    )
    return profile
