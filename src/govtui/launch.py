"""The `govtui` command: a plain start of the app reads its three options itself.

Nearly every start is `govtui`, `govtui --profile 张三`, or the same with `--course` or `--data-dir`.
Importing argparse and building the whole command line (every subcommand, which imports the
records, desk and report commands) was about 30 ms of a ~0.5 s start to home
(benchmarks/run.py). Anything else goes to govtui.cli's parser unchanged: a subcommand, help,
`--version`, an abbreviated option, a value that starts with "-". tests/test_cli.py checks that
both read every plain start alike.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

OPTIONS = {"--course": "course", "--data-dir": "data_dir", "--profile": "profile"}
"""The options of a plain start, as written, and the attribute each sets (as govtui.cli's parser)."""


class PlainStart:
    """The options of a plain start; what govtui.cli's parser gives for the same command line."""

    def __init__(self) -> None:
        self.course: str | None = None
        self.data_dir: str | None = None
        self.profile: str | None = None
        self.command: str | None = None


def plain_start(argv: Sequence[str]) -> PlainStart | None:
    """The options when `argv` only starts the app with exact `--course`/`--data-dir`/`--profile`
    (`--name value` or `--name=value`, the last one given winning); None for anything else."""
    options = PlainStart()
    index = 0
    while index < len(argv):
        name, equals, value = argv[index].partition("=")
        if name not in OPTIONS:
            return None
        if not equals:
            if index + 1 >= len(argv) or argv[index + 1].startswith("-"):
                return None  # the full parser says what is wrong
            index += 1
            value = argv[index]
        setattr(options, OPTIONS[name], value)
        index += 1
    return options


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    options = plain_start(arguments)
    if options is None:
        from govtui.cli import main as command_line

        return command_line(arguments)
    from govtui.tui_start import run_tui

    return run_tui(options)
