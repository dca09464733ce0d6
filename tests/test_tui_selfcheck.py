"""Pilot tests for a whole self-check session, resuming it, and the result screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList
from tui_helpers import make_app, screen_text

from govtui.core.selfcheck import SelfCheckStore
from govtui.tui.screens.prompt import PromptDialog
from govtui.tui.screens.selfcheck import (
    SelfCheckListScreen,
    SelfCheckResultScreen,
    SelfCheckScreen,
    SelfCheckStartScreen,
    short_point,
)

# What the team answers for the township items, by position in the walk (the rest: 符合).
PLAN = {0: "2", 1: "3", 2: "4", 5: "2", 9: "3", 14: "4"}


async def start_township_session(pilot, app) -> SelfCheckScreen:
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, SelfCheckListScreen)
    assert "还没有自查记录" in screen_text(app)
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(app.screen, SelfCheckStartScreen)
    for char in "石门镇人民政府":
        await pilot.press(char)
    app.screen.query_one("#participants", Input).value = "王五、赵六"
    await pilot.click("#begin")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SelfCheckScreen)
    assert screen.session.level == "township" and screen.session.participants == ["王五", "赵六"]
    return screen


async def answer_item(pilot, app, key: str) -> None:
    await pilot.press(key)
    await pilot.pause()
    if key == "4":
        assert isinstance(app.screen, PromptDialog)
        for char in "本镇无此职责":
            await pilot.press(char)
        await pilot.press("enter")
        await pilot.pause()


async def test_whole_township_session_scores_like_a_hand_computation(bundled, isolated_data_dir: Path) -> None:
    checklist = bundled.checklist
    items = checklist.items_for("township")
    app = make_app(bundled, isolated_data_dir, profile="自查员")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await start_township_session(pilot, app)
        for position, item in enumerate(items):
            assert screen.current is item, f"walk is at {screen.current.id}, expected {item.id}"
            await answer_item(pilot, app, PLAN.get(position, "1"))
        await pilot.press("z")  # the walk stays on the last item: add evidence to it
        await pilot.pause()
        for char in "会议记录":
            await pilot.press(char)
        await pilot.press("enter")
        await pilot.pause()
        # hand computation: 符合 1, 基本符合 0.5, 不符合 0, 不适用 excluded
        credit = {"1": 1.0, "2": 0.5, "3": 0.0}
        counted = [(i, PLAN.get(p, "1")) for p, i in enumerate(items) if PLAN.get(p, "1") != "4"]
        expected = round(100 * sum(i.weight * credit[k] for i, k in counted) / sum(i.weight for i, _ in counted), 1)
        assert f"当前得分 {expected:.1f}" in screen_text(app)
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, SelfCheckResultScreen)
        text = screen_text(app)
        assert f"总分：{expected:.1f}" in text and "不适用 2 项" in text and f"共 {len(items)} 项" in text
        gaps = app.screen.query_one("#gaps", OptionList)
        gap_ids = [gaps.get_option_at_index(i).id for i in range(gaps.option_count)]
        expected_gaps = sorted(
            [(items[p], k) for p, k in PLAN.items() if k in ("2", "3")],
            key=lambda g: (-g[0].weight, g[1] != "3", g[0].id),
        )
        assert gap_ids == [i.id for i, _ in expected_gaps]
        await pilot.press("l")
        await pilot.pause()
        assert app.profile.due_questions(), "gap modules' questions were added to today's review"
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ in ("ReaderScreen", "SourcesDialog")
    stored = SelfCheckStore(isolated_data_dir).list()[0][0]
    assert stored.marks[items[-1].id].evidence == ["会议记录"]
    assert stored.marks[items[2].id].reason == "本镇无此职责"


async def test_quit_mid_session_and_resume(bundled, isolated_data_dir: Path) -> None:
    items = bundled.checklist.items_for("township")
    app = make_app(bundled, isolated_data_dir, profile="自查员")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await start_township_session(pilot, app)
        await answer_item(pilot, app, "3")
        await answer_item(pilot, app, "2")
        await pilot.press("b")
        await pilot.pause()
        for char in "待补材料":
            await pilot.press(char)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("q")  # quit in the middle
    again = make_app(bundled, isolated_data_dir, profile="自查员")
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert "石门镇人民政府" in screen_text(again) and "进行中" in screen_text(again)
        await pilot.press("enter")
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, SelfCheckScreen)
        marks = screen.session.marks
        assert marks[items[0].id].status == "noncompliant"
        assert marks[items[1].id].status == "partial" and marks[items[2].id].notes == "待补材料"
        assert screen.current is items[2], "resumes at the first item not yet assessed"
        assert "已评 2/" in screen_text(again)


async def test_result_compares_with_previous_session_and_exports(bundled, isolated_data_dir: Path) -> None:
    from datetime import date

    from govtui.core.selfcheck import new_session

    items = bundled.checklist.items_for("county-dept")
    store = SelfCheckStore(isolated_data_dir)
    earlier = new_session("区教委", "county-dept", ["甲"], date(2025, 11, 1))
    later = new_session("区教委", "county-dept", ["甲"], date(2026, 11, 1))
    for item in items:
        earlier.mark(item.id).status = "noncompliant" if item is items[0] else "compliant"
        later.mark(item.id).status = "compliant"
    store.save(earlier)
    store.save(later)
    app = make_app(bundled, isolated_data_dir, profile="自查员")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.push_screen(SelfCheckResultScreen(store.load(later.id)))
        await pilot.pause()
        text = screen_text(app)
        assert "总分：100.0" in text and "与上次自查（2025-11-01）相比" in text and "1 项结果有变化" in text
        assert f"{short_point(items[0])}：不符合 → 符合" in text and items[0].id not in text
        assert "没有需要整改的项目" in text
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#formats", OptionList).highlighted = 2  # csv
        await pilot.press("enter")
        await pilot.pause()
    exported = isolated_data_dir / "exports" / f"{later.id}.csv"
    data = exported.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and items[0].point.encode() in data


async def test_finished_session_is_locked_until_reopened(bundled, isolated_data_dir: Path) -> None:
    from datetime import date

    from govtui.core.selfcheck import new_session

    store = SelfCheckStore(isolated_data_dir)
    session = new_session("某街道办事处", "township", [], date(2026, 11, 2))
    store.save(session)
    app = make_app(bundled, isolated_data_dir, profile="自查员")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        walk = SelfCheckScreen(store.load(session.id))
        await app.push_screen(walk)
        await pilot.pause()
        await pilot.press("1", "j")
        await pilot.pause()
        await pilot.press("f")  # finish, though most items are not assessed
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert any("本次自查已完成" in n.message for n in app._notifications)
        first = bundled.checklist.items_for("township")[1]
        assert walk.session.marks.get(first.id) is None
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("f")  # reopen
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert walk.session.marks[first.id].status == "noncompliant"
    assert store.load(session.id).finished_at is None


async def test_problems_in_lazily_loaded_files_are_reported(course_copy: Path, isolated_data_dir: Path) -> None:
    from govtui.core.course import open_course

    bank = course_copy / "quizzes" / "reg-ch1-general.toml"
    bank.write_text(bank.read_text(encoding="utf-8") + "\n[[questions]\n", encoding="utf-8")
    app = make_app(open_course(course_copy), isolated_data_dir, profile="甲")
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):  # question banks load in a thread after the first paint
            await pilot.pause(0.1)
            if app.screen.quiz_modules is not None:
                break
        await pilot.pause()
        assert any("reg-ch1-general.toml" in n.message and "govtui check" in n.message for n in app._notifications)


def test_finished_score_is_kept_in_the_record(bundled, isolated_data_dir: Path) -> None:
    from datetime import date

    from govtui.core.selfcheck import new_session, score_session

    store = SelfCheckStore(isolated_data_dir)
    session = new_session("某镇", "township", ["甲"], date(2026, 1, 5))
    first = bundled.checklist.items_for("township")[0]
    session.mark(first.id).status = "partial"
    session.finished_at = "2026-01-05T10:00:00+08:00"
    session.finished_score = score_session(bundled.checklist, session).score
    store.save(session)
    again = store.load(session.id)
    assert again.finished_score == 50.0 and again.finished_at == session.finished_at


async def test_a_session_open_in_another_window_is_read_only(bundled, isolated_data_dir: Path) -> None:
    from datetime import date

    from govtui.core.selfcheck import new_session

    store = SelfCheckStore(isolated_data_dir)
    session = new_session("某镇人民政府", "township", [], date(2026, 11, 2))
    store.save(session)
    before = store.path_for(session.id).read_bytes()
    other_window = store.lock(session.id)
    assert other_window is not None
    app = make_app(bundled, isolated_data_dir, profile="自查员")
    try:
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.pause()
            walk = SelfCheckScreen(store.load(session.id))
            await app.push_screen(walk)
            await pilot.pause()
            assert any("另一个窗口" in str(n.message) for n in app._notifications)
            assert "只读" in screen_text(app)
            await pilot.press("1", "2")
            await pilot.pause()
            assert not any(m.status for m in walk.session.marks.values())
    finally:
        other_window.release()
    assert store.path_for(session.id).read_bytes() == before
