"""First-run welcome: the plan in three short pages, shown once per learner and skippable."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

PAGES: list[tuple[str, str]] = [
    (
        "欢迎参加政府信息公开培训",
        "课程按重庆市2020年政府信息公开年度报告所述的“1+41+N”培训体系组织。\n"
        "“1”全市通用，人人必修；“41”区县实务；“N”部门/领域专题。\n"
        "首页先列按你的单位必修的“我的计划”，再列选学模块；按 d 做“下一步”。",
    ),
    (
        "怎样学",
        "选中模块按回车阅读，读完按 t 做测验，及格即完成该模块。\n"
        "答错的题自动收进错题本（w）；答过的题按记忆规律安排每日复习（v）。\n"
        "准备好了可做模拟考试（e）：倒计时，到时自动交卷，交卷后逐题回顾。",
    ),
    (
        "随时找到帮助",
        "机关自查（c）：逐项评估本机关的政务公开工作，得出整改清单并导出报告。\n"
        "任何页面按 F1 或 ? 查看本页按键和本说明；Ctrl+P 打开命令面板，\n"
        "输入“测验”“考试”“复习”“自查”“主题”等即可直达。",
    ),
]


class WelcomeScreen(ModalScreen[bool]):
    """欢迎."""

    BINDINGS = [
        Binding("escape", "skip", "跳过"),
        Binding("enter,right,space", "next", "下一页"),
        Binding("left", "back", "上一页"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome", classes="dialog"):
            yield Static(id="welcome-title", classes="dialog-title")
            yield Static(id="welcome-body")
            yield Static(id="welcome-page")
            with Horizontal(classes="dialog-buttons"):
                # Keys go to the screen's bindings (a focused button ignores Enter during its press
                # effect, so quick Enters were lost); the buttons are for the mouse.
                for button in (Button("下一页", id="welcome-next", variant="primary"), Button("跳过", id="welcome-skip")):
                    button.can_focus = False
                    yield button

    def on_mount(self) -> None:
        self.show_page()

    def show_page(self) -> None:
        title, body = PAGES[self.page]
        self.query_one("#welcome-title", Static).update(Text(title, style="bold"))
        self.query_one("#welcome-body", Static).update(Text(body))
        last = self.page == len(PAGES) - 1
        self.query_one("#welcome-page", Static).update(
            Text.assemble((f"第 {self.page + 1}/{len(PAGES)} 页 · 回车{'开始学习' if last else '下一页'} · Esc 跳过", "muted"))
        )
        self.query_one("#welcome-next", Button).label = "开始学习" if last else "下一页"

    def action_next(self) -> None:
        if self.page == len(PAGES) - 1:
            self.dismiss(True)
            return
        self.page += 1
        self.show_page()

    def action_back(self) -> None:
        if self.page:
            self.page -= 1
            self.show_page()

    def action_skip(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#welcome-next")
    def next_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_next()

    @on(Button.Pressed, "#welcome-skip")
    def skip_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_skip()
