"""A module's Markdown in sections: splitting at headings, the citation links, marking found words.

The reader (widgets/module_text.py) renders the sections with our own Markdown (core/markdown_blocks.py,
widgets/markdown_lines.py): Textual's Markdown widget mounts a widget per block and takes about a
second for a long module, Rich's loads markdown-it and Pygments. A link is drawn as text whose
style carries the link target, so the link chosen from the keyboard and the words a
search found are marked by restyling rendered lines rather than by editing the Markdown, which
could change how it wraps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style

from govtui.core.citation import parse_citation
from govtui.core.markdown_blocks import links, parse_blocks

FOCUSED_LINK = Style(reverse=True, bold=True)


@dataclass(frozen=True, slots=True)
class SectionLink:
    """A citation link in a section, in reading order."""

    text: str
    target: str


def section_links(markdown: str) -> list[SectionLink]:
    """The links in Markdown text that the course can open (`reg:`, `report:`, `module:`, `ref:`)."""
    # Read by the same parser that draws them, so every link listed is one the reader shows.
    return [SectionLink(text, target) for text, target in links(parse_blocks(markdown)) if parse_citation(target)]


def mark_text(segments: list[Segment], needle: str, mark: Style) -> list[Segment]:
    """Restyle every occurrence of needle in one rendered line, splitting segments where it starts and ends."""
    line = "".join(segment.text for segment in segments)
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(needle), line)]
    if not spans:
        return segments
    marked: list[Segment] = []
    offset = 0
    for text, style, control in segments:
        cuts = sorted({0, len(text)} | {p - offset for span in spans for p in span if offset < p < offset + len(text)})
        for start, end in zip(cuts, cuts[1:], strict=False):
            inside = any(a <= offset + start < b for a, b in spans)
            piece_style = (style + mark if style else mark) if inside else style
            marked.append(Segment(text[start:end], piece_style, control))
        offset += len(text)
    return marked


def split_sections(markdown: str) -> list[tuple[str | None, str]]:
    """Split at headings: (heading text or None for the part before the first heading, text)."""
    from govtui.core.search import HEADING, LINK

    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    in_fence = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        match = None if in_fence else HEADING.match(line)
        if match:
            sections.append((LINK.sub(r"\1", match.group(2)), [line]))
        else:
            sections[-1][1].append(line)
    return [(heading, "\n".join(lines)) for heading, lines in sections if "\n".join(lines).strip()]


def heading_level(markdown: str) -> int:
    """How deep a section's heading is (1 for #, 2 for ##…); 0 for the part before any heading."""
    from govtui.core.search import HEADING

    match = HEADING.match(markdown.split("\n", 1)[0])
    return len(match.group(1)) if match else 0
