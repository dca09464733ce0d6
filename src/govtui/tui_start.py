"""Starting the app: open the course, check the records folder, run the interface.

Kept apart from govtui.cli so that a plain start (`govtui`, `govtui --profile 张三`) imports no
argparse nor any command's module (govtui/launch.py). Both the command line and that plain start
call `run_tui` with the same options.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from govtui.core.course import Course


class StartOptions(Protocol):
    """What starting the app reads of the parsed command line."""

    course: str | None
    data_dir: str | None
    profile: str | None


def open_course(args: StartOptions) -> Course | None:
    """The course named by `--course` (the bundled one by default); None after printing the error."""
    from govtui.core.course import open_course as open_folder
    from govtui.core.paths import resolve_course_dir
    from govtui.core.problems import ContentError

    root = resolve_course_dir(args.course)
    try:
        return open_folder(root)
    except ContentError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return None


def data_dir_problem(data_dir: Path) -> str | None:
    """Why progress could not be saved under `data_dir`, or None if it can."""
    import tempfile

    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=data_dir):
            pass
    except OSError as exc:
        from govtui.core.errors import write_problem

        return write_problem(data_dir / "x", exc)
    return None


def run_tui(args: StartOptions) -> int:
    import gc

    # Start-up allocates the course, the learner's record and Textual's widgets, nearly all of it
    # kept: the cyclic collector ran ~200 times before home's first paint, 45-75 ms of a ~0.5 s
    # start (benchmarks/run.py). The app turns it back on once home is painted; every other way
    # out of here (a course or folder that cannot be used, an error) turns it back on too.
    gc.disable()
    try:
        return _start_tui(args)
    finally:
        gc.enable()


def _start_tui(args: StartOptions) -> int:
    course = open_course(args)
    if course is None:
        return 1
    from govtui.core.paths import resolve_data_dir

    if args.profile is not None:
        args.profile = args.profile.strip()
        if not args.profile or len(args.profile) > 40:
            print("错误：--profile 的姓名应为 1–40 个字符。", file=sys.stderr)
            return 1
    data_dir = resolve_data_dir(args.data_dir)
    problem = data_dir_problem(data_dir)
    if problem:
        print(f"错误：学习记录目录 {data_dir} 不可用（{problem}）。可用 --data-dir 或环境变量 GOVTUI_DATA_DIR 指定其他位置。", file=sys.stderr)
        return 1
    from govtui.tui.app import GovtuiApp

    app = GovtuiApp(course, data_dir, profile_name=args.profile)
    app.collect_after_first_paint = True
    app.owns_collector = True
    app.run()
    return app.return_code or 0
