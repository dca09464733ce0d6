"""Module reader: objectives, sources and the Markdown body; marks the module read at the end."""

from __future__ import annotations

import time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Static

from govtui.core.model import Module
from govtui.core.search import HEADING, LINK
from govtui.core.sources import describe, module_citations
from govtui.tui.navigation import open_citation, open_sources
from govtui.tui.text import escape_markdown, tables_as_lists

HEADING_BLOCKS = ", ".join(f"MarkdownH{level}" for level in range(1, 7))
MAX_SEGMENT_SECONDS = 30 * 60
"""Study time counts at most this long per uninterrupted stay, so an idle screen earns no 学时."""


def module_header(app, module: Module) -> str:
    """Objectives and sources, as Markdown, shown above the body."""
    lines = [f"# {escape_markdown(module.title)}", "", f"建议学时：{module.minutes} 分钟", "", "**学习目标**", ""]
    lines += [f"- {escape_markdown(o)}" for o in module.objectives]
    lines += ["", "**出处**（按 s 选择并打开）", ""]
    lines += [f"- [{escape_markdown(describe(app.course, s))}]({s})" for s in module.sources]
    return "\n".join(lines) + "\n\n---\n\n"


def heading_position(source: str, heading: str, occurrence: int) -> int | None:
    """Index, among all headings of the document, of the n-th heading titled `heading`."""
    seen = 0
    position = -1
    for line in source.splitlines():
        match = HEADING.match(line)
        if not match:
            continue
        position += 1
        if LINK.sub(r"\1", match.group(2)) == heading:
            if seen == occurrence:
                return position
            seen += 1
    return None


class ReaderScreen(Screen[None]):
    """模块阅读."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("t", "quiz", "测验", tooltip="本模块的测验"),
        Binding("s", "sources", "出处", tooltip="打开本模块引用的条文或报告段落"),
        Binding("space", "page_down", "翻页", show=False),
        Binding("j", "scroll_down", "下移", show=False),
        Binding("k", "scroll_up", "上移", show=False),
    ]

    def __init__(self, module: Module, heading: str | None = None, heading_index: int = 0) -> None:
        super().__init__()
        self.module = module
        self.heading = heading
        self.heading_index = heading_index
        self._jump_tries = 0
        self._since = time.monotonic()

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="reader"):
            body = tables_as_lists(self.module.body())
            yield Markdown(module_header(self.app, self.module) + body, open_links=False)
            yield Static("— 本模块结束。按 t 开始测验，Esc 返回。—", id="reader-end")
        yield Footer()

    def on_mount(self) -> None:
        scroll = self.query_one("#reader", VerticalScroll)
        scroll.focus()
        self.watch(scroll, "scroll_y", self._check_end, init=False)
        # A module that fits on one screen is read as soon as it is laid out.
        self.set_timer(0.3, self._check_end)

    @on(Markdown.TableOfContentsUpdated)
    def document_ready(self) -> None:
        # Headings exist only once the Markdown has been parsed and mounted.
        if self.heading:
            self.set_timer(0.05, self.goto_heading)

    def goto_heading(self) -> None:
        """Scroll to the `heading_index`-th heading titled `heading` (a search hit's place)."""
        markdown = self.query_one(Markdown)
        position = heading_position(markdown.source, self.heading or "", self.heading_index)
        # Heading blocks are queried by type name: Textual does not export their classes.
        headers = list(markdown.query(HEADING_BLOCKS))
        if position is None:
            return
        scroll = self.query_one("#reader", VerticalScroll)
        target = headers[position] if position < len(headers) else None
        if target is None or (position and (target.virtual_region.y == 0 or scroll.max_scroll_y == 0)):
            # Blocks are mounted and laid out a few frames after parsing; try again shortly.
            if self._jump_tries < 40:
                self._jump_tries += 1
                self.set_timer(0.05, self.goto_heading)
            return
        scroll.scroll_to(y=target.virtual_region.y, animate=False, immediate=True)
        self.heading = None

    def _check_end(self, *_: object) -> None:
        scroll = self.query_one("#reader", VerticalScroll)
        if scroll.max_scroll_y > 0 and scroll.scroll_y < scroll.max_scroll_y - 1:
            return
        if self.app.profile.mark_read(self.module.id):
            self.app.save_profile()
            self.notify("本模块已标记为已读", timeout=3)

    def _bank_time(self) -> None:
        elapsed = min(time.monotonic() - self._since, MAX_SEGMENT_SECONDS)
        self._since = time.monotonic()
        self.app.profile.add_study_time(self.module.id, int(elapsed))
        self.app.save_profile()

    def on_screen_suspend(self) -> None:
        self._bank_time()

    def on_screen_resume(self) -> None:
        self._since = time.monotonic()

    def on_unmount(self) -> None:
        self._bank_time()

    def action_page_down(self) -> None:
        self.query_one("#reader", VerticalScroll).scroll_page_down()

    def action_scroll_down(self) -> None:
        self.query_one("#reader", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#reader", VerticalScroll).scroll_up()

    def action_quiz(self) -> None:
        from govtui.tui.screens.quiz import start_module_quiz

        start_module_quiz(self.app, self.module)

    def action_sources(self) -> None:
        open_sources(self.app, module_citations(self.app.course, self.module.id))

    @on(Markdown.LinkClicked)
    def link_clicked(self, event: Markdown.LinkClicked) -> None:
        open_citation(self.app, event.href)
