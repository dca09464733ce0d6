"""Wrong-answer notebook (错题本): grouped by knowledge point or type, with practice."""

from __future__ import annotations

from collections import defaultdict

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from govtui.core import clock
from govtui.core.questions import BLANK
from govtui.tui.screens.quiz import start_practice
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.option_list import SteadyOptionList
from govtui.tui.widgets.title_bar import TitleBar

GROUP_PREFIX = "group:"


class NotebookScreen(Screen[None]):
    """错题本."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("t", "practise_all", "全部练习"),
        Binding("g", "toggle_grouping", "切换分组", tooltip="按知识点或按题型分组"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.by_point = True

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="notebook-summary", classes="screen-title")
        yield SteadyOptionList(id="notebook")
        yield KeyBar()

    def on_screen_resume(self) -> None:
        self.refresh_list()
        self.query_one("#notebook", OptionList).focus()

    def notebook_questions(self):
        course = self.app.course
        return [q for qid in self.app.profile.notebook() if (q := course.find_question(qid))]

    def refresh_list(self) -> None:
        profile = self.app.profile
        questions = self.notebook_questions()
        clear_after = self.app.course.notebook_clear_after
        grouping = "知识点" if self.by_point else "题型"
        self.query_one("#notebook-summary", Static).update(
            Text(
                f"错题本：{len(questions)} 题 · 按{grouping}分组 · 连续答对 {clear_after} 次移出"
                "（回车练习所选组或题，t 全部练习，g 切换分组）"
            )
        )
        groups: dict[str, list] = defaultdict(list)
        for question in questions:
            groups[question.point if self.by_point else question.type_name].append(question)
        option_list = self.query_one("#notebook", OptionList)
        option_list.clear_options()
        for name, members in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
            option_list.add_option(Option(Text(f"{name}（{len(members)} 题）", style="bold"), id=GROUP_PREFIX + name))
            for question in members:
                record = profile.questions[question.id]
                label = Text(f"  {question.stem.replace(BLANK, '____')}\n")
                label.append(
                    f"    {question.type_name} · 错 {record.wrong} 次 · 最近一次 {clock.local_date_text(record.last_wrong_at)}"
                    f" · 连对 {record.streak}/{clear_after}",
                    style="muted",
                )
                option_list.add_option(Option(label, id=question.id))
        if option_list.option_count:
            option_list.highlighted = 0
        else:
            option_list.add_option(
                Option(Text.assemble(("错题本是空的。答错的题目会自动收进来，连续答对几次后移出。", "muted")), disabled=True)
            )

    def action_toggle_grouping(self) -> None:
        self.by_point = not self.by_point
        self.refresh_list()

    def action_practise_all(self) -> None:
        start_practice(self.app, "错题本练习", self.notebook_questions(), "错题本是空的")

    @on(OptionList.OptionSelected, "#notebook")
    def practise_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option_id or ""
        questions = self.notebook_questions()
        if option_id.startswith(GROUP_PREFIX):
            name = option_id.removeprefix(GROUP_PREFIX)
            chosen = [q for q in questions if (q.point if self.by_point else q.type_name) == name]
            start_practice(self.app, f"错题本练习：{name}", chosen, "这一组没有题目")
        else:
            chosen = [q for q in questions if q.id == option_id]
            start_practice(self.app, "错题本练习", chosen, "这道题已移出错题本")
