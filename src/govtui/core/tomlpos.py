"""Line numbers inside TOML text.

tomllib reports line numbers only for syntax errors. For semantic problems (a missing field in
the 7th question) we find the line of the table header or key, so a maintainer is sent to the spot.

The lines come from a small TOML scanner (`layout`), not a regex over lines: a regex takes a
`[[questions]]` or `id = ` line inside a multi-line string for a real header or key and sends the
maintainer to the wrong question. The scanner knows strings (basic, literal, multi-line, escapes),
comments, and arrays and inline tables spanning lines, and counts lines at "\n" only, as TOML does
(str.splitlines also breaks at U+2028, U+0085 and form feeds, which TOML strings may hold).
It runs on text that tomllib has accepted, so it needs no error reporting of its own, but it never
loops or raises on bad input either. tomlkit gives positions too, but it would be a runtime
dependency many times the size of this file for two questions: where is this header, this key.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from govtui.core.errors import os_error_text, toml_error_parts
from govtui.core.problems import ContentError, Problem

BOM = "\ufeff"

MAX_CONTENT_BYTES = 2_000_000
"""The largest content file govtui reads (a module, a bank, the checklist): today's largest is
under 60 KB; a file far past the limit would freeze the reader rather than teach anything."""


def load_toml(path: Path, text: str | None = None, first_line: int = 1) -> dict[str, Any]:
    """Parse TOML; a syntax error becomes a ContentError naming file and line."""
    if text is None:
        text = read_text(path)
    try:
        return tomllib.loads(text)
    except RecursionError as exc:
        raise ContentError(Problem(path, first_line, "嵌套层数过多，无法解析（数组或表嵌套得太深）")) from exc
    except tomllib.TOMLDecodeError as exc:
        reason, line, column = toml_error_parts(exc)
        where = f"（第 {column} 列）" if column else ""
        if line is None and "Unterminated string" in str(exc):
            # tomllib says only "at end of document"; the string that never closes starts here.
            line = layout(text).unterminated
        line = line + first_line - 1 if line else None
        raise ContentError(Problem(path, line, f"TOML 语法错误：{reason}{where}")) from exc


def read_text(path: Path) -> str:
    """Read a UTF-8 content file; undecodable bytes become a ContentError."""
    try:
        size = path.stat().st_size
        if size > MAX_CONTENT_BYTES:
            raise ContentError(
                Problem(path, None, f"文件过大（{size // 1_000_000} MB），上限为 {MAX_CONTENT_BYTES // 1_000_000} MB")
            )
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ContentError(Problem(path, line, "文件不是 UTF-8 编码")) from exc
    except OSError as exc:
        raise ContentError(Problem(path, None, f"无法读取：{os_error_text(exc)}")) from exc
    # Notepad on Windows saves UTF-8 with a byte order mark; it is not part of the content.
    return text.removeprefix(BOM)


def source_lines(text: str) -> list[str]:
    """The lines of a content file as an editor numbers them: split at "\n" only (a "\r" before it goes)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


@dataclass(frozen=True, slots=True)
class Header:
    """A `[table]` or `[[array.of.tables]]` header."""

    line: int
    path: tuple[str, ...]
    array: bool


@dataclass(frozen=True, slots=True)
class KeyAt:
    """A `key = value` statement (not a key inside an inline table) and the table it belongs to."""

    line: int
    path: tuple[str, ...]
    table: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Layout:
    headers: tuple[Header, ...]
    keys: tuple[KeyAt, ...]
    unterminated: int | None = None
    """Line where a multi-line string opens that is never closed."""


def table_lines(text: str, name: str, first_line: int = 1) -> list[int]:
    """1-based line numbers of each `[[name]]` header, in order (`name` may be dotted: "a.b")."""
    path = tuple(name.split("."))
    return [h.line + first_line - 1 for h in headers(text) if h.array and h.path == path]


HEADER_CACHE_SIZE = 4
"""Texts whose headers are kept: a loader asks for several tables of the file it is reading, and the
question banks load on a thread while other files do. The key is the whole text: sixteen kept the
last sixteen files read (about 300 KiB) alive for the life of the app."""


