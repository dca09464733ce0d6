"""A closed screen is freed, with the lines its widgets rendered (tui/retention.py, TitleBar)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from tui_helpers import make_app, wait_for

from govtui.tui.screens.home import HomeScreen
from govtui.tui.screens.search import SearchScreen
from govtui.tui.widgets.paged_list import PagedOptionList
from govtui.tui.widgets.title_bar import TitleBar


async def test_a_closed_search_screen_is_freed_with_its_lines_and_title(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # A search screen of its own, as `/` opens when the kept one is already open further down
        # (the kept one is never closed). Its index is built by a thread worker: the worker's
        # thread kept the screen alive.
        await app.push_screen(SearchScreen())
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.ready)
        await pilot.press("2")
        await wait_for(pilot, lambda: app.screen.query_one(PagedOptionList).option_count > 0)
        screen = app.screen
        hits = screen.query_one(PagedOptionList)
        assert hits._styles_cache._cache and hits._option_render_cache  # painted
        freed = [weakref.ref(screen), weakref.ref(hits), weakref.ref(screen.query_one(TitleBar)),
                 weakref.ref(hits._styles_cache)]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and not freed[1]().is_attached)
        # Dropped as the list was removed, not when the collector next frees the screen.
        assert not hits._styles_cache._cache and not hits._option_render_cache
        del screen, hits
        gc.collect()
        assert [ref() for ref in freed] == [None] * len(freed)
        # The app's title watchers name only title lines on show (each closed screen's stayed).
        watchers = getattr(app, "__watchers", {})
        assert all(node.is_attached for name in ("title", "sub_title") for node, _ in watchers.get(name, []))


async def test_title_line_still_follows_the_apps_title_after_screens_closed(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.title = "另一个标题"
        await pilot.pause()
        assert "另一个标题" in app.screen.query_one(TitleBar).render().plain
