"""Import the screens a trainee opens next while home sits idle, off the interface thread.

Screens are imported where they are first opened so that start-up stays close to a bare Textual
app. The first opening of each then paid for its imports inside the key press: the reader 48 ms
(then markdown-it, Rich's Markdown and its syntax highlighter; since issue 15 our own small
Markdown, core/markdown_blocks.py), the exam and the self-check about 35 ms
each, on an idle machine. Importing them on a thread once home has been painted moves that cost
into time nobody waits on; Python's import lock makes a key that needs a module while it is being
imported simply wait for it, as it would have anyway.
"""

from __future__ import annotations

import importlib

NEXT_SCREENS = (
    "govtui.tui.screens.reader",
    "govtui.tui.screens.quiz",
    "govtui.tui.screens.exam",
    "govtui.tui.screens.review",
    "govtui.tui.screens.search",
    "govtui.tui.screens.regulation",
    "govtui.tui.screens.selfcheck",
    "govtui.tui.screens.notebook",
    "govtui.tui.screens.help",
)
"""In the order a trainee usually needs them (read, test, review, look up, self-check)."""

DELAY_SECONDS = 0.1
"""After home's first paint (its marker and first toasts come first)."""


def import_next_screens(modules: tuple[str, ...] = NEXT_SCREENS, freeze: bool = False) -> list[str]:
    """Import `modules`; returns those that failed (an import error shows when the screen opens).

    `freeze`: then move what exists out of the collector's full passes (see GovtuiApp's
    `owns_collector`); modules live as long as the process."""
    import gc

    failed = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - surfaced where the screen is opened, with its context
            failed.append(name)
    if freeze:
        gc.freeze()
    return failed
