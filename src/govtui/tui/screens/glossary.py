"""Glossary (术语表): terms a newcomer meets, each with its sources."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from govtui.core.sources import describe
from govtui.tui.navigation import open_sources


class GlossaryScreen(Screen[None]):
    """术语表."""

    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def __init__(self, focus_term: str | None = None) -> None:
        super().__init__()
        self.focus_term = focus_term

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("术语表（回车打开该术语的出处）"), classes="screen-title")
        options = []
        for term in self.app.course.glossary:
            label = Text()
            label.append(term.term, style="bold")
            label.append(f"：{term.definition}\n")
            label.append("    出处：" + "；".join(describe(self.app.course, s) for s in term.sources), style="muted")
            options.append(Option(label, id=term.id))
        yield OptionList(*options, id="terms")
        yield Footer()

    def on_mount(self) -> None:
        terms = self.query_one("#terms", OptionList)
        terms.focus()
        if self.focus_term:
            terms.highlighted = terms.get_option_index(self.focus_term)
        elif terms.option_count:
            terms.highlighted = 0

    @on(OptionList.OptionSelected, "#terms")
    def term_chosen(self, event: OptionList.OptionSelected) -> None:
        term = next(t for t in self.app.course.glossary if t.id == event.option_id)
        open_sources(self.app, term.sources, f"“{term.term}”的出处")
