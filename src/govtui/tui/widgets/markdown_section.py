"""A section of a module rendered with Rich's Markdown, with clickable citations.

Textual's Markdown widget mounts a widget per block and takes about a second for a long module;
Rich renders the same text in a few milliseconds. The reader shows one of these per heading.

Rich draws a link as text whose style carries the link target, so the link chosen from the keyboard
and the words a search found are marked by restyling the rendered lines (`render_line`) rather than
by editing the Markdown, which could change how it wraps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.markdown import Markdown as RichMarkdown
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Static

from govtui.core.citation import parse_citation

MARKDOWN_LINK = re.compile(r"(?<!\\)\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)")
FOCUSED_LINK = Style(reverse=True, bold=True)


@dataclass(frozen=True, slots=True)
class SectionLink:
    """A citation link in a section, in reading order."""

    text: str
    target: str


def section_links(markdown: str) -> list[SectionLink]:
    """The links in Markdown text that the course can open (`reg:`, `report:`, `module:`, `ref:`)."""
    links = []
    for match in MARKDOWN_LINK.finditer(markdown):
        if parse_citation(match.group(2)) is not None:
            text = re.sub(r"\\(.)", r"\1", match.group(1)).replace("**", "")
            links.append(SectionLink(text, match.group(2)))
    return links


class MarkdownSection(Static):
    """Markdown text; a click on a citation link posts `CitationClicked`."""

    DEFAULT_CSS = """
    MarkdownSection { height: auto; margin: 0 0 1 0; }
    """

    @dataclass
    class CitationClicked(Message):
        """A `reg:` / `report:` / `module:` / `ref:` link was clicked."""

        source: str

    def __init__(self, markdown: str, found: str = "", **kwargs) -> None:
        super().__init__(RichMarkdown(markdown, hyperlinks=True), **kwargs)
        self.markdown = markdown
        self.links = section_links(markdown)
        self.focused_link: str | None = None
        self.found = found

    def on_click(self, event: events.Click) -> None:
        link = event.style.link
        if link and parse_citation(link) is not None:
            event.stop()
            self.post_message(self.CitationClicked(link))

    def focus_link(self, target: str | None) -> None:
        """Mark every place that links to `target` (None: no link is chosen here)."""
        if target != self.focused_link:
            self.focused_link = target
            self.refresh()

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if not self.focused_link and not self.found:
            return strip
        segments = list(strip)
        if self.found:
            segments = _mark_text(segments, self.found, self.app.console.get_style("found", default="bold reverse"))
        if self.focused_link:
            segments = [
                Segment(text, style + FOCUSED_LINK if style and style.link == self.focused_link else style, control)
                for text, style, control in segments
            ]
        return Strip(segments, strip.cell_length)

    def line_of_link(self, target: str) -> int | None:
        """The first rendered line (0-based, within this section) that shows a link to target."""
        for y in range(self.size.height):
            if any(style and style.link == target for _text, style, _control in super().render_line(y)):
                return y
        return None

    def line_of_text(self, text: str) -> int | None:
        """The first rendered line that shows `text` (not split across lines)."""
        for y in range(self.size.height):
            if text in super().render_line(y).text:
                return y
        return None


def _mark_text(segments: list[Segment], needle: str, mark: Style) -> list[Segment]:
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
