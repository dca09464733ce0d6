"""The title line and the key line (TitleBar, KeyBar) that replace Textual's Header and Footer."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static
from tui_helpers import make_app, wait_for

from govtui.tui.screens.help import HelpScreen
from govtui.tui.screens.home import HomeScreen
from govtui.tui.screens.reader import ReaderScreen
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.title_bar import TitleBar


def drawn_line(app, row: int) -> str:
    """A line of the screen as drawn (0 the top, -1 the bottom)."""
    return app.screen._compositor.render_strips()[row].text


def drawn_segments(app, row: int) -> list[tuple[str, object]]:
    return [(segment.text, segment.style) for segment in app.screen._compositor.render_strips()[row]]


def style_of(app, row: int, word: str):
    """The style a word of a drawn line was drawn in (the segment holding it)."""
    for text, style in drawn_segments(app, row):
        if word in text:
            return style
    raise AssertionError(f"{word!r} not drawn on line {row}: {drawn_line(app, row)!r}")


def cell_of(app, word: str) -> int:
    """The cell where `word` starts on the key line (Chinese is two cells a character)."""
    line = drawn_line(app, -1)
    assert word in line, line
    return cell_len(line[: line.index(word)])


async def click_key(pilot, word: str) -> None:
    """Click the key line where `word` is drawn, as a trainee would with the mouse."""
    await pilot.click(pilot.app.screen.query_one(KeyBar), offset=(cell_of(pilot.app, word), 0))
    await pilot.pause()


async def test_title_line_shows_the_app_title_and_follows_the_readers_sub_title(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "govtui 政府信息公开培训 — “1+41+N”培训计划" in drawn_line(app, 0)
        await app.push_screen(ReaderScreen(bundled.modules["reg-exemptions"]))
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and "节" in drawn_line(app, 0))
        reader = app.screen
        assert f"govtui 政府信息公开培训 — {reader.sub_title}" in drawn_line(app, 0)
        assert reader.sub_title.endswith("已读 0%")
        for _ in range(40):
            await pilot.press("space")
        await pilot.pause()
        assert drawn_line(app, 0).rstrip().endswith("已读 100%")
        assert len(reader.query(TitleBar)) == 1 and not reader.query_one(TitleBar).children
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and "“1+41+N”培训计划" in drawn_line(app, 0)
        reader.sub_title = "已关闭的页面"  # a late change reaching a popped screen's title line
        await pilot.pause()
        assert "已关闭的页面" not in drawn_line(app, 0)


async def test_title_line_shows_a_screen_title_in_place_of_the_apps(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.title = "别的标题"
        app.screen.sub_title = "副标题"
        await pilot.pause()
        assert "别的标题 — 副标题" in drawn_line(app, 0) and "govtui" not in drawn_line(app, 0)


class Toggles(Screen[None]):
    """A screen whose keys are shown, dimmed or hidden by `check_action`, and which swaps focus."""

    BINDINGS = [
        Binding("s", "save", "保存"),
        Binding("x", "export", "导出"),
        Binding("d", "delete", "删除"),
        Binding("z", "secret", "隐藏键", show=False),
    ]
    AUTO_FOCUS = ""  # nothing focused at first: the letter keys are the screen's
    state: bool | None = True
    saved = 0

    def compose(self) -> ComposeResult:
        yield Static("一页")
        yield Input(id="box")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return self.state
        return True

    def action_save(self) -> None:
        self.saved += 1

    def action_export(self) -> None:
        self.saved += 100


class Dialog(ModalScreen[None]):
    DEFAULT_CSS = "Dialog { align: center middle; } Dialog > Static { width: 20; height: 3; }"

    def compose(self) -> ComposeResult:
        yield Static("对话框")


class Little(App[None]):
    def get_default_screen(self) -> Screen:
        return Toggles()


async def test_key_line_dims_and_hides_keys_as_check_action_says_and_follows_focus_and_dialogs() -> None:
    app = Little()
    async with app.run_test(size=(80, 10)) as pilot:
        screen = app.screen
        assert isinstance(screen, Toggles)
        await pilot.pause()
        line = drawn_line(app, -1)
        assert "s 保存" in line and "x 导出" in line and "d 删除" in line
        assert "隐藏键" not in line  # show=False
        # Textual draws dim text in a colour blended towards the background.
        assert style_of(app, -1, "导出").color == style_of(app, -1, "保存").color
        screen.state = None  # not possible now: dimmed, as Footer showed it
        screen.refresh_bindings()
        await pilot.pause()
        assert "x 导出" in drawn_line(app, -1)
        assert style_of(app, -1, "导出").color != style_of(app, -1, "保存").color
        await click_key(pilot, "x 导出")  # a dimmed key does nothing when clicked
        assert screen.saved == 0
        screen.state = False  # hidden
        screen.refresh_bindings()
        await pilot.pause()
        assert "导出" not in drawn_line(app, -1) and "s 保存" in drawn_line(app, -1)
        # Focus in the text box: letters are typed there, so the letter keys leave the line.
        screen.query_one("#box").focus()
        await pilot.pause()
        assert "s 保存" not in drawn_line(app, -1) and "d 删除" not in drawn_line(app, -1)
        screen.set_focus(None)
        await pilot.pause()
        assert "s 保存" in drawn_line(app, -1)
        # A dialog on top: the screen underneath keeps its line; back again, it is still right.
        await app.push_screen(Dialog())
        await pilot.pause()
        assert "s 保存" in drawn_line(app, -1)
        app.pop_screen()
        await pilot.pause()
        screen.state = True
        screen.refresh_bindings()
        await pilot.pause()
        assert "x 导出" in drawn_line(app, -1)
        await click_key(pilot, "s 保存")
        assert screen.saved == 1
        # Hovering a key tells what it does, as Footer's tooltips did.
        bar = screen.query_one(KeyBar)
        await pilot.hover(bar, offset=(cell_of(app, "d 删除"), 0))
        await pilot.pause()
        assert bar.tooltip == "删除"


async def test_clicking_a_key_on_the_key_line_runs_it(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await click_key(pilot, "? 帮助")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await click_key(pilot, "e 考试")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ExamListScreen")
        await pilot.press("escape")
        await pilot.pause()
        # A key of a group (1 4 n 轨道): the click lands on that key, not on its neighbours.
        await click_key(pilot, "4 n 轨道")
        await pilot.pause()
        modules = app.screen.query_one("#modules")
        assert modules.get_option_at_index(modules.highlighted).id == bundled.tracks["41"].module_ids[0]
        # The command palette key at the right edge, as Footer showed it.
        assert drawn_line(app, -1).rstrip().endswith("▏^p 命令")
        await click_key(pilot, "^p 命令")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))


async def test_key_line_is_one_widget_and_ends_in_an_ellipsis_when_too_narrow(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(50, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert not bar.children
        line = drawn_line(app, -1)
        assert "…" in line and line.rstrip().endswith("▏^p 命令")  # the palette key stays in view
        assert "⏎ 阅读" in line
