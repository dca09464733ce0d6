"""Command palette: start any activity, open modules, articles and terms, change the theme, search.

Everything here is in Chinese: Textual's own system commands (English) are not offered.
"""

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

    def _report_check(self) -> None:
        """Ask for a report file, then check it on its own screen."""
        from pathlib import Path

        from govtui.tui.screens.prompt import PromptDialog
        from govtui.tui.screens.report_check import ReportCheckScreen

        def chosen(value: str | None) -> None:
            if not value:
                return
            path = Path(value).expanduser()
            if not path.is_file():
                self.app.notify(f"找不到文件：{value}", severity="warning")
                return
            self.app.push_screen(ReportCheckScreen(path))

        self.app.push_screen(
            PromptDialog("检查年度报告：输入报告文件的路径（保存的网页 .html 或纯文本 .txt）", placeholder="如 ~/2024年报告.html"),
            chosen,
        )

    def _export_record(self) -> None:
        from govtui.tui.screens.record_export import start_record_export

        start_record_export(self.app)

    def _review_settings(self) -> None:
        from govtui.tui.screens.review_settings import open_review_settings

        open_review_settings(self.app)

    def _activities(self) -> list[tuple[str, object, str, bool | None]]:
        """The main activities, offered as soon as the palette opens.

        The last field: True opens over the current screen (reference), False leaves it (a running
        quiz or exam asks first), None for a command that asks by itself.
        """
        app = self.app
        return [
            ("模块测验…", self._pick_module_quiz, "选择一个模块开始测验（也可在首页选中模块按 t）", False),
            ("下一步", self._home_action("next_step"), "做首页“下一步”一行所说的事（首页按 d）", False),
            ("学习计划", self._home_action("plan"), "“1+41+N”和你的单位必修哪些模块（首页按 i）", False),
            ("每日复习", self._home_action("review"), "今天到期的复习题（首页按 v）", False),
            ("复习设置…", self._review_settings, "每天最多几道新题、几道复习题（本学员）", True),
            ("错题本", self._home_action("notebook"), "答错的题目，按知识点分组练习（首页按 w）", False),
            ("模拟考试", self._home_action("exam"), "按方案组卷、倒计时、历次成绩（首页按 e）", False),
            ("机关自查", self._home_action("selfcheck"), "加权清单、得分、整改、导出（首页按 c）", False),
            ("浏览《条例》全文", app.action_regulation, "按章、条浏览", True),  # type: ignore[attr-defined]
            ("术语表", app.action_glossary, "新人常见术语及出处", True),  # type: ignore[attr-defined]
            ("搜索", partial(app.action_search, ""), "在模块、条文、术语和报告原文中搜索", True),  # type: ignore[attr-defined]
            ("切换主题…", app.action_change_theme, "深色、浅色、高对比度等", True),  # type: ignore[attr-defined]
            ("帮助", app.action_help, "本页按键和培训计划说明（F1 或 ?）", True),  # type: ignore[attr-defined]
        ]

    def _desk_tools(self) -> list[tuple[str, object, str, bool | None]]:
        """Desk tools and the organizer's and report writer's commands."""
        app = self.app
        tools: list[tuple[str, object, str, bool | None]] = [
            ("期限计算器", app.action_deadline, "补正、答复、延长、征求意见的期限（第三十条至第三十四条）", True),  # type: ignore[attr-defined]
            ("信息处理费计算器", app.action_fee, "按件、按量，超额累进（第四十二条）", True),  # type: ignore[attr-defined]
            ("案例演练", app.action_cases, "逐步办理一件申请，每一步对照条文", False),  # type: ignore[attr-defined]
            ("检查年度报告", self._report_check, "核对本机关年度报告草稿的统计表、正文数字和第五十条内容", False),
        ]
        if getattr(app, "profile", None) is not None:
            tools.append(
                ("导出学习记录 / 学习证明", self._export_record, "JSON、可打印学习证明、CSV 或 xAPI，存入数据目录 exports/", True)
            )
        return tools

    def _pick_module_quiz(self) -> None:
        from textual.command import CommandPalette

        self.app.push_screen(CommandPalette(providers=[ModuleQuizCommands], placeholder="选择要测验的模块…"))

    def _commands(self) -> list[tuple[str, object, str, bool | None]]:
        app = self.app
        course = app.course  # type: ignore[attr-defined]
        commands = self._activities() + self._desk_tools()
        commands.append(("退出", app.action_quit, "保存并退出 govtui", None))
        commands.extend((*c, False) for c in ModuleQuizCommands.quiz_commands(app))
        commands.extend((*c, True) for c in ThemeCommands.theme_commands(app))
        for term in course.glossary:
            commands.append((f"术语：{term.term}", partial(app.action_glossary_term, term.id), term.definition[:30], True))  # type: ignore[attr-defined]
        for case in course.cases.values():
            commands.append((f"案例：{case.title}", partial(self._open_case, case.id), f"{len(case.steps)} 步", False))
        for module in course.modules.values():
            commands.append((f"模块：{module.title}", partial(app.open_source, f"module:{module.id}"), f"“{module.track}”轨道", True))  # type: ignore[attr-defined]
        regulation = course.regulation
        if regulation:
            for article in regulation.articles.values():
                preview = article.paragraphs[0].removeprefix(article.label).strip()[:30]
                name = f"《条例》{article.label}（{article.number}）"
                commands.append((name, partial(app.open_source, f"reg:{article.number}"), preview, True))  # type: ignore[attr-defined]
        return commands

    def _open_case(self, case_id: str) -> None:
        from govtui.tui.screens.case import CaseScreen

        self.app.push_screen(CaseScreen(self.app.course.cases[case_id]))  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for name, command, help_text, opens_over in self._activities() + self._desk_tools():
            run = command if opens_over is None else self._guarded(name, command, opens_over=opens_over)
            yield DiscoveryHit(name, run, help=help_text)  # type: ignore[arg-type]

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


class ModuleQuizCommands(Provider):
    """测验：<module> for every module with questions."""

    @staticmethod
    def quiz_commands(app) -> list[tuple[str, object, str]]:
        from govtui.tui.screens.quiz import start_module_quiz

        course = app.course
        with_questions = {q.module for q in course.questions.values() if q.module}
        return [
            (f"测验：{module.title}", partial(start_module_quiz, app, module), f"“{module.track}”轨道模块测验")
            for module in course.modules.values()
            if module.id in with_questions
        ]

    async def discover(self) -> Hits:
        for name, command, help_text in self.quiz_commands(self.app):
            yield DiscoveryHit(name, command, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, command, help_text in self.quiz_commands(self.app):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, help=help_text)  # type: ignore[arg-type]


class ThemeCommands(Provider):
    """主题：<name> for every registered theme (Textual's theme switcher, in Chinese)."""

    @staticmethod
    def theme_commands(app) -> list[tuple[str, object, str]]:
        from govtui.tui.themes import THEME_NAMES, theme_label

        def set_theme(name: str) -> None:
            app.theme = name

        # The named themes first (default, light, high contrast), then the rest by name.
        names = [n for n in THEME_NAMES if n in app.available_themes]
        names += sorted(n for n in app.available_themes if n not in THEME_NAMES and n != "textual-ansi")
        return [
            (f"主题：{theme_label(name)}", partial(set_theme, name), "当前主题" if name == app.theme else "保存在本学员的记录中")
            for name in names
        ]

    async def discover(self) -> Hits:
        for name, command, help_text in self.theme_commands(self.app):
            yield DiscoveryHit(name, command, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, command, help_text in self.theme_commands(self.app):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, help=help_text)  # type: ignore[arg-type]
