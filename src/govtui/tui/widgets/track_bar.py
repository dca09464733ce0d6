"""A track card's completion bar: Textual's ProgressBar look (bar, then the percentage right-aligned
in five cells) drawn by one widget.

ProgressBar is four widgets (bar, percentage, hidden ETA, container) with a one-second timer each;
home shows three of them, and they were an eighth of the work before home's first paint
(function calls, benchmarks/run.py's start-up). tests/test_startup.py checks the cells match.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.renderables.bar import Bar as BarRenderable
from textual.widget import Widget

_LABEL_STYLE = Style(reverse=False)
PERCENT_CELLS = 5
"""ProgressBar's PercentageStatus width."""


class TrackBar(Widget, can_focus=False):
    """Completion of one track, 0-100 %."""

    COMPONENT_CLASSES = {"bar--bar", "bar--complete"}
    # Textual's Bar and ProgressBar styles.
    DEFAULT_CSS = """
    TrackBar {
        width: auto;
        height: 1;
        &> .bar--bar {
            color: $primary;
            background: $surface;
        }
        &> .bar--complete {
            color: $success;
            background: $surface;
        }
    }
    """

    percent: reactive[int] = reactive(0)

    def render(self) -> _BarLine:
        bar_width = max(0, self.size.width - PERCENT_CELLS)
        fraction = self.percent / 100
        if bar_width:  # Bar quantizes to half cells
            fraction = int(fraction * bar_width * 2) / (bar_width * 2)
        style = self.get_component_rich_style("bar--bar" if fraction < 1 else "bar--complete")
        bar = BarRenderable(
            highlight_range=(0, bar_width * fraction),
            highlight_style=Style.from_color(style.color),
            background_style=Style.from_color(style.bgcolor),
            width=bar_width,
        )
        return _BarLine(bar, bar_width, f"{self.percent}%".rjust(PERCENT_CELLS))


class _BarLine:
    def __init__(self, bar: BarRenderable, bar_width: int, percent: str) -> None:
        self.bar, self.bar_width, self.percent = bar, bar_width, percent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.bar_width:
            yield from console.render(self.bar, options.update_width(self.bar_width))
        # As PercentageStatus (a right-aligned Label) drew it, down to its padding's style.
        text = self.percent.lstrip(" ")
        yield Segment(" " * (len(self.percent) - len(text)), _LABEL_STYLE)
        yield Segment(text)
