"""Help (F1 / ?): the current screen's purpose and keys, then how the course fits together."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from govtui.tui.help_text import COMMON_KEYS, PLAN, SCREENS

CJK = re.compile(r"[\u4e00-\u9fff]")


KEY_NAMES = {"enter": "回车", "escape": "Esc", "space": "空格", "backspace": "退格"}


def screen_keys(screen: Screen) -> list[tuple[str, str, str]]:
    """(keys, description, tooltip) for every binding active on `screen`, shown in the footer or not.

    Read from the live bindings so the help cannot go stale. Textual's own bindings (English
    descriptions such as "Down") are left to the common keys below.
    """
    app = screen.app
    by_action: dict[tuple[str, str, str], list[str]] = {}
    for key, (node, binding, enabled, tooltip) in screen.active_bindings.items():
        # App-wide keys (help, palette, quit) are listed once under 通用按键.
        if not enabled or isinstance(node, App) or not CJK.search(binding.description or ""):
            continue
        note = tooltip if tooltip and tooltip != binding.description else ""
        keys = by_action.setdefault((binding.action, binding.description, note), [])
        display = KEY_NAMES.get(key) or app.get_key_display(binding)
        if display.startswith("^"):
            display = "Ctrl+" + display[1:].upper()
        if display not in keys:
            keys.append(display)
    return [(" / ".join(keys), description, note) for (_action, description, note), keys in by_action.items()]


def screen_title(screen: Screen) -> str:
    doc = (type(screen).__doc__ or "").strip().splitlines()
    return doc[0].rstrip(".") if doc else type(screen).__name__


def key_column(key: str) -> str:
    """The key, padded to a fixed width in cells (回车 is two cells a character)."""
    return "  " + key + " " * max(1, 10 - cell_len(key))


def help_text(screen: Screen) -> Text:
    """The whole help for `screen`, as literal text (no markup)."""
    text = Text()
    # The description opens with the screen's name; a screen without one shows its docstring title.
    described = SCREENS.get(type(screen).__name__)
    if described:
        name, _, rest = described.partition("：")
        text.append(name + "：", style="bold")
        text.append(rest + "\n")
    else:
        text.append(f"{screen_title(screen)}\n", style="bold")
    keys = screen_keys(screen)
    if keys:
        text.append("\n本页按键\n", style="bold")
        for key, description, note in keys:
            text.append(key_column(key), style="bold")
            text.append(description)
            text.append(f"  {note}\n" if note else "\n", style="muted")
    text.append("\n通用按键\n", style="bold")
    for key, description in COMMON_KEYS:
        text.append(key_column(key), style="bold")
        text.append(f"{description}\n")
    text.append("\n")
    for line in PLAN.splitlines():
        text.append(line + "\n", style="bold" if line.startswith("【") else "")
    return text


class HelpScreen(ModalScreen[None]):
    """帮助."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "关闭"),
        Binding("f1,question_mark", "dismiss(None)", "关闭", show=False),
    ]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.for_screen = screen
        self.content = help_text(screen)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Static(Text("帮助（Esc 关闭；上下键滚动）", style="bold"), classes="dialog-title")
            yield Static(self.content, id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
