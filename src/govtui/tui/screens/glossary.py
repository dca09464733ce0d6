"""Glossary (术语表): terms a newcomer meets, each with its sources; typing filters the list."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from govtui.core.model import GlossaryTerm
from govtui.core.search import normalize
from govtui.core.sources import describe
from govtui.tui.navigation import open_sources
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.option_list import SteadyOptionList
from govtui.tui.widgets.title_bar import TitleBar


def term_matches(term: GlossaryTerm, needle: str) -> bool:
    """Whether the filter text (already normalized) is in the term or its definition."""
    return not needle or needle in normalize(term.term) or needle in normalize(term.definition)


class GlossaryScreen(Screen[None]):
    """术语表."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("down", "focus_terms", "术语", show=False),
    ]

    def __init__(self, focus_term: str | None = None) -> None:
        super().__init__()
        self.focus_term = focus_term
        self.shown: list[GlossaryTerm] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text("术语表（输入文字筛选，↓ 进入列表，回车打开该术语的出处）"), classes="screen-title")
        yield Input(placeholder="筛选术语，如：依申请", id="term-filter", select_on_focus=False)
        yield Static(id="term-count")
        yield SteadyOptionList(id="terms")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_terms("")
        terms = self.query_one("#terms", OptionList)
        terms.focus()
        if self.focus_term:
            terms.highlighted = terms.get_option_index(self.focus_term)

    def show_terms(self, text: str) -> None:
        needle = normalize(text)
        glossary = self.app.course.glossary
        # Terms whose name holds the words come before those that only mention them.
        self.shown = sorted(
            (term for term in glossary if term_matches(term, needle)),
            key=lambda term: bool(needle) and needle not in normalize(term.term),
        )
        terms = self.query_one("#terms", OptionList)
        terms.clear_options()
        for term in self.shown:
            label = Text()
            label.append(term.term, style="bold")
            label.append(f"：{term.definition}\n")
            label.append("    出处：" + "；".join(describe(self.app.course, s) for s in term.sources), style="muted")
            if text.strip():
                label.highlight_words([text.strip()], "reverse")
            terms.add_option(Option(label, id=term.id))
        if self.shown:
            terms.highlighted = 0
        count = f"共 {len(glossary)} 条" if not needle else f"筛选出 {len(self.shown)} / {len(glossary)} 条"
        if needle and not self.shown:
            count += "：没有包含这些字的术语，试试更短的词"
        self.query_one("#term-count", Static).update(Text(count))

    @on(Input.Changed, "#term-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.show_terms(event.value)

    @on(Input.Submitted, "#term-filter")
    def filter_submitted(self) -> None:
        self.action_focus_terms()

    def action_focus_terms(self) -> None:
        terms = self.query_one("#terms", OptionList)
        if terms.option_count:
            terms.focus()

    def on_key(self, event) -> None:
        """In the list, typing goes to the filter box, and so does ↑ at the top (as in search)."""
        terms = self.query_one("#terms", OptionList)
        if not terms.has_focus:
            return
        box = self.query_one("#term-filter", Input)
        if event.key == "up" and (terms.highlighted or 0) == 0:
            event.stop()
            box.focus()
        elif event.key == "backspace":
            event.stop()
            box.focus()
            box.action_delete_left()
        elif event.is_printable and event.character and event.key not in ("enter", "space", "question_mark"):
            event.stop()
            box.focus()
            box.insert_text_at_cursor(event.character)

    @on(OptionList.OptionSelected, "#terms")
    def term_chosen(self, event: OptionList.OptionSelected) -> None:
        term = next(t for t in self.app.course.glossary if t.id == event.option_id)
        open_sources(self.app, term.sources, f"“{term.term}”的出处")
