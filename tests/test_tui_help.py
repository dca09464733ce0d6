"""Help (F1 / ?), the first-run welcome, the palette's activities, footers at 80 columns, themes."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from tui_helpers import answer_current, make_app, screen_text, wait_for

from govtui.core.progress import ProgressStore
from govtui.tui.help_text import SCREENS
from govtui.tui.screens.exam import ExamListScreen
from govtui.tui.screens.help import CJK, HelpScreen
from govtui.tui.screens.home import HomeScreen
from govtui.tui.screens.quiz import QuizScreen
from govtui.tui.screens.selfcheck import SelfCheckListScreen
from govtui.tui.screens.welcome import WelcomeScreen
from govtui.tui.themes import DEFAULT_THEME, HIGH_CONTRAST


def help_shown(app) -> str:
    assert isinstance(app.screen, HelpScreen)
    return str(app.screen.content)


def lists_key(text: str, key: str, description: str) -> bool:
    return re.search(rf"^  {re.escape(key)} +{re.escape(description)}", text, re.MULTILINE) is not None


def footer_line(app) -> str:
    """The bottom line of the screen as drawn: what the trainee actually sees of the footer."""
    return app.screen._compositor.render_strips()[-1].text


async def test_help_opens_with_f1_and_question_mark_and_explains_the_activities(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = help_shown(app)
        # Where each activity starts, in the home screen's live keys and in the plan.
        for key, description in (("t", "测验"), ("v", "复习"), ("e", "考试"), ("c", "自查"), ("回车", "阅读"), ("w", "错题本")):
            assert lists_key(text, key, description), key
        for needed in ("模块测验：首页选中模块按 t", "每日复习：首页按 v", "模拟考试：首页按 e", "机关自查：首页按 c", "“1+41+N”", "Ctrl+P"):
            assert needed in text, needed
        assert "Down" not in text and "Dismiss" not in text  # Textual's English descriptions stay out
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")  # ? closes it again
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

        await pilot.press("t")  # a module quiz: its help lists the quiz's own keys
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = help_shown(app)
        assert text.startswith("测验与练习") and "单选、判断按字母键" in text and "Esc" in text


async def test_question_mark_types_into_a_text_box(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query_one("#query").value == "?"
        await pilot.press("f1")  # F1 still opens help inside a text box
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


def test_every_screen_has_a_help_description() -> None:
    import govtui.tui.screens as package

    found = []
    for path in Path(package.__path__[0]).glob("*.py"):
        module = __import__(f"govtui.tui.screens.{path.stem}", fromlist=["*"])
        for name, cls in inspect.getmembers(module, inspect.isclass):
            from textual.screen import ModalScreen, Screen

            if issubclass(cls, Screen) and not issubclass(cls, ModalScreen) and cls.__module__ == module.__name__:
                found.append(name)
    assert found and not [name for name in found if name not in SCREENS]


async def open_palette(pilot, query: str) -> CommandList:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    for char in query:
        await pilot.press(char)
    commands = pilot.app.screen.query_one(CommandList)
    await wait_for(pilot, lambda: commands.option_count > 0)
    return commands


def prompts(commands: CommandList) -> list[str]:
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def choose(pilot, commands: CommandList, label: str) -> None:
    await wait_for(pilot, lambda: any(p.startswith(label) for p in prompts(commands)))
    commands.highlighted = next(i for i, p in enumerate(prompts(commands)) if p.startswith(label))
    await pilot.press("enter")
    await pilot.pause()


async def test_palette_starts_every_activity_in_chinese(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        commands = await open_palette(pilot, "")
        shown = "\n".join(prompts(commands))
        for activity in ("模块测验…", "每日复习", "错题本", "模拟考试", "机关自查", "切换主题…", "帮助"):
            assert activity in shown, activity
        assert "Theme" not in shown and "Quit" not in shown
        await choose(pilot, commands, "模块测验…")  # a second palette lists the modules to test
        commands = app.screen.query_one(CommandList)
        await choose(pilot, commands, "测验：年度报告概览")
        assert isinstance(app.screen, QuizScreen) and app.screen.module.id == "report-overview"
        app.pop_screen()
        await pilot.pause()

        await choose(pilot, await open_palette(pilot, "模拟考试"), "模拟考试")
        assert isinstance(app.screen, ExamListScreen)
        app.pop_screen()
        await pilot.pause()
        await choose(pilot, await open_palette(pilot, "机关自查"), "机关自查")
        assert isinstance(app.screen, SelfCheckListScreen)
        app.pop_screen()
        await pilot.pause()
        await choose(pilot, await open_palette(pilot, "帮助"), "帮助")
        assert isinstance(app.screen, HelpScreen) and "“1+41+N”" in help_shown(app)
        await pilot.press("escape")
        await pilot.pause()
        await choose(pilot, await open_palette(pilot, "每日复习"), "每日复习")
        assert any("今天没有到期的复习题" in n.message for n in app._notifications)


async def footer(pilot) -> str:
    """The footer line once the current screen's footer has drawn its keys."""
    await wait_for(pilot, lambda: "帮助" in footer_line(pilot.app))
    await pilot.pause(0.1)
    return footer_line(pilot.app)


