"""The annual-report checker on real published reports (tests/fixtures/annual-reports/)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from govtui.cli import main
from govtui.core.reports.checks import check_report
from govtui.core.reports.writers import write

FIXTURES = Path(__file__).parent / "fixtures" / "annual-reports"
SHANGHAI_HTML = FIXTURES / "shanghai-2019-city-office.html"
SHANGHAI_TEXT = FIXTURES / "shanghai-2019-city-office.txt"


def summary(path: Path) -> set[tuple[str, str, str | None, str | None]]:
    """Every finding except blank cells, as (severity, code, row, column)."""
    return {(f.severity, f.code, f.row, f.column) for f in check_report(path).findings if f.code != "blank"}


def blanks(path: Path) -> dict[str, list[str]]:
    """Blank-cell findings: table/row -> the blank columns."""
    return {
        f"{f.table}/{f.row}": list(f.numbers) for f in check_report(path).findings if f.code == "blank"
    }


ART50 = "第五十条第（{}）项"


def test_shanghai_real_text_table_inconsistencies_are_errors() -> None:
    """The published text says 予以公开及部分公开258件 and 无法提供265件; its own table says 275 and 337."""
    check = check_report(SHANGHAI_HTML)
    errors = [f for f in check.findings if f.severity == "error"]
    assert [(f.row, f.numbers) for f in errors] == [
        ("（一）予以公开与（二）部分公开合计", {"正文": 258, "表格": 275}),
        ("（四）无法提供各项合计", {"正文": 265, "表格": 337}),
    ]
    assert summary(SHANGHAI_HTML) == {
        ("error", "text-table", "（一）予以公开与（二）部分公开合计", None),
        ("error", "text-table", "（四）无法提供各项合计", None),
        ("warning", "percent", "（一）予以公开与（二）部分公开合计", None),
        # Every result row leaves 总计 blank, so the 总计 column cannot be added up: a warning, not an error.
        ("warning", "results-total", "（七）总计", "总计"),
    }
    percent = next(f for f in check.findings if f.code == "percent")
    assert percent.numbers == {"正文百分比": 33.9, "重算": 32.0, "分母": 805}


def test_shanghai_tables_add_up_so_no_arithmetic_error() -> None:
    """Apart from blanks, every row and column of its tables adds up: no arithmetic finding claims otherwise."""
    codes = {f.code for f in check_report(SHANGHAI_HTML).findings if f.table in ("applications", "review")}
    assert codes == {"blank", "results-total"}
    assert not any(f.severity == "error" for f in check_report(SHANGHAI_HTML).findings if f.table != "text")


def test_shanghai_blank_cells_are_reported_separately_per_row() -> None:
    found = blanks(SHANGHAI_HTML)
    assert found["applications/（一）予以公开"] == ["科研机构", "社会公益组织", "总计"]
    assert found["applications/（六）其他处理"] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert found["review/复议后起诉"] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert "applications/（七）总计" in found and "applications/四、结转下年度继续办理" in found
    assert len(found) == 26
    granted = next(f for f in check_report(SHANGHAI_HTML).findings if f.row == "（一）予以公开" and f.code == "blank")
    assert "本行各申请人列合计 272" in granted.message and granted.severity == "warning"


def test_plain_text_with_tab_flattened_tables_gives_the_same_findings_as_html() -> None:
    html_findings = check_report(SHANGHAI_HTML).findings
    text_findings = check_report(SHANGHAI_TEXT).findings
    assert text_findings == html_findings
    assert len(html_findings) == 30


def test_chongqing_seed_has_no_tables_junk_and_lost_words() -> None:
    path = FIXTURES / "chongqing-2020-city.txt"
    assert summary(path) == {
        ("warning", "junk", "第13行", None),
        ("warning", "junk", "第14行", None),
        ("warning", "junk", "第15行", None),
        ("warning", "art50-missing", ART50.format("三"), None),
        ("warning", "art50-missing", ART50.format("五"), None),
        # A 人民政府's report: 工作考核 is there, 社会评议 and 责任追究 are not.
        ("warning", "art50-government", ART50.format("四"), None),
        ("warning", "lost-words", "第3行", None),
        ("warning", "lost-words", "第6行", None),
        ("warning", "lost-words", "第8行", None),
        ("warning", "lost-words", "第12行", None),
        ("note", "text-unchecked", "一、本年新收申请总计", None),
    }
    lost = [f.message for f in check_report(path).findings if f.code == "lost-words"]
    assert ["以习新时代" in lost[0], "热线条" in lost[1], "等线万次" in lost[2], "以习新时代" in lost[3]] == [True] * 4


def test_truncated_application_table_is_unreadable_not_guessed() -> None:
    path = FIXTURES / "weishan-liangcheng-town-2020.txt"
    assert summary(path) == {
        ("warning", "unreadable", None, None),
        ("warning", "art50-missing", ART50.format("四"), None),
        ("warning", "art50-missing", ART50.format("五"), None),
        ("note", "art50-government", ART50.format("四"), None),
    }
    messages = [f.message for f in check_report(path).findings if f.code == "unreadable"]
    assert any("读到 1 个数字格，应为 7 个" in m for m in messages)
    assert any("缺少 21 行" in m and "核对未做" in m for m in messages)
    assert check_report(path).document.applications.rows["new"].cells[6].value == 0


def test_one_cell_per_line_table_is_read() -> None:
    """The 2021 township report pasted with each cell on its own line."""
    path = FIXTURES / "yanbian-xinjiu-town-2021.txt"
    check = check_report(path)
    assert check.document.format == "2021"
    assert [r.label for r in check.document.proactive.rows] == ["规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"]
    assert [c.value for c in check.document.applications.rows["granted"].cells] == [0] * 7
    assert summary(path) == {
        ("warning", "unreadable", None, None),
        ("warning", "art50-missing", ART50.format("三"), None),
        ("warning", "art50-missing", ART50.format("四"), None),
        ("warning", "art50-missing", ART50.format("五"), None),
        # 盐边县新九镇人民政府: a government, so art. 50 (四) asks for more.
        ("warning", "art50-government", ART50.format("四"), None),
    }


def test_department_reports_with_bar_flattened_tables() -> None:
    wuhai = FIXTURES / "wuhai-industry-bureau-2020.txt"
    rows = check_report(wuhai).document.proactive.rows
    assert [(r.label, [c.value for c in r.cells]) for r in rows][3:5] == [
        ("其他对外管理服务事项", [2, 2, 114]),
        ("行政处罚", [25, -1, 0]),
    ]
    assert summary(wuhai) == {
        ("warning", "art50-missing", ART50.format("三"), None),
        ("warning", "art50-missing", ART50.format("四"), None),
        ("warning", "art50-missing", ART50.format("五"), None),
    }
    district = FIXTURES / "district-office-affairs-bureau-2021.txt"
    assert check_report(district).document.format == "2021"
    assert summary(district) == {
        ("warning", "unreadable", None, None),
        ("warning", "art50-missing", ART50.format("三"), None),
        ("warning", "art50-missing", ART50.format("四"), None),
        ("warning", "art50-missing", ART50.format("五"), None),
        ("note", "art50-government", ART50.format("四"), None),
    }


def altered(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the Shanghai text with one cell changed (a test-made variant, not a real report)."""
    text = SHANGHAI_TEXT.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "altered.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_table_that_does_not_add_up_is_an_error_with_its_numbers(tmp_path: Path) -> None:
    # 一、本年新收 自然人 821 -> 822 breaks the row total and the column balance.
    path = altered(tmp_path, "数量\t821\t35", "数量\t822\t35")
    found = {(f.severity, f.code, f.row, f.column): f.numbers for f in check_report(path).findings if f.code != "blank"}
    # The 自然人 column has no blanks: its balance is plainly wrong.
    assert found[("error", "balance", "一＋二 与 三（七）＋四", "自然人")] == {"一＋二": 840, "三（七）总计＋四": 839}
    # The row has two blank cells, so the row total is a warning that names them.
    assert found[("warning", "row-total", "一、本年新收政府信息公开申请数量", "总计")] == {
        "自然人与法人或其他组织5列之和": 860,
        "总计列": 859,
    }
    assert {k for k in found if k[0] == "error"} - set(summary(SHANGHAI_TEXT)) == {
        ("error", "balance", "一＋二 与 三（七）＋四", "自然人")
    }


