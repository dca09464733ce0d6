"""Agency self-check (自查) in the TUI: sessions, the walk through the checklist, the result."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    ProgressBar,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from govtui.core import clock
from govtui.core.selfcheck import (
    STATUS_NAMES,
    CheckItem,
    SelfCheckError,
    SelfCheckSession,
    SelfCheckStore,
    compare,
    new_session,
    score_session,
)
from govtui.core.sources import describe
from govtui.tui.downloads import export_written
from govtui.tui.navigation import open_sources
from govtui.tui.text import Hanging

STATUS_STYLES = {"compliant": "green", "partial": "yellow", "noncompliant": "red", "na": "dim"}
AREA_PREFIX = "area:"
STATUS_CELLS = max(cell_len(name) for name in STATUS_NAMES.values())


def score_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def store_for(app) -> SelfCheckStore:
    return SelfCheckStore(app.store.data_dir)


class SelfCheckListScreen(Screen[None]):
    """自查：历次自查与新建."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("n", "new", "新建自查"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("机关自查（回车打开或继续；n 新建）"), classes="screen-title")
        yield OptionList(id="sessions")
        yield Footer()

    def on_screen_resume(self) -> None:
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
            option_list.add_option(Option(Text("还没有自查记录。按 n 新建。", style="dim"), disabled=True))
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
        yield Header()
        with VerticalScroll(id="selfcheck-start"):
            yield Static(Text("新建自查"), classes="screen-title")
            yield Label("机关名称")
            yield Input(placeholder="如：某某镇人民政府", id="agency")
            yield Label("机关类型")
            yield Select(
                [(lv.name, lv.id) for lv in checklist.levels],
                value=checklist.levels[0].id,
                allow_blank=False,
                id="level",
            )
            yield Label("自查日期（YYYY-MM-DD）")
            yield Input(value=clock.today().isoformat(), id="date")
            yield Label("参加人员（用逗号或顿号分隔）")
            yield Input(placeholder="张三、李四", id="participants")
            yield Button("开始自查", id="begin", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#agency", Input).focus()

    @on(Button.Pressed, "#begin")
    def begin(self) -> None:
        agency = self.query_one("#agency", Input).value.strip()
        level = self.query_one("#level", Select).value
        raw_date = self.query_one("#date", Input).value.strip()
        if not agency:
            self.notify("请填写机关名称", severity="warning")
            return
        if not isinstance(level, str):
            self.notify("请选择机关类型", severity="warning")
            return
        try:
            when = date.fromisoformat(raw_date)
        except ValueError:
            self.notify("日期格式应为 YYYY-MM-DD，如 2026-11-26", severity="warning")
            return
        text = self.query_one("#participants", Input).value
        participants = [p.strip() for p in text.replace("、", ",").replace("，", ",").split(",") if p.strip()]
        session = new_session(agency, level, participants, when)
        try:
            store_for(self.app).save(session)
        except OSError as exc:
            self.notify(f"无法保存自查记录：{exc.strerror or exc}", severity="error", timeout=15)
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
        Binding("e", "evidence", "佐证"),
        Binding("E", "remove_evidence", "删佐证", show=False),
        Binding("x", "notes", "备注"),
        Binding("a", "next_area", "下一领域"),
        Binding("r", "result", "结果"),
        Binding("b", "open_basis", "依据", show=False),
    ]

    def __init__(self, session: SelfCheckSession) -> None:
        super().__init__()
        self.session = session
        self.checklist = self.app.course.checklist
        self.items = self.checklist.items_for(session.level)
        self.save_failed = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="selfcheck-score")
        with Horizontal(id="selfcheck-main"):
            yield OptionList(id="check-items")
            with VerticalScroll(id="check-detail"):
                yield Static(id="item-detail")
                yield Static(Text("各领域得分", style="bold"), id="area-title")
                for area in self.checklist.areas:
                    if any(i.area == area.id for i in self.items):
                        # The whole name on its own line: names run to 30 characters.
                        yield Label(Text(area.name), classes="area-name")
                        with Horizontal(classes="area-row"):
                            yield ProgressBar(total=100, show_eta=False, id=f"bar-{area.id}")
                            yield Label(id=f"count-{area.id}", classes="area-count")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.session.agency} · {self.checklist.level_name(self.session.level)}"
        self.render_items()
        option_list = self.query_one("#check-items", OptionList)
        first = next((i for i in self.items if self.session.marks.get(i.id) is None
                      or self.session.marks[i.id].status is None), self.items[0])
        option_list.highlighted = option_list.get_option_index(first.id)
        option_list.focus()
        self.refresh_score()

    def render_items(self) -> None:
        option_list = self.query_one("#check-items", OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        current_area = None
        for item in self.items:
            if item.area != current_area:
                current_area = item.area
                option_list.add_option(
                    Option(Text(self.checklist.area_name(item.area), style="bold reverse"), id=AREA_PREFIX + item.area, disabled=True)
                )
            mark = self.session.marks.get(item.id)
            status = mark.status if mark else None
            # The point wraps beside its status, not under it (a status alone on a line hid it).
            status_text = Text(STATUS_NAMES[status] if status else "未评", style=STATUS_STYLES.get(status or "", "bold"))
            status_text.pad_right(STATUS_CELLS - status_text.cell_len + 1)
            option_list.add_option(Option(Hanging(status_text, Text(item.point)), id=item.id))
        if highlighted is not None:
            option_list.highlighted = highlighted

    @property
    def current(self) -> CheckItem | None:
        option_list = self.query_one("#check-items", OptionList)
        if option_list.highlighted is None:
            return None
        option_id = option_list.get_option_at_index(option_list.highlighted).id or ""
        return next((i for i in self.items if i.id == option_id), None)

    @on(OptionList.OptionHighlighted, "#check-items")
    def show_detail(self) -> None:
        item = self.current
        if item is None:
            return
        course = self.app.course
        mark = self.session.marks.get(item.id)
        text = Text()
        text.append(f"{item.id} · 权重 {item.weight}\n", style="bold")
        text.append("评估点：", style="bold")
        text.append(f"{item.point}\n")
        text.append("检查方法：", style="bold")
        text.append(f"{item.method}\n")
        text.append("依据：", style="bold")
        text.append("；".join(describe(course, s) for s in item.basis) + "（按 b 打开）\n")
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
            text.append("未评估（1 符合 · 2 基本符合 · 3 不符合 · 4 不适用）", style="dim")
        text.append("\n佐证材料：", style="bold")
        if mark and mark.evidence:
            text.append("；".join(mark.evidence) + "（e 添加，Shift+E 删除最后一条）")
        else:
            text.append("无（按 e 添加：文字、文件路径或链接）")
        text.append("\n备注：", style="bold")
        text.append(mark.notes if mark and mark.notes else "无（按 x 填写）")
        text.append("\n")
        self.query_one("#item-detail", Static).update(text)

    def refresh_score(self) -> None:
        report = score_session(self.checklist, self.session)
        line = Text(f"当前得分 {score_text(report.score)} · 已评 {report.assessed}/{report.total}")
        line.append(f" · 不适用 {report.not_applicable} · 未评 {report.unassessed}")
        if self.save_failed:
            line.append(" · 保存失败！", style="bold red")
        elif self.session.finished_at:
            line.append(" · 已完成（结果页按 f 重新打开后可修改）", style="green")
        else:
            line.append(" · 自动保存")
        self.query_one("#selfcheck-score", Static).update(line)
        for area in report.areas:
            self.query_one(f"#bar-{area.area}", ProgressBar).update(progress=area.score or 0)
            self.query_one(f"#count-{area.area}", Label).update(f"{score_text(area.score)} ({area.assessed}/{area.total})")

    def save(self) -> None:
        try:
            store_for(self.app).save(self.session)
            self.save_failed = False
        except OSError as exc:
            self.save_failed = True
            self.notify(f"自查记录保存失败：{exc.strerror or exc}", severity="error", timeout=15)
        self.render_items()
        self.show_detail()
        self.refresh_score()

    def editable(self) -> bool:
        """A finished session is a filed record: changing it needs reopening on the result screen."""
        if self.session.finished_at:
            self.notify("本次自查已完成。如需修改，请按 r 进入结果页，再按 f 重新打开。", severity="warning")
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
                    self.save()
                    self.advance()
                elif reason is not None:
                    self.notify("标为不适用需要说明理由", severity="warning")

            self.app.push_screen(PromptDialog(f"{item.id} 不适用的理由", self.session.mark(item.id).reason), with_reason)
            return
        mark = self.session.mark(item.id)
        mark.status, mark.reason = status, ""
        self.save()
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

        def add(text: str | None) -> None:
            if text:
                self.session.mark(item.id).evidence.append(text)
                self.save()

        self.app.push_screen(PromptDialog(f"{item.id} 添加佐证材料", placeholder="文字说明、文件路径或链接"), add)

    def action_remove_evidence(self) -> None:
        item = self.current
        if item is None or not self.editable():
            return
        evidence = self.session.mark(item.id).evidence
        if not evidence:
            self.notify("该项没有佐证材料")
            return
        removed = evidence.pop()
        self.save()
        self.notify(f"已删除佐证：{removed}")

    def action_notes(self) -> None:
        item = self.current
        if item is None or not self.editable():
            return
        from govtui.tui.screens.prompt import PromptDialog

        def set_notes(text: str | None) -> None:
            if text is not None:
                self.session.mark(item.id).notes = text
                self.save()

        self.app.push_screen(PromptDialog(f"{item.id} 备注", self.session.mark(item.id).notes), set_notes)

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
        Binding("l", "add_review", "加入复习", tooltip="把整改项对应模块的题目加入今日复习"),
        Binding("x", "export", "导出"),
        Binding("f", "finish", "完成/重新打开"),
    ]

    def __init__(self, session: SelfCheckSession) -> None:
        super().__init__()
        self.session = session
        self.checklist = self.app.course.checklist

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="selfcheck-result"):
            yield Static(id="result-summary")
            yield Label(Text("整改清单（按权重排序；回车打开讲授该内容的模块）", style="bold"))
            yield OptionList(id="gaps")
        yield Footer()

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
            text.append(f"\n尚有 {report.unassessed} 项未评估，未计入得分。", style="yellow")
        text.append("\n各领域：" + "；".join(
            f"{checklist.area_name(a.area)} {score_text(a.score)}" for a in report.areas
        ))
        previous = store_for(self.app).previous(session)
        if previous:
            comparison = compare(checklist, session, previous)
            change = "—" if comparison.score_change is None else f"{comparison.score_change:+.1f}"
            text.append(f"\n与上次自查（{previous.date}）相比：得分变化 {change}，{len(comparison.changed)} 项结果有变化")
            for item_id, old, new in comparison.changed[:8]:
                before = STATUS_NAMES.get(old or "", "未评估")
                after = STATUS_NAMES.get(new or "", "未评估")
                text.append(f"\n  {item_id}：{before} → {after}", style="dim")
            if len(comparison.changed) > 8:
                text.append(f"\n  ……另有 {len(comparison.changed) - 8} 项（完整对比见导出报告）", style="dim")
        if session.finished_at:
            text.append(f"\n已于 {clock.local_date_text(session.finished_at)} 完成", style="green")
            if session.finished_score is not None and session.finished_score != report.score:
                text.append(
                    f"；完成时得分 {score_text(session.finished_score)}，此后自查清单有更新，上面的得分按现行清单计算",
                    style="yellow",
                )
        self.query_one("#result-summary", Static).update(text)
        gaps = self.query_one("#gaps", OptionList)
        gaps.clear_options()
        for item, status in report.gaps:
            label = Text()
            label.append(f"[{STATUS_NAMES[status]}] ", style=STATUS_STYLES[status])
            label.append(f"权重 {item.weight} · {item.point}\n", style="bold")
            label.append(f"    整改建议：{item.remediation}\n")
            label.append("    依据：" + "；".join(describe(course, s) for s in item.basis), style="dim")
            gaps.add_option(Option(label, id=item.id))
        if not report.gaps:
            gaps.add_option(Option(Text("没有需要整改的项目。", style="green"), disabled=True))
        else:
            gaps.highlighted = 0

    @on(OptionList.OptionSelected, "#gaps")
    def open_module(self, event: OptionList.OptionSelected) -> None:
        item = next(i for i in self.checklist.items if i.id == event.option_id)
        open_sources(self.app, [f"module:{m}" for m in item.modules], "讲授该内容的模块")

    def action_add_review(self) -> None:
        report = score_session(self.checklist, self.session)
        if not report.gaps:
            self.notify("没有需要整改的项目")
            return
        modules = {m for item, _ in report.gaps for m in item.modules}
        questions = [q.id for q in self.app.course.questions.values() if q.module in modules]
        if not questions:
            self.notify("整改项对应的模块没有题目")
            return
        added = self.app.profile.schedule_now(questions)
        self.app.save_profile()
        self.notify(f"已把 {len(modules)} 个模块的 {len(questions)} 道题加入今日复习（新增 {added} 道）")

    def action_finish(self) -> None:
        from govtui.core.progress import now_iso

        reopening = bool(self.session.finished_at)
        self.session.finished_at = None if reopening else now_iso()
        self.session.finished_score = None if reopening else score_session(self.checklist, self.session).score
        try:
            store_for(self.app).save(self.session)
        except OSError as exc:
            self.notify(f"自查记录保存失败：{exc.strerror or exc}", severity="error", timeout=15)
            return
        self.refresh_result()
        self.notify("已重新打开，可以修改" if reopening else "已标记为完成；如需修改，再按 f 重新打开")

    def action_export(self) -> None:
        from govtui.tui.screens.sources import FormatDialog

        self.app.push_screen(FormatDialog(), self._export)

    def _export(self, fmt: str | None) -> None:
        if not fmt:
            return
        self.write_export(fmt)

    def write_export(self, fmt: str) -> None:
        from govtui.core.atomic import atomic_write_bytes
        from govtui.core.selfcheck_export import export_session

        store = store_for(self.app)
        path = self.app.store.data_dir / "exports" / f"{self.session.id}.{fmt}"
        try:
            atomic_write_bytes(path, export_session(self.app.course, self.session, store.previous(self.session), fmt))
        except OSError as exc:
            self.notify(f"导出失败：{exc.strerror or exc}", severity="error")
            return
        export_written(self.app, path)
