"""The checks on a report: the tables' own arithmetic, blank cells, figures in the text against
the tables, the contents required by art. 50, and scrape junk.

A finding never claims more than the numbers show: an equation with blank cells in it is a
warning ("if the blanks are 0 …"), a text figure that the blanks could explain is a warning, and a
table that could not be read is reported as unreadable and not checked.
"""

from __future__ import annotations

import re
from pathlib import Path

from govtui.core.reports.cleaning import is_junk_line, lost_words, strip_spam
from govtui.core.reports.model import (
    APPLICANT_COLUMNS,
    REVIEW_GROUPS,
    REVIEW_OUTCOMES,
    SEVERITIES,
    TOTAL,
    ApplicationTable,
    Cell,
    Finding,
    ReportCheck,
    ReportDocument,
)
from govtui.core.reports.reader import read_file
from govtui.core.reports.tables import (
    NOT_HANDLED,
    OTHER_2021,
    REFUSED,
    ROW_NAMES,
    UNABLE,
    build_document,
    missing_application_rows,
    result_rows,
)

ART50 = 50
# Articles of the Regulation behind each result row of 表二 (besides art. 50, which requires the table).
ROW_ARTICLES: dict[str, tuple[int, ...]] = {
    "partial": (37,),
    "secret": (14,),
    "law_forbidden": (14,),
    "three_safety": (14,),
    "third_party": (15,),
    "internal": (16,),
    "process": (16,),
    "enforcement": (16,),
    "not_held": (36,),
    "not_made": (38,),
    "unclear": (30,),
    "petition": (39,),
    "repeat": (36,),
    "publication": (39,),
    "massive": (35,),
    "overdue_fix": (30,),
    "overdue_fee": (42,),
}


def check_report(path: Path) -> ReportCheck:
    """Read a report file (HTML or plain text) and run every check on it."""
    blocks, removed = read_file(path)
    document = build_document(blocks, removed)
    findings: list[Finding] = []
    findings += _junk(blocks)
    findings += _applications(document)
    findings += _review(document)
    findings += _proactive(document)
    findings += _text_figures(document)
    findings += _contents(document)
    findings += _lost(document)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: order[f.severity])
    return ReportCheck(str(path), document, findings)


# -- arithmetic ---------------------------------------------------------------------------


def _sum(cells: list[Cell]) -> tuple[int, int]:
    """(sum with blank cells as 0, number of blank cells)."""
    return sum(c.value or 0 for c in cells), sum(1 for c in cells if c.blank)


def _equation(
    table: str, code: str, row: str | None, column: str | None, left_label: str, left: list[Cell],
    right_label: str, right: list[Cell], articles: tuple[int, ...],
) -> Finding | None:
    cells = left + right
    if any(not c.readable for c in cells):
        return None  # a cell that is not a number is reported once, as unreadable
    if any(c.blank for c in right) and len(right) == 1:
        return None  # a blank total is reported as a blank cell, not as a wrong sum
    lsum, lblank = _sum(left)
    rsum, rblank = _sum(right)
    if lsum == rsum:
        return None
    numbers = {left_label: lsum, right_label: rsum}
    if lblank or rblank:
        return Finding(
            "warning", code, table,
            f"{left_label}（{lsum}）与{right_label}（{rsum}）不等；其中有 {lblank + rblank} 个空格按0计，"
            "空格若另有数字，请补上后再核对",
            row, column, numbers, articles,
        )
    return Finding("error", code, table, f"{left_label}应等于{right_label}：{lsum} ≠ {rsum}", row, column, numbers, articles)


