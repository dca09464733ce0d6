"""A real Learning Record Store for tests: Ralph (PyPI ralph-malph) with its filesystem backend,
served by tests/ralph_server.py (which says why it is not `ralph runserver`).

Started once per test session on a free loopback port, with its app dir and data in a temporary
folder and one user allowed to read and write statements. `RalphLrs.stop()` and `.start()` let a
test take the LRS away and bring it back with the same data.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

USER = "organizer"
SERVER = Path(__file__).with_name("ralph_server.py")
PASSWORD = "ralph-test-password"  # a throwaway credential for a server that lives only during the tests


def _ralph() -> str | None:
    found = Path(sys.executable).with_name("ralph")
    return str(found) if found.is_file() else shutil.which("ralph")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RalphLrs:
    def __init__(self, executable: str, folder: Path) -> None:
        self.executable = executable
        self.folder = folder
        self.data_dir = folder / "statements"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI/"
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(folder / "app"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            # Pages of 500 (default 100): the fs backend re-reads its whole file for every page.
            "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": "500",
            "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(self.data_dir),
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.data_dir),
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.log = folder / "ralph.log"

    def create_user(self) -> None:
        subprocess.run(
            [self.executable, "auth", "-u", USER, "-p", PASSWORD, "-s", "statements/write", "-s", "statements/read",
             "-M", "mailto:organizer@govtui.example", "-w"],
            env=self.env, cwd=self.folder, check=True, capture_output=True, timeout=60,
        )

    def start(self, timeout: float = 45.0) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(SERVER), "127.0.0.1", str(self.port)],
                env=self.env, cwd=self.data_dir, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, stopped as a whole
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph exited: {self.log.read_text(errors='replace')[-2000:]}")
            heartbeat = f"http://127.0.0.1:{self.port}/__heartbeat__"
            with contextlib.suppress(OSError, urllib.error.URLError), urllib.request.urlopen(heartbeat, timeout=1) as answer:
                if answer.status == 200:
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Ralph did not answer in {timeout:.0f} s: {self.log.read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None
        # The port must be free again before a restart, or the client would talk to nothing.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) != 0:
                    return
            time.sleep(0.1)


@pytest.fixture(scope="session")
def ralph_lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RalphLrs]:
    executable = _ralph()
    if executable is None:
        pytest.skip("Ralph (ralph-malph[cli,lrs,backend-fs]) is not installed: pip install -e '.[test]'")
    lrs = RalphLrs(executable, tmp_path_factory.mktemp("ralph"))
    lrs.create_user()
    lrs.start()
    try:
        yield lrs
    finally:
        lrs.stop()
