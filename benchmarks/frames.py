"""Why a key takes the frames it takes: every refresh, layout and paint after one benchmark key.

    python benchmarks/frames.py KEY [--rounds N] [--fresh] [--all]

KEY is one of: open, back, next, answer, quiz, exam, search, type, regulation, article,
selfcheck, selfcheck-next. For the last round (every round with --all) it prints, in ms after
the key: each widget refresh (with `layout=True` when it asks for a relayout) and the code that
asked for it, each tick of the screen's frame timer (L/S/R: a layout, scroll or repaint is due,
and the widgets waiting to be repainted), each layout with its duration, and each paint. Then a
summary per round: paints, layouts and the interface thread's CPU time (machine noise from
other processes hardly changes it).

Textual paints at most once a frame (60 a second): whatever a frame's layout or paint sets
going (a new virtual size, a scrollbar shown, a refresh asked for after the paint) costs one
more frame, about 17 ms later. `--fresh` starts a new app for every round, as benchmarks/run.py
does, so first openings count.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402 - the benchmark's own paint clock and helpers

KEYS = ["open", "back", "next", "answer", "quiz", "exam", "search", "type", "regulation", "article",
        "selfcheck", "selfcheck-next"]


class Log:
    """What happened after the key, while `entries` is a list."""

    entries: list[tuple[float, str, str]] | None = None

    @classmethod
    def add(cls, what: str, who: str = "") -> None:
        if cls.entries is not None:
            cls.entries.append((time.perf_counter(), what, who))


def _caller(depth: int = 5) -> str:
    frames = [f for f in traceback.extract_stack()[:-3] if "asyncio" not in f.filename and "frames.py" not in f.filename]
    return " < ".join(f"{Path(f.filename).name}:{f.lineno}:{f.name}" for f in reversed(frames[-depth:]))


def install_probes() -> None:
    """Wrap the Textual methods that refresh, tick, lay out and paint (this process only)."""
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget

    refresh = Widget.refresh

    def logged_refresh(self, *regions, repaint=True, layout=False, recompose=False):
        if Log.entries is not None:
            Log.add(f"refresh {type(self).__name__}#{self.id}{' layout=True' if layout else ''}", _caller())
        return refresh(self, *regions, repaint=repaint, layout=layout, recompose=recompose)

    tick = Screen._on_timer_update

    def logged_tick(self):
        dirty = ",".join(sorted(type(w).__name__ for w in self._dirty_widgets))
        flags = "".join(flag for flag, due in (("L", self._layout_required), ("S", self._scroll_required),
                                                ("R", self._repaint_required)) if due)
        Log.add(f"tick {type(self).__name__} {flags or '-'} [{dirty}]")
        return tick(self)

    layout = Screen._refresh_layout

    def logged_layout(self, size=None, scroll=False):
        start = time.perf_counter()
        result = layout(self, size, scroll)
        Log.add(f"LAYOUT {type(self).__name__} {1000 * (time.perf_counter() - start):.1f} ms")
        return result

    display = App._display

    def logged_display(self, screen, renderable):
        result = display(self, screen, renderable)
        if renderable is not None:
            Log.add(f"PAINT {type(renderable).__name__}")
        return result

    Widget.refresh = logged_refresh
    Screen._on_timer_update = logged_tick
    Screen._refresh_layout = logged_layout
    App._display = logged_display


async def _ready(pilot, app, key: str, longest: str, quiz_module: str) -> list[str] | None:
    """Bring the app to where `key` is pressed; the keys to time (None: answer the question)."""
    if key in ("next", "answer", "quiz"):
        bench.highlight(app, quiz_module)
        await pilot.pause()
        if key == "quiz":
            return ["t"]
        await pilot.press("t")
        await pilot.pause(0.3)
        if key == "answer":
            return None
        await bench.answer_current(pilot, app)
        await pilot.pause(0.3)
        return ["enter"]
    if key in ("open", "back"):
        bench.highlight(app, longest)
        await pilot.pause(0.3)
        if key == "back":
            await pilot.press("enter")
            await pilot.pause(0.5)
            return ["escape"]
        return ["enter"]
    if key == "exam":
        await pilot.press("e")
        await pilot.pause(0.3)
        return ["enter"]
    if key == "type":
        await pilot.press("slash")
        await pilot.pause(0.3)
        return ["公"]
    if key == "article":
        await pilot.press("r")
        await pilot.pause(0.3)
        return ["enter"]
    if key == "selfcheck-next":
        await pilot.press("c")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        return ["down"]
    return {"search": ["slash"], "regulation": ["r"], "selfcheck": ["c"]}[key]


async def run(key: str, rounds: int, fresh: bool, show_all: bool) -> None:
    from govtui.core.course import open_course
    from govtui.core.paths import bundled_course_dir
    from govtui.tui.app import GovtuiApp

    course = open_course(bundled_course_dir())
    data = Path(tempfile.mkdtemp())
    bench.prepare_data_dir(data, course)
    longest, quiz_module = bench.pick_modules(course)
    bench.install_paint_clock()
    install_probes()
    done = 0
    while done < rounds:
        app = GovtuiApp(course, data, profile_name="bench", welcome=False)
        app.rng_seed = 1
        app.owns_collector = True  # as `govtui` runs it
        async with app.run_test(size=bench.SIZE) as pilot:
            await bench.settle(pilot, lambda app=app: app.screen.__dict__.get("quiz_modules") is not None
                               and bench.prewarmed(app))
            home = app.screen
            for _ in range(1 if fresh else rounds):
                keys = await _ready(pilot, app, key, longest, quiz_module)
                await pilot.pause(0.3)
                Log.entries = []
                start, cpu = time.perf_counter(), time.thread_time()
                took = await (bench.answer_current(pilot, app) if keys is None else bench.timed(pilot, *keys))
                cpu = time.thread_time() - cpu
                await pilot.pause(0.3)
                entries, Log.entries = Log.entries, None
                done += 1
                if show_all or done == rounds:
                    for at, what, who in entries:
                        print(f"{1000 * (at - start):7.1f} {what}   {who if what.startswith('refresh') else ''}")
                paints = sum(1 for _, what, _ in entries if what.startswith("PAINT"))
                layouts = sum(1 for _, what, _ in entries if what.startswith("LAYOUT"))
                shown = f"{took * 1000:.1f} ms" if took else "no repaint"
                print(f"== {key} round {done}: {shown}, {paints} paints, {layouts} layouts, cpu {cpu * 1000:.1f} ms")
                await bench.back_home(pilot, app, home)
                await pilot.pause(0.3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("key", choices=KEYS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="a new app for every round (first openings)")
    parser.add_argument("--all", action="store_true", help="print every round's timeline, not only the last")
    args = parser.parse_args()
    asyncio.run(run(args.key, args.rounds, args.fresh, args.all))


if __name__ == "__main__":
    main()
