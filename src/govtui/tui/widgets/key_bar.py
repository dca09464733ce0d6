"""The key line at the bottom of every screen: one widget instead of Textual's Footer.

Footer composes a widget per key and recomposes them all whenever the bindings change (every
screen push, pop and focus move), restyling each. KeyBar draws the same line as text: it listens
to the same signal (`Screen.bindings_updated_signal`) and only repaints.

What is shown follows Footer: bindings with `show=False` and actions whose `check_action`
returns False are left out, those returning None are dimmed; keys of one action show once;
neighbouring bindings of one `Binding.Group` share the group's description; the command palette
key sits at the right. A click on a key presses it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen

DIM = Style(dim=True)


@dataclass(frozen=True)
class KeyCell:
    """A key as shown: the key pressed on a click, what is drawn, and whether it works now."""

    key: str
    display: str
    enabled: bool
    tooltip: str


@dataclass(frozen=True)
class KeyEntry:
    """One item of the line: a key and its description, or a group's keys and the group's name."""

    keys: tuple[KeyCell, ...]
    description: str


@dataclass(frozen=True)
class KeySpan:
    """Where a key was drawn (cells from the bar's left edge), for clicks and hover."""

    start: int
    end: int
    cell: KeyCell


def key_entries(screen: Screen) -> tuple[list[KeyEntry], KeyEntry | None]:
    """The screen's shown bindings as Footer lists them, and the command palette key (or None)."""
    app = screen.app
    active = screen.active_bindings
    by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
    for _node, binding, enabled, tooltip in active.values():
        if binding.show:
            by_action[binding.action].append((binding, enabled, tooltip))

    def cell(binding: Binding, enabled: bool, tooltip: str) -> KeyCell:
        return KeyCell(binding.key, app.get_key_display(binding), enabled, tooltip or binding.description)

    entries: list[KeyEntry] = []
    for group, members in groupby(by_action.values(), lambda found: found[0][0].group):
        actions = list(members)
        if group is not None and len(actions) > 1:
            entries.append(KeyEntry(tuple(cell(*found[0]) for found in actions), group.description))
        else:
            entries.extend(KeyEntry((cell(*found[0]),), found[0][0].description) for found in actions)
    palette = None
    if app.ENABLE_COMMAND_PALETTE and (found := active.get(app.COMMAND_PALETTE_BINDING)):
        _node, binding, enabled, tooltip = found
        palette = KeyEntry((cell(binding, enabled, binding.tooltip),), binding.description)
    return entries, palette


class KeyBar(Widget, can_focus=False):
    """The current screen's keys on one line (`compact` drops the space around each item)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--separator", "key-bar--hover"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        width: 100%;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--separator {
            color: $foreground 20%;
        }
        .key-bar--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, *, compact: bool = False, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.compact = compact
        self.spans: list[KeySpan] = []
        """The keys as last drawn."""
        self._hover: KeyCell | None = None
        self._shown: tuple[list[KeyEntry], KeyEntry | None] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        # Published on every focus move and screen switch; most leave the keys as they were.
        if key_entries(screen) != self._shown:
            self.refresh()

    def render(self) -> Text:
        entries, palette = self._shown = key_entries(self.screen)
        width = self.size.width
        right, right_spans = self._line([palette] if palette else [], separator="▏")
        left, spans = self._line(entries)
        room = max(0, width - right.cell_len - (1 if right else 0))
        if left.cell_len > room:
            left.truncate(room, overflow="ellipsis")
            spans = [span for span in spans if span.end <= room - 1]
        offset = width - right.cell_len
        left.append(" " * max(0, offset - left.cell_len))
        self.spans = spans + [KeySpan(span.start + offset, span.end + offset, span.cell) for span in right_spans]
        return left + right

    def _line(self, entries: list[KeyEntry], separator: str = "") -> tuple[Text, list[KeySpan]]:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        hover_style = self.get_component_rich_style("key-bar--hover")
        # Footer's look: " t 测验 " items side by side, or "t 测验" items a space apart when compact;
        # the palette key after its separator reads "▏^p 命令 ".
        left_pad = "" if self.compact or separator else " "
        right_pad = "" if self.compact and not separator else " "
        text = Text(no_wrap=True, overflow="crop", end="")
        spans: list[KeySpan] = []
        if separator and entries:
            text.append(separator, self.get_component_rich_style("key-bar--separator"))
        for index, entry in enumerate(entries):
            if self.compact and index and not separator:
                text.append(" ")
            start = text.cell_len
            text.append(left_pad, key_style)
            for position, cell in enumerate(entry.keys):
                if position:
                    text.append(" ", key_style)
                style = key_style + hover_style if cell == self._hover else key_style
                text.append(cell.display, style if cell.enabled else style + DIM)
                if len(entry.keys) > 1:  # a group: each key is a target of its own
                    spans.append(KeySpan(text.cell_len - cell_len(cell.display), text.cell_len, cell))
            text.append(left_pad, key_style)
            if entry.description:
                enabled = any(cell.enabled for cell in entry.keys)
                hovered = len(entry.keys) == 1 and entry.keys[0] == self._hover
                style = description_style + hover_style if hovered else description_style
                text.append(("" if left_pad else " ") + entry.description + right_pad, style if enabled else style + DIM)
            if len(entry.keys) == 1:
                spans.append(KeySpan(start, text.cell_len, entry.keys[0]))
        return text, spans

    def key_at(self, x: int) -> KeyCell | None:
        """The key drawn at cell `x` of the bar, if any."""
        return next((span.cell for span in self.spans if span.start <= x < span.end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        cell = self.key_at(event.x)
        if cell is None:
            return
        if cell.enabled:
            self.app.simulate_key(cell.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        cell = self.key_at(event.x)
        if cell != self._hover:
            self._hover = cell
            self.tooltip = cell.tooltip if cell else None
            self.refresh()

    def on_leave(self, _: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()
