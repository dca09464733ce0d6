"""Pilot tests for reading (issue 13): progress and contents in the reader, links from the keyboard,
the glossary filter, jumping to an article by number, search matches marked."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Static
from tui_helpers import make_app, open_reader, screen_text, wait_for

from govtui.core.search import article_number
from govtui.tui.screens.glossary import GlossaryScreen
from govtui.tui.screens.reader import ReaderScreen
from govtui.tui.screens.regulation import ArticleScreen, RegulationScreen
from govtui.tui.screens.search import SearchScreen
from govtui.tui.screens.toc import TocDialog
from govtui.tui.widgets.markdown_section import section_links
from govtui.tui.widgets.module_text import ModuleText


def marked_lines(text: ModuleText, style_test) -> list[str]:
    """The lines of a module's text (on screen or not) that have a segment passing style_test."""
    lines = []
    for y in range(text.virtual_size.height):
        strip = text.line(y)
        if any(style is not None and style_test(style) for _text, style, _control in strip):
            lines.append(strip.text)
    return lines


def marked_text(body: ModuleText, style_test) -> str:
    """The text of the segments passing style_test, joined (the whole module, on screen or not)."""
    return "".join(
        text
        for y in range(body.virtual_size.height)
        for text, style, _control in body.line(y)
        if style is not None and style_test(style)
    )


async def test_reader_shows_section_progress_and_jumps_from_the_contents(bundled, isolated_data_dir: Path) -> None:
    module = bundled.modules["reg-exemptions"]
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = await open_reader(app, pilot, module)
        total = len(reader.sections)
        assert total > 5
        assert reader.sub_title == f"第 1/{total} 节 · 已读 0%"
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, TocDialog)
        headings = [heading for heading, _ in reader.sections if heading]
        toc_text = screen_text(app)
        for heading in headings:
            assert heading in toc_text
        assert "（正在阅读）" in toc_text
        toc = app.screen.query_one("#toc", OptionList)
        for _ in range(5):
            await pilot.press("down")
        wanted = int(toc.get_option_at_index(toc.highlighted).id)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is reader
        scroll = reader.query_one("#reader")
        assert scroll.scroll_y == min(reader.section_y(wanted), scroll.max_scroll_y)
        assert reader.sub_title.startswith(f"第 {reader.current_section() + 1}/{total} 节 · 已读 ")
        assert reader.current_section() >= min(wanted, 3)
        assert not reader.sub_title.endswith(" 0%")
        # Paging to the end says 100%.
        for _ in range(40):
            await pilot.press("space")
        await pilot.pause()
        assert reader.sub_title.endswith("已读 100%")


async def test_links_are_followed_from_the_keyboard(bundled, isolated_data_dir: Path) -> None:
    module = bundled.modules["reg-application"]
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = await open_reader(app, pilot, module)
        links = reader.links
        assert len(links) > 5
        bar = reader.query_one("#reader-link", Static)
        assert not bar.display
        await pilot.press("tab")
        await pilot.pause()
        _section, text, target = links[0]
        assert bar.display and f"链接 1/{len(links)}：{text}" in str(bar.render())
        # The chosen link is drawn reversed, and only that one.
        body = reader.query_one(ModuleText)
        assert text.replace("“", "").replace("”", "")[:4] in marked_text(body, lambda s: s.reverse and s.link == target)
        await pilot.press("tab", "tab", "tab")
        await pilot.pause()
        _section, text, target = links[3]
        assert f"链接 4/{len(links)}：{text}" in str(bar.render())
        await pilot.press("shift+tab")
        await pilot.pause()
        _section, text, target = links[2]
        assert f"链接 3/{len(links)}：{text}" in str(bar.render())
        reversed_targets = {
            style.link
            for y in range(body.virtual_size.height)
            for _t, style, _c in body.line(y)
            if style is not None and style.reverse and style.link
        }
        assert reversed_targets == {target}
        await pilot.press("enter")
        await pilot.pause()
        opened = app.screen
        if target.startswith("reg:"):
            assert isinstance(opened, ArticleScreen) and opened.number == int(target[4:].split(".")[0])
        else:
            assert not isinstance(opened, ReaderScreen) or opened.module.id != module.id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is reader
        # Further down, Tab starts at the first link on screen, not at the top of the module.
        for _ in range(4):
            await pilot.press("space")
        reader.link_index = None
        await pilot.press("tab")
        await pilot.pause()
        assert (reader.link_index or 0) > 3


