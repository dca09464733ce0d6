"""The search screen and the self-check list are prepared while home sits idle and kept between
visits (issue 15: `/` and `c` paint in two frames). What a trainee sees must be as if each were
built anew: the search starts empty, the list has the sessions on disk now, both at the
terminal's current size, in the current theme, with the focus where a new screen puts it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList
from tui_helpers import make_app, screen_text, wait_for

from govtui.core.selfcheck import SelfCheckStore, new_session
from govtui.tui.screens.search import SEARCH_SCREEN, SearchScreen
from govtui.tui.screens.selfcheck import SELFCHECK_SCREEN, SelfCheckListScreen, SelfCheckStartScreen
from govtui.tui.themes import HIGH_CONTRAST


async def _prepared(pilot, name: str):
    app = pilot.app
    await wait_for(pilot, lambda: app.prewarm_worker is not None and app.prewarm_worker.is_finished)
    await wait_for(pilot, lambda: app.is_screen_installed(name) and app.get_screen(name).is_mounted)
    await pilot.pause(0.1)  # its render ahead, after the next refresh
    screen = app.get_screen(name)
    assert not screen.is_current
    return screen


@contextlib.contextmanager
def screens_painted(app) -> Iterator[list[object]]:
    """The screen of each paint while inside (a paint: a screen update rendered for the terminal)."""
    paints: list[object] = []
    display = app._display

    def counted(screen, renderable) -> None:
        if renderable is not None:
            paints.append(screen)
        display(screen, renderable)

    app._display = counted
    try:
        yield paints
    finally:
        app._display = display


async def test_slash_shows_the_prepared_search_and_every_opening_starts_empty(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        prepared = await _prepared(pilot, SEARCH_SCREEN)
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen is prepared
        for char in "公开":
            await pilot.press(char)
        await wait_for(pilot, lambda: "找到" in screen_text(app))
        await pilot.press("down")  # into the results
        await pilot.pause()
        assert isinstance(prepared.focused, OptionList)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen is prepared
        box = prepared.query_one("#query", Input)
        assert box.value == "" and prepared.focused is box
        assert prepared.query_one("#hits", OptionList).option_count == 0
        assert "找到" not in screen_text(app) and "输入关键词开始搜索" in screen_text(app)
        await pilot.press("公")  # typing goes to the box at once
        await wait_for(pilot, lambda: "找到" in screen_text(app))
        assert box.value == "公"


async def test_a_search_asked_for_from_elsewhere_opens_the_kept_screen_with_its_words(
    bundled, isolated_data_dir: Path
) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        prepared = await _prepared(pilot, SEARCH_SCREEN)
        app.action_search("过程性信息")
        await pilot.pause()
        assert app.screen is prepared
        box = prepared.query_one("#query", Input)
        assert box.value == "过程性信息" and box.cursor_position == len("过程性信息")
        assert "找到" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert prepared.query_one("#query", Input).value == ""


async def test_the_kept_search_is_laid_out_at_the_size_the_terminal_has_when_it_opens(
    bundled, isolated_data_dir: Path
) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        prepared = await _prepared(pilot, SEARCH_SCREEN)
        assert prepared.query_one("#query", Input).size.width <= 80
        await pilot.resize_terminal(120, 40)  # while home is shown and the search is hidden
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen is prepared and prepared.size == (120, 40)
        assert prepared.query_one("#query", Input).size.width > 100
        assert prepared.query_one("#hits", OptionList).size.height > 24


async def test_the_kept_search_takes_a_theme_chosen_while_it_was_hidden(bundled, isolated_data_dir: Path) -> None:
    """A kept screen skips Textual's restyle on showing only when the app's styles are unchanged."""
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        prepared = await _prepared(pilot, SEARCH_SCREEN)
        before = prepared.query_one("#query", Input).styles.background
        app.theme = HIGH_CONTRAST.name
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen is prepared
        kept = prepared.query_one("#query", Input).styles.background
        await pilot.press("escape")
        await pilot.pause()
        await app.push_screen(SearchScreen())  # a new one, styled from scratch in this theme
        await pilot.pause()
        assert app.screen is not prepared
        assert kept == app.screen.query_one("#query", Input).styles.background != before


async def test_c_shows_the_prepared_list_with_the_sessions_on_disk_now(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    store = SelfCheckStore(isolated_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        prepared = await _prepared(pilot, SELFCHECK_SCREEN)
        assert "还没有自查记录" in "\n".join(str(o.prompt) for o in prepared.query_one("#sessions", OptionList).options)
        made = new_session("石门镇人民政府", "township", [])  # after the list was prepared
        store.save(made)
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is prepared and isinstance(prepared, SelfCheckListScreen)
        sessions = prepared.query_one("#sessions", OptionList)
        assert "石门镇人民政府" in screen_text(app) and "还没有自查记录" not in screen_text(app)
        assert prepared.focused is sessions and sessions.highlighted == 0
        await pilot.press("escape")
        await pilot.pause()
        store.path_for(made.id).unlink()  # deleted while the list is hidden
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is prepared
        assert "石门镇人民政府" not in screen_text(app) and "还没有自查记录" in screen_text(app)


async def test_a_session_created_from_the_kept_list_is_listed_when_it_is_opened_again(
    bundled, isolated_data_dir: Path
) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(120, 40)) as pilot:
        prepared = await _prepared(pilot, SELFCHECK_SCREEN)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is prepared and prepared.size == (80, 24)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, SelfCheckStartScreen))
        start = app.screen
        start.query_one("#agency", Input).value = "某某街道办事处"
        await pilot.click("#begin")
        await wait_for(pilot, lambda: app.screen is not start)
        await pilot.press("escape")  # from the session, back to the list
        await wait_for(pilot, lambda: app.screen is prepared)
        await pilot.press("escape")  # home
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is prepared
        assert "某某街道办事处" in screen_text(app)
        assert prepared.focused is prepared.query_one("#sessions", OptionList)


@pytest.mark.parametrize("kept", [True, False], ids=["kept reader", "closed reader"])
async def test_back_from_the_reader_repaints_home_once(bundled, isolated_data_dir: Path, kept: bool) -> None:
    """Esc from a module just read: home is repainted once, with its plan redrawn (the module now
    read), not once more when a closed reader is removed (Textual relaid home out for that)."""
    from govtui.tui.screens.home import HomeScreen
    from govtui.tui.screens.reader import READER_SCREEN, ReaderScreen

    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await _prepared(pilot, SEARCH_SCREEN)  # idle-time work done: nothing else paints
        home = app.screen
        if kept:
            await pilot.press("enter")
        else:  # a reader that is not kept: a module opened from another module's link
            await app.push_screen(ReaderScreen(next(iter(bundled.modules.values()))))
        await wait_for(pilot, lambda: app.screen is not home and "已读" in (app.screen.sub_title or ""))
        assert (app.screen is app.get_screen(READER_SCREEN)) == kept
        reader = app.screen
        await pilot.pause(0.3)
        with screens_painted(app) as paints:
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is home and reader.is_attached == kept)
            await pilot.pause(0.3)
        assert isinstance(app.screen, HomeScreen)
        assert paints == [home], f"{len(paints)} paints after Esc"


async def test_the_first_quiz_and_its_answers_paint_the_quiz_screen_once_each(bundled, isolated_data_dir: Path) -> None:
    """Issue 15: on the quiz screen prepared in idle time, starting the first quiz, answering and
    the next question each paint the quiz screen once. Home, covered by the quiz, is not repainted
    (Textual repaints a covered screen for a see-through dialog), the choices measured as they are
    first drawn ask for no second frame, and a layout's own paint of what it moved is not made
    before the repaint of the whole screen that follows it in the same frame."""
    import random

    from govtui.core.quiz import QuizSession
    from govtui.tui.screens.quiz import QUIZ_SCREEN, push_quiz

    singles = [q for q in bundled.questions.values() if q.type == "single"][:3]
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await _prepared(pilot, SELFCHECK_SCREEN)  # idle-time work done: nothing else paints
        prepared = app.get_screen(QUIZ_SCREEN)
        with screens_painted(app) as paints:
            push_quiz(app, "练习", QuizSession(None, singles, random.Random(1)))
            await pilot.pause(0.3)
            assert app.screen is prepared
            assert paints == [prepared], f"start: {len(paints)} paints"
            for _question in singles[:2]:
                for key in ("a", "enter"):
                    paints.clear()
                    await pilot.press(key)
                    await pilot.pause(0.3)
                    assert paints == [prepared], f"{key}: {len(paints)} paints"


@contextlib.contextmanager
def own_lines_rendered(widget: object) -> Iterator[list[int]]:
    """Each line `widget` renders of its own (not its children's) while inside."""
    from textual._styles_cache import StylesCache

    rendered: list[int] = []
    render_widget, render_line = StylesCache.render_widget, StylesCache.render_line
    drawing: list[object] = [None]

    def tracking(self, which, crop):
        drawing[0] = which
        return render_widget(self, which, crop)

    def counting(self, *args, **kwargs):
        if drawing[0] is widget:
            rendered.append(1)
        return render_line(self, *args, **kwargs)

    StylesCache.render_widget, StylesCache.render_line = tracking, counting  # type: ignore[method-assign]
    try:
        yield rendered
    finally:
        StylesCache.render_widget, StylesCache.render_line = render_widget, render_line  # type: ignore[method-assign]


async def test_home_shown_again_keeps_its_own_lines_unless_the_theme_changed(bundled, isolated_data_dir: Path) -> None:
    """Esc back to home composes it from the lines already rendered: Textual threw away every line
    of a screen it covered and showed again, its background included (24 lines at each Esc).
    After a theme change while home was covered, its lines are rendered anew, in the new colours."""
    from govtui.tui.screens.reader import ReaderScreen

    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await _prepared(pilot, SEARCH_SCREEN)
        home = app.screen
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        with own_lines_rendered(home) as rendered:
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is home)
            await pilot.pause(0.3)
        assert rendered == [], f"home rendered {len(rendered)} of its own lines again"
        before = home.styles.background
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        app.theme = HIGH_CONTRAST.name
        await pilot.pause()
        with own_lines_rendered(home) as rendered:
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is home)
            await pilot.pause(0.3)
        assert home.styles.background != before
        assert len(rendered) >= 24, "home kept lines drawn in the old theme"
