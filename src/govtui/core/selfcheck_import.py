"""Reading a self-check workbook (.xlsx, see core/selfcheck_xlsx.py) back into a NEW session.

An agency fills the item sheet offline and returns it. Everything is checked before anything is
written: one problem anywhere (an unknown verdict, an item id the checklist does not have, a missing
sheet or column, text over the session file's limits) and no session is saved. Each problem names
the sheet, row and column as a person sees them in Excel (“评估项 第 12 行 F 列：……”).
"""

from __future__ import annotations

import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govtui.core import clock, escape
from govtui.core.errors import os_error_text
from govtui.core.selfcheck import Checklist, ItemMark, SelfCheckSession, SelfCheckStore, new_session
from govtui.core.selfcheck_file import MAX_EVIDENCE_CHARS, MAX_EVIDENCE_ITEMS, MAX_NOTE_CHARS
from govtui.core.selfcheck_xlsx import (
    COLUMN,
    ITEM_SHEET,
    META_ROWS,
    META_SHEET,
    PARTICIPANT_SEPARATORS,
    SUMMARY_LABELS,
    SUMMARY_SHEET,
    VERDICT_KEYS,
    VERDICTS,
    WORKBOOK_KIND,
    WORKBOOK_VERSION,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MAX_WORKBOOK_BYTES = 20_000_000
MAX_ROWS = 5_000
"""Far above any checklist (about 80 items); a sheet longer than this is not one govtui wrote."""
MAX_SHOWN = 50
"""Problems listed at most; the rest are counted, so a wholly wrong file does not flood the screen."""
MAX_AGENCY_CHARS = 200
MAX_PARTICIPANT_CHARS = 2_000


class WorkbookImportError(Exception):
    """The workbook cannot be imported; `problems` are Chinese lines naming sheet, row and column."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(slots=True)
class ImportResult:
    session: SelfCheckSession
    notes: list[str] = field(default_factory=list)
    """Things dropped on purpose (a reason next to a verdict other than 不适用), said to the user."""


def where(sheet: str, row: int, column: str | None = None) -> str:
    return f"{sheet} 第 {row} 行 {column} 列" if column else f"{sheet} 第 {row} 行"


def read_workbook(checklist: Checklist, path: Path) -> ImportResult:
    """The session the workbook describes (not saved), or WorkbookImportError with every problem found."""
    wb = _open(path)
    problems: list[str] = []
    missing = [name for name in (SUMMARY_SHEET, ITEM_SHEET, META_SHEET) if name not in wb.sheetnames]
    if missing:
        raise WorkbookImportError(
            [f"缺少工作表“{name}”（请使用 govtui selfcheck export --format xlsx 导出的工作簿）" for name in missing]
        )
    level, version = _meta(wb[META_SHEET], checklist, problems)
    if level is None or version is None:
        raise WorkbookImportError(problems)
    agency, on, participants = _summary(wb[SUMMARY_SHEET], problems)
    notes: list[str] = []
    marks = _marks(wb[ITEM_SHEET], checklist, level, version, problems, notes)
    if problems:
        shown = problems[:MAX_SHOWN]
        if len(problems) > MAX_SHOWN:
            shown.append(f"……另有 {len(problems) - MAX_SHOWN} 个问题")
        raise WorkbookImportError(shown)
    assert agency is not None and on is not None
    # The sheet lists the items of `version`; the session shows checklist changes made since then.
    session = new_session(agency, level, participants, on=on, checklist_version=version)
    session.marks = marks
    return ImportResult(session, notes)


def import_workbook(checklist: Checklist, store: SelfCheckStore, path: Path) -> ImportResult:
    """Read the workbook and save it as a new session (one atomic write, under the session's lock)."""
    result = read_workbook(checklist, path)
    lock = store.lock(result.session.id)
    if lock is None:
        raise WorkbookImportError([f"自查记录 {result.session.id} 正被另一个窗口使用，请重试"])
    try:
        store.save(result.session)
    except OSError as exc:
        raise WorkbookImportError([f"无法保存自查记录（{os_error_text(exc)}），未导入任何内容"]) from exc
    finally:
        lock.release()
    return result


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise WorkbookImportError([f"无法读取 {path}：{os_error_text(exc)}"]) from exc
    if not path.is_file():
        raise WorkbookImportError([f"{path} 不是文件"])
    if size > MAX_WORKBOOK_BYTES:
        raise WorkbookImportError([f"{path} 超过 {MAX_WORKBOOK_BYTES // 1_000_000} MB，不是 govtui 导出的自查工作簿"])
    try:
        with warnings.catch_warnings():
            # Files saved by Excel or WPS carry extensions openpyxl skips with a UserWarning; not the user's concern.
            warnings.simplefilter("ignore")
            return load_workbook(path, data_only=False)
    except OSError as exc:
        raise WorkbookImportError([f"无法读取 {path}：{os_error_text(exc)}"]) from exc
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, AttributeError, SyntaxError) as exc:
        # openpyxl raises many kinds on a damaged or foreign file; all mean the same to the user.
        kind = "不是 .xlsx 工作簿（.xls 或 .et 请在 Excel/WPS 中另存为 .xlsx）" if isinstance(exc, zipfile.BadZipFile) else "工作簿已损坏或格式不对"
        raise WorkbookImportError([f"无法打开 {path}：{kind}"]) from exc


def _text(value: Any) -> str:
    """A cell's value as text; Excel turns typed dates into datetimes and digits into numbers."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return escape.visible(value).strip()


def _is_formula(cell: Any) -> bool:
    return cell.data_type == "f"


def _meta(ws: Worksheet, checklist: Checklist, problems: list[str]) -> tuple[str | None, int | None]:
    values = {}
    for row, key in enumerate(META_ROWS, 1):
        if ws[f"A{row}"].value != key:
            problems.append(f"{where(META_SHEET, row, 'A')}：应为“{key}”；工作表“{META_SHEET}”供导入使用，请勿修改")
            return None, None
        values[key] = ws[f"B{row}"].value
    row = {key: n for n, key in enumerate(META_ROWS, 1)}
    if values["kind"] != WORKBOOK_KIND:
        problems.append(f"{where(META_SHEET, row['kind'], 'B')}：不是 govtui 自查工作簿")
        return None, None
    layout = values["workbook_version"]
    if not isinstance(layout, int) or layout > WORKBOOK_VERSION:
        problems.append(f"{where(META_SHEET, row['workbook_version'], 'B')}：工作簿格式版本 {layout!r} 由更新版本的 govtui 导出，本版本无法导入")
        return None, None
    level = values["level"]
    if not isinstance(level, str) or not any(lv.id == level for lv in checklist.levels):
        problems.append(f"{where(META_SHEET, row['level'], 'B')}：自查清单中没有机关类型 {level!r}")
        return None, None
    version = values["checklist_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(f"{where(META_SHEET, row['checklist_version'], 'B')}：清单版本应为正整数，实际为 {version!r}")
        return None, None
    if version > checklist.version:
        problems.append(
            f"{where(META_SHEET, row['checklist_version'], 'B')}：本表按自查清单第{version}版导出，"
            f"本机 govtui 的清单是第{checklist.version}版；请先更新 govtui 再导入"
        )
        return None, None
    return level, version


def _summary(ws: Worksheet, problems: list[str]) -> tuple[str | None, date | None, list[str]]:
    found: dict[str, Any] = {}
    for row in range(1, min(ws.max_row, 40) + 1):
        label = ws[f"A{row}"].value
        for key, text in SUMMARY_LABELS.items():
            if label == text and key not in found:
                found[key] = ws[f"B{row}"]
    for key in ("agency", "date", "participants"):
        if key not in found:
            problems.append(f"{SUMMARY_SHEET}：A 列找不到“{SUMMARY_LABELS[key]}”一行（请勿删除或改写 A 列的标签）")
    if not {"agency", "date", "participants"} <= set(found):
        return None, None, []
    agency_cell, date_cell, people_cell = found["agency"], found["date"], found["participants"]
    agency = _text(agency_cell.value)
    here = where(SUMMARY_SHEET, agency_cell.row, "B")
    if _is_formula(agency_cell):
        problems.append(f"{here}：机关名称不能是公式，请直接填写")
        agency = None
    elif not agency:
        problems.append(f"{here}：机关名称不能为空")
        agency = None
    elif len(agency) > MAX_AGENCY_CHARS:
        problems.append(f"{here}：机关名称有 {len(agency)} 个字符，超过上限 {MAX_AGENCY_CHARS}")
        agency = None
    on = _date(date_cell, problems)
    people = [] if _is_formula(people_cell) else [p.strip() for p in PARTICIPANT_SEPARATORS.split(_text(people_cell.value))]
    if _is_formula(people_cell):
        problems.append(f"{where(SUMMARY_SHEET, people_cell.row, 'B')}：参加人员不能是公式，请直接填写")
    for person in people:
        if len(person) > MAX_PARTICIPANT_CHARS:
            problems.append(f"{where(SUMMARY_SHEET, people_cell.row, 'B')}：参加人员“{person[:20]}…”超过 {MAX_PARTICIPANT_CHARS} 个字符")
    return agency, on, [p for p in people if p]


def _date(cell: Any, problems: list[str]) -> date | None:
    here = where(SUMMARY_SHEET, cell.row, "B")
    value = cell.value
    if isinstance(value, datetime):
        day: date | None = value.date()
    elif isinstance(value, date):
        day = value
    else:
        day = _typed_date(_text(value))
    if day is None:
        problems.append(f"{here}：自查日期应为日期（如 2026-12-01），实际为“{_text(value)[:40]}”")
        return None
    if day > clock.today():
        problems.append(f"{here}：自查日期不能晚于今天（{clock.today().isoformat()}）")
        return None
    return day


_TYPED_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def _typed_date(text: str) -> date | None:
    """2026-12-01, 2026/12/1, 2026.12.1 or 2026年12月1日, as a date kept as text in the cell."""
    match = _TYPED_DATE.fullmatch(text)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _headers(ws: Worksheet, problems: list[str]) -> dict[str, tuple[int, str]]:
    """Input column → (index, letter), found by header text so a moved column still reads right."""
    from openpyxl.utils import get_column_letter

    found: dict[str, tuple[int, str]] = {}
    by_header = {COLUMN[key].header: key for key in ("id", *("status", "reason", "evidence", "notes"))}
    for index in range(1, min(ws.max_column, 200) + 1):
        header = _text(ws.cell(1, index).value)
        key = by_header.get(header)
        if key and key not in found:
            found[key] = (index, get_column_letter(index))
    for header, key in by_header.items():
        if key not in found:
            problems.append(f"{where(ITEM_SHEET, 1)}：缺少列“{header}”（请勿删除或改写第 1 行的列名）")
    return found


def _marks(
    ws: Worksheet, checklist: Checklist, level: str, version: int, problems: list[str], notes: list[str]
) -> dict[str, ItemMark]:
    columns = _headers(ws, problems)
    if len(columns) < 5:
        return {}
    if ws.max_row > MAX_ROWS:
        problems.append(f"{ITEM_SHEET}：有 {ws.max_row} 行，超过 {MAX_ROWS} 行，不是 govtui 导出的自查工作簿")
        return {}
    applicable = {item.id for item in checklist.items_for(level)}
    everywhere = {item.id for item in checklist.items}
    level_name = checklist.level_name(level)
    marks: dict[str, ItemMark] = {}
    seen: dict[str, int] = {}
    letter = {key: columns[key][1] for key in columns}
    for row in range(2, ws.max_row + 1):
        cells = {key: ws.cell(row, index) for key, (index, _) in columns.items()}

        def fail(key: str, message: str, row: int = row) -> None:
            problems.append(f"{where(ITEM_SHEET, row, letter[key])}：{message}")

        if all(cell.value in (None, "") for cell in cells.values()):
            continue
        for key, cell in cells.items():
            if _is_formula(cell):
                fail(key, "是公式；请直接填写文字（以 = 开头的文字请先输入一个英文单引号 '）")
        if any(_is_formula(cell) for cell in cells.values()):
            continue
        item_id = _text(cells["id"].value)
        if not item_id:
            fail("id", "缺少检查项ID（这一行填写了内容，但不知道属于哪个检查项）")
            continue
        if item_id in seen:
            fail("id", f"检查项“{item_id}”重复（第 {seen[item_id]} 行已有）")
            continue
        seen[item_id] = row
        if item_id not in everywhere:
            made = "" if version == checklist.version else f"（本表按第{version}版导出）"
            fail("id", f"检查项“{item_id[:40]}”不在现行自查清单（第{checklist.version}版）中{made}")
            continue
        if item_id not in applicable:
            fail("id", f"检查项“{item_id}”不适用于机关类型“{level_name}”")
            continue
        verdict = _text(cells["status"].value)
        status = VERDICT_KEYS.get(verdict) if verdict else None
        if verdict and status is None:
            fail("status", f"评估结果“{verdict[:20]}”无效，应为 {'、'.join(VERDICTS)} 之一（未评估的留空）")
        reason = _text(cells["reason"].value)
        if status == "na" and not reason:
            fail("reason", "评估结果为不适用，须写明不适用理由")
        elif reason and status != "na":
            notes.append(f"{where(ITEM_SHEET, row, letter['reason'])}：评估结果不是不适用，不适用理由未导入")
            reason = ""
        if len(reason) > MAX_NOTE_CHARS:
            fail("reason", f"不适用理由有 {len(reason)} 个字符，超过上限 {MAX_NOTE_CHARS}")
        evidence = [line.strip() for line in _text(cells["evidence"].value).splitlines() if line.strip()]
        if len(evidence) > MAX_EVIDENCE_ITEMS:
            fail("evidence", f"佐证材料有 {len(evidence)} 条，超过上限 {MAX_EVIDENCE_ITEMS} 条")
        for number, line in enumerate(evidence, 1):
            if len(line) > MAX_EVIDENCE_CHARS:
                fail("evidence", f"第 {number} 条佐证材料有 {len(line)} 个字符，超过上限 {MAX_EVIDENCE_CHARS}")
        note = _text(cells["notes"].value)
        if len(note) > MAX_NOTE_CHARS:
            fail("notes", f"备注有 {len(note)} 个字符，超过上限 {MAX_NOTE_CHARS}")
        if status or reason or evidence or note:
            marks[item_id] = ItemMark(status, reason, evidence, note)
    absent = [item.id for item in checklist.items_for(level) if item.id not in seen]
    if absent:
        shown = "、".join(absent[:10]) + ("等" if len(absent) > 10 else "")
        notes.append(f"{ITEM_SHEET}：{len(absent)} 个检查项不在表中（{shown}），按未评估导入")
    return marks
