"""Line numbers inside TOML text.

tomllib reports line numbers only for syntax errors. For semantic problems (a missing field in
the 7th question) we find the line by scanning the text, so a maintainer is sent to the spot.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from govtui.core.problems import ContentError, Problem

_ERR_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def load_toml(path: Path, text: str | None = None, first_line: int = 1) -> dict[str, Any]:
    """Parse TOML; a syntax error becomes a ContentError naming file and line."""
    if text is None:
        text = read_text(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _ERR_LINE.search(str(exc))
        line = int(match.group(1)) + first_line - 1 if match else None
        message = _ERR_LINE.sub("", str(exc)).strip()
        raise ContentError(Problem(path, line, f"TOML 语法错误：{message}")) from exc


def read_text(path: Path) -> str:
    """Read a UTF-8 content file; undecodable bytes become a ContentError."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ContentError(Problem(path, line, "文件不是 UTF-8 编码")) from exc
    except OSError as exc:
        raise ContentError(Problem(path, None, f"无法读取：{exc.strerror}")) from exc


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
