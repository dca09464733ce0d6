"""答题卡: the exam navigator, one numbered cell per question (answered, unanswered, flagged, current).

Like Moodle's quiz navigation block, compact enough for 80x24: four cells per question number
(" 12!"), so a 47-question paper takes three rows at 80 columns. Answered and unanswered differ by
role style (good / muted) and weight; a flag is a "!" so it shows without colour too. Focused (g),
the arrows move a cursor and Enter jumps there; a click jumps at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

CELL = 4
LEGEND = (("已答", "good-bold"), ("未答", "muted"), ("!标记", "warn-bold"), ("g 选题", "bold"))


class AnswerSheet(Static, can_focus=True):
    """The navigator; the screen tells it the state, it tells the screen where to jump."""

    DEFAULT_CSS = """
    AnswerSheet { height: auto; padding: 0 1; }
    AnswerSheet:focus { background: $boost; }
    """

    BINDINGS = [
        Binding("left", "move(-1)", "左", show=False),
        Binding("right", "move(1)", "右", show=False),
        Binding("up", "move_row(-1)", "上", show=False),
        Binding("down", "move_row(1)", "下", show=False),
        Binding("home", "move_to(0)", "第一题", show=False),
        Binding("end", "move_to(-1)", "最后一题", show=False),
        Binding("enter", "jump", "跳到此题"),
        Binding("escape", "back", "回到题目"),
    ]

    @dataclass
    class Jump(Message):
        """Show question `index` (0-based); None: back to the question shown, unchanged."""

        index: int | None

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.answered: list[bool] = []
        self.flagged: list[bool] = []
        self.current = 0
        self.cursor = 0
        self._drawn: Text | None = None

    def show_state(self, answered: list[bool], flagged: list[bool], current: int) -> None:
        self.answered, self.flagged, self.current = answered, flagged, current
        if not self.has_focus:
            self.cursor = current
        self.redraw()

    @property
    def per_row(self) -> int:
        # Before its first layout the sheet has no width yet; it spans the screen less its padding,
        # so that width gives the right rows at once (a guess of 80 made every start of an exam at
        # 80 columns lay the screen out again with one row more).
        width = self.content_region.width or max(self.app.size.width - self.styles.gutter.width, CELL)
        return max(1, width // CELL)

    def redraw(self) -> None:
        sheet = self.sheet()
        if sheet == self._drawn:
            return  # a resize that keeps the rows: no relayout
        self._drawn = sheet
        self.update(sheet)

    def sheet(self) -> Text:
        text = Text(no_wrap=True, overflow="crop")
        per_row = self.per_row
        for index, answered in enumerate(self.answered):
            if index and index % per_row == 0:
                text.append("\n")
            start = len(text)
            text.append(f" {index + 1:>2}", style="good-bold" if answered else "muted")
            text.append("!" if self.flagged[index] else " ", style="warn-bold")
            if self.has_focus and index == self.cursor:
                text.stylize("reverse", start, len(text))
            elif index == self.current:
                text.stylize("underline" if self.has_focus else "reverse", start + 1, start + 3)
        used = (len(self.answered) % per_row or per_row) * CELL
        legend_width = sum(cell_len(label) + 1 for label, _ in LEGEND)
        text.append(" " if used + legend_width + 1 <= per_row * CELL else "\n")
        for label, style in LEGEND:
            text.append(" ")
            text.append(label, style=style)
        return text

    def on_resize(self) -> None:
        self.redraw()

    def on_focus(self) -> None:
        self.cursor = self.current
        self.redraw()

    def on_blur(self) -> None:
        self.redraw()

    def action_move(self, delta: int) -> None:
        if self.answered:
            self.cursor = min(max(self.cursor + delta, 0), len(self.answered) - 1)
            self.redraw()

    def action_move_row(self, delta: int) -> None:
        target = self.cursor + delta * self.per_row
        if 0 <= target < len(self.answered):
            self.cursor = target
            self.redraw()

    def action_move_to(self, index: int) -> None:
        if self.answered:
            self.cursor = index % len(self.answered)
            self.redraw()

    def action_jump(self) -> None:
        self.post_message(self.Jump(self.cursor))

    def action_back(self) -> None:
        self.post_message(self.Jump(None))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y * self.per_row + offset.x // CELL
        if offset.x < self.per_row * CELL and 0 <= index < len(self.answered):
            event.stop()
            self.cursor = index
            self.post_message(self.Jump(index))
