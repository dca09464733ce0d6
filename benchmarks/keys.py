"""How long govtui's common keys take, beside a bare Textual app doing the simplest key work.

Both apps run headless in this process under Textual's Pilot. A sample is the wall time from a key
press until the app has processed it and repainted (`pilot.pause()`). The baseline app pushes a
screen with one Static per key; govtui opens a module, starts its quiz, answers, and searches.
Results are medians over rounds and the ratio to the baseline.

    python benchmarks/keys.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from govtui.core.course import open_course
from govtui.core.paths import bundled_course_dir
from govtui.tui.app import GovtuiApp


class Page(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen")]

    def compose(self):
        yield Header()
        yield Static("一页文字 " * 200)
        yield Footer()


class Bare(App):
    BINDINGS = [Binding("enter", "page")]

    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()

    def action_page(self) -> None:
        self.push_screen(Page())


async def timed(pilot, *keys: str) -> float:
    start = time.perf_counter()
    await pilot.press(*keys)
    await pilot.pause()
    return time.perf_counter() - start


async def bare_round() -> float:
    async with Bare().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        samples = []
        for _ in range(3):
            samples.append(await timed(pilot, "enter"))
            samples.append(await timed(pilot, "escape"))
        return statistics.median(samples)


async def govtui_round(course, data_dir: Path) -> dict[str, float]:
    app = GovtuiApp(course, data_dir, profile_name="bench", welcome=False)
    app.rng_seed = 1
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)  # question banks load in the background after the first paint
        result = {
            "open module (enter)": await timed(pilot, "enter"),
            "start quiz (t)": await timed(pilot, "t"),
            "answer (a)": await timed(pilot, "a"),
            "next question (enter)": await timed(pilot, "enter"),
        }
        await pilot.press("escape", "escape")
        await pilot.pause()
        result["open search (/)"] = await timed(pilot, "slash")
        await pilot.pause(0.3)
        result["type in search (2)"] = await timed(pilot, "2")
        result["back (escape)"] = await timed(pilot, "escape")
        return result


async def main(rounds: int) -> None:
    course = open_course(bundled_course_dir())
    course.questions  # noqa: B018 - measure keys, not first loads
    baseline: list[float] = []
    samples: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as data_dir:
        for _ in range(rounds):
            baseline.append(await bare_round())
            for name, value in (await govtui_round(course, Path(data_dir))).items():
                samples.setdefault(name, []).append(value)
    base = statistics.median(baseline)
    print(f"rounds: {rounds}; baseline (bare app, push/pop a screen): median {base * 1000:.0f} ms")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<24} median {median * 1000:5.0f} ms   ratio {median / base:4.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    asyncio.run(main(parser.parse_args().rounds))
