"""Inline Markdown (one paragraph, heading or table cell) as styled spans; pure, no UI.

The reader used Rich's Markdown, parsed by markdown-it: 60-odd modules and Pygments loaded for
the few constructs the course uses, about 3 MiB of memory and 40 ms on the first open. This is
the small subset the course needs: **strong**, *em* / _em_, ~~strike~~, `code`, [links](target),
![images](src) (their text), <scheme:autolinks>, backslash escapes and line breaks. Anything else
is literal text; nothing here can fail on odd input (a stray `[`, `*` or backquote stays as typed).

Emphasis follows CommonMark's delimiter matching with one deliberate difference: a `*` run may
open when no space follows it and close when no space precedes it, whatever the punctuation.
CommonMark's punctuation rule leaves `**建规划公开台账。**列出` with literal asterisks (a closing
run after "。" must be followed by a space or punctuation), which Chinese text never has.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

STRONG, EM, CODE, STRIKE = "strong", "em", "code", "s"

ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
"""What a backslash makes literal (CommonMark: ASCII punctuation)."""

_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_SPECIAL = re.compile(r"[\\\n`\[!<*_~]")
"""Where inline syntax may start: the text between two of these is taken in one piece."""
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(frozen=True, slots=True)
class Span:
    """Text with its marks (STRONG, EM, CODE, STRIKE) and the link it belongs to, if any."""

    text: str
    marks: frozenset[str] = frozenset()
    link: str | None = None


@dataclass(slots=True)
class _Atom:
    """A piece of the line while emphasis is matched: spans, or a run of `*`, `_` or `~`."""

    spans: list[Span]
    delim: str = ""
    count: int = 0
    can_open: bool = False
    can_close: bool = False
    marks: set[str] = field(default_factory=set)


def plain(spans: tuple[Span, ...] | list[Span]) -> str:
    return "".join(span.text for span in spans)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def parse_inline(text: str) -> tuple[Span, ...]:
    """The spans of `text`, adjacent spans with the same marks and link merged."""
    atoms = _scan(text)
    _match_emphasis(atoms)
    merged: list[Span] = []
    for atom in atoms:
        pieces = [Span(atom.delim * atom.count)] if atom.delim else atom.spans
        for piece in pieces:
            if not piece.text:
                continue
            span = Span(piece.text, piece.marks | atom.marks, piece.link) if atom.marks else piece
            if merged and merged[-1].marks == span.marks and merged[-1].link == span.link:
                merged[-1] = Span(merged[-1].text + span.text, span.marks, span.link)
            else:
                merged.append(span)
    return tuple(merged)


def _scan(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            atoms.append(_Atom([Span("".join(buffer))]))
            buffer.clear()

    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == "\\" and index + 1 < length and (text[index + 1] in ESCAPABLE or text[index + 1] == "\n"):
            buffer.append(text[index + 1])  # an escaped newline is a hard break: "\n" itself
            index += 2
        elif char == "\n":
            index = _line_break(text, index, buffer)
        elif char == "`":
            run = _run_length(text, index, "`")
            close = _closing_backticks(text, index + run, run)
            if close < 0:
                buffer.append("`" * run)
                index += run
                continue
            code = text[index + run : close].replace("\n", " ")
            if len(code) > 2 and code[0] == code[-1] == " " and code.strip():
                code = code[1:-1]
            flush()
            atoms.append(_Atom([Span(code, frozenset({CODE}))]))
            index = close + run
        elif char == "[" or (char == "!" and text.startswith("[", index + 1)):
            start = index + (char == "!")
            link = _link(text, start)
            if link is None:
                buffer.append(char)
                index += 1
                continue
            inner, target, end = link
            flush()
            spans = parse_inline(inner)
            if char == "!":  # an image: its description only (a terminal cannot show the picture)
                atoms.append(_Atom([Span(plain(spans))]))
            else:
                atoms.append(_Atom([Span(s.text, s.marks, target) for s in spans]))
            index = end
        elif char == "<" and (auto := _AUTOLINK.match(text, index)):
            flush()
            atoms.append(_Atom([Span(auto.group(1), link=auto.group(1))]))
            index = auto.end()
        elif char in "*_~":
            run = _run_length(text, index, char)
            if char == "~" and run != 2:  # only ~~ strikes (as markdown-it's GFM rule did)
                buffer.append(char * run)
                index += run
                continue
            before = text[index - 1] if index else " "
            after = text[index + run] if index + run < length else " "
            opens, closes = not after.isspace(), not before.isspace()
            if char == "_":  # never inside a word: snake_case_names stay as typed
                opens, closes = opens and not before.isalnum(), closes and not after.isalnum()
            flush()
            atoms.append(_Atom([], char, run, opens, closes))
            index += run
        else:
            special = _SPECIAL.search(text, index + 1)
            end = special.start() if special else length
            buffer.append(text[index:end])
            index = end
    flush()
    return atoms


def _run_length(text: str, index: int, char: str) -> int:
    end = index
    while end < len(text) and text[end] == char:
        end += 1
    return end - index


def _closing_backticks(text: str, start: int, run: int) -> int:
    """Where a backquote run as long as the opening one starts, or -1."""
    index = text.find("`" * run, start)
    while index >= 0:
        length = _run_length(text, index, "`")
        if length == run:
            return index
        index = text.find("`" * run, index + length)
    return -1


def _line_break(text: str, index: int, buffer: list[str]) -> int:
    """A newline inside a paragraph: hard after two spaces, else a space, or nothing between
    Chinese characters (a space there would show as a gap in the sentence)."""
    back = index - 1
    while back >= 0 and text[back] == " ":
        back -= 1
    while buffer:  # the spaces before the newline are not shown
        kept = buffer[-1].rstrip(" ")
        if kept:
            buffer[-1] = kept
            break
        buffer.pop()
    before = text[back] if back >= 0 else " "
    hard = index - 1 - back >= 2
    index += 1
    while index < len(text) and text[index] in " \t":
        index += 1
    after = text[index] if index < len(text) else " "
    if hard:
        buffer.append("\n")
    elif not (_wide(before) or _wide(after)):
        buffer.append(" ")
    return index


def _link(text: str, start: int) -> tuple[str, str, int] | None:
    """`[inner](target "title")` at start: (inner, target, the index after it), or None."""
    depth, index = 0, start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                break
        index += 1
    else:
        return None
    close = index
    if not text.startswith("(", close + 1):
        return None
    index = close + 2
    while index < len(text) and text[index] in " \t\n":
        index += 1
    if text.startswith("<", index):
        end = text.find(">", index)
        if end < 0 or "\n" in text[index:end]:
            return None
        target, index = text[index + 1 : end], end + 1
    else:
        begin, parens = index, 0
        while index < len(text) and not text[index].isspace():
            if text[index] == "\\":
                index += 2
                continue
            if text[index] == "(":
                parens += 1
            elif text[index] == ")":
                if parens == 0:
                    break
                parens -= 1
            index += 1
        target = text[begin:index]
    while index < len(text) and text[index] in " \t\n":
        index += 1
    if index < len(text) and text[index] in "\"'(":  # a title: skipped, a terminal has no tooltip
        end = text.find(")" if text[index] == "(" else text[index], index + 1)
        if end < 0:
            return None
        index = end + 1
        while index < len(text) and text[index] in " \t\n":
            index += 1
    if not text.startswith(")", index):
        return None
    return text[start + 1 : close], _ESCAPED.sub(r"\1", target), index + 1


def _match_emphasis(atoms: list[_Atom]) -> None:
    """Pair closing runs with the nearest opening run of the same character (CommonMark's
    "process emphasis", less the rule of three); the atoms between get the mark."""
    for closer_index, closer in enumerate(atoms):
        if not closer.delim or not closer.can_close:
            continue
        while closer.count:
            opener_index = next(
                (
                    n
                    for n in range(closer_index - 1, -1, -1)
                    if atoms[n].delim == closer.delim and atoms[n].can_open and atoms[n].count
                ),
                None,
            )
            if opener_index is None:
                break
            opener = atoms[opener_index]
            if closer.delim == "~":
                used, mark = 2, STRIKE
            else:
                used = 2 if opener.count >= 2 and closer.count >= 2 else 1
                mark = STRONG if used == 2 else EM
            opener.count -= used
            closer.count -= used
            for atom in atoms[opener_index + 1 : closer_index]:
                atom.marks.add(mark)
                atom.can_open = False  # runs left unmatched inside stay literal
