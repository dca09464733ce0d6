"""Pilot tests: from first run to a finished module quiz, and what was saved."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import Input, Select
from tui_helpers import answer_current, make_app, screen_text, wait_for

from govtui.core.profile_file import SCHEMA_VERSION
from govtui.core.progress import ProgressStore, profile_id_for
from govtui.tui.screens.home import HomeScreen
from govtui.tui.screens.profile import ProfileScreen
from govtui.tui.screens.quiz import QuizScreen
from govtui.tui.screens.reader import ReaderScreen


def saved(data_dir: Path, name: str) -> dict:
    path = data_dir / "profiles" / f"{profile_id_for(name)}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def test_first_run_asks_for_profile_then_shows_the_plan(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.query_one("#name", Input).has_focus
        for char in "王芳":
            await pilot.press(char)
        await pilot.press("enter")
        app.screen.query_one("#unit", Select).value = "yuzhong"
        await pilot.pause()
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "1+41+N" in text and "王芳（渝中区）" in text
        for title in ("【1】全市通用", "【41】区县", "【N】部门/领域"):
            assert title in text
        assert "年度报告概览" in text
        # on to the first module's quiz, straight from the plan
        await pilot.press("t")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        total = len(quiz.session.questions)
        for _ in range(total):
            await answer_current(pilot, correct=True)
            await pilot.press("enter")
            await pilot.pause()
        assert "通过，本模块已完成" in screen_text(app)
    data = saved(isolated_data_dir, "王芳")
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["profile"] == {**data["profile"], "name": "王芳", "unit": "yuzhong"}
    assert data["modules"]["report-overview"]["best_score"] == 100
    assert data["quiz_attempts"][0]["total"] == total


async def test_empty_name_is_refused_with_a_message(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert any("姓名" in n.message for n in app._notifications)
    assert not (isolated_data_dir / "profiles").exists()


async def test_read_module_and_pass_its_quiz_then_restart(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # the first module of track 1 is highlighted
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.module.id == "report-overview"
        assert "学习目标" in app.screen.sections[0][1]
        await pilot.press("end")
        await wait_for(pilot, lambda: "report-overview" in app.profile.modules and app.profile.modules["report-overview"].read)
        await pilot.press("t")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        total = len(quiz.session.questions)
        for _ in range(total):
            await answer_current(pilot, correct=True)
            assert "回答正确" in screen_text(app)
            await pilot.press("enter")
            await pilot.pause()
        assert f"得分：100 分（答对 {total}/{total} 题）" in screen_text(app)
        assert "通过，本模块已完成" in screen_text(app)
    data = saved(isolated_data_dir, "张三")
    module = data["modules"]["report-overview"]
    assert module["passed"] is True and module["best_score"] == 100 and "read_at" in module
    assert data["quiz_attempts"][0]["correct"] == total

    # a new start with the same data dir shows the same progress
    again = make_app(bundled, isolated_data_dir, profile="张三")
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(again)
        assert "年度报告概览：编制依据与总体情况  完成" in text
        assert "【1】全市通用 必修\n完成 1/" in text


async def test_failing_a_quiz_keeps_module_open_and_retry_works(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="李四")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        quiz = app.screen
        total = len(quiz.session.questions)
        for _ in range(total):
            await answer_current(pilot, correct=False)
            text = screen_text(app)
            assert "回答错误" in text and "正确答案：" in text and "出处：" in text
            await pilot.press("enter")
            await pilot.pause()
        assert "得分：0 分" in screen_text(app) and "未通过" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert quiz.session.index == 0 and not quiz.session.results
    progress = ProgressStore(isolated_data_dir).find("李四").modules["report-overview"]
    assert progress.attempts == 1 and progress.last_score == 0 and not progress.passed


async def test_existing_profiles_are_listed_on_start(bundled, isolated_data_dir: Path) -> None:
    store = ProgressStore(isolated_data_dir)
    store.create("甲", "wanzhou")
    store.create("乙", None)
    app = make_app(bundled, isolated_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "乙 · 未设置单位\n甲 · 万州区" in text  # sorted by name (Unicode order)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.profile.name == "甲"


async def test_damaged_progress_is_reported_and_kept(bundled, isolated_data_dir: Path) -> None:
    store = ProgressStore(isolated_data_dir)
    store.create("坏", None)
    path = store.path_for(profile_id_for("坏"))
    path.write_text("garbage = [", encoding="utf-8")
    app = make_app(bundled, isolated_data_dir, profile="坏")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any(n.title == "学习记录已损坏" for n in app._notifications)
    kept = list(path.parent.glob("*.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "garbage = ["


async def test_unit_can_be_set_later(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="新人")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "新人（未设置单位）" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        for char in "两江":
            await pilot.press(char)
        await pilot.press("enter")
        await pilot.pause()
        assert "新人（两江新区）" in screen_text(app)
    assert saved(isolated_data_dir, "新人")["profile"]["unit"] == "liangjiang"
