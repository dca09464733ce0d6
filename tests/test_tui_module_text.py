"""Pilot tests for the reader's one-widget text (issue 15): clicks on links, the closing line,
re-wrapping on resize and following the theme, and the rendered-lines cache."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from tui_helpers import make_app, open_reader, wait_for

from govtui.tui.screens.regulation import ArticleScreen
from govtui.tui.widgets import module_text
from govtui.tui.widgets.module_text import ModuleText


def painted(app) -> list[list[tuple[str, object]]]:
    """The screen as painted: per row, (text, style) segments."""
    return [[(text, style) for text, style, _ in strip] for strip in app.screen._compositor.render_strips()]


def painted_text(app) -> list[str]:
    """The screen's rows as plain text."""
    return ["".join(text for text, _ in row) for row in painted(app)]


def is_read(app, module_id: str) -> bool:
    return module_id in app.profile.modules and app.profile.modules[module_id].read


async def test_clicking_a_citation_on_screen_opens_the_article(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = await open_reader(app, pilot, bundled.modules["reg-application"])
        body = reader.query_one(ModuleText)
        for _ in range(2):  # the first screen holds the sources list; page to the body's links
            await pilot.press("space")
        await pilot.pause()
        place = None
        for y in range(body.size.height):
            x = 0
            for text, style, _control in body.render_line(y):
                if style is not None and style.link and style.link.startswith("reg:"):
                    place = (x, y, style.link)
                    break
                x += cell_len(text)
            if place:
                break
        assert place, "a link to an article is on screen"
        x, y, target = place
        await pilot.click(body, offset=(body.styles.gutter.left + x, y))
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.number == int(target[4:].split(".")[0])


async def test_short_module_is_read_at_once_and_the_closing_line_says_so(bundled, isolated_data_dir: Path) -> None:
    module = min(bundled.modules.values(), key=lambda m: len(m.body()))
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(120, 100)) as pilot:
        await pilot.pause()
        reader = await open_reader(app, pilot, module)
        body = reader.query_one(ModuleText)
        assert body.max_scroll_y == 0, "the module fits on one screen"
        await wait_for(pilot, lambda: is_read(app, module.id))
        await pilot.pause()
        rows = painted_text(app)
        assert any("— 本模块结束，已标记为已读。按 t 开始测验，Esc 返回。—" in row for row in rows)
        assert not body.show_vertical_scrollbar


async def test_long_module_reaches_its_end_and_is_marked_read(bundled, isolated_data_dir: Path) -> None:
    module = max(bundled.modules.values(), key=lambda m: len(m.body()))
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = await open_reader(app, pilot, module)
        body = reader.query_one(ModuleText)
        assert body.show_vertical_scrollbar and body.max_scroll_y > 50
        await pilot.pause(0.4)
        assert not is_read(app, module.id)
        rows = painted_text(app)
        assert not any("本模块结束" in row for row in rows)
        await pilot.press("end")
        await wait_for(pilot, lambda: is_read(app, module.id))
        await pilot.pause()
        rows = painted_text(app)
        assert any("— 本模块结束，已标记为已读。按 t 开始测验，Esc 返回。—" in row for row in rows)
        assert reader.sub_title.endswith("已读 100%")


async def test_text_rewraps_when_the_terminal_is_resized(bundled, isolated_data_dir: Path) -> None:
    module = bundled.modules["reg-application"]
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = await open_reader(app, pilot, module)
        body = reader.query_one(ModuleText)
        narrow = body.virtual_size
        assert max(strip.cell_length for strip in body.all_lines()) <= body.scrollable_content_region.width
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: body.virtual_size.width > narrow.width)
        await pilot.pause()
        assert body.virtual_size.height < narrow.height, "wider lines: fewer of them"
        assert max(strip.cell_length for strip in body.all_lines()) <= body.scrollable_content_region.width
        # The contents still jump to the right place at the new width.
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        assert app.screen is reader
        assert body.scroll_y == min(reader.section_y(3), body.max_scroll_y) > 0
        assert reader.sub_title.startswith(f"第 {reader.current_section() + 1}/{len(reader.sections)} 节")


async def test_text_follows_the_theme(bundled, isolated_data_dir: Path) -> None:
    module = bundled.modules["reg-scope"]
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = await open_reader(app, pilot, module)
        body = reader.query_one(ModuleText)

        def text_background() -> object:
            rows = painted(app)[body.region.y : body.region.bottom]
            return next(style.bgcolor for row in rows for text, style in row if "学习目标" in text)

        dark = text_background()
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        light = text_background()
        assert light != dark
        assert light == body.visual_style.rich_style.bgcolor


async def test_reopening_a_module_uses_the_rendered_lines(bundled, isolated_data_dir: Path, monkeypatch) -> None:
    module = bundled.modules["reg-exemptions"]
    renders: list[int] = []
    original = ModuleText._render_at

    def counting(self, width, base):
        renders.append(width)
        return original(self, width, base)

    monkeypatch.setattr(ModuleText, "_render_at", counting)
    module_text._laid.clear()
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        from govtui.tui.screens.reader import READER_SCREEN

        # The reader prepared in idle time renders the first module: not the one counted here.
        await wait_for(pilot, lambda: app.is_screen_installed(READER_SCREEN))
        await wait_for(pilot, lambda: app.get_screen(READER_SCREEN).text.ready)
        renders.clear()
        await open_reader(app, pilot, module)
        first = list(renders)
        assert len(first) == 1, "a long module is rendered once, at the width beside the scrollbar"
        await pilot.press("escape")
        await pilot.pause()
        await open_reader(app, pilot, module)
        for _ in range(3):
            await pilot.press("space")
        await pilot.pause()
        assert renders == first, "opened again and paged through without rendering again"
