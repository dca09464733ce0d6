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
from govtui.core.progress import Profile, ProgressError, ProgressStore, now_iso
from govtui.tui.themes import DEFAULT_THEME, HIGH_CONTRAST, SemanticStyles, redraw_text

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
        Binding("q", "quit", "退出", tooltip="保存并退出 govtui", id="quit", show=False),
        # Help is what a lost trainee looks for: shown in every footer.
        Binding("f1,question_mark", "help", "帮助", key_display="?", tooltip="本页按键和培训计划说明", id="help"),
        Binding("ctrl+p", "command_palette", "命令", show=False),
    ]

    def __init__(
        self, course: Course, data_dir: Path, profile_name: str | None = None, welcome: bool = True
    ) -> None:
        super().__init__()
        self.register_theme(HIGH_CONTRAST)
        self.semantic_styles = SemanticStyles(self)
        self.welcome = welcome
        """Show the first-run welcome to learners who have not seen it (tests turn it off)."""
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
            self.apply_learner_theme()
            return HomeScreen()
        from govtui.tui.screens.profile import ProfileScreen

        return ProfileScreen()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        # The learner's theme may have been set before the subscription (first screen).
        self.semantic_styles.update()
        self.report_new_problems()
        for error in self._damaged:
            self.report_damaged(error)
        if self.profile is not None:
            self.offer_welcome()

    def apply_learner_theme(self) -> None:
        """Switch to the current learner's saved theme (the default for a learner without one)."""
        wanted = self.profile.settings.theme if self.profile else None
        self.theme = wanted if wanted in self.available_themes else DEFAULT_THEME

    def _theme_changed(self, _theme: object) -> None:
        self.semantic_styles.update()
        redraw_text(self)
        profile = self.profile
        if profile is not None and profile.settings.theme != self.theme:
            profile.settings.theme = self.theme
            self.save_profile()

    def offer_welcome(self) -> None:
        """Show the three-page welcome once per learner; seen (or skipped) is saved in their profile."""
        profile = self.profile
        if not self.welcome or profile is None or profile.settings.welcomed_at:
            return
        from govtui.tui.screens.welcome import WelcomeScreen

        def seen(_: object) -> None:
            if self.profile is profile:
                profile.settings.welcomed_at = now_iso()
                self.save_profile()

        self.push_screen(WelcomeScreen(), seen)

    def action_help(self) -> None:
        from govtui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.screen))

    def action_change_theme(self) -> None:
        from textual.command import CommandPalette

        from govtui.tui.commands import ThemeCommands

        self.push_screen(CommandPalette(providers=[ThemeCommands], placeholder="选择主题…"))

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
        self.apply_learner_theme()
        if len(self.screen_stack) > 1 and isinstance(self.screen_stack[-2], HomeScreen):
            self.pop_screen()
        else:
            self.push_screen(HomeScreen())
        self.offer_welcome()

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
