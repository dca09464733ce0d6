"""Text typed by users or read from files, made safe for where it goes: the screen, HTML, Markdown, CSV.

One escaper per target, used by every writer, so that a name like `李[/]`, evidence like
`![](http://tracker/x.png)`, a note with `ESC ] 0;title` or a cell starting with `=` means the
same harmless thing in every export.
"""

from __future__ import annotations

import html as _html
import re

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that can make a line read backwards.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _show(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ␛ …: the Unicode "control pictures"
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls and bidi overrides: the replacement character


def visible(text: object) -> str:
    """`text` with control characters shown as visible symbols instead of acting on the terminal.

    One character in, one character out, so styled spans over the text stay where they were.
    """
    return _CONTROLS.sub(_show, str(text))


def has_controls(text: str) -> bool:
    return _CONTROLS.search(text) is not None


_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>#|!~{}&])")
# A line starting with a list, quote or setext marker; for "1." the backslash goes before the dot.
_MD_LINE_START = re.compile(r"^(\s*)(\d*)([-+=>.)])", re.MULTILINE)
# Autolinkers fire on "www.", "scheme:" and "name@host" (GFM) or on any "host.tld" (markdown-it's
# linkify): a backslash before such a ":" or "." cuts the text the autolinker sees, and renders as
# the character itself, so the rendered URL reads (and copies) as typed but is not a link. cmark-gfm
# finds e-mail addresses after joining the text back, so "@" gets a zero-width space after it instead.
_MD_AUTOLINK = re.compile(r":(?=/)|(?<=mailto):|(?<=xmpp):|(?<=\w)\.(?=\w)", re.IGNORECASE)
_MD_EMAIL_BREAK = "@\u200b"


def markdown(text: object, autolinks: bool = True) -> str:
    """Literal text in Markdown: no emphasis, links, autolinks, images, HTML, headings or lists come alive.

    The one Markdown escaper for every export (self-check, records roll-up, annual-report check,
    and the TUI reader); tests render its output with GFM renderers (cmark-gfm, markdown-it + linkify).
    `autolinks=False` leaves URLs alone for a renderer that never autolinks (the TUI reader's, core/markdown_blocks.py),
    so the source keeps "3.3万" searchable as written.
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", visible(text))
    if autolinks:
        escaped = _MD_AUTOLINK.sub(lambda m: "\\" + m.group(), escaped).replace("@", _MD_EMAIL_BREAK)
    return _MD_LINE_START.sub(_line_start, escaped)


def _line_start(match: re.Match[str]) -> str:
    indent, digits, mark = match.groups()
    if digits and mark not in ".)" or not digits and mark in ".)":
        return match.group()  # "3-4" or a line starting with "." is not a list marker
    return f"{indent}{digits}\\{mark}"


CELL_JOIN = " ／ "
"""Lines of a multi-line value inside one table cell (GFM cells are one line; no raw <br>)."""


def markdown_cell(text: object) -> str:
    """Literal text inside a Markdown table cell: one line, `|` escaped, lines joined by CELL_JOIN."""
    lines = [markdown(line.strip()) for line in str(text).splitlines()]
    return CELL_JOIN.join(line for line in lines if line) or " "


def html(text: object) -> str:
    """Literal text in HTML (line breaks kept as <br>)."""
    return _html.escape(visible(text)).replace("\n", "<br>")


_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_CSV_NUMBER = re.compile(r"[+-]?(\d+([.,]\d+)*|\d*\.\d+)%?")
CSV_GUARD = "\u200b"
"""Put before a cell Excel or WPS would run as a formula (=, +, -, @, tab, CR first).

A zero-width space: the cell no longer starts with a formula character, so both read it as text,
and unlike OWASP's leading apostrophe (which Excel keeps visible in a CSV it opens) nothing shows.
Signed numbers ("-5", "+3.5%") are left alone: Excel reads them as numbers, not formulas.
"""


def csv_cell(value: object) -> object:
    """A CSV cell that Excel or WPS will not run as a formula, with control characters shown."""
    if not isinstance(value, str):
        return value
    value = visible(value)
    if value.startswith(_CSV_TRIGGERS) and not _CSV_NUMBER.fullmatch(value):
        return CSV_GUARD + value
    return value
