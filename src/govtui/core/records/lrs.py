"""Talking to a Learning Record Store (xAPI 1.0.3) with the standard library's urllib.

urllib is enough for Basic auth, JSON bodies, a timeout and a few retries, and it keeps govtui
free of a runtime HTTP dependency. The password comes from an environment variable (named by
`--password-env` or `password_env` in the `[lrs]` table of `<data>/config.toml`) or from that
table's `password`; it is never written to a file or printed, and `LrsConfig`'s repr hides it.

What the LRS acknowledged is remembered per profile and per LRS in `<data>/lrs/<profile id>.toml`,
written atomically after every batch, so an interrupted sync resumes where it stopped.
"""

from __future__ import annotations

import base64
import json
import os
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from govtui.core.atomic import atomic_write_text
from govtui.core.errors import os_error_text, toml_error_text

XAPI_VERSION = "1.0.3"
CONFIG_FILE = "config.toml"
STATE_DIR = "lrs"
STATE_SCHEMA_VERSION = 1
DEFAULT_PASSWORD_ENV = "GOVTUI_LRS_PASSWORD"


class LrsError(Exception):
    """The LRS could not be reached or refused a request; the message is for the organizer."""


@dataclass(slots=True)
class LrsConfig:
    url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 10.0
    retries: int = 2
    batch_size: int = 200

    @property
    def statements_url(self) -> str:
        base = self.url.rstrip("/")
        return base if base.endswith("/statements") else base + "/statements"


