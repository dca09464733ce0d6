"""Search results are made a page at a time; every hit can still be reached and opened."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import make_app, wait_for

from govtui.tui.screens.search import SearchScreen
from govtui.tui.widgets.paged_list import PAGE, PagedOptionList


async def search_for(app, pilot, query: str) -> tuple[SearchScreen, PagedOptionList]:
    """Open search on `query` and wait for its first page of hits."""
    await app.push_screen(SearchScreen(query))
    await wait_for(pilot, lambda: app.screen.ready)
    return app.screen, app.screen.query_one("#hits", PagedOptionList)


async def test_a_long_result_list_is_made_as_the_learner_moves_through_it(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen, hits = await search_for(app, pilot, "公开")
        assert len(screen.hits) > 2 * PAGE, "the query must find more than two pages"
        assert hits.option_count == PAGE and hits.total == len(screen.hits)
        assert f"找到 {len(screen.hits)} 处" in str(screen.query_one("#search-summary").render())
        await pilot.press("enter")  # into the results
        for _ in range(PAGE + 3):
            await pilot.press("down")
        await pilot.pause()
        assert hits.highlighted == PAGE + 3, "moving down went on past the first page"
        assert hits.option_count > PAGE + 3
        await pilot.press("end")
        await pilot.pause()
        assert hits.option_count == len(screen.hits)
        assert hits.highlighted == len(screen.hits) - 1
        last = screen.hits[-1]
        assert last.title in hits.get_option_at_index(hits.highlighted).prompt.plain


async def test_a_hit_far_down_can_be_highlighted_and_a_new_query_starts_at_one_page(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen, hits = await search_for(app, pilot, "公开")
        hits.highlighted = 2 * PAGE + 1
        assert hits.highlighted == 2 * PAGE + 1
        await pilot.press("up")  # back in the box
        await pilot.press("backspace", "backspace", *"申请")
        await pilot.pause()
        assert hits.option_count == min(PAGE, len(screen.hits))
        assert all(h.matched == "申请" for h in screen.hits if h.match)


def test_a_snippet_is_one_line_with_the_match_in_place(bundled) -> None:
    """Article 44's text breaks a line right after "依申请公开": its snippet must not break the list's
    indented layout (a second line started at the left edge), and the match must stay marked."""
    from govtui.core.search import SearchIndex

    hits = [h for h in SearchIndex(bundled).search("依申请") if h.target == "reg:44"]
    assert hits, "article 44 mentions 依申请公开"
    for hit in hits:
        assert "\n" not in hit.snippet
        start, end = hit.match
        assert hit.snippet[start:end] == "依申请"
