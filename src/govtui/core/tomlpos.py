"""Line numbers inside TOML text.

tomllib reports line numbers only for syntax errors. For semantic problems (a missing field in
the 7th question) we find the line by scanning the text, so a maintainer is sent to the spot.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from govtui.core.errors import os_error_text, toml_error_parts
from govtui.core.problems import ContentError, Problem

MAX_CONTENT_BYTES = 2_000_000
"""The largest content file govtui reads (a module, a bank, the checklist): today's largest is
under 60 KB; a file far past the limit would freeze the reader rather than teach anything."""


def load_toml(path: Path, text: str | None = None, first_line: int = 1) -> dict[str, Any]:
    """Parse TOML; a syntax error becomes a ContentError naming file and line."""
    if text is None:
        text = read_text(path)
    try:
        return tomllib.loads(text)
    except RecursionError as exc:
        raise ContentError(Problem(path, first_line, "嵌套层数过多，无法解析（数组或表嵌套得太深）")) from exc
    except tomllib.TOMLDecodeError as exc:
        reason, line, column = toml_error_parts(exc)
        where = f"（第 {column} 列）" if column else ""
        line = line + first_line - 1 if line else None
        raise ContentError(Problem(path, line, f"TOML 语法错误：{reason}{where}")) from exc


def read_text(path: Path) -> str:
    """Read a UTF-8 content file; undecodable bytes become a ContentError."""
    try:
        size = path.stat().st_size
        if size > MAX_CONTENT_BYTES:
            raise ContentError(
                Problem(path, None, f"文件过大（{size // 1_000_000} MB），上限为 {MAX_CONTENT_BYTES // 1_000_000} MB")
            )
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ContentError(Problem(path, line, "文件不是 UTF-8 编码")) from exc
    except OSError as exc:
        raise ContentError(Problem(path, None, f"无法读取：{os_error_text(exc)}")) from exc


def table_lines(text: str, name: str, first_line: int = 1) -> list[int]:
    """1-based line numbers of each `[[name]]` header, in order."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]")
    return [i + first_line for i, line in enumerate(text.splitlines()) if header.match(line)]


def key_line(text: str, key: str, start: int, end: int | None = None, first_line: int = 1) -> int:
    """Line of `key = ...` between lines start..end (1-based, inclusive); falls back to start."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    lines = text.splitlines()
    stop = len(lines) if end is None else end - first_line + 1
    for index in range(start - first_line, min(stop, len(lines))):
        if pattern.match(lines[index]):
            return index + first_line
    return start
