"""OS and TOML error texts in Chinese, keeping the line and column."""

from __future__ import annotations

import errno
import tomllib

import pytest

from govtui.core.errors import os_error_text, record_error_text, toml_error_text


def toml_error(text: str) -> tomllib.TOMLDecodeError:
    with pytest.raises(tomllib.TOMLDecodeError) as info:
        tomllib.loads(text)
    return info.value


def test_common_os_errors_are_chinese() -> None:
    assert os_error_text(PermissionError(errno.EACCES, "Permission denied")) == "没有权限"
    assert os_error_text(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"
    assert "Permission" not in os_error_text(PermissionError(errno.EACCES, "Permission denied"))


def test_unknown_os_error_keeps_the_code() -> None:
    assert "错误码 999" in os_error_text(OSError(999, "Strange"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a = b", "TOML 语法错误：值的写法无效（字符串要加引号，列表用方括号）（第 1 行第 5 列）"),
        ("x = 1\ny z", "TOML 语法错误：键的后面缺少“=”（第 2 行第 3 列）"),
        ("[a]\n[a]", "TOML 语法错误：表 [a] 重复声明（第 2 行第 3 列）"),
        ('a = "abc', "TOML 语法错误：字符串缺少结尾的引号（在文件末尾）"),
    ],
)
def test_toml_errors_are_chinese_with_position(text: str, expected: str) -> None:
    assert toml_error_text(toml_error(text)) == expected


def test_record_errors() -> None:
    assert record_error_text(toml_error("a = b")).startswith("TOML 语法错误")
    assert record_error_text(KeyError("profile")) == "缺少字段 profile"
