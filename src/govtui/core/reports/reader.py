"""Reading a report file into blocks: lines of text or table rows split into fields.

HTML (a saved page) and plain text (copied from a page or a document) end up in the same shape,
so the tables are interpreted once and give the same findings from either. A table row from HTML
keeps one field per cell, with a merged cell appearing once, in the first row it covers; that is
also what copying the table from a browser gives (cells separated by tabs), or `|` from some
converters, or one cell per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

# A first line like "# 来源（source）：…" names where a saved copy came from; it is not report text.
SOURCE_LINE = re.compile(r"^#\s*(来源|source)", re.IGNORECASE)
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "tr", "table", "section", "article", "title"}
SKIP_TAGS = {"script", "style", "noscript", "template"}


@dataclass(slots=True)
class Block:
    """A line of the report: `text` as a whole and `fields` as table cells would split it."""

    text: str
    fields: list[str]
    line: int
    row: bool = False  # came from an HTML table row


def read_file(path: Path) -> tuple[list[Block], list[str]]:
    """Blocks of a report file, and the lines left out as not being report text."""
    raw = path.read_bytes()
    text = _decode(raw)
    if path.suffix.lower() in (".html", ".htm") or re.search(r"<(table|p|html|body)\b", text[:4000], re.I):
        return read_html(text), []
    return read_text(text)


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def read_text(text: str) -> tuple[list[Block], list[str]]:
    blocks: list[Block] = []
    removed: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped and "\t" not in line and "|" not in line:
            continue
        if number == 1 and SOURCE_LINE.match(stripped):
            removed.append(stripped)
            continue
        blocks.append(Block(stripped, split_fields(line), number))
    return blocks, removed


def split_fields(line: str) -> list[str]:
    """Cells of a flattened table row: `|` or tabs keep blank cells; plain spaces lose them."""
    if "|" in line:
        parts = line.split("|")
    elif "\t" in line:
        parts = line.split("\t")
    else:
        return line.split()
    parts = [p.strip() for p in parts]
    # "| a | b |" has an empty field before the first bar that is not a cell.
    if parts and not parts[0] and line.lstrip().startswith("|"):
        parts = parts[1:]
    return parts


def read_html(text: str) -> list[Block]:
    parser = _ReportHTML()
    parser.feed(text)
    parser.close()
    return parser.blocks


class _ReportHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._text: list[str] = []
        self._cells: list[str] | None = None
        self._cell: list[str] | None = None
        self._skip = 0
        self._tables = 0

    def _line(self) -> int:
        return self.getpos()[0]

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in SKIP_TAGS:
            self._skip += 1
        elif tag == "table":
            self._flush()
            self._tables += 1
        elif tag == "tr" and self._tables:
            self._end_row()
            self._cells = []
        elif tag in ("td", "th") and self._tables:
            if self._cells is None:
                self._cells = []
            self._end_cell()
            self._cell = []
        elif tag in BLOCK_TAGS and not self._tables:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag == "table" and self._tables:
            self._end_row()
            self._tables -= 1
        elif tag == "tr" and self._tables:
            self._end_row()
        elif tag in ("td", "th") and self._tables:
            self._end_cell()
        elif tag in BLOCK_TAGS and not self._tables:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif not self._tables:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._end_row()
        self._flush()

    def _end_cell(self) -> None:
        if self._cell is not None and self._cells is not None:
            self._cells.append(_squash("".join(self._cell)))
        self._cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self._cells is not None:
            if any(self._cells):
                self.blocks.append(Block("\t".join(self._cells).strip(), self._cells, self._line(), row=True))
            elif self._cells:
                # A row of blank cells is still a row (it may be the data row of 表三).
                self.blocks.append(Block("", self._cells, self._line(), row=True))
        self._cells = None

    def _flush(self) -> None:
        text = _squash("".join(self._text))
        self._text = []
        if text:
            self.blocks.append(Block(text, [text], self._line()))


def _squash(text: str) -> str:
    """Whitespace from markup (newlines, &nbsp;) collapsed; text inside a line kept as is."""
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()
