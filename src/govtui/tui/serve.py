"""Browser mode (`govtui serve`): each browser tab runs its own govtui through textual-serve.

For training rooms and projectors, usually without internet: textual-serve's own page loads a
web font from the internet and writes absolute URLs built from the host it was bound to (useless
to a browser when bound to 0.0.0.0). The page here loads nothing from outside and takes every URL
from the request, so it works under whatever address the trainees typed.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

TEMPLATES = Path(__file__).parent / "web_templates"
TITLE = "govtui 政府信息公开培训"


def app_command(course: str | None = None, data_dir: str | None = None) -> str:
    """The shell command textual-serve runs for each browser tab."""
    parts = [sys.executable, "-m", "govtui"]
    if course:
        parts += ["--course", str(Path(course).resolve())]
    if data_dir:
        parts += ["--data-dir", str(Path(data_dir).resolve())]
    return shlex.join(parts)


class OfflineServer(Server):
    """textual-serve with a page that fetches nothing from the internet."""

    def __init__(self, command: str, host: str, port: int) -> None:
        super().__init__(command, host=host, port=port, title=TITLE, templates_path=TEMPLATES)

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        scheme = "wss" if request.secure else "ws"
        font_size = request.query.get("fontsize", "16")
        return {
            "font_size": int(font_size) if font_size.isdigit() else 16,
            "app_websocket_url": f"{scheme}://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(f"govtui 浏览器模式：在浏览器中打开 {self.public_url}", highlight=False)
        if self.host not in ("127.0.0.1", "localhost", "::1"):
            self.console.print("注意：本机以外的电脑也能打开此页面并以任何学员身份学习。", highlight=False)
        self.console.print("按 Ctrl+C 停止。", highlight=False)


def serve(command: str, host: str, port: int) -> None:
    """Serve govtui until Ctrl+C (or SIGTERM)."""
    OfflineServer(command, host, port).serve()
