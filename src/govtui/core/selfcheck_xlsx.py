"""The self-check workbook (自查工作簿, .xlsx): a summary sheet and an item sheet an agency can fill offline.

The item sheet has a dropdown for the verdict and formulas that recompute each item's points, the
total and the area scores with govtui's rules when someone edits a verdict in Excel or WPS. The
summary sheet's "score now" cells reference those formulas; the score at finishing is a fixed value.
A hidden sheet carries what `govtui selfcheck import` needs (profile id, checklist version).

openpyxl is imported inside the functions: it is needed only when a workbook is written or read.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from govtui.core import clock, escape
from govtui.core.selfcheck import STATUS_NAMES, Checklist, SelfCheckSession, score_session

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from govtui.core.course import Course

SUMMARY_SHEET = "概况"
ITEM_SHEET = "评估项"
META_SHEET = "govtui"
WORKBOOK_KIND = "govtui-selfcheck-workbook"
WORKBOOK_VERSION = 1
"""Version of the workbook layout that `selfcheck import` reads (kept in the hidden sheet)."""
VERDICTS = tuple(STATUS_NAMES[key] for key in ("compliant", "partial", "noncompliant", "na"))
VERDICT_KEYS = {name: key for key, name in STATUS_NAMES.items()}
MAX_CELL_CHARS = 32_767
"""Excel's limit for one cell; longer text would be cut by Excel without a word."""
PARTICIPANT_SEPARATORS = re.compile(r"[、,，;；\n]+")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    width: float

    @property
    def letter(self) -> str:
        return chr(ord("A") + ITEM_COLUMNS.index(self))


ITEM_COLUMNS = (
    Column("id", "检查项ID", 12),
    Column("area", "领域", 16),
    Column("point", "评估点", 46),
    Column("kind", "依据类别", 13),
    Column("weight", "权重", 6),
    Column("status", "评估结果", 11),
    Column("reason", "不适用理由", 22),
    Column("evidence", "佐证材料（每行一条）", 34),
    Column("notes", "备注", 26),
    Column("points", "得分", 7),
    Column("counted", "计分权重", 9),
)
COLUMN = {c.key: c for c in ITEM_COLUMNS}
INPUT_KEYS = ("status", "reason", "evidence", "notes")
"""The columns an agency fills in; `selfcheck import` reads these (and the id) back."""

SUMMARY_LABELS = {
    "agency": "机关",
    "level": "机关类型（自查清单）",
    "date": "自查日期",
    "participants": "参加人员",
}
"""Labels in column A of the summary sheet; import finds agency, date and participants by them."""


class WorkbookExportError(ValueError):
    """The session cannot be written as a workbook (message is reader-facing Chinese)."""


