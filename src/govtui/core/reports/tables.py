"""Finding the three statistics tables among the blocks and reading them into the model."""

from __future__ import annotations

import re

from govtui.core.reports.model import (
    APPLICANT_COLUMNS,
    REVIEW_GROUPS,
    REVIEW_OUTCOMES,
    ApplicationTable,
    Cell,
    Paragraph,
    ProactiveTable,
    ReportDocument,
    ReviewTable,
    TableRow,
)
from govtui.core.reports.reader import Block

NUMERALS = "一二三四五六七八九十"
HEADING = re.compile(rf"^[{NUMERALS}]+[、.．]\s*\S")
SUB_HEADING = re.compile(rf"^[（(][{NUMERALS}]+[)）]")
# Row labels of 表二 that look like headings (一、…申请数量) but are not.
ROW_LABEL_HINTS = ("申请数量", "办理结果", "继续办理")
NUMBER = re.compile(r"^([+\-－]?)(\d[\d,，]*)(?:\.\d+)?\s*(?:元|万元|件|条)?$")
BLANKISH = {"", "-", "—", "——", "/", "－", "无"}

# 表二 rows: canonical key, the label pattern, and which format has the row. Order matters:
# the first pattern that matches a label wins ("部分公开（…不计其他情形）" is not "其他").
APPLICATION_ROWS: tuple[tuple[str, str, str], ...] = (
    ("new", r"本年新收", "both"),
    ("carried_in", r"上年结转", "both"),
    ("partial", r"部分公开", "both"),
    ("granted", r"予以公开", "both"),
    ("secret", r"国家秘密", "both"),
    ("law_forbidden", r"法律行政法规禁止", "both"),
    ("three_safety", r"三安全一稳定", "both"),
    ("third_party", r"第三方合法权益", "both"),
    ("internal", r"内部事务", "both"),
    ("process", r"过程性信息", "both"),
    ("enforcement", r"执法案卷", "both"),
    ("inquiry", r"行政查询", "both"),
    ("not_held", r"不掌握", "both"),
    ("not_made", r"另行制作", "both"),
    ("unclear", r"仍不明确", "both"),
    ("petition", r"信访|举报投诉", "both"),
    ("repeat", r"重复申请", "both"),
    ("publication", r"公开出版物", "both"),
    ("massive", r"大量反复", "both"),
    ("confirm", r"确认或重新出具", "both"),
    ("overdue_fix", r"逾期不补正", "2021"),
    ("overdue_fee", r"缴纳费用", "2021"),
    ("other_other", r"^\d[.．、]\s*其他$", "2021"),
    ("other", r"其他处理", "2019"),
    ("total", r"[（(]七[)）]\s*总计", "both"),
    ("carried_out", r"结转下年度", "both"),
)
ROW_NAMES = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partial": "（二）部分公开",
    "secret": "（三）不予公开 1.属于国家秘密",
    "law_forbidden": "（三）不予公开 2.其他法律行政法规禁止公开",
    "three_safety": "（三）不予公开 3.危及“三安全一稳定”",
    "third_party": "（三）不予公开 4.保护第三方合法权益",
    "internal": "（三）不予公开 5.属于三类内部事务信息",
    "process": "（三）不予公开 6.属于四类过程性信息",
    "enforcement": "（三）不予公开 7.属于行政执法案卷",
    "inquiry": "（三）不予公开 8.属于行政查询事项",
    "not_held": "（四）无法提供 1.本机关不掌握相关政府信息",
    "not_made": "（四）无法提供 2.没有现成信息需要另行制作",
    "unclear": "（四）无法提供 3.补正后申请内容仍不明确",
    "petition": "（五）不予处理 1.信访举报投诉类申请",
    "repeat": "（五）不予处理 2.重复申请",
    "publication": "（五）不予处理 3.要求提供公开出版物",
    "massive": "（五）不予处理 4.无正当理由大量反复申请",
    "confirm": "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    "overdue_fix": "（六）其他处理 1.申请人无正当理由逾期不补正",
    "overdue_fee": "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用",
    "other_other": "（六）其他处理 3.其他",
    "other": "（六）其他处理",
    "total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
