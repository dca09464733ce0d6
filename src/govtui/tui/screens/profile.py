"""First screen: pick an existing learner on this terminal or create a new one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from govtui.core.model import Unit
from govtui.core.progress import ProgressError
from govtui.tui.widgets.choice import ChoiceSelect
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.option_list import SteadyOptionList
from govtui.tui.widgets.title_bar import TitleBar

UNIT_KIND_LABELS = {
    "district": "区",
    "county": "县",
    "autonomous-county": "自治县",
    "functional-area": "功能区",
    "department": "市级部门",
    "township": "乡镇（街道）",
    "other": "其他",
}


SELF_DESCRIBING_KINDS = {"district", "county", "autonomous-county"}
"""Kinds a unit's name already says (渝中区, 忠县, 石柱土家族自治县): “渝中区（区）” says it twice."""


def unit_label(unit: Unit) -> str:
    """渝中区, 两江新区（功能区）, 市公安局（市级部门）."""
    kind = UNIT_KIND_LABELS.get(unit.kind, unit.kind)
    if unit.kind in SELF_DESCRIBING_KINDS or unit.name.endswith(kind):
        return unit.name
    return f"{unit.name}（{kind}）"


def unit_options(units: list[Unit]) -> list[tuple[str, str]]:
    return [(unit_label(u), u.id) for u in units]


class ProfileScreen(Screen[None]):
    """选择或创建学员 (several learners may share one terminal)."""

    BINDINGS = [Binding("escape", "back", "返回", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self._focus_placed = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="profile-body"):
            yield Static("欢迎使用 govtui：政府信息公开培训", classes="screen-title")
            yield Label("已有学员（回车进入）", id="existing-label")
            yield SteadyOptionList(id="existing")
            yield Label("新学员", classes="section-title")
            yield Input(placeholder="姓名", id="name", max_length=40)
            yield ChoiceSelect(unit_options(self.app.course.units), prompt="选择所在单位（可稍后设置）", id="unit")
            with Horizontal(id="profile-actions"):
                yield Button("开始学习", id="start", variant="primary")
        yield KeyBar()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
            return
        # The first screen has nothing to go back to: a stray Esc must not end the program.
        from govtui.tui.screens.confirm import ConfirmDialog

        def chosen(leave: bool | None) -> None:
            if leave:
                self.app.exit()

        self.app.push_screen(ConfirmDialog("要退出 govtui 吗？", yes="退出", no="继续"), chosen)

    def on_screen_resume(self) -> None:
        self.list_profiles()

    def list_profiles(self) -> None:
        profiles, damaged = self.app.store.list_profiles()
        for exc in damaged:
            self.app.report_damaged(exc)
        units = {u.id: u.name for u in self.app.course.units}
        existing = self.query_one("#existing", OptionList)
        existing.clear_options()
        for profile in profiles:
            unit = units.get(profile.unit_id or "", "未设置单位")
            existing.add_option(Option(Text(f"{profile.name} · {unit}"), id=profile.id))
        has_profiles = bool(profiles)
        existing.display = has_profiles
        self.query_one("#existing-label").display = has_profiles
        if self._focus_placed:
            return  # back from a dialog: keep the learner where they were
        self._focus_placed = True
        if has_profiles:
            existing.highlighted = 0
            existing.focus()
        else:
            self.query_one("#name", Input).focus()

    @on(OptionList.OptionSelected, "#existing")
    def open_existing(self, event: OptionList.OptionSelected) -> None:
        profiles, _ = self.app.store.list_profiles()
        chosen = next((p for p in profiles if p.id == event.option_id), None)
        if chosen is not None:
            self.app.open_profile(chosen)

    @on(Input.Submitted, "#name")
    def name_entered(self) -> None:
        self.query_one("#unit", Select).focus()

    @on(Select.Changed, "#unit")
    def unit_chosen(self) -> None:
        self.query_one("#start", Button).focus()

    @on(Button.Pressed, "#start")
    def start(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.notify("请先输入姓名", severity="warning")
            self.query_one("#name", Input).focus()
            return
        unit = self.query_one("#unit", Select).value
        unit_id = unit if isinstance(unit, str) else None
        try:
            existing = self.app.store.find(name)
        except ProgressError:  # reported when the profile is opened just below
            existing = None
        if existing is None:
            self.app.open_profile_by_name(name, unit_id)
            return
        from govtui.tui.screens.confirm import ConfirmDialog

        def chosen(open_it: bool | None) -> None:
            if open_it:
                self.app.open_profile_by_name(name, unit_id)
            else:
                box = self.query_one("#name", Input)
                box.focus()
                box.select_all()

        question = f"学员“{name}”已经存在，要打开其学习记录吗？\n同名的另一位学员请选“换个姓名”，如“{name}（万州）”。"
        self.app.push_screen(ConfirmDialog(question, yes="打开已有记录", no="换个姓名"), chosen)
