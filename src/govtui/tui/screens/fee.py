"""Fee calculator (信息处理费计算): by count or by pages, tier by tier, with the art. 42 basis."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static

from govtui.core.desk.fee import fee_by_count, fee_by_pages, fee_text
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.title_bar import TitleBar

WAYS = [("按件：本自然月第几件申请（含本件）", "count"), ("按量：一件申请提供的页数", "pages")]


class FeeScreen(Screen[None]):
    """信息处理费计算器（据国办函〔2020〕109号整理）."""

    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text("信息处理费计算器：按件或按量，只能选一种，超额累进"), classes="screen-title")
        with Horizontal(classes="desk-form"):
            yield Label("计收方式")
            yield Select(WAYS, value="count", allow_blank=False, id="way")
        with Horizontal(classes="desk-form"):
            yield Label("件数或页数")
            yield Input(placeholder="如 35", id="quantity", type="integer")
        with VerticalScroll(id="desk-result-box"):
            yield Static(id="desk-result")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#quantity", Input).focus()
        self.recompute()

    @on(Input.Changed)
    @on(Select.Changed)
    def inputs_changed(self) -> None:
        self.recompute()

    def recompute(self) -> None:
        result = self.query_one("#desk-result", Static)
        text = self.query_one("#quantity", Input).value.strip()
        if not text:
            result.update(Text("输入件数或页数。《条例》第四十二条：行政机关依申请提供政府信息，不收取费用；"
                               "数量、频次明显超过合理范围的，可以收取信息处理费。"))
            return
        if not text.isdigit() or not 1 <= int(text) <= 1_000_000:
            result.update(Text.assemble(("件数或页数应为 1 到 1000000 之间的整数", "bad-bold")))
            return
        way = self.query_one("#way", Select).value
        fee = fee_by_count(int(text)) if way == "count" else fee_by_pages(int(text))
        result.update(Text(fee_text(fee)))
