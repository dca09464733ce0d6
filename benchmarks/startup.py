"""Start-up cost of govtui's first screen compared with a bare Textual app, in the same run.

Each sample is a fresh Python process that starts the app headless, waits for its first screen to
be mounted and painted, and exits. The two kinds of sample are interleaved so that machine noise hits
both alike; the result is reported as a ratio of medians.

    python benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time

BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()
    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run(headless=True, size=(80, 24))
"""

GOVTUI = """
import sys
from pathlib import Path
from govtui.core.course import open_course
from govtui.core.paths import bundled_course_dir
from govtui.tui.app import GovtuiApp
from govtui.tui.screens.home import HomeScreen

class Measured(GovtuiApp):
    def on_screen_resume(self):
        pass

app = GovtuiApp(open_course(bundled_course_dir()), Path(sys.argv[1]), profile_name="bench", welcome=False)

def done():
    if isinstance(app.screen, HomeScreen):
        app.exit()
    else:
        app.set_timer(0.001, done)

app.call_later(lambda: app.call_after_refresh(done))
app.run(headless=True, size=(80, 24))
"""


def sample(code: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        sample(GOVTUI, data_dir)  # warm caches and create the profile once
        sample(BARE)
        bare, govtui = [], []
        for _ in range(args.runs):
            bare.append(sample(BARE))
            govtui.append(sample(GOVTUI, data_dir))
    bare_median, govtui_median = statistics.median(bare), statistics.median(govtui)
    print(f"runs: {args.runs} each, interleaved")
    print(f"bare Textual app, first screen:   median {bare_median * 1000:.0f} ms")
    print(f"govtui home screen (1+41+N plan): median {govtui_median * 1000:.0f} ms")
    print(f"ratio govtui / bare: {govtui_median / bare_median:.2f}")


if __name__ == "__main__":
    main()
