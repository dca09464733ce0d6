"""`govtui serve`: the page is served on loopback, loads nothing from the internet, and runs the app."""

from __future__ import annotations

import asyncio
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import aiohttp
import pytest

URL = re.compile(r"""https?://[^\s"'<>()`]+""")
LINKED = re.compile(r"""(?:href|src)\s*=\s*"([^"]+)"|url\(\s*["']?([^"')]+)""")
COMMENTS = re.compile(r"/\*.*?\*/|<!--.*?-->", re.S)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200, url
        return response.read().decode("utf-8", "replace")


@pytest.fixture
def server() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "govtui", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(base + "/")
                break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "govtui serve did not answer in time"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def external_urls(text: str, base: str) -> list[str]:
    """URLs in `text` (comments aside) that point anywhere but `base`."""
    return [url for url in URL.findall(COMMENTS.sub("", text)) if not url.startswith((base, base[5:]))]


def linked(text: str) -> list[str]:
    return [a or b for a, b in LINKED.findall(COMMENTS.sub("", text))]


def test_serve_page_references_nothing_outside_the_server(server: str) -> None:
    page = fetch(server + "/")
    assert "govtui 政府信息公开培训" in page
    assert external_urls(page, server) == []
    resources = [url for url in linked(page) if not url.startswith("data:")]
    assert any(url.endswith(".js") for url in resources) and any(url.endswith(".css") for url in resources)
    assert any(url.endswith(".ttf") for url in resources)  # the font is served locally, not fetched
    for url in resources:
        assert url.startswith("/") and not url.startswith("//"), url
        body = fetch(server + url)
        if url.endswith((".css", ".js")):
            assert external_urls(body, server) == [], url
            for nested in linked(body) if url.endswith(".css") else []:
                assert not nested.startswith(("http:", "https:", "//")), nested
    assert 'data-session-websocket-url="ws://127.0.0.1:' in page


def test_browser_tab_runs_govtui(server: str) -> None:
    async def first_screen() -> str:
        received = b""
        async with aiohttp.ClientSession() as session:
            ws_url = server.replace("http:", "ws:") + "/ws?width=80&height=24"
            async with session.ws_connect(ws_url) as websocket:
                deadline = time.monotonic() + 60
                while "政府信息公开培训" not in received.decode("utf-8", "ignore"):
                    assert time.monotonic() < deadline, received[-500:]
                    message = await websocket.receive(timeout=60)
                    if message.type == aiohttp.WSMsgType.BINARY:
                        received += message.data
                    elif message.type != aiohttp.WSMsgType.TEXT:
                        break
        return received.decode("utf-8", "ignore")

    assert "政府信息公开培训" in asyncio.run(first_screen())
