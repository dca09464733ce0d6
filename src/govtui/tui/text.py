"""Showing text: literal (never parsed as markup) and wrapped by Chinese line-breaking rules."""

from __future__ import annotations

import re
from functools import lru_cache

import rich.text
import textual.content
from rich._wrap import divide_line as _rich_divide_line
from rich.cells import cell_len, get_character_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from govtui.core import escape
from govtui.core.linebreak import break_offsets


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Rich's `divide_line` contract, with `govtui.core.linebreak`'s rules for non-ASCII text."""
    if text.isascii():
        return _rich_divide_line(text, width, fold)
    if cell_len(text) <= width:
        # Fits: no break (break_offsets only breaks past the width). Most list rows and labels
        # fit; the home list at 50x content wraps 1,600 of them before the first paint.
        return []
    return list(_chinese_offsets(text, width, fold))


@lru_cache(maxsize=8192)
def _chinese_offsets(text: str, width: int, fold: bool) -> tuple[int, ...]:
    # Every repaint wraps the same lines again (cProfile of benchmarks/run.py: the line breaker
    # was the largest cost of opening a module and of search); the rules depend only on the text.
    return tuple(break_offsets(text, width, fold=fold, char_width=get_character_cell_size))


def install_line_breaking() -> None:
    """Make every wrap in Rich and Textual use `divide_line` (idempotent).

    Rich's `Text.wrap` and Textual's `Content` both call `rich._wrap.divide_line`, imported by
    name into their modules. Replacing those two names reaches every widget at once: the reader's
    Markdown, questions and options, dialogs, lists, toasts. A test checks it still takes effect
    (tests/test_linebreak_tui.py), so a Textual or Rich upgrade that moves it fails loudly.
    """
    rich.text.divide_line = divide_line  # type: ignore[attr-defined]
    textual.content.divide_line = divide_line  # type: ignore[attr-defined]


class Hanging:
    """`head` then `body`, the body's continuation lines indented to align after the head.

    Used for options ("A．" then a long answer) and list rows (a status then a check point).
    """

    def __init__(self, head: Text, body: Text) -> None:
        self.head, self.body = head, body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.head.cell_len
        if indent * 2 > options.max_width:  # too narrow to hang: wrap as one text
            yield Text.assemble(self.head, self.body)
            return
        lines = self.body.wrap(console, options.max_width - indent)
        for number, line in enumerate(lines):
            row = self.head.copy() if number == 0 else Text(" " * indent)
            row.append_text(line)
            row.end = "\n"
            yield row

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        indent = self.head.cell_len
        return Measurement(indent + 2, indent + self.body.cell_len)

    @property
    def plain(self) -> str:
        return self.head.plain + self.body.plain

    def __str__(self) -> str:
        return self.plain

def escape_markdown(text: str) -> str:
    """Escape characters Markdown would treat as syntax, so content shows as written (core's escaper)."""
    return escape.markdown(text, autolinks=False)  # the reader's Markdown does not autolink bare URLs


_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def tables_as_lists(markdown: str) -> str:
    """Rewrite Markdown tables as bullet lists.

    Module tables hold long Chinese sentences; in a terminal table those cells are cut to a few
    characters (at 80 columns a figure column can vanish). A list shows every cell in full.
    """
    # The reader's own parser splits the rows (imported here: not needed at start-up).
    from govtui.core.markdown_blocks import table_cells

    lines = markdown.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        is_table = (
            line.lstrip().startswith("|")
            and index + 1 < len(lines)
            and _SEPARATOR.match(lines[index + 1].strip())
        )
        if not is_table:
            out.append(line)
            index += 1
            continue
        headers = table_cells(line)
        index += 2
        while index < len(lines) and lines[index].lstrip().startswith("|"):
            cells = table_cells(lines[index])
            parts = []
            for position, cell in enumerate(cells):
                if not cell:
                    continue
                header = headers[position] if position < len(headers) else ""
                if position == 0:
                    parts.append(f"**{cell}**")
                else:
                    parts.append(f"{header}：{cell}" if header else cell)
            out.append("- " + "；".join(parts))
            index += 1
        out.append("")
    return "\n".join(out)
