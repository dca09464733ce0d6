"""The Regulation: browse by chapter and article; each article on its own screen."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from govtui.core.sources import describe, modules_citing
from govtui.tui.navigation import open_sources

PREVIEW_CHARS = 28


class RegulationScreen(Screen[None]):
    """《条例》目录：章与条."""

    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def compose(self) -> ComposeResult:
        yield Header()
        regulation = self.app.course.regulation
        yield Static(Text(regulation.title if regulation else "《条例》未能载入"), classes="screen-title")
        options: list[Option] = []
        if regulation:
            for chapter in regulation.chapters:
                options.append(Option(Text(chapter.label, style="bold"), disabled=True))
                for article in chapter.articles:
                    first = article.paragraphs[0].removeprefix(article.label).strip()
                    preview = first[:PREVIEW_CHARS] + ("…" if len(first) > PREVIEW_CHARS else "")
                    options.append(Option(Text(f"  {article.label} {preview}"), id=str(article.number)))
        yield OptionList(*options, id="articles")
        yield Footer()

    def on_mount(self) -> None:
        articles = self.query_one("#articles", OptionList)
        articles.focus()
        if articles.option_count > 1:
            articles.highlighted = 1

    @on(OptionList.OptionSelected, "#articles")
    def open_article(self, event: OptionList.OptionSelected) -> None:
        self.app.push_screen(ArticleScreen(int(event.option_id or 1)))


class ArticleScreen(Screen[None]):
    """One article, with where the course cites it."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        # Priority: the focused scroll view binds ←/→ too and would hide these from the footer.
        Binding("left", "step(-1)", "上一条", key_display="←", priority=True),
        Binding("right", "step(1)", "下一条", key_display="→", priority=True),
        Binding("m", "citing", "引用本条的模块", tooltip="本条被哪些模块引用"),
    ]

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="article-body"):
            yield Static(id="article-chapter", classes="screen-title")
            yield Static(id="article-text")
            yield Static(id="article-cited")
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#article-body").focus()

    def show(self) -> None:
        regulation = self.app.course.regulation
        article = regulation.articles[self.number]
        chapter = next(c for c in regulation.chapters if c.number == article.chapter)
        self.query_one("#article-chapter", Static).update(Text(f"{regulation.title} · {chapter.label}"))
        body = Text()
        for index, paragraph in enumerate(article.paragraphs):
            if index == 0:
                body.append(article.label + "\n", style="bold")
                body.append(paragraph.removeprefix(article.label).strip() + "\n\n")
            else:
                body.append(paragraph + "\n\n")
        self.query_one("#article-text", Static).update(body)
        modules = modules_citing(self.app.course, f"reg:{self.number}")
        cited = Text.assemble(("本条被以下模块引用（按 m 打开）：\n" if modules else "暂无模块引用本条。\n", "muted"))
        for module_id in modules:
            cited.append(f"- {self.app.course.modules[module_id].title}\n", style="muted")
        self.query_one("#article-cited", Static).update(cited)
        self.sub_title = article.label

    def action_step(self, delta: int) -> None:
        articles = self.app.course.regulation.articles
        if self.number + delta in articles:
            self.number += delta
            self.show()
            self.query_one("#article-body", VerticalScroll).scroll_home(animate=False)

    def action_citing(self) -> None:
        modules = modules_citing(self.app.course, f"reg:{self.number}")
        if not modules:
            self.notify("暂无模块引用本条")
            return
        label = describe(self.app.course, f"reg:{self.number}")
        open_sources(self.app, [f"module:{m}" for m in modules], f"引用{label}的模块")
