"""Module files: Markdown with TOML front matter between `+++` lines."""

from __future__ import annotations

import re
from pathlib import Path

from govtui.core.model import TRACK_IDS, Module
from govtui.core.problems import ContentError, Problem
from govtui.core.tomlpos import key_line, load_toml, read_text, source_lines

FENCE = "+++"
SLUG = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")


def load_module(path: Path, problems: list[Problem]) -> Module | None:
    """Read one module's front matter; problems are appended, None when unusable."""
    try:
        text = read_text(path)
    except ContentError as exc:
        problems.append(exc.problem)
        return None
    lines = source_lines(text)
    if not lines or lines[0].strip() != FENCE:
        problems.append(Problem(path, 1, "模块文件应以 +++ 开始 TOML 前置元数据"))
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        problems.append(Problem(path, 1, "前置元数据缺少结束行 +++"))
        return None
    front = "\n".join(lines[1:end])
    try:
        meta = load_toml(path, front, first_line=2)
    except ContentError as exc:
        problems.append(exc.problem)
        return None

    def where(key: str) -> int:
        return key_line(front, key, 2, end, first_line=2)

    bad = False
    for key in ("id", "title", "track"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            problems.append(Problem(path, where(key) if key in meta else 1, f"缺少或无效的字段 {key}"))
            bad = True
    if bad:
        return None
    if not SLUG.match(meta["id"]):
        problems.append(Problem(path, where("id"), f"id 只能用小写字母、数字和连字符：{meta['id']}"))
    elif meta["id"] != path.stem:
        problems.append(Problem(path, where("id"), f"id {meta['id']} 应与文件名 {path.stem} 一致"))
    if meta["track"] not in TRACK_IDS:
        problems.append(Problem(path, where("track"), f"track 应为 1、41 或 N：{meta['track']}"))
        return None
    order = meta.get("order")
    if not isinstance(order, int) or isinstance(order, bool):
        problems.append(Problem(path, where("order") if "order" in meta else 1, "order 应为整数"))
        order = 0
    objectives = _string_list(meta, "objectives", path, where, problems)
    sources = _string_list(meta, "sources", path, where, problems)
    minutes = meta.get("minutes", 10)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        problems.append(Problem(path, where("minutes"), "minutes 应为正整数"))
        minutes = 10
    return Module(
        id=meta["id"],
        title=meta["title"],
        track=meta["track"],
        order=order,
        objectives=objectives,
        sources=sources,
        minutes=minutes,
        path=path,
        body_line=end + 2,
    )


def _string_list(meta: dict, key: str, path: Path, where, problems: list[Problem]) -> list[str]:
    value = meta.get(key)
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        line = where(key) if key in meta else 1
        problems.append(Problem(path, line, f"{key} 应为非空的字符串列表"))
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
    return value
