"""Study plans per unit type (content/plans.toml) and the next-step suggestion (core/plan.py)."""

from __future__ import annotations

from pathlib import Path

from govtui.core.check import check_course
from govtui.core.course import open_course
from govtui.core.plan import CONTINUE, EXAM, QUIZ, READ, REVIEW, learner_plan, next_step
from govtui.core.progress import ModuleProgress, Profile


def profile(unit_id: str | None = None, **modules: ModuleProgress) -> Profile:
    learner = Profile("p-000000000001", "测试", unit_id, "2026-01-01T00:00:00+00:00")
    learner.modules.update({key.replace("_", "-"): value for key, value in modules.items()})
    return learner


def test_district_and_department_learners_have_different_required_modules(bundled) -> None:
    district = learner_plan(bundled, "yuzhong")
    department = learner_plan(bundled, "city-scjgj")
    track = {m: bundled.modules[m].track for m in bundled.modules}
    assert {track[m] for m in district.required} == {"1", "41"}
    assert set(bundled.tracks["41"].module_ids) <= set(district.required)
    assert {track[m] for m in department.required} == {"1", "N"}
    assert "n-market-supervision" in department.required  # its field
    assert "n-health-emergency" in department.optional  # another department's field
    assert not set(bundled.tracks["41"].module_ids) & set(department.required)
    assert "你的单位是渝中区，属于区县，因此必修" in district.reason
    assert "本领域（市场监管）" in department.reason


def test_everyone_takes_the_city_wide_track_and_required_and_optional_cover_the_course(bundled) -> None:
    for unit in [None, *(u.id for u in bundled.units)]:
        plan = learner_plan(bundled, unit)
        assert set(bundled.tracks["1"].module_ids) <= set(plan.required), unit
        assert sorted(plan.required + plan.optional) == sorted(bundled.modules), unit


def test_a_learner_without_a_unit_gets_the_city_wide_plan_and_a_hint(bundled) -> None:
    plan = learner_plan(bundled, None)
    assert list(plan.required) == bundled.tracks["1"].module_ids
    assert plan.unit_name is None and "按 u 设置单位" in plan.short_reason


def test_the_plan_comes_from_the_course_data(course_copy: Path) -> None:
    plans = course_copy / "content" / "plans.toml"
    text = plans.read_text(encoding="utf-8")
    before = learner_plan(open_course(course_copy), "city-gaj")
    assert "g41-fees" not in before.required
    plans.write_text(
        text.replace('modules = ["n-interpretation-press", "n-pilot-fields"]', 'modules = ["g41-fees"]'),
        encoding="utf-8",
    )
    after = learner_plan(open_course(course_copy), "city-gaj")
    assert "g41-fees" in after.required and "n-interpretation-press" not in after.required
    assert "《信息处理费：什么时候可以收、怎么算》" in after.reason


def test_check_reports_plan_mistakes_with_file_and_line(course_copy: Path) -> None:
    plans = course_copy / "content" / "plans.toml"
    text = plans.read_text(encoding="utf-8")
    text = text.replace('kinds = ["functional-area"]', 'kinds = ["functional-area", "village"]')
    text = text.replace('modules = ["n-market-supervision"]', 'modules = ["n-no-such-module"]')
    text = text.replace('id = "other"\ntitle = "其他单位"\nkinds = ["other"]\ntracks = ["1"]', 'id = "other"\ntitle = "其他单位"\nkinds = ["other"]\ntracks = ["N"]')
    plans.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    problems = check_course(open_course(course_copy)).problems
    found = {p.message: p.line for p in problems if p.path == plans}

    def line_of(fragment: str) -> int:
        return next(n for n, line in enumerate(lines, start=1) if fragment in line)

    assert found["单位类型不存在：village"] == line_of('"village"')
    assert found["模块不存在：n-no-such-module"] == line_of("n-no-such-module")
    assert found["计划 other 必须包含“1”全市通用轨道"] == line_of('tracks = ["N"]')


def test_without_plans_file_everyone_takes_the_city_track(course_copy: Path) -> None:
    (course_copy / "content" / "plans.toml").unlink()
    course = open_course(course_copy)
    plan = learner_plan(course, "yuzhong")
    assert list(plan.required) == course.tracks["1"].module_ids
    assert check_course(course).ok  # the file is optional


def test_a_broken_plans_file_is_reported_and_everyone_takes_the_city_track(course_copy: Path) -> None:
    (course_copy / "content" / "plans.toml").write_text('schema = 1\n[default\n', encoding="utf-8")
    course = open_course(course_copy)
    plan = learner_plan(course, "yuzhong")
    assert list(plan.required) == course.tracks["1"].module_ids
    assert [p.line for p in course.problems if p.path.name == "plans.toml"] == [2]


def test_next_step_priority(bundled) -> None:
    quizzes = {q.module for q in bundled.questions.values() if q.module}
    first, second = bundled.tracks["1"].module_ids[:2]
    read = ModuleProgress(read_at="2026-01-01T00:00:00+00:00")
    opened = ModuleProgress(study_seconds=120)
    # 1. a module opened but not read to the end
    learner = profile("yuzhong", **{first: read, second: opened})
    step = next_step(bundled, learner, quizzes, due=5)
    assert (step.kind, step.module_id) == (CONTINUE, second)
    # 2. the quiz of a module read but not passed
    learner.modules[second] = ModuleProgress(read_at="2026-01-01T00:00:00+00:00", passed=True)
    step = next_step(bundled, learner, quizzes, due=5)
    assert (step.kind, step.module_id) == (QUIZ, first)
    # 3. today's review
    learner.modules[first].passed = True
    assert next_step(bundled, learner, quizzes, due=5).kind == REVIEW
    # 4. the next required module
    step = next_step(bundled, learner, quizzes, due=0)
    assert (step.kind, step.module_id) == (READ, bundled.tracks["1"].module_ids[2])
    # 5. everything done: a mock exam
    for module_id in bundled.modules:
        learner.modules[module_id] = ModuleProgress(read_at="2026-01-01T00:00:00+00:00", passed=True)
    assert next_step(bundled, learner, quizzes, due=0).kind == EXAM


def test_next_step_prefers_required_modules(bundled) -> None:
    optional = "g41-fees"  # optional for a department
    required = "n-market-supervision"
    learner = profile("city-scjgj", **{optional.replace("-", "_"): ModuleProgress(study_seconds=60)})
    assert next_step(bundled, learner, None, 0).module_id == optional  # only one in progress
    learner.modules[required] = ModuleProgress(study_seconds=60)
    assert next_step(bundled, learner, None, 0).module_id == required
    # Every required module done: the optional ones come next, said as 选学.
    done = ModuleProgress(read_at="2026-01-01T00:00:00+00:00", passed=True)
    plan = learner_plan(bundled, "city-scjgj")
    fresh = profile("city-scjgj")
    fresh.modules.update({m: done for m in plan.required})
    step = next_step(bundled, fresh, None, 0)
    assert step.kind == READ and step.module_id == plan.optional[0] and "选学" in step.text


def test_a_read_module_without_a_quiz_is_done(bundled) -> None:
    first = bundled.tracks["1"].module_ids[0]
    learner = profile(None, **{first.replace("-", "_"): ModuleProgress(read_at="2026-01-01T00:00:00+00:00")})
    assert next_step(bundled, learner, set(), 0).module_id != first
    assert next_step(bundled, learner, None, 0).kind == QUIZ  # banks still loading: assume a quiz