@lru_cache(maxsize=HEADER_CACHE_SIZE)
def headers(text: str) -> tuple[Header, ...]:
    """The table headers alone, found fast: every file is asked for them on loading, keys only on a problem.

    One regex steps over strings, comments and flat array values (a `[` inside them is not a header);
    the brackets left over are counted, so a line starting with `[` inside a multi-line array is a
    value; a `[` at a line's start outside any array is a header. `layout` finds the same headers
    the slow way; a test holds the two to each other.
    """
    found: list[Header] = []
    depth = pos = counted = 0
    line = 1
    size = len(text)
    while True:
        pos = _SKIP.match(text, pos).end()
        if pos >= size:
            return tuple(found)
        char = text[pos]
        if char == "]":
            depth = max(depth - 1, 0)
        elif char == "[":
            line_start = text.rfind("\n", 0, pos) + 1
            if depth or text[line_start:pos].strip(" \t\ufeff"):
                depth += 1
            else:
                line += text.count("\n", counted, pos)
                counted = pos
                array = text.startswith("[[", pos)
                close = "]]" if array else "]"
                path, pos = _key_path(text, pos + len(close))
                pos = _SPACE.match(text, pos).end()
                if text.startswith(close, pos):
                    pos += len(close)
                found.append(Header(line, path, array))
                continue
        # A bracket counted, or a quote that opens no complete string (tomllib has said so): step over it.
        pos += 1


def key_line(text: str, key: str, start: int, end: int | None = None, first_line: int = 1) -> int:
    """Line of the first `key = ...` statement between lines start..end (1-based, inclusive).

    A dotted key (`scoring.partial_credit = 0.5`) counts for each of its parts. Falls back to start.
    """
    for found in layout(text).keys:
        line = found.line + first_line - 1
        if line < start or (end is not None and line > end):
            continue
        if key in found.path:
            return line
    return start


@lru_cache(maxsize=16)
def layout(text: str) -> Layout:
    """Headers and keys of a TOML text with their true line numbers (cached: callers ask per problem)."""
    return _Scanner(text).run()


