"""The screens a trainee opens next are imported on a thread once home is painted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from govtui.tui import prewarm


def test_a_module_that_fails_to_import_is_reported_not_raised() -> None:
    assert prewarm.import_next_screens(("govtui.tui.screens.reader", "govtui.tui.screens.no_such_screen")) == [
        "govtui.tui.screens.no_such_screen"
    ]


def test_every_listed_screen_exists() -> None:
    assert prewarm.import_next_screens() == []


def test_a_fresh_process_imports_the_reader_only_after_home(tmp_path: Path) -> None:
    """In a new interpreter: not loaded when home is painted, loaded shortly after without a key."""
    script = """
import asyncio, sys
from pathlib import Path
from govtui.core.course import open_course
from govtui.core.paths import bundled_course_dir
from govtui.tui.app import GovtuiApp

async def main():
    app = GovtuiApp(open_course(bundled_course_dir()), Path(sys.argv[1]), profile_name="x", welcome=False)
    async with app.run_test(size=(80, 24)) as pilot:
        while not app._first_screen_up:
            await pilot.pause(0.01)
        print("at-paint", "govtui.tui.screens.reader" in sys.modules)
        for _ in range(300):
            if "govtui.tui.screens.selfcheck" in sys.modules:
                break
            await pilot.pause(0.02)
        print("after", "govtui.tui.screens.reader" in sys.modules, "govtui.tui.screens.selfcheck" in sys.modules)

asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "at-paint False" in out.stdout
    assert "after True True" in out.stdout


async def test_start_up_objects_are_frozen_only_when_the_app_runs_alone(bundled, isolated_data_dir: Path, monkeypatch) -> None:
    """`govtui` (one app per process) freezes start-up's objects after home's paint, after the idle
    imports and after the prepared screens; it also moves full collections to idle time, and gives
    the process CPython's thresholds back when it closes. A test process running many apps must do
    none of this (frozen objects are never freed, thresholds are process-wide)."""
    import gc

    from tui_helpers import make_app, wait_for

    from govtui.tui.collector import FULL_PASS_EVERY

    calls: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    before = gc.get_threshold()
    for owns in (False, True):
        calls.clear()
        app = make_app(bundled, isolated_data_dir, profile="张三")
        app.owns_collector = owns
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda app=app: app.prewarm_worker is not None and app.prewarm_worker.is_finished, timeout=10)
            assert gc.get_threshold()[2] == (FULL_PASS_EVERY if owns else before[2])
            assert (app.collector is not None) is owns
            if owns:
                idle_since = app.collector._last_input
                await pilot.press("down")
                assert app.collector._last_input > idle_since, "a key puts off the idle pass"
        assert calls == (["freeze", "freeze", "freeze"] if owns else [])
        assert gc.get_threshold() == before


def test_the_command_line_app_collects_again_and_freezes(tmp_path: Path, monkeypatch) -> None:
    """`govtui` pauses the collector for the start-up and asks the app to resume it and freeze
    after home's paint; a start that stops early (a missing course) resumes it at once."""
    import gc

    from govtui.cli import main
    from govtui.tui.app import GovtuiApp

    seen: list[tuple[bool, bool, bool]] = []
    monkeypatch.setattr(
        GovtuiApp, "run", lambda self: seen.append((gc.isenabled(), self.collect_after_first_paint, self.owns_collector))
    )
    assert gc.isenabled()
    assert main(["--data-dir", str(tmp_path / "data"), "--profile", "张三"]) == 0
    assert seen == [(False, True, True)], "paused during start-up; the app resumes it and freezes"
    assert gc.isenabled()
    assert main(["--course", str(tmp_path / "no-such-course"), "--profile", "张三"]) == 1
    assert gc.isenabled(), "a start that stops before the app resumes the collector"
