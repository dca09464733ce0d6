"""Guards against Textual crashes found by the monkey test (tests/test_monkey.py).

Each is a narrow wrapper around one Textual method, kept here so an upgrade can drop it; the
monkey test and a focused test in tests/test_robustness.py show whether it is still needed.
"""

from __future__ import annotations

import contextlib

from textual import events, work
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import OptionList

_move_page = OptionList._move_page


def _move_page_once_laid_out(self: OptionList, direction: int) -> None:
    # PageUp/PageDown in a list filled a moment ago (the command palette's results), before it
    # has a size, raised KeyError from `_index_to_line` and ended the app. Until it is laid out
    # there is no page to move by.
    if (self.highlighted or 0) not in self._index_to_line:
        return
    _move_page(self, direction)


_dismiss = Screen.dismiss


def _dismiss_if_active(self: Screen, result: object = None) -> AwaitComplete:
    # Textual's dismiss pops whatever screen is on top. A dialog answered twice before it was
    # gone (Enter, Enter) then popped the screen under it: an exam or quiz vanished, or with only
    # home left, ScreenStackError ended the app. A screen that is no longer on top is done.
    # A pop waiting for the screen to mount (below) leaves it on top meanwhile: answer once.
    if not self.is_active or getattr(self, "_govtui_dismissing", False):
        return AwaitComplete()
    self._govtui_dismissing = True
    return _dismiss(self, result)


_watch_list_visible = CommandPalette._watch__list_visible


def _watch_list_visible_while_open(self: CommandPalette) -> None:
    # The palette's search worker finishing after Esc closed the palette toggled the result list
    # of a palette whose widgets were gone: NoMatches ended the app.
    with contextlib.suppress(NoMatches):
        _watch_list_visible(self)


_gather_commands = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]


@work(exclusive=True, group="--textual-command-palette-gather-commands")
async def _gather_commands_while_open(self: CommandPalette, search_value: str) -> None:
    # A palette closed (or replaced by the theme or module-quiz palette) while its gathering
    # worker ran: the worker's `query_one(CommandList)` raised NoMatches and ended the app.
    with contextlib.suppress(NoMatches):
        await _gather_commands(self, search_value)


_on_key = App._on_key


async def _on_key_with_a_screen(self: App, event: events.Key) -> None:
    # Keys still queued while the app closes its last screen (typing on as it quits) reached the
    # bindings with no screen left: ScreenStackError ended the app with a traceback.
    if not self._screen_stack:
        return
    await _on_key(self, event)


_pop_screen = App.pop_screen


def _pop_screen_once_mounted(self: App) -> AwaitComplete:
    # A key that pops (Esc, an answer in a dialog) can arrive before the screen it closes has
    # run on_mount; on_mount then queried widgets already removed and NoMatches ended the app.
    # Such a pop waits until the screen is up.
    screen = self.screen
    if screen.is_mounted:
        screen._govtui_dismissing = False  # a screen pushed again later may be dismissed again
        return _pop_screen(self)

    def pop_if_still_on_top() -> None:
        if self._screen_stack and self.screen is screen:
            _pop_screen_once_mounted(self)

    self.call_later(pop_if_still_on_top)
    return AwaitComplete()


_screen_dispatch = Screen._dispatch_message


def _on_no_stack(screen: Screen) -> bool:
    try:
        stacks = screen.app._screen_stacks.values()
    except Exception:  # noqa: BLE001 - no app any more: the screen is certainly gone
        return True
    return not any(screen in stack for stack in stacks)


async def _dispatch_while_on_a_stack(self: Screen, message: object) -> None:
    # A screen pushed and popped within a few keys can still receive its Mount (or a timer's
    # message) after its widgets were removed; `query_one` then raised NoMatches and ended the app
    # (ExamListScreen, SearchScreen in the monkey test). A screen on no stack shows nothing, so
    # such a miss is dropped, as is one on a screen being torn down; on a live screen it is still
    # a bug and is raised.
    try:
        await _screen_dispatch(self, message)  # type: ignore[arg-type]
    except NoMatches:
        if not (_on_no_stack(self) or _torn_down(self)):
            raise


def _torn_down(screen: Screen) -> bool:
    # In CI's monkey run a SearchScreen got its Mount with its widgets already gone while still
    # listed on a stack: a screen being closed, or one that is no longer on top by the time its
    # Mount arrives, has nothing on show to update.
    if screen._closing or screen._closed or not screen.is_attached or not screen.children:
        return True
    try:
        return screen.app.screen is not screen  # already covered (or left) when its Mount arrived
    except Exception:  # noqa: BLE001 - no active screen: the app is closing
        return True


def install_textual_fixes() -> None:
    """Apply the guards (idempotent)."""
    OptionList._move_page = _move_page_once_laid_out  # type: ignore[method-assign]
    Screen.dismiss = _dismiss_if_active  # type: ignore[method-assign]
    App.pop_screen = _pop_screen_once_mounted  # type: ignore[method-assign]
    CommandPalette._watch__list_visible = _watch_list_visible_while_open  # type: ignore[method-assign]
    CommandPalette._gather_commands = _gather_commands_while_open  # type: ignore[method-assign]
    App._on_key = _on_key_with_a_screen  # type: ignore[method-assign]
    Screen._dispatch_message = _dispatch_while_on_a_stack  # type: ignore[method-assign]