REFUSED = ("secret", "law_forbidden", "three_safety", "third_party", "internal", "process", "enforcement", "inquiry")
UNABLE = ("not_held", "not_made", "unclear")
NOT_HANDLED = ("petition", "repeat", "publication", "massive", "confirm")
OTHER_2021 = ("overdue_fix", "overdue_fee", "other_other")


def result_rows(fmt: str) -> tuple[str, ...]:
    """The rows that add up to （七）总计 in this format."""
    other = OTHER_2021 if fmt == "2021" else ("other",)
    return ("granted", "partial", *REFUSED, *UNABLE, *NOT_HANDLED, *other)


PROACTIVE_LABELS = ("规章", "规范性文件", "行政规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制", "行政事业性收费", "政府集中采购")


def parse_cell(raw: str) -> Cell:
    text = raw.strip()
    if text in BLANKISH:
        return Cell(text, None)
    match = NUMBER.match(text)
    if not match:
        return Cell(text, None)
    value = int(match.group(2).replace(",", "").replace("，", ""))
    return Cell(text, -value if match.group(1) in ("-", "－") else value)


def is_value(field: str) -> bool:
    text = field.strip()
    return text in BLANKISH or bool(NUMBER.match(text))


def section_kind(text: str) -> str | None:
    """Which part of the report a level-1 heading opens, or None if the line is no such heading."""
    if len(text) > 40 or not HEADING.match(text) or any(h in text for h in ROW_LABEL_HINTS):
        return None
    if "主动公开" in text:
        return "proactive"
    if "收到和处理" in text or "依申请" in text:
        return "applications"
    if "复议" in text or "诉讼" in text:
        return "review"
    if "问题" in text or "改进" in text:
        return "problems"
    if "其他" in text or "其它" in text:
        return "other"
    if "总体" in text or "概述" in text or "基本情况" in text:
        return "overall"
    return "heading"


def build_document(blocks: list[Block], removed: list[str]) -> ReportDocument:
    regions: dict[str, list[Block]] = {}
    paragraphs: list[Paragraph] = []
    headings: list[str] = []
    present: dict[str, bool] = {}
    current: str | None = None
    for block in blocks:
        kind = section_kind(block.text) if len(block.fields) <= 1 or not block.row else None
        if kind:
            headings.append(block.text)
            present[kind] = True
            current = kind if kind in ("proactive", "applications", "review") else None
            paragraphs.append(Paragraph(block.text, block.line))
            if current:
                regions[current] = []
            continue
        if current:
            regions[current].append(block)
            # Running text after a table still belongs to the report (a note under the table).
            if not block.row and len(block.fields) <= 1 and not is_value(block.text) and len(block.text) > 40:
                paragraphs.append(Paragraph(block.text, block.line))
        elif block.text:
            paragraphs.append(Paragraph(block.text, block.line))
    title = _title(blocks)
    fmt = _format(blocks)
    proactive = read_proactive(regions["proactive"]) if "proactive" in regions else None
    applications = read_applications(regions["applications"], fmt) if "applications" in regions else None
    review = read_review(regions["review"]) if "review" in regions else None
    return ReportDocument(title, paragraphs, proactive, applications, review, fmt, headings, present, list(removed))


def _title(blocks: list[Block]) -> str:
    for index, block in enumerate(blocks[:12]):
        if "年度报告" in block.text and len(block.text) <= 60:
            # "乌海市工业和信息化局" on one line, "政府信息公开工作年度报告" on the next.
            if block.text.startswith("政府信息公开") and index and len(blocks[index - 1].text) <= 30:
                return blocks[index - 1].text + block.text
            return block.text
    for block in blocks[:5]:
        match = re.search(r"《([^》]*年度报告)》", block.text)
        if match:
            return match.group(1)
    return ""


def _format(blocks: list[Block]) -> str:
    text = "\n".join(b.text for b in blocks)
    if "〔2021〕30号" in text:
        return "2021"
    if "〔2019〕60号" in text or "格式（试行）" in text or "格式(试行)" in text:
        return "2019"
    if any(k in text for k in ("本年制发件数", "现行有效件数", "逾期不补正", "本年收费金额")):
        return "2021"
    if any(k in text for k in ("本年新制作数量", "对外公开总数量", "上一年项目数量", "政府集中采购")):
        return "2019"
    return "unknown"


