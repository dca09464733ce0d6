"""Exports written by the TUI, offered to the browser as downloads in `govtui serve`."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from textual.app import App

MIME_TYPES = {
    ".md": "text/markdown",
    ".csv": "text/csv",
    ".json": "application/json",
    ".html": "text/html",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_written(app: App, path: Path) -> None:
    """Tell the trainee where an export went; in a browser, also download it to their computer.

    In browser mode the file is written on the machine running `govtui serve`, which is not the
    trainee's: a path alone would be of no use to them.
    """
    if app.is_web:
        mime_type = MIME_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
        app.deliver_binary(path, save_filename=path.name, mime_type=mime_type or "application/octet-stream")
        app.notify(f"已导出，浏览器将下载 {path.name}", timeout=15)
    else:
        app.notify(f"已导出：{path}", timeout=15)