def _applications(document: ReportDocument) -> list[Finding]:
    table = document.applications
    if table is None:
        return []
    findings: list[Finding] = []
    for problem in table.problems:
        findings.append(Finding("warning", "unreadable", "applications", f"无法读取：{problem}", articles=(ART50,)))
    fmt = document.format if document.format != "unknown" else ("2021" if "overdue_fix" in table.rows else "2019")
    missing = missing_application_rows(table, fmt)
    if not table.rows:
        findings.append(Finding("warning", "unreadable", "applications", "表二无法读取：没有读到任何一行数字（数字格可能留空，或在复制时丢失），未作核对", articles=(ART50,)))
        return findings
    if missing:
        names = "、".join(ROW_NAMES[k] for k in missing)
        findings.append(
            Finding("warning", "unreadable", "applications", f"表二不完整，缺少 {len(missing)} 行（{names}），涉及这些行的核对未做", articles=(ART50,))
        )
    for key, row in table.rows.items():
        articles = (*ROW_ARTICLES.get(key, ()), ART50)
        bad = [APPLICANT_COLUMNS[i] for i, c in enumerate(row.cells) if not c.readable]
        if bad:
            findings.append(Finding("warning", "unreadable", "applications", f"不是数字：{'、'.join(bad)}列", ROW_NAMES[key], None, {}, articles))
        blanks = [APPLICANT_COLUMNS[i] for i, c in enumerate(row.cells) if c.blank]
        if blanks:
            parts_sum, _ = _sum(row.cells[:6])
            extra = ""
            if TOTAL in blanks and parts_sum:
                extra = f"；总计列为空，而本行各申请人列合计 {parts_sum}"
            findings.append(
                Finding(
                    "warning", "blank", "applications",
                    f"空格{len(blanks)}个（{'、'.join(blanks)}）：格式要求填数字，没有发生的应填0{extra}",
                    ROW_NAMES[key], None, {c: None for c in blanks}, articles,
                )
            )
        finding = _equation(
            "applications", "row-total", ROW_NAMES[key], TOTAL, "自然人与法人或其他组织5列之和", row.cells[:6],
            "总计列", [row.cells[6]], articles,
        )
        if finding:
            findings.append(finding)
    results = result_rows(fmt)
    for position, column in enumerate(APPLICANT_COLUMNS):
        left = _column(table, ("new", "carried_in"), position)
        right = _column(table, ("total", "carried_out"), position)
        if left and right:
            finding = _equation(
                "applications", "balance", "一＋二 与 三（七）＋四", column, "一＋二", left, "三（七）总计＋四", right, (ART50,)
            )
            # The balance needs both sides; a blank on either side makes it a warning, not an error.
            if finding:
                findings.append(finding)
        parts, total = _column(table, results, position), _column(table, ("total",), position)
        if parts and total:
            finding = _equation(
                "applications", "results-total", "（七）总计", column, "（一）至（六）各项之和", parts, "（七）总计", total, (ART50,)
            )
            if finding:
                findings.append(finding)
    return findings


def _column(table: ApplicationTable, keys: tuple[str, ...], position: int) -> list[Cell] | None:
    """One applicant column's cells in the given rows, or None when a row could not be read."""
    if any(k not in table.rows for k in keys):
        return None
    return [table.rows[k].cells[position] for k in keys]


def _review(document: ReportDocument) -> list[Finding]:
    table = document.review
    if table is None:
        return []
    if table.problems:
        return [Finding("warning", "unreadable", "review", f"表三无法读取：{p}，未作核对", articles=(ART50,)) for p in table.problems]
    findings: list[Finding] = []
    for group in REVIEW_GROUPS:
        cells = [table.cells[(group, outcome)] for outcome in REVIEW_OUTCOMES]
        blanks = [REVIEW_OUTCOMES[i] for i, c in enumerate(cells) if c.blank]
        if blanks:
            findings.append(
                Finding("warning", "blank", "review", f"空格{len(blanks)}个（{'、'.join(blanks)}）：格式要求填数字，没有发生的应填0",
                        group, None, {b: None for b in blanks}, (ART50,))
            )
        finding = _equation("review", "review-total", group, TOTAL, "维持、纠正、其他、尚未审结之和", cells[:4], "总计", [cells[4]], (ART50,))
        if finding:
            findings.append(finding)
    return findings


def _proactive(document: ReportDocument) -> list[Finding]:
    table = document.proactive
    if table is None:
        return []
    findings = [Finding("warning", "unreadable", "proactive", f"无法读取：{p}", articles=(20, ART50)) for p in table.problems]
    if not table.rows and not table.problems:
        findings.append(Finding("warning", "unreadable", "proactive", "表一无法读取：没有读到任何一行数字", articles=(20, ART50)))
    for row in table.rows:
        columns = table.columns.get(row.group, [])
        blanks = [columns[i] if i < len(columns) else str(i + 1) for i, c in enumerate(row.cells) if c.blank]
        if blanks:
            findings.append(
                Finding("warning", "blank", "proactive", f"空格{len(blanks)}个（{'、'.join(blanks)}）：格式要求填数字，没有发生的应填0",
                        f"{row.group} {row.label}", None, {b: None for b in blanks}, (20, ART50))
            )
    return findings


# -- text against tables ---------------------------------------------------------------------

