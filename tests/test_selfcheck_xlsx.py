"""The self-check workbook (.xlsx): read back with openpyxl, formulas evaluated as Excel would, imported."""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from xlsx_formulas import Evaluator

from govtui.cli import main
from govtui.core.course import Course
from govtui.core.selfcheck import (
    STATUS_KEYS,
    SelfCheckSession,
    SelfCheckStore,
    new_session,
    score_session,
)
from govtui.core.selfcheck_export import export_session
from govtui.core.selfcheck_xlsx import (
    ITEM_SHEET,
    META_SHEET,
    SUMMARY_SHEET,
    VERDICTS,
    score_formula,
)

AGENCY = "重庆市某区某某镇人民政府"


def _session(bundled: Course, level: str = "township", seed: int = 1, share: float = 1.0) -> SelfCheckSession:
    session = new_session(AGENCY, level, ["张三", "李四"], on=date(2026, 11, 18))
    rng = random.Random(seed)
    for item in bundled.checklist.items_for(level):
        if rng.random() < share:
            mark = session.mark(item.id)
            mark.status = rng.choice(STATUS_KEYS)
            if mark.status == "na":
                mark.reason = "本机关无此职责"
    return session


def _workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _label_row(ws, label: str) -> int:
    return next(row for row in range(1, ws.max_row + 1) if ws[f"A{row}"].value == label)


def _score_cell(wb) -> str:
    return f"B{_label_row(wb[SUMMARY_SHEET], '现行清单得分（随“评估项”表自动计算）')}"


def _area_scores(wb) -> dict[str, object]:
    ws, ev = wb[SUMMARY_SHEET], Evaluator(wb)
    first = _label_row(ws, "领域") + 1
    scores = {}
    for row in range(first, ws.max_row + 1):
        if not ws[f"A{row}"].value:
            break
        scores[ws[f"A{row}"].value] = ev.value(SUMMARY_SHEET, f"B{row}")
    return scores


def _expected_areas(bundled: Course, session: SelfCheckSession) -> dict[str, object]:
    report = score_session(bundled.checklist, session)
    return {bundled.checklist.area_name(a.area): "—" if a.score is None else a.score for a in report.areas}


