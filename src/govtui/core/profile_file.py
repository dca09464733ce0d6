"""The declared shape of a learner record file (学习记录), checked before anything reaches a screen.

The schema is declared once, as msgspec structs: msgspec checks types and bounds in one pass and
says where a value is wrong (`$.modules[...].best_score: Expected int <= 100`), at a fraction of
the import and run time of pydantic or jsonschema, which matters because the record is read
before the first screen. What msgspec cannot declare (stamps that must be real instants, FSRS
card dates in range) is checked right after, in `check_values`.

Version history:
- 1: the first format.
- 2: adds `study_days` (学时 per local day), `case_attempts` (案例演练) and `[integrity]` (record
  counts, so a file cut at a table boundary, still valid TOML, is recognised as damaged).
  Later optional additions that read as defaults when absent (no version change): `[settings]`
  (theme, welcome, daily review limits) and `review_days` (每日复习 counts per local day).
  Later, still 2 (optional keys that older records lack and older versions ignore and keep):
  exam attempts gained `questions`, `points`, `earned`, `orders`, `flags` and `points_scored`,
  so an attempt can be reopened for review and partial credit is shown.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec

from govtui.core import clock

SCHEMA_VERSION = 2
MAX_NAME = 200
"""Characters in a learner name: enough for any real name with a distinguishing suffix."""

Count = Annotated[int, msgspec.Meta(ge=0, le=10**9)]
Score = Annotated[int, msgspec.Meta(ge=0, le=100)]
Key = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
DailyLimit = Annotated[int, msgspec.Meta(ge=0, le=9999)]
Points = Annotated[float, msgspec.Meta(ge=0, le=100)]


class ProfileMeta(msgspec.Struct):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_NAME)]
    id: str | None = None
    unit: Key | None = None
    created_at: str = ""


class ModuleRecord(msgspec.Struct):
    read_at: str | None = None
    study_seconds: Count = 0
    best_score: Score | None = None
    last_score: Score | None = None
    attempts: Count = 0
    passed: bool = False


class QuizAttemptRecord(msgspec.Struct):
    module: Key
    at: str
    correct: Count
    total: Count
    answers: dict[Key, bool] = {}


class QuestionRecordFile(msgspec.Struct):
    right: Count = 0
    wrong: Count = 0
    streak: Count = 0
    first_wrong_at: str | None = None
    last_wrong_at: str | None = None
    in_notebook: bool = False
    card: dict[str, Any] | None = None


class ExamAttemptRecord(msgspec.Struct):
    blueprint: Key
    at: str
    score: Score
    pass_score: Score
    seconds: Count = 0
    timed_out: bool = False
    answers: dict[Key, bool] = {}
    responses: dict[Key, Annotated[str, msgspec.Meta(max_length=10_000)]] = {}
    # Added within version 2 (optional, so older records still load and older govtui ignores them):
    # what reopening the attempt for review needs.
    questions: list[Key] = []
    points: dict[Key, Annotated[int, msgspec.Meta(ge=0, le=100)]] = {}
    earned: dict[Key, Points] = {}
    orders: dict[Key, list[Annotated[int, msgspec.Meta(ge=0, le=99)]]] = {}
    flags: list[Key] = []
    points_scored: Points | None = None


class CaseAttemptRecord(msgspec.Struct):
    case: Key
    at: str
    correct: Count
    total: Count
    answers: dict[Key, bool] = {}


class ReviewDayRecord(msgspec.Struct):
    """One local day of 每日复习: cards first shown that day (new / due) and seconds spent."""

    new: Count = 0
    due: Count = 0
    seconds: Count = 0


class Integrity(msgspec.Struct):
    """How many records each table held when the file was written."""

    modules: Count
    quiz_attempts: Count
    questions: Count
    exam_attempts: Count
    study_days: Count
    case_attempts: Count = 0
    review_days: Count = 0


class SettingsRecord(msgspec.Struct):
    """Interface choices kept with the learner (several learners share one terminal)."""

    theme: Annotated[str, msgspec.Meta(max_length=100)] | None = None
    welcomed_at: str | None = None
    # Daily review limits (每日上限); absent means the defaults of core/review_session.py.
    new_per_day: DailyLimit | None = None
    due_per_day: DailyLimit | None = None


class ProfileFile(msgspec.Struct):
    schema_version: int
    profile: ProfileMeta
    modules: dict[Key, ModuleRecord] = {}
    quiz_attempts: list[QuizAttemptRecord] = []
    questions: dict[Key, QuestionRecordFile] = {}
    exam_attempts: list[ExamAttemptRecord] = []
    case_attempts: list[CaseAttemptRecord] = []
    study_days: dict[str, Count] = {}
    review_days: dict[str, ReviewDayRecord] = {}
    settings: SettingsRecord = msgspec.field(default_factory=SettingsRecord)
    integrity: Integrity | None = None


class ShapeError(ValueError):
    """A record file that parses but does not have the declared shape; says where and what."""


def read_shape(data: Any, *, newer: bool = False) -> ProfileFile:
    """The validated record, or ShapeError naming the key and what was expected.

    From version 2 on, `[integrity]` is written as the first table, so a file cut anywhere after
    `[profile]` either lacks it or has counts that do not match; `newer` files are read leniently.
    """
    try:
        record = msgspec.convert(data, ProfileFile)
    except msgspec.ValidationError as exc:
        raise ShapeError(chinese(str(exc))) from exc
    if newer:
        record.integrity = None
    elif record.schema_version >= 2 and record.integrity is None:
        raise ShapeError("文件不完整（缺少 [integrity]，可能在写入时被截断）")
    check_values(record)
    return record


def check_values(record: ProfileFile) -> None:
    """What the declared types cannot say: stamps are instants, card dates are in range, counts agree."""
    stamps: list[tuple[str, str | None]] = [
        ("$.profile.created_at", record.profile.created_at or None),
        ("$.settings.welcomed_at", record.settings.welcomed_at),
    ]
    for module_id, module in record.modules.items():
        stamps.append((f"$.modules.{module_id}.read_at", module.read_at))
    for index, attempt in enumerate(record.quiz_attempts):
        stamps.append((f"$.quiz_attempts[{index}].at", attempt.at))
        if attempt.correct > attempt.total:
            raise ShapeError(f"$.quiz_attempts[{index}]：答对题数大于总题数")
    for qid, question in record.questions.items():
        stamps += [(f"$.questions.{qid}.first_wrong_at", question.first_wrong_at),
                   (f"$.questions.{qid}.last_wrong_at", question.last_wrong_at)]
        if question.card is not None:
            _check_card(f"$.questions.{qid}.card", question.card)
    for index, exam in enumerate(record.exam_attempts):
        stamps.append((f"$.exam_attempts[{index}].at", exam.at))
        _check_exam(f"$.exam_attempts[{index}]", exam)
    for index, case in enumerate(record.case_attempts):
        stamps.append((f"$.case_attempts[{index}].at", case.at))
        if case.correct > case.total:
            raise ShapeError(f"$.case_attempts[{index}]：答对步数大于总步数")
    for where, value in stamps:
        if value is not None:
            _check_stamp(where, value)
    for day in [*record.study_days, *record.review_days]:
        try:
            date.fromisoformat(day)
        except ValueError:
            table = "study_days" if day in record.study_days else "review_days"
            raise ShapeError(f"$.{table}.{day}：应为日期（YYYY-MM-DD）") from None
    if record.integrity is not None:
        _check_counts(record)


def counts_of(record_tables: dict[str, Any]) -> dict[str, int]:
    """The integrity counts for the tables about to be written."""
    return {name: len(record_tables.get(name, ())) for name in Integrity.__struct_fields__}


def _check_counts(record: ProfileFile) -> None:
    assert record.integrity is not None
    found = {name: len(getattr(record, name)) for name in Integrity.__struct_fields__}
    expected = msgspec.structs.asdict(record.integrity)
    short = [f"{name} 应有 {expected[name]} 条，只有 {found[name]} 条" for name in found if found[name] != expected[name]]
    if short:
        raise ShapeError("文件不完整（可能在写入时被截断）：" + "；".join(short))


def _check_stamp(where: str, value: str) -> None:
    try:
        moment = clock.parse_instant(value)
        moment.astimezone()  # a year-9999 stamp overflows here in UTC+8
        if not 1970 <= moment.year <= 3000:
            raise ValueError
    except (ValueError, OverflowError, TypeError):
        raise ShapeError(f"{where}：应为时间（如 2026-12-01T08:00:00+08:00），实际为 {value!r:.60}") from None


def _check_exam(where: str, exam: ExamAttemptRecord) -> None:
    """A reopened attempt is drawn from these: they must agree with each other."""
    for qid, earned in exam.earned.items():
        if qid in exam.points and earned > exam.points[qid] + 1e-6:
            raise ShapeError(f"{where}.earned.{qid}：得分大于该题分值")
    for qid, order in exam.orders.items():
        if sorted(order) != list(range(len(order))):
            raise ShapeError(f"{where}.orders.{qid}：应为选项序号的一种排列")


def _check_card(where: str, card: dict[str, Any]) -> None:
    if "due" not in card:
        raise ShapeError(f"{where}：缺少 due（下次复习时间）")
    for key in ("due", "last_review"):
        if key in card:
            if not isinstance(card[key], str):
                raise ShapeError(f"{where}.{key}：应为时间字符串")
            _check_stamp(f"{where}.{key}", card[key])
    for key in ("stability", "difficulty"):
        if key in card and (isinstance(card[key], bool) or not isinstance(card[key], int | float)):
            raise ShapeError(f"{where}.{key}：应为数字")
    for key in ("state", "step", "card_id"):
        if key in card and (isinstance(card[key], bool) or not isinstance(card[key], int)):
            raise ShapeError(f"{where}.{key}：应为整数")


_WORDS = [
    ("Expected `object`, got", "应为表（table），实际为"),
    ("Expected `array`, got", "应为数组，实际为"),
    ("Expected `str`, got", "应为字符串，实际为"),
    ("Expected `int`, got", "应为整数，实际为"),
    ("Expected `bool`, got", "应为 true/false，实际为"),
    ("Expected `float`, got", "应为数字，实际为"),
    ("Expected `int` >= 0", "应为不小于 0 的整数"),
    ("Expected `int` <= 100", "应为不大于 100 的整数"),
    ("Expected `int` <= 1000000000", "数值过大"),
    ("Expected `str` of length >= 1", "不能为空"),
    ("Object missing required field", "缺少必需的键"),
    (" - at ", "，位置 "),
]


def chinese(message: str) -> str:
    """msgspec's validation message in Chinese."""
    for english, chinese in _WORDS:
        message = message.replace(english, chinese)
    return message


