"""govtui's performance, every figure beside a bare Textual baseline measured in the same run.

    python benchmarks/run.py [--quick] [--json PATH] [--rounds N] [--no-scale]

Parts (each sample of govtui is interleaved with a sample of its baseline, so load on a shared
machine hits both alike; figures are ratios of medians / percentiles, absolute values for context):

- start-up: a real pseudo-terminal (pty), process start to the first complete paint of the home
  screen (the app writes an invisible marker after that paint, GOVTUI_BENCH_MARKER), against a
  bare Textual app with a header, a 10-item list, a static and a footer;
- keys: key press to repainted screen (Pilot), p50 and p95, against a bare app pushing and
  popping a one-Static screen;
- memory: peak RSS after visiting every main screen, against the bare app doing push/pop;
- scale: synthetic courses 10x and 50x today's (benchmarks/synthetic.py): start-up, search and
  open-module, load+validate time; a learner with 15,000 answers over two years: save time and
  bytes written per answer, at 0, 1,500 and 15,000 answers.

Exits 1 when a budget (issue 15) is missed. Results: benchmarks/results/latest.json (or --json).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

MARKER = "GOVTUI-BENCH-PAINTED"
SIZE = (80, 24)

BARE_START = f"""
import os
from textual.app import App
from textual.widgets import Footer, Header, OptionList, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield OptionList(*[f"第 {{i}} 项" for i in range(1, 11)])
        yield Static("hello")
        yield Footer()
    def on_mount(self):
        self.call_after_refresh(self.painted)
    def painted(self):
        self._driver.write("\\x1b]2;{MARKER}\\x07")
        self._driver.flush()

