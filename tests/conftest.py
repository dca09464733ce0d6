"""Shared fixtures: every test gets its own data dir, never the user's real one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govtui.core.course import Course, open_course
from govtui.core.paths import bundled_course_dir

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data_dir = tmp_path / "data"
    monkeypatch.setenv("GOVTUI_DATA_DIR", str(data_dir))
    monkeypatch.setenv("GOVTUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GOVTUI_COURSE", raising=False)
    return data_dir


@pytest.fixture(scope="session")
def bundled() -> Course:
    """The bundled course, loaded once (tests must not mutate it)."""
    return open_course(bundled_course_dir())


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled course, for tests that break files on purpose."""
    target = tmp_path / "course"
    source = bundled_course_dir()
    shutil.copytree(source / "content", target / "content")
    shutil.copytree(source / "quizzes", target / "quizzes")
    return target
