"""How long `govtui report check` and `govtui report import` take on the annual-report fixtures.

Timed in-process (no interpreter start-up), best and worst of several runs, so the numbers say
what the reading and checking cost, not what Python's start costs.

    python benchmarks/reports.py [--runs 5]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from govtui.core.paths import bundled_course_dir
from govtui.core.reports.checks import check_report
from govtui.core.reports.importer import import_report

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "annual-reports"


def timed(action, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    for path in sorted(FIXTURES.glob("*.*")):
        if path.suffix == ".md":
            continue
        best, worst = timed(lambda p=path: check_report(p), runs)
        print(f"check  {path.name:45} best {best * 1000:6.1f} ms  worst {worst * 1000:6.1f} ms")
    for name in ("chongqing-2020-city.txt", "shanghai-2019-city-office.html"):
        with tempfile.TemporaryDirectory() as tmp:
            counter = iter(range(runs))
            best, worst = timed(
                lambda n=name, c=counter, t=tmp: import_report(FIXTURES / n, Path(t) / f"c{next(c)}", bundled_course_dir()),
                runs,
            )
        print(f"import {name:45} best {best * 1000:6.1f} ms  worst {worst * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
