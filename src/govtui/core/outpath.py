"""Where `--out` may write: never over a file without `--force`, never into the data dir, never into a
FIFO or device, never into a folder that does not exist; and which format a file name implies.

A mistyped `--out` must not destroy a learner record or hang on a pipe: every rule here exists
because a fault-injection run did exactly that.
"""

from __future__ import annotations

import stat
from pathlib import Path


class OutPathError(ValueError):
    """An `--out` that govtui refuses, with the reason in Chinese."""


def check_out_path(out: str | Path, *, data_dir: Path | None, force: bool) -> Path:
    """The path to write, or OutPathError saying why not. `-` (stdout) is handled by the caller."""
    path = Path(out).expanduser()
    target = path.resolve()
    if data_dir is not None:
        home = data_dir.expanduser().resolve()
        if target == home or home in target.parents:
            raise OutPathError(f"“{path}”在 govtui 的数据目录 {home} 中；导出文件不能写入数据目录，以免覆盖学习记录")
    parent = target.parent
    for ancestor in [parent, *parent.parents]:
        if ancestor.exists():
            if not ancestor.is_dir():
                raise OutPathError(f"“{ancestor}”是一个文件，不是文件夹，不能在它下面创建文件")
            break
    if not parent.is_dir():
        raise OutPathError(f"文件夹“{parent}”不存在；请先创建它，或换一个位置")
    if target.exists() or path.is_symlink():
        mode = target.stat().st_mode if target.exists() else 0
        if stat.S_ISDIR(mode):
            raise OutPathError(f"“{path}”是一个文件夹；请写出文件名，如 {path / 'export.txt'}")
        if not stat.S_ISREG(mode):
            raise OutPathError(f"“{path}”不是普通文件（可能是管道或设备）；要输出到屏幕请用 --out -")
        if not force:
            raise OutPathError(f"“{path}”已存在；确认要覆盖请加 --force")
    return path


def choose_format(out: str, given: str | None, suffixes: dict[str, str], stdout_default: str) -> str:
    """`given`, else the format a known extension implies; an unknown extension must be told."""
    if given:
        return given
    if out == "-":
        return stdout_default
    suffix = Path(out).suffix.lower()
    if suffix in suffixes:
        return suffixes[suffix]
    known = "、".join(sorted(set(suffixes)))
    raise OutPathError(
        f"无法从文件名“{Path(out).name}”判断格式（认识的扩展名：{known}）；请用 --format 指定"
    )
