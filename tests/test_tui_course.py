"""Pilot tests for the course: browsing by track, citations, the Regulation, search, glossary."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList
from tui_helpers import make_app, screen_text, wait_for

from govtui.tui.screens.glossary import GlossaryScreen
from govtui.tui.screens.home import HomeScreen
from govtui.tui.screens.reader import ReaderScreen
from govtui.tui.screens.regulation import ArticleScreen, RegulationScreen
from govtui.tui.screens.report import ReportParagraphScreen
from govtui.tui.screens.search import SearchScreen
from govtui.tui.screens.sources import SourcesDialog


def highlighted_id(app) -> str | None:
    option_list = app.screen.query_one("#modules", OptionList)
    return option_list.get_option_at_index(option_list.highlighted).id


async def test_browse_tracks_by_key(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert highlighted_id(app) == bundled.tracks["1"].module_ids[0]
        await pilot.press("4")
        assert highlighted_id(app) == bundled.tracks["41"].module_ids[0]
        await pilot.press("n")
        assert highlighted_id(app) == bundled.tracks["N"].module_ids[0]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.module.id == bundled.tracks["N"].module_ids[1]
        assert app.screen.module.track == "N"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_citation_in_module_opens_the_article(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    module = bundled.modules["reg-proactive"]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(ReaderScreen(module))
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SourcesDialog)
        assert "《条例》第二十六条" in screen_text(app)
        index = dialog.sources.index("reg:26")
        dialog.query_one(OptionList).highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        text = screen_text(app)
        assert "第二十六条" in text and "20个工作日内及时公开" in text
        assert "主动公开" in text  # listed among the modules that cite this article
        await pilot.press("right")
        assert "第二十七条" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_clicking_a_link_in_the_body_opens_the_report_paragraph(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = ReaderScreen(bundled.modules["report-s3-health"])
        await app.push_screen(reader)
        await pilot.pause()
        from govtui.tui.widgets.module_text import ModuleText

        body = reader.query_one(ModuleText)
        body.post_message(ModuleText.CitationClicked("report:s3.1"))
        await pilot.pause()
        assert isinstance(app.screen, ReportParagraphScreen)
        text = screen_text(app)
        assert "开通心理援助热线（原文此处缺失）条" in text
        assert "热线条数在抓取中丢失" in text


async def test_regulation_browser_lists_chapters_and_opens_articles(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RegulationScreen)
        text = screen_text(app)
        for chapter in ("第一章 总则", "第四章 依申请公开", "第六章 附则"):
            assert chapter in text
        assert text.count("条 ") >= 56
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen) and app.screen.number == 1


async def test_search_finds_articles_and_modules_and_opens_at_the_place(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await wait_for(pilot, lambda: app.screen.ready)
        for char in "20个工作日":
            await pilot.press(char)
        await pilot.pause()
        hits = app.screen.hits
        targets = {h.target for h in hits}
        assert {"reg:26", "reg:33"} <= targets
        assert any(h.kind == "module" for h in hits)
        assert hits[0].kind == "article"
        await pilot.press("enter")  # from the box into the results
        module_index = next(i for i, h in enumerate(hits) if h.kind == "module" and h.heading)
        app.screen.query_one("#hits", OptionList).highlighted = module_index
        hit = hits[module_index]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.heading is None)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert f"module:{reader.module.id}" == hit.target
        assert reader.heading is None, "the reader jumped to the hit's section"
        assert reader.query_one("#reader").scroll_y > 0


async def test_search_with_spaces_and_full_width_digits(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(SearchScreen("２０ 个工作日"))
        await wait_for(pilot, lambda: app.screen.ready)
        assert "reg:26" in {h.target for h in app.screen.hits}
        app.screen.query_one("#query", Input).value = "不存在的词语组合"
        await pilot.pause()
        assert app.screen.hits == [] and "没有找到" in screen_text(app)


async def test_search_words_article_numbers_and_back_to_the_box(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(SearchScreen("第33条"))
        await wait_for(pilot, lambda: app.screen.ready)
        search = app.screen
        assert search.hits[0].target == "reg:33"
        box = search.query_one("#query", Input)
        box.value = "申请 补正"
        await pilot.pause()
        assert "reg:30" in {h.target for h in search.hits}
        box.value = "补正"
        await pilot.pause()
        assert search.hits[0].kind == "term" and search.hits[0].title == "补正"
        await pilot.press("enter")  # into the results
        assert search.query_one("#hits", OptionList).has_focus
        await pilot.press("x")  # typing goes back to the box
        assert box.has_focus and box.value == "补正x"


async def test_glossary_term_from_search(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.push_screen(SearchScreen("过程性信息"))
        await wait_for(pilot, lambda: app.screen.ready)
        term_index = next(i for i, h in enumerate(app.screen.hits) if h.kind == "term")
        app.screen.query_one("#hits", OptionList).highlighted = term_index
        app.screen.query_one("#hits", OptionList).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        terms = app.screen.query_one("#terms", OptionList)
        assert "过程性信息" in str(terms.get_option_at_index(terms.highlighted).prompt)


async def test_inferred_reference_facts_are_labelled(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_source("ref:grassroots")
        await pilot.pause()
        text = screen_text(app)
        assert "【推断/未核实】" in text
        assert sum(f.inferred for f in bundled.references["grassroots"].facts) == text.count("【推断/未核实】")
