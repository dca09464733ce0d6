"""The govtui Textual application: owns the course, the progress store and the current learner."""

from __future__ import annotations

import contextlib
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from govtui import __version__
from govtui.core.course import Course
from govtui.core.errors import os_error_text
from govtui.core.locks import RecordLock
from govtui.core.profile_writer import ProfileWriter
from govtui.core.progress import PendingSave, Profile, ProgressError, ProgressStore, now_iso
from govtui.tui.fixes import install_textual_fixes
from govtui.tui.lean_strips import install_lean_strips
from govtui.tui.retention import install_retention_fixes
from govtui.tui.text import install_line_breaking
from govtui.tui.themes import DEFAULT_THEME, HIGH_CONTRAST, SemanticStyles, redraw_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.worker import Worker

    from govtui.core.search import SearchIndex
    from govtui.tui.collector import IdleCollector


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
        install_line_breaking()
        install_textual_fixes()
        install_lean_strips()
        install_retention_fixes()
        self.course = course
        self.store = ProgressStore(data_dir)
        self.profile_writer = ProfileWriter(self.store.profile_dir, self._write_failed)
        """Saves after answers are written off the interface thread, in order (core/profile_writer.py)."""
        self.profile_name = profile_name
        self.profile: Profile | None = None
        self._damaged: list[ProgressError] = []
        self._lock: RecordLock | None = None
        self._read_only_told = False
        self._journal_told: Profile | None = None
        self._first_screen_up = False
        self._problems_reported = 0
        self.collect_after_first_paint = False
        """tui_start.run_tui paused the cyclic garbage collector for the start-up: resume it after home's paint."""
        self.owns_collector = False
        """This window is its process's only one (set by tui_start.run_tui): after home's paint, move
        start-up's objects out of the collector's reach (`gc.freeze`) and run full collections when
        the trainee is idle (tui/collector.py). Not by default, because a test process runs hundreds
        of apps, frozen objects are never freed, and the collector's thresholds are process-wide."""
        self.collector: IdleCollector | None = None
        self.prewarm_worker: Worker | None = None
        """Imports the next screens after home's first paint (benchmarks wait for it, as for the banks)."""
        self.rng_seed: int | None = None
        """Fixed seed for shuffling (tests and snapshots); None shuffles differently every time."""

    def get_default_screen(self) -> Screen:
        # The first screen is the default screen, not a pushed one: a push would cost a
        # screen switch before the learner sees anything.
        if self.profile_name:
            from govtui.tui.screens.home import HomeScreen

            self.profile = self._hold(self._find_or_create(self.profile_name, None))
            self.apply_learner_theme()
            return HomeScreen()
        from govtui.tui.screens.profile import ProfileScreen

        return ProfileScreen()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        # The learner's theme may have been set before the subscription (first screen).
        self.semantic_styles.update()
        self.report_new_problems()
        # After the first screen is up: a dialog pushed earlier would sit beneath it.
        self.call_after_refresh(self._after_first_screen)

    def _after_first_screen(self) -> None:
        self._first_screen_up = True
        _bench_marker(self)
        import gc

        if self.collect_after_first_paint:
            gc.enable()  # paused by tui_start.run_tui for the start-up
        if self.owns_collector:
            # What exists now (Textual, the course, the learner) lives as long as the window: kept out
            # of the collector's full passes, which walked it all and paused keys for up to 80 ms.
            gc.freeze()
            from govtui.tui.collector import CHECK_SECONDS, IdleCollector

            self.collector = IdleCollector()
            self.collector.install()
            self.set_interval(CHECK_SECONDS, self.collector.tick)
        for error in self._damaged:
            self.report_damaged(error)
        self._damaged.clear()
        self.store.clean_orphans()
        self._tell_read_only()
        if self.profile is not None:
            self.offer_welcome()
        from govtui.tui import prewarm

        self.set_timer(prewarm.DELAY_SECONDS, self._prewarm)

    def _prewarm(self) -> None:
        from govtui.tui import prewarm

        # A thread worker: the imports run while the trainee reads home (tui/prewarm.py).
        freeze = self.owns_collector

        def warm() -> None:
            disk = self.profile.disk if self.profile is not None else None
            if disk is not None:
                disk.base  # noqa: B018  (the digest the first answer's save needs: hashed here, not in its key)
            prewarm.import_next_screens(freeze=freeze)
            # The search index too: built on the first `/` it held the interpreter while the
            # search screen was being laid out (the first open took twice as long).
            self.search_index  # noqa: B018
            # And the quiz screen, composed and mounted (on the interface thread) before the
            # first quiz instead of inside its key.
            from govtui.tui.screens.quiz import prepare_quiz_screen

            self.call_from_thread(prepare_quiz_screen, self)
            from govtui.tui.screens.reader import prepare_reader_screen

            self.call_from_thread(prepare_reader_screen, self)
            from govtui.tui.screens.regulation import (
                prepare_article_screen,
                prepare_regulation_screen,
            )

            self.call_from_thread(prepare_regulation_screen, self)
            self.call_from_thread(prepare_article_screen, self)
            from govtui.tui.screens.search import prepare_search_screen

            self.call_from_thread(prepare_search_screen, self)
            self.course.checklist  # noqa: B018 - loaded here, off the interface thread
            from govtui.tui.screens.selfcheck import prepare_selfcheck_screen

            self.call_from_thread(prepare_selfcheck_screen, self)
            if freeze:
                # The index and the prepared screens live as long as the window, as start-up's
                # objects do: the collector's full passes need not walk them (about 15,000 objects).
                import gc

                gc.freeze()

        self.prewarm_worker = self.run_worker(warm, thread=True, group="prewarm", exit_on_error=False)

    def _prune(self, *nodes, parent=None):  # type: ignore[no-untyped-def] - Textual's own signature
        """Removing a closed screen does not lay out the screen now shown again.

        Textual ends the removal of any node with a relayout of its parent; a screen's parent is
        the app, whose relayout is one of the current screen: one more layout and full repaint
        (`benchmarks/frames.py back`: a third paint about 30 ms after Esc) of a screen that the
        pop has already repainted, and laid out if the terminal's size changed meanwhile
        (`Screen._on_screen_resume`). What the mouse is over is still updated."""
        if parent is self and nodes and all(isinstance(node, Screen) for node in nodes):
            removed = super()._prune(*nodes, parent=None)
            if self._screen_stack and self.screen._running:
                self._update_mouse_over(self.screen)
            return removed
        return super()._prune(*nodes, parent=parent)

    def _hold(self, profile: Profile) -> Profile:
        """Lock the learner's record for this window; a second window gets a read-only view."""
        if self._lock is not None:
            if self.profile is not None and self.profile.id != profile.id:
                self._fold_journal()  # (a restored backup of the same learner must not be overwritten)
            self._lock.release()
            self._lock = None
        if profile.read_only:
            return profile
        self._lock = self.store.lock(profile.id)
        if self._lock is None:
            profile.read_only = (
                f"{profile.name} 的学习记录已在另一个窗口打开。本窗口只读，不会保存任何更改；"
                "请回到那个窗口继续，或关闭它后重新打开。"
            )
        self._read_only_told = False
        return profile

    def _tell_read_only(self) -> None:
        if self.profile is not None and self.profile.journal_note and self._journal_told is not self.profile:
            self._journal_told = self.profile
            self.notify(Text(self.profile.journal_note), title="学习记录", severity="warning", timeout=20)
        if self.profile is not None and self.profile.read_only and not self._read_only_told:
            self._read_only_told = True
            self.notify(Text(self.profile.read_only), title="只读", severity="warning", timeout=20)

    async def on_event(self, event: events.Event) -> None:
        if self.collector is not None and isinstance(event, events.InputEvent):
            self.collector.input_seen()
        await super().on_event(event)

    def on_unmount(self) -> None:
        if self.collector is not None:
            self.collector.uninstall()
        # Every save handed to the writer reaches the disk before the window closes.
        self.profile_writer.close()
        if self._lock is not None:
            self._fold_journal()
            self._lock.release()

    def _fold_journal(self) -> None:
        """Answers saved to the journal go into the main file while the lock is still held.

        If this fails, the journal keeps them and the next session folds them in.
        """
        if self.profile is not None:
            self.profile_writer.flush()
            with contextlib.suppress(OSError):
                self.store.compact(self.profile)

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
            if self._first_screen_up:
                self.report_damaged(exc)
            else:
                self._damaged.append(exc)
            profile = None
        if profile is None:
            profile = self._create(name, unit_id)
        elif unit_id and not profile.unit_id:
            profile.unit_id = unit_id
            self.save_profile_of(profile)
        return profile

    def _create(self, name: str, unit_id: str | None) -> Profile:
        """A new learner record; when none can be written, an unsaved one that says why."""
        from govtui.core.progress import now_iso, profile_id_for

        def unsaved(reason: str) -> Profile:
            profile = Profile(profile_id_for(name), name.strip() or "未命名", unit_id, now_iso())
            profile.read_only = reason
            return profile

        if self.store.path_for(profile_id_for(name)).exists():
            # An unreadable file that could not be moved aside (or a newer govtui's): never overwrite it.
            return unsaved(f"{name} 的学习记录文件无法读取，也未能移开；为免覆盖，本次学习不会保存。")
        try:
            return self.store.create(name, unit_id)
        except OSError as exc:
            return unsaved(f"无法创建学习记录（{os_error_text(exc)}）：本次学习不会保存。")
        except ValueError as exc:
            return unsaved(f"{exc}：本次学习不会保存。")

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

        self.profile = self._hold(profile)
        self._tell_read_only()
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

    def save_profile(self, wait: bool = False) -> None:
        """Persist the current learner's progress (atomically); failures are shown, not raised.

        The write happens on a background thread, in order with earlier saves; `wait` returns
        only once it is on disk (and a failure shown).
        """
        if self.profile is not None:
            self.save_profile_of(self.profile, wait)

    def save_profile_of(self, profile: Profile, wait: bool = False) -> None:
        try:
            pending = self.store.prepare_save(profile)
        except OSError as exc:
            self._tell_save_failed(exc)
            return
        if pending is None:
            self._tell_read_only()
            return
        self.profile_writer.submit(pending)
        if wait:
            self.profile_writer.flush()

    def _write_failed(self, _pending: PendingSave, exc: Exception) -> None:
        # On the writer thread: hand the message to the interface thread without waiting for it
        # (the interface thread may itself be waiting for the writer in `flush`).
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._tell_save_failed, exc)

    def _tell_save_failed(self, exc: Exception) -> None:
        reason = os_error_text(exc) if isinstance(exc, OSError) else str(exc)
        self.notify(Text(f"学习记录保存失败：{reason}"), severity="error", timeout=15)

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

    def notify(self, message: str, *, markup: bool = False, **options) -> None:  # type: ignore[override]
        """Toasts show their text literally: messages carry names, paths and content (``李[/]``).

        Textual parses toast text as markup by default (and `Widget.notify` asks for it), so a
        learner or agency name with brackets showed wrongly or ended the app with a MarkupError.
        """
        from govtui.core.escape import visible

        # A toast takes plain text (Textual builds its own Content from it): a rich Text given
        # here crashed the app when the toast was drawn.
        plain = message.plain if isinstance(message, Text) else str(message)
        super().notify(visible(plain), markup=False, **options)
    def action_quit(self) -> None:  # type: ignore[override]
        """q, Ctrl+Q and 退出: progress is saved as it is made, but a running exam or quiz asks first."""
        from govtui.tui.leaving import leave_then

        leave_then(self, "退出程序", self.exit, yes="退出")

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        # Ctrl+P twice in quick succession (or Esc, Ctrl+P) once pushed a second palette while the
        # first was still mounted or leaving, with the same fixed id: DuplicateIds ended the app.
        # Hence no id, and no second palette anywhere in the stack.
        if not any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
            self.push_screen(CommandPalette(placeholder="输入命令、模块名、条号（如 33）或术语…"))

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies); say how to, in Chinese (Textual's own hint is English)."""
        keys = sorted(
            {
                "Ctrl+" + key.removeprefix("ctrl+").upper() if key.startswith("ctrl+") else key
                for key, active in self.active_bindings.items()
                if active.binding.action.removeprefix("app.").endswith("quit") and active.binding.action != "help_quit"
            },
            key=len,
        )
        how = " 或 ".join(keys) or "Ctrl+Q"
        self.notify(f"按 {how} 退出 govtui", title="要退出吗？")

    def open_source(self, source: str) -> None:
        from govtui.tui.navigation import open_citation

        open_citation(self, source)

    def push_kept(self, name: str, make: Callable[[], Screen], reuse: Callable[[Screen], None] | None = None) -> Screen:
        """Push the screen kept under `name`, made on its first use; returns the screen pushed.

        Screens are built once and kept (installed): composing and styling them again was most
        of the time to open them. `reuse` readies the kept screen for this opening (a new quiz on
        the quiz screen); without it the screen is shown as it was left. If the kept one is
        already open further down, a new one is pushed.
        """
        if not self.is_screen_installed(name):
            screen = make()
            self.install_screen(screen, name)
        else:
            screen = self.get_screen(name)
            if screen in self.screen_stack:
                screen = make()
            elif reuse is not None:
                reuse(screen)
        self.push_screen(screen)
        return screen

    def prepare_kept(self, name: str, make: Callable[[], Screen]) -> None:
        """Compose and mount the screen kept under `name` before its first use, without showing it
        (the idle-time preparation of tui/prewarm.py); `push_kept` then shows that screen."""
        if not self.is_screen_installed(name):
            self.install_screen(make(), name)
            self._get_screen(name)  # registers and mounts it, as push_screen would first

    def action_regulation(self) -> None:
        from govtui.tui.screens.regulation import REGULATION_SCREEN, RegulationScreen

        self.push_kept(REGULATION_SCREEN, RegulationScreen)

    def action_glossary(self) -> None:
        from govtui.tui.screens.glossary import GlossaryScreen

        self.push_screen(GlossaryScreen())

    def action_glossary_term(self, term_id: str) -> None:
        from govtui.tui.screens.glossary import GlossaryScreen

        self.push_screen(GlossaryScreen(focus_term=term_id))

    def action_search(self, query: str = "") -> None:
        from govtui.tui.screens.search import push_search

        push_search(self, query)

    def action_deadline(self) -> None:
        from govtui.tui.screens.deadline import DeadlineScreen

        self.push_screen(DeadlineScreen())

    def action_cases(self) -> None:
        from govtui.tui.screens.cases import CaseListScreen

        self.push_screen(CaseListScreen())

    def action_fee(self) -> None:
        from govtui.tui.screens.fee import FeeScreen

        self.push_screen(FeeScreen())

    def report_damaged(self, exc: ProgressError) -> None:
        title = "学习记录已损坏" if exc.kept_at else "学习记录无法读取"
        self.notify(Text(str(exc)), title=title, severity="error", timeout=20)
        if exc.backup is not None and exc.kept_at is not None:
            self._offer_backup(exc)

    def _offer_backup(self, exc: ProgressError) -> None:
        from govtui.core import clock
        from govtui.tui.screens.confirm import ConfirmDialog

        backup = exc.backup
        assert backup is not None
        when = clock.local_minute_text(clock.parse_instant(_backup_time(backup))) if _backup_time(backup) else ""
        question = (
            f"学习记录 {exc.path.name} 已损坏（已原样保留为 {exc.kept_at.name if exc.kept_at else ''}）。"
            f"是否用最近的备份（{when or backup.name}）恢复？恢复后，该备份之后的学习记录无法找回。"
        )

        def restore(yes: bool | None) -> None:
            if not yes:
                return
            try:
                restored = self.store.restore(backup, exc.path.stem)
            except (OSError, ProgressError) as error:
                self.notify(Text(f"恢复失败：{error}"), severity="error", timeout=15)
                return
            if self.profile is not None and self.profile.id == restored.id:
                self.profile = self._hold(restored)
                if hasattr(self.screen, "refresh_plan"):
                    self.screen.refresh_plan()
            self.notify(Text(f"已从备份恢复 {restored.name} 的学习记录"), timeout=8)

        self.push_screen(ConfirmDialog(question, yes="恢复备份", no="不恢复"), restore)


def _bench_marker(app: App) -> None:
    """benchmarks/run.py times start-up to the first complete paint: say when it is done.

    The marker is a terminal title sequence (invisible) written after the first screen's paint.
    """
    import os

    marker = os.environ.get("GOVTUI_BENCH_MARKER")
    driver = app._driver
    if marker and driver is not None:
        driver.write(f"\x1b]2;{marker}\x07")
        driver.flush()


def _backup_time(backup: Path) -> str | None:
    """The local time in a backup's name (`p-…-20261201-073000.toml`) as an ISO stamp, if any."""
    import re

    found = re.search(r"(\d{8})-(\d{6})\.toml$", backup.name)
    if not found:
        return None
    day, hour = found.groups()
    return f"{day[:4]}-{day[4:6]}-{day[6:]}T{hour[:2]}:{hour[2:4]}:{hour[4:]}"


def _course_commands() -> type:
    # Imported on first use of the palette, not at start-up.
    from govtui.tui.commands import CourseCommands

    return CourseCommands
