"""`govtui check`: validate every content and quiz file and count what is there."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govtui.core.citation import parse_citation
from govtui.core.course import Course
from govtui.core.model import QUESTION_TYPES, TRACK_IDS
from govtui.core.option_length import (
    LONGEST_OPTION_FLOOR,
    LONGEST_OPTION_THRESHOLD,
    BankOptionLengths,
    course_share_too_low,
    option_lengths_per_bank,
)
from govtui.core.problems import Problem
from govtui.core.sources import BODY_LINK, resolve
from govtui.core.tomlpos import key_line, source_lines

REPORT_MODULE_PREFIX = "report-"


@dataclass(slots=True)
class CheckResult:
    counts: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    # Warnings do not make the course invalid (exit status stays 0): they point at content that
    # works but teaches worse, such as options whose length gives the answer away.
    warnings: list[Problem] = field(default_factory=list)
    option_lengths: list[BankOptionLengths] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _control_characters(course: Course) -> list[Problem]:
    """Control characters (ESC, NUL, bidi overrides…) in any content file: shown as symbols, but a mistake."""
    from govtui.core.escape import has_controls

    found: list[Problem] = []
    for folder in (course.content_dir, course.quiz_dir):
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".toml", ".md", ".txt") or not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # reported by the loader that reads it
            for number, line in enumerate(source_lines(text), start=1):
                if has_controls(line):
                    found.append(Problem(path, number, "含控制字符（如 ESC、NUL 或文字方向控制符），请删除"))
    return found


def check_course(course: Course) -> CheckResult:
    """Load everything (forcing the lazy parts) and check references between files."""
    questions = course.questions
    regulation = course.regulation
    report = course.report
    glossary = course.glossary
    blueprints = course.blueprints
    checklist = course.checklist
    course.references  # noqa: B018 - loads and validates references.toml
    cases = course.cases
    plans = course.plans
    problems = course.problems

    # When regulation.txt or report.toml itself failed to load, that one problem is reported;
    # every citation into it is not reported again.
    unavailable = {kind for kind, doc in (("reg", regulation), ("report", report)) if doc is None}

    def check_sources(sources: list[str], path: Path, line: int | None, what: str) -> None:
        for source in sources:
            citation = parse_citation(source)
            if citation is None:
                problems.append(Problem(path, line, f"{what}：出处写法无效 {source!r}"))
            elif citation.kind not in unavailable and not resolve(course, citation):
                problems.append(Problem(path, line, f"{what}：出处不存在 {source}"))

    for module in course.modules.values():
        front = "\n".join(source_lines(module.path.read_text(encoding="utf-8"))[: module.body_line - 1])
        check_sources(module.sources, module.path, key_line(front, "sources", 1), f"模块 {module.id}")
        for offset, line in enumerate(source_lines(module.body())):
            for target in BODY_LINK.findall(line):
                check_sources([target], module.path, module.body_line + offset, "正文链接")
    for question in questions.values():
        check_sources(question.sources, question.path, question.line, f"题目 {question.id}")
    if checklist:
        for item in checklist.items:
            check_sources(list(item.basis), checklist.path, item.line, f"检查项 {item.id}")
    from govtui.core.cases import check_cases

    check_cases(course, problems)
    glossary_path = course.content_dir / "glossary.toml"
    for term in glossary:
        check_sources(term.sources, glossary_path, term.line or None, f"术语 {term.id}")

    if plans.source:
        check_sources([plans.source], course.content_dir / "plans.toml", None, "学习计划")

    problems.extend(_control_characters(course))
    per_type = Counter(q.type for q in questions.values())
    per_source = Counter(_source_document(q.sources[0]) for q in questions.values() if q.sources)
    per_track: Counter[str] = Counter()
    for q in questions.values():
        module = course.modules.get(q.module or "")
        per_track[module.track if module else "exam-only"] += 1
    counts: dict[str, Any] = {
        "modules": len(course.modules),
        "modules_per_track": {t: len(course.tracks[t].module_ids) for t in TRACK_IDS},
        "report_modules": sum(1 for m in course.modules if m.startswith(REPORT_MODULE_PREFIX)),
        "report_paragraphs": len(report.paragraphs) if report else 0,
        "units": len(course.units),
        "questions": len(questions),
        "draft_questions": sum(1 for q in questions.values() if q.draft),
        "exam_excluded_questions": sum(1 for q in questions.values() if not q.exam),
        "questions_per_type": {t: per_type.get(t, 0) for t in QUESTION_TYPES},
        "questions_per_source": dict(sorted(per_source.items())),
        "questions_per_track": dict(sorted(per_track.items())),
        "articles": len(regulation.articles) if regulation else 0,
        "chapters": len(regulation.chapters) if regulation else 0,
        "glossary_terms": len(glossary),
        "exam_blueprints": len(blueprints),
        "cases": len(cases),
        "case_steps": sum(len(c.steps) for c in cases.values()),
        "selfcheck": _checklist_counts(checklist),
    }
    problems.sort(key=lambda p: (str(p.path), p.line or 0))
    option_lengths = option_lengths_per_bank(list(questions.values()))
    warnings = [_longest_option_warning(bank) for bank in option_lengths if bank.over_threshold]
    if course_share_too_low(option_lengths):
        warnings.append(Problem(
            course.quiz_dir,
            None,
            f"全课程单选题中正确选项几乎从不是唯一最长的一项（低于 {LONGEST_OPTION_FLOOR:.0%}），"
            "学员可排除最长的选项；请让部分题目的正确选项成为最长项",
        ))
    return CheckResult(counts, problems, warnings, option_lengths)


def _longest_option_warning(bank: BankOptionLengths) -> Problem:
    ids = "、".join(bank.longest)
    return Problem(
        bank.path,
        None,
        f"题库 {bank.bank}：{bank.single} 道单选题中有 {len(bank.longest)} 道（{bank.share:.0%}）正确选项是唯一最长的，"
        f"超过 {LONGEST_OPTION_THRESHOLD:.0%}，学员可凭选项长短猜中答案；请改写选项（{ids}）",
    )


def _source_document(source: str) -> str:
    citation = parse_citation(source)
    return {"reg": "regulation", "report": "report"}.get(citation.kind, citation.kind) if citation else "invalid"


def _checklist_counts(checklist) -> dict[str, Any]:
    if checklist is None:
        return {"items": 0, "areas": 0, "profiles": 0}
    items = checklist.items
    return {
        "items": len(items),
        "areas": len(checklist.areas),
        "profiles": len(checklist.levels),
        "items_per_area": {a.id: sum(1 for i in items if i.area == a.id) for a in checklist.areas},
        "items_per_profile": {lv.id: sum(1 for i in items if lv.id in i.levels) for lv in checklist.levels},
        # Items that failed these checks are reported as problems and left out, so these stay 0
        # in a valid course; they are counted over what loaded.
        "missing_basis": sum(1 for i in items if not i.basis),
        "missing_weight": sum(1 for i in items if not i.weight),
        "missing_remediation": sum(1 for i in items if not i.remediation.strip()),
        "missing_module": sum(1 for i in items if not i.modules),
    }
