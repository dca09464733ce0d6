"""Start-up stays cheap (issue 15): what home needs before its first paint, and the shortcuts
taken for it give the same results as the long way."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from govtui.core import clock
from govtui.core.linebreak import break_offsets
from govtui.core.progress import Profile, QuestionRecord
from govtui.core.review import card_due, is_due
from govtui.tui.text import divide_line
from govtui.tui.widgets.module_list import ModuleList

PROMPTS = [
    Text("  01 政府信息公开的范围  未学 · 30分钟"),
    Text("【1】全市通用", style="bold"),
    Text("  02 " + "依申请公开的答复期限与延长，以及征求第三方意见所需时间不计算在内" * 2 + "  已读"),
    Text("两行\n的提示"),
    Text("制表\t符" * 6),
    "纯字符串的选项，也要能量出高度",
    Text(""),
]


class _Lists(App[None]):
    # As on home (app.tcss): with a scrollbar that comes and goes, OptionList keeps rows measured
    # without it, where ModuleList measures them again.
    CSS = "OptionList { height: 1fr; scrollbar-gutter: stable; }"

    def compose(self) -> ComposeResult:
        yield OptionList(*[Option(p) for p in PROMPTS], id="plain")
        yield ModuleList(*[Option(p) for p in PROMPTS], id="fast")


@pytest.mark.parametrize("width", [12, 30, 80])
async def test_module_list_lines_are_those_of_option_list(width: int) -> None:
    app = _Lists()
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        plain, fast = app.query_one("#plain", OptionList), app.query_one("#fast", ModuleList)
        assert fast._line_cache.lines == plain._line_cache.lines
        assert fast.virtual_size == plain.virtual_size
        assert [fast.render_line(y).text for y in range(6)] == [plain.render_line(y).text for y in range(6)]
        for size in ((width + 17, 40), (width + 17, 12)):  # wider: re-measured; lower: index kept
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert fast._line_cache.lines == plain._line_cache.lines
            assert [fast.render_line(y).text for y in range(6)] == [plain.render_line(y).text for y in range(6)]


@pytest.mark.parametrize("text", ["政府信息公开", "（一）行政机关应当主动公开。", "2019年5月15日起施行", "共 3 题：甲、乙"])
def test_a_fitting_line_is_not_broken(text: str) -> None:
    for width in range(1, 40):
        assert divide_line(text, width) == break_offsets(text, width, char_width=_cells)


def _cells(char: str) -> int:
    from rich.cells import get_character_cell_size

    return get_character_cell_size(char)


def test_ratings_are_those_of_fsrs() -> None:
    from fsrs import Rating

    from govtui.core.review import AGAIN, EASY, GOOD, HARD

    assert tuple(int(r) for r in (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)) == (AGAIN, HARD, GOOD, EASY)


def test_due_questions_match_is_due_around_local_midnight() -> None:
    """The one-cutoff count gives the same cards, in the same order, as is_due card by card."""
    now = datetime(2026, 3, 10, 15, 59, 30, tzinfo=UTC)  # 23:59:30 in Beijing
    profile = Profile("p-x", "x", None, clock.stamp(now))
    stamps = []
    for minutes in range(-3000, 3000, 37):
        at = now + timedelta(minutes=minutes)
        stamps += [clock.stamp(at), at.astimezone().isoformat(), at.astimezone().replace(tzinfo=None).isoformat()]
    for number, stamp in enumerate(stamps):
        profile.questions[f"q{number}"] = QuestionRecord(card={"due": stamp, "state": 2})
    profile.questions["q-none"] = QuestionRecord()
    expected = [q for _, q in sorted((card_due(r.card), q) for q, r in profile.questions.items() if r.card and is_due(r.card, now))]
    assert profile.due_questions(now) == expected
    assert 0 < len(expected) < len(stamps)


def test_home_paints_without_the_heavy_modules(tmp_path: Path) -> None:
    """What the first paint of home may not wait for: schedulers, exporters, Markdown, self-check."""
    code = f"""
import sys
from pathlib import Path
from govtui.core.course import open_course
from govtui.core.paths import bundled_course_dir
from govtui.tui.app import GovtuiApp
import govtui.tui.app as A
seen = []
A._bench_marker = lambda app: seen.append(set(sys.modules))
import asyncio
async def main():
    app = GovtuiApp(open_course(bundled_course_dir()), Path({str(tmp_path)!r}), profile_name="张三", welcome=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#learner").render())
        assert "张三" in text, text
asyncio.run(main())
heavy = ["fsrs", "openpyxl", "genanki", "markdown_it", "rich.markdown", "govtui.core.selfcheck",
         "govtui.core.search", "govtui.tui.screens.reader", "govtui.tui.screens.quiz", "chinese_calendar"]
print(sorted(m for m in heavy if m in seen[0]))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_record_lock_is_the_lock_filelock_takes(tmp_path: Path) -> None:
    """Windows of older versions (filelock) and this one exclude each other, both ways."""
    from filelock import FileLock

    from govtui.core.locks import RecordLock

    path = tmp_path / "sub" / "p-x.lock"
    ours = RecordLock(path)
    assert ours.acquire()
    assert ours.acquire()  # already held by this window
    other = FileLock(str(path), timeout=0)
    with pytest.raises(Exception, match="could not be acquired|Timeout"):
        other.acquire()
    assert not RecordLock(path).acquire()
    ours.release()
    other.acquire()
    assert not RecordLock(path).acquire()
    other.release()
    again = RecordLock(path)
    assert again.acquire()
    again.release()


async def test_the_collector_paused_for_start_up_resumes_once_home_is_painted(bundled, tmp_path: Path) -> None:
    import gc

    from govtui.tui.app import GovtuiApp

    gc.disable()  # as tui_start.run_tui does
    try:
        app = GovtuiApp(bundled, tmp_path, profile_name="张三", welcome=False)
        app.collect_after_first_paint = True
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert "张三" in str(app.screen.query_one("#learner").render())
    finally:
        gc.enable()


class _Bars(App[None]):
    CSS = """
    .card { height: 1; width: 100%; }
    .card ProgressBar { width: 100%; }
    .card Bar { width: 1fr; }
    .card TrackBar { width: 100%; }
    """

    def compose(self) -> ComposeResult:
        from textual.containers import Vertical
        from textual.widgets import ProgressBar

        from govtui.tui.widgets.track_bar import TrackBar

        with Vertical(classes="card"):
            yield ProgressBar(total=100, show_eta=False, show_percentage=True)
        with Vertical(classes="card"):
            yield TrackBar()


@pytest.mark.parametrize("width", [11, 25, 80])
async def test_track_bar_draws_what_progress_bar_drew(width: int) -> None:
    from textual.widgets import ProgressBar

    from govtui.tui.widgets.track_bar import TrackBar

    app = _Bars()
    async with app.run_test(size=(width, 2)) as pilot:
        for percent in (0, 1, 33, 50, 99, 100):
            app.query_one(ProgressBar).update(progress=percent)
            app.query_one(TrackBar).percent = percent
            await pilot.pause()
            old, new = app.screen._compositor.render_strips()[:2]
            assert new.text == old.text, percent
            assert _cells_of(new) == _cells_of(old), percent


def _cells_of(strip) -> list[tuple]:
    """What a terminal shows: each cell's character and colours (not how segments are split)."""
    cells = []
    for segment in strip:
        style = segment.style
        look = (str(style.color), str(style.bgcolor), bool(style.bold), bool(style.dim), bool(style.reverse)) if style else None
        cells += [(char, look) for char in segment.text]
    return cells
