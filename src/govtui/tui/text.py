"""Keeping content text literal when it is shown."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def escape_markdown(text: str) -> str:
    """Escape characters Markdown would treat as syntax, so content shows as written."""
    return _MD_SPECIAL.sub(r"\\\1", text)


_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [cell.strip() for cell in _CELL_SPLIT.split(line)]


def tables_as_lists(markdown: str) -> str:
    """Rewrite Markdown tables as bullet lists.

    Module tables hold long Chinese sentences; in a terminal table those cells are cut to a few
    characters (at 80 columns a figure column can vanish). A list shows every cell in full.
    """
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
        headers = _cells(line)
        index += 2
        while index < len(lines) and lines[index].lstrip().startswith("|"):
            cells = _cells(lines[index])
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
