"""The result screen's export dialog offers the workbook; choosing it writes a workbook that imports back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from textual.widgets import OptionList
from tui_helpers import make_app, screen_text, wait_for

from govtui.core.selfcheck import SelfCheckStore, new_session, score_session
from govtui.core.selfcheck_import import read_workbook
from govtui.core.selfcheck_xlsx import ITEM_SHEET
from govtui.tui.screens.selfcheck import SelfCheckResultScreen


async def test_export_dialog_offers_xlsx_and_writes_the_workbook(bundled, isolated_data_dir: Path) -> None:
    items = bundled.checklist.items_for("county-dept")
    store = SelfCheckStore(isolated_data_dir)
    session = new_session("区教委", "county-dept", ["甲"], date(2026, 11, 1))
    for item in items:
        session.mark(item.id).status = "partial" if item is items[0] else "compliant"
    store.save(session)
    app = make_app(bundled, isolated_data_dir, profile="自查员")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.push_screen(SelfCheckResultScreen(store.load(session.id)))
        await pilot.pause()
        await pilot.press("x")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SelfCheckFormatDialog")
        assert "Excel 工作簿（.xlsx" in screen_text(app)
        formats = app.screen.query_one("#formats", OptionList)
        formats.highlighted = formats.get_option_index("xlsx")
        await pilot.press("enter")
        await pilot.pause()
        exported = isolated_data_dir / "exports" / f"{session.id}.xlsx"
        await wait_for(pilot, lambda: exported.exists())
    wb = openpyxl.load_workbook(exported)
    assert wb[ITEM_SHEET]["A2"].value == items[0].id and wb[ITEM_SHEET]["F2"].value == "基本符合"
    imported = read_workbook(bundled.checklist, exported).session
    assert score_session(bundled.checklist, imported).score == score_session(bundled.checklist, session).score
