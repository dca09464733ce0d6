"""The self-check walk: moving and marking update the row, the detail and the area scores shown."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from tui_helpers import make_app

from govtui.core.selfcheck import new_session
from govtui.tui.screens.selfcheck import SelfCheckScreen


async def test_marking_updates_the_row_and_the_area_bar(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="甲")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(SelfCheckScreen(new_session("石门镇人民政府", "township", [], None)))
        await pilot.pause()
        screen = app.screen
        items = screen.query_one("#check-items", OptionList)
        first = screen.items[0]
        area_items = [i for i in screen.items if i.area == first.area]
        area = bundled.checklist.area_name(first.area)
        scores = screen.query_one("#check-detail").plain.splitlines()
        assert scores[scores.index(area) + 1]== f"— (0/{len(area_items)})"
        await pilot.press("1")  # 符合, and on to the next item
        await pilot.pause()
        assert items.get_option(first.id).prompt.plain.startswith("符合")
        assert screen.current is screen.items[1]
        assert screen.items[1].point in screen.query_one("#check-detail").plain
        scores = screen.query_one("#check-detail").plain.splitlines()
        assert scores[scores.index(area) + 1]== f"100.0 (1/{len(area_items)})"
        await pilot.press("down")
        await pilot.pause()
        assert screen.current is screen.items[2]
        assert screen.items[2].point in screen.query_one("#check-detail").plain
