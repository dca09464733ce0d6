"""Textual references that kept closed screens alive, each cut where it is made.

A screen popped for good should be freed with its widgets and everything they rendered (each
line a `Strip` of about 1 KiB with its caches). Two references inside Textual 8 outlived it
(found with gc.get_referrers after visiting every screen, `benchmarks/run.py` memory part):

- `StylesCache.get_inner_outer` is an `lru_cache` on a method, so every widget's StylesCache was
  part of a cache key, and with it every line it had rendered: up to 1,024 widgets' worth.
- A thread worker sets `active_worker` in the pool thread's own context and never resets it:
  the idle thread kept the worker, the screen that started it and all that screen's widgets
  until another thread worker happened to run on the same thread.

And a closed screen is freed only by the collector's full pass (its widgets refer to each other),
which comes seldom once start-up's objects are frozen (`gc.freeze`): the lines its widgets had
rendered waited with it, while the next screen was built. A widget's last step now drops them
(its styles cache, its Textual caches such as an OptionList's rendered options, its wrapped
lines), so they are freed at once.

All of this is plain memory: what is shown and when is unchanged. tests/test_retention.py checks
that a closed screen's lines are freed and nothing keeps the screen, so an upgrade that changes
any of it fails loudly.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import lru_cache, wraps

from textual._styles_cache import StylesCache
from textual.cache import FIFOCache, LRUCache
from textual.color import Color
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget
from textual.worker import Worker, active_worker


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    # Textual's own body (StylesCache.get_inner_outer), keyed by the colours alone.
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(self: StylesCache, base_background: Color, background: Color) -> tuple[Style, Style]:
    return _inner_outer(base_background, background)


def _forgetting_worker(work: Callable[[], object]) -> Callable[[], object]:
    @wraps(work)
    def run() -> object:
        try:
            return work()
        finally:
            # Set by Textual in this pool thread's context just before `work` (Worker._run_threaded).
            active_worker.set(None)  # type: ignore[arg-type]

    return run


_run_threaded = Worker._run_threaded


async def _run_threaded_then_forget(self: Worker) -> object:
    work = self._work
    is_async = inspect.iscoroutinefunction(work) or inspect.iscoroutinefunction(getattr(work, "func", None))
    if callable(work) and not is_async and not inspect.isawaitable(work):
        self._work = _forgetting_worker(work)
    return await _run_threaded(self)


_message_loop_exit = Widget._message_loop_exit


async def _message_loop_exit_dropping_lines(self: Widget) -> None:
    await _message_loop_exit(self)  # the widget is removed for good: nothing renders it again
    self._styles_cache.clear()
    attributes = vars(self)
    for name, value in list(attributes.items()):
        if isinstance(value, LRUCache | FIFOCache):
            value.clear()  # OptionList's rendered options, among others
        elif isinstance(value, list) and value and isinstance(value[0], Strip):
            attributes[name] = []  # wrapped lines (TextPane)


def install_retention_fixes() -> None:
    """Apply the three (idempotent)."""
    StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[assignment, method-assign]
    Worker._run_threaded = _run_threaded_then_forget  # type: ignore[method-assign]
    Widget._message_loop_exit = _message_loop_exit_dropping_lines  # type: ignore[method-assign]

