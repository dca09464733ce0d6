"""Leaving a running exam or quiz: every way out (Esc, quit, the palette, starting another one)
asks the same question, with the safe choice as default.

A mock exam is timed and closed-book, so nothing may open over it; a quiz lets reference screens
(articles, terms, modules) open over it, as its own 出处 key does, but asks before anything that
ends it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.screen import Screen

KEEP_GOING = "继续答题"


class RunningWork:
    """Mixed into screens whose work ends when the trainee leaves them (exam, quiz)."""

    closed_book = False
    """True when nothing may open over the screen (a timed exam)."""

    leave_label = "结束"
    """The destructive button: 放弃考试, 结束测验, 结束练习."""

    def leave_question(self, doing: str) -> str | None:
        """What `doing` (e.g. "退出程序") would end, as a question; None when nothing would be lost."""
        raise NotImplementedError

    def abandon(self) -> None:
        """Stop the work without recording it (timers, pending answers)."""


def running_work(app: App) -> RunningWork | None:
    """The topmost screen whose work leaving would end, if any."""
    for screen in reversed(app.screen_stack):
        if isinstance(screen, RunningWork) and screen.leave_question("") is not None:
            return screen
    return None


def leave_then(
    app: App,
    doing: str,
    then: Callable[[], object],
    *,
    opens_over: bool = False,
    yes: str | None = None,
) -> None:
    """Run `then` once a running exam or quiz, if any, has been left with the trainee's consent.

    `opens_over`: `then` only opens a screen over the current one, which a quiz allows.
    `yes`: the destructive button (default: the work's own, e.g. 放弃考试).
    """
    from govtui.tui.screens.confirm import ConfirmDialog

    work = running_work(app)
    if work is None or (opens_over and not work.closed_book):
        then()
        return
    question = work.leave_question(doing)
    if question is None:  # pragma: no cover - running_work only returns work with a question
        then()
        return
    if isinstance(app.screen, ConfirmDialog):
        # A second way out while one question is open (Ctrl+Q over 放弃?): ask only the newest.
        app.pop_screen()

    def answered(confirmed: bool | None) -> None:
        if not confirmed:
            return
        work.abandon()
        if isinstance(work, Screen):
            while work in app.screen_stack and len(app.screen_stack) > 1:
                app.pop_screen()
        then()

    app.push_screen(ConfirmDialog(question, yes or work.leave_label, KEEP_GOING), answered)
