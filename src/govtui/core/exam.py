"""Mock exams (模拟考试): blueprints in content/exams.toml, papers drawn at random, scoring."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from govtui.core.citation import parse_citation
from govtui.core.model import QUESTION_TYPES, TRACK_IDS, Question
from govtui.core.problems import ContentError, Problem
from govtui.core.progress import ExamAttempt
from govtui.core.quiz import Response, credit, grade, response_text
from govtui.core.tomlpos import key_line, load_toml, read_text, table_lines

SOURCE_DOCUMENTS = {"regulation": "reg", "report": "report"}


@dataclass(frozen=True, slots=True)
class ExamSection:
    """How many questions of one type (and optional topic filters), and points for each."""

    type: str
    count: int
    points: int
    track: str | None = None
    source: str | None = None
    difficulty: tuple[int, ...] = ()

    def accepts(self, question: Question, track_of: dict[str, str]) -> bool:
        if question.draft or not question.exam or question.type != self.type:
            return False
        if self.track and track_of.get(question.module or "") != self.track:
            return False
        if self.source:
            citation = parse_citation(question.sources[0]) if question.sources else None
            if citation is None or citation.kind != SOURCE_DOCUMENTS[self.source]:
                return False
        return not self.difficulty or question.difficulty in self.difficulty


@dataclass(frozen=True, slots=True)
class ExamBlueprint:
    id: str
    title: str
    minutes: int
    pass_score: int
    sections: tuple[ExamSection, ...]
    line: int = 0

    @property
    def total_points(self) -> int:
        return sum(s.count * s.points for s in self.sections)

    @property
    def question_count(self) -> int:
        return sum(s.count for s in self.sections)


def load_blueprints(path: Path, problems: list[Problem]) -> list[ExamBlueprint]:
    """Read exams.toml; problems are appended with file and line."""
    try:
        text = read_text(path)
        data = load_toml(path, text)
    except ContentError as exc:
        problems.append(exc.problem)
        return []
    blueprints: list[ExamBlueprint] = []
    headers = table_lines(text, "blueprints")
    section_headers = table_lines(text, "blueprints.sections")
    section_index = 0
    seen: set[str] = set()
    for index, raw in enumerate(data.get("blueprints", [])):
        line = headers[index] if index < len(headers) else None
        sections: list[ExamSection] = []
        ok = True
        for raw_section in raw.get("sections", []):
            sline = section_headers[section_index] if section_index < len(section_headers) else line
            section_index += 1
            section = _section(raw_section, path, text, sline, problems)
            if section is None:
                ok = False
            else:
                sections.append(section)
        if not all(isinstance(raw.get(k), str) for k in ("id", "title")):
            problems.append(Problem(path, line, "考试方案需要 id 和 title"))
            continue
        if raw["id"] in seen:
            problems.append(Problem(path, key_line(text, "id", line or 1), f"考试方案 id 重复：{raw['id']}"))
            continue
        seen.add(raw["id"])
        minutes, pass_score = raw.get("minutes"), raw.get("pass_score")
        if not isinstance(minutes, int) or minutes <= 0:
            problems.append(Problem(path, key_line(text, "minutes", line or 1), "minutes 应为正整数"))
            ok = False
        if not isinstance(pass_score, int) or not 0 < pass_score <= 100:
            problems.append(Problem(path, key_line(text, "pass_score", line or 1), "pass_score 应为 1–100"))
            ok = False
        if not ok or not sections:
            continue
        blueprint = ExamBlueprint(raw["id"], raw["title"], minutes, pass_score, tuple(sections), line or 0)
        if blueprint.total_points != 100:
            problems.append(Problem(path, line, f"考试方案 {blueprint.id} 总分为 {blueprint.total_points}，应为 100"))
            continue
        blueprints.append(blueprint)
    return blueprints


def _section(raw: dict, path: Path, text: str, line: int | None, problems: list[Problem]) -> ExamSection | None:
    qtype, count, points = raw.get("type"), raw.get("count"), raw.get("points")
    where = line or 1
    if qtype not in QUESTION_TYPES:
        problems.append(Problem(path, key_line(text, "type", where), f"未知题型 {qtype!r}"))
        return None
    if not isinstance(count, int) or count <= 0 or not isinstance(points, int) or points <= 0:
        problems.append(Problem(path, where, "count 和 points 应为正整数"))
        return None
    track, source = raw.get("track"), raw.get("source")
    if track is not None and track not in TRACK_IDS:
        problems.append(Problem(path, key_line(text, "track", where), f"track 应为 1、41 或 N：{track!r}"))
        return None
    if source is not None and source not in SOURCE_DOCUMENTS:
        problems.append(Problem(path, key_line(text, "source", where), "source 应为 regulation 或 report"))
        return None
    difficulty = raw.get("difficulty", [])
    if not isinstance(difficulty, list) or not all(d in (1, 2, 3) for d in difficulty):
        problems.append(Problem(path, key_line(text, "difficulty", where), "difficulty 应为由 1、2、3 组成的列表，如 [1, 2]"))
        return None
    return ExamSection(qtype, count, points, track, source, tuple(difficulty))


def eligible(section: ExamSection, questions: list[Question], track_of: dict[str, str]) -> list[Question]:
    return [q for q in questions if section.accepts(q, track_of)]


def compose_paper(
    blueprint: ExamBlueprint, questions: list[Question], track_of: dict[str, str], rng: random.Random
) -> list[tuple[Question, int]]:
    """Draw (question, points) pairs section by section, never the same question twice."""
    used: set[str] = set()
    paper: list[tuple[Question, int]] = []
    for section in blueprint.sections:
        pool = [q for q in eligible(section, questions, track_of) if q.id not in used]
        if len(pool) < section.count:
            raise ValueError(f"{blueprint.id}：{section.type} 题只有 {len(pool)} 道可用，少于 {section.count}")
        for question in rng.sample(pool, section.count):
            used.add(question.id)
            paper.append((question, section.points))
    return paper


@dataclass(slots=True)
class ExamPaper:
    """A drawn paper, the learner's responses (changeable until submitted) and flags (标记)."""

    blueprint: ExamBlueprint
    items: list[tuple[Question, int]]
    orders: dict[str, list[int]]
    responses: dict[str, Response] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def results(self) -> dict[str, bool]:
        """Exactly right or not, per question (what review, 错题本 and streaks use)."""
        return {q.id: q.id in self.responses and grade(q, self.responses[q.id]) for q, _ in self.items}

    def earned(self) -> dict[str, float]:
        """Points earned per question: points x credit (multiple choice may earn part of them)."""
        return {
            q.id: points * credit(q, self.responses[q.id]) if q.id in self.responses else 0.0
            for q, points in self.items
        }

    def points_scored(self) -> float:
        return sum(self.earned().values())

    def score(self) -> int:
        """The whole-number score, rounded down so that 59.5 never passes a 60 mark."""
        return whole_score(self.points_scored())

    def toggle_flag(self, question_id: str) -> bool:
        """Flag or unflag a question; True when it is flagged now."""
        if question_id in self.flags:
            self.flags.discard(question_id)
            return False
        self.flags.add(question_id)
        return True

    def unanswered_numbers(self) -> list[int]:
        """1-based numbers of the questions without an answer, in paper order."""
        return [n for n, (q, _) in enumerate(self.items, start=1) if q.id not in self.responses]

    def flagged_numbers(self) -> list[int]:
        return [n for n, (q, _) in enumerate(self.items, start=1) if q.id in self.flags]

    def attempt(self, at: str, seconds: int, timed_out: bool) -> ExamAttempt:
        """The record kept in the learner's file: enough to reopen the attempt for review later."""
        earned = self.earned()
        exact = sum(earned.values())
        return ExamAttempt(
            blueprint_id=self.blueprint.id,
            at=at,
            score=whole_score(exact),
            pass_score=self.blueprint.pass_score,
            seconds=seconds,
            timed_out=timed_out,
            answers=self.results(),
            responses={
                q.id: response_text(q, self.responses[q.id], self.orders[q.id])
                for q, _ in self.items
                if q.id in self.responses
            },
            question_ids=[q.id for q, _ in self.items],
            points={q.id: points for q, points in self.items},
            earned={qid: round(value, 4) for qid, value in earned.items()},
            orders={q.id: list(self.orders[q.id]) for q, _ in self.items},
            flags=[q.id for q, _ in self.items if q.id in self.flags],
            points_scored=round(exact, 4),
        )


def whole_score(points: float) -> int:
    """Points as a whole score, rounded down (a tiny float error must not cost a point)."""
    return max(0, math.floor(points + 1e-9))


def points_text(points: float) -> str:
    """Points for display: whole numbers as they are, others to one decimal, rounded down."""
    tenths = math.floor(points * 10 + 1e-9)
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths / 10:.1f}"
