"""The annual report as numbered paragraphs (content/report.toml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from govtui.core.problems import ContentError, Problem
from govtui.core.tomlpos import key_line, load_toml, read_text, table_lines

LOST_MARK = "（原文此处缺失）"


@dataclass(slots=True)
class ReportParagraph:
    """A paragraph of the report; `section` groups items under (一)..(七)."""

    id: str
    title: str
    text: str
    section: str | None = None
    restored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def has_lost_words(self) -> bool:
        return LOST_MARK in self.text


@dataclass(slots=True)
class Report:
    title: str
    source: str
    paragraphs: dict[str, ReportParagraph]
    path: Path

    def section_text(self, pid: str) -> str:
        """A paragraph, or a whole section (its head and all its items)."""
        parts = [p.text for p in self.paragraphs.values() if p.id == pid or p.section == pid]
        return "".join(parts)


def load_report(path: Path) -> Report:
    text = read_text(path)
    data = load_toml(path, text)
    lines = table_lines(text, "paragraphs")
    paragraphs: dict[str, ReportParagraph] = {}
    for index, raw in enumerate(data.get("paragraphs", [])):
        line = lines[index] if index < len(lines) else None
        missing = [k for k in ("id", "title", "text") if not isinstance(raw.get(k), str)]
        if missing:
            raise ContentError(Problem(path, line, f"段落缺少字段：{', '.join(missing)}"))
        if raw["id"] in paragraphs:
            where = key_line(text, "id", line) if line else None
            raise ContentError(Problem(path, where, f"段落 id 重复：{raw['id']}"))
        paragraphs[raw["id"]] = ReportParagraph(
            id=raw["id"],
            title=raw["title"],
            text=raw["text"],
            section=raw.get("section"),
            restored=list(raw.get("restored", [])),
            notes=list(raw.get("notes", [])),
        )
    return Report(data.get("title", ""), data.get("source", ""), paragraphs, path)
