"""The list of case simulations, with each one's best score for the current learner."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.option_list import SteadyOptionList
from govtui.tui.widgets.title_bar import TitleBar


class CaseListScreen(Screen[None]):
    """案例演练列表."""

    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text("案例演练：每个案例是一件真实情形的申请，逐步作出决定（回车开始）"), classes="screen-title")
        yield SteadyOptionList(id="cases")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one("#cases", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        cases = self.query_one("#cases", OptionList)
        highlighted = cases.highlighted
        cases.clear_options()
        profile = self.app.profile  # type: ignore[attr-defined]
        for case in self.app.course.cases.values():  # type: ignore[attr-defined]
            best = profile.best_case_score(case.id)
            label = Text()
            label.append(case.title, style="bold")
            label.append(f"  {len(case.steps)} 步 · " + ("未做" if best is None else f"最好 {best} 分"), style="muted")
            cases.add_option(Option(label, id=case.id))
        if cases.option_count:
            cases.highlighted = min(highlighted or 0, cases.option_count - 1)
        else:
            cases.add_option(Option(Text("课程中没有案例（content/cases/）"), disabled=True))

    @on(OptionList.OptionSelected, "#cases")
    def case_chosen(self, event: OptionList.OptionSelected) -> None:
        from govtui.tui.screens.case import CaseScreen

        self.app.push_screen(CaseScreen(self.app.course.cases[event.option_id]))  # type: ignore[attr-defined]
