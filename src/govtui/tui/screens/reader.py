"""Module reader: objectives, sources and the Markdown body; marks the module read at the end."""

from __future__ import annotations

import time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from govtui.core.model import Module
from govtui.core.sources import describe, label_id_links, module_citations
from govtui.tui.navigation import open_citation, open_sources
from govtui.tui.text import escape_markdown, tables_as_lists
from govtui.tui.widgets.markdown_section import MarkdownSection, split_sections

MAX_SEGMENT_SECONDS = 30 * 60
"""Study time counts at most this long per uninterrupted stay, so an idle screen earns no 学时."""


def module_header(app, module: Module) -> str:
    """Objectives and sources, as Markdown, shown above the body."""
    lines = [f"# {escape_markdown(module.title)}", "", f"建议学时：{module.minutes} 分钟", "", "**学习目标**", ""]
    lines += [f"- {escape_markdown(o)}" for o in module.objectives]
    lines += ["", "**出处**（按 o 选择并打开）", ""]
    lines += [f"- [{escape_markdown(describe(app.course, s))}]({s})" for s in module.sources]
    return "\n".join(lines) + "\n\n---\n\n"


class ReaderScreen(Screen[None]):
    """模块阅读."""

    BINDINGS = [
        Binding("escape", "back", "返回"),
        Binding("t", "quiz", "测验", tooltip="本模块的测验"),
        Binding("o", "sources", "出处", tooltip="打开本模块引用的条文或报告段落"),
        Binding("space", "page_down", "翻页", show=False),
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
            body = label_id_links(self.app.course, self.module.body())
            document = module_header(self.app, self.module) + tables_as_lists(body)
            self.sections = split_sections(document)
            for _heading, text in self.sections:
                yield MarkdownSection(text)
            progress = self.app.profile.modules.get(self.module.id)
            done = "已标记为已读。" if progress and progress.read else ""
            yield Static(f"— 本模块结束，{done}按 t 开始测验，Esc 返回。—", id="reader-end")
        yield Footer()

    def on_mount(self) -> None:
        scroll = self.query_one("#reader", VerticalScroll)
        scroll.focus()
        self.watch(scroll, "scroll_y", self._check_end, init=False)
        # A module that fits on one screen is read as soon as it is laid out.
        self.set_timer(0.3, self._check_end)
        if self.heading:
            self.set_timer(0.05, self.goto_heading)

    def goto_heading(self) -> None:
        """Scroll to the `heading_index`-th section titled `heading` (a search hit's place)."""
        matches = [n for n, (heading, _) in enumerate(self.sections) if heading == self.heading]
        if self.heading_index >= len(matches):
            return
        target = list(self.query(MarkdownSection))[matches[self.heading_index]]
        scroll = self.query_one("#reader", VerticalScroll)
        if target.virtual_region.y == 0 and matches[self.heading_index] and self._jump_tries < 40:
            # Sections get their place a frame or two after mounting.
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
            # Said at the end of the text rather than in a toast that would cover it.
            self.query_one("#reader-end", Static).update("— 本模块结束，已标记为已读。按 t 开始测验，Esc 返回。—")

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

    def action_back(self) -> None:
        # Bank the time before the screen below resumes, so the home screen shows the new 学时
        # (a popped screen is suspended only after the one below has been resumed).
        self._bank_time()
        self.app.pop_screen()

    def action_page_down(self) -> None:
        # Unanimated: a smooth scroll repaints a dozen times, slow over a remote terminal.
        self.query_one("#reader", VerticalScroll).scroll_page_down(animate=False)

    def action_quiz(self) -> None:
        from govtui.tui.screens.quiz import start_module_quiz

        start_module_quiz(self.app, self.module)

    def action_sources(self) -> None:
        open_sources(self.app, module_citations(self.app.course, self.module.id))

    @on(MarkdownSection.CitationClicked)
    def citation_clicked(self, event: MarkdownSection.CitationClicked) -> None:
        open_citation(self.app, event.source)
