"""Learner progress (学习记录): one TOML file per profile under the data dir.

Several learners can share a terminal, so each profile is its own file, named by a stable id
derived from the learner's name. Files carry a schema version; a file that cannot be read is moved
aside (never overwritten) and reported.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec

from govtui.core import clock, escape, journal, profile_cache, profile_writer
from govtui.core.atomic import atomic_write_bytes, atomic_write_text, set_aside
from govtui.core.errors import os_error_text, toml_error_text
from govtui.core.locks import RecordLock
from govtui.core.profile_file import (
    MAX_NAME,
    SCHEMA_VERSION,
    ProfileFile,
    ShapeError,
    check_values,
    counts_of,
    keep_unknown,
    read_shape,
    unknown_parts,
)

PROFILE_DIR = "profiles"
MAX_FILE_BYTES = 20_000_000
"""A learner record past this size is not read (two years of daily study is well under 5 MB)."""
_ID = re.compile(r"p-[0-9a-f]{12}")


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
    # Kept since attempts can be reopened for review; records written before have none of these.
    question_ids: list[str] = field(default_factory=list)
    """The questions in the order shown."""
    points: dict[str, int] = field(default_factory=dict)
    """Points each question was worth."""
    earned: dict[str, float] = field(default_factory=dict)
    """Points earned per question (multiple choice may earn part of them)."""
    orders: dict[str, list[int]] = field(default_factory=dict)
    """The option (or step) order shown, as original indices, so review shows the same letters."""
    flags: list[str] = field(default_factory=list)
    """Questions the learner flagged (标记) during the exam."""
    points_scored: float | None = None
    """The exact score with partial credit; `score` is it rounded down."""

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
    new_per_day: int | None = None
    """每日复习: most new cards a day (None: the default, see core/review_session.py)."""
    due_per_day: int | None = None
    """每日复习: most due cards a day (None: the default)."""


@dataclass(slots=True)
class ReviewDay:
    """One local day of 每日复习: cards first shown (new / already learned) and seconds spent."""

    new: int = 0
    due: int = 0
    seconds: int = 0


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
    # Finished case simulations (案例演练); `module_id` of each attempt is the case id.
    case_attempts: list[QuizAttempt] = field(default_factory=list)
    # 学时 per local calendar day (YYYY-MM-DD -> seconds), for daily totals and streaks.
    study_days: dict[str, int] = field(default_factory=dict)
    # 每日复习 per local calendar day (YYYY-MM-DD): counts for the daily limits, and days studied.
    review_days: dict[str, ReviewDay] = field(default_factory=dict)
    # Interface settings kept with the learner (several learners share one terminal).
    settings: LearnerSettings = field(default_factory=lambda: LearnerSettings())
    read_only: str | None = None
    """Why this record must not be saved (written by a newer govtui, or open in another window)."""
    source: dict[str, Any] | None = field(default=None, repr=False)
    """What the file as read holds that this version does not know (profile_file.unknown_parts),
    so those keys survive a save."""
    loaded_version: int | None = None
    backed_up: bool = False
    touched: set[str] = field(default_factory=set, repr=False)
    """Questions changed since the last save (the journal appends just these)."""
    disk: DiskState | None = field(default=None, repr=False)
    """What the main file and its journal hold; None: the next save rewrites the main file."""
    journal_note: str | None = None
    """A damaged or cut journal line that was ignored at load (shown to the learner)."""
    revision: int = field(default=0, repr=False, compare=False)
    """Counts changes (each save, and the recording methods): screens redraw only when it moved."""
    due_cache: dict[str, tuple[dict[str, Any], float]] = field(default_factory=dict, repr=False, compare=False)
    """Per question: its card object and when it is due, in POSIX seconds (cards are replaced,
    never edited in place, so a different object means a new due date). Filled from the record's
    cached copy at load (core/profile_cache.py), so home does not parse 4,000 stamps to count."""

    def module(self, module_id: str) -> ModuleProgress:
        return self.modules.setdefault(module_id, ModuleProgress())

    def mark_read(self, module_id: str) -> bool:
        """Mark a module read; True if this changed anything."""
        self.revision += 1
        progress = self.module(module_id)
        if progress.read_at is None:
            progress.read_at = now_iso()
            return True
        return False

    def add_study_time(self, module_id: str, seconds: int, when: datetime | None = None) -> None:
        """Add reading time to a module and to the local day it ends on."""
        self.revision += 1
        seconds = max(0, int(seconds))
        self.module(module_id).study_seconds += seconds
        if seconds:
            day = clock.local_date(when or clock.utc_now()).isoformat()
            self.study_days[day] = self.study_days.get(day, 0) + seconds

    def study_seconds_on(self, day: date) -> int:
        return self.study_days.get(day.isoformat(), 0)

    def studied_on(self, day: date) -> bool:
        """A day of study: reading time, or cards reviewed in 每日复习 (streaks and the calendar)."""
        review = self.review_days.get(day.isoformat())
        return bool(self.study_days.get(day.isoformat())) or bool(review and (review.new or review.due))

    def streak(self, on: date | None = None) -> int:
        """Consecutive local days with study up to `on` (today); today not yet studied keeps yesterday's run."""
        day = on or clock.today()
        if not self.studied_on(day):
            day -= timedelta(days=1)
        count = 0
        while self.studied_on(day):
            count += 1
            day -= timedelta(days=1)
        return count

    def review_day(self, day: date) -> ReviewDay:
        """What was reviewed on a local day (a fresh, unsaved record for a day without review)."""
        return self.review_days.get(day.isoformat()) or ReviewDay()

    def count_review(self, new: bool, when: datetime | None = None) -> None:
        """A card shown for the first time in a 每日复习 session (counts against the daily limits)."""
        self.revision += 1
        day = clock.local_date(when or clock.utc_now()).isoformat()
        record = self.review_days.setdefault(day, ReviewDay())
        if new:
            record.new += 1
        else:
            record.due += 1

    def add_review_time(self, seconds: int, when: datetime | None = None) -> None:
        """Time spent in 每日复习, on the local day it ends (kept apart from modules' 学时)."""
        self.revision += 1
        seconds = max(0, int(seconds))
        if seconds:
            day = clock.local_date(when or clock.utc_now()).isoformat()
            self.review_days.setdefault(day, ReviewDay()).seconds += seconds

    def record_attempt(self, attempt: QuizAttempt, pass_mark: int) -> None:
        self.revision += 1
        progress = self.module(attempt.module_id)
        progress.attempts += 1
        progress.last_score = attempt.score
        progress.best_score = max(progress.best_score or 0, attempt.score)
        progress.passed = progress.passed or attempt.score >= pass_mark
        self.attempts.append(attempt)

    def record_case(self, attempt: QuizAttempt) -> None:
        """A finished case counts like a quiz: its score is kept; answers went through record_answer."""
        self.revision += 1
        self.case_attempts.append(attempt)

    def best_case_score(self, case_id: str) -> int | None:
        scores = [a.score for a in self.case_attempts if a.module_id == case_id]
        return max(scores) if scores else None

    @property
    def study_seconds(self) -> int:
        return sum(p.study_seconds for p in self.modules.values())

    def record_answer(
        self, question_id: str, correct: bool, clear_after: int, when: datetime | None = None,
        rating: int | None = None,
    ) -> None:
        """Every answer, in any mode: counts, 错题本 (notebook) and the FSRS review card.

        A wrong answer puts the question in the notebook; it leaves after `clear_after` right
        answers in a row. `rating` (1 Again … 4 Easy) is the learner's own rating in 每日复习;
        without it a right answer is Good and a wrong one Again, scheduled by the day.
        """
        from govtui.core.review import rate_card, review_card

        self.revision += 1
        moment = clock.as_utc(when) if when else clock.utc_now()
        record = self.questions.setdefault(question_id, QuestionRecord())
        self.touched.add(question_id)
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
        if rating is None:
            record.card = review_card(record.card, correct, moment)
        else:
            record.card = rate_card(record.card, rating, moment)

    def schedule_now(self, question_ids: list[str], when: datetime | None = None) -> int:
        """Put questions into today's review; returns how many were not already due."""
        from govtui.core.review import due_now_card, is_due

        self.revision += 1
        moment = clock.as_utc(when) if when else clock.utc_now()
        added = 0
        for question_id in question_ids:
            record = self.questions.setdefault(question_id, QuestionRecord())
            self.touched.add(question_id)
            if record.card is None or not is_due(record.card, moment):
                # An existing card keeps what FSRS learned about it; only its due date moves.
                record.card = {**record.card, "due": clock.stamp(moment)} if record.card else due_now_card(moment)
                added += 1
        return added

    def due_questions(self, when: datetime | None = None) -> list[str]:
        from govtui.core.review import card_due

        # Due today or earlier by the local calendar (review.is_due), as one comparison per card
        # against the start of the next local day; each card's due instant is parsed once (home
        # counts today's cards on every return to it) and kept until the card object changes.
        cutoff = clock.next_local_day_start(when or clock.utc_now()).timestamp()
        cache = self.due_cache
        due = []
        for qid, record in self.questions.items():
            card = record.card
            if not card or not qid:
                continue
            known = cache.get(qid)
            if known is None or known[0] is not card:
                known = cache[qid] = (card, card_due(card).timestamp())
            if known[1] < cutoff:
                due.append((known[1], qid))
        return [qid for _, qid in sorted(due)]

    def notebook(self) -> list[str]:
        return [qid for qid, record in self.questions.items() if record.in_notebook]