_KNOWN_TOP = set(ProfileFile.__struct_fields__)
_KNOWN_ROWS = {
    "profile": set(ProfileMeta.__struct_fields__),
    "modules": set(ModuleRecord.__struct_fields__),
    "questions": set(QuestionRecordFile.__struct_fields__),
    "quiz_attempts": set(QuizAttemptRecord.__struct_fields__),
    "exam_attempts": set(ExamAttemptRecord.__struct_fields__),
    "case_attempts": set(CaseAttemptRecord.__struct_fields__),
    "settings": set(SettingsRecord.__struct_fields__),
    "review_days": set(ReviewDayRecord.__struct_fields__),
}


def keep_unknown(tables: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """`tables` (what this version writes) plus every key of `source` it does not know.

    A newer govtui, or a maintainer's tool, may add keys; saving must not drop them. Known keys
    are never copied back (a value this version removed stays removed).
    """
    merged = dict(tables)
    for key, value in source.items():
        if key not in _KNOWN_TOP:
            merged[key] = value
    for table, known in _KNOWN_ROWS.items():
        old, new = source.get(table), merged.get(table)
        if table == "profile":
            if isinstance(old, dict) and isinstance(new, dict):
                merged[table] = {**{k: v for k, v in old.items() if k not in known}, **new}
        elif isinstance(old, dict) and isinstance(new, dict):
            merged[table] = {
                key: ({**{k: v for k, v in old[key].items() if k not in known}, **row}
                      if isinstance(old.get(key), dict) else row)
                for key, row in new.items()
            }
        elif isinstance(old, list) and isinstance(new, list):
            # Attempts are only ever appended, so position i is the same attempt in both.
            merged[table] = [
                {**{k: v for k, v in old[i].items() if k not in known}, **row}
                if i < len(old) and isinstance(old[i], dict) else row
                for i, row in enumerate(new)
            ]
    return merged


def unknown_parts(source: dict[str, Any]) -> dict[str, Any]:
    """Only what `keep_unknown` takes from `source`: `keep_unknown(t, unknown_parts(s)) == keep_unknown(t, s)`.

    A record written by this version has none ({}), so a loaded learner does not keep a second
    copy of two years of answers as tables for the rare file that carries keys from elsewhere.
    """
    parts = {key: value for key, value in source.items() if key not in _KNOWN_TOP}
    for table, known in _KNOWN_ROWS.items():
        old = source.get(table)
        if table == "profile" and isinstance(old, dict):
            extra = {k: v for k, v in old.items() if k not in known}
            if extra:
                parts[table] = extra
        elif isinstance(old, dict):
            rows = {key: {k: v for k, v in row.items() if k not in known} for key, row in old.items() if isinstance(row, dict)}
            rows = {key: row for key, row in rows.items() if row}
            if rows:
                parts[table] = rows
        elif isinstance(old, list):
            # Positions matter (attempts are matched by index): rows without extras stay as {}.
            items = [{k: v for k, v in row.items() if k not in known} if isinstance(row, dict) else {} for row in old]
            while items and not items[-1]:
                items.pop()
            if items:
                parts[table] = items
    return parts
