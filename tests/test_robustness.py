"""User and content text with [, ], backslashes or Rich markup shows literally and breaks nothing."""

from __future__ import annotations

import random
from pathlib import Path

from textual.app import App
from textual.screen import Screen
from textual.widgets import OptionList
from tui_helpers import make_app

from govtui.core.course import open_course
from govtui.core.quiz import QuizSession
from govtui.tui.fixes import install_textual_fixes
from govtui.tui.screens.confirm import ConfirmDialog
from govtui.tui.screens.profile import ProfileScreen
from govtui.tui.screens.quiz import QuizScreen
from govtui.tui.screens.reader import ReaderScreen
from govtui.tui.widgets.module_text import ModuleText

NAMES = ["李[/]", "[@click=app.quit]x[/]", "a\\[b]"]
MARKUP = "[bold]x[/bold]"

BANK = '''schema = 1
module = "reg-scope"
topic = "字面文字"

[[questions]]
id = "zz-markup"
type = "single"
stem = "哪一项原样显示 [bold]x[/bold]？"
choices = ["[@click=app.quit]退出[/]", "a\\\\[b]", "[red]红[/red]", "普通"]
answer = "A"
explanation = "说明里也有 [bold]x[/bold] 与 [/]。"
sources = ["reg:1"]
point = "字面文字"
difficulty = 1
'''


def screen_lines(app: App) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_learner_names_with_markup_show_literally(bundled, isolated_data_dir: Path) -> None:
    for name in NAMES:
        app = make_app(bundled, isolated_data_dir, profile=name)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert name in screen_lines(app)  # the learner line on home
    app = make_app(bundled, isolated_data_dir, profile=NAMES[0])
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await app.push_screen(ProfileScreen())
        await pilot.pause()
        shown = screen_lines(app)
        for name in NAMES:
            assert name in shown
        names = app.screen.query_one("#existing", OptionList)
        index = next(i for i in range(names.option_count) if "click" in str(names.get_option_at_index(i).prompt))
        await pilot.click(names, offset=(3, 1 + index))
        await pilot.pause()
        assert app.is_running  # "[@click=app.quit]" is text, not a link that quits


async def test_content_with_markup_shows_literally(course_copy: Path, isolated_data_dir: Path) -> None:
    module_file = course_copy / "content" / "modules" / "1" / "reg-scope.md"
    with module_file.open("a", encoding="utf-8") as handle:
        handle.write(f"\n\n字面文字：{MARKUP} 与 [@click=app.quit]y[/] 与 a\\\\[b]\n")
    (course_copy / "quizzes" / "zz-markup.toml").write_text(BANK, encoding="utf-8")
    course = open_course(course_copy)
    question = course.questions["zz-markup"]
    app = make_app(course, isolated_data_dir, profile="甲")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await app.push_screen(ReaderScreen(course.modules["reg-scope"]))
        await pilot.pause()
        text = app.screen.query_one(ModuleText)
        body = "\n".join(strip.text for strip in text.all_lines())
        assert f"字面文字：{MARKUP} 与 [@click=app.quit]y[/] 与 a\\[b]" in body
        await pilot.press("escape")
        await pilot.pause()
        await app.push_screen(QuizScreen("练习", QuizSession(None, [question], random.Random(1))))
        await pilot.pause()
        shown = screen_lines(app)
        assert f"哪一项原样显示 {MARKUP}？" in shown
        for choice in question.choices:
            assert choice in shown, choice
        assert "a\\[b]" in shown
        order = app.screen.session.orders[question.id]
        await pilot.press("abcd"[order.index(0)])
        await pilot.pause()
        assert "说明里也有 [bold]x[/bold] 与 [/]。" in screen_lines(app)
        assert app.is_running


async def test_notifications_show_user_text_literally(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="甲")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        for name in NAMES:
            app.notify(f"已删除佐证：{name}", timeout=30)
            app.screen.notify(f"屏幕提示：{name}", timeout=30)
        await pilot.pause(0.2)
        shown = screen_lines(app)
        for name in NAMES:
            assert f"已删除佐证：{name}" in shown
            assert f"屏幕提示：{name}" in shown


async def test_a_dialog_answered_twice_leaves_the_screen_under_it(bundled, isolated_data_dir: Path) -> None:
    install_textual_fixes()
    app = make_app(bundled, isolated_data_dir, profile="甲")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        under = Screen()
        await app.push_screen(under)
        dialog = ConfirmDialog("确定吗？")
        answers: list[bool | None] = []
        await app.push_screen(dialog, answers.append)
        await pilot.pause()
        dialog.dismiss(True)
        dialog.dismiss(True)  # Enter, Enter: the second must not pop `under`
        await pilot.pause()
        assert app.screen is under
        assert answers == [True]
