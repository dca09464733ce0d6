"""The Regulation: browse by chapter and article; each article on its own screen.

Typing a number (33, 第33条, 三十三) in the list jumps to that article; Enter opens it.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from govtui.core.search import article_number
from govtui.core.sources import describe, modules_citing
from govtui.tui.navigation import open_sources
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.option_list import SteadyOptionList
from govtui.tui.widgets.steady import OneFrameScreen
from govtui.tui.widgets.text_pane import TextPane
from govtui.tui.widgets.title_bar import TitleBar

PREVIEW_CHARS = 28
JUMP_CHARACTERS = set("0123456789０１２３４５６７８９第零一二两三四五六七八九十")


REGULATION_SCREEN = "regulation"
"""The name the kept Regulation list is installed under (`GovtuiApp.push_kept`)."""


def prepare_regulation_screen(app) -> None:
    """Compose, mount and lay out the kept Regulation list while home sits idle.

    The first `r` of a session then only shows it: building and laying out 60 articles was most
    of that key (`python benchmarks/frames.py regulation --fresh`)."""
    app.prepare_kept(REGULATION_SCREEN, RegulationScreen)


ARTICLE_SCREEN = "article"
"""The name the kept article screen is installed under: one screen shows any article."""


def prepare_article_screen(app) -> None:
    """Compose, mount and lay out the kept article screen while home sits idle (first article)."""
    regulation = app.course.regulation
    if regulation and regulation.articles:
        app.prepare_kept(ARTICLE_SCREEN, lambda: ArticleScreen(min(regulation.articles)))


def push_article(app, number: int, found: str = "") -> None:
    """Show article `number` on the kept article screen (a new one if that is open already).

    A fresh article screen cost a compose, a first layout and a second frame for its scrollbar;
    the kept one only takes the new text (`python benchmarks/frames.py article --fresh`)."""
    app.push_kept(ARTICLE_SCREEN, lambda: ArticleScreen(number, found), lambda screen: screen.open(number, found))


class RegulationScreen(OneFrameScreen, Screen[None]):
    """《条例》目录：章与条."""

    RENDER_AHEAD = True  # prepared in idle time with its whole list (prepare_regulation_screen)

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("down", "focus_articles", "条文", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        regulation = self.app.course.regulation
        yield Static(Text(regulation.title if regulation else "《条例》未能载入"), classes="screen-title")
        yield Input(placeholder="输入条号跳转，如 33 或 三十三，回车打开", id="article-jump", select_on_focus=False)
        options: list[Option] = []
        if regulation:
            for chapter in regulation.chapters:
                options.append(Option(Text(chapter.label, style="bold"), disabled=True))
                for article in chapter.articles:
                    first = article.paragraphs[0].removeprefix(article.label).strip()
                    preview = first[:PREVIEW_CHARS] + ("…" if len(first) > PREVIEW_CHARS else "")
                    options.append(Option(Text(f"  {article.label} {preview}"), id=str(article.number)))
        yield SteadyOptionList(*options, id="articles")
        yield KeyBar()

    def on_mount(self) -> None:
        articles = self.query_one("#articles", OptionList)
        articles.focus()
        if articles.option_count > 1:
            articles.highlighted = 1

    def on_screen_resume(self) -> None:
        # The screen is kept between visits (app.push_kept): a half-typed number is not.
        self.query_one("#article-jump", Input).value = ""
        self.query_one("#articles", OptionList).focus()

    @on(OptionList.OptionSelected, "#articles")
    def open_article(self, event: OptionList.OptionSelected) -> None:
        push_article(self.app, int(event.option_id or 1))

    def _number(self, text: str) -> int | None:
        regulation = self.app.course.regulation
        number = article_number(text)
        return number if regulation and number in regulation.articles else None

    @on(Input.Changed, "#article-jump")
    def jump_typed(self, event: Input.Changed) -> None:
        number = self._number(event.value)
        if number is not None:
            articles = self.query_one("#articles", OptionList)
            articles.highlighted = articles.get_option_index(str(number))

    @on(Input.Submitted, "#article-jump")
    def jump(self, event: Input.Submitted) -> None:
        number = self._number(event.value)
        if number is None:
            last = max(self.app.course.regulation.articles) if self.app.course.regulation else 0
            self.notify(f"没有这一条：{event.value.strip() or '（空）'}。《条例》共 {last} 条", severity="warning")
            return
        event.input.value = ""
        self.query_one("#articles", OptionList).focus()
        push_article(self.app, number)

    def action_focus_articles(self) -> None:
        self.query_one("#articles", OptionList).focus()

    def on_key(self, event) -> None:
        """In the list, a digit or a Chinese numeral starts a jump by number."""
        articles = self.query_one("#articles", OptionList)
        character = event.character or ""
        if articles.has_focus and event.key in ("up", "down", "pageup", "pagedown", "home", "end"):
            # Moving in the list by hand ends a half-typed jump, so the next digit starts a new number.
            self.query_one("#article-jump", Input).value = ""
        if articles.has_focus and event.is_printable and character and character in JUMP_CHARACTERS:
            event.stop()
            box = self.query_one("#article-jump", Input)
            box.focus()
            box.insert_text_at_cursor(character)


class ArticleScreen(OneFrameScreen, Screen[None]):
    """One article, with where the course cites it; kept and reused for the next (`push_article`)."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        # Priority: the focused scroll view binds ←/→ too and would hide these from the footer.
        Binding("left", "step(-1)", "上一条", key_display="←", priority=True),
        Binding("right", "step(1)", "下一条", key_display="→", priority=True),
        Binding("m", "citing", "引用本条的模块", tooltip="本条被哪些模块引用"),
    ]

    def __init__(self, number: int, found: str = "") -> None:
        """found: words a search found in this article, marked while it is shown."""
        super().__init__()
        self.number = number
        self.found = found.strip()
        self.article_text = Text()
        """The article as shown, with the found words marked."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        # One pane made with its text (not filled in on mount): the screen is laid out once.
        yield TextPane(self.page(), id="article-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.app.course.regulation.articles[self.number].label
        self.query_one("#article-body").focus()

    def open(self, number: int, found: str = "") -> None:
        """Show another article on this kept screen, from its top, with `found` marked."""
        self.number = number
        self.found = found.strip()
        self.relayout()  # the frame that shows the screen also takes the new text
        self.show()
        self.query_one("#article-body").focus()

    def page(self) -> Group:
        """The chapter, the article (with the searched words marked) and where it is cited."""
        regulation = self.app.course.regulation
        article = regulation.articles[self.number]
        chapter = next(c for c in regulation.chapters if c.number == article.chapter)
        heading = Text(f"{regulation.title} · {chapter.label}\n", style="bold")
        body = Text()
        for index, paragraph in enumerate(article.paragraphs):
            if index == 0:
                body.append(article.label + "\n", style="bold")
                body.append(paragraph.removeprefix(article.label).strip() + "\n\n")
            else:
                body.append(paragraph + "\n\n")
        body.rstrip()
        body.append("\n")  # one blank line before the citing modules
        if self.found:
            body.highlight_words([self.found], "found")
        self.article_text = body
        modules = modules_citing(self.app.course, f"reg:{self.number}")
        cited = Text.assemble(("本条被以下模块引用（按 m 打开）：\n" if modules else "暂无模块引用本条。\n", "muted"))
        for module_id in modules:
            cited.append(f"- {self.app.course.modules[module_id].title}\n", style="muted")
        return Group(heading, body, cited)

    def show(self) -> None:
        self.query_one("#article-body", TextPane).update(self.page(), home=True)
        self.sub_title = self.app.course.regulation.articles[self.number].label

    def action_step(self, delta: int) -> None:
        articles = self.app.course.regulation.articles
        if self.number + delta in articles:
            self.number += delta
            self.show()

    def action_citing(self) -> None:
        modules = modules_citing(self.app.course, f"reg:{self.number}")
        if not modules:
            self.notify("暂无模块引用本条")
            return
        label = describe(self.app.course, f"reg:{self.number}")
        open_sources(self.app, [f"module:{m}" for m in modules], f"引用{label}的模块")
