"""Pilot tests for the annual-report check screen, reached from the command palette."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, OptionList
from tui_helpers import make_app, screen_text, wait_for

from govtui.tui.screens.prompt import PromptDialog
from govtui.tui.screens.regulation import ArticleScreen
from govtui.tui.screens.report_check import ReportCheckScreen
from govtui.tui.screens.sources import SourcesDialog

FIXTURES = Path(__file__).parent / "fixtures" / "annual-reports"
SHANGHAI = FIXTURES / "shanghai-2019-city-office.html"


def highlight(app, text: str) -> None:
    """Move the highlight to the first finding whose label contains `text`."""
    findings = app.screen.query_one("#findings", OptionList)
    for index in range(findings.option_count):
        if text in str(findings.get_option_at_index(index).prompt):
            findings.highlighted = index
            return
    raise AssertionError(f"no finding with {text!r}")


async def open_check(pilot, path: Path) -> None:
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
    app.screen.query_one(Input).value = "检查年度报告"
    await pilot.pause(0.3)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog))
    app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ReportCheckScreen) and app.screen.result is not None)


async def test_palette_opens_the_check_and_findings_are_grouped_by_table(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await open_check(pilot, SHANGHAI)
        text = screen_text(app)
        assert "错误 2，警告 28" in text
        headers = [line for line in text.splitlines() if line.startswith("表") or line.startswith("正文")]
        # Groups with errors first, then the tables in the report's order.
        assert headers == ["正文数字与表格（3）", "表二 收到和处理政府信息公开申请情况（24）", "表三 行政复议、行政诉讼情况（3）"]
        # Each finding sits under its table.
        assert text.index("正文数字与表格（3）") < text.index("予以公开及部分公开258件") < text.index("表二 收到")
        assert text.index("表三 行政复议") < text.index("复议后起诉")


async def test_enter_on_a_finding_opens_its_article(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(ReportCheckScreen(SHANGHAI))
        await wait_for(pilot, lambda: isinstance(app.screen, ReportCheckScreen) and app.screen.result is not None)
        # 国家秘密 rests on art. 14 and, as part of the report, on art. 50: the learner chooses.
        highlight(app, "1.属于国家秘密")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcesDialog))
        assert "第十四条" in screen_text(app) and "第五十条" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
        assert app.screen.number == 14
        assert "国家秘密" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportCheckScreen))
        # A text-against-table finding rests on art. 50 alone: it opens directly.
        highlight(app, "无法提供265件")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
        assert app.screen.number == 50


async def test_report_text_is_shown_literally_and_recheck_reads_the_file_again(
    bundled, isolated_data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("[bold]某县2024年政府信息公开工作年度报告\n全年共收到政府信息公开申请3件。\n", encoding="utf-8")
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await open_check(pilot, path)
        text = screen_text(app)
        assert "[bold]某县2024年" in text
        assert "收到政府信息公开申请3件" in text  # noted: no table to check it against
        path.write_text("某县2024年政府信息公开工作年度报告\n", encoding="utf-8")
        await pilot.press("r")
        await wait_for(pilot, lambda: "申请3件" not in screen_text(app))


async def test_a_missing_file_is_reported_at_the_prompt(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one(Input).value = "检查年度报告"
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog))
        app.screen.query_one(Input).value = "/nonexistent/report.html"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ReportCheckScreen)
        assert any("找不到文件" in str(n.message) for n in app._notifications)
