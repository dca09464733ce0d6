"""Where Chinese text may break across lines (a small subset of 禁则 / kinsoku and UAX #14).

Terminal libraries break only at spaces and fold long runs at whatever character hits the edge,
so Chinese lines started with "，" or "）" and figures were cut ("3 / .3万余条", "〔2 / 019〕").
The rules here:

- a line never starts with closing punctuation (）。，、：；！？」』】〕》…%) and never ends with
  opening punctuation (（「『【〔《);
- a run of Latin letters, digits and ASCII punctuation ("3.3", "2019", "GB/T") is one word, broken
  only where it is longer than a whole line; a number stays with the character after it (3.3万,
  2019年, 149件);
- "——" is not split;
- otherwise a line may break between any two CJK characters, and after spaces.

`break_offsets` has the contract of Rich's `divide_line`: the offsets at which new lines start.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

# Character classes.
SPACE, IDEO, OPEN, CLOSE, WORD = range(5)

CLOSING = set("）〕】」』》〉］｝〙〗，。、：；！？．…‥・·％’”〃々ー〜～ﾟ゛゜" ")]},.;:!?%")
OPENING = set("（〔【「『《〈［｛〘〖‘“" "([{")
# ASCII punctuation belongs to the word around it ("3.3", "a,b"): it only refuses to start a line.
ASCII_PUNCT = set(")]},.;:!?%([{")


def cell_width(char: str) -> int:
    """Terminal cells a character takes: 2 for wide and full-width East Asian characters."""
    if char < "\u0300":
        return 0 if char < " " else 1
    if unicodedata.combining(char) or char in "\u200b\u200c\u200d\ufeff":
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


_classes: dict[str, int] = {}


def char_class(char: str) -> int:
    found = _classes.get(char)
    if found is not None:
        return found
    if char.isspace():
        found = SPACE
    elif char in CLOSING:
        found = CLOSE
    elif char in OPENING:
        found = OPEN
    elif "\uff10" <= char <= "\uff5a" and char.isalnum():
        found = WORD  # full-width digits and letters (２０１９) hold together like ASCII ones
    elif char < "\u1100" or unicodedata.east_asian_width(char) not in "WF":
        found = WORD
    else:
        found = IDEO
    _classes[char] = found
    return found


def may_break(before: str, after: str) -> bool:
    """May a line end after `before` and the next one start with `after`?"""
    first, second = char_class(before), char_class(after)
    if second == SPACE:
        return False
    if first == SPACE:
        return second != CLOSE
    if second == CLOSE or first == OPEN:
        return False
    if first == WORD or before in ASCII_PUNCT:
        if second == WORD or after in ASCII_PUNCT:
            return False  # inside a word or a number
        if second == IDEO and (before.isdigit() or before in "%."):
            return False  # a figure keeps its unit: 3.3万, 2019年
    return not (before == after == "—")


def break_offsets(
    text: str, width: int, *, fold: bool = True, char_width: Callable[[str], int] = cell_width
) -> list[int]:
    """Offsets at which `text` (one line, no newlines) is broken to fit `width` cells.

    Spaces at the end of a line do not count against the width (the renderer strips them). A run
    with no allowed break that is longer than `width` is folded at the edge if `fold`, otherwise
    left to overflow.
    """
    if width <= 0 or not text:
        return []
    offsets: list[int] = []
    line_start = 0
    line_width = 0  # cells of text[line_start:index]
    opportunity = -1  # the last index > line_start where a new line may start
    opportunity_width = 0  # cells of text[line_start:opportunity]
    previous = ""
    last_visible = ""  # the last character that is not a space
    for index, char in enumerate(text):
        cells = char_width(char)
        if (
            previous
            and index > line_start
            and may_break(previous, char)
            # "共 3 题": a figure keeps its unit across a space too
            and not (previous.isspace() and last_visible.isdigit() and char_class(char) == IDEO)
        ):
            opportunity, opportunity_width = index, line_width
        previous = char
        if not char.isspace():
            last_visible = char
        if line_width + cells > width and not char.isspace() and index > line_start:
            if opportunity > line_start:
                offsets.append(opportunity)
                line_start, line_width = opportunity, line_width - opportunity_width
                opportunity = -1
            if line_width + cells > width and index > line_start and fold:
                # One run longer than a line: fold at the edge, keeping closing punctuation on
                # this side unless that would leave the line empty.
                cut = index
                if (
                    char_class(char) == CLOSE
                    and index - 1 > line_start
                    and char_class(text[index - 1]) != CLOSE
                ):
                    cut = index - 1
                    line_width = char_width(text[cut])
                else:
                    line_width = 0
                offsets.append(cut)
                line_start, opportunity = cut, -1
        line_width += cells
    return offsets


def wrap(text: str, width: int, *, char_width: Callable[[str], int] = cell_width) -> list[str]:
    """`text` broken into lines of at most `width` cells (trailing spaces removed)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        bounds = [0, *break_offsets(paragraph, width, char_width=char_width), len(paragraph)]
        lines.extend(paragraph[a:b].rstrip() for a, b in zip(bounds, bounds[1:], strict=False))
    return lines
