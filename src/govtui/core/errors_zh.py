"""OS and TOML errors said in Chinese, keeping the detail a person needs (which line, which file)."""

from __future__ import annotations

import errno
import re
import tomllib

_ERRNO = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许此操作",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.ENOSPC: "磁盘已满",
    errno.EROFS: "文件系统只读",
    errno.EEXIST: "文件已存在",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EDQUOT: "超出磁盘配额",
    errno.EIO: "读写错误（磁盘或网络盘故障）",
}


def os_reason(exc: OSError) -> str:
    """`exc` in Chinese: a known errno by name, otherwise the system's own words."""
    known = _ERRNO.get(exc.errno or -1)
    if known:
        return known
    return exc.strerror or str(exc)


_TOML_WORDS = [
    ("Invalid value", "值无效"),
    ("Invalid statement", "语句无效"),
    ("Expected '=' after a key in a key/value pair", "键后缺少“=”"),
    ("Cannot declare", "不能重复声明"),
    ("Cannot overwrite a value", "不能覆盖已有的值"),
    ("Unterminated string", "字符串没有结束引号"),
    ("Illegal character", "非法字符"),
    ("Invalid initial character for a key part", "键的首字符无效"),
    ("Expected newline or end of document after a statement", "语句后应换行"),
    ("twice", "两次"),
]


def toml_reason(exc: tomllib.TOMLDecodeError) -> str:
    """A TOML error in Chinese with its line and column (tomllib says `(at line 3, column 7)`)."""
    message = str(exc)
    where = re.search(r"\(at line (\d+), column (\d+)\)", message)
    message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
    for english, chinese in _TOML_WORDS:
        message = message.replace(english, chinese)
    if where:
        return f"第 {where.group(1)} 行第 {where.group(2)} 列：{message}"
    return f"文件末尾：{message}" if "end of document" in str(exc) else message
