"""What a screen's title line and key line cost: push/pop of a screen with govtui's chrome.

    python benchmarks/chrome.py [--rounds 9] [--pairs 12]

Three apps, sampled interleaved (one round of each in turn, so load on a shared machine hits all
alike), each pushing and popping a screen of one Static by key, timed key to repaint with the
paint clock of benchmarks/run.py:

- bare: the one-Static screen (run.py's key baseline);
- textual: the same with Textual's Header and Footer (run.py's "(floor)" rows);
- govtui: the same with govtui's TitleBar and KeyBar (what every govtui screen carries now).

Also, independent of machine load: widgets on the screen and Python function calls per push/pop
pair (cProfile), the figures that show where the time goes.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import SIZE, install_paint_clock, pct, timed  # noqa: E402

KINDS = ("bare", "textual", "govtui")


def chrome_app(kind: str):
    """An app whose screens carry `kind` of chrome around one Static, Enter pushes, Esc pops."""
    from textual.app import App
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Static

    def chrome() -> tuple[object, object] | None:
        if kind == "textual":
            from textual.widgets import Footer, Header

            return Header(), Footer()
        if kind == "govtui":
            from govtui.tui.widgets.key_bar import KeyBar
            from govtui.tui.widgets.title_bar import TitleBar

            return TitleBar(), KeyBar()
        return None

    class Page(Screen):
        BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

        def compose(self):
            bars = chrome()
            if bars:
                yield bars[0]
            yield Static("一页文字 " * 200)
            if bars:
                yield bars[1]

    class Bare(App):
        BINDINGS = [Binding("enter", "page", "打开")]

        def compose(self):
            bars = chrome()
            if bars:
                yield bars[0]
            yield Static("hello")
            if bars:
                yield bars[1]

        def action_page(self) -> None:
            self.push_screen(Page())

    return Bare()


async def round_of(kind: str, pairs: int, profile: cProfile.Profile | None = None) -> tuple[list[float], int]:
    """Key-to-repaint seconds for `pairs` push/pop pairs, and the widgets on the pushed screen."""
    install_paint_clock()
    samples: list[float] = []
    widgets = 0
    async with chrome_app(kind).run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(pairs):
            if profile:
                profile.enable()
            pushed = await timed(pilot, "enter")
            widgets = len(list(pilot.app.screen.query("*")))
            popped = await timed(pilot, "escape")
            if profile:
                profile.disable()
            samples += [value for value in (pushed, popped) if value is not None]
    return samples, widgets


async def calls_per_pair(kind: str, pairs: int) -> int:
    profile = cProfile.Profile()
    await round_of(kind, pairs, profile)
    return round(pstats.Stats(profile).total_calls / pairs)  # type: ignore[attr-defined]


async def main(rounds: int, pairs: int) -> None:
    samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
    widgets: dict[str, int] = {}
    for _ in range(rounds):
        for kind in KINDS:
            values, widgets[kind] = await round_of(kind, pairs)
            samples[kind] += values
    calls = {kind: await calls_per_pair(kind, pairs) for kind in KINDS}
    bare50, bare95 = pct(samples["bare"], 0.5) * 1000, pct(samples["bare"], 0.95) * 1000
    print(f"push/pop of a one-Static screen, {rounds} rounds x {pairs} pairs, key to repaint")
    print(f"{'chrome':<9}{'p50 ms':>9}{'p95 ms':>9}{'p50 x':>8}{'p95 x':>8}{'widgets':>9}{'calls/pair':>12}")
    for kind in KINDS:
        p50, p95 = pct(samples[kind], 0.5) * 1000, pct(samples[kind], 0.95) * 1000
        print(f"{kind:<9}{p50:>9.1f}{p95:>9.1f}{p50 / bare50:>8.2f}{p95 / bare95:>8.2f}{widgets[kind]:>9}{calls[kind]:>12}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=9, help="rounds of each app, interleaved")
    parser.add_argument("--pairs", type=int, default=12, help="push/pop pairs a round")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.rounds, arguments.pairs))
