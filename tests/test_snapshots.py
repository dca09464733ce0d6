"""Snapshot tests pin the look of key screens at 80x24 and 120x40 (CJK text is two cells wide).

Run `pytest --snapshot-update` after an intended change and review the SVGs in the report.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from tui_helpers import make_app, wait_for

from govtui.core import clock
from govtui.core.progress import ProgressStore

# Screens show dates (the study calendar, the deadline form's default, history): one fixed "now",
# the same calendar day in UTC and UTC+8, so a snapshot does not change with the day it runs.
WHEN = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)



@pytest.fixture(autouse=True)
def _fixed_now():
    """Every snapshot in this file is taken at WHEN (dates on screen must not follow the calendar)."""
    with clock.frozen(WHEN):
        yield


@pytest.fixture
def app_with_progress(bundled, isolated_data_dir: Path):
    store = ProgressStore(isolated_data_dir)
    profile = store.create("张三", "yuzhong")
    profile.mark_read("report-overview")
    profile.mark_read("report-s1-power")
    profile.add_study_time("report-overview", 3900, when=WHEN)
    store.save(profile)
    app = make_app(bundled, isolated_data_dir, profile="张三")
    app.rng_seed = 7
    with clock.frozen(WHEN):
        yield app


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_home_plan(snap_compare, app_with_progress, size) -> None:
    """The 1+41+N plan: three track cards with completion, learner and study hours on top,
    modules listed under 【1】【41】【N】 headers with 已读 / 未学 status."""
    assert snap_compare(app_with_progress, terminal_size=size)


def test_reader(snap_compare, app_with_progress) -> None:
    """Module reader at 80x24: title, suggested time, learning objectives and sources first."""
    assert snap_compare(app_with_progress, terminal_size=(80, 24), press=["enter"])


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_quiz_feedback(snap_compare, app_with_progress, size) -> None:
    """A single-choice question in report-s1-power answered: red 回答错误 or green 回答正确, the
    correct answer with the letter the learner saw, the explanation and the source."""

    async def answer(pilot) -> None:
        await pilot.press("down", "t")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()

    assert snap_compare(app_with_progress, terminal_size=size, run_before=answer)


def test_article(snap_compare, app_with_progress) -> None:
    """《条例》第三十六条 with its seven items, the chapter on top, and the modules citing it."""

    async def open_article(pilot) -> None:
        from govtui.tui.screens.regulation import ArticleScreen

        await pilot.app.push_screen(ArticleScreen(36))
        await pilot.pause()

    assert snap_compare(app_with_progress, terminal_size=(80, 24), run_before=open_article)


def test_search(snap_compare, app_with_progress) -> None:
    """Searching 20个工作日 at 120x40: articles first, then module sections, each with a snippet."""

    async def search(pilot) -> None:
        await pilot.press("slash")
        await wait_for(pilot, lambda: pilot.app.screen.ready)
        box = pilot.app.screen.query_one("#query")
        box.value = "20个工作日"
        box.cursor_blink = False  # a blink caught mid-way changes the SVG (seen on a busy machine)
        await pilot.pause()

    assert snap_compare(app_with_progress, terminal_size=(120, 40), run_before=search)


def test_selfcheck_walk(snap_compare, bundled, isolated_data_dir: Path) -> None:
    """Self-check at 120x40: live score line, items grouped by area with status, the detail of the
    highlighted item (评估点, 检查方法, 依据, 整改建议, 学习模块) and a bar per area."""
    from datetime import date

    from govtui.core.selfcheck import SelfCheckStore, new_session
    from govtui.tui.screens.selfcheck import SelfCheckScreen

    session = new_session("石门镇人民政府", "township", ["王五"], date(2026, 11, 1))
    session.id = "sc-20261101-090000-abcd"
    items = bundled.checklist.items_for("township")
    for item, status in zip(items[:4], ("compliant", "partial", "noncompliant", "compliant"), strict=True):
        session.mark(item.id).status = status
    SelfCheckStore(isolated_data_dir).save(session)
    ProgressStore(isolated_data_dir).create("张三", "yuzhong")
    app = make_app(bundled, isolated_data_dir, profile="张三")

    async def open_session(pilot) -> None:
        await pilot.app.push_screen(SelfCheckScreen(session))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_session)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_deadline_calculator(snap_compare, app_with_progress, size) -> None:
    """Deadline calculator for 2026-09-28: the form on top, then the dates first (reply 2026-10-30
    星期五, extended 2026-11-27, 补正 2026-10-13), then the counting rule and the articles."""

    async def calculate(pilot) -> None:
        pilot.app.action_deadline()
        await pilot.pause()
        box = pilot.app.screen.query_one("#received")
        box.value = "2026-09-28"
        box.cursor_blink = False  # a blink caught mid-way changes the SVG (seen on a busy machine)
        await pilot.pause()

    assert snap_compare(app_with_progress, terminal_size=size, run_before=calculate)


def test_case_feedback(snap_compare, app_with_progress) -> None:
    """Case 国庆假期里签收的挂号信 at 80x24, first decision answered wrong: red 决定不妥, the
    feedback, the right choice, and 依据 quoting article 31 from regulation.txt."""

    async def decide(pilot) -> None:
        from govtui.tui.screens.case import CaseScreen

        await pilot.app.push_screen(CaseScreen(pilot.app.course.cases["case-post-holiday"]))
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()

    assert snap_compare(app_with_progress, terminal_size=(80, 24), run_before=decide)
