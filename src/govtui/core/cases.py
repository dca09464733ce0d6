"""Case simulations (案例演练): content/cases/*.toml, one realistic application per file.

A case is a short story and a sequence of decisions. Each decision (step) has choices, feedback
for every choice, and its basis: the articles it rests on, each with the exact words quoted from
content/regulation.txt. The validator checks that every quotation really is in the cited article,
and that every deadline asked for is the date the deadline calculator gives.

Each step is also a `Question` (single choice, id `<case>:<step>`), so a wrong decision goes
into the wrong-answer notebook and the review like any quiz question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govtui.core.citation import parse_citation
from govtui.core.model import TRACK_IDS, Question
from govtui.core.modules import SLUG
from govtui.core.problems import ContentError, Problem
from govtui.core.questions import LETTERS
from govtui.core.tomlpos import key_line, load_toml, read_text, table_lines

if TYPE_CHECKING:
    from govtui.core.course import Course

SCHEMA = 1
CASE_KEYS = {"schema", "id", "title", "track", "order", "story", "steps"}
STEP_KEYS = {"id", "prompt", "situation", "choices", "answer", "basis", "point", "deadline"}
DEADLINE_KINDS = ("reply", "extended", "correction", "third-party-opinion", "agency-opinion")
QUOTE = re.compile(r"「([^」]+)」")


@dataclass(frozen=True, slots=True)
class CaseChoice:
    text: str
    feedback: str


@dataclass(frozen=True, slots=True)
class CaseBasis:
    """A source of a step; for an article, `quote` is its exact words (empty: the whole article)."""

    source: str
    quote: str = ""


@dataclass(frozen=True, slots=True)
class DeadlineQuestion:
    """What the calculator must be asked to check the right choice of a deadline step."""

    kind: str
    received: date
    channel: str = "当面"
    completed: date | None = None
    consult: tuple[str, ...] = ()


@dataclass(slots=True)
class CaseStep:
    id: str
    prompt: str
    situation: str
    choices: list[CaseChoice]
    answer: int
    basis: list[CaseBasis]
    point: str
    line: int
    deadline: DeadlineQuestion | None = None

    @property
    def sources(self) -> list[str]:
        return [b.source for b in self.basis]


@dataclass(slots=True)
class Case:
    id: str
    title: str
    track: str
    order: int
    story: str
    path: Path
    steps: list[CaseStep] = field(default_factory=list)

    def question_id(self, step: CaseStep) -> str:
        return f"{self.id}:{step.id}"

    def question(self, step: CaseStep) -> Question:
        """The step as a single-choice question (for the notebook and the review)."""
        right = step.choices[step.answer]
        stem = f"【案例：{self.title}】{self.story.strip()}"
        if step.situation:
            stem += f"\n{step.situation.strip()}"
        stem += f"\n{step.prompt}"
        return Question(
            id=self.question_id(step),
            type="single",
            stem=stem,
            explanation=right.feedback,
            sources=step.sources,
            point=step.point or self.title,
            difficulty=2,
            choices=[c.text for c in step.choices],
            answer=LETTERS[step.answer],
            items=[],
            bank="cases",
            module=None,
            path=self.path,
            line=step.line,
        )


def load_cases(folder: Path, problems: list[Problem]) -> dict[str, Case]:
    cases: dict[str, Case] = {}
    if not folder.is_dir():
        return cases
    for path in sorted(folder.glob("*.toml")):
        case = load_case(path, problems)
        if case is None:
            continue
        if case.id in cases:
            problems.append(Problem(path, key_line(read_text(path), "id", 1), f"案例 id 重复：{case.id}"))
            continue
        cases[case.id] = case
    return dict(sorted(cases.items(), key=lambda item: (item[1].order, item[0])))


def load_case(path: Path, problems: list[Problem]) -> Case | None:
    try:
        text = read_text(path)
        data = load_toml(path, text)
    except ContentError as exc:
        problems.append(exc.problem)
        return None
    before = len(problems)

    def bad(message: str, key: str | None = None, start: int = 1, end: int | None = None) -> None:
        problems.append(Problem(path, key_line(text, key, start, end) if key else start, message))

    if data.get("schema") != SCHEMA:
        bad(f"案例需要 schema = {SCHEMA}", "schema")
    for key in sorted(set(data) - CASE_KEYS):
        bad(f"未知字段：{key}", key)
    case_id, title, story = data.get("id"), data.get("title"), data.get("story")
    if not isinstance(case_id, str) or not SLUG.match(case_id):
        bad("案例需要 id（小写字母、数字、连字符）", "id")
        case_id = path.stem
    for key, value in (("title", title), ("story", story)):
        if not isinstance(value, str) or not value.strip():
            bad(f"案例缺少 {key}", key)
    track = data.get("track", "41")
    if track not in TRACK_IDS:
        bad(f"轨道应为 1、41 或 N：{track!r}", "track")
    order = data.get("order", 0)
    if not isinstance(order, int):
        bad("order 应为整数", "order")
        order = 0
    case = Case(str(case_id), str(title or ""), str(track), order, str(story or ""), path)
    raw_steps = data.get("steps")
    headers = table_lines(text, "steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        bad("案例中没有 [[steps]]")
        return None
    seen: set[str] = set()
    for index, raw in enumerate(raw_steps):
        start = headers[index] if index < len(headers) else 1
        end = headers[index + 1] - 1 if index + 1 < len(headers) else None
        step = _parse_step(raw, path, text, start, end, problems)
        if step is None:
            continue
        if step.id in seen:
            problems.append(Problem(path, start, f"步骤 id 重复：{step.id}"))
            continue
        seen.add(step.id)
        case.steps.append(step)
    return case if len(problems) == before else None


def _parse_step(raw: Any, path: Path, text: str, start: int, end: int | None, problems: list[Problem]) -> CaseStep | None:
    before = len(problems)

    def bad(message: str, key: str | None = None) -> None:
        problems.append(Problem(path, key_line(text, key, start, end) if key else start, message))

    if not isinstance(raw, dict):
        bad("步骤格式无效")
        return None
    for key in sorted(set(raw) - STEP_KEYS):
        bad(f"步骤中的未知字段：{key}", key)
    step_id, prompt = raw.get("id"), raw.get("prompt")
    if not isinstance(step_id, str) or not SLUG.match(step_id):
        bad("步骤需要 id（小写字母、数字、连字符）", "id")
    if not isinstance(prompt, str) or not prompt.strip():
        bad("步骤缺少 prompt（要学员作出的决定）", "prompt")
    choices: list[CaseChoice] = []
    raw_choices = raw.get("choices")
    if not isinstance(raw_choices, list) or not 2 <= len(raw_choices) <= 6:
        bad("步骤需要 2–6 个 [[steps.choices]]", "choices")
        raw_choices = []
    for number, choice in enumerate(raw_choices):
        label = LETTERS[number] if number < len(LETTERS) else str(number)
        if not isinstance(choice, dict) or not str(choice.get("text", "")).strip():
            bad(f"选项 {label} 缺少 text")
            continue
        feedback = choice.get("feedback")
        if not isinstance(feedback, str) or not feedback.strip():
            bad(f"选项 {label} 缺少反馈 feedback")
            continue
        choices.append(CaseChoice(str(choice["text"]), feedback))
    answer = raw.get("answer")
    if not isinstance(answer, str) or len(answer) != 1 or answer not in LETTERS[: len(raw_choices)]:
        bad(f"answer 应为一个选项字母（A–{LETTERS[max(0, len(raw_choices) - 1)]}）", "answer")
    basis: list[CaseBasis] = []
    raw_basis = raw.get("basis")
    if not isinstance(raw_basis, list) or not raw_basis:
        bad("步骤需要至少一条 [[steps.basis]]（依据）", "basis")
        raw_basis = []
    for item in raw_basis:
        source = item.get("source") if isinstance(item, dict) else None
        if not isinstance(source, str) or parse_citation(source) is None:
            bad(f"依据的出处写法无效：{source!r}", "source")
            continue
        basis.append(CaseBasis(source, str(item.get("quote", ""))))
    deadline = _parse_deadline(raw.get("deadline"), bad)
    if len(problems) > before:
        return None
    return CaseStep(
        id=str(step_id),
        prompt=str(prompt),
        situation=str(raw.get("situation", "")),
        choices=choices,
        answer=LETTERS.index(str(answer)),
        basis=basis,
        point=str(raw.get("point", "")),
        line=start,
        deadline=deadline,
    )


def _parse_deadline(raw: Any, bad) -> DeadlineQuestion | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or raw.get("kind") not in DEADLINE_KINDS or not isinstance(raw.get("received"), date):
        bad(f"deadline 需要 kind（{' | '.join(DEADLINE_KINDS)}）和 received（日期）", "deadline")
        return None
    completed = raw.get("completed")
    if completed is not None and not isinstance(completed, date):
        bad("deadline.completed 应为日期", "deadline")
        return None
    consult = raw.get("consult", [])
    if not isinstance(consult, list) or not all(isinstance(c, str) for c in consult):
        bad("deadline.consult 应为“收到日:回复日”字符串的列表", "deadline")
        return None
    return DeadlineQuestion(str(raw["kind"]), raw["received"], str(raw.get("channel", "当面")), completed, tuple(consult))


def computed_deadline(question: DeadlineQuestion, articles: dict[int, str]) -> date | None:
    """The date the calculator gives for a deadline step (package holiday data only)."""
    from govtui.core.desk.deadline import parse_period, plan_deadlines
    from govtui.core.desk.workdays import WorkCalendar

    consultations = [
        parse_period(text.removeprefix("机关@"), agency=text.startswith("机关@")) for text in question.consult
    ]
    plan = plan_deadlines(
        question.received,
        WorkCalendar(),
        articles,
        channel=question.channel,
        completed=question.completed,
        consultations=consultations,
    )
    return plan.get(question.kind).date


def check_cases(course: Course, problems: list[Problem]) -> None:
    """Cross-file checks: citations exist, quotations are the article's words, deadlines compute."""
    from govtui.core.sources import resolve

    regulation = course.regulation
    articles = {n: a.text for n, a in regulation.articles.items()} if regulation else {}
    for case in course.cases.values():
        for step in case.steps:
            where = f"案例 {case.id} 步骤 {step.id}"
            cited: list[str] = []
            for basis in step.basis:
                citation = parse_citation(basis.source)
                if citation is None:
                    continue
                if citation.kind == "reg" and regulation is None:
                    continue
                if not resolve(course, citation):
                    problems.append(Problem(case.path, step.line, f"{where}：出处不存在 {basis.source}"))
                    continue
                if citation.kind == "reg":
                    text = articles[citation.article]
                    cited.append(text)
                    if basis.quote and basis.quote not in text:
                        problems.append(
                            Problem(case.path, step.line, f"{where}：引文不是{basis.source}的原文：{basis.quote[:30]}")
                        )
            if regulation is None:
                continue
            for choice in step.choices:
                for quoted in QUOTE.findall(choice.feedback):
                    if not any(quoted in text for text in cited):
                        problems.append(
                            Problem(case.path, step.line, f"{where}：反馈中「」内的文字不在所引条文中：{quoted[:30]}")
                        )
            if step.deadline is not None:
                try:
                    expected = computed_deadline(step.deadline, articles)
                except ValueError as exc:
                    problems.append(Problem(case.path, step.line, f"{where}：期限无法计算：{exc}"))
                    continue
                right = step.choices[step.answer].text
                if expected is None or expected.isoformat() not in right:
                    problems.append(
                        Problem(case.path, step.line, f"{where}：正确选项应含期限计算器给出的日期 {expected}")
                    )
