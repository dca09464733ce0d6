"""One search box over modules, articles, glossary terms and report paragraphs."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from govtui.core.search import SearchHit
from govtui.tui.navigation import open_citation
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.paged_list import PagedOptionList
from govtui.tui.widgets.steady import OneFrameScreen, SteadyStatic, focus_now
from govtui.tui.widgets.title_bar import TitleBar


def open_hit(app, hit: SearchHit) -> None:
    """Open a search hit at its place: the article, the module section, the term, the paragraph."""
    if hit.kind == "module":
        from govtui.tui.screens.reader import push_reader

        module = app.course.modules[hit.target.removeprefix("module:")]
        push_reader(app, module, heading=hit.heading, heading_index=hit.heading_index, found=hit.matched)
    elif hit.kind == "tool":
        app.action_deadline() if hit.target == "tool:deadline" else app.action_fee()
    elif hit.kind == "case":
        from govtui.tui.screens.case import CaseScreen

        app.push_screen(CaseScreen(app.course.cases[hit.target.removeprefix("case:")]))
    elif hit.kind == "term":
        from govtui.tui.screens.glossary import GlossaryScreen

        app.push_screen(GlossaryScreen(focus_term=hit.target))
    else:
        open_citation(app, hit.target, found=hit.matched)


SEARCH_SCREEN = "search"
"""The name the kept search screen is installed under (`GovtuiApp.push_kept`)."""


def push_search(app, query: str = "") -> None:
    """Open the kept search screen, empty or with `query` (a search asked for from elsewhere).

    `/` opens an empty search, as a new search screen did: the last search's results are one Esc
    away while it is open (a hit opened from it returns to it), and a learner pressing `/` on
    home starts another search (the box empty, nothing to erase first)."""
    app.push_kept(SEARCH_SCREEN, lambda: SearchScreen(query), reuse=lambda screen: screen.start(query))


def prepare_search_screen(app) -> None:
    """Compose, mount and render the kept search screen while home sits idle (after the index).

    Composing, styling and laying out the box and the list was most of the first `/` (about
    50 ms of CPU; `python benchmarks/frames.py search --fresh`)."""
    app.prepare_kept(SEARCH_SCREEN, SearchScreen)


class SearchScreen(OneFrameScreen, Screen[None]):
    """搜索."""

    RENDER_AHEAD = True  # prepared empty in idle time (prepare_search_screen)

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("down", "focus_results", "结果", show=False),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.hits: list[SearchHit] = []
        self.ready = False
        self.searched: str | None = None
        """The query the results shown are for (None: none run yet)."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Input(
            value=self.initial_query,
            placeholder="搜索模块、条文、术语和报告原文，如：20个工作日",
            id="query",
            # Typing in the results comes back here; selecting all on focus would let the next key erase it.
            select_on_focus=False,
        )
        yield SteadyStatic(id="search-summary")
        yield PagedOptionList(id="hits")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        if "search_index" in self.app.__dict__:  # built already (app.warm): no worker, no second layout
            self._index_ready()
        else:
            self.build_index()

    def start(self, query: str = "") -> None:
        """Ready the kept screen for this opening (before it is shown): the box holds `query`,
        with the cursor after it and the focus in it, and the results are those of `query`."""
        box = self.query_one("#query", Input)
        if box.value != query:
            box.value = query  # its Changed message then finds the search already run
        box.cursor_position = len(query)
        focus_now(box)
        self.query_one("#hits", OptionList).scroll_home(animate=False, immediate=True)
        self.run_search(query)

    def on_screen_suspend(self) -> None:
        # Closed (not covered by a hit opened from it): empty it now, while home sits idle, so
        # the next `/` shows what is already laid out and rendered.
        if self.app.is_screen_installed(self) and self not in self.app.screen_stack and self.is_attached:
            self.start()
            self.call_after_refresh(self.render_ahead)

    @work(thread=True, exclusive=True)
    def build_index(self) -> None:
        # The index is built once per run; building it off the UI thread keeps typing smooth.
        self.app.search_index  # noqa: B018
        self.app.call_from_thread(self._index_ready)

    def _index_ready(self) -> None:
        if not self.is_attached or not self.query("#hits"):
            return  # the learner left before the index was built; the screen's widgets are gone
        self.ready = True
        self.run_search(self.query_one("#query", Input).value)

    @on(Input.Changed, "#query")
    def query_changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(Input.Submitted, "#query")
    def query_submitted(self) -> None:
        self.action_focus_results()

    def run_search(self, query: str) -> None:
        if not self.ready:
            self.query_one("#search-summary", Static).update(Text("正在建立索引……"))
            return
        if query == self.searched:
            return  # shown already (the box's Changed message after `start` set it)
        self.searched = query
        self.hits = self.app.search_index.search(query)
        self.relayout()  # this frame takes the list's and the summary's changes (OneFrameScreen)
        # Only the options in sight are made (a page at a time): measuring 300 two-line hits
        # was most of the time of each typed character.
        self.query_one("#hits", PagedOptionList).show_options(len(self.hits), self.hit_option)
        if not query.strip():
            summary = "输入关键词开始搜索（可用空格分隔多个词）"
        elif self.hits:
            summary = f"找到 {len(self.hits)} 处（↓ 进入结果，回车打开；在结果中直接打字可改搜索词）"
        else:
            summary = "没有找到。试试更短的词，或用空格分隔多个词。"
        shown = self.query_one("#search-summary", Static)
        if str(shown.content) != summary:  # an update lays the screen out again
            shown.update(Text(summary))

    def hit_option(self, index: int) -> Option:
        hit = self.hits[index]
        label = Text()
        label.append(f"[{hit.kind_label}] ", style="bold")
        label.append(hit.title)
        if hit.heading:
            label.append(f" · {hit.heading}", style="italic")
        label.append("\n    ")
        snippet = Text(hit.snippet)
        snippet.stylize("muted")
        if hit.match:
            snippet.stylize("found", *hit.match)
        label.append_text(snippet)
        return Option(label, id=str(index))

    def action_focus_results(self) -> None:
        hits = self.query_one("#hits", OptionList)
        if hits.option_count:
            hits.focus()
            if hits.highlighted is None:
                hits.highlighted = 0

    def on_key(self, event) -> None:
        """From the results, typing goes back to the search box, and so does ↑ at the top."""
        hits = self.query_one("#hits", OptionList)
        if not hits.has_focus:
            return
        box = self.query_one("#query", Input)
        if event.key == "up" and (hits.highlighted or 0) == 0:
            event.stop()
            box.focus()
        elif event.is_printable and event.character and event.key not in ("enter", "space"):
            event.stop()
            box.focus()
            box.insert_text_at_cursor(event.character)

    @on(OptionList.OptionSelected, "#hits")
    def open_selected(self, event: OptionList.OptionSelected) -> None:
        open_hit(self.app, self.hits[int(event.option_id or 0)])