def read_config_table(data_dir: Path) -> dict[str, Any]:
    """The `[lrs]` table of `<data>/config.toml` ({} if there is none); errors raise LrsError."""
    path = data_dir / CONFIG_FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LrsError(f"配置文件 {path} 无法读取：{os_error_text(exc)}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LrsError(f"配置文件 {path} 无法读取：{toml_error_text(exc)}") from exc
    except (UnicodeDecodeError, RecursionError) as exc:
        raise LrsError(f"配置文件 {path} 无法读取：不是 UTF-8 编码的 TOML，或嵌套过深") from exc
    table = data.get("lrs", {})
    if not isinstance(table, dict):
        raise LrsError(f"配置文件 {path} 中的 [lrs] 应为表")
    return table


def resolve_config(
    data_dir: Path, url: str | None = None, user: str | None = None, password_env: str | None = None
) -> LrsConfig:
    """Flags first, then `[lrs]` of config.toml; raises LrsError when no usable URL is known."""
    table = read_config_table(data_dir)
    url = url or table.get("url")
    if not isinstance(url, str) or not url.strip():
        raise LrsError(f"未指定 LRS 地址：用 --lrs URL，或在 {data_dir / CONFIG_FILE} 的 [lrs] 表中写 url")
    parsed = urllib.parse.urlsplit(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise LrsError(f"LRS 地址应以 http:// 或 https:// 开头：{url}")
    user = user or table.get("user")
    env_name = password_env or table.get("password_env") or DEFAULT_PASSWORD_ENV
    password = os.environ.get(str(env_name))
    if password is None and not password_env and isinstance(table.get("password"), str):
        password = table["password"]
    if user and password is None:
        raise LrsError(f"未提供 LRS 密码：请设置环境变量 {env_name}（或用 --password-env 指定变量名）")
    config = LrsConfig(url.strip(), str(user) if user else None, password)
    for key, kind in (("timeout", float), ("retries", int), ("batch_size", int)):
        value = table.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            setattr(config, key, kind(value))
    return config


class LrsClient:
    """POST and GET /statements with Basic auth, a timeout and retries for passing failures."""

    def __init__(self, config: LrsConfig, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self._sleep = sleep

    def _headers(self) -> dict[str, str]:
        headers = {"X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}
        if self.config.user:
            token = f"{self.config.user}:{self.config.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
        return headers

    def _request(self, method: str, url: str, body: bytes | None = None) -> tuple[int, bytes]:
        headers = self._headers()
        if body is not None:
            headers["Content-Type"] = "application/json"
        last = ""
        for attempt in range(self.config.retries + 1):
            if attempt:
                self._sleep(0.5 * 2 ** (attempt - 1))
            request = urllib.request.Request(url, data=body, headers=headers, method=method)
            try:
                with _OPENER.open(request, timeout=self.config.timeout) as response:
                    return response.status, response.read()
            except urllib.error.HTTPError as exc:
                status, payload = exc.code, exc.read()
                if status in (429, 502, 503, 504):
                    last = f"LRS 暂时不可用（HTTP {status}）"
                    continue
                return status, payload
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                last = f"无法连接 LRS {self.config.url}（{reason}）"
        raise LrsError(last)

    def post_statements(self, statements: list[dict[str, Any]]) -> None:
        """Store a batch; returns normally when the LRS holds every statement of it."""
        body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
        status, payload = self._request("POST", self.config.statements_url, body)
        if status in (200, 204):
            return
        raise LrsError(f"LRS 拒绝了语句（HTTP {status}）：{_detail(payload)}")

    def statements(self) -> Iterator[dict[str, Any]]:
        """Every statement the LRS returns, following its `more` links on the same server only."""
        url = self.config.statements_url + "?" + urllib.parse.urlencode({"limit": 500, "ascending": "true"})
        origin = urllib.parse.urlsplit(url)[:2]
        while url:
            status, payload = self._request("GET", url)
            if status != 200:
                raise LrsError(f"LRS 拒绝了查询（HTTP {status}）：{_detail(payload)}")
            try:
                page = json.loads(payload)
            except ValueError as exc:
                raise LrsError("LRS 返回的不是 JSON") from exc
            batch = page.get("statements") if isinstance(page, dict) else None
            if not isinstance(batch, list):
                raise LrsError("LRS 返回的内容缺少 statements")
            yield from (s for s in batch if isinstance(s, dict))
            more = page.get("more")
            url = urllib.parse.urljoin(url, more) if isinstance(more, str) and more and batch else ""
            if url and urllib.parse.urlsplit(url)[:2] != origin:
                raise LrsError("LRS 的翻页地址指向其他服务器，已停止读取")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect could carry the Basic credentials elsewhere: treat it as an error instead."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _detail(payload: bytes) -> str:
    text = payload.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
        if isinstance(data, dict) and "detail" in data:
            text = str(data["detail"])
    except ValueError:
        pass
    return text[:300] or "（无说明）"


# -- sync state -------------------------------------------------------------------------------


class SyncState:
    """Statement ids an LRS has acknowledged, for one profile, per LRS URL."""

    def __init__(self, data_dir: Path, profile_id: str) -> None:
        self.path = data_dir / STATE_DIR / f"{profile_id}.toml"
        self.profile_id = profile_id
        self.acknowledged: dict[str, set[str]] = {}
        if self.path.is_file():
            try:
                data = tomllib.loads(self.path.read_text(encoding="utf-8"))
                if data.get("schema_version") != STATE_SCHEMA_VERSION:
                    raise ValueError("schema_version")
                for endpoint in data.get("endpoints", []):
                    self.acknowledged[str(endpoint["url"])] = {str(i) for i in endpoint.get("acknowledged", [])}
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, KeyError, TypeError) as exc:
                # Forgetting acknowledgements only costs a resend: ids are deterministic, the LRS keeps one copy.
                raise LrsError(f"同步记录 {self.path} 无法读取（{exc}）；删除该文件后将重新发送全部语句") from exc

    def for_url(self, url: str) -> set[str]:
        return self.acknowledged.setdefault(url, set())

    def save(self) -> None:
        data = {
            "schema_version": STATE_SCHEMA_VERSION,
            "profile": self.profile_id,
            "endpoints": [
                {"url": url, "acknowledged": sorted(ids)} for url, ids in sorted(self.acknowledged.items())
            ],
        }
        atomic_write_text(self.path, tomli_w.dumps(data), private=True)


@dataclass(slots=True)
class SyncResult:
    sent: int = 0
    pending: int = 0
    already: int = 0
    error: str | None = None


def sync_statements(
    client: LrsClient, state: SyncState, statements: list[dict[str, Any]]
) -> SyncResult:
    """Send the statements the LRS has not acknowledged yet, batch by batch.

    A failed batch stays queued (nothing is marked); acknowledged batches are saved at once.
    """
    acked = state.for_url(client.config.statements_url)
    pending = [s for s in statements if s["id"] not in acked]
    result = SyncResult(already=len(statements) - len(pending), pending=len(pending))
    size = max(1, client.config.batch_size)
    for start in range(0, len(pending), size):
        batch = pending[start : start + size]
        try:
            client.post_statements(batch)
        except LrsError as exc:
            result.error = str(exc)
            break
        acked.update(s["id"] for s in batch)
        state.save()
        result.sent += len(batch)
        result.pending -= len(batch)
    return result
