"""A module's whole Markdown text as ONE widget: rendered once per width, drawn a line at a time.

The reader used to mount a Static per section (twenty-odd for a long module); every open paid
for their styles, their layout and a Rich render of each (cProfile of benchmarks/run.py "open
module"). This widget renders the sections with Rich's Markdown into lines once per (text, width,
base style) and keeps them in a small cache shared by every reader, so opening a module again,
scrolling and stepping through links only pick lines out of a list. Textual asks for the lines on
screen only (`render_line`), so the marks for the chosen link and the words a search found are
applied to those lines alone.

Sections are separated by a blank line, as the margin between the old section widgets was.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from rich.markdown import Markdown as RichMarkdown
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from govtui.core.citation import parse_citation
from govtui.core.content_cache import digest
from govtui.tui.widgets.markdown_section import FOCUSED_LINK, SectionLink, mark_text, section_links

LAYOUT_CACHE_SIZE = 8
"""Rendered modules kept (each a few hundred lines): the module open now and the last few, at a width or two."""


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Rich builds a new parser per Markdown object (a few tenths of a millisecond each, per section).
    return MarkdownIt().enable("strikethrough").enable("table")


class _Markdown(RichMarkdown):
    """Rich's Markdown parsed with one shared parser (Rich's own __init__, less the parser)."""

    def __init__(self, markup: str) -> None:
        self.markup = markup
        self.parsed = _parser().parse(markup)
        self.code_theme = "monokai"
        self.justify = None
        self.style = "none"
        self.hyperlinks = True
        self.inline_code_lexer = None
        self.inline_code_theme = "monokai"


@lru_cache(maxsize=512)
def parsed_markdown(markdown: str) -> RichMarkdown:
    """A section's Markdown parsed once per process (the tokens do not depend on the width)."""
    return _Markdown(markdown)


@dataclass(frozen=True, slots=True)
class Laid:
    """A document rendered at one width: its lines and where each section starts."""

    lines: list[Strip]
    starts: list[int]


_laid: OrderedDict[tuple[object, ...], Laid] = OrderedDict()


class ModuleText(Widget):
    """Sections of Markdown shown one after another; a click on a citation posts `CitationClicked`."""

    DEFAULT_CSS = """
    ModuleText { height: auto; }
    """

    @dataclass
    class CitationClicked(Message):
        """A `reg:` / `report:` / `module:` / `ref:` link was clicked."""

        source: str

    def __init__(self, sections: list[str], found: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.sections = sections
        self.found = found
        self.focused: tuple[int, str] | None = None
        self._digest = digest("\x00".join(sections).encode())
        self.links: list[tuple[int, SectionLink]] = [
            (index, link) for index, text in enumerate(sections) for link in section_links(text)
        ]
        """Every citation link in reading order, with the index of its section."""

    # -- rendering ------------------------------------------------------------------------------

    def laid_out(self, width: int | None = None) -> Laid:
        """The sections rendered at `width` (default: the widget's width), from the cache if there."""
        width = self.size.width if width is None else width
        base = self.visual_style.rich_style
        key = (self._digest, width, base)
        laid = _laid.get(key)
        if laid is not None:
            _laid.move_to_end(key)
            return laid
        laid = self._render_at(width, base)
        _laid[key] = laid
        while len(_laid) > LAYOUT_CACHE_SIZE:
            _laid.popitem(last=False)
        return laid

    def _render_at(self, width: int, base: Style) -> Laid:
        lines: list[Strip] = []
        starts: list[int] = []
        if width <= 0:
            return Laid(lines, [0] * len(self.sections))
        console = self.app.console
        options = self.app.console_options.update(highlight=False, width=width, height=None)
        for index, text in enumerate(self.sections):
            if index:
                lines.append(Strip([]))  # the gap between sections
            starts.append(len(lines))
            renderable = self.post_render(parsed_markdown(text), base)
            segments = console.render(renderable, options)
            lines.extend(
                Strip(line) for line in Segment.split_and_crop_lines(segments, width, include_new_lines=False, pad=False)
            )
        return Laid(lines, starts)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.laid_out(width).lines)

    def render_line(self, y: int) -> Strip:
        laid = self.laid_out()
        if not 0 <= y < len(laid.lines):
            return Strip.blank(self.size.width, self.visual_style.rich_style)
        strip = laid.lines[y]
        if not self.found and not self.focused:
            return strip
        segments = list(strip)
        if self.found:
            segments = mark_text(segments, self.found, self.app.console.get_style("found", default="bold reverse"))
        if self.focused and self.section_of_line(y) == self.focused[0]:
            target = self.focused[1]
            segments = [
                Segment(text, style + FOCUSED_LINK if style and style.link == target else style, control)
                for text, style, control in segments
            ]
        return Strip(segments, strip.cell_length)

    # -- places ---------------------------------------------------------------------------------

    def section_y(self, index: int) -> int:
        """The first line of section `index` (0-based, within this widget)."""
        return self.laid_out().starts[index]

    def section_of_line(self, y: int) -> int:
        """The section a line belongs to (a gap line belongs to the section above it)."""
        return max(bisect_right(self.laid_out().starts, y) - 1, 0)

    def _section_lines(self, index: int) -> range:
        laid = self.laid_out()
        end = laid.starts[index + 1] if index + 1 < len(laid.starts) else len(laid.lines)
        return range(laid.starts[index], end)

    def line_of_link(self, index: int, target: str) -> int | None:
        """The first line of section `index` that shows a link to target (within this widget)."""
        lines = self.laid_out().lines
        for y in self._section_lines(index):
            if any(style and style.link == target for _text, style, _control in lines[y]):
                return y
        return None

    def line_of_text(self, index: int, text: str) -> int | None:
        """The first line of section `index` that shows `text` (not split across lines)."""
        lines = self.laid_out().lines
        for y in self._section_lines(index):
            if text in lines[y].text:
                return y
        return None

    def focus_link(self, index: int | None, target: str | None = None) -> None:
        """Mark every place in section `index` that links to target (None: no link is chosen)."""
        focused = None if index is None or target is None else (index, target)
        if focused != self.focused:
            self.focused = focused
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        link = event.style.link
        if link and parse_citation(link) is not None:
            event.stop()
            self.post_message(self.CitationClicked(link))
