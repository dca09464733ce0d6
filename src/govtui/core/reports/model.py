"""The typed model of a report's three statistics tables and of check findings."""

from __future__ import annotations

from dataclasses import dataclass, field

APPLICANT_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
LEGAL_PERSON_COLUMNS = APPLICANT_COLUMNS[1:6]
TOTAL = "总计"
REVIEW_OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
REVIEW_GROUPS = ("行政复议", "未经复议直接起诉", "复议后起诉")

# Severity order for sorting and summaries.
SEVERITIES = ("error", "warning", "note")
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "note": "提示"}

# Where a finding is: one of the three tables, the text, the report's structure or its cleanliness.
TABLE_NAMES = {
    "proactive": "表一 主动公开政府信息情况",
    "applications": "表二 收到和处理政府信息公开申请情况",
    "review": "表三 行政复议、行政诉讼情况",
    "text": "正文数字与表格",
    "contents": "第五十条规定的内容",
    "cleanliness": "抓取垃圾与缺字",
}


@dataclass(frozen=True, slots=True)
class Cell:
    """One number cell as printed: `value` is None when the cell is blank or not a number."""

    raw: str
    value: int | None

    @property
    def blank(self) -> bool:
        return not self.raw.strip()

    @property
    def readable(self) -> bool:
        return self.value is not None or self.blank


@dataclass(slots=True)
class TableRow:
    """A labelled row of number cells; `key` is the row's canonical name in the format."""

    key: str
    label: str
    cells: list[Cell]
    group: str = ""


@dataclass(slots=True)
class ProactiveTable:
    """表一: blocks under 第二十条第（X）项, each with its own column headings."""

    rows: list[TableRow] = field(default_factory=list)
    columns: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ApplicationTable:
    """表二: rows by canonical key, each with the 7 applicant columns."""

    rows: dict[str, TableRow] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def cell(self, key: str, column: str) -> Cell | None:
        row = self.rows.get(key)
        return row.cells[APPLICANT_COLUMNS.index(column)] if row else None


@dataclass(slots=True)
class ReviewTable:
    """表三: 15 cells, (group, outcome) -> Cell."""

    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Paragraph:
    """A line of running text with its position in the source (1-based line or block number)."""

    text: str
    line: int


@dataclass(slots=True)
class ReportDocument:
    """What the reader found: the text, the tables (None when absent or unreadable) and the format."""

    title: str
    paragraphs: list[Paragraph]
    proactive: ProactiveTable | None
    applications: ApplicationTable | None
    review: ReviewTable | None
    format: str  # "2019" (trial), "2021" or "unknown"
    headings: list[str] = field(default_factory=list)
    present: dict[str, bool] = field(default_factory=dict)  # table heading seen, even if unreadable
    removed: list[str] = field(default_factory=list)  # scrape junk left out, for the importer


@dataclass(frozen=True, slots=True)
class Finding:
    """One result of a check: what, where and the numbers involved."""

    severity: str  # error | warning | note
    code: str
    table: str  # a key of TABLE_NAMES
    message: str
    row: str | None = None
    column: str | None = None
    numbers: dict[str, int | float | None] = field(default_factory=dict)
    articles: tuple[int, ...] = ()

    @property
    def where(self) -> str:
        parts = [TABLE_NAMES.get(self.table, self.table)]
        if self.row:
            parts.append(self.row)
        if self.column:
            parts.append(f"{self.column}列")
        return " · ".join(parts)


@dataclass(slots=True)
class ReportCheck:
    """All findings about one report file."""

    source: str
    document: ReportDocument
    findings: list[Finding]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def by_table(self) -> dict[str, list[Finding]]:
        """Findings grouped by table; groups with errors come first, then in the report's order."""
        groups: dict[str, list[Finding]] = {key: [] for key in TABLE_NAMES}
        for finding in self.findings:
            groups.setdefault(finding.table, []).append(finding)
        order = list(groups)

        def worst(key: str) -> tuple[int, int]:
            return min(SEVERITIES.index(f.severity) for f in groups[key]), order.index(key)

        return {key: groups[key] for key in sorted((k for k in groups if groups[k]), key=worst)}
