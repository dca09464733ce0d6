"""Agency self-check (自查) in the TUI: sessions, the walk through the checklist, the result."""

from __future__ import annotations

import contextlib

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Input,
    Label,
    OptionList,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from govtui.core import clock
from govtui.core.dates import parse_typed_date
from govtui.core.errors import os_error_text
from govtui.core.locks import RecordLock
from govtui.core.selfcheck import (
    STATUS_NAMES,
    CheckItem,
    Checklist,
    SelfCheckError,
    SelfCheckSession,
    SelfCheckStore,
    compare,
    new_session,
    score_session,
    unassessed_items,
)
from govtui.core.selfcheck_file import MAX_EVIDENCE_CHARS, MAX_EVIDENCE_ITEMS, MAX_NOTE_CHARS
from govtui.core.sources import describe
from govtui.tui.downloads import export_written
from govtui.tui.navigation import open_sources
from govtui.tui.next_step import NEXT_STEP_BINDING, NEXT_STEP_KEY, module_quiz_ids, suggested_step
from govtui.tui.text import Hanging
from govtui.tui.widgets.choice import ChoiceSelect
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.next_step import NextStepLine
from govtui.tui.widgets.option_list import SteadyOptionList
from govtui.tui.widgets.steady import OneFrameScreen, focus_now
from govtui.tui.widgets.text_pane import TextPane
from govtui.tui.widgets.title_bar import TitleBar

STATUS_STYLES = {"compliant": "good", "partial": "warn", "noncompliant": "bad", "na": "muted"}
AREA_PREFIX = "area:"
STATUS_CELLS = max(cell_len(name) for name in STATUS_NAMES.values())


def score_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


UNASSESSED_SHOWN = 6
"""How many unassessed items the finish confirmation names; the rest are counted."""


def short_point(item: CheckItem, width: int = 24) -> str:
    """An item as trainees know it, by its 评估点 (ids are for files and exports)."""
    return item.point if len(item.point) <= width else item.point[: width - 1] + "…"


def short_area(checklist: Checklist, area: str) -> str:
    """主动公开（专栏、目录、时限、法定内容） → 主动公开."""
    return checklist.area_name(area).split("（")[0]


def unassessed_question(checklist: Checklist, items: list[CheckItem]) -> str:
    """The finish confirmation: what is not assessed yet, by area and point."""
    lines = [f"还有 {len(items)} 项未评估，未评估的项目不计入得分："]
    for item in items[:UNASSESSED_SHOWN]:
        lines.append(f"· {short_area(checklist, item.area)}：{short_point(item)}")
    if len(items) > UNASSESSED_SHOWN:
        lines.append(f"……另有 {len(items) - UNASSESSED_SHOWN} 项")
    lines.append("仍要标记为完成吗？（完成后不能修改，可再按 f 重新打开）")
    return "\n".join(lines)


def store_for(app) -> SelfCheckStore:
    return SelfCheckStore(app.store.data_dir)


class AreaBars:
    """Each area's name on its own line (names run to 30 characters), then its score as a bar
    as wide as the pane and the count of assessed items."""

    COUNT_CELLS = 12

    def __init__(self, rows: tuple[tuple[str, float | None, int, int], ...]) -> None:
        self.rows = rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        bar = max(4, options.max_width - self.COUNT_CELLS)
        lines = Text()
        for index, (name, score, assessed, total) in enumerate(self.rows):
            if index:
                lines.append("\n")
            lines.append(name + "\n")
            filled = round(bar * (score or 0) / 100)
            lines.append("━" * filled, style="good")
            lines.append("━" * (bar - filled), style="muted")
            lines.append(f" {score_text(score)} ({assessed}/{total})".ljust(self.COUNT_CELLS))
        yield lines

    def __str__(self) -> str:
        return "\n".join(f"{name}\n{score_text(score)} ({assessed}/{total})" for name, score, assessed, total in self.rows)


