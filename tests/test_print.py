"""Printed documents, as a browser prints them: the 学习证明 fits one A4 page.

Needs a headless Chromium (Debian package `chromium`); skipped with the reason where it is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from records_helpers import START, make_learner, sit_exam

from govtui.cli import main
from govtui.core.progress import ProgressStore

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium on this machine (apt-get install chromium)")


def pdf_pages(html: Path, tmp_path: Path) -> int:
    pdf = tmp_path / (html.stem + ".pdf")
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'chrome'}",
         f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.resolve().as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def test_certificate_prints_on_one_a4_page(bundled, isolated_data_dir: Path, tmp_path: Path) -> None:
    profile = make_learner(bundled, isolated_data_dir, "欧阳明月", "yuzhong", 20)
    for n in range(12):
        sit_exam(bundled, profile, 70 + n, START)
    ProgressStore(isolated_data_dir).save(profile)
    out = tmp_path / "学习证明.html"
    assert main(["record", "export", "--profile", "欧阳明月", "--format", "html", "--out", str(out)]) == 0
    assert pdf_pages(out, tmp_path) == 1