def test_review_total_must_add_up(tmp_path: Path) -> None:
    path = altered(tmp_path, "\n5\t\t\t2\t7\t", "\n5\t\t\t2\t8\t")
    review = [f for f in check_report(path).findings if f.code == "review-total"]
    # 结果纠正 and 其他结果 are blank: the sum can only be stated "if the blanks are 0".
    assert [(f.severity, f.row, f.numbers) for f in review] == [
        ("warning", "行政复议", {"维持、纠正、其他、尚未审结之和": 7, "总计": 8})
    ]


def test_writers_cover_every_finding() -> None:
    check = check_report(SHANGHAI_HTML)
    text, md, html = write(check, "text"), write(check, "md"), write(check, "html")
    for finding in check.findings:
        assert finding.message in text
    assert md.count("\n| ") == len(check.findings) + 2 * len(check.by_table())
    assert html.count("<tr class=") == len(check.findings)
    data = json.loads(write(check, "json"))
    assert data["counts"] == {"error": 2, "warning": 28, "note": 0}
    assert data["findings"][0]["numbers"] == {"正文": 258, "表格": 275}


def test_html_writer_escapes_report_text(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("<script>x</script>2020年政府信息公开工作年度报告\n共收到政府信息公开申请3件。\n", encoding="utf-8")
    assert "<script>" not in write(check_report(path), "html")


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_cli_check_formats_and_exit_status(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "check", str(SHANGHAI_HTML), "--format", fmt]) == 1  # the report has errors
    out = capsys.readouterr().out
    assert "258" in out and "275" in out