_BLANK = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
_SPACE = re.compile(r"[ \t]*")
_BARE = re.compile(r"[A-Za-z0-9_-]+")
# The string patterns are written "unrolled" (runs of ordinary characters, then one escape or
# quote at a time): a per-character alternation is some fifty times slower in Python's re.
_BASIC_TEXT = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_LITERAL_TEXT = r"'[^'\n]*'"
# A multi-line string ends at the first unescaped triple quote; up to two more quotes may follow
# it and belong to the text ('''a''''' is the text a'').
_ML_BASIC_TEXT = r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""(?:""?)?'
_ML_LITERAL_TEXT = r"'''[^']*(?:'(?!'')[^']*)*'''(?:''?)?"
_STRINGS = f"{_ML_BASIC_TEXT}|{_ML_LITERAL_TEXT}|{_BASIC_TEXT}|{_LITERAL_TEXT}"
_BASIC = re.compile(_BASIC_TEXT)
_LITERAL = re.compile(_LITERAL_TEXT)
_ML_BASIC = re.compile(_ML_BASIC_TEXT, re.S)
_ML_LITERAL = re.compile(_ML_LITERAL_TEXT, re.S)
_SCALAR = re.compile(r"[^ \t\r\n,\]}#\[{=]+")
_MAX_DEPTH = 200
# Everything up to the next bracket that is not in a string, a comment or a flat array value
# (`= [...]` without nested brackets, the common case), read in one regex call.
_SKIP = re.compile(
    rf"(?:[^\"'#\[\]=]+|=(?:[ \t]*\[(?:[^\[\]\"'#]+|{_STRINGS}|#[^\n]*)*\])?|{_STRINGS}|#[^\n]*)*",
    re.S,
)
# Most lines are `bare_key = "one-line string" | 'literal' | scalar  # comment`: one match reads them
# whole (a speed-up only; anything else goes through the general path). `""` or `''` followed by a
# third quote cannot match, since the line must end right after the value.
_SIMPLE_STATEMENT = re.compile(
    rf"([A-Za-z0-9_-]+)[ \t]*=[ \t]*(?:{_BASIC_TEXT}|{_LITERAL_TEXT}|[^ \t\r\n#\[\]{{}}\"',=]+)[ \t]*(?:#[^\n]*)?(?=\r?\n|\Z)"
)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.unterminated: int | None = None

    def line_at(self, offset: int) -> int:
        return bisect_right(self.newlines, offset - 1) + 1

    def run(self) -> Layout:
        text, pos, size = self.text, 0, len(self.text)
        if text.startswith(BOM):
            pos = 1
        headers: list[Header] = []
        keys: list[KeyAt] = []
        table: tuple[str, ...] = ()
        while True:
            pos = _BLANK.match(text, pos).end()
            if pos >= size:
                break
            start = pos
            if text[pos] == "[":
                array = text.startswith("[[", pos)
                close = "]]" if array else "]"
                path, pos = self.key_path(pos + len(close))
                pos = _SPACE.match(text, pos).end()
                if text.startswith(close, pos):
                    pos += len(close)
                headers.append(Header(self.line_at(start), path, array))
                table = path
            elif simple := _SIMPLE_STATEMENT.match(text, pos):
                keys.append(KeyAt(self.line_at(start), (simple.group(1),), table))
                pos = simple.end()
                continue
            else:
                path, pos = self.key_path(pos)
                if path:
                    pos = _SPACE.match(text, pos).end()
                    if text.startswith("=", pos):
                        pos = self.value(pos + 1, 0)
                    keys.append(KeyAt(self.line_at(start), path, table))
            # Whatever is left on the line is a comment (or an error tomllib has already reported).
            newline = text.find("\n", max(pos, start + 1))
            pos = size if newline < 0 else newline + 1
        return Layout(tuple(headers), tuple(keys), self.unterminated)

    def key_path(self, pos: int) -> tuple[tuple[str, ...], int]:
        return _key_path(self.text, pos)

    def value(self, pos: int, depth: int) -> int:
        """The position just after the value that starts at (or after spaces from) pos."""
        text = self.text
        pos = _SPACE.match(text, pos).end()
        if pos >= len(text) or depth > _MAX_DEPTH:
            return pos
        for delimiter, long, short in (('"', _ML_BASIC, _BASIC), ("'", _ML_LITERAL, _LITERAL)):
            if text[pos] != delimiter:
                continue
            multi_line = text.startswith(delimiter * 3, pos)
            match = (long if multi_line else short).match(text, pos)
            if match:
                return match.end()
            if multi_line and self.unterminated is None:
                self.unterminated = self.line_at(pos)
            return pos + 1
        if text[pos] == "[":
            return self.items(pos + 1, "]", depth)
        if text[pos] == "{":
            return self.items(pos + 1, "}", depth)
        match = _SCALAR.match(text, pos)
        return match.end() if match else pos

    def items(self, pos: int, close: str, depth: int) -> int:
        """The rest of an array (`close` "]") or inline table ("}"), either of which may span lines."""
        text, size = self.text, len(self.text)
        while True:
            pos = _BLANK.match(text, pos).end()
            if pos >= size:
                return size
            char = text[pos]
            if char == close:
                return pos + 1
            if char == ",":
                pos += 1
                continue
            before = pos
            if close == "}":
                _path, pos = self.key_path(pos)
                pos = _SPACE.match(text, pos).end()
                if text.startswith("=", pos):
                    pos += 1
            pos = self.value(pos, depth + 1)
            if pos == before:  # a stray character: step over it rather than loop
                pos += 1


def _key_path(text: str, pos: int) -> tuple[tuple[str, ...], int]:
    """A dotted key `a."b c".'d'` starting at pos; returns its parts and the position after it."""
    parts = []
    while True:
        pos = _SPACE.match(text, pos).end()
        match = _BARE.match(text, pos) or _BASIC.match(text, pos) or _LITERAL.match(text, pos)
        if not match:
            break
        parts.append(_unquote(match.group()))
        pos = _SPACE.match(text, match.end()).end()
        if not text.startswith(".", pos):
            break
        pos += 1
    return tuple(parts), pos


def _unquote(key: str) -> str:
    """A key's text: quotes removed, escapes in a basic-string key decoded."""
    if key[0] == "'":
        return key[1:-1]
    if key[0] == '"':
        try:
            return str(tomllib.loads(f"k = {key}")["k"])
        except tomllib.TOMLDecodeError:
            return key[1:-1]
    return key
