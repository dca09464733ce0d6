"""Every theme Textual offers in the palette keeps the app running (the role styles are built from its variables)."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import make_app

from govtui.tui.themes import semantic_styles


async def test_every_available_theme_gives_role_styles(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # The ANSI themes name colours like "ansi_default 50%", which is not one colour: switching to
        # them from the palette ended the app (found by the monkey test).
        for name in sorted(app.available_themes):
            app.theme = name
            await pilot.pause()
            assert app.theme == name
            styles = semantic_styles(app.get_css_variables()).styles
            assert {"good", "bad", "warn", "muted", "found"} <= set(styles)
        assert app._exception is None