SELFCHECK_SCREEN = "selfcheck"
"""The name the kept list of sessions is installed under (`GovtuiApp.push_kept`)."""


def prepare_selfcheck_screen(app) -> None:
    """Compose, fill and render the kept list of self-check sessions while home sits idle.

    Composing and styling the screen and filling the list was most of the first `c` (about 45 ms
    of CPU; `python benchmarks/frames.py selfcheck --fresh`). Needs the checklist (loaded here,
    in idle time, if it is not yet)."""
    if app.course.checklist is not None:
        app.prepare_kept(SELFCHECK_SCREEN, SelfCheckListScreen)


def push_selfcheck_list(app) -> None:
    app.push_kept(SELFCHECK_SCREEN, SelfCheckListScreen)


def _sessions_on_disk(app) -> tuple[tuple[str, int, int], ...]:
    """Name, size and change time of each session file: what the list shows changes only with them."""
    folder = store_for(app).folder
    found = []
    with contextlib.suppress(OSError):
        for path in folder.glob("sc-*.toml"):
            with contextlib.suppress(OSError):
                stat = path.stat()
                found.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


class SelfCheckListScreen(OneFrameScreen, Screen[None]):
    """自查：历次自查与新建."""

    RENDER_AHEAD = True  # prepared filled in idle time (prepare_selfcheck_screen)

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("n", "new", "新建自查"),
    ]

    listed: tuple[tuple[str, int, int], ...] | None = None
    """The session files the list was filled from (`_sessions_on_disk`); None: not filled yet."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text("机关自查（回车打开或继续；n 新建）"), classes="screen-title")
        yield SteadyOptionList(id="sessions")
        yield KeyBar()

    def on_mount(self) -> None:
        if not self.is_current:  # prepared ahead (prepare_selfcheck_screen): filled, then rendered
            self.show_sessions()

    def on_screen_resume(self) -> None:
        # Sessions made, changed or deleted since (here, in another window, by `govtui selfcheck`)
        # are shown: the list is filled anew when their files changed, which a few stats tell.
        self.show_sessions()
        option_list = self.query_one("#sessions", OptionList)
        if option_list.highlighted is not None:
            option_list.highlighted = 0  # as a list filled anew: the newest session first
        if option_list.scroll_y:
            option_list.scroll_home(animate=False, immediate=True)
        if self.focused is not option_list:  # a dialog or the screen above may have taken it
            focus_now(option_list)

    def show_sessions(self) -> None:
        on_disk = _sessions_on_disk(self.app)
        if on_disk == self.listed:
            return
        self.listed = on_disk
        self.relayout()  # this frame takes the list's change (OneFrameScreen)
        checklist = self.app.course.checklist
        sessions, errors = store_for(self.app).list()
        for error in errors:
            self.notify(str(error), title="自查记录已损坏", severity="error", timeout=20)
        option_list = self.query_one("#sessions", OptionList)
        option_list.clear_options()
        for session in reversed(sessions):
            report = score_session(checklist, session)
            state = "已完成" if session.finished_at else "进行中"
            label = Text(f"{session.agency} · {checklist.level_name(session.level)}", style="bold")
            label.append(
                f"\n    {session.date} · 得分 {score_text(report.score)} · 已评 {report.assessed}/{report.total}"
                f" · 不适用 {report.not_applicable} · {state}",
                style="not bold",
            )
            option_list.add_option(Option(label, id=session.id))
        if not sessions:
            option_list.add_option(Option(Text.assemble(("还没有自查记录。按 n 新建。", "muted")), disabled=True))
        else:
            option_list.highlighted = 0
        option_list.focus()

    def action_new(self) -> None:
        self.app.push_screen(SelfCheckStartScreen())

    @on(OptionList.OptionSelected, "#sessions")
    def open_session(self, event: OptionList.OptionSelected) -> None:
        try:
            session = store_for(self.app).load(event.option_id or "")
        except (SelfCheckError, FileNotFoundError) as exc:
            self.notify(str(exc), severity="error")
            return
        if not self.app.course.checklist.items_for(session.level):
            self.notify(f"自查清单中没有适用于机关类型“{session.level}”的检查项，无法打开这次自查。", severity="error")
            return
        self.app.push_screen(SelfCheckScreen(session))


class SelfCheckStartScreen(Screen[None]):
    """新建自查：机关、类型、日期、参加人员."""

    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def compose(self) -> ComposeResult:
        checklist = self.app.course.checklist
        yield TitleBar()
        with VerticalScroll(id="selfcheck-start"):
            yield Static(Text("新建自查"), classes="screen-title")
            yield Label("机关名称")
            yield Input(placeholder="如：某某镇人民政府", id="agency", max_length=200)
            yield Label("机关类型")
            yield ChoiceSelect(
                [(lv.name, lv.id) for lv in checklist.levels],
                value=checklist.levels[0].id,
                allow_blank=False,
                id="level",
            )
            yield Label("自查日期（如 2026-11-26，也可写 2026/11/26 或 2026年11月26日）")
            yield Input(value=clock.today().isoformat(), id="date")
            yield Label("参加人员（用逗号或顿号分隔）")
            yield Input(placeholder="张三、李四", id="participants", max_length=2000)
            yield Button("开始自查", id="begin", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#agency", Input).focus()

    @on(Input.Submitted, "#agency")
    def agency_entered(self) -> None:
        self.query_one("#level", Select).focus()

    @on(ChoiceSelect.Picked, "#level")
    def level_chosen(self) -> None:
        self.query_one("#date", Input).focus()

    @on(Input.Submitted, "#date")
    def date_entered(self) -> None:
        self.query_one("#participants", Input).focus()

    @on(Input.Submitted, "#participants")
    def participants_entered(self) -> None:
        self.begin()

    def refuse(self, field: str, message: str) -> None:
        """Say what is wrong and put the cursor where it can be put right."""
        self.notify(message, severity="warning")
        self.query_one(f"#{field}").focus()

    @on(Button.Pressed, "#begin")
    def begin(self) -> None:
        agency = self.query_one("#agency", Input).value.strip()
        level = self.query_one("#level", Select).value
        raw_date = self.query_one("#date", Input).value.strip()
        if not agency:
            self.refuse("agency", "请填写机关名称")
            return
        if not isinstance(level, str):
            self.refuse("level", "请选择机关类型")
            return
        try:
            when = parse_typed_date(raw_date)
        except ValueError as exc:
            self.refuse("date", str(exc))
            return
        today = clock.today()
        if when > today:
            self.refuse("date", f"自查日期不能晚于今天（{today.isoformat()}）")
            return
        text = self.query_one("#participants", Input).value
        participants = [p.strip() for p in text.replace("、", ",").replace("，", ",").split(",") if p.strip()]
        session = new_session(agency, level, participants, when, self.app.course.checklist.version)
        try:
            store_for(self.app).save(session)
        except OSError as exc:
            self.notify(f"无法保存自查记录：{os_error_text(exc)}", severity="error", timeout=15)
            return
        self.app.switch_screen(SelfCheckScreen(session))


class SelfCheckScreen(Screen[None]):
    """自查进行中：逐项评估，实时得分，每次修改自动保存."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("1", "mark('compliant')", "符合"),
        Binding("2", "mark('partial')", "基本符合"),
        Binding("3", "mark('noncompliant')", "不符合"),
        Binding("4", "mark('na')", "不适用"),
        Binding("z", "evidence", "佐证", tooltip="添加佐证材料"),
        Binding("Z", "remove_evidence", "删除最后一条佐证", show=False),
        Binding("b", "notes", "备注", show=False),
        Binding("a", "next_area", "下一领域", show=False),
        Binding("j", "result", "结果", tooltip="得分、整改清单、导出"),
        Binding("o", "open_basis", "法律依据", show=False),
    ]

    def __init__(self, session: SelfCheckSession) -> None:
        super().__init__()
        self.session = session
        self.checklist = self.app.course.checklist
        self.items = self.checklist.items_for(session.level)
        self.save_failed = False
        if session.checklist_version < self.checklist.version and not any(m.status for m in session.marks.values()):
            # Nothing was marked against the older checklist, so nothing changed under this session.
            session.checklist_version = self.checklist.version
        # Items changed since the checklist version this session was started with.
        self.changes = self.checklist.changes_since(session.checklist_version, session.level)
        self.changed_ids = {c.item for c in self.changes}
        self._lock: RecordLock | None = None
        self.detail = Text()
        self.area_bars = AreaBars(())

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="selfcheck-score")
        with Horizontal(id="selfcheck-main"):
            yield SteadyOptionList(id="check-items")
            # One widget for the item's detail and every area's bar: a Label, a row and a
            # ProgressBar per area were 50 widgets to lay out again on each move, and a Static
            # in a VerticalScroll laid the screen out twice.
            yield TextPane(id="check-detail")
        yield KeyBar(compact=True)  # nine essential keys at 80 columns

    def on_mount(self) -> None:
        self.sub_title = f"{self.session.agency} · {self.checklist.level_name(self.session.level)}"
        if not self.session.read_only:
            # One window per session: a second one could overwrite the first's marks.
            self._lock = store_for(self.app).lock(self.session.id)
            if self._lock is None:
                self.session.read_only = "这次自查已在另一个窗口打开。本窗口只读，不会保存更改。"
        if self.session.read_only:
            self.notify(Text(self.session.read_only), title="只读", severity="warning", timeout=15)
        self.render_items()
        option_list = self.query_one("#check-items", OptionList)
        first = next((i for i in self.items if self.session.marks.get(i.id) is None
                      or self.session.marks[i.id].status is None), self.items[0])
        option_list.highlighted = option_list.get_option_index(first.id)
        self.show_detail()
        # Watched, not on OptionHighlighted: the detail then changes in the same step as the
        # highlight, and the screen is painted once per move instead of four times.
        self.watch(option_list, "highlighted", self.show_detail, init=False)
        option_list.focus()
        self.refresh_score()

    def on_screen_resume(self) -> None:
        # The result screen may have finished or reopened the session: show its state now.
        self.refresh_score()

    def on_unmount(self) -> None:
        if self._lock is not None:
            self._lock.release()

    def render_items(self) -> None:
        option_list = self.query_one("#check-items", OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        options = []
        current_area = None
        for item in self.items:
            if item.area != current_area:
                current_area = item.area
                options.append(
                    Option(Text(self.checklist.area_name(item.area), style="bold reverse"), id=AREA_PREFIX + item.area, disabled=True)
                )
            options.append(Option(self._item_prompt(item), id=item.id))
        option_list.add_options(options)  # at once: each add_option re-measures the whole list
        if highlighted is not None:
            option_list.highlighted = highlighted

    def _item_prompt(self, item: CheckItem) -> Hanging:
        mark = self.session.marks.get(item.id)
        status = mark.status if mark else None
        # The point wraps beside its status, not under it (a status alone on a line hid it).
        status_text = Text(STATUS_NAMES[status] if status else "未评", style=STATUS_STYLES.get(status or "", "bold"))
        if item.id in self.changed_ids:
            status_text.append(" ！", style="warn-bold")  # changed since this session's checklist version
        status_text.pad_right(STATUS_CELLS + 3 - status_text.cell_len)
        return Hanging(status_text, Text(item.point))

    @property
    def current(self) -> CheckItem | None:
        option_list = self.query_one("#check-items", OptionList)
        if option_list.highlighted is None:
            return None
        option_id = option_list.get_option_at_index(option_list.highlighted).id or ""
        return next((i for i in self.items if i.id == option_id), None)

    def show_detail(self) -> None:
        item = self.current
        if item is None:
            return
        course = self.app.course
        mark = self.session.marks.get(item.id)
        text = Text()
        text.append(f"{short_area(self.checklist, item.area)} · 权重 {item.weight} · ", style="bold")
        text.append(item.basis_kind_name, style="bold" if item.basis_kind == "law" else "warn-bold")
        text.append(f" · 编号 {item.id}\n", style="muted")
        for change in (c for c in self.changes if c.item == item.id):
            text.append(f"清单第{change.version}版变化：", style="warn-bold")
            text.append(f"{change.note}\n", style="warn")
        text.append("评估点：", style="bold")
        text.append(f"{item.point}\n")
        text.append("检查方法：", style="bold")
        text.append(f"{item.method}\n")
        text.append("依据：", style="bold")
        text.append("；".join(describe(course, s) for s in item.basis) + "（按 o 打开）\n")
        text.append("整改建议：", style="bold")
        text.append(f"{item.remediation}\n")
        text.append("学习模块：", style="bold")
        text.append("；".join(course.modules[m].title for m in item.modules if m in course.modules) + "\n")
        text.append("评估结果：", style="bold")
        if mark and mark.status:
            text.append(STATUS_NAMES[mark.status], style=STATUS_STYLES[mark.status])
            if mark.reason:
                text.append(f"（理由：{mark.reason}）")
        else:
            text.append("未评估（1 符合 · 2 基本符合 · 3 不符合 · 4 不适用）", style="muted")
        text.append("\n佐证材料：", style="bold")
        if mark and mark.evidence:
            text.append("；".join(mark.evidence) + "（z 添加，Shift+Z 删除最后一条）")
        else:
            text.append("无（按 z 添加：文字、文件路径或链接）")
        text.append("\n备注：", style="bold")
        text.append(mark.notes if mark and mark.notes else "无（按 b 填写）")
        text.append("\n")
        self.detail = text
        self._show_pane()

    def refresh_score(self) -> None:
        report = score_session(self.checklist, self.session)
        line = Text(f"当前得分 {score_text(report.score)} · 已评 {report.assessed}/{report.total}")
        line.append(f" · 不适用 {report.not_applicable} · 未评 {report.unassessed}")
        if self.changed_ids:
            line.append(
                f" · 清单已从第{self.session.checklist_version}版更新到第{self.checklist.version}版，"
                f"{len(self.changed_ids)} 项有变化（标 ！）",
                style="warn",
            )
        if self.session.read_only:
            line.append(" · 只读", style="warn-bold")
        elif self.save_failed:
            line.append(" · 保存失败！", style="bad-bold")
        elif self.session.finished_at:
            line.append(" · 已完成（结果页按 f 重新打开后可修改）", style="good")
        else:
            line.append(" · 自动保存")
        self.query_one("#selfcheck-score", Static).update(line)
        rows = tuple((self.checklist.area_name(a.area), a.score, a.assessed, a.total) for a in report.areas)
        if self.area_bars.rows != rows:
            self.area_bars = AreaBars(rows)
            self._show_pane()

    def _show_pane(self) -> None:
        pane = self.query_one("#check-detail", TextPane)
        pane.update(Group(self.detail, Text("各领域得分", style="bold"), self.area_bars))

    def save(self, item: CheckItem) -> None:
        """Save the session after `item` changed, and show the change: its row, not the whole list."""
        try:
            store_for(self.app).save(self.session)
            self.save_failed = False
        except OSError as exc:
            self.save_failed = True
            self.notify(f"自查记录保存失败：{os_error_text(exc)}", severity="error", timeout=15)
        self.query_one("#check-items", OptionList).replace_option_prompt(item.id, self._item_prompt(item))
        self.show_detail()
        self.refresh_score()

    def editable(self) -> bool:
        """A finished session is a filed record: changing it needs reopening on the result screen."""
        if self.session.read_only:
            self.notify(Text(self.session.read_only), severity="warning")
            return False
        if self.session.finished_at:
            self.notify("本次自查已完成。如需修改，请按 j 进入结果页，再按 f 重新打开。", severity="warning")
            return False
        return True

    def action_mark(self, status: str) -> None:
        item = self.current
        if item is None or not self.editable():
            return
        if status == "na":
            from govtui.tui.screens.prompt import PromptDialog

            def with_reason(reason: str | None) -> None:
                if reason:
                    mark = self.session.mark(item.id)
                    mark.status, mark.reason = "na", reason
                    self.save(item)
                    self.advance()
                elif reason is not None:
                    self.notify("标为不适用需要说明理由", severity="warning")

            self.app.push_screen(PromptDialog(f"不适用的理由：{short_point(item)}", self.session.mark(item.id).reason, max_length=MAX_NOTE_CHARS), with_reason)
            return
        mark = self.session.mark(item.id)
        mark.status, mark.reason = status, ""
        self.save(item)
        self.advance()

    def advance(self) -> None:
        option_list = self.query_one("#check-items", OptionList)
        index = option_list.highlighted or 0
        for candidate in range(index + 1, option_list.option_count):
            if not option_list.get_option_at_index(candidate).disabled:
                option_list.highlighted = candidate
                return

    def action_evidence(self) -> None:
        item = self.current
        if item is None or not self.editable():
            return
        from govtui.tui.screens.prompt import PromptDialog

        if len(self.session.mark(item.id).evidence) >= MAX_EVIDENCE_ITEMS:
            self.notify(f"每个检查项最多 {MAX_EVIDENCE_ITEMS} 条佐证材料", severity="warning")
            return

        def add(text: str | None) -> None:
            if text:
                self.session.mark(item.id).evidence.append(text)
                self.save(item)

        self.app.push_screen(
            PromptDialog(f"添加佐证材料：{short_point(item)}", placeholder="文字说明、文件路径或链接",
                         max_length=MAX_EVIDENCE_CHARS),
            add,
        )

    def action_remove_evidence(self) -> None:
        item = self.current
        if item is None or not self.editable():
            return
        evidence = self.session.mark(item.id).evidence
        if not evidence:
            self.notify("该项没有佐证材料")
            return
        removed = evidence.pop()
        self.save(item)
        self.notify(f"已删除佐证：{removed}")

    def action_notes(self) -> None:
        item = self.current
        if item is None or not self.editable():
            return
        from govtui.tui.screens.prompt import PromptDialog

        def set_notes(text: str | None) -> None:
            if text is not None:
                self.session.mark(item.id).notes = text
                self.save(item)

        self.app.push_screen(PromptDialog(f"备注：{short_point(item)}", self.session.mark(item.id).notes, max_length=MAX_NOTE_CHARS), set_notes)

    def action_next_area(self) -> None:
        item = self.current
        areas = [a.id for a in self.checklist.areas if any(i.area == a.id for i in self.items)]
        if item is None or not areas:
            return
        following = areas[(areas.index(item.area) + 1) % len(areas)]
        option_list = self.query_one("#check-items", OptionList)
        option_list.highlighted = option_list.get_option_index(AREA_PREFIX + following) + 1

    def action_open_basis(self) -> None:
        item = self.current
        if item is None:
            return
        open_sources(self.app, list(item.basis), "法律依据（回车打开）")

    def action_result(self) -> None:
        self.app.push_screen(SelfCheckResultScreen(self.session))


class SelfCheckResultScreen(Screen[None]):
    """自查结果：总分、各领域、整改清单（按权重）、与上次比较、导出."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("l", "add_review", "加入复习", tooltip="把各整改项最相关的题目加入今日复习（每项最多 5 道，每次最多 30 道）"),
        Binding("x", "export", "导出"),
        Binding("f", "finish", "完成/重新打开"),
        NEXT_STEP_BINDING,
    ]

    def __init__(self, session: SelfCheckSession) -> None:
        super().__init__()
        self.session = session
        self.checklist = self.app.course.checklist

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="selfcheck-result"):
            yield Static(id="result-summary")
            yield NextStepLine(id="next-step")
            yield Label(Text("整改清单（按权重排序；回车打开讲授该内容的模块）", style="bold"))
            yield SteadyOptionList(id="gaps")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"{self.session.agency} · {self.session.date}"
        self.refresh_result()
        self.query_one("#gaps", OptionList).focus()

    def refresh_result(self) -> None:
        course, session, checklist = self.app.course, self.session, self.checklist
        report = score_session(checklist, session)
        text = Text()
        text.append(f"总分：{score_text(report.score)}", style="bold")
        text.append(f"（满分 100；已评 {report.assessed} 项，不适用 {report.not_applicable} 项，共 {report.total} 项）")
        if report.unassessed:
            text.append(f"\n尚有 {report.unassessed} 项未评估，未计入得分。", style="warn")
        text.append("\n各领域：" + "；".join(
            f"{checklist.area_name(a.area)} {score_text(a.score)}" for a in report.areas
        ))
        items = {i.id: i for i in checklist.items}
        previous = store_for(self.app).previous(session)
        if previous:
            comparison = compare(checklist, session, previous)
            change = "—" if comparison.score_change is None else f"{comparison.score_change:+.1f}"
            text.append(f"\n与上次自查（{previous.date}）相比：得分变化 {change}，{len(comparison.changed)} 项结果有变化")
            for item_id, old, new in comparison.changed[:8]:
                before = STATUS_NAMES.get(old or "", "未评估")
                after = STATUS_NAMES.get(new or "", "未评估")
                name = short_point(items[item_id]) if item_id in items else item_id
                text.append(f"\n  {name}：{before} → {after}", style="muted")
            if len(comparison.changed) > 8:
                text.append(f"\n  ……另有 {len(comparison.changed) - 8} 项（完整对比见导出报告）", style="muted")
        changed = {c.item for c in checklist.changes_since(session.checklist_version, session.level)}
        if changed:
            shown = [short_point(items[i]) if i in items else i for i in sorted(changed)]
            names = "、".join(shown[:8]) + ("等" if len(shown) > 8 else "")
            text.append(
                f"\n本次自查开始时使用清单第{session.checklist_version}版，现行第{checklist.version}版："
                f"{len(shown)} 项有变化（{names}；自查页标 ！，逐项说明见自查页和导出报告）",
                style="warn",
            )
        if session.finished_at:
            text.append(f"\n已于 {clock.local_date_text(session.finished_at)} 完成", style="good")
            if session.finished_score is not None and session.finished_score != report.score:
                text.append(
                    f"；完成时得分 {score_text(session.finished_score)}，此后自查清单有更新，上面的得分按现行清单计算",
                    style="warn",
                )
        self.query_one("#result-summary", Static).update(text)
        self.refresh_next_step()
        gaps = self.query_one("#gaps", OptionList)
        gaps.clear_options()
        for item, status in report.gaps:
            label = Text()
            label.append(f"[{STATUS_NAMES[status]}] ", style=STATUS_STYLES[status])
            label.append(f"权重 {item.weight} · {item.basis_kind_name} · {item.point}\n", style="bold")
            label.append(f"    整改建议：{item.remediation}\n")
            label.append("    依据：" + "；".join(describe(course, s) for s in item.basis), style="muted")
            gaps.add_option(Option(label, id=item.id))
        if not report.gaps:
            gaps.add_option(Option(Text.assemble(("没有需要整改的项目。", "good")), disabled=True))
        else:
            gaps.highlighted = 0

    @on(OptionList.OptionSelected, "#gaps")
    def open_module(self, event: OptionList.OptionSelected) -> None:
        item = next(i for i in self.checklist.items if i.id == event.option_id)
        open_sources(self.app, [f"module:{m}" for m in item.modules], "讲授该内容的模块")

    def refresh_next_step(self) -> None:
        step = suggested_step(self.app, module_quiz_ids(self.app.course))
        self.query_one("#next-step", NextStepLine).show(step, NEXT_STEP_KEY)

    def action_next_step(self) -> None:
        from govtui.tui.next_step import take_next_step

        take_next_step(self.app)

    def action_add_review(self) -> None:
        from govtui.core.selfcheck_review import PER_GAP, TOTAL, pick_review_questions

        report = score_session(self.checklist, self.session)
        if not report.gaps:
            self.notify("没有需要整改的项目")
            return
        profile = self.app.profile
        pick = pick_review_questions(
            [item for item, _ in report.gaps], self.app.course.questions.values(), set(profile.notebook())
        )
        if not pick.chosen:
            self.notify("整改项对应的模块没有题目")
            return
        added = profile.schedule_now(pick.chosen)
        self.app.save_profile()
        self.refresh_next_step()  # today's review is now the next step
        message = (
            f"已把 {pick.gaps_covered} 个整改项最相关的 {len(pick.chosen)} 道题加入今日复习"
            f"（新增 {added} 道，其余原已在今日复习中）。"
            if added < len(pick.chosen)
            else f"已把 {pick.gaps_covered} 个整改项最相关的 {len(pick.chosen)} 道题加入今日复习。"
        )
        if pick.left_out:
            message += f"每项最多 {PER_GAP} 道、每次最多 {TOTAL} 道，另有 {pick.left_out} 道相关题未加入，可通过模块测验练习。"
        self.notify(message, timeout=10)

    def action_finish(self) -> None:
        if self.session.read_only:
            self.notify(Text(self.session.read_only), severity="warning")
            return
        if self.session.finished_at:
            self._set_finished(False)
            return
        missing = unassessed_items(self.checklist, self.session)
        if not missing:
            self._set_finished(True)
            return
        from govtui.tui.screens.confirm import ConfirmDialog

        def confirmed(finish: bool | None) -> None:
            if finish:
                self._set_finished(True)

        self.app.push_screen(
            ConfirmDialog(unassessed_question(self.checklist, missing), yes="仍然完成", no="返回评估"), confirmed
        )

    def _set_finished(self, finishing: bool) -> None:
        from govtui.core.progress import now_iso

        reopening = not finishing
        self.session.finished_at = None if reopening else now_iso()
        self.session.finished_score = None if reopening else score_session(self.checklist, self.session).score
        try:
            store_for(self.app).save(self.session)
        except OSError as exc:
            self.notify(f"自查记录保存失败：{os_error_text(exc)}", severity="error", timeout=15)
            return
        self.refresh_result()
        self.notify("已重新打开，可以修改" if reopening else "已标记为完成；如需修改，再按 f 重新打开")

    def action_export(self) -> None:
        from govtui.tui.screens.selfcheck_format import SelfCheckFormatDialog

        self.app.push_screen(SelfCheckFormatDialog(), self._export)

    def _export(self, fmt: str | None) -> None:
        if not fmt:
            return
        self.write_export(fmt)

    def write_export(self, fmt: str) -> None:
        from govtui.core.atomic import atomic_write_bytes
        from govtui.core.selfcheck_export import ExportError, export_session

        store = store_for(self.app)
        path = self.app.store.data_dir / "exports" / f"{self.session.id}.{fmt}"
        try:
            atomic_write_bytes(path, export_session(self.app.course, self.session, store.previous(self.session), fmt))
        except ExportError as exc:
            # e.g. evidence longer than one Excel cell holds: said, not a crash.
            self.notify(Text(f"导出失败：{exc}"), severity="error", timeout=15)
            return
        except OSError as exc:
            self.notify(f"导出失败：{os_error_text(exc)}", severity="error")
            return
        export_written(self.app, path)
