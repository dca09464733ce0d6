"""The course as data: tracks, units, modules, questions, glossary terms.

Every record has a stable `id` so that progress files and exports written today still refer to the
same thing after the content is edited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

TRACK_IDS = ("1", "41", "N")
QUESTION_TYPES = ("single", "multiple", "truefalse", "fill", "order")
QUESTION_TYPE_NAMES = {
    "single": "单选题",
    "multiple": "多选题",
    "truefalse": "判断题",
    "fill": "填空题",
    "order": "排序题",
}
UNIT_KINDS = ("district", "county", "autonomous-county", "functional-area", "department", "township", "other")


@dataclass(slots=True)
class Track:
    """One of the "1+41+N" tracks."""

    id: str
    title: str
    description: str
    module_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Unit:
    """A learner's unit: one of the 41 district-level units or a municipal department."""

    id: str
    name: str
    kind: str


@dataclass(slots=True)
class Module:
    """A training module; the body is read from disk only when shown."""

    id: str
    title: str
    track: str
    order: int
    objectives: list[str]
    sources: list[str]
    minutes: int
    path: Path
    body_line: int

    def body(self) -> str:
        """The Markdown after the front matter."""
        from govtui.core.escape import visible
        from govtui.core.tomlpos import source_lines

        text = self.path.read_text(encoding="utf-8")
        # A control character in a content file must not act on the terminal (`check` reports it).
        return visible("\n".join(source_lines(text)[self.body_line - 1 :]))


@dataclass(slots=True)
class Question:
    """A question; `answer` is normalised per type (see core/quiz.py)."""

    id: str
    type: str
    stem: str
    explanation: str
    sources: list[str]
    point: str
    difficulty: int
    choices: list[str]
    answer: object
    items: list[str]
    bank: str
    module: str | None
    path: Path
    line: int
    # A drafted question (e.g. from `govtui report import`) stays out of exams until a maintainer
    # has checked it and removed the mark.
    draft: bool = False
    # False for a question about the course's own sources (what the scraped report text contains,
    # which lists are unchecked): useful in practice, but not a test of the law or the report, so
    # it is never drawn for an exam (`exam = false` in the bank).
    exam: bool = True

    @property
    def type_name(self) -> str:
        return QUESTION_TYPE_NAMES[self.type]


@dataclass(slots=True)
class GlossaryTerm:
    id: str
    term: str
    definition: str
    sources: list[str]
    line: int = 0


@dataclass(slots=True)
class ReferenceFact:
    text: str
    inferred: bool


@dataclass(slots=True)
class Reference:
    """A partial reference note from shared/reference; some of its facts are inferred."""

    id: str
    title: str
    summary: str
    facts: list[ReferenceFact]
