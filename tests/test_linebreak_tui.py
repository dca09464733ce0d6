"""Chinese line breaking as rendered: reader, question options, dialogs, toasts and the self-check list.

Lines are read from what Textual renders (the screen's compositor, or a widget's own strips for
text scrolled out of view), not from the source text.
"""

from __future__ import annotations

import random
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget
from tui_helpers import make_app

from govtui.core.quiz import QuizSession
from govtui.core.selfcheck import new_session
from govtui.tui.screens.confirm import ConfirmDialog
from govtui.tui.screens.quiz import QuizScreen
from govtui.tui.screens.reader import ReaderScreen
from govtui.tui.screens.selfcheck import SelfCheckScreen
from govtui.tui.widgets.module_text import ModuleText

CLOSING = tuple("）)〕】」』》〉，。、：；！？…")
FRAME = " ▊▎▌▏│█▁▔▄▀╭╮╰╯─|"


def screen_region_lines(app, region: Region) -> list[str]:
    """The text the screen shows inside `region`, line by line."""
    strips = app.screen._compositor.render_strips()
    return [strip.crop(region.x, region.right).text for strip in strips[region.y : region.bottom]]


def widget_lines(widget: Widget) -> list[str]:
    """Every line a widget renders, including lines scrolled out of view."""
    width, height = widget.outer_size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


def starts_with_closing(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip(FRAME).startswith(CLOSING)]


def test_rich_and_textual_wrap_by_the_rule_once_the_app_exists(bundled, isolated_data_dir: Path) -> None:
    make_app(bundled, isolated_data_dir)  # installs the rule
    text = "一二三四，五六七八〔2019〕"
    rich_lines = [line.plain for line in Text(text).wrap(Console(width=40), 8)]
    assert rich_lines == ["一二三", "四，五六", "七八", "〔2019〕"]
    assert [line.plain for line in Content(text).wrap(8)] == rich_lines


async def test_reader_lines_keep_figures_whole_and_never_start_with_closing_punctuation(
    bundled, isolated_data_dir: Path
) -> None:
    app = make_app(bundled, isolated_data_dir, profile="甲")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for module_id, whole in (("report-s5-policy", "3.3万"), ("report-overview", "〔2019〕")):
            module = bundled.modules[module_id]
            await app.push_screen(ReaderScreen(module))
            await pilot.pause()
            lines = [strip.text for strip in app.screen.query_one(ModuleText).all_lines()]
            assert len(lines) > 40
            assert starts_with_closing(lines) == []
            # Every occurrence in the module is on one line (none split across two).
            sections = [text for _heading, text in app.screen.sections]
            assert sum(line.count(whole) for line in lines) == sum(s.count(whole) for s in sections) > 0
            visible = screen_region_lines(app, app.screen.query_one("#reader").content_region)
            assert starts_with_closing(visible) == []
            await pilot.press("escape")
            await pilot.pause()


def longest_option_question(course):
    return max(
        (q for q in course.questions.values() if q.type in ("single", "multiple")),
        key=lambda q: max(len(c) for c in q.choices),
    )


async def test_long_option_wraps_under_its_own_text_not_under_its_letter(bundled, isolated_data_dir: Path) -> None:
    question = longest_option_question(bundled)
    app = make_app(bundled, isolated_data_dir, profile="甲")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(QuizScreen("练习", QuizSession(None, [question], random.Random(3))))
        await pilot.pause()
        choices = app.screen.query_one("#choices")
        lines = [line.rstrip() for line in screen_region_lines(app, choices.content_region)]
        lines = [line for line in lines if line.strip()]
        submit_line = 1 if question.type == "multiple" else 0
        assert len(lines) > len(question.choices) + submit_line  # a long option took two lines
        letter_rows = [n for n, line in enumerate(lines) if line[:2] in {"A．", "B．", "C．", "D．"}]
        assert len(letter_rows) == len(question.choices)
        # Continuation lines start where the option's text starts: after "A．" and "[ ] " if ticked.
        indent = cell_len("A．[ ] " if question.type == "multiple" else "A．")
        continued = [line for n, line in enumerate(lines) if n not in letter_rows and "提交答案" not in line]
        assert continued
        for line in continued:
            assert len(line) - len(line.lstrip(" ")) == indent, lines
        assert starts_with_closing(lines) == []
        stem = screen_region_lines(app, app.screen.query_one("#stem").content_region)
        assert starts_with_closing(stem) == []


async def test_dialog_text_does_not_start_a_line_with_closing_punctuation(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="甲")
    question = "确定放弃吗？" + "已作答的题目不计成绩，已记入错题本的内容保留，共3.3万余条。" * 2
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(ConfirmDialog(question))
        await pilot.pause()
        label = app.screen.query_one(".dialog-title")
        lines = screen_region_lines(app, label.content_region)
        assert len([line for line in lines if line.strip()]) >= 2
        assert starts_with_closing(lines) == []
        assert "3.3万余条" in "\n".join(lines)


async def test_toasts_show_every_character_of_a_wrapped_message(bundled, isolated_data_dir: Path) -> None:
    message = "已把12个模块的345道题加入今日复习，请在首页按r开始复习；这是一条很长的提示，看看最后一个字符是否会丢失。"
    for size in ((60, 20), (80, 24), (81, 24), (120, 40)):
        app = make_app(bundled, isolated_data_dir, profile="甲")
        async with app.run_test(size=size, notifications=True) as pilot:
            await pilot.pause()
            app.notify(message, timeout=30)
            await pilot.pause(0.2)
            toast = app.screen.query_one("Toast")
            lines = screen_region_lines(app, toast.content_region)
            assert "".join(line.strip() for line in lines) == message, (size, lines)
            assert starts_with_closing(lines) == []


async def test_selfcheck_list_keeps_status_beside_its_point_and_whole_area_names(
    bundled, isolated_data_dir: Path
) -> None:
    app = make_app(bundled, isolated_data_dir, profile="甲")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(SelfCheckScreen(new_session("石门镇人民政府", "township", [], None)))
        await pilot.pause()
        items = app.screen.query_one("#check-items")
        lines = [line.rstrip() for line in screen_region_lines(app, items.content_region)]
        status_rows = [line for line in lines if line.lstrip().startswith("未评")]
        assert len(status_rows) >= 2
        for row in status_rows:
            assert len(row.strip()) > len("未评") + 4, lines  # the point starts on the status line
        assert starts_with_closing(lines) == []
        shown = app.screen.query_one("#check-detail").plain.replace("\n", "")
        for area in bundled.checklist.areas:
            if any(i.area == area.id for i in bundled.checklist.items_for("township")):
                assert area.name in shown  # whole, wrapped rather than cut
