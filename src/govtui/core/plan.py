"""The learner's view of the "1+41+N" plan: what they must take, what is done, what to do next.

UI-free: the home screen, the result screens and the tests call these functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govtui.core.course import Course
from govtui.core.model import Module
from govtui.core.plans import FieldRule, PlanRule
from govtui.core.progress import Profile


def module_done(module: Module, profile: Profile, has_quiz: bool | None) -> bool:
    """A module is done when read and, if it has a quiz, the quiz is passed.

    `has_quiz` is None while the question banks are still loading; a passed quiz then counts.
    """
    progress = profile.modules.get(module.id)
    if progress is None:
        return False
    if progress.passed:
        return True
    return progress.read and has_quiz is False


@dataclass(frozen=True, slots=True)
class TrackStatus:
    track_id: str
    title: str
    done: int
    read: int
    total: int

    @property
    def percent(self) -> int:
        return (100 * self.done) // self.total if self.total else 0


def track_status(course: Course, profile: Profile, quiz_modules: set[str] | None) -> list[TrackStatus]:
    """Completion per track; `quiz_modules` are the modules that have questions (None: unknown yet)."""
    result = []
    for track in course.tracks.values():
        modules = [course.modules[m] for m in track.module_ids]
        done = sum(
            module_done(m, profile, None if quiz_modules is None else m.id in quiz_modules) for m in modules
        )
        read = sum(1 for m in modules if profile.modules.get(m.id) and profile.modules[m.id].read)
        result.append(TrackStatus(track.id, track.title, done, read, len(modules)))
    return result


def format_hours(seconds: int) -> str:
    """学时 shown as hours and minutes."""
    minutes = seconds // 60
    hours, minutes = divmod(minutes, 60)
    return f"{hours}小时{minutes}分钟" if hours else f"{minutes}分钟"


@dataclass(frozen=True, slots=True)
class LearnerPlan:
    """This learner's required (必修) and optional (选学) modules, and why.

    `unit_name` is None for a learner without a unit (the city-wide plan).
    """

    rule: PlanRule
    unit_name: str | None
    fields: tuple[FieldRule, ...]
    required: tuple[str, ...]
    optional: tuple[str, ...]
    short_reason: str
    reason: str
    _required_set: frozenset[str] = field(init=False, repr=False, compare=False)
    """`required` as a set: home asks once per module (a tuple scan, quadratic at 50x content)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_required_set", frozenset(self.required))

    def is_required(self, module_id: str) -> bool:
        return module_id in self._required_set


def learner_plan(course: Course, unit_id: str | None) -> LearnerPlan:
    """The plan for a unit, read from the course data (content/plans.toml)."""
    book = course.plans
    unit = next((u for u in course.units if u.id == unit_id), None) if unit_id else None
    rule = book.rule_for(unit.kind if unit else None)
    fields = tuple(book.fields_of(unit.id)) if unit else ()
    wanted = set(rule.modules) | {m for f in fields for m in f.modules}
    for track_id in rule.tracks:
        wanted.update(course.tracks[track_id].module_ids)
    # Course order (track, then order in track) for both lists.
    required = tuple(m for m in course.modules if m in wanted)
    optional = tuple(m for m in course.modules if m not in wanted)
    short, full = _reason(course, rule, unit, fields)
    return LearnerPlan(rule, unit.name if unit else None, fields, required, optional, short, full)


def _reason(course: Course, rule: PlanRule, unit, fields: tuple[FieldRule, ...]) -> tuple[str, str]:
    """(short, full): “你的单位是渝中区，属于区县，因此必修……”, built from the plan data."""
    tracks = "".join(f"“{t}”" for t in rule.tracks)
    full_tracks = "、".join(f"“{t}”{course.tracks[t].title}" for t in rule.tracks) + "轨道的全部模块"
    extras: list[str] = []
    titles = "".join(f"《{course.modules[m].title}》" for m in rule.modules if m in course.modules)
    if titles:
        extras.append(f"“N”中的{titles}")
    for field_rule in fields:
        titles = "".join(f"《{course.modules[m].title}》" for m in field_rule.modules if m in course.modules)
        if titles:
            extras.append(f"本领域（{field_rule.title}）的{titles}")
    count = len(set(rule.modules) | {m for f in fields for m in f.modules})
    short_must = tracks + (f"和{count}个专题模块" if count else "")
    full_must = full_tracks + ("，以及" + "和".join(extras) if extras else "")
    if unit is None:
        who = "你还没有设置所在单位"
        return f"{who}，先按全市通用计划必修{short_must}；按 u 设置单位。", f"{rule.why}现在必修{full_must}。"
    # A generic unit (乡镇（街道）, 其他单位) is named by its type alone.
    who = f"你的单位属于{rule.title}" if unit.name == rule.title else f"你的单位是{unit.name}，属于{rule.title}"
    return f"{who}，因此必修{short_must}。", f"{who}，因此必修{full_must}。{rule.why}"


@dataclass(frozen=True, slots=True)
class PlanProgress:
    """Completion and 学时 of the required modules."""

    done: int
    total: int
    studied_seconds: int
    suggested_minutes: int


def plan_progress(course: Course, profile: Profile, plan: LearnerPlan, quiz_modules: set[str] | None) -> PlanProgress:
    modules = [course.modules[m] for m in plan.required]
    done = sum(module_done(m, profile, None if quiz_modules is None else m.id in quiz_modules) for m in modules)
    studied = sum(profile.modules[m.id].study_seconds for m in modules if m.id in profile.modules)
    return PlanProgress(done, len(modules), studied, sum(m.minutes for m in modules))


# What the next-step suggestion asks the learner to do.
CONTINUE, QUIZ, REVIEW, READ, EXAM = "continue", "quiz", "review", "read", "exam"


@dataclass(frozen=True, slots=True)
class NextStep:
    """One suggestion: `kind` says what to do, `module_id` with what (for continue/quiz/read)."""

    kind: str
    text: str
    module_id: str | None = None


def next_step(course: Course, profile: Profile, quiz_modules: set[str] | None, due: int) -> NextStep:
    """What to do next, in this order: finish the module being read; take the quiz of a module
    read but not passed; do today's review (`due` cards); read the next required module; then the
    optional ones; at the end, a mock exam.

    Within each step required modules come before optional ones. `quiz_modules` are the modules
    with questions (None while unknown: a read module is then assumed to have a quiz).
    """
    plan = learner_plan(course, profile.unit_id)
    order = plan.required + plan.optional

    def title(module_id: str) -> str:
        return course.modules[module_id].title

    for module_id in order:
        progress = profile.modules.get(module_id)
        # Opened (time was banked) but never read to the end.
        if progress and not progress.read and progress.study_seconds > 0:
            return NextStep(CONTINUE, f"继续阅读《{title(module_id)}》", module_id)
    for module_id in order:
        progress = profile.modules.get(module_id)
        has_quiz = quiz_modules is None or module_id in quiz_modules
        if progress and progress.read and not progress.passed and has_quiz:
            again = "再测一次" if progress.attempts else "参加测验"
            return NextStep(QUIZ, f"《{title(module_id)}》已读，{again}", module_id)
    if due > 0:
        return NextStep(REVIEW, f"做今天的复习（{due}题到期）")
    for module_id, kind in [(m, "必修") for m in plan.required] + [(m, "选学") for m in plan.optional]:
        progress = profile.modules.get(module_id)
        if progress is None or not progress.read:
            return NextStep(READ, f"学习下一个{kind}模块《{title(module_id)}》", module_id)
    return NextStep(EXAM, "模块都已学完，参加一次模拟考试")