async def visit(pilot, key: str) -> None:
    await pilot.press(key)
    await pilot.pause(0.2)


async def test_footers_at_80_columns_show_each_screens_essential_keys(bundled, isolated_data_dir: Path) -> None:
    from govtui.tui.screens.regulation import ArticleScreen
    from govtui.tui.screens.selfcheck import SelfCheckScreen, SelfCheckStartScreen

    app = make_app(bundled, isolated_data_dir, profile="张三")
    app.rng_seed = 7
    seen: dict[str, str] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        seen["home"] = await footer(pilot)
        await visit(pilot, "enter")
        seen["reader"] = await footer(pilot)
        await visit(pilot, "escape")
        await visit(pilot, "down")
        await visit(pilot, "t")
        seen["quiz-question"] = await footer(pilot)
        await answer_current(pilot)
        seen["quiz-feedback"] = await footer(pilot)
        app.screen.dismiss()
        await pilot.pause()
        await visit(pilot, "e")
        seen["exam-list"] = await footer(pilot)
        await visit(pilot, "enter")
        seen["exam"] = await footer(pilot)
        app.screen.submitted = True
        app.pop_screen()
        app.pop_screen()
        await pilot.pause()
        await visit(pilot, "w")
        seen["notebook"] = await footer(pilot)
        app.pop_screen()
        await visit(pilot, "c")
        seen["selfcheck-list"] = await footer(pilot)
        await visit(pilot, "n")
        assert isinstance(app.screen, SelfCheckStartScreen)
        app.screen.query_one("#agency").value = "石门镇人民政府"
        app.screen.begin()
        await pilot.pause(0.2)
        assert isinstance(app.screen, SelfCheckScreen)
        seen["selfcheck-walk"] = await footer(pilot)
        await visit(pilot, "j")
        seen["selfcheck-result"] = await footer(pilot)
        app.pop_screen()
        app.pop_screen()
        app.pop_screen()
        await pilot.pause()
        await app.push_screen(ArticleScreen(36))
        await pilot.pause(0.2)
        seen["article"] = await footer(pilot)
    essential = {
        "home": ["⏎ 阅读", "t 测验", "v 复习", "w 错题本", "e 考试", "c 自查", "1 4 n 轨道", "? 帮助", "^p 命令"],
        "reader": ["esc 返回", "t 测验", "o 出处", "? 帮助"],
        "quiz-question": ["esc 返回", "? 帮助"],
        "quiz-feedback": ["esc 返回", "⏎ 下一题", "o 出处", "? 帮助"],
        "exam-list": ["esc 返回", "? 帮助"],
        "exam": ["PgUp 上一题", "PgDn 下一题", "esc 放弃", "j 交卷", "? 帮助"],
        "notebook": ["esc 返回", "t 全部练习", "g 切换分组", "? 帮助"],
        "selfcheck-list": ["esc 返回", "n 新建自查", "? 帮助"],
        "selfcheck-walk": ["1 符合", "2 基本符合", "3 不符合", "4 不适用", "z 佐证", "j 结果", "? 帮助"],
        "selfcheck-result": ["esc 返回", "l 加入复习", "x 导出", "f 完成/重新打开", "? 帮助"],
        "article": ["← 上一条", "→ 下一条", "m 引用本条的模块", "? 帮助"],
    }
    for screen, keys in essential.items():
        for key in keys:
            assert key in seen[screen], f"{screen}: {key!r} not in footer {seen[screen]!r}"
        # Nothing cut off: the keys fit, and the command palette key keeps the right edge.
        assert "…" not in seen[screen] and seen[screen].rstrip().endswith("▏^p 命令"), seen[screen]
    # Enter is not offered while it does nothing (a question not yet answered).
    assert "下一题" not in seen["quiz-question"] and "出处" not in seen["quiz-question"]


