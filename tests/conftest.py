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


# A bank whose text uses every character the export formats treat specially (GIFT, Aiken, XML).
SPECIAL_BANK = r'''schema = 1
topic = "特殊字符"

[[questions]]
id = "zz-single"
type = "single"
stem = "a{b}c=d~e#f:g"
choices = ["甲{1}", "乙=2~3", "[html]丙#4:5", "%50%丁\\6"]
answer = "C"
explanation = "解析含 {特殊} 字符：=~#\n第二行"
sources = ["reg:1", "report:s1"]
point = "转义"
difficulty = 1

[[questions]]
id = "zz-multiple"
type = "multiple"
stem = "多选 {x}：~y"
choices = ["一=1", "二#2", "三:3", "四}4"]
answer = ["A", "B", "D"]
explanation = "三个正确"
sources = ["reg:2"]
point = "转义"
difficulty = 2

[[questions]]
id = "zz-truefalse"
type = "truefalse"
stem = "判断 a=b #c"
answer = false
explanation = "错"
sources = ["reg:3"]
point = "转义"
difficulty = 1

[[questions]]
id = "zz-fill"
type = "fill"
stem = "前面{1}=~____后面#:2"
answer = ["a:b", "c#d*", "e->f"]
explanation = "填空"
sources = ["reg:4"]
point = "转义"
difficulty = 1

[[questions]]
id = "zz-fill-end"
type = "fill"
stem = "空在最后：____"
answer = ["20"]
explanation = "填空"
sources = ["reg:4"]
point = "转义"
difficulty = 1

[[questions]]
id = "zz-order"
type = "order"
stem = "排序 {题}"
items = ["第{一}步=", "第二步->x", "第三步~#"]
explanation = "排序"
sources = ["reg:5"]
point = "转义"
difficulty = 3
'''


@pytest.fixture
def special(course_copy: Path) -> Course:
    (course_copy / "quizzes" / "zz-special.toml").write_text(SPECIAL_BANK, encoding="utf-8")
    course = open_course(course_copy)
    assert {"zz-single", "zz-multiple", "zz-truefalse", "zz-fill", "zz-order"} <= set(course.questions)
    return course
