"""Pilot tests: the deadline and fee calculators and a case simulation, driven by keys."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import make_app, screen_text, wait_for

from govtui.core.progress import ProgressStore
from govtui.core.questions import LETTERS
from govtui.tui.screens.case import CaseScreen
from govtui.tui.screens.cases import CaseListScreen
from govtui.tui.screens.deadline import DeadlineScreen
from govtui.tui.screens.fee import FeeScreen
from govtui.tui.screens.notebook import NotebookScreen


async def open_from_palette(pilot, words: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*words)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def type_into(pilot, app, selector: str, text: str) -> None:
    box = app.screen.query_one(selector)
    box.value = ""
    box.focus()
    await pilot.press(*text)
    await pilot.pause()


async def test_deadline_screen_from_palette(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="甲")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await open_from_palette(pilot, "期限计算器")
        await wait_for(pilot, lambda: isinstance(app.screen, DeadlineScreen))
        await type_into(pilot, app, "#received", "2026-09-28")
        text = screen_text(app)
        assert "答复期限（不能当场答复的）：2026-10-30 星期五" in text
        assert "一次性告知补正的最后一天：2026-10-13 星期二" in text
        assert "第二百零一条" in text and "第三十三条 行政机关收到政府信息公开申请" in text
        await type_into(pilot, app, "#consult", "2026-10-09:2026-10-16")
        assert "答复期限（不能当场答复的）：2026-11-09 星期一" in screen_text(app)
        await type_into(pilot, app, "#completed", "2026-09-01")
        assert "无法计算：补正后申请的收到日 2026-09-01 早于收到申请之日" in screen_text(app)
        await type_into(pilot, app, "#received", "2026-13-01")
        assert "无法计算：没有这一天" in screen_text(app)


async def test_fee_screen_from_search(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="甲")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.action_search("信息处理费计算器")
        await pilot.pause()
        await wait_for(pilot, lambda: app.screen.query("#hits") and app.screen.query_one("#hits").option_count > 0)
        app.screen.action_focus_results()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FeeScreen))
        await type_into(pilot, app, "#quantity", "35")
        text = screen_text(app)
        assert "第31—40件：5件 × 200元 = 1000元" in text and "合计：3000元" in text
        app.screen.query_one("#way").value = "pages"
        await type_into(pilot, app, "#quantity", "250")
        text = screen_text(app)
        assert "第201页以上：50页 × 40元 = 2000元" in text and "合计：4700元" in text
        assert "【推断/未核实】" in text


async def walk_case(pilot, app, screen: CaseScreen, right: bool) -> None:
    for step in screen.case.steps:
        choice = step.answer if right else (step.answer + 1) % len(step.choices)
        await pilot.press(LETTERS[choice].lower())
        await pilot.pause()
        text = screen_text(app)
        assert ("决定正确" if right else "决定不妥") in text
        assert "依据" in text
        await pilot.press("enter")
        await pilot.pause()


async def test_case_walked_right_then_wrong_and_counted(bundled, isolated_data_dir: Path) -> None:
    case = bundled.cases["case-third-party"]
    app = make_app(bundled, isolated_data_dir, profile="甲")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await open_from_palette(pilot, "案例演练")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseListScreen))
        cases = app.screen.query_one("#cases")
        cases.highlighted = list(bundled.cases).index(case.id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        screen = app.screen
        # First step, right: the feedback quotes art. 32 from regulation.txt.
        await pilot.press(LETTERS[case.steps[0].answer].lower())
        await pilot.pause()
        assert "《条例》第三十二条：「依申请公开的政府信息公开会损害第三方合法权益的，行政机关应当书面征求第三方的意见。」" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        for step in case.steps[1:]:
            await pilot.press(LETTERS[step.answer].lower())
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert f"本案例得分：100 分（{len(case.steps)}/{len(case.steps)} 个决定正确）" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "最好 100 分" in screen_text(app)

        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen) and app.screen is not screen)
        await walk_case(pilot, app, app.screen, right=False)
        text = screen_text(app)
        assert "本案例得分：0 分" in text and "不妥的决定（已收入错题本和复习）" in text
        await pilot.press("escape")
        await pilot.pause()

    saved = ProgressStore(isolated_data_dir).find("甲")
    assert [a.score for a in saved.case_attempts] == [100, 0]
    assert all(saved.case_attempts[0].answers.values()) and not any(saved.case_attempts[1].answers.values())
    ids = [case.question_id(s) for s in case.steps]
    assert set(saved.notebook()) == set(ids)
    assert all(saved.questions[i].card for i in ids)  # scheduled for FSRS review


async def test_wrong_case_decision_shows_in_the_notebook(bundled, isolated_data_dir: Path) -> None:
    case = bundled.cases["case-fee"]
    app = make_app(bundled, isolated_data_dir, profile="乙")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await app.push_screen(CaseScreen(case))
        await pilot.pause()
        step = case.steps[1]
        await pilot.press(LETTERS[case.steps[0].answer].lower(), "enter")
        await pilot.pause()
        await pilot.press(LETTERS[(step.answer + 1) % len(step.choices)].lower())
        await pilot.pause()
        text = screen_text(app)
        assert "应当选择：B．这一件200元；合计3000元" in text
        assert "参考材料：国办函〔2020〕109号" in text and "未核实" in text
        await pilot.press("escape")  # leave mid-case: asks first
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await app.push_screen(NotebookScreen())
        await pilot.pause()
        assert "第35件" in screen_text(app)
    saved = ProgressStore(isolated_data_dir).find("乙")
    assert saved.case_attempts == []  # not finished: not scored
    assert saved.notebook() == [case.question_id(step)]
