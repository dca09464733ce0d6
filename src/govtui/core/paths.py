"""Where the bundled course and the user's data live."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "GOVTUI_DATA_DIR"
COURSE_ENV = "GOVTUI_COURSE"


def bundled_course_dir() -> Path:
    """The course shipped with govtui.

    A wheel carries content/ and quizzes/ inside the package (hatch force-include to
    govtui/_course); a source checkout or editable install has them at the repository root.
    """
    package_dir = Path(__file__).resolve().parent.parent
    installed = package_dir / "_course"
    if (installed / "content" / "course.toml").is_file():
        return installed
    return package_dir.parent.parent


def resolve_course_dir(flag: str | os.PathLike[str] | None = None) -> Path:
    """--course flag, then GOVTUI_COURSE, then the bundled course."""
    chosen = flag or os.environ.get(COURSE_ENV)
    return Path(chosen).expanduser().resolve() if chosen else bundled_course_dir()


def resolve_data_dir(flag: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir flag, then GOVTUI_DATA_DIR, then the platform's user data dir."""
    chosen = flag or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    from platformdirs import user_data_dir

    return Path(user_data_dir("govtui", appauthor=False))
