"""Returning to home redraws only what the learner's record changed (issue 15: "back")."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from tui_helpers import answer_current, make_app, screen_text, wait_for

from govtui.tui.screens.home import HomeScreen
from govtui.tui.screens.quiz import QuizScreen


async def test_home_keeps_its_list_when_nothing_changed_and_updates_labels_when_a_quiz_did(
    bundled, isolated_data_dir: Path
) -> None:
    app = make_app(bundled, isolated_data_dir, profile="甲")
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "quiz_modules", None) is not None)
        home = app.screen
        assert isinstance(home, HomeScreen)
        modules = home.query_one("#modules", OptionList)
        first = modules.get_option_at_index(modules.highlighted)
        module = bundled.modules[first.id]
        before = [modules.get_option_at_index(i) for i in range(modules.option_count)]
        await pilot.press("question_mark")  # help changes nothing
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
        assert [modules.get_option_at_index(i) for i in range(modules.option_count)] == before
        assert "未学" in str(modules.get_option_at_index(modules.highlighted).prompt)
        # A quiz answered: the module's label, and the counts above the list, are redrawn.
        await pilot.press("t")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        while not quiz.session.finished:
            await answer_current(pilot, correct=False)
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
        label = str(modules.get_option_at_index(modules.get_option_index(module.id)).prompt)
        assert "测验 0分" in label
        wrong = len(quiz.session.questions)
        assert f"错题本 {wrong} 题" in screen_text(app)
        # The same quiz screen serves the next quiz, started afresh.
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is quiz and not quiz.session.results
        assert "第 1/" in screen_text(app)
