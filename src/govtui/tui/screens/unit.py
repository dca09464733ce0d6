"""Choosing the learner's unit: type to filter the 41 district-level units and the departments."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from govtui.core.plan import learner_plan
from govtui.tui.screens.profile import unit_label
from govtui.tui.widgets.option_list import SteadyOptionList


def ask_unit(app: App, changed: Callable[[], None]) -> None:
    """Ask for the learner's unit, save it and say how the plan changed; then call `changed`."""

    def chosen(unit_id: str | None) -> None:
        if not unit_id:
            return
        profile = app.profile  # type: ignore[attr-defined]
        profile.unit_id = unit_id
        app.save_profile()  # type: ignore[attr-defined]
        plan = learner_plan(app.course, unit_id)  # type: ignore[attr-defined]
        app.notify(f"学习计划已按单位调整：必修 {len(plan.required)} 个模块，其余 {len(plan.optional)} 个选学")
        changed()

    app.push_screen(UnitDialog(), chosen)


class UnitDialog(ModalScreen[str | None]):
    """Returns the chosen unit id, or None."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "取消"),
        Binding("down", "focus_list", "列表", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="unit-dialog"):
            yield Label(Text("设置所在单位（输入文字筛选，回车选择）"), classes="dialog-title")
            yield Input(placeholder="如：渝中、两江、市场监管", id="unit-filter")
            yield SteadyOptionList(id="unit-list")

    def on_mount(self) -> None:
        self.fill("")
        self.query_one(Input).focus()

    def fill(self, text: str) -> None:
        option_list = self.query_one("#unit-list", OptionList)
        option_list.clear_options()
        for unit in self.app.course.units:
            if text in unit.name:
                option_list.add_option(Option(Text(unit_label(unit)), id=unit.id))
        if option_list.option_count:
            option_list.highlighted = 0
        else:
            option_list.add_option(Option(Text.assemble(("没有匹配的单位，请换个关键词", "muted")), disabled=True))

    @on(Input.Changed, "#unit-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.fill(event.value.strip())

    @on(Input.Submitted, "#unit-filter")
    def take_first(self) -> None:
        option_list = self.query_one("#unit-list", OptionList)
        if option_list.highlighted is not None:
            self.dismiss(option_list.get_option_at_index(option_list.highlighted).id)

    def action_focus_list(self) -> None:
        self.query_one("#unit-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#unit-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)
