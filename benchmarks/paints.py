"""When each repaint after a key happens: shows Textual's own chain of repaints (the floor).

    python benchmarks/paints.py [bare|next|back|open|exam|search] [--rounds N]

Prints, per key press, the milliseconds at which each screen update was rendered (LayoutUpdate:
after a relayout; ChopsUpdate: a repaint of changed lines). benchmarks/run.py times a key to the
last of these. The bare app (push and pop a one-Static screen) already paints twice per key, the
second about 25 ms after the first: that gap is Textual's, not govtui's.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402 - the benchmark's own paint clock and helpers


def _timeline(app, start: float) -> list[tuple[float, str]]:
    return [(round((at - start) * 1000, 1), kind) for at, kind in getattr(app, "_bench_log", [])]


async def _press(pilot, key: str) -> None:
    app = pilot.app
    app._bench_log = []
    start = time.perf_counter()
    total = await bench.timed(pilot, key)
    await pilot.pause(0.3)
    shown = f"{total * 1000:6.1f} ms" if total else "   -    "
    print(f"{key:<8} {shown}  {_timeline(app, start)}")


async def bare(rounds: int) -> None:
    bench.install_paint_clock()
    async with bench.bare_key_app().run_test(size=bench.SIZE) as pilot:
        await pilot.pause()
        for _ in range(rounds):
            for key in ("enter", "escape"):
                await _press(pilot, key)


async def govtui(scenario: str, rounds: int) -> None:
    from govtui.core.course import open_course
    from govtui.core.paths import bundled_course_dir
    from govtui.tui.app import GovtuiApp

    course = open_course(bundled_course_dir())
    data = Path(tempfile.mkdtemp())
    bench.prepare_data_dir(data, course)
    longest, quiz_module = bench.pick_modules(course)
    bench.install_paint_clock()
    app = GovtuiApp(course, data, profile_name="bench", welcome=False)
    app.rng_seed = 1
    app.owns_collector = True  # as `govtui` runs it (tui_start.run_tui)
    async with app.run_test(size=bench.SIZE) as pilot:
        await bench.settle(pilot, lambda: getattr(app.screen, "quiz_modules", None) is not None and bench.prewarmed(app))
        home = app.screen
        for _ in range(rounds):
            if scenario == "next":
                bench.highlight(app, quiz_module)
                await pilot.press("t")
                await pilot.pause(0.3)
                await bench.answer_current(pilot, app)
                await pilot.pause(0.3)
                await _press(pilot, "enter")
            elif scenario == "back":
                bench.highlight(app, longest)
                await pilot.press("enter")
                await pilot.pause(0.5)
                await _press(pilot, "escape")
            elif scenario == "open":
                bench.highlight(app, longest)
                await pilot.pause(0.3)
                await _press(pilot, "enter")
            elif scenario == "exam":
                await pilot.press("e")
                await pilot.pause(0.3)
                await _press(pilot, "enter")
            elif scenario == "search":
                await _press(pilot, "slash")
            await bench.back_home(pilot, app, home)
            await pilot.pause(0.3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", default="bare", choices=["bare", "next", "back", "open", "exam", "search"])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(bare(args.rounds) if args.scenario == "bare" else govtui(args.scenario, args.rounds))


if __name__ == "__main__":
    main()