class ProgressError(Exception):
    """A progress file that could not be used as it is.

    `kept_at` is where a damaged file was moved (None when it was left in place: a file from a
    newer govtui, or a folder where it could not be moved); `backup` is the newest good copy.
    """

    def __init__(self, path: Path, kept_at: Path | None, reason: str, backup: Path | None = None) -> None:
        where = f"已原样保存为 {kept_at}" if kept_at else "文件未改动"
        hint = f"；最近的备份：{backup}" if backup else ""
        super().__init__(f"学习记录 {path} 无法读取（{reason}），{where}{hint}")
        self.path = path
        self.kept_at = kept_at
        self.reason = reason
        self.backup = backup


JOURNAL_FROM_BYTES = 64_000
"""From this size of the main file on, saves append to the journal (a rewrite costs ~5 ms here)."""
JOURNAL_LIMIT_BYTES = 4_000_000
"""A journal past this size (~10,000 answers) is folded into the main file at the next save."""
BACKUP_DIR = "backups"
BACKUPS_KEPT = 5
ORPHAN_AGE_SECONDS = 3600
"""A temporary file this old belongs to a save that was killed; younger ones may be in use."""


class ProgressStore:
    """Load and save profiles under `data_dir/profiles/`.

    A profile's id is its file name, never a value inside the file: a copied or edited `id`
    cannot make one learner's record overwrite another's or point outside the data dir.
    """

    journal_from = JOURNAL_FROM_BYTES
    journal_limit = JOURNAL_LIMIT_BYTES

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.profile_dir = data_dir / PROFILE_DIR
        self.backup_dir = self.profile_dir / BACKUP_DIR
        self._failed: set[str] = set()
        """Profiles whose last write failed: their next save rewrites the whole file."""
        self._epochs: dict[str, int] = {}
        """Bumped when a failed write is seen: writes prepared before it are skipped."""

    def path_for(self, profile_id: str) -> Path:
        if not _ID.fullmatch(profile_id):
            raise ValueError(f"不是学员编号：{profile_id!r}")
        return self.profile_dir / f"{profile_id}.toml"

    def list_profiles(self) -> tuple[list[Profile], list[ProgressError]]:
        """All readable profiles (by name), and the files that could not be used."""
        profiles: list[Profile] = []
        errors: list[ProgressError] = []
        if not self.profile_dir.is_dir():
            return profiles, errors
        for path in sorted(self.profile_dir.glob("p-*.toml")):
            if not _ID.fullmatch(path.stem):
                continue
            try:
                profiles.append(self._read(path))
            except ProgressError as exc:
                errors.append(exc)
        profiles.sort(key=lambda p: p.name)
        return profiles, errors

    def find(self, name: str) -> Profile | None:
        """The profile of a learner name, or None. Raises ProgressError if it is damaged."""
        path = self.path_for(profile_id_for(name))
        return self._read(path) if path.exists() else None

    def find_by_id(self, profile_id: str) -> Profile:
        """The profile in `<profile_id>.toml`. Raises ProgressError if it is missing or damaged."""
        return self._read(self.path_for(profile_id))

    def create(self, name: str, unit_id: str | None) -> Profile:
        name = name.strip()
        if not name:
            raise ValueError("姓名不能为空")
        if len(name) > MAX_NAME:
            raise ValueError(f"姓名不能超过 {MAX_NAME} 个字")
        # Control characters in a name would act on the terminal wherever it is shown.
        profile = Profile(profile_id_for(name), escape.visible(name), unit_id, now_iso())
        profile.backed_up = True  # a record created now has no earlier version worth keeping
        self.save(profile)
        return profile

    def journal_path(self, profile_id: str) -> Path:
        return self.path_for(profile_id).with_suffix(journal.SUFFIX)

    def save(self, profile: Profile) -> bool:
        """Save the profile; False (nothing written) for a read-only profile.

        A small record is rewritten whole (atomically). Once the record is `journal_from` bytes,
        saves append what changed to its journal (core/journal.py) and cost the same at any
        history; the journal is folded into the main file by `compact` or past `journal_limit`.
        """
        pending = self.prepare_save(profile)
        if pending is None:
            return False
        pending.write()
        return True

    def prepare_save(self, profile: Profile) -> PendingSave | None:
        """What `save` writes, taken now (a consistent snapshot); `PendingSave.write` only does I/O.

        The app calls `write` on a background thread (core/profile_writer.py), in order. What the
        profile records about its file is updated here, as if the write succeeds; a failed write
        flags the profile, and its next save rewrites the whole file from memory.
        """
        profile.revision += 1  # every change is saved: what shows the record redraws
        if profile.read_only:
            return None
        path = self.path_for(profile.id)
        if profile.id in self._failed:
            # An earlier write did not reach the disk: only a whole rewrite says everything, and
            # writes prepared before it was seen are skipped (a new epoch).
            self._failed.discard(profile.id)
            self._epochs[profile.id] = self._epochs.get(profile.id, 0) + 1
            profile.disk = None
        backup = None
        if profile.loaded_version is not None and not profile.backed_up and path.is_file():
            # The first save of a session keeps the good version it replaces (and, on an upgrade,
            # the file in its old format), like Anki's backups.
            backup = profile.loaded_version
            profile.backed_up = True
        pending = PendingSave(self, profile.id, path, self._epochs.get(profile.id, 0), backup)
        disk = profile.disk
        if disk is not None and profile.loaded_version == SCHEMA_VERSION and disk.journal_bytes < self.journal_limit:
            entries = disk.changes(profile)
            if entries is not None:
                if entries:
                    pending.journal = journal.payload(disk.base, entries, disk.journal_bytes)
                    pending.journal_at = disk.journal_bytes
                    disk.saved(profile, entries, disk.journal_bytes + len(pending.journal))
                profile.touched.clear()
                return pending
        tables = _to_toml(profile)
        import tomli_w  # writing only: not needed to show home

        pending.whole = tomli_w.dumps(tables)
        size = len(pending.whole.encode("utf-8"))
        profile.loaded_version = SCHEMA_VERSION
        # The main file will hold everything; its new digest makes any old journal inert even
        # if removing it fails. A damaged one is kept aside for whoever investigates.
        pending.journal_aside = profile.journal_note is not None
        profile.journal_note = None
        profile.touched.clear()
        if size >= self.journal_from:
            whole = pending.whole.encode("utf-8")
            profile.disk = DiskState.of(profile, journal.digest(whole), 0)
            profile.source = unknown_parts(tables)  # what the new main file carries that this version does not know
            pending.cache = (profile_cache.digest(whole), profile_cache.encode(CachedRecord.of(profile)))
        else:
            profile.disk = None
        return pending

    def compact(self, profile: Profile) -> None:
        """Fold the journal into the main file (when the window closes); no-op without a journal.

        Also rewrites a record whose last write failed, so what is only in memory is tried once more.
        """
        if profile.read_only:
            return
        if profile.id in self._failed or (profile.disk is not None and profile.disk.journal_bytes):
            profile.disk = None  # a whole rewrite
            self.save(profile)

    def backups(self, profile_id: str) -> list[Path]:
        """Backups of a learner's record, newest first."""
        if not self.backup_dir.is_dir():
            return []
        return sorted(self.backup_dir.glob(f"{profile_id}-*.toml"), key=lambda p: p.name, reverse=True)

    def restore(self, backup: Path, profile_id: str) -> Profile:
        """Put a backup back in place of a learner's record (the damaged file was set aside already)."""
        profile_writer.flush_writes_to(self.profile_dir)
        path = self.path_for(profile_id)
        live_journal = self.journal_path(profile_id)
        if path.exists():
            set_aside(path)
        if live_journal.exists():
            set_aside(live_journal)
        atomic_write_bytes(path, backup.read_bytes(), private=True)
        backup_journal = backup.with_suffix(journal.SUFFIX)
        if backup_journal.is_file():
            atomic_write_bytes(live_journal, backup_journal.read_bytes(), private=True)
        return self._read(path)

    def lock(self, profile_id: str) -> RecordLock | None:
        """Hold the learner's record for this process; None if another window holds it."""
        held = RecordLock(self.profile_dir / f"{profile_id}.lock")
        if not held.acquire():
            return None
        self.clean_orphans(profile_id)
        return held

    def clean_orphans(self, profile_id: str | None = None) -> int:
        """Remove temporary files left by killed saves: all of a locked learner's, others once old."""
        if not self.profile_dir.is_dir():
            return 0
        removed = 0
        pattern = f".{profile_id}.toml.*.tmp" if profile_id else ".p-*.toml.*.tmp"
        now = time.time()
        for orphan in self.profile_dir.glob(pattern):
            try:
                if profile_id or now - orphan.stat().st_mtime > ORPHAN_AGE_SECONDS:
                    orphan.unlink()
                    removed += 1
            except OSError:
                continue
        return removed

    def _backup(self, path: Path, version: int) -> None:
        label = f"v{version}-" if version != SCHEMA_VERSION else ""
        target = self.backup_dir / f"{path.stem}-{label}{clock.file_stamp()}.toml"
        try:
            atomic_write_bytes(target, path.read_bytes(), private=True)
            live_journal = path.with_suffix(journal.SUFFIX)
            if live_journal.is_file():
                # The backup is the main file and its journal, as a pair (the journal names its file).
                atomic_write_bytes(target.with_suffix(journal.SUFFIX), live_journal.read_bytes(), private=True)
            for old in self.backups(path.stem)[BACKUPS_KEPT:]:
                old.unlink()
                old.with_suffix(journal.SUFFIX).unlink(missing_ok=True)
        except OSError:
            pass  # a backup that cannot be written must not stop the save itself

    def _read(self, path: Path) -> Profile:
        # Saves handed to a background writer land first: a read sees every save made before it.
        profile_writer.flush_writes_to(self.profile_dir)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise OSError(0, f"文件超过 {MAX_FILE_BYTES // 1_000_000} MB 上限")
            raw = path.read_bytes()
        except OSError as exc:
            raise ProgressError(path, None, os_error_text(exc), self._latest_backup(path)) from exc
        large = len(raw) >= self.journal_from
        key = profile_cache.digest(raw) if large else ""
        cached = profile_cache.load(self.profile_dir, path.stem, key, _cache_layout(), CachedRecord) if large else None
        if cached is not None:
            profile = cached.profile(path.stem)
            profile.loaded_version = SCHEMA_VERSION
        else:
            profile = self._parse_record(path, raw)
            if profile.read_only:
                return profile
            if large and profile.loaded_version == SCHEMA_VERSION:
                # Made before the journal is replayed: the copy holds what the main file holds.
                body = profile_cache.encode(CachedRecord.of(profile))
                profile_cache.save(self.profile_dir, path.stem, key, _cache_layout(), body)
        self._read_journal(profile, path, raw)
        return profile

    def _parse_record(self, path: Path, raw: bytes) -> Profile:
        """The profile in the main file's bytes, parsed and checked in full."""
        data = self._parse(path, raw)
        version = data.get("schema_version")
        if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
            return self._read_newer(path, data, version)
        if version not in (1, SCHEMA_VERSION) or isinstance(version, bool):
            raise self._damaged(path, f"不支持的 schema_version：{version!r}")
        try:
            record = read_shape(data)
        except ShapeError as exc:
            raise self._damaged(path, str(exc)) from exc
        profile = _from_record(record, path.stem, unknown_parts(data))
        profile.loaded_version = version
        return profile

    def _parse(self, path: Path, raw: bytes) -> dict[str, Any]:
        try:
            return tomllib.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise self._damaged(path, f"不是 UTF-8 文本：{exc.reason}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise self._damaged(path, toml_error_text(exc)) from exc
        except RecursionError as exc:
            raise self._damaged(path, "嵌套层数过多") from exc

    def _read_journal(self, profile: Profile, path: Path, raw: bytes) -> None:
        """Replay the answers saved since the main file was written; a cut or bad line is reported."""
        journal_file = path.with_suffix(journal.SUFFIX)
        base = journal.digest(raw) if journal_file.exists() else None
        replay = journal.read(journal_file, base) if base is not None else journal.Replay()
        problem = replay.problem
        if replay.entries:
            problem = _replay(profile, replay.entries) or problem
        if problem:
            profile.journal_note = problem
            return  # disk stays None: the next save rewrites the main file and sets the journal aside
        if replay.good_bytes or len(raw) >= self.journal_from:
            profile.disk = DiskState.of(profile, raw if base is None else base, replay.good_bytes)

    def _read_newer(self, path: Path, data: dict[str, Any], version: int) -> Profile:
        """A record from a newer govtui: shown read-only if this version understands it, never changed."""
        try:
            record = read_shape({**data, "schema_version": SCHEMA_VERSION}, newer=True)
        except ShapeError as exc:
            reason = f"由更新版本的 govtui 写入（schema_version {version}），本版本无法读取：{exc}"
            raise ProgressError(path, None, reason) from exc
        profile = _from_record(record, path.stem, data)
        profile.read_only = f"该学习记录由更新版本的 govtui 写入（schema_version {version}），本版本只读打开，不会保存更改"
        return profile

    def _damaged(self, path: Path, reason: str) -> ProgressError:
        try:
            kept: Path | None = set_aside(path)
        except OSError as exc:
            kept = None
            reason += f"；无法移开损坏的文件（{os_error_text(exc)}）"
        return ProgressError(path, kept, reason, self._latest_backup(path))

    def _latest_backup(self, path: Path) -> Path | None:
        found = self.backups(path.stem)
        return found[0] if found else None


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _to_toml(profile: Profile) -> dict[str, Any]:
    tables = _known_tables(profile)
    # First table after [profile]: a file cut after it no longer matches its counts.
    ordered = {"schema_version": tables.pop("schema_version"), "profile": tables.pop("profile"),
               "integrity": counts_of(tables), **tables}
    return keep_unknown(ordered, profile.source) if profile.source else ordered


def _known_tables(profile: Profile) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "profile": _profile_row(profile),
        "modules": {module_id: _module_row(p) for module_id, p in sorted(profile.modules.items())},
        "quiz_attempts": [_quiz_row(a) for a in profile.attempts],
        "questions": {qid: _question_row(r) for qid, r in sorted(profile.questions.items())},
        "exam_attempts": [_exam_row(e) for e in profile.exams],
        "case_attempts": [_case_row(a) for a in profile.case_attempts],
        "study_days": dict(sorted(profile.study_days.items())),
        "review_days": {day: _review_day_row(r) for day, r in sorted(profile.review_days.items())},
        "settings": _settings_row(profile),
    }