def test_cli_check_without_errors_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "check", str(FIXTURES / "wuhai-industry-bureau-2020.txt")]) == 0
    assert "第五十条" in capsys.readouterr().out


def test_cli_check_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "check", "/nonexistent/report.html"]) == 1
    assert "找不到文件" in capsys.readouterr().err


def test_checking_is_well_under_a_second() -> None:
    start = time.perf_counter()
    for path in sorted(FIXTURES.glob("*.*")):
        if path.suffix != ".md":
            check_report(path)
    assert time.perf_counter() - start < 1.0


def test_a_real_table_that_adds_up_gives_no_false_error() -> None:
    """Longgang 2024: nonzero rows (58+7+1=66, 16+1=17, …) all add up; the cut-off rest is unreadable."""
    path = FIXTURES / "longgang-district-department-2024.txt"
    check = check_report(path)
    rows = check.document.applications.rows
    assert [c.value for c in rows["new"].cells] == [58, 7, 0, 0, 1, 0, 66]
    assert [c.value for c in rows["partial"].cells] == [16, 1, 0, 0, 0, 0, 17]
    assert len(rows) == 10
    assert not any(f.severity == "error" for f in check.findings)
    assert summary(path) == {("warning", "unreadable", None, None), ("note", "art50-government", ART50.format("四"), None)}


def test_space_flattened_review_table_from_a_pdf_page() -> None:
    path = FIXTURES / "audit-bureau-2020-page9.txt"
    review = check_report(path).document.review
    assert not review.problems and len(review.cells) == 15
    assert {c.value for c in review.cells.values()} == {0}
    assert not [f for f in check_report(path).findings if f.table == "review"]


def test_real_tables_left_empty_are_unreadable_not_zero() -> None:
    """Xiongxian 2019: the published tables have labels and almost no numbers; nothing is assumed."""
    path = FIXTURES / "xiongxian-township-2019.txt"
    check = check_report(path)
    assert check.document.applications.rows == {} and check.document.review.cells == {}
    unreadable = [(f.table, f.message) for f in check.findings if f.code == "unreadable"]
    assert [t for t, _ in unreadable] == ["applications", "review", "proactive"]
    assert all("未作核对" in m or "对不上" in m for _, m in unreadable)
    assert not any(f.severity == "error" for f in check.findings)


def test_report_modules_import_without_textual() -> None:
    import pkgutil
    import subprocess
    import sys

    import govtui.core.reports

    names = [f"govtui.core.reports.{m.name}" for m in pkgutil.iter_modules(govtui.core.reports.__path__)]
    assert len(names) >= 7
    code = "import sys\nsys.modules['textual'] = None\n" + "".join(f"import {n}\n" for n in names)
    code += "from govtui.cli import main\nraise SystemExit(main(['report', 'check', sys.argv[1], '--format', 'json']))\n"
    result = subprocess.run([sys.executable, "-c", code, str(SHANGHAI_HTML)], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr  # 1: the report has errors; no ImportError
    assert '"error": 2' in result.stdout
