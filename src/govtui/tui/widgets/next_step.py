"""One line saying what to do next and which key does it."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from govtui.core.plan import NextStep


def next_step_text(step: NextStep, key: str) -> Text:
    """下一步：继续阅读《…》（按 d）; the module title is content, kept literal."""
    text = Text("下一步：", style="bold")
    text.append(step.text)
    text.append(f"（按 {key}）", style="muted")
    return text


class NextStepLine(Static):
    """The suggestion on home and result screens (see tui/next_step.py)."""

    DEFAULT_CSS = """
    NextStepLine {
        padding: 0 1;
        height: auto;
    }
    """

    def show(self, step: NextStep, key: str) -> None:
        self.update(next_step_text(step, key))
