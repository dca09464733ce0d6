"""Markdown blocks for the module reader: headings, paragraphs, lists, quotes, tables, code, rules.

Pure and UI-free (the drawing is tui/widgets/markdown_lines.py). A line-based reading of the
CommonMark/GFM subset the course uses; see core/markdown_inline.py for why it is ours. Not
supported, and so read as paragraphs of literal text: setext headings (a `===` underline),
indented code, HTML, link reference definitions. Nothing here raises on any input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from govtui.core.markdown_inline import Span, parse_inline

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$")
_QUOTE = re.compile(r"^ {0,3}> ?")
_ITEM = re.compile(r"^( {0,3})([-+*]|(\d{1,9})[.)])( +|$)")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_DELIMITER_CELL = re.compile(r"^:?-+:?$")


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True, slots=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[tuple[Span, ...], ...]
    aligns: tuple[str, ...]
    """Per column: "left", "center" or "right"."""
    rows: tuple[tuple[tuple[Span, ...], ...], ...]


@dataclass(frozen=True, slots=True)
class Code:
    text: str


@dataclass(frozen=True, slots=True)
class Rule:
    pass


Block = Heading | Paragraph | ListBlock | Quote | Table | Code | Rule


@lru_cache(maxsize=512)
def parse_blocks(markdown: str) -> tuple[Block, ...]:
    """The blocks of a Markdown text, once per process (the reader renders a section at each width)."""
    return tuple(_blocks(markdown.expandtabs(4).splitlines()))


def links(blocks: tuple[Block, ...]) -> list[tuple[str, str]]:
    """(text, target) of every link, in reading order."""
    found: list[tuple[str, str]] = []
    for spans in _span_runs(blocks):
        previous: str | None = None
        for span in spans:
            if span.link is not None and span.link == previous:
                found[-1] = (found[-1][0] + span.text, span.link)
            elif span.link is not None:
                found.append((span.text, span.link))
            previous = span.link
    return found


def _span_runs(blocks: tuple[Block, ...]) -> Iterator[tuple[Span, ...]]:
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            yield block.spans
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _span_runs(item)
        elif isinstance(block, Quote):
            yield from _span_runs(block.blocks)
        elif isinstance(block, Table):
            yield from block.header
            for row in block.rows:
                yield from row


# -- reading lines ---------------------------------------------------------------------------


def _item(line: str) -> tuple[str, int, str, int | None] | None:
    """A list item's marker: (kind, content indent, first line's content, number), or None."""
    match = _ITEM.match(line)
    if match is None:
        return None
    indent, marker, number, spaces = match.groups()
    content = line[match.end() :]
    if len(spaces) > 4:  # then the item's text starts one space after the marker
        content = spaces[1:] + content
        spaces = " "
    width = len(indent) + len(marker) + max(len(spaces), 1)
    kind = marker[-1] if number else marker
    return kind, width, content, int(number) if number else None


def _starts_block(line: str) -> bool:
    """Whether a line ends the paragraph above it (and so cannot continue it lazily)."""
    if _FENCE.match(line) or _HEADING.match(line) or _RULE.match(line) or _QUOTE.match(line):
        return True
    item = _item(line)
    # As in CommonMark: an empty item, or a numbered one not starting at 1, cannot interrupt.
    return item is not None and bool(item[2].strip()) and item[3] in (None, 1)


def _table_start(lines: list[str], index: int) -> int:
    """How many columns a table starting at lines[index] has (0: no table starts there)."""
    if "|" not in lines[index] or index + 1 >= len(lines):
        return 0
    delimiter = table_cells(lines[index + 1])
    if not delimiter or not all(_DELIMITER_CELL.match(cell) for cell in delimiter) or "|" not in lines[index + 1]:
        return 0
    return len(delimiter) if len(table_cells(lines[index])) == len(delimiter) else 0


def table_cells(line: str) -> list[str]:
    """The cells of one pipe-table row, trimmed (an escaped `\\|` stays inside its cell)."""
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [cell.strip() for cell in _CELL_SPLIT.split(line)]


def _blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        if fence := _FENCE.match(line):
            block, index = _code(lines, index, fence)
        elif heading := _HEADING.match(line):
            block, index = Heading(len(heading.group(1)), parse_inline(heading.group(2) or "")), index + 1
        elif _RULE.match(line):
            block, index = Rule(), index + 1
        elif _QUOTE.match(line):
            block, index = _quote(lines, index)
        elif _item(line):
            block, index = _list(lines, index)
        elif columns := _table_start(lines, index):
            block, index = _table(lines, index, columns)
        else:
            block, index = _paragraph(lines, index)
        blocks.append(block)
    return blocks


def _paragraph(lines: list[str], index: int) -> tuple[Paragraph, int]:
    taken = [lines[index].lstrip()]
    index += 1
    while index < len(lines) and lines[index].strip():
        if _starts_block(lines[index]) or _table_start(lines, index):
            break
        taken.append(lines[index].lstrip())
        index += 1
    return Paragraph(parse_inline("\n".join(taken).rstrip())), index


def _code(lines: list[str], index: int, fence: re.Match[str]) -> tuple[Code, int]:
    indent, marks = len(fence.group(1)), fence.group(2)
    closing = re.compile(rf"^ {{0,3}}{re.escape(marks[0])}{{{len(marks)},}}[ \t]*$")
    body: list[str] = []
    index += 1
    while index < len(lines) and not closing.match(lines[index]):
        line = lines[index]
        body.append(line[min(indent, len(line) - len(line.lstrip(" "))) :])
        index += 1
    return Code("\n".join(body)), index + 1


def _quote(lines: list[str], index: int) -> tuple[Quote, int]:
    body: list[str] = []
    while index < len(lines):
        line = lines[index]
        marker = _QUOTE.match(line)
        if marker:
            body.append(line[marker.end() :])
        elif line.strip() and body and body[-1].strip() and not _starts_block(line):
            body.append(line)  # a lazy continuation of the quoted paragraph
        else:
            break
        index += 1
    return Quote(tuple(_blocks(body))), index


def _list(lines: list[str], index: int) -> tuple[ListBlock, int]:
    first = _item(lines[index])
    assert first is not None
    kind, start = first[0], first[3]
    items: list[tuple[Block, ...]] = []
    while index < len(lines):
        item = _item(lines[index])
        if item is None or item[0] != kind or _RULE.match(lines[index]):
            break
        _kind, width, content, _number = item
        body = [content]
        index += 1
        while index < len(lines):
            line = lines[index]
            if not line.strip():
                body.append("")
            elif len(line) - len(line.lstrip(" ")) >= width:
                body.append(line[width:])
            elif body[-1].strip() and _item(line) is None and not _starts_block(line) and not _table_start(lines, index):
                body.append(line.lstrip())  # a lazy continuation of the item's paragraph
            else:
                break
            index += 1
        while body and not body[-1].strip():
            body.pop()
        items.append(tuple(_blocks(body)))
    return ListBlock(start is not None, start or 1, tuple(items)), index


def _table(lines: list[str], index: int, columns: int) -> tuple[Table, int]:
    header = tuple(parse_inline(cell) for cell in table_cells(lines[index]))
    aligns = tuple(_align(cell) for cell in table_cells(lines[index + 1]))
    rows = []
    index += 2
    while index < len(lines) and lines[index].strip() and "|" in lines[index] and not _starts_block(lines[index]):
        cells = (table_cells(lines[index]) + [""] * columns)[:columns]
        rows.append(tuple(parse_inline(cell) for cell in cells))
        index += 1
    return Table(header, aligns, tuple(rows)), index


def _align(delimiter: str) -> str:
    if delimiter.startswith(":") and delimiter.endswith(":"):
        return "center"
    return "right" if delimiter.endswith(":") else "left"