def test_links_in_markdown_are_the_citations() -> None:
    text = "见[第二十条](reg:20)和[报告](report:s1)，[外部](https://example.org)，\\[不是](reg:1)，[模块](module:reg-scope)"
    assert [(link.text, link.target) for link in section_links(text)] == [
        ("第二十条", "reg:20"),
        ("报告", "report:s1"),
        ("模块", "module:reg-scope"),
    ]


async def test_glossary_filters_as_one_types(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        terms = app.screen.query_one("#terms", OptionList)
        everything = terms.option_count
        assert everything == len(bundled.glossary) and f"共 {everything} 条" in screen_text(app)
        for char in "过程性":  # typed in the list: goes to the filter box
            await pilot.press(char)
        await pilot.pause()
        box = app.screen.query_one("#term-filter", Input)
        assert box.value == "过程性" and box.has_focus
        shown = [str(terms.get_option_at_index(i).prompt) for i in range(terms.option_count)]
        assert 0 < len(shown) < everything
        assert all("过程性" in prompt for prompt in shown)
        assert shown[0].startswith("过程性信息")
        names = [prompt.split("：", 1)[0] for prompt in shown]
        in_name = [("过程性" in name) for name in names]
        assert in_name == sorted(in_name, reverse=True), "terms named by the words come first"
        assert f"筛选出 {len(shown)} / {everything} 条" in screen_text(app)
        for char in "xyz":
            await pilot.press(char)
        await pilot.pause()
        assert terms.option_count == 0 and "没有包含这些字的术语" in screen_text(app)
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press("down")  # into the list; Enter opens the sources of the term
        await pilot.pause()
        assert terms.has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, GlossaryScreen)


async def test_regulation_list_jumps_to_an_article_by_number(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RegulationScreen)
        listing = app.screen
        articles = listing.query_one("#articles", OptionList)
        await pilot.press("3", "3")
        await pilot.pause()
        assert articles.get_option_at_index(articles.highlighted).id == "33"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen) and app.screen.number == 33
        assert "第三十三条" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is listing and articles.has_focus
        await pilot.press("第", "三", "十", "八", "条", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen) and app.screen.number == 38
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("9", "9", "enter")
        await pilot.pause()
        assert app.screen is listing  # no article 99: said, and nothing opens
        assert any("没有这一条" in str(n.message) for n in app._notifications)


def test_article_numbers_in_digits_and_chinese() -> None:
    assert [article_number(q) for q in ("33", "３３", "第33条", "三十三", "第三十三条", "十", "五十六")] == [
        33, 33, 33, 33, 33, 10, 56,
    ]
    assert article_number("三三") is None and article_number("公开") is None


async def test_search_marks_the_match_in_results_and_in_the_opened_text(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    found_style = app.console.get_style("found")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        found_style = app.console.get_style("found")
        await app.push_screen(SearchScreen("过程性信息"))
        await wait_for(pilot, lambda: app.screen.ready)
        search = app.screen
        hits = search.hits
        assert all(h.snippet[h.match[0] : h.match[1]] == "过程性信息" for h in hits if h.match)
        assert sum(1 for h in hits if h.match) == len(hits)
        hit_list = search.query_one("#hits", OptionList)
        first = hit_list.get_option_at_index(0).prompt
        assert any(first.plain[s.start : s.end] == "过程性信息" and "found" in str(s.style) for s in first.spans)
        # An article opens with the words marked.
        article_index = next(i for i, h in enumerate(hits) if h.kind == "article")
        hit_list.focus()
        hit_list.highlighted = article_index
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        article_text = app.screen.article_text
        assert any(article_text.plain[s.start : s.end] == "过程性信息" for s in article_text.spans if s.style == "found")
        await pilot.press("escape")
        await pilot.pause()
        # A module opens at the section, the words marked where they stand, on screen.
        module_index = next(i for i, h in enumerate(hits) if h.kind == "module" and h.heading)
        hit_list.highlighted = module_index
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.heading is None)
        reader = app.screen
        body = reader.query_one(ModuleText)
        marked = marked_lines(body, lambda st: st.bgcolor == found_style.bgcolor)
        assert marked and all("过程性信息" in line for line in marked)
        # On screen, as painted: the marked words are in view.
        painted = "".join(
            text
            for strip in app.screen._compositor.render_strips()
            for text, style, _control in strip
            if style is not None and style.bgcolor == found_style.bgcolor
        )
        assert "过程性信息" in painted


async def test_typing_in_search_results_keeps_every_character(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(SearchScreen("补正"))
        await wait_for(pilot, lambda: app.screen.ready)
        await pilot.press("enter")  # into the results
        await pilot.press("期", "限")
        await pilot.pause()
        assert app.screen.query_one("#query", Input).value == "补正期限"
