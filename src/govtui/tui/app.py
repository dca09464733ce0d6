"""The govtui Textual application: owns the course, the progress store and the current learner."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from govtui import __version__
from govtui.core.course import Course
from govtui.core.progress import Profile, ProgressError, ProgressStore

if TYPE_CHECKING:
    from govtui.core.search import SearchIndex


class GovtuiApp(App[int]):
    """政府信息公开培训."""

    CSS_PATH = "app.tcss"
    # Only course commands: Textual's system commands (Keys, Maximize, Screenshot…) are English.
    COMMANDS = {lambda: _course_commands()}
    TITLE = "govtui 政府信息公开培训"
    SUB_TITLE = f"v{__version__}"
    BINDINGS = [
        Binding("q", "quit", "退出", tooltip="保存并退出 govtui", id="quit"),
        Binding("ctrl+p", "command_palette", "命令", show=False),
    ]

    def __init__(self, course: Course, data_dir: Path, profile_name: str | None = None) -> None:
        super().__init__()
        self.course = course
        self.store = ProgressStore(data_dir)
        self.profile_name = profile_name
        self.profile: Profile | None = None
        self._damaged: list[ProgressError] = []
        self._problems_reported = 0
        self.rng_seed: int | None = None
        """Fixed seed for shuffling (tests and snapshots); None shuffles differently every time."""

    def get_default_screen(self) -> Screen:
        # The first screen is the default screen, not a pushed one: a push would cost a
        # screen switch before the learner sees anything.
        if self.profile_name:
            from govtui.tui.screens.home import HomeScreen

            self.profile = self._find_or_create(self.profile_name, None)
            return HomeScreen()
        from govtui.tui.screens.profile import ProfileScreen

        return ProfileScreen()

    def on_mount(self) -> None:
        self.report_new_problems()
        for error in self._damaged:
            self.report_damaged(error)

    def _find_or_create(self, name: str, unit_id: str | None) -> Profile:
        try:
            profile = self.store.find(name)
        except ProgressError as exc:
            # The damaged file has been set aside; the learner starts a fresh record.
            if self.is_running:
                self.report_damaged(exc)
            else:
                self._damaged.append(exc)
            profile = None
        if profile is None:
            profile = self.store.create(name, unit_id)
        elif unit_id and not profile.unit_id:
            profile.unit_id = unit_id
            self.store.save(profile)
        return profile

    def open_profile_by_name(self, name: str, unit_id: str | None = None) -> None:
        """Open the named learner's home screen, creating the profile if it is new."""
        self.open_profile(self._find_or_create(name, unit_id))

    def open_profile(self, profile: Profile) -> None:
        """Make `profile` the current learner and show their home screen.

        The profile screen is either the first screen (first run: the home screen is pushed over
        it) or was pushed over a home screen (switching learner: it is popped, and the home screen
        below refreshes for the new learner).
        """
        from govtui.tui.screens.home import HomeScreen

        self.profile = profile
        if len(self.screen_stack) > 1 and isinstance(self.screen_stack[-2], HomeScreen):
            self.pop_screen()
        else:
            self.push_screen(HomeScreen())

    @cached_property
    def search_index(self) -> SearchIndex:
        from govtui.core.search import SearchIndex

        return SearchIndex(self.course)

    def save_profile(self) -> None:
        """Persist the current learner's progress (atomically); failures are shown, not raised."""
        if self.profile is None:
            return
        try:
            self.store.save(self.profile)
        except OSError as exc:
            self.notify(f"学习记录保存失败：{exc.strerror or exc}", severity="error", timeout=15)

    def report_new_problems(self) -> None:
        """Tell the learner about content problems found since the last call (parts load lazily)."""
        new = len(self.course.problems) - self._problems_reported
        if new > 0:
            self._problems_reported = len(self.course.problems)
            first = self.course.problems[-new]
            self.notify(
                f"课程文件有 {new} 个问题，相关内容已跳过（如 {first.path.name}"
                f"{f' 第 {first.line} 行' if first.line else ''}）。运行 govtui check 查看全部。",
                severity="warning",
                timeout=12,
            )

    def action_quit(self) -> None:  # type: ignore[override]
        """q, Ctrl+Q and 退出: progress is saved as it is made, but a running exam or quiz asks first."""
        from govtui.tui.leaving import leave_then

        leave_then(self, "退出程序", self.exit, yes="退出")

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="输入命令、模块名、条号（如 33）或术语…", id="--command-palette"))

    def open_source(self, source: str) -> None:
        from govtui.tui.navigation import open_citation

        open_citation(self, source)

    def action_regulation(self) -> None:
        from govtui.tui.screens.regulation import RegulationScreen

        self.push_screen(RegulationScreen())

    def action_glossary(self) -> None:
        from govtui.tui.screens.glossary import GlossaryScreen

        self.push_screen(GlossaryScreen())

    def action_glossary_term(self, term_id: str) -> None:
        from govtui.tui.screens.glossary import GlossaryScreen

        self.push_screen(GlossaryScreen(focus_term=term_id))

    def action_search(self, query: str = "") -> None:
        from govtui.tui.screens.search import SearchScreen

        self.push_screen(SearchScreen(query))

    def report_damaged(self, exc: ProgressError) -> None:
        self.notify(str(exc), title="学习记录已损坏", severity="error", timeout=20)


def _course_commands() -> type:
    # Imported on first use of the palette, not at start-up.
    from govtui.tui.commands import CourseCommands

    return CourseCommands