def _row_values(blocks: list[Block], index: int) -> tuple[str, str, list[str], int]:
    """(group, label, value fields, blocks consumed) for the row that starts at blocks[index]."""
    fields = blocks[index].fields
    cut = len(fields)
    while cut > 0 and is_value(fields[cut - 1]):
        cut -= 1
    labels = [f for f in fields[:cut] if f.strip()]
    values = fields[cut:]
    used = 1
    if labels and not any(v.strip() for v in values):
        # One cell per line: the numbers follow as lines of their own (blank cells are lost).
        follow: list[str] = []
        while index + used < len(blocks):
            nxt = blocks[index + used].fields
            if len(nxt) == 1 and is_value(nxt[0]) and nxt[0].strip():
                follow.append(nxt[0])
                used += 1
            else:
                break
        if follow:
            values = follow
    group = labels[0] if len(labels) > 1 else ""
    label = labels[-1] if labels else ""
    return group, label, values, used


def _fit(values: list[str], expected: int) -> list[str] | None:
    """The value fields trimmed to the expected count, or None when they cannot be placed."""
    values = list(values)
    while len(values) > expected and not values[-1].strip():
        values.pop()
    return values if len(values) == expected else None


def _application_key(label: str) -> str | None:
    for key, pattern, _fmt in APPLICATION_ROWS:
        if re.search(pattern, label):
            return key
    return None


def read_applications(blocks: list[Block], fmt: str) -> ApplicationTable:
    table = ApplicationTable()
    index = 0
    while index < len(blocks):
        group, label, values, used = _row_values(blocks, index)
        index += used
        if not label or not any(v.strip() for v in values) and not values:
            continue
        key = _application_key(label)
        if key is None or key in table.rows or not values:
            continue
        fitted = _fit(values, len(APPLICANT_COLUMNS))
        if fitted is None:
            table.problems.append(f"{ROW_NAMES[key]}：读到 {len(values)} 个数字格，应为 7 个，无法确定各数字所属的列")
            continue
        table.rows[key] = TableRow(key, label, [parse_cell(v) for v in fitted], group)
    return table


def missing_application_rows(table: ApplicationTable, fmt: str) -> list[str]:
    needed = ("new", "carried_in", *result_rows(fmt), "total", "carried_out")
    return [key for key in needed if key not in table.rows]


def read_review(blocks: list[Block]) -> ReviewTable:
    table = ReviewTable()
    values: list[str] = []
    for block in blocks:
        if block.fields and all(is_value(f) for f in block.fields) and (block.row or "\t" in block.text or any(f.strip() for f in block.fields)):
            values.extend(block.fields)
    fitted = _fit(values, 15)
    if fitted is None:
        if values:
            table.problems.append(f"读到 {len(values)} 个数字格，应为 15 个（行政复议5个、行政诉讼10个），无法确定各数字所属的栏目")
        else:
            table.problems.append("没有读到数字（数字格可能留空，或在复制时丢失）")
        return table
    for position, raw in enumerate(fitted):
        group = REVIEW_GROUPS[position // 5]
        table.cells[(group, REVIEW_OUTCOMES[position % 5])] = parse_cell(raw)
    return table


def read_proactive(blocks: list[Block]) -> ProactiveTable:
    table = ProactiveTable()
    item = ""
    columns: list[str] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        first = block.fields[0] if block.fields else ""
        if first.startswith("第二十条"):
            item = re.sub(r"\s+", "", first)
            columns = []
            index += 1
            continue
        if first == "信息内容":
            columns = [f for f in block.fields[1:] if f.strip()]
            index += 1
            if not columns:
                while index < len(blocks) and len(blocks[index].fields) == 1 and not is_value(blocks[index].text) \
                        and blocks[index].text not in PROACTIVE_LABELS and not blocks[index].text.startswith("第二十条"):
                    columns.append(blocks[index].text)
                    index += 1
            table.columns[item] = columns
            continue
        group, label, values, used = _row_values(blocks, index)
        index += used
        if label not in PROACTIVE_LABELS or not values:
            continue
        fitted = _fit(values, len(columns)) if columns else None
        if fitted is None:
            table.problems.append(f"{item} {label}：读到 {len(values)} 个数字格，与表头 {len(columns)} 栏对不上")
            continue
        table.rows.append(TableRow(label, label, [parse_cell(v) for v in fitted], item))
    return table
