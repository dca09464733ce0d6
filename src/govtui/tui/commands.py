"""Command palette: open modules, articles and glossary terms, or run a full-text search."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from govtui.tui.leaving import leave_then


class CourseCommands(Provider):
    """Commands built from the course: every module, article and term, plus 搜索.

    Commands pass through `leave_then`: over a running exam every command asks first (the exam
    is timed and closed-book); over a quiz, reference screens open on top and the rest ask.
    """

    def _guarded(self, name: str, command, *, opens_over: bool):
        def run() -> None:
            leave_then(self.app, f"打开“{name}”", command, opens_over=opens_over)

        return run

    def _home_action(self, action: str):
        """A home-screen action, run from wherever the palette was opened."""

        def run() -> None:
            from govtui.tui.screens.home import HomeScreen

            home = next((s for s in reversed(self.app.screen_stack) if isinstance(s, HomeScreen)), None)
            if home is not None:
                self.app.call_later(home.run_action, action)

        return run

    def _commands(self) -> list[tuple[str, object, str, bool | None]]:
        app = self.app
        course = app.course  # type: ignore[attr-defined]
        commands: list[tuple[str, object, str, bool | None]] = [
            # The last field: True opens over the current screen (reference), False leaves it,
            # None for a command that asks by itself.
            ("浏览《条例》全文", app.action_regulation, "按章、条浏览", True),  # type: ignore[attr-defined]
            ("术语表", app.action_glossary, "新人常见术语及出处", True),  # type: ignore[attr-defined]
            ("模拟考试", self._home_action("exam"), "按方案组卷、倒计时、历次成绩", False),
            ("错题本", self._home_action("notebook"), "答错的题目，按知识点分组练习", False),
            ("每日复习", self._home_action("review"), "今天到期的复习题", False),
            ("机关自查", self._home_action("selfcheck"), "加权清单、得分、整改、导出", False),
            ("退出", app.action_quit, "保存并退出 govtui", None),
        ]
        for term in course.glossary:
            commands.append((f"术语：{term.term}", partial(app.action_glossary_term, term.id), term.definition[:30], True))  # type: ignore[attr-defined]
        for module in course.modules.values():
            commands.append((f"模块：{module.title}", partial(app.open_source, f"module:{module.id}"), f"“{module.track}”轨道", True))  # type: ignore[attr-defined]
        regulation = course.regulation
        if regulation:
            for article in regulation.articles.values():
                preview = article.paragraphs[0].removeprefix(article.label).strip()[:30]
                name = f"《条例》{article.label}（{article.number}）"
                commands.append((name, partial(app.open_source, f"reg:{article.number}"), preview, True))  # type: ignore[attr-defined]
        return commands

    async def discover(self) -> Hits:
        app = self.app
        found = [
            ("浏览《条例》全文", app.action_regulation, "按章、条浏览"),  # type: ignore[attr-defined]
            ("术语表", app.action_glossary, "新人常见术语及出处"),  # type: ignore[attr-defined]
            ("搜索", partial(app.action_search, ""), "在模块、条文、术语和报告原文中搜索"),  # type: ignore[attr-defined]
        ]
        for name, command, help_text in found:
            yield DiscoveryHit(name, self._guarded(name, command, opens_over=True), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, command, help_text, opens_over in self._commands():
            score = matcher.match(name)
            if score > 0:
                run = command if opens_over is None else self._guarded(name, command, opens_over=opens_over)
                yield Hit(score, matcher.highlight(name), run, text=name, help=help_text)
        if query.strip():
            text = f"搜索全文：{query.strip()}"
            run = self._guarded(text, partial(self.app.action_search, query.strip()), opens_over=True)  # type: ignore[attr-defined]
            yield Hit(0.01, text, run, text=text, help="打开搜索结果")