def _profile_row(profile: Profile) -> dict[str, Any]:
    return _drop_none({"id": profile.id, "name": profile.name, "unit": profile.unit_id, "created_at": profile.created_at})


def _settings_row(profile: Profile) -> dict[str, Any]:
    settings = profile.settings
    return _drop_none({
        "theme": settings.theme,
        "welcomed_at": settings.welcomed_at,
        "new_per_day": settings.new_per_day,
        "due_per_day": settings.due_per_day,
    })


def _review_day_row(r: ReviewDay) -> dict[str, Any]:
    return {"new": r.new, "due": r.due, "seconds": r.seconds}


def _module_row(p: ModuleProgress) -> dict[str, Any]:
    return _drop_none(
        {
            "read_at": p.read_at,
            "study_seconds": p.study_seconds,
            "best_score": p.best_score,
            "last_score": p.last_score,
            "attempts": p.attempts,
            "passed": p.passed,
        }
    )


def _question_row(r: QuestionRecord) -> dict[str, Any]:
    return _drop_none(
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


def _quiz_row(a: QuizAttempt) -> dict[str, Any]:
    return {"module": a.module_id, "at": a.at, "correct": a.correct, "total": a.total, "answers": a.answers}


def _case_row(a: QuizAttempt) -> dict[str, Any]:
    return {"case": a.module_id, "at": a.at, "correct": a.correct, "total": a.total, "answers": a.answers}


def _exam_row(e: ExamAttempt) -> dict[str, Any]:
    return {
        "blueprint": e.blueprint_id,
        "at": e.at,
        "score": e.score,
        "pass_score": e.pass_score,
        "seconds": e.seconds,
        "timed_out": e.timed_out,
        "answers": e.answers,
        "responses": e.responses,
        **_exam_review_fields(e),
    }


def _exam_review_fields(exam: ExamAttempt) -> dict[str, Any]:
    """The keys that let an attempt be reopened; absent from older records, so written only when known."""
    fields: dict[str, Any] = {
        "questions": exam.question_ids,
        "points": exam.points,
        "earned": exam.earned,
        "orders": exam.orders,
        "flags": exam.flags,
        "points_scored": exam.points_scored,
    }
    return {key: value for key, value in fields.items() if value not in (None, [], {})}


def _from_record(record: ProfileFile, profile_id: str, source: dict[str, Any]) -> Profile:
    meta = record.profile
    profile = Profile(id=profile_id, name=escape.visible(meta.name), unit_id=meta.unit, created_at=meta.created_at)
    profile.source = source
    for module_id, raw in record.modules.items():
        profile.modules[module_id] = ModuleProgress(
            raw.read_at, raw.study_seconds, raw.best_score, raw.last_score, raw.attempts, raw.passed
        )
    for attempt in record.quiz_attempts:
        profile.attempts.append(
            QuizAttempt(attempt.module, attempt.at, attempt.correct, attempt.total, dict(attempt.answers))
        )
    for qid, raw in record.questions.items():
        profile.questions[qid] = QuestionRecord(
            raw.right, raw.wrong, raw.streak, raw.first_wrong_at, raw.last_wrong_at, raw.in_notebook,
            dict(raw.card) if raw.card is not None else None,
        )
    for exam in record.exam_attempts:
        profile.exams.append(
            ExamAttempt(exam.blueprint, exam.at, exam.score, exam.pass_score, exam.seconds, exam.timed_out,
                        dict(exam.answers), dict(exam.responses), list(exam.questions), dict(exam.points),
                        dict(exam.earned), {qid: list(order) for qid, order in exam.orders.items()},
                        list(exam.flags), exam.points_scored)
        )
    for attempt in record.case_attempts:
        profile.case_attempts.append(
            QuizAttempt(attempt.case, attempt.at, attempt.correct, attempt.total, dict(attempt.answers))
        )
    profile.study_days = {date.fromisoformat(day).isoformat(): seconds for day, seconds in record.study_days.items()}
    profile.review_days = {
        date.fromisoformat(day).isoformat(): ReviewDay(r.new, r.due, r.seconds) for day, r in record.review_days.items()
    }
    settings = record.settings
    profile.settings = LearnerSettings(
        theme=settings.theme, welcomed_at=settings.welcomed_at,
        new_per_day=settings.new_per_day, due_per_day=settings.due_per_day,
    )
    return profile


class CachedRecord(msgspec.Struct):
    """What core/profile_cache.py keeps of a large record: the learner's objects, decoded straight
    into them, and each card's due instant as a number (home counts today's cards before its
    first paint; parsing 4,000 stamps for it was a fifth of the load)."""

    name: str
    unit_id: str | None
    created_at: str
    modules: dict[str, ModuleProgress]
    attempts: list[QuizAttempt]
    questions: dict[str, QuestionRecord]
    exams: list[ExamAttempt]
    case_attempts: list[QuizAttempt]
    study_days: dict[str, int]
    review_days: dict[str, ReviewDay]
    settings: LearnerSettings
    extras: dict[str, Any]
    """What the main file carries that this version does not know (`unknown_parts`), kept on save."""
    due: dict[str, float]
    """POSIX seconds each card is due, for stamps with an offset: a stamp without one (older
    records) is local wall time, which depends on the zone the app runs in, so it is parsed."""

    @classmethod
    def of(cls, profile: Profile) -> CachedRecord:
        from govtui.core.review import fixed_due_seconds

        due = {}
        for qid, record in profile.questions.items():
            seconds = fixed_due_seconds(record.card) if record.card else None
            if seconds is not None:
                due[qid] = seconds
        return cls(
            profile.name, profile.unit_id, profile.created_at, profile.modules, profile.attempts, profile.questions,
            profile.exams, profile.case_attempts, profile.study_days, profile.review_days, profile.settings,
            profile.source or {}, due,
        )

    def profile(self, profile_id: str) -> Profile:
        profile = Profile(
            profile_id, self.name, self.unit_id, self.created_at, self.modules, self.attempts, self.questions,
            self.exams, self.case_attempts, self.study_days, self.review_days, self.settings,
        )
        profile.source = self.extras or None
        questions = self.questions
        profile.due_cache = {
            qid: (card, seconds) for qid, seconds in self.due.items()
            if (record := questions.get(qid)) is not None and (card := record.card) is not None
        }
        return profile


def _cache_layout() -> str:
    """Names the record schema and the fields of every object in a copy: a copy made by a build
    whose objects differ (even at the same version number) is rebuilt, never misread."""
    global _LAYOUT
    if _LAYOUT is None:
        kinds = (CachedRecord, ModuleProgress, QuizAttempt, QuestionRecord, ExamAttempt, ReviewDay, LearnerSettings)
        text = repr([(kind.__name__, kind.__annotations__) for kind in kinds])
        _LAYOUT = f"{SCHEMA_VERSION}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"
    return _LAYOUT


_LAYOUT: str | None = None


# -- the answer journal (see core/journal.py) ----------------------------------------------------

@dataclass(slots=True, eq=False)
class PendingSave:
    """One save, prepared on the thread that changes the profile: `write` does only the I/O."""

    store: ProgressStore
    profile_id: str
    path: Path
    epoch: int
    backup: int | None = None
    """Back the file up first (the session's first save): the version it was read as."""
    journal: bytes | None = None
    journal_at: int = 0
    whole: str | None = None
    journal_aside: bool = False
    """Keep the old journal aside (it was damaged) instead of removing it."""
    cache: tuple[str, bytes | None] | None = None
    """The main file's `profile_cache.digest` and its ready-made copy, for a whole rewrite."""

    def write(self) -> None:
        """Write it; an OSError flags the profile for a whole rewrite at its next save and is raised."""
        store = self.store
        if self.profile_id in store._failed or self.epoch != store._epochs.get(self.profile_id, 0):
            return  # superseded: the save after a failure rewrites the whole file
        try:
            if self.backup is not None and self.path.is_file():
                store._backup(self.path, self.backup)
            if self.journal is not None:
                journal.write(store.journal_path(self.profile_id), self.journal, self.journal_at)
            elif self.whole is not None:
                self._write_whole()
        except BaseException:
            store._failed.add(self.profile_id)  # unsure what reached the disk: rewrite next time
            raise

    def _write_whole(self) -> None:
        store = self.store
        atomic_write_text(self.path, self.whole or "", private=True)
        old_journal = store.journal_path(self.profile_id)
        with contextlib.suppress(OSError):
            if self.journal_aside and old_journal.exists():
                set_aside(old_journal)
            else:
                old_journal.unlink(missing_ok=True)
        if self.cache is not None:
            base, body = self.cache
            profile_cache.save(store.profile_dir, self.profile_id, base, _cache_layout(), body)


_LISTS = (("quiz_attempts", "attempts", _quiz_row), ("exam_attempts", "exams", _exam_row),
          ("case_attempts", "case_attempts", _case_row))


@dataclass(slots=True)
class DiskState:
    """What the main file plus its journal hold, so that a save appends only what changed.

    Questions are found by the `touched` set and by their card object (FSRS replaces the card
    on every review, never edits it in place), so a save does not compare 4,000 records.
    """

    main: str | bytes
    """The main file's digest (journal.digest), or its bytes until the digest is first needed (a
    journal to start): hashing 1.8 MB took 4 ms of the start that home's first paint does not need."""
    journal_bytes: int
    profile_row: dict[str, Any]
    settings_row: dict[str, Any]
    modules: dict[str, dict[str, Any]]
    cards: dict[str, Any]
    lists: dict[str, tuple[int, dict[str, Any] | None]]
    study_days: dict[str, int]
    review_days: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, profile: Profile, main: str | bytes, journal_bytes: int) -> DiskState:
        return cls(
            main, journal_bytes, _profile_row(profile), _settings_row(profile),
            {module_id: _module_row(p) for module_id, p in profile.modules.items()},
            {qid: r.card for qid, r in profile.questions.items()},
            {name: (len(items), row(items[-1]) if items else None)
             for name, attr, row in _LISTS for items in (getattr(profile, attr),)},
            dict(profile.study_days),
            {day: _review_day_row(r) for day, r in profile.review_days.items()},
        )

    @property
    def base(self) -> str:
        """The digest the journal names its main file by."""
        main = self.main
        if isinstance(main, bytes):
            main = self.main = journal.digest(main)  # (a thread may race here: both get the same digest)
        return main

    def changes(self, profile: Profile) -> list[dict[str, Any]] | None:
        """Journal entries for what changed since the last save; None if only a rewrite can say it."""
        if len(profile.modules) < len(self.modules) or len(profile.questions) < len(self.cards):
            return None  # something was removed: entries only set rows
        entries: list[dict[str, Any]] = []
        row = _profile_row(profile)
        if row != self.profile_row:
            entries.append({"t": "profile", "row": row})
        row = _settings_row(profile)
        if row != self.settings_row:
            entries.append({"t": "settings", "row": row})
        for module_id, progress in profile.modules.items():
            row = _module_row(progress)
            if self.modules.get(module_id) != row:
                entries.append({"t": "module", "k": module_id, "row": row})
        cards = self.cards
        changed = {qid for qid in profile.touched if qid in profile.questions}
        changed.update(qid for qid, r in profile.questions.items() if r.card is not cards.get(qid, False))
        for qid in sorted(changed):
            entries.append({"t": "question", "k": qid, "row": _question_row(profile.questions[qid])})
        for name, attr, to_row in _LISTS:
            items = getattr(profile, attr)
            count, last = self.lists[name]
            if len(items) < count:
                return None
            # The last saved attempt may still be completed in place; earlier ones are history.
            start = count - 1 if count and to_row(items[count - 1]) != last else count
            for index in range(start, len(items)):
                entries.append({"t": name, "i": index, "row": to_row(items[index])})
        if profile.study_days != self.study_days:
            for day, seconds in profile.study_days.items():
                if self.study_days.get(day) != seconds:
                    entries.append({"t": "day", "k": day, "v": seconds})
            if any(day not in profile.study_days for day in self.study_days):
                return None
        if any(day not in profile.review_days for day in self.review_days):
            return None
        for day, review in profile.review_days.items():
            row = _review_day_row(review)
            if self.review_days.get(day) != row:
                entries.append({"t": "review_day", "k": day, "row": row})
        return entries

    def saved(self, profile: Profile, entries: list[dict[str, Any]], journal_bytes: int) -> None:
        """The `entries` from `changes` are on disk: remember the state they describe.

        Only what the entries name is updated, so a save costs the same at any history.
        """
        self.journal_bytes = journal_bytes
        for entry in entries:
            kind = entry["t"]
            if kind == "profile":
                self.profile_row = entry["row"]
            elif kind == "settings":
                self.settings_row = entry["row"]
            elif kind == "module":
                self.modules[entry["k"]] = entry["row"]
            elif kind == "review_day":
                self.review_days[entry["k"]] = entry["row"]
            elif kind == "question":
                # The card object itself, not a copy: identity is how a changed card is seen.
                self.cards[entry["k"]] = profile.questions[entry["k"]].card
        for name, attr, to_row in _LISTS:
            items = getattr(profile, attr)
            self.lists[name] = (len(items), to_row(items[-1]) if items else None)
        if profile.study_days != self.study_days:
            self.study_days = dict(profile.study_days)


