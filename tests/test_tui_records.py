"""Exporting the learner record from the TUI: command palette -> format -> file in exports/."""

from __future__ import annotations

import json
from pathlib import Path

from records_helpers import make_learner
from tui_helpers import make_app, wait_for

from govtui.core.course import Course
from govtui.core.records.record import check_record


def _first_command(app) -> str:
    from textual.command import CommandList

    found = app.screen.query(CommandList)
    if not found or not found.first().option_count:
        return ""
    return str(found.first().get_option_at_index(0).prompt)


async def export_via_palette(pilot, option_index: int) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    for char in "导出学习记录":
        await pilot.press(char)
    await wait_for(pilot, lambda: _first_command(pilot.app).startswith("导出学习记录"))
    await pilot.press("enter")
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "RecordFormatDialog")
    for _ in range(option_index):
        await pilot.press("down")
    await pilot.press("enter")


async def test_palette_exports_certificate_and_record(bundled: Course, isolated_data_dir: Path) -> None:
    make_learner(bundled, isolated_data_dir, "张三", "yuzhong", 2)
    app = make_app(bundled, isolated_data_dir, profile="张三")
    exports = isolated_data_dir / "exports"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await export_via_palette(pilot, 0)  # 学习证明 (HTML)
        await wait_for(pilot, lambda: exports.is_dir() and any(exports.glob("学习证明-张三-*.html")))
        page = next(exports.glob("学习证明-张三-*.html")).read_text(encoding="utf-8")
        assert "<h1>学习证明</h1>" in page and "渝中区" in page
        await wait_for(pilot, lambda: any("已导出" in str(n.message) for n in app._notifications))
        message = next(str(n.message) for n in app._notifications if "已导出" in str(n.message))
        assert str(exports) in message and ".html" in message
        assert type(app.screen).__name__ == "HomeScreen"

        await export_via_palette(pilot, 1)  # JSON record
        await wait_for(pilot, lambda: any(exports.glob("学习记录-张三-*.json")))
        body = check_record(json.loads(next(exports.glob("学习记录-张三-*.json")).read_text(encoding="utf-8")))
        assert body["learner"]["name"] == "张三" and len(body["quiz_attempts"]) == 2