def cell_text(value: object) -> str:
    """User or content text as it may stand in a cell: control characters visible, nothing XML forbids."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", escape.visible(value))


def put_text(ws: Worksheet, ref: str, value: object) -> None:
    """Literal text: never a formula, even when it starts with = + - @ (Excel and WPS would run it)."""
    text = cell_text(value)
    if len(text) > MAX_CELL_CHARS:
        raise WorkbookExportError(f"{ws.title} {ref} 的内容有 {len(text)} 个字符，超过 Excel 单元格上限 {MAX_CELL_CHARS}")
    cell = ws[ref]
    cell.value = text
    # openpyxl makes any str starting with "=" a formula; a typed string is stored as a string.
    cell.data_type = "s"
    if text[:1] in ("=", "+", "-", "@"):
        # So that editing the cell in Excel or WPS keeps it text, as a leading apostrophe would.
        cell.quotePrefix = True


def _rng(key: str, last_row: int) -> str:
    letter = COLUMN[key].letter
    return f"'{ITEM_SHEET}'!${letter}$2:${letter}${last_row}"


def score_formula(earned: str, weights: str) -> str:
    """100 × earned / counted weight, rounded to one decimal as govtui does (Python's round: half to even).

    Excel's ROUND goes half away from zero; the two differ only on an exact tie (6.25 → 6.2 in govtui).
    With y = 1000 × earned / weight (the score in tenths), a tie is when 2y is an odd whole number;
    then 2 × ROUND(y / 2) is the even neighbour.
    `earned` and `weights` are expressions (a SUM over a range, or a cell).
    """
    share = f"{earned}/{weights}"
    return f'=IF({weights}=0,"—",IF(MOD(2000*{share},2)=1,2*ROUND(500*{share},0)/10,ROUND(100*{share},1)))'


def workbook_bytes(course: Course, session: SelfCheckSession) -> bytes:
    """The session as an .xlsx workbook (summary, items, hidden import data)."""
    from openpyxl import Workbook

    checklist = course.checklist
    if checklist is None:
        raise WorkbookExportError("课程中没有自查清单（content/selfcheck/checklist.toml）")
    items = checklist.items_for(session.level)
    if not items:
        raise WorkbookExportError(f"自查清单中没有适用于机关类型“{session.level}”的检查项")
    wb = Workbook()
    summary = wb.active
    summary.title = SUMMARY_SHEET
    sheet = wb.create_sheet(ITEM_SHEET)
    last_row = len(items) + 1
    _item_sheet(sheet, checklist, session, last_row)
    _summary_sheet(summary, checklist, session, last_row)
    _meta_sheet(wb.create_sheet(META_SHEET), checklist, session)
    # No cached values are written: have Excel and WPS compute every formula on opening.
    wb.calculation.fullCalcOnLoad = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _print_setup(ws: Worksheet) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _item_sheet(ws: Worksheet, checklist: Checklist, session: SelfCheckSession, last_row: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for column in ITEM_COLUMNS:
        cell = ws[f"{column.letter}1"]
        cell.value, cell.font, cell.fill = column.header, bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[column.letter].width = column.width
    wrap = Alignment(vertical="top", wrap_text=True)
    partial = f"{checklist.partial_credit:g}"
    for row, item in enumerate(checklist.items_for(session.level), 2):
        mark = session.marks.get(item.id)
        put_text(ws, f"A{row}", item.id)
        put_text(ws, f"B{row}", checklist.area_name(item.area))
        put_text(ws, f"C{row}", item.point)
        put_text(ws, f"D{row}", item.basis_kind_name)
        ws[f"E{row}"] = item.weight
        if mark is not None and mark.status:
            put_text(ws, f"F{row}", STATUS_NAMES[mark.status])
        if mark is not None:
            if mark.reason:
                put_text(ws, f"G{row}", mark.reason)
            if mark.evidence:
                put_text(ws, f"H{row}", "\n".join(mark.evidence))
            if mark.notes:
                put_text(ws, f"I{row}", mark.notes)
        ws[f"J{row}"] = f'=IF(F{row}="符合",E{row},IF(F{row}="基本符合",E{row}*{partial},0))'
        ws[f"K{row}"] = f'=IF(OR(F{row}="符合",F{row}="基本符合",F{row}="不符合"),E{row},0)'
        for column in ITEM_COLUMNS:
            ws[f"{column.letter}{row}"].alignment = wrap
    verdicts = DataValidation(
        type="list", formula1='"' + ",".join(VERDICTS) + '"', allow_blank=True, showDropDown=False,
        showErrorMessage=True, errorStyle="stop", errorTitle="评估结果",
        error="请从下拉列表中选择：" + "、".join(VERDICTS) + "（未评估的留空）",
        showInputMessage=True, promptTitle="评估结果", prompt="不适用须在“不适用理由”列写明理由",
    )
    verdicts.add(f"F2:F{last_row}")
    ws.add_data_validation(verdicts)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{ITEM_COLUMNS[-1].letter}{last_row}"
    ws.print_title_rows = "1:1"
    _print_setup(ws)


def _summary_sheet(ws: Worksheet, checklist: Checklist, session: SelfCheckSession, last_row: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side

    report = score_session(checklist, session)
    bold = Font(bold=True)
    top = Alignment(vertical="top", wrap_text=True)
    for letter, width in zip("ABCDEF", (22, 12, 44, 10, 8, 44), strict=True):
        ws.column_dimensions[letter].width = width
    put_text(ws, "A1", f"{session.agency} 政府信息公开工作自查表")
    ws["A1"].font = Font(bold=True, size=15)
    ws.merge_cells("A1:F1")
    points, counted, status = _rng("points", last_row), _rng("counted", last_row), _rng("status", last_row)
    rows: list[tuple[str, Any]] = [
        (SUMMARY_LABELS["agency"], session.agency),
        (SUMMARY_LABELS["level"], checklist.level_name(session.level)),
        (SUMMARY_LABELS["date"], session.date),
        (SUMMARY_LABELS["participants"], "、".join(session.participants)),
        ("自查清单版本", _version_line(checklist, session)),
        ("状态", f"已于 {clock.local_date_text(session.finished_at)} 完成" if session.finished_at else "进行中"),
        ("完成时得分", _finished_text(session)),
        ("现行清单得分（随“评估项”表自动计算）", None),
        ("已评估 / 不适用 / 未评估 / 共计（项）", None),
    ]
    row = 3
    for label, value in rows:
        ws[f"A{row}"] = label
        ws[f"A{row}"].font = bold
        if value is not None:
            put_text(ws, f"B{row}", value)
        ws.merge_cells(f"B{row}:F{row}")
        ws[f"B{row}"].alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        row += 1
    score_row, counts_row = row - 2, row - 1
    ws[f"B{score_row}"] = score_formula(f"SUM({points})", f"SUM({counted})")
    ws[f"B{score_row}"].number_format = "0.0"
    ws[f"B{score_row}"].font = Font(bold=True, size=13)
    ws[f"B{counts_row}"] = (
        f'=COUNTIF({counted},">0")&" / "&COUNTIF({status},"不适用")&" / "'
        f'&(ROWS({status})-COUNTIF({counted},">0")-COUNTIF({status},"不适用"))&" / "&ROWS({status})'
    )
    ws[f"A{row}"] = f"计分规则：符合得全部权重，基本符合得 {checklist.partial_credit:g} 倍权重，不符合得 0；不适用和未评估的项不计入分母。"
    ws.merge_cells(f"A{row}:F{row}")
    row += 2

    ws[f"A{row}"] = "各领域得分（随“评估项”表自动计算）"
    ws[f"A{row}"].font = bold
    row += 1
    headers = ("领域", "得分", "已评估 / 检查项", "得分合计", "计分权重合计")
    for letter, header in zip("ABCDE", headers, strict=True):
        ws[f"{letter}{row}"], ws[f"{letter}{row}"].font = header, bold
    row += 1
    area_col = _rng("area", last_row)
    for area in report.areas:
        name_ref = f"$A${row}"
        put_text(ws, f"A{row}", checklist.area_name(area.area))
        ws[f"D{row}"] = f"=SUMIF({area_col},{name_ref},{points})"
        ws[f"E{row}"] = f"=SUMIF({area_col},{name_ref},{counted})"
        ws[f"B{row}"] = score_formula(f"D{row}", f"E{row}")
        ws[f"B{row}"].number_format = "0.0"
        ws[f"C{row}"] = (
            f'=SUMPRODUCT(({area_col}={name_ref})*({counted}>0))&" / "&COUNTIF({area_col},{name_ref})'
        )
        ws[f"A{row}"].alignment = top
        row += 1
    row += 1

    ws[f"A{row}"] = f"差距清单（导出时的评估结果，按权重排序；共 {len(report.gaps)} 项）"
    ws[f"A{row}"].font = bold
    row += 1
    headers = ("检查项ID", "评估结果", "评估点", "权重", "依据类别", "整改建议")
    for letter, header in zip("ABCDEF", headers, strict=True):
        ws[f"{letter}{row}"], ws[f"{letter}{row}"].font = header, bold
    row += 1
    if not report.gaps:
        ws[f"A{row}"] = "已评估的检查项中没有不符合或基本符合的项。"
        row += 1
    for item, gap_status in report.gaps:
        put_text(ws, f"A{row}", item.id)
        put_text(ws, f"B{row}", STATUS_NAMES[gap_status])
        put_text(ws, f"C{row}", item.point)
        ws[f"D{row}"] = item.weight
        put_text(ws, f"E{row}", item.basis_kind_name)
        put_text(ws, f"F{row}", item.remediation)
        for letter in "ABCDEF":
            ws[f"{letter}{row}"].alignment = top
        row += 1
    row += 2

    line = Border(bottom=Side(style="thin"))
    for left, right in (("填报人：", "审核人："), ("单位盖章：", "日期：")):
        ws[f"A{row}"], ws[f"A{row}"].font = left, bold
        ws[f"D{row}"], ws[f"D{row}"].font = right, bold
        for letter in "BCEF":
            ws[f"{letter}{row}"].border = line
        ws.row_dimensions[row].height = 30
        row += 1
    ws[f"F{row - 1}"] = "      年    月    日"
    _print_setup(ws)


def _finished_text(session: SelfCheckSession) -> str:
    if not session.finished_at:
        return "—（尚未完成）"
    if session.finished_score is None:
        return "—（完成时没有已评估的项）"
    return f"{session.finished_score:.1f}（完成时按当时的自查清单计算，不随本表变化）"


def _version_line(checklist: Checklist, session: SelfCheckSession) -> str:
    if session.checklist_version >= checklist.version:
        return f"第{checklist.version}版"
    return f"本次自查开始时使用第{session.checklist_version}版；本表按现行第{checklist.version}版列出检查项"


META_ROWS = ("kind", "workbook_version", "level", "checklist_version", "session")


def _meta_sheet(ws: Worksheet, checklist: Checklist, session: SelfCheckSession) -> None:
    values = {
        "kind": WORKBOOK_KIND,
        "workbook_version": WORKBOOK_VERSION,
        "level": session.level,
        "checklist_version": checklist.version,
        "session": session.id,
    }
    for row, key in enumerate(META_ROWS, 1):
        ws[f"A{row}"] = key
        value = values[key]
        if isinstance(value, int):
            ws[f"B{row}"] = value
        else:
            put_text(ws, f"B{row}", value)
    ws[f"A{len(META_ROWS) + 2}"] = "此工作表供 govtui selfcheck import 使用，请勿修改。"
    ws.sheet_state = "hidden"
