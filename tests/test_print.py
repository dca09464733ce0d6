"""Printed documents, as a browser prints them: the 学习证明 fits one A4 page; a full 自查报告 is one
page of summary plus about one page per area, with no column narrower than 6 characters.

Needs a headless Chromium (Debian package `chromium`); skipped with the reason where it is missing.
Pages are counted with `pdfinfo` (poppler-utils) where installed, else from the PDF's page objects.

How column widths are measured: the report is copied with its `@media print` rules applied to the
screen (`@media all`), opened at the width of the A4 print area (210 mm less 2 × 11 mm margins =
711 CSS px), and a script added to the copy measures every table cell's content box in units of its
own font size (1em = one Chinese character) and whether any status tag wraps to a second line. The
results come back through `--dump-dom`. The exported file itself holds no script.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from records_helpers import START, make_learner, sit_exam

from govtui.cli import main
from govtui.core.course import Course
from govtui.core.progress import ProgressStore
from govtui.core.selfcheck import SelfCheckSession, SelfCheckStore, new_session, score_session

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
PDFINFO = shutil.which("pdfinfo")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium on this machine (apt-get install chromium)")

A4_PRINT_WIDTH_PX = 711
"""210 mm less the 11 mm left and right @page margins, at 96 CSS px per inch."""
MIN_COLUMN_CHARS = 6


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'chrome'}",
         *args],
        check=True, capture_output=True, timeout=180,
    )


def pdf_pages(html: Path, tmp_path: Path) -> int:
    pdf = tmp_path / (html.stem + ".pdf")
    _chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.resolve().as_uri())
    if PDFINFO:
        info = subprocess.run([PDFINFO, str(pdf)], check=True, capture_output=True, text=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


_MEASURE = """
<script>
const out = {cells: [], tags: [], emptyHeaders: 0};
for (const cell of document.querySelectorAll("th, td")) {
  const style = getComputedStyle(cell);
  const size = parseFloat(style.fontSize);
  const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  out.cells.push({text: cell.textContent.slice(0, 20), chars: inner / size, span: cell.colSpan});
  if (cell.tagName === "TH" && !cell.textContent.trim()) out.emptyHeaders++;
}
for (const tag of document.querySelectorAll(".tag")) {
  const size = parseFloat(getComputedStyle(tag).fontSize);
  out.tags.push({text: tag.textContent, lines: tag.getClientRects().length, height: tag.getBoundingClientRect().height / size});
}
const pre = document.createElement("pre");
pre.id = "measured";
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>
"""


def print_layout(html: Path, tmp_path: Path) -> dict:
    """Cell widths (in characters) and tag heights of the report as laid out on an A4 page."""
    page = html.read_text(encoding="utf-8").replace("@media print", "@media all")
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", f"--window-size={A4_PRINT_WIDTH_PX},1000", probe.resolve().as_uri())
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom.stdout.decode("utf-8"), re.S)
    assert found, "the measuring script did not run"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))


def test_certificate_prints_on_one_a4_page(bundled, isolated_data_dir: Path, tmp_path: Path) -> None:
    profile = make_learner(bundled, isolated_data_dir, "欧阳明月", "yuzhong", 20)
    for n in range(12):
        sit_exam(bundled, profile, 70 + n, START)
    ProgressStore(isolated_data_dir).save(profile)
    out = tmp_path / "学习证明.html"
    assert main(["record", "export", "--profile", "欧阳明月", "--format", "html", "--out", str(out)]) == 0
    assert pdf_pages(out, tmp_path) == 1


# -- the self-check report ----------------------------------------------------------------------

LEVEL = "county-gov"
"""The agency type with the most items (67 in 8 areas)."""
STATUSES = ("compliant", "compliant", "partial", "compliant", "noncompliant", "compliant", "na", "partial")
LONG_EVIDENCE = [
    "\\\\fileserver\\政务公开\\2024年度\\自查材料\\政府信息公开工作制度汇编（2024年修订版）_最终稿_v3.pdf",
    "https://www.example.gov.cn/zwgk/zfxxgkml/zcwj/qtwj/202403/t20240315_12345678_wap.html?channel=zfxxgk&from=selfcheck",
    "《某某区人民政府办公室关于进一步做好政府信息公开工作的通知》（某府办发〔2024〕12号）",
]
NOTE = "已对照检查方法逐项核对，材料齐全；经办人员张三、备岗人员李四已明确；2024年第二季度起按月抽查专栏更新情况，抽查记录附后。"


def full_session(bundled: Course, on: date, shift: int = 0) -> SelfCheckSession:
    """Every item assessed, with long evidence and notes: the longest report a session makes."""
    session = new_session("重庆市某某区人民政府", LEVEL, ["张三", "李四", "王五", "欧阳明月"], on=on)
    for n, item in enumerate(bundled.checklist.items_for(LEVEL)):
        mark = session.mark(item.id)
        mark.status = STATUSES[(n + shift) % len(STATUSES)]
        if mark.status == "na":
            mark.reason = "本区未设该类机构，相关职责由区政府办公室承担（见区编委文件）。"
        else:
            mark.evidence = list(LONG_EVIDENCE)
            mark.notes = NOTE
    return session


@pytest.fixture
def full_report(bundled: Course, isolated_data_dir: Path, tmp_path: Path) -> Path:
    store = SelfCheckStore(isolated_data_dir)
    earlier = full_session(bundled, date(2023, 11, 20), shift=3)
    current = full_session(bundled, date(2024, 11, 18))
    current.finished_at = "2024-11-18T09:00:00+00:00"
    current.finished_score = score_session(bundled.checklist, current).score - 2.5  # an older checklist's score
    store.save(earlier)
    store.save(current)
    out = tmp_path / "自查报告.html"
    assert main(["selfcheck", "export", current.id, "--format", "html", "--out", str(out)]) == 0
    return out


def test_full_selfcheck_report_prints_on_one_page_per_area(bundled: Course, full_report: Path, tmp_path: Path) -> None:
    areas = len({item.area for item in bundled.checklist.items_for(LEVEL)})
    pages = pdf_pages(full_report, tmp_path)
    assert pages <= 1 + areas + 1, f"{pages} pages for {areas} areas"


def test_full_selfcheck_report_columns_are_readable(full_report: Path, tmp_path: Path) -> None:
    layout = print_layout(full_report, tmp_path)
    assert layout["cells"] and layout["tags"]
    narrow = [c for c in layout["cells"] if c["chars"] < MIN_COLUMN_CHARS]
    assert not narrow, narrow[:5]
    assert layout["emptyHeaders"] == 0
    wrapped = [t for t in layout["tags"] if t["lines"] != 1 or t["height"] > 1.8]
    assert not wrapped, wrapped[:5]
