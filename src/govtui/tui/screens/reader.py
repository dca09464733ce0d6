"""Module reader: objectives, sources and the Markdown body; marks the module read at the end.

The header says where the learner is (第 3/7 节 and how much of the text is above the screen), c opens
the table of contents, Tab/Shift+Tab step through the links and Enter follows the chosen one.
The whole text, closing line included, is one widget that scrolls itself (widgets/module_text.py):
a long module used to be twenty-odd widgets in a VerticalScroll, whose styles and layout were most
of the time to open it and to page down.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from govtui.core.model import Module
from govtui.core.sources import describe, label_id_links, module_citations
from govtui.tui.navigation import open_citation, open_sources
from govtui.tui.screens.toc import TocDialog
from govtui.tui.text import escape_markdown, tables_as_lists
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.markdown_section import heading_level, split_sections
from govtui.tui.widgets.module_text import ModuleText
from govtui.tui.widgets.steady import OneFrameScreen, focus_now
from govtui.tui.widgets.title_bar import TitleBar

MAX_SEGMENT_SECONDS = 30 * 60
"""Study time counts at most this long per uninterrupted stay, so an idle screen earns no 学时."""


def module_header(app, module: Module) -> str:
    """Objectives and sources, as Markdown, shown above the body."""
    lines = [f"# {escape_markdown(module.title)}", "", f"建议学时：{module.minutes} 分钟", "", "**学习目标**", ""]
    lines += [f"- {escape_markdown(o)}" for o in module.objectives]
    lines += ["", "**出处**（按 o 选择并打开）", ""]
    lines += [f"- [{escape_markdown(describe(app.course, s))}]({s})" for s in module.sources]
    return "\n".join(lines) + "\n\n---\n\n"


READER_SCREEN = "reader"
"""The name the kept reader is installed under: one screen shows any module (`push_reader`)."""


def prepare_reader_screen(app) -> None:
    """Compose, mount and lay out the kept reader while home sits idle, with the first module.

    A fresh reader cost a compose, the styling of its widgets and a first layout inside the key,
    and Textual's frame timer of a new screen waits a whole frame before its first paint
    (`python benchmarks/frames.py open --fresh`)."""
    module = next(iter(app.course.modules.values()), None)
    if module is not None:
        app.prepare_kept(READER_SCREEN, lambda: ReaderScreen(module))


def push_reader(app, module: Module, heading: str | None = None, heading_index: int = 0, found: str = "") -> None:
    """Show `module` on the kept reader (a new reader if the kept one is open already, further
    down: a module's link to another module). Arguments as ReaderScreen's."""
    app.push_kept(
        READER_SCREEN,
        lambda: ReaderScreen(module, heading, heading_index, found),
        lambda screen: screen.open(module, heading, heading_index, found),
    )


class ReaderScreen(OneFrameScreen, Screen[None]):
    """模块阅读; kept and reused for the next module (`push_reader`)."""

    BINDINGS = [
        Binding("escape", "back", "返回"),
        Binding("t", "quiz", "测验", tooltip="本模块的测验"),
        Binding("o", "sources", "出处", tooltip="打开本模块引用的条文或报告段落"),
        Binding("c", "contents", "目录", tooltip="本模块的目录，回车跳到该节"),
        # Priority: Tab would otherwise move the focus out of the text.
        Binding("tab", "link(1)", "下一链接", key_display="Tab", priority=True),
        Binding("shift+tab", "link(-1)", "上一链接", show=False, priority=True),
        Binding("enter", "follow", "打开链接", key_display="回车"),
        Binding("space", "page_down", "翻页", show=False),
    ]

    def __init__(self, module: Module, heading: str | None = None, heading_index: int = 0, found: str = "") -> None:
        """heading/heading_index: the section to open at; found: text a search found, marked where it stands."""
        super().__init__()
        self._since: float | None = None
        """When the learner began this stretch of reading; None while the screen is not shown."""
        self._reading_timers: list[Timer] = []
        self._take(module, heading, heading_index, found)

    def _take(self, module: Module, heading: str | None, heading_index: int, found: str) -> None:
        self.module = module
        self.heading = heading
        self.heading_index = heading_index
        self.found = found.replace("**", "").strip()
        self.link_index: int | None = None
        self._jump_tries = 0

    def _split(self) -> list[str]:
        """The module as shown, in sections (kept in `sections` with their headings); their texts."""
        body = label_id_links(self.app.course, self.module.body())
        document = module_header(self.app, self.module) + tables_as_lists(body)
        self.sections = split_sections(document)
        return [text for _heading, text in self.sections]

    def _end_line(self) -> str:
        profile = self.app.profile  # none yet when prepared before the first learner is chosen
        progress = profile.modules.get(self.module.id) if profile is not None else None
        done = "已标记为已读。" if progress and progress.read else ""
        return f"— 本模块结束，{done}按 t 开始测验，Esc 返回。—"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        self.text = ModuleText(
            self._split(),
            found=self.found,
            end=self._end_line(),
            fitted=self._show_progress,
            id="reader",
        )
        yield self.text
        link_bar = Static(id="reader-link")
        link_bar.display = False  # until Tab chooses a link (set before mounting: no extra layout)
        yield link_bar
        yield KeyBar()

    def open(self, module: Module, heading: str | None = None, heading_index: int = 0, found: str = "") -> None:
        """Show another module on this kept screen, from its top (or at `heading`)."""
        self._stop_timers()
        self._take(module, heading, heading_index, found)
        self.text.load(self._split(), found=self.found, end=self._end_line())
        self.query_one("#reader-link", Static).display = False
        self.relayout()  # the frame that shows the screen also lays out the new text
        self._begin()

    @property
    def links(self) -> list[tuple[int, str, str]]:
        """Every link in reading order: (the index of its section, its text, its target)."""
        return [(index, link.text, link.target) for index, link in self.text.links]

    def section_y(self, index: int) -> int:
        """Where section `index` starts in the text (the scroll_y that puts it at the top)."""
        return self.text.section_y(index)

    def on_mount(self) -> None:
        self.watch(self.text, "scroll_y", self._check_end, init=False)
        self.watch(self.text, "scroll_y", self._show_progress, init=False)
        if self.is_current:  # not when prepared ahead (prepare_reader_screen): `open` shows a module
            self._begin()

    def _begin(self) -> None:
        """Start reading the module taken: focus, title line, the checks that wait for the layout."""
        focus_now(self.text)
        self.sub_title = f"第 1/{len(self.sections)} 节"  # the percentage once the text is laid out
        # A module that fits on one screen is read as soon as it is laid out.
        self._reading_timers.append(self.set_timer(0.3, self._check_end))
        if self.heading:
            self._reading_timers.append(self.set_timer(0.05, self.goto_heading))

    def _stop_timers(self) -> None:
        for timer in self._reading_timers:
            timer.stop()
        self._reading_timers.clear()

    def goto_heading(self) -> None:
        """Scroll to the `heading_index`-th section titled `heading` (a search hit's place)."""
        matches = [n for n, (heading, _) in enumerate(self.sections) if heading == self.heading]
        if self.heading_index >= len(matches):
            return
        index = matches[self.heading_index]
        scroll = self.text
        if not self.text.ready and self._jump_tries < 40:
            # The text gets its width (and so its lines) a frame or two after mounting.
            self._jump_tries += 1
            self._reading_timers.append(self.set_timer(0.05, self.goto_heading))
            return
        # The words a search found may be further down the section: show them with a line of context.
        line = self.text.line_of_text(index, self.found) if self.found else None
        y = self.section_y(index) if line is None else max(line - 1, 0)
        scroll.scroll_to(y=max(y, self.section_y(index)), animate=False, immediate=True)
        self.heading = None
        self._show_progress()

    def current_section(self) -> int:
        """Index of the section at the top of the screen."""
        top = self.text.scroll_y
        if not self.text.ready:
            return 0
        return self.text.section_of_line(int(top) + 1)

    def _show_progress(self, *_: object) -> None:
        if not self.is_attached or not self.query("#reader"):
            return  # called after a refresh that came after the learner left
        scroll = self.text
        if scroll.max_scroll_y > 0:
            percent = min(100, round(100 * scroll.scroll_y / scroll.max_scroll_y))
        else:
            percent = 100
        self.sub_title = f"第 {self.current_section() + 1}/{len(self.sections)} 节 · 已读 {percent}%"

    def _check_end(self, *_: object) -> None:
        scroll = self.text
        if scroll.max_scroll_y > 0 and scroll.scroll_y < scroll.max_scroll_y - 1:
            return
        if self.app.profile.mark_read(self.module.id):
            self.app.save_profile()
            # Said at the end of the text rather than in a toast that would cover it.
            self.text.set_end("— 本模块结束，已标记为已读。按 t 开始测验，Esc 返回。—")

    def _bank_time(self) -> None:
        """Add the time since the learner began (or last banked) to the module's 学时."""
        if self._since is None:
            return  # not shown since the last banking (or prepared and never shown)
        elapsed = min(time.monotonic() - self._since, MAX_SEGMENT_SECONDS)
        self._since = time.monotonic() if self.is_current else None
        self.app.profile.add_study_time(self.module.id, int(elapsed))
        self.app.save_profile()

    def on_screen_suspend(self) -> None:
        self._bank_time()
        self._since = None
        self._stop_timers()

    def on_screen_resume(self) -> None:
        self._since = time.monotonic()

    def on_unmount(self) -> None:
        self._bank_time()

    def action_back(self) -> None:
        # Bank the time before the screen below resumes, so the home screen shows the new 学时
        # (a popped screen is suspended only after the one below has been resumed).
        self._bank_time()
        self.app.pop_screen()

    def action_contents(self) -> None:
        entries = [
            (index, heading_level(text), heading) for index, (heading, text) in enumerate(self.sections) if heading
        ]

        def chosen(index: int | None) -> None:
            if index is not None:
                self.text.scroll_to(
                    y=self.section_y(index), animate=False, immediate=True
                )
                self._show_progress()

        self.app.push_screen(TocDialog(entries, self.current_section()), chosen)

    def action_link(self, step: int) -> None:
        links = self.links
        if not links:
            self.notify("本模块没有可打开的链接")
            return
        if self.link_index is None:
            # Start from the first link on screen rather than the top of the module.
            top = self.text.scroll_y
            after = [n for n, (section, _, target) in enumerate(links) if self._link_y(section, target) >= top]
            if step > 0:
                self.link_index = after[0] if after else 0
            else:
                self.link_index = (after[0] - 1) % len(links) if after else len(links) - 1
        else:
            self.link_index = (self.link_index + step) % len(links)
        section, text, target = links[self.link_index]
        self.text.focus_link(section, target)
        y = self._link_y(section, target)
        scroll = self.text
        if not scroll.scroll_y <= y < scroll.scroll_y + scroll.scrollable_content_region.height - 1:
            scroll.scroll_to(y=max(y - 2, 0), animate=False, immediate=True)
        bar = self.query_one("#reader-link", Static)
        label = describe(self.app.course, target)
        shown = Text.assemble((f"链接 {self.link_index + 1}/{len(links)}：", "bold"), text)
        if label != text:
            shown.append(f" → {label}")
        shown.append("（回车打开）", style="italic")
        bar.update(shown)
        bar.display = True
        self.refresh_bindings()

    def _link_y(self, section: int, target: str) -> int:
        line = self.text.line_of_link(section, target)
        return self.section_y(section) if line is None else line

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "follow":
            return self.link_index is not None
        return True

    def action_follow(self) -> None:
        if self.link_index is None:
            return
        _section, _text, target = self.links[self.link_index]
        open_citation(self.app, target)

    def action_page_down(self) -> None:
        # Unanimated: a smooth scroll repaints a dozen times, slow over a remote terminal.
        self.text.scroll_page_down(animate=False)

    def action_quiz(self) -> None:
        from govtui.tui.screens.quiz import start_module_quiz

        start_module_quiz(self.app, self.module)

    def action_sources(self) -> None:
        open_sources(self.app, module_citations(self.app.course, self.module.id))

    @on(ModuleText.CitationClicked)
    def citation_clicked(self, event: ModuleText.CitationClicked) -> None:
        open_citation(self.app, event.source)
