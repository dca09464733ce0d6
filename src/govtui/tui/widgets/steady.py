"""One layout and one repaint per key on the question screens (quiz, exam, review's question).

Textual repaints at most 60 times a second; every change made after a frame costs one more
frame, about 17 ms (`python benchmarks/frames.py next`, `answer`). Each answer and next question used to
take three or four frames where one does:

- `SteadySize`: Textual keeps each widget's `virtual_size` as a reactive that asks for a layout
  when it changes; a layout sets it on every widget whose size it changed, so a stem of another
  height or the feedback shown asked for a second layout that changed nothing.
- `SteadyScroll.reveal`: scrolls to a child inside the layout that places it (as Textual's own
  `anchor` does), where `call_after_refresh(child.scroll_visible)` cost a layout and a repaint.
- `focus_now`: the focus restyle lands in the coming frame, not the one after.
- `OneFrameScreen`: the refreshes the screen's widgets asked for before its full relayout are
  taken into that frame instead of one more.

These lean on Textual 8 internals (`_size_updated`, `_refresh_layout`, the refresh flags that
`Widget._check_refresh` reads); pyproject pins textual below 9. tests/test_tui_practice.py
checks what a trainee sees (feedback scrolled into view, every question type).
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import CodeType
from typing import ClassVar, Self

from textual import _time, events, messages
from textual.containers import VerticalScroll
from textual.geometry import Region, Size
from textual.layout import DockArrangeResult
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.widget import Widget
from textual.widgets import Static

_AWAIT_MOUNT_FILE = str(Path("textual") / "widget.py")
_SCREEN_FILE = str(Path("textual") / "screen.py")
_APP_FILE = str(Path("textual") / "app.py")


def focus_now(widget: Widget) -> None:
    """Focus `widget` now, not after the messages already queued (`Widget.focus`): the restyle of
    the widget losing and the one taking the focus then land in the coming frame instead of
    repainting again in the frame after."""
    widget.screen.set_focus(widget)


class SteadySize:
    """Mixin (before a Widget class): a size change found by a layout updates the widget without
    asking for another. Not a Widget itself: Textual would apply Widget's default CSS again,
    after the class it is mixed into."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)  # type: ignore[misc]


