"""A section of a module rendered with Rich's Markdown, with clickable citations.

Textual's Markdown widget mounts a widget per block and takes about a second for a long module;
Rich renders the same text in a few milliseconds. The reader shows one of these per heading.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.markdown import Markdown as RichMarkdown
from textual import events
from textual.message import Message
from textual.widgets import Static

from govtui.core.citation import parse_citation


class MarkdownSection(Static):
    """Markdown text; a click on a citation link posts `CitationClicked`."""

    DEFAULT_CSS = """
    MarkdownSection { height: auto; margin: 0 0 1 0; }
    """

    @dataclass
    class CitationClicked(Message):
        """A `reg:` / `report:` / `module:` / `ref:` link was clicked."""

        source: str

    def __init__(self, markdown: str, **kwargs) -> None:
        super().__init__(RichMarkdown(markdown, hyperlinks=True), **kwargs)
        self.markdown = markdown

    def on_click(self, event: events.Click) -> None:
        link = event.style.link
        if link and parse_citation(link) is not None:
            event.stop()
            self.post_message(self.CitationClicked(link))


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