async def test_theme_choice_is_saved_and_restored_per_learner(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        await choose(pilot, await open_palette(pilot, "切换主题"), "切换主题…")
        commands = app.screen.query_one(CommandList)
        listed = "\n".join(prompts(commands))
        assert "主题：高对比度" in listed and "主题：浅色" in listed
        await choose(pilot, commands, "主题：高对比度")
        assert app.theme == HIGH_CONTRAST.name
        await pilot.pause()
    assert ProgressStore(isolated_data_dir).find("张三").settings.theme == HIGH_CONTRAST.name

    again = make_app(bundled, isolated_data_dir, profile="张三")
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == HIGH_CONTRAST.name
        # The role colours are the high-contrast theme's from the first screen on.
        good = again.console.get_style("good").color.get_truecolor().hex.upper()
        assert good == again.get_css_variables()["text-success"].upper()
        # Another learner on the same terminal keeps their own (default) theme.
        await pilot.press("p")
        await pilot.pause()
        again.screen.query_one("#name").value = "李四"
        again.screen.start()
        await pilot.pause()
        assert again.theme == DEFAULT_THEME
        await choose(pilot, await open_palette(pilot, "主题：浅色"), "主题：浅色")
        assert again.theme == "textual-light"
    store = ProgressStore(isolated_data_dir)
    assert store.find("李四").settings.theme == "textual-light"
    assert store.find("张三").settings.theme == HIGH_CONTRAST.name


async def test_status_colours_follow_the_theme(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        modules, hints = app.screen.query_one("#modules"), app.screen.query_one("#home-hints")

        def drawn_colours() -> set[tuple[int, int, int]]:
            """Colours of 未学 (row 3) and of the hints line as drawn (Textual caches these)."""
            spans = modules._get_visual(modules.get_option_at_index(3)).spans + hints.visual.spans
            return {span.style.foreground.rgb for span in spans if span.style.foreground}

        dark = app.console.get_style("good").color
        before = drawn_colours()
        app.theme = "textual-light"
        await pilot.pause()
        light = app.console.get_style("good").color
        assert dark != light
        assert light.get_truecolor().hex.upper() == app.get_css_variables()["text-success"].upper()
        muted = app.console.get_style("muted").color.get_truecolor()
        assert drawn_colours() == {(muted.red, muted.green, muted.blue)} != before


def test_no_hard_coded_colour_names_in_text_styles() -> None:
    import govtui.tui as package

    colour = re.compile(r"""style=f?["'][^"']*\b(green|red|yellow|cyan|blue|magenta|white|black|dim)\b""")
    # A role as a Text's *base* style is read by Textual's own parser, which does not know the roles.
    role_as_base = re.compile(r"""\bText\([^()]*style=["'](good|bad|warn|note|muted)""")
    offenders = [
        f"{path.name}:{n}"
        for path in Path(package.__path__[0]).rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if colour.search(line) or role_as_base.search(line)
    ]
    assert not offenders


async def test_no_color_is_respected(bundled, isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.filter import Monochrome, NoColor

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(bundled, isolated_data_dir, profile="张三")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.no_color and any(isinstance(f, (Monochrome, NoColor)) for f in app._filters)


async def test_welcome_is_shown_once_per_learner_and_can_be_skipped(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="张三", welcome=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "1+41+N" in screen_text(app) and "第 1/3 页" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "第 2/3 页" in screen_text(app)
        await pilot.press("escape")  # skip the rest
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert ProgressStore(isolated_data_dir).find("张三").settings.welcomed_at

    again = make_app(bundled, isolated_data_dir, profile="张三", welcome=True)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)


async def test_welcome_for_a_new_learner_chosen_on_the_first_screen(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, welcome=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#name").value = "王五"
        app.screen.start()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        for _ in range(3):  # read all three pages
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert ProgressStore(isolated_data_dir).find("王五").settings.welcomed_at


def test_readme_key_table_lists_every_screen_key() -> None:
    """The README's key table is the newcomer's map: a key bound on a screen must appear in it."""
    from textual.screen import Screen

    import govtui.tui.screens as package

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| 按键 | 含义 | 用在 |") :].split("\n\n", 1)[0]
    names = {"enter": "回车", "escape": "`Esc`", "pagedown": "`PgDn`", "pageup": "`PgUp`", "left": "`←`",
             "right": "`→`", "slash": "`/`", "ctrl+s": "`Ctrl+S`", "f1": "`F1`", "question_mark": "`?`",
             "ctrl+p": "`Ctrl+P`", "tab": "`Tab`", "shift+tab": "`Shift+Tab`", "ctrl+f": "`Ctrl+F`", "ctrl+g": "`Ctrl+G`"}
    unlisted = {"space", "down"}  # page down in the reader, into the list in search: plain navigation
    missing = []
    for path in Path(package.__path__[0]).glob("*.py"):
        module = __import__(f"govtui.tui.screens.{path.stem}", fromlist=["*"])
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, Screen) or cls.__module__ != module.__name__ or cls.__name__ in {"HelpScreen", "WelcomeScreen"}:
                continue
            for binding in cls.BINDINGS:
                if not CJK.search(binding.description):
                    continue
                for key in binding.key.split(","):
                    shown = names.get(key) or (f"`Shift+{key}`" if key.isupper() else f"`{key}`")
                    if key not in unlisted and shown not in table:
                        missing.append(f"{cls.__name__}: {key}")
    assert not missing
