"""Themes: the high-contrast theme, and semantic text styles that follow the current theme.

Rich `Text` built in Python names its colours by role ("good", "bad", "warn", "note", "muted"),
never by colour: a fixed "yellow" or "cyan" vanishes on a light background. The roles are entries
of a Rich theme on the app's console, rebuilt from the Textual theme's variables whenever the
theme changes, so the same text is readable on dark, light and high-contrast themes.
"""

from __future__ import annotations

from rich.style import Style
from rich.theme import Theme as RichTheme
from textual.app import App
from textual.color import Color, ColorParseError
from textual.theme import Theme

DEFAULT_THEME = "textual-dark"
HIGH_CONTRAST = Theme(
    name="govtui-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#333333",
    success="#00FF66",
    warning="#FFFF00",
    error="#FF6666",
    dark=True,
    variables={
        "text-muted": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        # A deep blue cursor row: white, yellow, green and light red statuses all stay readable on it.
        "block-cursor-background": "#0033AA",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-text-style": "bold",
    },
)

# Chinese names for the themes a trainee is likely to want; others keep Textual's name.
THEME_NAMES = {
    DEFAULT_THEME: "深色（默认）",
    "textual-light": "浅色",
    HIGH_CONTRAST.name: "高对比度",
}

# Role -> (theme variable, bold)
ROLES: dict[str, tuple[str, bool]] = {
    "good": ("text-success", False),
    "good-bold": ("text-success", True),
    "bad": ("text-error", False),
    "bad-bold": ("text-error", True),
    "warn": ("text-warning", False),
    "warn-bold": ("text-warning", True),
    # No colour of its own: primary-coloured text vanished on the (primary) cursor row.
    "note": ("", False),
    "muted": ("foreground-muted", False),
}


def theme_label(name: str) -> str:
    return THEME_NAMES.get(name, name)


def _colour(text: str | None) -> Color | None:
    """A theme variable's colour, or None where it is not one colour (the ANSI themes' "ansi_default 50%")."""
    if not text:
        return None
    try:
        return Color.parse(text)
    except ColorParseError:
        return None


def semantic_styles(variables: dict[str, str]) -> RichTheme:
    """Rich styles for the roles, from a Textual theme's CSS variables."""
    background = _colour(variables.get("background")) or Color(0, 0, 0)
    styles: dict[str, Style] = {}
    for role, (variable, bold) in ROLES.items():
        colour = _colour(variables.get(variable)) or _colour(variables.get("foreground")) if variable else None
        if colour is None:  # no colour of its own: the terminal's text colour
            styles[role] = Style(bold=bold or None)
            continue
        if colour.a < 1:  # e.g. foreground-muted is the foreground at 60%: blend it onto the page
            colour = background.blend(colour.with_alpha(1), colour.a)
        styles[role] = Style(color=colour.rich_color, bold=bold or None)
    # Words a search found: the page colour on the warning colour, like a highlighter pen.
    marker = _colour(variables.get("warning")) or Color(255, 255, 0)
    styles["found"] = Style(color=background.rich_color, bgcolor=marker.with_alpha(1).rich_color, bold=True)
    return RichTheme(styles, inherit=True)


class SemanticStyles:
    """Keeps the role styles on an app's console in step with its theme."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.pushed = False
        self.update()

    def update(self, *_: object) -> None:
        console = self.app.console
        if self.pushed:
            console.pop_theme()
        console.push_theme(semantic_styles(self.app.get_css_variables()))
        self.pushed = True


def redraw_text(app: App) -> None:
    """Rebuild the drawn form of Rich text on every open screen, so role colours follow a new theme.

    Textual turns a `Text` into its own content once and keeps it; the role styles are looked up
    only then. Static widgets are given their text again; option lists forget their drawn prompts.
    """
    from textual.widgets import OptionList, Static

    for screen in app.screen_stack:
        for widget in screen.query("*"):
            if isinstance(widget, Static):
                widget.update(widget.content)
            elif isinstance(widget, OptionList):
                for option in widget.options:
                    option._visual = None  # Textual's cached drawing of the prompt
                widget._clear_caches()