def _replay(profile: Profile, entries: list[dict[str, Any]]) -> str | None:
    """Apply journal entries to a profile read from its main file; a reason if one was unusable."""
    for number, entry in enumerate(entries, start=2):
        kind = entry.get("t")
        try:
            if kind in ("question", "module", "day", "review_day"):
                table = {"question": "questions", "module": "modules", "day": "study_days",
                         "review_day": "review_days"}[kind]
                data = {table: {entry["k"]: entry["v"] if kind == "day" else entry["row"]}}
            elif kind in ("profile", "settings"):
                data = {kind: entry["row"]}
            elif kind in ("quiz_attempts", "exam_attempts", "case_attempts"):
                index = entry["i"]
                if not isinstance(index, int) or isinstance(index, bool) or index < 0:
                    raise ShapeError("i 应为非负整数")
                data = {kind: [entry["row"]]}
            else:
                raise ShapeError(f"未知的记录类型 {kind!r}")
            if "profile" not in data:
                data["profile"] = {"name": profile.name or "-"}
            record = msgspec.convert({"schema_version": SCHEMA_VERSION, **data}, ProfileFile)
            check_values(record)
        except (KeyError, TypeError, ShapeError, msgspec.ValidationError) as exc:
            return f"学习记录日志第 {number} 行无效（{exc}），已忽略该行及其后的记录"
        part = _from_record(record, profile.id, {})
        if kind == "question":
            profile.questions.update(part.questions)
        elif kind == "module":
            profile.modules.update(part.modules)
        elif kind == "day":
            profile.study_days.update(part.study_days)
        elif kind == "review_day":
            profile.review_days.update(part.review_days)
        elif kind == "profile":
            profile.name, profile.unit_id = part.name, part.unit_id
        elif kind == "settings":
            profile.settings = part.settings
        else:
            items = {"quiz_attempts": profile.attempts, "exam_attempts": profile.exams,
                     "case_attempts": profile.case_attempts}[kind]
            attempt = {"quiz_attempts": part.attempts, "exam_attempts": part.exams,
                       "case_attempts": part.case_attempts}[kind][0]
            if index < len(items):
                items[index] = attempt
            elif index == len(items):
                items.append(attempt)
            else:
                return f"学习记录日志第 {number} 行缺少之前的记录，已忽略该行及其后的记录"
    return None
