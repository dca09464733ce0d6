"""Lists and screens that do no work a key did not ask for (issue 15: every key as fast as Textual allows).

Each of these was a repaint or a re-render that a profile of a benchmark key showed (benchmarks/paints.py).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import OptionList
from tui_helpers import make_app, screen_text, wait_for

from govtui.tui.widgets.option_list import SteadyOptionList


class _ListApp(App[None]):
    def __init__(self, kind: type[OptionList]) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        yield self.kind(*[f"第{n}条 关于政府信息公开的规定" for n in range(1, 61)], id="list")


async def _scrollbar_repaints_after_a_relayout(kind: type[OptionList]) -> int:
    app = _ListApp(kind)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.query_one("#list", OptionList).vertical_scrollbar
        calls: list[int] = []
        original = bar.refresh
        bar.refresh = lambda *a, **k: (calls.append(1), original(*a, **k))[1]  # type: ignore[method-assign]
        app.screen.refresh(layout=True)  # as a key that changes something else on the screen does
        await pilot.pause()
        await pilot.pause()
        return len(calls)


async def test_a_relayout_that_changes_nothing_leaves_the_lists_scrollbar_alone() -> None:
    assert await _scrollbar_repaints_after_a_relayout(SteadyOptionList) == 0
    # Textual's own list repaints it (one more frame after the key) - the reason for the class.
    assert await _scrollbar_repaints_after_a_relayout(OptionList) > 0


async def test_rendered_options_are_kept_while_the_width_stays_and_remade_when_it_changes() -> None:
    app = _ListApp(SteadyOptionList)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.query_one("#list", SteadyOptionList)
        first = options._get_option_render(options.options[0], options.get_visual_style("option-list--option"))
        await pilot.resize_terminal(80, 30)  # taller: the same width
        await pilot.pause()
        again = options._get_option_render(options.options[0], options.get_visual_style("option-list--option"))
        assert again is first, "a Resize that kept the width re-rendered the options"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        wider = options._get_option_render(options.options[0], options.get_visual_style("option-list--option"))
        assert wider is not first
        assert wider[0].cell_length == options.scrollable_content_region.width > first[0].cell_length
        assert "第60条" not in screen_text_of(app) and "第1条" in screen_text_of(app)


def screen_text_of(app: App[None]) -> str:
    lines = app.query_one("#list", SteadyOptionList).render_lines(app.query_one("#list").region.reset_offset)
    return "\n".join(line.text for line in lines)


async def test_search_is_ready_before_the_first_slash(bundled, isolated_data_dir: Path) -> None:
    """The index is built with the idle-time imports, so the first search does not build it."""
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.prewarm_worker is not None and app.prewarm_worker.is_finished)
        assert "search_index" in vars(app), "the search index was not built in idle time"
        await pilot.press("slash")
        await pilot.pause()
        for char in "公开":
            await pilot.press(char)
        await wait_for(pilot, lambda: "找到" in screen_text(app))
        assert "正在建立索引" not in screen_text(app)


async def test_the_regulation_list_is_prepared_while_home_is_idle(bundled, isolated_data_dir: Path) -> None:
    """Built, laid out and rendered after the idle-time imports; the first `r` shows that same
    screen, complete, with its first article highlighted."""
    from govtui.tui.screens.regulation import REGULATION_SCREEN, ArticleScreen, RegulationScreen

    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.prewarm_worker is not None and app.prewarm_worker.is_finished)
        await wait_for(pilot, lambda: app.is_screen_installed(REGULATION_SCREEN))
        prepared = app.get_screen(REGULATION_SCREEN)
        assert prepared.is_attached and not prepared.is_current
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is prepared and isinstance(prepared, RegulationScreen)
        text = screen_text(app)
        assert "第一章 总则" in text and "第一条" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen) and app.screen.number == 1


async def test_one_prepared_article_screen_shows_each_article_from_its_top(bundled, isolated_data_dir: Path) -> None:
    """The article screen is prepared in idle time and reused: each article opened from the list
    shows its own text from the top, and words a search marked on one are not marked on the next."""
    from govtui.tui.navigation import open_citation
    from govtui.tui.screens.regulation import ARTICLE_SCREEN, ArticleScreen

    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.is_screen_installed(ARTICLE_SCREEN))
        prepared = app.get_screen(ARTICLE_SCREEN)
        assert prepared.is_attached and not prepared.is_current
        await pilot.press("r")
        await pilot.pause()
        for number, label in ((33, "第三十三条"), (36, "第三十六条")):
            await pilot.press(*str(number), "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
            assert app.screen is prepared and prepared.number == number
            pane = prepared.query_one("#article-body")
            assert pane.has_focus and pane.scroll_y == 0
            assert label in screen_text(app) and prepared.sub_title == label
            await pilot.press("pagedown")  # left scrolled down: the next article still starts at its top
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert open_citation(app, "reg:15", found="第三方")
        await pilot.pause()
        assert app.screen is prepared
        assert any(span.style == "found" for span in prepared.article_text.spans), "the found words are marked"
        await pilot.press("escape", "r")
        await pilot.pause()
        await pilot.press("1", "6", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
        assert prepared.number == 16
        assert not any(span.style == "found" for span in prepared.article_text.spans), "no marks left from the search"


async def test_a_prepared_screen_takes_a_theme_chosen_while_it_was_hidden(bundled, isolated_data_dir: Path) -> None:
    """Showing a prepared screen skips Textual's full restyle only while nothing it depends on has
    changed: after a theme change at home, the kept Regulation list shows in the new colours."""
    from govtui.tui.screens.regulation import REGULATION_SCREEN, RegulationScreen
    from govtui.tui.themes import HIGH_CONTRAST

    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.is_screen_installed(REGULATION_SCREEN))
        await pilot.press("r")
        await pilot.pause()
        before = app.screen.query_one("#articles").styles.background
        await pilot.press("escape")
        await pilot.pause()
        app.theme = HIGH_CONTRAST.name
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        kept = app.screen.query_one("#articles").styles.background
        await pilot.press("escape")
        await pilot.pause()
        await app.push_screen(RegulationScreen())
        await pilot.pause()
        fresh = app.screen.query_one("#articles").styles.background
        assert kept == fresh != before


async def test_one_prepared_reader_shows_each_module_from_its_top(bundled, isolated_data_dir: Path) -> None:
    """The reader is prepared in idle time (with the first module, which it neither marks read
    nor times while hidden) and reused: each module opened from home shows its own text from the
    top, with no link left chosen, and its place in the title line."""
    from textual.widgets import OptionList

    from govtui.tui.screens.reader import READER_SCREEN, ReaderScreen

    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.is_screen_installed(READER_SCREEN))
        prepared = app.get_screen(READER_SCREEN)
        assert prepared.is_attached and not prepared.is_current
        await pilot.pause(0.4)  # past the check that marks a one-screen module read
        assert prepared._since is None and not prepared._reading_timers
        assert not app.profile.modules, "the hidden reader recorded reading"
        longest = max(bundled.modules.values(), key=lambda m: len(m.body()))
        shortest = min(bundled.modules.values(), key=lambda m: len(m.body()))
        home = app.screen
        for module in (longest, shortest, longest):
            modules = home.query_one("#modules", OptionList)
            modules.highlighted = modules.get_option_index(module.id)
            await pilot.press("enter")
            await wait_for(pilot, lambda: app.screen is prepared and "已读" in (prepared.sub_title or ""))
            assert isinstance(prepared, ReaderScreen) and prepared.module is module
            assert prepared.text.scroll_y == 0 and prepared.text.has_focus
            assert not prepared.query_one("#reader-link").display and prepared.link_index is None
            assert prepared.sub_title.startswith(f"第 1/{len(prepared.sections)} 节")
            shown = "".join(prepared.text.render_line(y).text for y in range(prepared.text.size.height))
            assert module.title in shown.replace(" ", "")
            if module is longest:
                assert prepared.text.max_scroll_y > 0 and "已读 0%" in prepared.sub_title
                await pilot.press("space", "tab")  # left scrolled down, with a link chosen
                await pilot.pause()
                assert prepared.text.scroll_y > 0 and prepared.link_index is not None
            else:  # read to its end: marked read, the longest one is not
                await pilot.press("end")
                await wait_for(pilot, lambda m=module.id: m in app.profile.modules and app.profile.modules[m].read)
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is home)
        assert longest.id not in app.profile.modules or not app.profile.modules[longest.id].read