COUNT = r"[^\d，,。；;：:]{0,6}?(\d+)件"
TEXT_FIGURES: tuple[tuple[str, str, str], ...] = (
    ("granted+partial", r"予以公开[及和与]部分公开" + COUNT, "（一）予以公开与（二）部分公开合计"),
    ("granted", r"(?<![不])予以公开(?![及和与])" + COUNT, "（一）予以公开"),
    ("partial", r"(?<![及和与])部分公开" + COUNT, "（二）部分公开"),
    ("refused", r"不予公开" + COUNT, "（三）不予公开各项合计"),
    ("unable", r"无法提供" + COUNT, "（四）无法提供各项合计"),
    ("not_handled", r"不予处理" + COUNT, "（五）不予处理各项合计"),
    ("other", r"其他处理" + COUNT, "（六）其他处理"),
    ("new", r"(?:新收|收到|受理|接收)[^\d，,。；;]{0,14}?申请" + COUNT, "一、本年新收申请总计"),
    ("replied", r"(?:答复|办结)[^\d，,。；;]{0,14}?申请" + COUNT, "三（七）总计"),
    ("carried_in", r"上年度?结转[^\d，,。；;]{0,8}?(\d+)件", "二、上年结转申请总计"),
    ("carried_out", r"(\d+)件[^，,。；;]{0,14}?(?:顺延到下年度|结转下年度|结转至下一?年度)", "四、结转下年度继续办理总计"),
    ("review_total", r"(?:行政复议|复议)" + COUNT, "表三 行政复议总计"),
    ("litigation_total", r"(?:行政诉讼|诉讼)" + COUNT, "表三 行政诉讼总计（直接起诉与复议后起诉）"),
)
PERCENT = re.compile(r"^[，,]?\s*(?:占[^\d%，,。；;]{0,8}?)?(\d+(?:\.\d+)?)%")


def _row_total(table: ApplicationTable, key: str) -> tuple[int, bool] | None:
    """A row's 总计 (from the 总计 cell, or the applicant columns when it is blank) and whether blanks were involved."""
    row = table.rows.get(key)
    if row is None or not all(c.readable for c in row.cells):
        return None
    total = row.cells[6]
    if total.value is not None:
        return total.value, False
    parts, _ = _sum(row.cells[:6])
    return parts, True


def _quantity(document: ReportDocument, name: str) -> tuple[int, bool] | None:
    """The table's figure for what a text sentence names, or None when the table cannot say."""
    if name in ("review_total", "litigation_total"):
        review = document.review
        if review is None or review.problems:
            return None
        groups = ("行政复议",) if name == "review_total" else ("未经复议直接起诉", "复议后起诉")
        cells = [review.cells[(g, TOTAL)] for g in groups]
        value, blanks = _sum(cells)
        return value, bool(blanks)
    table = document.applications
    if table is None:
        return None
    fmt = document.format if document.format != "unknown" else "2019"
    keys = {
        "granted+partial": ("granted", "partial"),
        "granted": ("granted",),
        "partial": ("partial",),
        "refused": REFUSED,
        "unable": UNABLE,
        "not_handled": NOT_HANDLED,
        "other": OTHER_2021 if fmt == "2021" else ("other",),
        "new": ("new",),
        "replied": ("total",),
        "carried_in": ("carried_in",),
        "carried_out": ("carried_out",),
    }[name]
    value, blanks = 0, False
    for key in keys:
        found = _row_total(table, key)
        if found is None:
            return None
        value += found[0]
        blanks = blanks or found[1] or any(c.blank for c in table.rows[key].cells)
    return value, blanks


def _text_figures(document: ReportDocument) -> list[Finding]:
    findings: list[Finding] = []
    replied = _quantity(document, "replied")
    new = _quantity(document, "new")
    for paragraph in document.paragraphs:
        text = paragraph.text
        taken: list[tuple[int, int]] = []
        for name, pattern, label in TEXT_FIGURES:
            for match in re.finditer(pattern, text):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                taken.append((match.start(), match.end()))
                stated = int(match.group(1))
                quote = match.group(0)
                found = _quantity(document, name)
                if found is None:
                    findings.append(
                        Finding("note", "text-unchecked", "text", f"正文“{quote}”：表格缺失或无法读取，未能核对", label, None,
                                {"正文": stated}, (ART50,))
                    )
                    continue
                value, blanks = found
                if stated != value:
                    if blanks and stated > value:
                        findings.append(
                            Finding("warning", "text-table", "text",
                                    f"正文“{quote}”，表中{label}为 {value}（表中有空格按0计，空格若另有数字可能一致）",
                                    label, None, {"正文": stated, "表格": value}, (ART50,))
                        )
                    else:
                        findings.append(
                            Finding("error", "text-table", "text", f"正文“{quote}”，表中{label}为 {value}", label, None,
                                    {"正文": stated, "表格": value}, (ART50,))
                        )
                percent = PERCENT.match(text[match.end() :])
                if percent:
                    findings += _percent(quote + percent.group(0), stated, percent.group(1), replied, new, label)
    return findings


