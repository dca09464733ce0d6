"""Hostile text through the screens a learner and a self-check team use (issue 9: defects 1 and 6).

Markup must show literally, control characters as visible symbols (never acting on the terminal),
long text must not crash, and `../` stays a name.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from tui_helpers import make_app, screen_text

from govtui.core.selfcheck import SelfCheckStore, new_session
from govtui.tui.screens.home import HomeScreen
from govtui.tui.screens.selfcheck import SelfCheckListScreen, SelfCheckResultScreen, SelfCheckScreen

NAME = "李[/]\x1b[2J"
AGENCY = "[@click=app.quit]某镇[/]\x1b]0;标题\x07"
EVIDENCE = ["文件[/]", "../../etc/passwd", "\u202e右到左", "很长" * 900, "反斜杠\\[b]"]


def no_raw_controls(text: str) -> None:
    for control in ("\x1b", "\x07", "\x00", "\u202e"):
        assert control not in text, repr(control)


async def test_hostile_names_agency_and_evidence_show_literally(bundled, isolated_data_dir: Path) -> None:
    store = SelfCheckStore(isolated_data_dir)
    session = new_session(AGENCY, "township", ["张三[/]", "\x00李四"])
    first = bundled.checklist.items_for("township")[0]
    mark = session.mark(first.id)
    mark.status, mark.evidence, mark.notes = "compliant", list(EVIDENCE), "备注[bold]x[/bold]\x1b[31m"
    store.save(session)

    app = make_app(bundled, isolated_data_dir, profile=NAME)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        no_raw_controls(text)
        assert "李[/]␛[2J" in text

        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, SelfCheckListScreen)
        text = screen_text(app)
        no_raw_controls(text)
        assert "[@click=app.quit]某镇[/]␛]0;标题␇" in text

        walk = SelfCheckScreen(store.load(session.id))
        await app.push_screen(walk)
        await pilot.pause()
        items = walk.query_one("#check-items", OptionList)
        items.highlighted = items.get_option_index(first.id)
        await pilot.pause()
        text = screen_text(app)
        no_raw_controls(text)
        assert "文件[/]" in text and "../../etc/passwd" in text and "反斜杠\\[b]" in text
        assert "备注[bold]x[/bold]␛[31m" in text
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, SelfCheckResultScreen)
        no_raw_controls(screen_text(app))
        await pilot.press("x")  # export dialog, then Markdown
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.notify(f"路径 /tmp/[backup]/{AGENCY}")
        await pilot.pause()
        toasts = "\n".join(str(n.message) for n in app._notifications)
        assert "/tmp/[backup]/" in toasts
        no_raw_controls(toasts)
        assert app.is_running  # nothing clicked app.quit, nothing crashed
    exported = list((isolated_data_dir / "exports").glob("*"))
    assert exported
    for path in exported:
        no_raw_controls(path.read_text(encoding="utf-8-sig"))
