"""Chinese wording for the operating system's and tomllib's English error messages.

Messages shown to trainees are Chinese; an English "Permission denied" or "Invalid value (at line
3, column 9)" inside them is noise to most. The detail that helps (a path, a line number) is kept.
"""

from __future__ import annotations

import errno
import re
import tomllib
from pathlib import Path

OS_ERRORS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许（没有权限）",
    errno.EEXIST: "已存在同名的文件或文件夹",
    errno.ENOTDIR: "路径中有一部分是文件，不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "所在磁盘是只读的",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EIO: "磁盘读写出错",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EMFILE: "打开的文件太多",
    errno.ENFILE: "打开的文件太多",
    errno.ELOOP: "符号链接循环",
    errno.EINVAL: "文件名或参数无效",
    errno.EXDEV: "不能跨磁盘移动",
    errno.ENOTEMPTY: "文件夹不是空的",
}


def os_error_text(exc: OSError) -> str:
    """A Chinese reason for an OSError; unknown codes keep the system's words and the code."""
    if exc.errno in OS_ERRORS:
        return OS_ERRORS[exc.errno]
    if exc.strerror:
        return f"系统错误：{exc.strerror}（错误码 {exc.errno}）"
    return f"系统错误：{exc}"


_KEY_TUPLE = re.compile(r"\(((?:'[^']*',?\s*)+)\)")
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")
_TOML_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Invalid value"), "值的写法无效（字符串要加引号，列表用方括号）"),
    (re.compile(r"Invalid statement"), "无法识别的语句"),
    (re.compile(r"Expected newline or end of document after a statement"), "一行只能写一条语句"),
    (re.compile(r"Expected '=' after a key in a key/value pair"), "键的后面缺少“=”"),
    (re.compile(r"Cannot declare (.+) twice"), r"表 [\1] 重复声明"),
    (re.compile(r"Cannot overwrite a value"), "键重复，不能覆盖已有的值"),
    (re.compile(r"Cannot mutate immutable namespace (.+)"), r"不能修改已定义的 [\1]"),
    (re.compile(r"Cannot redefine namespace (.+)"), r"不能重新定义 [\1]"),
    (re.compile(r"Duplicate inline table key (.+)"), r"内联表中的键 \1 重复"),
    (re.compile(r"Expected ']' at the end of a table declaration"), "表头缺少结尾的“]”"),
    (re.compile(r"Expected ']]' at the end of an array declaration"), "表数组的表头缺少结尾的“]]”"),
    (re.compile(r"Invalid initial character for a key part"), "键的开头字符无效"),
    (re.compile(r"Unclosed array"), "列表缺少结尾的“]”"),
    (re.compile(r"Unclosed inline table"), "内联表缺少结尾的“}”"),
    (re.compile(r"Unterminated string"), "字符串缺少结尾的引号"),
    (re.compile(r"Illegal character (.+)"), r"字符串中有不允许的字符 \1"),
    (re.compile(r"Found invalid character (.+)"), r"出现无效字符 \1"),
    (re.compile(r"Unescaped '\\' in a string"), "字符串中的“\\”需要写成“\\\\”"),
    (re.compile(r"Invalid hex value"), "转义序列中的十六进制值无效"),
    (re.compile(r"Escaped character is not a Unicode scalar value"), "转义的字符不是有效的 Unicode 字符"),
    (re.compile(r"Invalid date or datetime"), "日期或时间无效"),
    (re.compile(r"Expected (.+)"), r"此处应为 \1"),
]


def toml_error_parts(exc: tomllib.TOMLDecodeError) -> tuple[str, int | None, int | None]:
    """The Chinese reason, line and column of a TOML syntax error (line/column None at the end)."""
    # Keys are shown as Python tuples, ('a', 'b'); a maintainer writes them a.b.
    text = _KEY_TUPLE.sub(lambda m: ".".join(re.findall(r"'([^']*)'", m.group(1))), str(exc))
    line = column = None
    match = _TOML_POSITION.search(text)
    if match:
        text = text[: match.start()]
        if match.group(1):
            line, column = int(match.group(1)), int(match.group(2))
    for pattern, chinese in _TOML_MESSAGES:
        if match := pattern.fullmatch(text):
            return (match.expand(chinese) if pattern.groups else chinese), line, column
    return text, line, column


def toml_error_text(exc: tomllib.TOMLDecodeError) -> str:
    """`TOML 语法错误：……（第 3 行第 9 列）`."""
    reason, line, column = toml_error_parts(exc)
    where = f"（第 {line} 行第 {column} 列）" if line else "（在文件末尾）" if "end of document" in str(exc) else ""
    return f"TOML 语法错误：{reason}{where}"


def record_error_text(exc: Exception) -> str:
    """Why a stored record (学习记录, 自查记录) could not be read, in Chinese."""
    if isinstance(exc, tomllib.TOMLDecodeError):
        return toml_error_text(exc)
    if isinstance(exc, UnicodeDecodeError):
        return "文件不是 UTF-8 编码"
    if isinstance(exc, KeyError):
        return f"缺少字段 {exc.args[0] if exc.args else ''}"
    if isinstance(exc, TypeError):
        return f"字段类型不对（{exc}）"
    return str(exc)


def write_problem(path: Path, exc: OSError) -> str:
    """Why `path` could not be written, naming the part of the path at fault where there is one.

    Creating `a-file/x.md` where `a-file` is a file fails with “File exists” (from mkdir) or “Not
    a directory”; the cause worth saying is that `a-file` is a file.
    """
    for parent in path.parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                return f"“{parent}”是一个文件，不是文件夹，不能在它下面创建文件"
            break
    if path.is_dir():
        return f"“{path}”是一个文件夹；请写出文件名，如 {path / 'export.md'}"
    return os_error_text(exc)
