"""Pilot tests: the learner's plan on home and the plan screen, and the next-step key (d)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from tui_helpers import answer, answer_current, make_app, screen_text, wait_for

from govtui.core.course import open_course
from govtui.tui.screens.home import HomeScreen
from govtui.tui.screens.plan import PlanScreen
from govtui.tui.screens.quiz import QuizScreen
from govtui.tui.screens.reader import ReaderScreen
from govtui.tui.screens.review import ReviewScreen


async def choose_unit(pilot, words: str) -> None:
    """Set the unit as a learner does: u, type part of the name, Enter."""
    await pilot.press("u")
    await pilot.pause()
    for char in words:
        await pilot.press(char)
    await pilot.press("enter")
    await pilot.pause()


def required_on_home(app) -> list[str]:
    """Module ids listed under 我的计划, before the 选学 heading."""
    option_list = app.screen.query_one("#modules", OptionList)
    ids = []
    for index in range(option_list.option_count):
        option = option_list.get_option_at_index(index)
        if str(option.prompt).startswith("选学"):
            break
        if option.id:
            ids.append(option.id)
    return ids


async def test_district_and_department_learners_see_different_required_plans(bundled, isolated_data_dir: Path) -> None:
    track = {m.id: m.track for m in bundled.modules.values()}
    district = make_app(bundled, isolated_data_dir, profile="区县学员")
    async with district.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # No unit yet: the city-wide plan and a hint to choose a unit.
        assert {track[m] for m in required_on_home(district)} == {"1"}
        assert "按 u 设置单位" in screen_text(district)
        await choose_unit(pilot, "渝中")
        text = screen_text(district)
        assert "你的单位是渝中区，属于区县，因此必修“1”“41”。" in text
        assert "我的计划 · 必修 25 个模块" in text and "【41】区县 必修" in text
        shown = required_on_home(district)
        assert {track[m] for m in shown} == {"1", "41"} and "n-market-supervision" not in shown
    department = make_app(bundled, isolated_data_dir, profile="部门学员")
    async with department.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await choose_unit(pilot, "市场监管")
        text = screen_text(department)
        assert "你的单位是市市场监管局，属于市级部门" in text and "【41】区县 选学" in text
        shown = required_on_home(department)
        assert {track[m] for m in shown} == {"1", "N"} and "n-market-supervision" in shown
        assert "g41-fees" not in shown
        # The plan screen explains 1+41+N and why, module by module.
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(department.screen, PlanScreen)
        text = screen_text(department)
        assert "“1+41+N”培训体系" in text and "本领域（市场监管）" in text
        assert "不是《条例》的规定" in text


async def test_plan_on_home_comes_from_the_course_data(course_copy: Path, isolated_data_dir: Path) -> None:
    plans = course_copy / "content" / "plans.toml"
    text = plans.read_text(encoding="utf-8")
    # Districts now also take the market-supervision module, and not the whole "41".
    plans.write_text(
        text.replace(
            'kinds = ["district", "county", "autonomous-county"]\ntracks = ["1", "41"]',
            'kinds = ["district", "county", "autonomous-county"]\ntracks = ["1"]\nmodules = ["n-market-supervision"]',
        ),
        encoding="utf-8",
    )
    course = open_course(course_copy)
    app = make_app(course, isolated_data_dir, profile="区县学员")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await choose_unit(pilot, "渝中")
        shown = required_on_home(app)
        assert shown == course.tracks["1"].module_ids + ["n-market-supervision"]
        assert "我的计划 · 必修 16 个模块" in screen_text(app)


async def test_next_step_key_on_home_and_on_the_quiz_result(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="下一步")
    app.rng_seed = 3
    first, second = bundled.tracks["1"].module_ids[:2]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "下一步：学习下一个必修模块《年度报告概览：编制依据与总体情况》（按 d）" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.module.id == first
        await pilot.press("end")
        await wait_for(pilot, lambda: app.profile.modules[first].read)
        await pilot.press("escape")
        await pilot.pause()
        # Read but not passed: the next step is its quiz.
        assert "下一步：《年度报告概览：编制依据与总体情况》已读，参加测验" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.module.id == first
        for _ in range(len(quiz.session.questions)):
            await answer_current(pilot, correct=True)
            await pilot.press("enter")
            await pilot.pause()
        assert "通过，本模块已完成" in screen_text(app)
        assert "下一步：学习下一个必修模块《（一）推进权力运行信息公开》（按 d）" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        # The result screen closed: home, then the next module (the stack does not grow).
        assert isinstance(app.screen, ReaderScreen) and app.screen.module.id == second
        assert [type(s) for s in app.screen_stack[-2:]] == [HomeScreen, ReaderScreen]


async def test_next_step_is_todays_review_and_the_review_end_says_what_next(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="复习者")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        ids = [q.id for q in bundled.module_questions("report-overview")[:2]]
        app.profile.schedule_now(ids)
        app.screen.refresh_plan()
        await pilot.pause()
        assert "下一步：做今天的复习（2题到期）" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        for _ in ids:
            card = review.session.current
            await answer(pilot, card, review.session.orders[card.id], correct=True)
            await pilot.press("enter")  # confirms the preselected rating (良好)
            await pilot.pause()
        assert "本次复习小结" in screen_text(app)
        assert "下一步：学习下一个必修模块《年度报告概览：编制依据与总体情况》" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.module.id == "report-overview"