class OwnVirtualSize:
    """Mixin (before a ScrollView class) for a widget that keeps its own virtual size (an option
    list's lines, a pane's wrapped lines). The layout passes the viewport as the virtual size,
    which never equals that, so Textual's ScrollView refreshed the scrollbar after every relayout
    of the screen: one more repaint about 17 ms after a key (`benchmarks/frames.py back`). A change
    of the widget's own virtual size updates its scrollbar where it is made."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(size, self.virtual_size, container_size, layout)  # type: ignore[misc]


class SteadyStatic(SteadySize, Static):
    """A Static laid out once per change of its content."""


class SteadyScroll(SteadySize, VerticalScroll):
    """A VerticalScroll laid out once per change, that can scroll to a child in that layout."""

    def __init__(self, *children: Widget, **kwargs) -> None:
        super().__init__(*children, **kwargs)
        self._reveal_child: Widget | None = None

    def reveal(self, child: Widget) -> None:
        """At the next layout, scroll the least that shows `child` (its top if it is taller than
        the view), as `child.scroll_visible(animate=False)` would after that layout."""
        self._reveal_child = child
        # A new arrangement, not new lines: the container draws only its background, and
        # dirtying it re-rendered every line of it (`benchmarks/run.py` answer).
        self.refresh(layout=True, repaint=False)

    def arrange(self, size: Size, optimal: bool = False) -> DockArrangeResult:
        result = super().arrange(size, optimal)
        child, self._reveal_child = self._reveal_child, None
        if child is not None:
            self._scroll_to_placed(result, child, size)
        return result

    def _scroll_to_placed(self, result: DockArrangeResult, child: Widget, view: Size) -> None:
        placement = next((p for p in result.placements if p.widget is child), None)
        if placement is None:
            return
        region = placement.region.grow(placement.margin)
        window = Region(0, round(self.scroll_y), view.width, view.height)
        delta = Region.get_scroll_to_visible(window, region, top=False)
        bottom = result.spatial_map.total_region.bottom
        y = max(0, min(window.y + delta.y, bottom - view.height))
        # Set as the compositor does for an anchored widget: the placements it computes next
        # already use this offset, so the frame that lays the child out shows it scrolled to.
        self.set_reactive(Widget.scroll_y, float(y))
        self.set_reactive(Widget.scroll_target_y, float(y))
        self.vertical_scrollbar.set_reactive(ScrollBar.position, float(y))


def _measure_again(widget: Widget) -> None:
    """What Textual does when a widget that asked for a layout is next idle
    (`Widget._check_refresh`): its ancestors arrange their children anew."""
    for ancestor in widget.ancestors:
        if not isinstance(ancestor, Widget):
            break
        ancestor._clear_arrangement_cache()
        ancestor._layout_updates += 1
        if not ancestor.styles.auto_dimensions:
            break


class OneFrameScreen(Screen):
    """Mixin for a screen that calls `self.refresh(layout=True)` before changing its widgets: the
    frame that lays it out also takes the refreshes its widgets asked for in the same key.

    Each widget hands its refresh to the screen when it is next idle, which here came after the
    screen's own layout and full repaint: one more layout and repaint a frame later (about 17 ms)
    that changed nothing. The screen does here what each widget would do then (Textual's
    `Widget._check_refresh`): clear the arrangement caches of the ancestors of a widget whose size
    may change, so this layout measures it anew; and it drops the refreshes that widgets handed
    over before this layout began but that were still queued (the screen's frame timer runs
    before the screen's queue). Refreshes asked for during the layout (a scrollbar shown or
    hidden) still get their own frame.
    """

    _full_frame_at: float = -1.0
    """When the last layout with a repaint of the whole screen began (Textual's message clock)."""

    _styled_as: tuple[object, ...] | None = None
    """What the app's styles depended on when this screen's widgets were last styled for it
    (`_style_state`); None: unknown, so restyle when shown."""

    def relayout(self) -> None:
        """Lay the screen out and repaint all of it in the coming frame, taking the changes its
        widgets make in this same key (call it before them).

        Unlike `refresh(layout=True)` it leaves the screen's own lines (its background, under
        every widget) rendered: the whole screen is composed again from each widget's lines,
        and only the widgets that changed render theirs anew."""
        super().refresh(layout=True, repaint=False)
        self._repaint_whole()

    def _repaint_whole(self) -> None:
        """Repaint the whole screen at the next frame, composed from every widget's rendered
        lines; the screen's own lines (its background) are kept."""
        self._repaint_required = True
        region = self.outer_size.region
        self._dirty_regions.add(region)
        self._repaint_regions.add(region)
        self.check_idle()

    _painting_in_full: bool = False
    """A frame that lays out and then repaints the whole screen is under way (`_on_timer_update`)."""

    def _on_timer_update(self) -> None:
        self._painting_in_full = self._layout_required and self._repaint_required
        try:
            super()._on_timer_update()
        finally:
            self._painting_in_full = False

    def _compositor_refresh(self) -> None:
        if self._painting_in_full and self._repaint_required:
            # The layout's own paint of what it moved: the repaint of the whole screen follows in
            # this same frame, so rendering and writing those regions first was wasted.
            return
        super()._compositor_refresh()

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        full = self._repaint_required  # the whole screen is painted in this frame, after the layout
        if full:
            self._full_frame_at = _time.get_time()
            for widget in self._shown_widgets():
                if widget._layout_required:
                    widget._layout_required = False
                    _measure_again(widget)
                widget._scroll_required = False
        super()._refresh_layout(size, scroll)
        if full:
            # What the layout refreshed (scrollbars resized, moved) is painted with the rest.
            for widget in self._shown_widgets():
                widget._repaint_required = False

    def _style_state(self) -> tuple[object, ...]:
        """What a screen's styles depend on beyond its own widgets: the stylesheet (a theme change
        counts up `_css_update_count`) and the app's pseudo-classes (focus, dark, ansi…)."""
        app = self.app
        return (app._css_update_count, frozenset(app.get_pseudo_classes()))

    _mounted_at: float = -1.0
    """When the screen's Mount was handled (Textual's message clock)."""

    RENDER_AHEAD: ClassVar[bool] = False
    """For a screen mounted before it is shown (prepared in idle time, `GovtuiApp.prepare_kept`)
    whose content is ready then: render it ahead (`render_ahead`), not only lay it out."""

    def on_mount(self) -> None:
        # Runs after the subclass's own on_mount (handlers run down the class hierarchy), so a
        # prepared screen is laid out with the content that on_mount gave it.
        # Mounting styled every widget for the app as it is: a push right after (a fresh screen,
        # or a prepared one) need not style them again.
        self._styled_as = self._style_state()
        self._mounted_at = _time.get_time()
        if not self.is_current:  # prepared ahead: showing it then only repaints
            self.call_after_refresh(self.render_ahead if self.RENDER_AHEAD else self.lay_out_ahead)
            # Start the frame timer now. A new timer waits one whole frame (17 ms) before its
            # first tick; run once here (a tick of a hidden screen does nothing), it is then
            # ready to tick as soon as the screen, shown, asks for its first paint.
            self._update_timer.resume()

    _keep_lines_on_resume: bool = False
    """Set while Textual's ScreenResume handler runs for a screen whose styles are unchanged."""

    # The screen's own title is drawn by its TitleBar, which watches it: a new 已读 % need not
    # throw the screen's own lines away and render them again (Screen's reactive repaints).
    title: Reactive[str | None] = Reactive(None, compute=False, repaint=False)
    sub_title: Reactive[str | None] = Reactive(None, compute=False, repaint=False)

    def _keeps_lines(self, caller: CodeType) -> bool:
        """Whether a plain `refresh()` from `caller` only asks for a repaint of the screen as it
        is. Textual throws away every line of a screen it covers (`App.push_screen`), shows again
        (`App._replace_screen`) or resumes (`Screen._on_screen_resume`), the screen's own lines
        included: its background, which only a new size or new styles change, and those throw
        the lines away themselves. Home rendered its 24 lines again after each Esc, and every
        prepared screen its own at each opening (`benchmarks/run.py`)."""
        name, file = caller.co_name, caller.co_filename
        if name in ("push_screen", "_replace_screen"):
            return file.endswith(_APP_FILE)
        if name == "_on_screen_resume" and file.endswith(_SCREEN_FILE) and self._keep_lines_on_resume:
            self._keep_lines_on_resume = False
            return True
        return False

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        if repaint and not (regions or layout or recompose) and self._keeps_lines(sys._getframe(1).f_code):
            self._repaint_whole()
            return self
        if layout and not regions and not recompose and self._full_frame_at > self._mounted_at >= 0:
            caller = sys._getframe(1).f_code
            if caller.co_name == "await_mount" and caller.co_filename.endswith(_AWAIT_MOUNT_FILE):
                # Textual's AwaitMount asks a new screen for a layout once its widgets are
                # mounted; when the screen has been laid out in full since, that layout changes
                # nothing and only costs one more frame (`frames.py open --fresh`).
                return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _on_screen_suspend(self) -> None:
        # The screen was current until now: its widgets are styled for the app as it is now.
        self._styled_as = self._style_state()
        self._keep_lines_on_resume = False
        # Textual repaints a screen as it is covered (for a modal dialog's see-through
        # background); under an opaque screen that repaint only redrew the new screen, in one
        # more frame after its first (`frames.py quiz --fresh`).
        top = self.app.screen
        if top is not self and top.styles.background.a == 1:
            self._repaint_required = False
            self._dirty_widgets.clear()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Skip Textual's restyle of the whole screen on a push when nothing it depends on changed
        since the screen was last styled (a kept screen shown again, a prepared one shown first).

        Textual restyles every widget of a pushed screen, in case the theme or the app's focus
        changed while it was hidden: 15-35 ms of CSS matching for a screen with scrollbars and
        lists (`python benchmarks/frames.py exam`), inside the key, for no change. Runs before
        Screen's own handler (handlers run down the class hierarchy)."""
        if event.refresh_styles and self._styled_as is not None and self._styled_as == self._style_state():
            event.refresh_styles = False
        self._keep_lines_on_resume = not event.refresh_styles

    def lay_out_ahead(self) -> bool:
        """Lay out this screen, mounted but not shown, at the terminal's size, and render every
        widget once: showing it then only repaints what the key changed (Textual lays a screen
        out when it is shown at a size it was not laid out at), and the scrollbars it places are
        already there. False: shown already, or no size."""
        if self.is_current or not self.is_attached or not self.app.size:
            return False
        self._refresh_layout(self.app.size)
        # Every widget's lines too (not shown): its first paint renders only what the key changed.
        self._compositor.render_update(full=True)
        return True

    def render_ahead(self) -> None:
        """For a screen whose content is ready before it is shown (the Regulation list): lay it
        out and render it (`lay_out_ahead`), then leave it marked as not laid out at this size,
        so that showing it lays it out again at once, in the key's own frame, reusing the
        arrangement and the rendered lines (`lay_out_ahead` alone leaves the first paint to the
        next tick)."""
        if self.lay_out_ahead():
            self._size = Size(0, 0)

    def _shown_widgets(self) -> list[Widget]:
        widgets = []
        for widget in self.walk_children(Widget):
            if widget._is_mounted and widget.display:
                widgets.append(widget)
                if widget.is_scrollable:
                    widgets.extend(w for w in widget._get_virtual_dom() if w._is_mounted)
        return widgets

    def _covered(self, message: Message) -> bool:
        """The message asked for what the last full layout and repaint already did."""
        if message.time < self._full_frame_at:
            message.stop()
            message.prevent_default()
            return True
        return False

    async def _on_layout(self, message: messages.Layout) -> None:
        if not self._covered(message):
            await super()._on_layout(message)

    async def _on_update(self, message: messages.Update) -> None:
        if not self._covered(message):
            await super()._on_update(message)

    async def _on_update_scroll(self, message: messages.UpdateScroll) -> None:
        if not self._covered(message):
            await super()._on_update_scroll(message)
