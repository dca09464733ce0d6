"""Exports reach the trainee's browser as downloads in `govtui serve`, and stay files in a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import make_app

from govtui.core.selfcheck import new_session
from govtui.tui.app import GovtuiApp
from govtui.tui.screens.selfcheck import SelfCheckResultScreen


@pytest.mark.parametrize("in_browser", [True, False])
async def test_selfcheck_export_is_offered_as_a_download_only_in_the_browser(
    bundled, isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch, in_browser: bool
) -> None:
    monkeypatch.setattr(GovtuiApp, "is_web", property(lambda app: in_browser))
    app = make_app(bundled, isolated_data_dir, profile="甲")
    delivered: list[tuple[Path, dict]] = []
    monkeypatch.setattr(app, "deliver_binary", lambda path, **options: delivered.append((path, options)))
    notes: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **options: notes.append(message))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = new_session("石门镇人民政府", "township", [], None)
        screen = SelfCheckResultScreen(session)
        await app.push_screen(screen)
        await pilot.pause()
        screen.write_export("csv")
        await pilot.pause()
    written = isolated_data_dir / "exports" / f"{session.id}.csv"
    assert written.is_file()
    if in_browser:
        assert delivered == [(written, {"save_filename": written.name, "mime_type": "text/csv"})]
        assert f"浏览器将下载 {written.name}" in notes[-1]
    else:
        assert delivered == []
        assert notes[-1] == f"已导出：{written}"
