"""Hostile text typed by users stays text in every export format (issue 9: defects 6 and 13)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from govtui.core import escape
from govtui.core.progress import ProgressStore
from govtui.core.records.export import export_learner
from govtui.core.selfcheck import SelfCheckStore, new_session
from govtui.core.selfcheck_export import export_session

HOSTILE = [
    "李[/]",
    "[@click=app.quit]点我[/]",
    "a\\[b]",
    "终端\x1b]0;被改的标题\x07",
    "清屏\x1b[2J",
    "空\x00字符",
    "\u202e右到左",
    "../../etc/passwd",
    "![](http://tracker.example/x.png)",
    "[点我](http://evil.example)",
    "<script>alert(1)</script>",
    "=HYPERLINK(\"http://evil.example\")",
    "**粗体** `代码` # 标题",
]
RAW_CONTROLS = ("\x1b", "\x00", "\x07", "\u202e")


def test_visible_shows_controls_as_symbols() -> None:
    assert escape.visible("a\x1b[2Jb\x00\u202e") == "a␛[2Jb␀\ufffd"
    assert escape.visible("多行\n文本\t制表") == "多行\n文本\t制表"


def assert_safe(text: str, fmt: str) -> None:
    for control in RAW_CONTROLS:
        assert control not in text, (fmt, repr(control))
    if fmt == "html":
        assert "<script>" not in text and "onerror" not in text
    if fmt == "md":
        for live in (r"(?<!\\)!\[", r"(?<!\\)\]\(http", r"(?<!\\)<script", r"(?<!\\)\*\*粗体"):
            assert not re.search(live, text), live


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_self_check_exports(bundled, tmp_path: Path, fmt: str) -> None:
    store = SelfCheckStore(tmp_path)
    session = new_session("某镇" + HOSTILE[3], "township", HOSTILE[:4])
    items = bundled.checklist.items_for("township")
    for item, text in zip(items, HOSTILE, strict=False):
        mark = session.mark(item.id)
        mark.status = "na"
        mark.reason = text
        mark.evidence = [text, text + "（二）"]
        mark.notes = text
    store.save(session)
    data = export_session(bundled, store.load(session.id), None, fmt)
    text = data.decode("utf-8-sig")
    if fmt == "json":
        json.loads(text)
        assert "\x1b" not in text and ("清屏␛[2J" in text or "清屏\\u241b[2J" in text)  # stored as visible symbols
        return
    assert_safe(text, fmt)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert all(not cell.startswith("=") for row in rows for cell in row)


@pytest.mark.parametrize("fmt", ["json", "csv", "html", "xapi"])
def test_learner_record_exports(bundled, isolated_data_dir: Path, fmt: str) -> None:
    store = ProgressStore(isolated_data_dir)
    profile = store.create("清屏\x1b[2J<b>王</b>", None)
    profile.record_answer(next(iter(bundled.questions)), False, clear_after=3)
    data = export_learner(bundled, profile, fmt)
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    if fmt in ("json", "xapi"):
        json.loads(text)
        assert "\x1b" not in text  # JSON escapes it as \u001b
        return
    assert_safe(text, fmt)
    if fmt == "html":
        assert "<b>王</b>" not in text and "&lt;b&gt;王&lt;/b&gt;" in text