Bare().run()
"""


# -- helpers ------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation; the median for q=0.5."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass
class Row:
    part: str
    name: str
    value: float
    baseline: float | None
    unit: str
    budget: float | None = None
    """Largest allowed ratio (or absolute value when `absolute`)."""
    absolute_budget: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    @property
    def ok(self) -> bool:
        good = True
        if self.budget is not None and self.ratio is not None:
            good = self.ratio <= self.budget
        if self.absolute_budget is not None:
            good = good and self.value <= self.absolute_budget
        return good


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)

    def add(self, *args, **kwargs) -> Row:
        row = Row(*args, **kwargs)
        self.rows.append(row)
        print(_line(row), flush=True)
        return row


def _line(row: Row) -> str:
    ratio = f"{row.ratio:5.2f}x" if row.ratio is not None else "   -  "
    base = f"{row.baseline:9.1f}" if row.baseline is not None else " " * 9
    budget = []
    if row.budget is not None:
        budget.append(f"<={row.budget}x")
    if row.absolute_budget is not None:
        budget.append(f"<={row.absolute_budget:g} {row.unit}")
    verdict = "" if not budget else ("ok  " if row.ok else "MISS")
    return f"{row.part:<8} {row.name:<34} {row.value:9.1f} {base} {row.unit:<3} {ratio} {verdict} {' '.join(budget)} {row.note}"


# -- start-up in a pseudo-terminal -----------------------------------------------------------


def pty_start(argv: list[str], env: dict[str, str], timeout: float = 60.0) -> float:
    """Seconds from fork to the marker in the terminal output; the process is then killed."""
    import fcntl
    import pty
    import struct
    import termios

    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child: the pty is its controlling terminal
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        os.execve(argv[0], argv, env)
    seen = b""
    needle = MARKER.encode()
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"no start-up marker from {argv}")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise RuntimeError(f"{argv} ended before painting: {seen[-400:]!r}")
            seen = seen[-len(needle):] + chunk
            if needle in seen:
                return time.perf_counter() - start
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def warm_bytecode() -> None:
    """Compile govtui's byte-code, as `pip install` does.

    The bare app's Textual was installed with its byte-code; an editable install run under
    PYTHONDONTWRITEBYTECODE=1 (as on the project's machines) would instead compile every govtui
    module from source at every start, and the warm-up run below could not cache it.
    """
    import compileall

    import govtui

    compileall.compile_dir(Path(govtui.__file__).parent, quiet=1)


def startup_pair(runs: int, course: Path | None, data_dir: Path, profile: str) -> tuple[list[float], list[float]]:
    env = {**os.environ, "GOVTUI_DATA_DIR": str(data_dir), "GOVTUI_BENCH_MARKER": MARKER, "TERM": "xterm-256color"}
    env.pop("TEXTUAL", None)
    app = [sys.executable, "-m", "govtui", "--profile", profile]
    if course is not None:
        app += ["--course", str(course)]
    bare = [sys.executable, "-c", BARE_START]
    warm_bytecode()
    pty_start(app, env)  # warm the file cache and byte-code
    pty_start(bare, env)
    bares, apps = [], []
    for _ in range(runs):
        bares.append(pty_start(bare, env))
        apps.append(pty_start(app, env))
    return bares, apps


# -- keys -------------------------------------------------------------------------------------


def install_paint_clock() -> None:
    """Time paints: every screen update is rendered to terminal data (as a real terminal would get
    it, headless apps skip this) and the moment it is done is kept on the app."""
    from textual.app import App

    if getattr(App, "_bench_clock", False):
        return
    original = App._display

    def display(self, screen, renderable) -> None:
        if renderable is not None and not self._batch_count:
            render = getattr(renderable, "render_segments", None)
            if render is not None:
                render(self.console)
            self._bench_last_paint = time.perf_counter()
            self._bench_paints = getattr(self, "_bench_paints", 0) + 1
            self._bench_log = getattr(self, "_bench_log", [])
            self._bench_log.append((self._bench_last_paint, type(renderable).__name__))
        original(self, screen, renderable)

    App._display = display
    App._bench_clock = True
    # A blinking cursor repaints twice a second and would be taken for the key's repaint.
    from textual.widgets import Input

    Input._toggle_cursor = lambda self: None


async def timed(pilot, *keys: str) -> float | None:
    """Seconds from the key press to the end of the last repaint it caused (None: nothing repainted).

    Pilot's own waits poll every 20 ms, so the press-to-return time would measure the polling; the
    paint clock measures the app.
    """
    app = pilot.app
    app._bench_last_paint = 0.0
    start = time.perf_counter()
    await pilot.press(*keys)
    await pilot.pause()
    last = app._bench_last_paint
    return last - start if last > start else None


def bare_key_app(chrome: bool = False):
    """The baseline: push and pop a one-Static screen. With `chrome`, both screens also have a
    Header and a Footer, as every govtui screen does: that shows what Textual itself costs."""
    from textual.app import App
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Static

    class Page(Screen):
        BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

        def compose(self):
            if chrome:
                yield Header()
            yield Static("一页文字 " * 200)
            if chrome:
                yield Footer()

    class Bare(App):
        BINDINGS = [Binding("enter", "page", "打开")]

        def compose(self):
            if chrome:
                yield Header()
            yield Static("hello")
            if chrome:
                yield Footer()

        def action_page(self) -> None:
            self.push_screen(Page())

    return Bare()


async def bare_round(pairs: int, chrome: bool = False) -> list[float]:
    samples = []
    install_paint_clock()
    async with bare_key_app(chrome).run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(pairs):
            for key in ("enter", "escape"):
                value = await timed(pilot, key)
                if value is not None:
                    samples.append(value)
    return samples


async def back_home(pilot, app, home) -> None:
    """Pop screens until `home` is shown again, untimed."""
    while app.screen is not home:
        app.pop_screen()
        await pilot.pause()


async def settle(pilot, until, limit: float = 10.0) -> None:
    """Pause until `until()` holds (background loads), untimed."""
    start = time.perf_counter()
    while not until():
        if time.perf_counter() - start > limit:
            raise TimeoutError("app did not settle")
        await pilot.pause(0.02)


def prewarmed(app) -> bool:
    """The app's idle-time imports have run (apps without them count as done)."""
    if not hasattr(app, "prewarm_worker"):
        return True
    worker = app.prewarm_worker
    return worker is not None and worker.is_finished


def highlight(app, module_id: str) -> None:
    from textual.widgets import OptionList

    modules = app.screen.query_one("#modules", OptionList)
    modules.highlighted = modules.get_option_index(module_id)


async def answer_current(pilot, app) -> float | None:
    """Answer the question shown with whatever keys its type needs; the last key is timed."""
    screen = app.screen
    question = screen.session.current
    if question is None:
        return None
    kind = question.type
    if kind in ("single", "truefalse"):
        return await timed(pilot, "a")
    if kind == "multiple":
        await pilot.press("a")
        await pilot.pause()
        return await timed(pilot, "s")
    if kind == "fill":
        await pilot.press("x")
        await pilot.pause()
        return await timed(pilot, "enter")
    if kind == "order":
        letters = "abcdef"[: len(question.choices)]
        for letter in letters[:-1]:
            await pilot.press(letter)
        await pilot.pause()
        return await timed(pilot, letters[-1])
    return None


def pick_modules(course) -> tuple[str, str]:
    """The longest module (scrolling) and the module with most questions (quiz)."""
    longest = max(course.modules.values(), key=lambda m: len(m.body()))
    counts: dict[str, int] = {}
    for question in course.questions.values():
        if question.module:
            counts[question.module] = counts.get(question.module, 0) + 1
    quiz = max(counts, key=counts.get)
    return longest.id, quiz


async def govtui_round(course, data_dir: Path, repeats: int, scale_only: bool = False) -> dict[str, list[float]]:
    from govtui.tui.app import GovtuiApp

    out: dict[str, list[float]] = {}

    def add(name: str, value: float | None) -> None:
        if value is not None:
            out.setdefault(name, []).append(value)

    longest, quiz_module = pick_modules(course)
    install_paint_clock()
    app = GovtuiApp(course, data_dir, profile_name="bench", welcome=False)
    app.rng_seed = 1
    app.owns_collector = True  # as `govtui` runs it (tui_start.run_tui)
    async with app.run_test(size=SIZE) as pilot:
        # Background loads end before the first timed key, as they do before a person's first key:
        # the question banks, and the screens imported after home's first paint (tui/prewarm.py).
        await settle(pilot, lambda: getattr(app.screen, "quiz_modules", None) is not None and prewarmed(app))
        home = app.screen
        for _ in range(repeats):
            highlight(app, longest)
            await pilot.pause()
            add("open module", await timed(pilot, "enter"))
            if not scale_only:
                for _ in range(3):
                    add("scroll a long module", await timed(pilot, "space"))
            add("back", await timed(pilot, "escape"))
            add("open search", await timed(pilot, "slash"))
            for char in "公开":
                add("type in search", await timed(pilot, char))
            await pilot.press("escape")
            await settle(pilot, lambda: app.screen is home)
            if scale_only:
                continue
            add("open the Regulation", await timed(pilot, "r"))
            add("open an article", await timed(pilot, "enter"))
            app.pop_screen()
            app.pop_screen()
            await pilot.pause()
            add("open self-check", await timed(pilot, "c"))
            await pilot.press("enter")
            await pilot.pause()
            for _ in range(3):
                add("next self-check item", await timed(pilot, "down"))
            await back_home(pilot, app, home)
            await pilot.press("e")
            await pilot.pause()
            add("start exam", await timed(pilot, "enter"))
            await back_home(pilot, app, home)
            highlight(app, quiz_module)
            await pilot.pause()
            add("start quiz", await timed(pilot, "t"))
            for _ in range(3):
                add("answer", await answer_current(pilot, app))
                add("next question", await timed(pilot, "enter"))
            await back_home(pilot, app, home)
    return out


KEY_NAMES = [
    "open module", "scroll a long module", "next question", "answer", "back", "open search",
    "type in search", "start quiz", "start exam", "open self-check", "next self-check item",
    "open the Regulation", "open an article",
]


def prepare_data_dir(data_dir: Path, course, profile=None) -> None:
    """A learner `bench` who has seen the welcome, and one self-check session to open."""
    from govtui.core import clock
    from govtui.core.progress import Profile, ProgressStore, profile_id_for
    from govtui.core.selfcheck import new_session

    store = ProgressStore(data_dir)
    if profile is None:
        profile = Profile(profile_id_for("bench"), "bench", None, clock.now_stamp())
        profile.settings.welcomed_at = clock.now_stamp()
    else:
        profile.id, profile.name = profile_id_for("bench"), "bench"
    profile.backed_up = True
    store.save(profile)
    from govtui.core.selfcheck import SelfCheckStore

    checklist = course.checklist
    if checklist is not None:
        session = new_session("某某区人民政府办公室", checklist.levels[0].id, ["张三"], clock.today(), checklist.version)
        SelfCheckStore(data_dir).save(session)


class FullPasses:
    """Full (generation 2) garbage collections while the govtui rounds run, and how long each took:
    what the app's idle-time collector (tui/collector.py) did not keep out of the timed keys."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self._start = 0.0

    def _callback(self, phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds.append(time.perf_counter() - self._start)

    def __enter__(self) -> FullPasses:
        import gc

        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        import gc

        gc.callbacks.remove(self._callback)


async def keys_part(report: Report, rounds: int, repeats: int, results: dict) -> None:
    from govtui.core.course import open_course
    from govtui.core.paths import bundled_course_dir

    course = open_course(bundled_course_dir())
    course.questions  # noqa: B018 - keys, not first loads
    baseline: list[float] = []
    chrome: list[float] = []
    samples: dict[str, list[float]] = {}
    passes = FullPasses()
    with tempfile.TemporaryDirectory() as tmp:
        prepare_data_dir(Path(tmp), course)
        for _ in range(rounds):
            baseline += await bare_round(pairs=6 * repeats)
            chrome += await bare_round(pairs=6 * repeats, chrome=True)
            with passes:
                for name, values in (await govtui_round(course, Path(tmp), repeats)).items():
                    samples.setdefault(name, []).extend(values)
    b50, b95 = pct(baseline, 0.5) * 1000, pct(baseline, 0.95) * 1000
    c50, c95 = pct(chrome, 0.5) * 1000, pct(chrome, 0.95) * 1000
    results["keys"] = {"baseline_ms": {"p50": b50, "p95": b95, "n": len(baseline)},
                       "chrome_baseline_ms": {"p50": c50, "p95": c95, "n": len(chrome)}, "keys": {}}
    report.add("keys", "(floor) bare push/pop + header/footer p50", c50, b50, "ms")
    report.add("keys", "(floor) bare push/pop + header/footer p95", c95, b95, "ms")
    longest = max(passes.seconds, default=0.0) * 1000
    results["keys"]["full_collections"] = {"count": len(passes.seconds), "longest_ms": longest}
    report.add("keys", f"(context) full GC passes in {rounds} rounds", len(passes.seconds), None, "",
               note=f"longest {longest:.1f} ms")
    for name in KEY_NAMES:
        values = samples.get(name, [])
        if not values:
            report.add("keys", f"{name} (no samples)", float("nan"), None, "ms")
            continue
        p50, p95 = pct(values, 0.5) * 1000, pct(values, 0.95) * 1000
        results["keys"]["keys"][name] = {"p50": p50, "p95": p95, "n": len(values),
                                         "ratio_p95_to_chrome": p95 / c95 if c95 else None}
        report.add("keys", f"{name} p50", p50, b50, "ms", note=f"{p50 / c50:.2f}x floor" if c50 else "")
        report.add("keys", f"{name} p95", p95, b95, "ms", budget=1.5, absolute_budget=50,
                   note=f"{p95 / c95:.2f}x floor" if c95 else "")


# -- memory -----------------------------------------------------------------------------------


def child_memory(kind: str, data_dir: str) -> None:
    """Run in a child process: visit every main screen, print peak RSS in KiB."""
    async def bare() -> None:
        await bare_round(pairs=10)

    async def govtui() -> None:
        from govtui.core.course import open_course
        from govtui.core.paths import bundled_course_dir
        from govtui.tui.app import GovtuiApp

        course = open_course(bundled_course_dir())
        app = GovtuiApp(course, Path(data_dir), profile_name="bench", welcome=False)
        app.rng_seed = 1
        app.owns_collector = True  # as `govtui` runs it (tui_start.run_tui)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, lambda: getattr(app.screen, "quiz_modules", None) is not None)
            home = app.screen
            for keys in (["enter", "space"], ["slash", "2"], ["r", "enter"], ["g"], ["w"], ["e", "enter"],
                         ["c", "enter", "down"], ["t", "a"], ["question_mark"]):
                for key in keys:
                    await pilot.press(key)
                    await pilot.pause()
                await back_home(pilot, app, home)

    asyncio.run(bare() if kind == "bare" else govtui())
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
    status = Path("/proc/self/status").read_text()
    print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def memory_part(report: Report, runs: int, results: dict) -> None:
    from govtui.core.course import open_course
    from govtui.core.paths import bundled_course_dir

    def peak(kind: str, data_dir: str) -> float:
        out = subprocess.run([sys.executable, __file__, "--child-memory", kind, data_dir],
                             check=True, capture_output=True, text=True).stdout
        return int(out.split()[-1]) / 1024

    with tempfile.TemporaryDirectory() as tmp:
        prepare_data_dir(Path(tmp), open_course(bundled_course_dir()))
        bares, apps = [], []
        for _ in range(runs):
            bares.append(peak("bare", tmp))
            apps.append(peak("govtui", tmp))
    b, a = statistics.median(bares), statistics.median(apps)
    results["memory_mib"] = {"bare": b, "govtui": a, "bare_all": bares, "govtui_all": apps}
    report.add("memory", "peak RSS, every main screen", a, b, "MiB", budget=1.5)


# -- scale ------------------------------------------------------------------------------------


def load_validate_seconds(root: Path) -> float:
    from govtui.core.check import check_course
    from govtui.core.course import open_course

    start = time.perf_counter()
    result = check_course(open_course(root))
    elapsed = time.perf_counter() - start
    if result.problems:
        raise RuntimeError(f"synthetic course has problems: {result.problems[:3]}")
    return elapsed


def save_costs(course, profile, answers_per_sample: int = 20) -> tuple[float, float]:
    """Median seconds and mean bytes written per answer, each answer followed by a save."""
    from govtui.core.progress import ProgressStore

    with tempfile.TemporaryDirectory() as tmp:
        store = ProgressStore(Path(tmp))
        profile.backed_up = True
        profile.loaded_version = None
        store.save(profile)
        loaded = store.find_by_id(profile.id)
        loaded.backed_up = True
        store.save(loaded)
        qids = list(course.questions)[:answers_per_sample]
        times, written = [], 0
        for qid in qids:
            before = _disk_state(store.profile_dir)
            loaded.record_answer(qid, True, 3)
            start = time.perf_counter()
            store.save(loaded)
            times.append(time.perf_counter() - start)
            written += _bytes_written(before, _disk_state(store.profile_dir))
        return statistics.median(times), written / len(qids)


def _disk_state(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_size) for p in folder.iterdir() if p.is_file()}


def _bytes_written(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> int:
    """A replaced file (new inode) counts whole; an appended one counts its growth."""
    total = 0
    for name, (inode, size) in after.items():
        old = before.get(name)
        total += size if old is None or old[0] != inode else max(0, size - old[1])
    return total


async def scale_keys(course, data_dir: Path, rounds: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {}
    for _ in range(rounds):
        for name, values in (await govtui_round(course, data_dir, 2, scale_only=True)).items():
            samples.setdefault(name, []).extend(values)
    return samples


def scale_part(report: Report, factors: list[int], runs: int, rounds: int, results: dict) -> None:
    from synthetic import make_course, make_learner

    from govtui.core.course import open_course
    from govtui.core.paths import bundled_course_dir

    results["scale"] = {}
    base_load = statistics.median(load_validate_seconds(bundled_course_dir()) for _ in range(3))
    report.add("scale", "load+validate 1x", base_load * 1000, None, "ms")
    with tempfile.TemporaryDirectory() as tmp:
        for factor in factors:
            root = make_course(Path(tmp) / f"x{factor}", factor)
            course = open_course(root)
            n_modules, n_questions = len(course.modules), len(course.questions)
            loads = [load_validate_seconds(root) for _ in range(3)]
            load = statistics.median(loads)
            report.add("scale", f"load+validate {factor}x", load * 1000, base_load * 1000, "ms",
                       budget=float(factor), note=f"{n_modules} modules, {n_questions} questions; ratio <= {factor} = linear")
            data_dir = Path(tmp) / f"data{factor}"
            prepare_data_dir(data_dir, course)
            bares, apps = startup_pair(runs, root, data_dir, "bench")
            b, a = statistics.median(bares) * 1000, statistics.median(apps) * 1000
            report.add("scale", f"start-up {factor}x", a, b, "ms", budget=1.5 if factor >= 50 else None)
            baseline = []
            samples: dict[str, list[float]] = {}
            for _ in range(rounds):
                baseline += asyncio.run(bare_round(pairs=4))
                for name, values in asyncio.run(scale_keys(course, data_dir, 1)).items():
                    samples.setdefault(name, []).extend(values)
            b95 = pct(baseline, 0.95) * 1000
            entry = {"modules": n_modules, "questions": n_questions, "load_validate_ms": load * 1000,
                     "startup_ms": a, "bare_startup_ms": b, "keys": {}}
            for name in ("open module", "open search", "type in search"):
                p95 = pct(samples[name], 0.95) * 1000
                entry["keys"][name] = {"p50": pct(samples[name], 0.5) * 1000, "p95": p95}
                # "Search p95 <= 100 ms" at 50x: opening the search screen and typing in it.
                search = name in ("open search", "type in search")
                report.add("scale", f"{name} {factor}x p95", p95, b95, "ms",
                           absolute_budget=100 if search and factor >= 50 else None)
            results["scale"][f"x{factor}"] = entry
        # The learner with two years of answers, on the 10x course (enough distinct questions).
        course = open_course(make_course(Path(tmp) / "learner", 10))
        question_ids = list(course.questions)
        module_of = {q.id: q.module or "" for q in course.questions.values()}
        learner_rows = {}
        for answers, cards in ((0, 0), (1_500, 1_500), (15_000, 4_000)):
            profile = make_learner(question_ids, module_of, answers=answers, cards=max(cards, 1))
            seconds, written = save_costs(course, profile)
            learner_rows[answers] = {"save_ms": seconds * 1000, "bytes_per_answer": written}
        small = learner_rows[0]
        for answers, row in learner_rows.items():
            report.add("save", f"save per answer, {answers} answers", row["save_ms"], small["save_ms"] or None, "ms",
                       absolute_budget=10 if answers == 15_000 else None)
            report.add("save", f"bytes per answer, {answers} answers", row["bytes_per_answer"],
                       small["bytes_per_answer"] or None, "B")
        results["learner"] = learner_rows
        big = make_learner(question_ids, module_of)
        data_dir = Path(tmp) / "data-learner"
        prepare_data_dir(data_dir, course, big)
        bares, apps = startup_pair(runs, root, data_dir, "bench")
        b, a = statistics.median(bares) * 1000, statistics.median(apps) * 1000
        report.add("scale", f"start-up {factors[-1]}x, 15,000 answers", a, b, "ms", budget=1.5)
        results["scale"]["learner_startup_ms"] = {"govtui": a, "bare": b}
    _ = open_course  # keeps the import local to the part


# -- main -------------------------------------------------------------------------------------


def markdown(results: dict) -> str:
    """The results as a Markdown table (for the README)."""
    lines = ["| 部分 | 测量 | govtui | 基线 | 单位 | 比值 | 预算 | 结果 | 相对地板 |", "|---|---|---:|---:|---|---:|---|---|---:|"]
    keys = results.get("keys", {})
    chrome = keys.get("chrome_baseline_ms", {})
    for row in results["rows"]:
        name, _, stat = row["name"].rpartition(" ")
        measured = keys.get("keys", {}).get(name, {})
        floor = f"{row['value'] / chrome[stat]:.2f}x" if row["part"] == "keys" and measured and chrome.get(stat) else ""
        budget = " ".join(
            part for part in (f"≤{row['budget_ratio']:g}x" if row["budget_ratio"] is not None else "",
                              f"≤{row['budget_absolute']:g} {row['unit']}" if row["budget_absolute"] is not None else "")
            if part
        )
        ratio = f"{row['ratio']:.2f}x" if row["ratio"] is not None else ""
        base = f"{row['baseline']:.1f}" if row["baseline"] is not None else ""
        verdict = ("达到" if row["ok"] else "**未达到**") if budget else ""
        lines.append(f"| {row['part']} | {row['name']} | {row['value']:.1f} | {base} | {row['unit']} | {ratio} | {budget} | {verdict} | {floor} |")
    return "\n".join(lines) + "\n"


def machine() -> dict[str, str | int | float]:
    import textual

    return {
        "python": platform.python_version(),
        "textual": textual.__version__,
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count() or 0,
        "load_average_1m": os.getloadavg()[0],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="few rounds, 10x only: a smoke run")
    parser.add_argument("--rounds", type=int, help="key rounds (default 20, quick 3)")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "latest.json", help="where to write results")
    parser.add_argument("--no-scale", action="store_true", help="skip the synthetic 10x/50x course and learner")
    parser.add_argument("--markdown", type=Path, metavar="JSON", help="print the table of an earlier run as Markdown")
    parser.add_argument("--child-memory", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.markdown:
        print(markdown(json.loads(args.markdown.read_text(encoding="utf-8"))), end="")
        return 0
    if args.child_memory:
        child_memory(*args.child_memory)
        return 0
    # A p95 needs about twenty samples to be more than the slowest one: with nine, one pause of
    # the shared machine decided it. Start-up and memory keep nine and three runs (medians).
    rounds = args.rounds or (3 if args.quick else 20)
    # Start-up on this shared machine swings between runs (the bare app alone: 260-520 ms), and
    # its median of nine flipped from run to run. Slow samples come in bursts that hit one side
    # of a pair: one pair's ratio ranged 0.84-2.03 in a run whose median was 1.25, and the same
    # code measured 1.03-1.36 (1x) and 1.31-1.72 (50x) in runs of 15 pairs minutes apart, while
    # the course's size made no difference in 10 pairs of govtui alone (493 and 493 ms):
    # twenty-five interleaved pairs.
    runs = 3 if args.quick else 25
    report = Report()
    results: dict = {"machine": machine(), "quick": args.quick, "rounds": rounds, "startup_runs": runs}
    print(f"{'part':<8} {'measure':<34} {'govtui':>9} {'baseline':>9} unit ratio  budget")
    from govtui.core.course import open_course
    from govtui.core.paths import bundled_course_dir

    with tempfile.TemporaryDirectory() as tmp:
        prepare_data_dir(Path(tmp), open_course(bundled_course_dir()))
        bares, apps = startup_pair(runs, None, Path(tmp), "bench")
    b, a = statistics.median(bares) * 1000, statistics.median(apps) * 1000
    results["startup_ms"] = {"bare": b, "govtui": a, "bare_all": bares, "govtui_all": apps}
    report.add("start-up", "home screen painted (pty)", a, b, "ms", budget=1.3)
    asyncio.run(keys_part(report, rounds, 1, results))
    memory_part(report, 1 if args.quick else 3, results)
    if not args.no_scale:
        scale_part(report, [10] if args.quick else [10, 50], runs, max(3, rounds // 3), results)
    missed = [row for row in report.rows if not row.ok]
    results["rows"] = [
        {"part": r.part, "name": r.name, "value": r.value, "baseline": r.baseline, "unit": r.unit,
         "ratio": r.ratio, "budget_ratio": r.budget, "budget_absolute": r.absolute_budget, "ok": r.ok}
        for r in report.rows
    ]
    results["missed"] = [f"{r.part}: {r.name}" for r in missed]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    args.json.with_suffix(".md").write_text(markdown(results), encoding="utf-8")
    print(f"\nmachine: {results['machine']}")
    print(f"results written to {args.json}")
    if missed:
        print(f"{len(missed)} budget(s) missed: " + "; ".join(results["missed"]))
        return 1
    print("every budget met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
