"""学习日历: one line on home with the last weeks of study as coloured cells, and the streak.

One line so that home still fits 80x24; as many weeks as the width allows (2 to 12). A day counts
when the learner read (学时) or reviewed cards that local day (Profile.studied_on). Cells are
spaces drawn in reverse with the "good" role, so they follow the theme and keep one cell width
(block characters such as U+2588 are ambiguous-width and go double in CJK terminals).
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widgets import Static

from govtui.core import clock
from govtui.core.progress import Profile

PREFIX = "学习日历 "
ROOM_FOR_TEXT = 34
"""Cells left for the prefix and the streak text after the weeks."""


def calendar_text(profile: Profile, weeks: int) -> Text:
    """The line: oldest week first, a space between weeks, today last (underlined)."""
    today = clock.today()
    first = today - timedelta(days=weeks * 7 - 1)
    line = Text(PREFIX)
    studied = 0
    for offset in range(weeks * 7):
        day = first + timedelta(days=offset)
        if offset and offset % 7 == 0:
            line.append(" ")
        start = len(line)
        if profile.studied_on(day):
            studied += 1
            line.append(" ", style="good")
            line.stylize("reverse", start, start + 1)
        else:
            line.append("░", style="muted")
        if day == today:
            line.stylize("underline", start, start + 1)
    streak = profile.streak()
    line.append(f" 连续 {streak} 天" if streak else " 今天还没学习", style="bold")
    line.append(f" · 近{weeks}周学了 {studied} 天", style="muted")
    return line


class StudyCalendar(Static):
    """The study calendar line (home)."""

    DEFAULT_CSS = """
    StudyCalendar { height: 1; padding: 0 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.profile: Profile | None = None
        self._drawn: Text | None = None

    def show(self, profile: Profile) -> None:
        self.profile = profile
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def draw(self) -> None:
        if self.profile is None:
            return
        width = self.content_size.width or 78
        weeks = max(2, min(12, (width - ROOM_FOR_TEXT) // 8))
        text = calendar_text(self.profile, weeks)
        if text != self._drawn:  # an unchanged line is not redrawn (home redraws on every return)
            self._drawn = text
            self.update(text)
