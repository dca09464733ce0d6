"""Markdown blocks (core/markdown_blocks.py) drawn as lines of Rich segments for the reader.

Replaces Rich's Markdown, whose parser (markdown-it) and code highlighter (Pygments) cost about
3 MiB and 40 ms on the first open. The look is Rich's: the same `markdown.*` theme styles, " • "
bullets, right-aligned numbers, a "▌ " bar before quotes, blank lines between top-level blocks.
Paragraphs wrap through `Text.wrap`, and so by our Chinese line-breaking rules (tui/text.py).
A link's target rides in its style (`Style(link=...)`), which is how the reader finds, marks and
opens it. Text is only ever given to `Text` as plain strings: never read as Rich markup.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.table import Table as RichTable
from rich.text import Text

from govtui.core.markdown_blocks import (
    Block,
    Code,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Table,
)
from govtui.core.markdown_inline import CODE, EM, STRIKE, STRONG, Span

Line = list[Segment]

QUOTE_BAR = "▌ "
BULLET = " • "


class MarkdownLines:
    """Draws blocks at a width with one console's theme, under a base style (the widget's colours)."""

    def __init__(self, console: Console, options: ConsoleOptions, base: Style) -> None:
        self.console, self.options, self.base = console, options, base
        get = console.get_style
        self.mark_styles = {
            STRONG: get("markdown.strong", default="bold"),
            EM: get("markdown.em", default="italic"),
            CODE: get("markdown.code", default="bold"),
            STRIKE: get("markdown.s", default="strike"),
        }
        self.link_style = get("markdown.link_url", default="underline")
        # Level 2 is made bold too: Rich's h2 (underlined, not bold) read as weaker than h3.
        self.heading_styles = {level: get(f"markdown.h{level}", default="bold") for level in range(1, 7)}
        self.heading_styles[2] += Style(bold=True)
        self.bullet_style = base + get("markdown.item.bullet", default="bold")
        self.number_style = base + get("markdown.item.number", default="none")
        self.quote_style = get("markdown.block_quote", default="none")
        self.rule_style = base + get("markdown.hr", default="dim")
        self.code_style = get("markdown.code_block", default="none")
        self._span_styles: dict[tuple[frozenset[str], str | None], Style] = {}

    def lines(self, blocks: tuple[Block, ...], width: int) -> list[Line]:
        """The blocks at `width` cells, a blank line between them; lines are not padded."""
        return self._blocks(blocks, max(width, 1), self.base, gap=[])

    # -- blocks ---------------------------------------------------------------------------------

    def _blocks(self, blocks: tuple[Block, ...], width: int, style: Style, gap: Line | None) -> list[Line]:
        """gap: the line put between blocks (None: none, as inside list items)."""
        out: list[Line] = []
        for number, block in enumerate(blocks):
            if number and gap is not None:
                out.append(list(gap))
            out.extend(self._block(block, width, style))
        return out

    def _block(self, block: Block, width: int, style: Style) -> list[Line]:
        if isinstance(block, Paragraph):
            return self._wrap(block.spans, width, style)
        if isinstance(block, Heading):
            return self._heading(block, width, style)
        if isinstance(block, ListBlock):
            return self._list(block, width, style)
        if isinstance(block, Quote):
            bar = Segment(QUOTE_BAR, style + self.quote_style)
            inner = self._blocks(block.blocks, max(width - 2, 1), style + self.quote_style, gap=[])
            return [[bar, *line] for line in inner]
        if isinstance(block, Table):
            return self._table(block, width, style)
        if isinstance(block, Code):
            return self._code(block, width, style)
        if isinstance(block, Rule):
            return [[Segment("─" * width, self.rule_style)]]
        return []

    def _heading(self, block: Heading, width: int, style: Style) -> list[Line]:
        lines = self._wrap(block.spans, width, style + self.heading_styles[block.level])
        if block.level != 1:
            return lines
        # The module's title, centred as Rich did (the padding is not underlined).
        centred = []
        for line in lines:
            used = sum(segment.cell_length for segment in line)
            centred.append([Segment(" " * ((width - used) // 2), style), *line] if used < width else line)
        return centred

    def _list(self, block: ListBlock, width: int, style: Style) -> list[Line]:
        out: list[Line] = []
        last = block.start + len(block.items) - 1
        number_width = len(str(last)) + 2
        for number, item in enumerate(block.items, start=block.start):
            if block.ordered:
                head = Segment(f"{number}".rjust(number_width - 1) + " ", self.number_style)
                pad = Segment(" " * number_width, self.number_style)
            else:
                head, pad = Segment(BULLET, self.bullet_style), Segment(" " * len(BULLET), self.bullet_style)
            inner = self._blocks(item, max(width - head.cell_length, 1), style, gap=None) or [[]]
            out.extend([head if row == 0 else pad, *line] for row, line in enumerate(inner))
        return out

    def _table(self, block: Table, width: int, style: Style) -> list[Line]:
        # Rich's Markdown table, drawn by Rich's Table (imported by Textual anyway); cells are
        # measured in terminal cells, so Chinese columns line up.
        table = RichTable(
            box=box.SIMPLE,
            pad_edge=False,
            style=self.console.get_style("markdown.table.border", default="none"),
            header_style=self.console.get_style("markdown.table.header", default="none"),
            show_edge=True,
            collapse_padding=True,
        )
        for cell, align in zip(block.header, block.aligns, strict=False):
            table.add_column(self._text(cell, Style()), justify=align)  # type: ignore[arg-type]
        for row in block.rows:
            table.add_row(*(self._text(cell, Style()) for cell in row))
        options = self.options.update(width=width, height=None)
        return [list(line) for line in self.console.render_lines(table, options, style=style, pad=False)]

    def _code(self, block: Code, width: int, style: Style) -> list[Line]:
        code = style + self.code_style
        out: list[Line] = []
        for source in block.text.split("\n"):
            for line in self._render(Text(source, end=""), max(width - 2, 1), code) or [[]]:
                used = sum(segment.cell_length for segment in line)
                out.append([Segment(" ", code), *line, Segment(" " * max(width - 1 - used, 0), code)])
        return out

    # -- text -----------------------------------------------------------------------------------

    def _text(self, spans: tuple[Span, ...], style: Style) -> Text:
        text = Text(style=style, end="")
        for span in spans:
            text.append(span.text, self._span_style(span))
        return text

    def _span_style(self, span: Span) -> Style:
        key = (span.marks, span.link)
        found = self._span_styles.get(key)
        if found is None:
            found = Style.combine([Style(), *(self.mark_styles[mark] for mark in sorted(span.marks))])
            if span.link is not None:
                found += self.link_style + Style(link=span.link)
            self._span_styles[key] = found
        return found

    def _wrap(self, spans: tuple[Span, ...], width: int, style: Style) -> list[Line]:
        return self._render(self._text(spans, style), width, style)

    def _render(self, text: Text, width: int, style: Style) -> list[Line]:
        out = []
        for line in text.wrap(self.console, width, overflow="fold"):
            line.rstrip()
            if line.spans:
                out.append(list(line.render(self.console)))
            else:  # Text.render leaves unstyled text without the Text's own style
                out.append([Segment(line.plain, style)] if line.plain else [])
        return out
