"""The title line at the top of every screen: one widget instead of Textual's Header.

Header composes an icon, a title and a clock space (three widgets, each styled on every screen
push); govtui shows neither icon nor clock, so one Static carries the same text.
"""

from __future__ import annotations

import contextlib

from textual.content import Content
from textual.dom import NoScreen
from textual.widgets import Static


class TitleBar(Static):
    """The app's title and the screen's title / sub-title, as Header showed them (`App.format_title`)."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        content-align: center middle;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", markup=False, id=id, classes=classes)

    def on_mount(self) -> None:
        screen = self.screen
        # Screens change `sub_title` at run time (the reader's 第 3/12 节 · 已读 23%).
        for node in (self.app, screen):
            self.watch(node, "title", self.show_title, init=False)
            self.watch(node, "sub_title", self.show_title, init=False)
        self.show_title()

    def on_unmount(self) -> None:
        # Textual drops a watcher whose widget is gone only when the watched value next changes,
        # and the app's title never does: every closed screen's title line stayed alive on the
        # app's watcher list (`Widget.watch` has no counterpart to stop watching).
        watchers = getattr(self.app, "__watchers", {})
        for name in ("title", "sub_title"):
            if name in watchers:
                watchers[name][:] = [(node, callback) for node, callback in watchers[name] if node is not self]

    def title_text(self) -> Content:
        """The text shown: the screen's title (else the app's), then its sub-title, dimmed."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def show_title(self) -> None:
        # A title change can reach a bar whose screen was just popped: nothing is on show then.
        with contextlib.suppress(NoScreen):
            # One line, always: a repaint, not a relayout of the screen (the reader scrolls often).
            self.update(self.title_text(), layout=False)