def _percent(quote: str, stated: int, shown: str, replied, new, label: str) -> list[Finding]:
    decimals = len(shown.split(".")[1]) if "." in shown else 0
    tolerance = 10 ** -decimals
    bases = [(n, b[0]) for n, b in (("三（七）总计", replied), ("本年新收", new)) if b and b[0]]
    if not bases:
        return []
    for _name, base in bases:
        if abs(stated / base * 100 - float(shown)) <= tolerance:
            return []
    name, base = bases[0]
    recomputed = round(stated / base * 100, max(decimals, 1))
    return [
        Finding("warning", "percent", "text", f"正文“{quote}”：{stated}÷{name}{base}＝{recomputed}%，与所写 {shown}% 不符",
                label, None, {"正文百分比": float(shown), "重算": recomputed, "分母": base}, (ART50,))
    ]


# -- art. 50 contents ----------------------------------------------------------------------

CONTENTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("（一）", "行政机关主动公开政府信息的情况", "proactive", ("主动公开",)),
    ("（二）", "行政机关收到和处理政府信息公开申请的情况", "applications", ("依申请", "公开申请")),
    ("（三）", "因政府信息公开工作被申请行政复议、提起行政诉讼的情况", "review", ("行政复议",)),
    ("（四）", "政府信息公开工作存在的主要问题及改进情况", "problems", ("存在的主要问题", "存在一些不足", "存在的问题")),
    ("（五）", "其他需要报告的事项", "other", ("其他需要报告",)),
)
GOVERNMENT_EXTRA = (("工作考核", ("考核",)), ("社会评议", ("社会评议", "评议")), ("责任追究", ("责任追究", "追责")))


def is_government(document: ReportDocument) -> bool | None:
    """Whether the report is a 人民政府's (art. 50 (四) asks more of it); None when it cannot be told."""
    candidates = [document.title] + [p.text for p in document.paragraphs[:4] if len(p.text) <= 40]
    for text in candidates:
        if not text:
            continue
        text = re.sub(r"^《?(?:关于)?\d{4}年度?", "", text)
        agency = re.split(r"\d{4}年|政府信息公开", text)[0].strip("《")
        if not agency:
            continue
        if re.search(r"(局|委|委员会|办公厅|办公室|厅|中心|署|院|所)$", agency):
            return False
        if agency.endswith(("人民政府", "街道办事处")) or re.fullmatch(r"[\u4e00-\u9fff]{1,10}[省市区县镇乡]", agency):
            return True
    return None


def _contents(document: ReportDocument) -> list[Finding]:
    findings: list[Finding] = []
    text = "\n".join(p.text for p in document.paragraphs)
    for item, name, kind, words in CONTENTS:
        if document.present.get(kind) or any(w in text for w in words):
            continue
        findings.append(
            Finding("warning", "art50-missing", "contents", f"未找到第五十条第{item}项要求的“{name}”（按标题和关键词查找）",
                    f"第五十条第{item}项", None, {}, (ART50,))
        )
    government = is_government(document)
    missing = [name for name, words in GOVERNMENT_EXTRA if not any(w in text for w in words)]
    if government and missing:
        findings.append(
            Finding("warning", "art50-government", "contents",
                    f"人民政府的年度报告还应包括工作考核、社会评议和责任追究结果情况；未找到：{'、'.join(missing)}（按关键词查找）",
                    "第五十条第（四）项", None, {}, (ART50,))
        )
    elif government is None and missing:
        findings.append(
            Finding("note", "art50-government", "contents",
                    f"未能判断是否为人民政府的报告；如是，还应包括工作考核、社会评议和责任追究结果情况（未找到：{'、'.join(missing)}）",
                    "第五十条第（四）项", None, {}, (ART50,))
        )
    return findings


# -- junk and lost words ---------------------------------------------------------------------


def _junk(blocks) -> list[Finding]:
    findings: list[Finding] = []
    for block in blocks:
        if is_junk_line(block.text):
            findings.append(Finding("warning", "junk", "cleanliness", f"网站提示或页面杂项混入正文：“{block.text[:60]}”", f"第{block.line}行"))
        else:
            _, spam = strip_spam(block.text)
            for item in spam:
                findings.append(Finding("error", "spam", "cleanliness", f"疑似被植入的垃圾文字：“{item}”", f"第{block.line}行"))
    return findings


def _lost(document: ReportDocument) -> list[Finding]:
    texts = [p.text for p in document.paragraphs]
    return [
        Finding("warning", "lost-words", "cleanliness", f"疑似缺字：“{place.snippet}”——{place.reason}", f"第{document.paragraphs[place.paragraph].line}行")
        for place in lost_words(texts)
    ]
