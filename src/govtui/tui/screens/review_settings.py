"""复习设置: the learner's daily limits for new and due cards, kept in their record's [settings]."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from govtui.core.review_session import (
    DEFAULT_DUE_PER_DAY,
    DEFAULT_NEW_PER_DAY,
    DailyLimits,
    limits_of,
)

MAX_LIMIT = 9999
"""What the record file accepts (profile_file.DailyLimit)."""


class ReviewSettingsDialog(ModalScreen[DailyLimits | None]):
    """Returns the new limits (保存), or None (Esc / 取消)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "取消")]

    def __init__(self, limits: DailyLimits) -> None:
        super().__init__()
        self.limits = limits

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="review-settings"):
            yield Static(Text("每日复习上限（本学员）"), classes="dialog-title")
            yield Label(Text(f"每天最多新题（默认 {DEFAULT_NEW_PER_DAY}）"))
            yield Input(str(self.limits.new), type="integer", max_length=4, id="new-per-day")
            yield Label(Text(f"每天最多复习到期题（默认 {DEFAULT_DUE_PER_DAY}）"))
            yield Input(str(self.limits.due), type="integer", max_length=4, id="due-per-day")
            yield Static(Text.assemble(("默认约 15 分钟可做完，超出上限的题留待以后。回车保存，Esc 取消", "muted")))
            with Horizontal(classes="dialog-buttons"):
                yield Button("保存", id="save", variant="primary")
                yield Button("取消", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#new-per-day", Input).focus()

    def _value(self, selector: str) -> int | None:
        text = self.query_one(selector, Input).value.strip()
        try:
            value = int(text)
        except ValueError:
            return None
        return value if 0 <= value <= MAX_LIMIT else None

    @on(Input.Submitted, "#new-per-day")
    def new_entered(self) -> None:
        self.query_one("#due-per-day", Input).focus()

    @on(Input.Submitted, "#due-per-day")
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        new, due = self._value("#new-per-day"), self._value("#due-per-day")
        if new is None or due is None:
            self.notify(f"请输入 0 到 {MAX_LIMIT} 之间的整数", severity="warning")
            return
        self.dismiss(DailyLimits(new, due))

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)


def open_review_settings(app: App, then=None) -> None:
    """Show the dialog for the current learner; save what they choose, then call `then()`."""
    profile = app.profile  # type: ignore[attr-defined]
    if profile is None:
        return

    def chosen(limits: DailyLimits | None) -> None:
        if limits is None:
            return
        profile.settings.new_per_day, profile.settings.due_per_day = limits.new, limits.due
        app.save_profile()  # type: ignore[attr-defined]
        app.notify(f"已保存：每天最多新题 {limits.new} 道、复习 {limits.due} 道", timeout=3)
        if then is not None:
            then()

    app.push_screen(ReviewSettingsDialog(limits_of(profile)), chosen)