def _save(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# -- the workbook ------------------------------------------------------------------------------


def test_workbook_sheets_dropdown_and_print_setup(bundled: Course) -> None:
    session = _session(bundled)
    wb = _workbook(export_session(bundled, session, None, "xlsx"))
    assert wb.sheetnames == [SUMMARY_SHEET, ITEM_SHEET, META_SHEET]
    assert wb[META_SHEET].sheet_state == "hidden"
    items = bundled.checklist.items_for("township")
    ws = wb[ITEM_SHEET]
    assert [c.value for c in ws[1]] == [
        "检查项ID", "领域", "评估点", "依据类别", "权重", "评估结果", "不适用理由", "佐证材料（每行一条）", "备注", "得分", "计分权重",
    ]
    assert ws.max_row == len(items) + 1
    assert [ws[f"A{n}"].value for n in range(2, ws.max_row + 1)] == [i.id for i in items]
    assert [ws[f"E{n}"].value for n in range(2, ws.max_row + 1)] == [i.weight for i in items]
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"符合,基本符合,不符合,不适用"'
    assert str(validation.sqref) == f"F2:F{len(items) + 1}"
    assert validation.showErrorMessage and validation.allow_blank
    assert ws.freeze_panes == "B2"
    assert ws.print_title_rows == "$1:$1"
    assert ws.column_dimensions["C"].width >= 40 and ws.column_dimensions["F"].width >= 10
    for sheet in (ws, wb[SUMMARY_SHEET]):
        setup = sheet.page_setup
        assert setup.paperSize == 9 and setup.orientation == "landscape"
        assert setup.fitToWidth == 1 and setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert wb.calculation.fullCalcOnLoad


def test_summary_carries_header_both_scores_gaps_in_tui_order_and_sign_off(bundled: Course) -> None:
    session = _session(bundled, seed=3)
    session.finished_at = "2026-11-18T02:00:00Z"
    session.finished_score = 12.5
    wb = _workbook(export_session(bundled, session, None, "xlsx"))
    ws = wb[SUMMARY_SHEET]
    values = {ws[f"A{r}"].value: ws[f"B{r}"].value for r in range(1, ws.max_row + 1) if ws[f"A{r}"].value}
    assert values["机关"] == AGENCY and values["自查日期"] == "2026-11-18" and values["参加人员"] == "张三、李四"
    assert values["机关类型（自查清单）"] == bundled.checklist.level_name("township")
    assert values["完成时得分"].startswith("12.5")
    report = score_session(bundled.checklist, session)
    assert Evaluator(wb).value(SUMMARY_SHEET, _score_cell(wb)) == report.score != 12.5
    gap_header = _label_row(ws, "检查项ID")
    gap_ids = [ws[f"A{r}"].value for r in range(gap_header + 1, gap_header + 1 + len(report.gaps))]
    assert gap_ids == [item.id for item, _ in report.gaps]
    text = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    for label in ("填报人：", "审核人：", "单位盖章：", "日期："):
        assert label in text


@pytest.mark.parametrize("level", ["township", "county-dept", "city-office", "functional-area"])
@pytest.mark.parametrize("seed", range(4))
def test_formulas_compute_the_score_govtui_computes(bundled: Course, level: str, seed: int) -> None:
    session = _session(bundled, level, seed, share=0.3 + 0.2 * seed)
    wb = _workbook(export_session(bundled, session, None, "xlsx"))
    expected = score_session(bundled.checklist, session).score
    assert Evaluator(wb).value(SUMMARY_SHEET, _score_cell(wb)) == ("—" if expected is None else expected)
    assert _area_scores(wb) == _expected_areas(bundled, session)


def test_rounding_formula_matches_python_round_on_every_tie(tmp_path: Path) -> None:
    """govtui rounds half to even (6.25 → 6.2); Excel's ROUND alone would say 6.3."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C1"] = score_formula("A1", "B1")
    checked = ties = 0
    for weights in range(1, 121):
        for halves in range(0, 2 * weights + 1):
            earned = halves / 2
            ws["A1"], ws["B1"] = earned, weights
            got = Evaluator(wb).value(ws.title, "C1")
            assert got == round(100 * earned / weights, 1), (earned, weights)
            checked += 1
            ties += (2000 * earned / weights) % 2 == 1
    ws["A1"], ws["B1"] = 0, 0
    assert Evaluator(wb).value(ws.title, "C1") == "—"
    assert checked > 10_000 and ties > 20


def test_nothing_assessed_shows_a_dash(bundled: Course) -> None:
    session = new_session(AGENCY, "township", [], on=date(2026, 1, 2))
    wb = _workbook(export_session(bundled, session, None, "xlsx"))
    assert Evaluator(wb).value(SUMMARY_SHEET, _score_cell(wb)) == "—"
    assert set(_area_scores(wb).values()) == {"—"}


# -- round trip --------------------------------------------------------------------------------


def test_change_a_verdict_in_excel_then_import_gets_the_changed_score(bundled: Course, isolated_data_dir: Path, tmp_path: Path) -> None:
    store = SelfCheckStore(isolated_data_dir)
    session = _session(bundled, "county-gov", seed=5)
    items = bundled.checklist.items_for("county-gov")
    session.mark(items[0].id).status = "compliant"
    session.mark(items[1].id).evidence = ["http://example.gov.cn/专栏/目录", "2026年会议纪要"]
    session.mark(items[1].id).notes = "第二行\n备注"
    store.save(session)
    wb = _workbook(export_session(bundled, session, None, "xlsx"))
    ws = wb[ITEM_SHEET]
    ws["F2"] = "不符合"  # as a person would pick it from the dropdown
    ws["F3"] = "基本符合"
    ws["H4"] = "新补的材料"
    ws["I4"] = "离线填写"
    path = tmp_path / "返回.xlsx"
    path.write_bytes(_save(wb))

    before = score_session(bundled.checklist, session).score
    changed = session.marks.copy()
    session.marks = {k: v for k, v in changed.items()}
    session.mark(items[0].id).status = "noncompliant"
    session.mark(items[1].id).status = "partial"
    expected = score_session(bundled.checklist, session).score
    assert expected != before
    assert Evaluator(openpyxl.load_workbook(path)).value(SUMMARY_SHEET, _score_cell(wb)) == expected

    assert main(["selfcheck", "import", str(path)]) == 0
    sessions, errors = store.list()
    assert not errors and len(sessions) == 2
    imported = next(s for s in sessions if s.id != session.id)
    assert imported.agency == AGENCY and imported.level == "county-gov" and imported.date == "2026-11-18"
    assert imported.participants == ["张三", "李四"] and imported.finished_at is None
    assert imported.checklist_version == bundled.checklist.version
    assert score_session(bundled.checklist, imported).score == expected
    assert imported.marks[items[1].id].evidence == ["http://example.gov.cn/专栏/目录", "2026年会议纪要"]
    assert imported.marks[items[1].id].notes == "第二行\n备注"
    assert imported.marks[items[2].id].evidence[-1] == "新补的材料" and imported.marks[items[2].id].notes == "离线填写"
    for item in items[3:]:
        old, new = session.marks.get(item.id), imported.marks.get(item.id)
        assert (old.status if old else None) == (new.status if new else None)


def test_export_by_extension_and_import_through_the_cli(bundled: Course, isolated_data_dir: Path, tmp_path: Path, capsys) -> None:
    store = SelfCheckStore(isolated_data_dir)
    session = _session(bundled, seed=9)
    store.save(session)
    out = tmp_path / "自查.xlsx"
    assert main(["selfcheck", "export", session.id, "--out", str(out)]) == 0
    assert zipfile.is_zipfile(out)
    capsys.readouterr()
    assert main(["selfcheck", "import", str(out)]) == 0
    captured = capsys.readouterr()
    assert "已导入为新的自查记录 sc-" in captured.out
    new_id = captured.out.split("新的自查记录 ")[1].split("：")[0]
    assert new_id != session.id
    imported = store.load(new_id)
    assert score_session(bundled.checklist, imported).score == score_session(bundled.checklist, session).score
    assert {k: v.status for k, v in imported.marks.items()} == {k: v.status for k, v in session.marks.items() if v.status}


def test_stdout_export_needs_the_format_and_writes_a_workbook(bundled: Course, isolated_data_dir: Path, capsysbinary) -> None:
    session = _session(bundled)
    SelfCheckStore(isolated_data_dir).save(session)
    assert main(["selfcheck", "export", session.id, "--out", "-", "--format", "xlsx"]) == 0
    assert zipfile.is_zipfile(io.BytesIO(capsysbinary.readouterr().out))


# -- hostile text ------------------------------------------------------------------------------

FORMULA_LIKE = [
    "=HYPERLINK(\"http://evil.example\",\"点我\")",
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "=cmd|' /C calc'!A0",
]


def test_hostile_text_stays_text_and_comes_back_unchanged(bundled: Course, isolated_data_dir: Path, tmp_path: Path) -> None:
    from test_hostile_exports import HOSTILE

    hostile = HOSTILE + FORMULA_LIKE
    session = new_session("=某镇" + HOSTILE[3], "township", ["@张三", "-李四"], on=date(2026, 11, 18))
    items = bundled.checklist.items_for("township")
    for item, text in zip(items, hostile, strict=False):
        mark = session.mark(item.id)
        mark.status, mark.reason, mark.evidence, mark.notes = "na", text, [text, "第二条"], text
    data = export_session(bundled, session, None, "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))
    assert "HYPERLINK" in xml and "<f>HYPERLINK" not in xml and "cmd|" not in xml.split("<f>")[-1]
    for control in ("\x1b", "\x00", "\x07", "\u202e"):
        assert control not in xml
    wb = _workbook(data)
    for ws in (wb[ITEM_SHEET], wb[SUMMARY_SHEET]):
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    # Only govtui's own formulas; none carries user text.
                    assert not any(h in str(cell.value) for h in ("HYPERLINK", "cmd", "某镇", "SUM(1,2)")), cell.coordinate
                elif isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.quotePrefix, cell.coordinate
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(data)
    assert main(["selfcheck", "import", str(path)]) == 0
    (imported,) = SelfCheckStore(isolated_data_dir).list()[0]
    from govtui.core import escape

    assert imported.agency == escape.visible("=某镇" + HOSTILE[3])
    assert imported.participants == ["@张三", "-李四"]
    for item, text in zip(items, hostile, strict=False):
        mark = imported.marks[item.id]
        assert mark.reason == mark.notes == escape.visible(text)
        assert mark.evidence == [escape.visible(text), "第二条"]


# -- invalid imports ---------------------------------------------------------------------------


@pytest.fixture
def exported(bundled: Course, tmp_path: Path) -> Path:
    path = tmp_path / "filled.xlsx"
    path.write_bytes(export_session(bundled, _session(bundled, seed=2), None, "xlsx"))
    return path


def _edit(path: Path, change) -> Path:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def _refused(path: Path, isolated_data_dir: Path, capsys) -> str:
    assert main(["selfcheck", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "未导入" in err
    folder = isolated_data_dir / "selfcheck"
    assert not folder.exists() or not list(folder.glob("*.toml")), "nothing is half-imported"
    return err


def _set(sheet: str, ref: str, value):
    def change(wb) -> None:
        wb[sheet][ref] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_set(ITEM_SHEET, "F12", "合格"), "评估项 第 12 行 F 列：评估结果“合格”无效"),
        (_set(ITEM_SHEET, "A7", "zzz-99"), "评估项 第 7 行 A 列：检查项“zzz-99”不在现行自查清单（第2版）中"),
        (_set(ITEM_SHEET, "F5", "=IF(1,\"符合\")"), "评估项 第 5 行 F 列：是公式"),
        (_set(ITEM_SHEET, "A9", "org-01"), "评估项 第 9 行 A 列：检查项“org-01”重复（第 2 行已有）"),
        (_set(ITEM_SHEET, "H3", "很" * 2001), "评估项 第 3 行 H 列：第 1 条佐证材料有 2001 个字符，超过上限 2000"),
        (_set(ITEM_SHEET, "I4", "长" * 10_001), "评估项 第 4 行 I 列：备注有 10001 个字符，超过上限 10000"),
        (_set(ITEM_SHEET, "F1", "结果"), "评估项 第 1 行：缺少列“评估结果”"),
        (_set(META_SHEET, "B4", 99), "govtui 第 4 行 B 列：本表按自查清单第99版导出"),
        (_set(META_SHEET, "B3", "planet"), "govtui 第 3 行 B 列：自查清单中没有机关类型 'planet'"),
        (_set(SUMMARY_SHEET, "B3", ""), "概况 第 3 行 B 列：机关名称不能为空"),
        (_set(SUMMARY_SHEET, "B5", "下周二"), "概况 第 5 行 B 列：自查日期应为日期"),
        (_set(SUMMARY_SHEET, "B5", "2999-01-01"), "概况 第 5 行 B 列：自查日期不能晚于今天"),
        (_set(SUMMARY_SHEET, "B5", "2026-02-30"), "概况 第 5 行 B 列：自查日期应为日期"),
    ],
    ids=["verdict", "unknown-id", "formula", "duplicate", "evidence-length", "notes-length", "column",
         "checklist-version", "profile", "agency", "date", "future-date", "no-such-day"],
)
def test_invalid_workbook_names_sheet_row_and_column(exported: Path, isolated_data_dir: Path, capsys, change, expected: str) -> None:
    err = _refused(_edit(exported, change), isolated_data_dir, capsys)
    assert expected in err


def test_item_of_another_profile_and_na_without_reason(bundled: Course, exported: Path, isolated_data_dir: Path, capsys) -> None:
    township = {i.id for i in bundled.checklist.items_for("township")}
    other = next(i.id for i in bundled.checklist.items if i.id not in township)

    def change(wb) -> None:
        ws = wb[ITEM_SHEET]
        ws["A6"] = other
        ws["F8"], ws["G8"] = "不适用", None

    err = _refused(_edit(exported, change), isolated_data_dir, capsys)
    assert f"评估项 第 6 行 A 列：检查项“{other}”不适用于机关类型“乡镇人民政府/街道办事处”" in err
    assert "评估项 第 8 行 G 列：评估结果为不适用，须写明不适用理由" in err


def test_workbook_of_an_older_checklist_version(bundled: Course, exported: Path, isolated_data_dir: Path, capsys) -> None:
    """An id the current checklist no longer has is named with both versions; a clean older sheet imports as that version."""

    def older(wb) -> None:
        wb[META_SHEET]["B4"] = 1
        wb[ITEM_SHEET]["A7"] = "pro-99"

    err = _refused(_edit(exported, older), isolated_data_dir, capsys)
    assert "评估项 第 7 行 A 列：检查项“pro-99”不在现行自查清单（第2版）中（本表按第1版导出）" in err
    assert main(["selfcheck", "import", str(_edit(exported, _set(ITEM_SHEET, "A7", bundled.checklist.items_for("township")[5].id)))]) == 0
    (session,) = SelfCheckStore(isolated_data_dir).list()[0]
    assert session.checklist_version == 1
    assert bundled.checklist.changes_since(session.checklist_version, session.level)


def test_every_problem_is_reported_and_none_saved(exported: Path, isolated_data_dir: Path, capsys) -> None:
    def change(wb) -> None:
        for row in range(2, 10):
            wb[ITEM_SHEET][f"F{row}"] = "好"

    err = _refused(_edit(exported, change), isolated_data_dir, capsys)
    assert all(f"评估项 第 {row} 行 F 列" in err for row in range(2, 10))
    assert "有 8 个问题" in err


def test_missing_sheet_and_files_that_are_not_workbooks(exported: Path, tmp_path: Path, isolated_data_dir: Path, capsys) -> None:
    def drop(wb) -> None:
        del wb[ITEM_SHEET]

    assert "缺少工作表“评估项”" in _refused(_edit(exported, drop), isolated_data_dir, capsys)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("编号,结果\n", encoding="utf-8")
    assert "不是 .xlsx 工作簿" in _refused(fake, isolated_data_dir, capsys)
    foreign = tmp_path / "foreign.xlsx"
    openpyxl.Workbook().save(foreign)
    assert "缺少工作表“概况”" in _refused(foreign, isolated_data_dir, capsys)
    assert "不存在" in _refused(tmp_path / "nowhere.xlsx", isolated_data_dir, capsys)


def test_reason_next_to_another_verdict_is_dropped_with_a_note(exported: Path, isolated_data_dir: Path, capsys) -> None:
    def change(wb) -> None:
        wb[ITEM_SHEET]["F2"], wb[ITEM_SHEET]["G2"] = "符合", "原来不适用"

    assert main(["selfcheck", "import", str(_edit(exported, change))]) == 0
    assert "提示：评估项 第 2 行 G 列：评估结果不是不适用，不适用理由未导入" in capsys.readouterr().err
    (session,) = SelfCheckStore(isolated_data_dir).list()[0]
    assert session.marks["org-01"].status == "compliant" and session.marks["org-01"].reason == ""


def test_deleted_rows_are_unassessed_and_said(bundled: Course, exported: Path, isolated_data_dir: Path, capsys) -> None:
    items = bundled.checklist.items_for("township")
    assert main(["selfcheck", "import", str(_edit(exported, lambda wb: wb[ITEM_SHEET].delete_rows(3, 2)))]) == 0
    assert f"提示：评估项：2 个检查项不在表中（{items[1].id}、{items[2].id}），按未评估导入" in capsys.readouterr().err
    (session,) = SelfCheckStore(isolated_data_dir).list()[0]
    assert items[1].id not in session.marks and items[2].id not in session.marks


@pytest.mark.parametrize("typed", ["2026年10月9日", "2026/10/9", "2026.10.09", " 2026-10-09 "])
def test_dates_typed_as_text(exported: Path, isolated_data_dir: Path, typed: str) -> None:
    assert main(["selfcheck", "import", str(_edit(exported, _set(SUMMARY_SHEET, "B5", typed)))]) == 0
    (session,) = SelfCheckStore(isolated_data_dir).list()[0]
    assert session.date == "2026-10-09"


def test_dates_typed_in_excel_and_blank_verdicts(exported: Path, isolated_data_dir: Path) -> None:
    from datetime import datetime

    def change(wb) -> None:
        wb[SUMMARY_SHEET]["B5"] = datetime(2026, 10, 9)
        wb[SUMMARY_SHEET]["B6"] = "王五，赵六"
        for row in range(2, wb[ITEM_SHEET].max_row + 1):
            wb[ITEM_SHEET][f"F{row}"] = None
            wb[ITEM_SHEET][f"G{row}"] = None

    assert main(["selfcheck", "import", str(_edit(exported, change))]) == 0
    (session,) = SelfCheckStore(isolated_data_dir).list()[0]
    assert session.date == "2026-10-09" and session.participants == ["王五", "赵六"]
    assert not any(m.status for m in session.marks.values())


# -- start-up ----------------------------------------------------------------------------------


def test_openpyxl_is_loaded_only_for_workbooks() -> None:
    code = (
        "import sys\n"
        "import govtui.cli, govtui.core.selfcheck_export, govtui.core.selfcheck_xlsx, govtui.core.selfcheck_import\n"
        "import govtui.tui.app, govtui.tui.screens.selfcheck\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported at start-up'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice 未安装：公式由测试中的求值器验证")
def test_libreoffice_recalculates_the_same_score(bundled: Course, tmp_path: Path) -> None:
    session = _session(bundled, "county-gov", seed=11)
    source = tmp_path / "in.xlsx"
    source.write_bytes(export_session(bundled, session, None, "xlsx"))
    office = shutil.which("soffice") or shutil.which("libreoffice")
    out = tmp_path / "out"
    subprocess.run(
        [office, "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    wb = openpyxl.load_workbook(out / "in.xlsx", data_only=True)
    assert wb[SUMMARY_SHEET][_score_cell(openpyxl.load_workbook(source))].value == score_session(bundled.checklist, session).score


def test_verdict_names_are_the_tui_names() -> None:
    assert VERDICTS == ("符合", "基本符合", "不符合", "不适用")
