"""Question banks (quizzes/*.toml): parsing and per-question checks."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

from govtui.core.citation import parse_citation
from govtui.core.escape import visible
from govtui.core.model import QUESTION_TYPES, Question
from govtui.core.problems import ContentError, Problem
from govtui.core.tomlpos import key_line, load_toml, read_text, table_lines

LETTERS = string.ascii_uppercase
BLANK = "____"
QUESTION_KEYS = {
    "id", "type", "stem", "choices", "answer", "explanation", "sources", "point", "difficulty", "items", "draft", "exam",
}
SCHEMA = 1


def load_bank(path: Path, problems: list[Problem]) -> tuple[str | None, list[Question]]:
    """Parse one bank; returns its module id and the questions that are usable."""
    try:
        text = read_text(path)
        data = load_toml(path, text)
    except ContentError as exc:
        problems.append(exc.problem)
        return None, []
    schema = data.get("schema", SCHEMA)
    if schema != SCHEMA:
        problems.append(Problem(path, key_line(text, "schema", 1), f"不支持的 schema = {schema!r}（应为 {SCHEMA}）"))
        return None, []
    module = data.get("module")
    if module is not None and not isinstance(module, str):
        problems.append(Problem(path, key_line(text, "module", 1), "module 应为字符串"))
        module = None
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append(Problem(path, 1, "题库中没有 [[questions]]"))
        return module, []
    headers = table_lines(text, "questions")
    questions = []
    for index, raw in enumerate(raw_questions):
        start = headers[index] if index < len(headers) else 1
        end = headers[index + 1] - 1 if index + 1 < len(headers) else None
        if not isinstance(raw, dict):
            problems.append(Problem(path, key_line(text, "questions", 1), f"第 {index + 1} 题不是表（应写成 [[questions]]）：{raw!r:.40}"))
            continue
        question = _parse_question(raw, path, text, start, end, module, problems)
        if question is not None:
            questions.append(question)
    return module, questions


def _parse_question(
    raw: dict[str, Any],
    path: Path,
    text: str,
    start: int,
    end: int | None,
    module: str | None,
    problems: list[Problem],
) -> Question | None:
    errors_before = len(problems)

    def fail(key: str | None, message: str) -> None:
        line = key_line(text, key, start, end) if key else start
        label = raw.get("id", "?")
        problems.append(Problem(path, line, f"题目 {label}：{message}"))

    for key in sorted(set(raw) - QUESTION_KEYS):
        fail(key, f"未知字段 {key}（可用：{'、'.join(sorted(QUESTION_KEYS))}）")
    for key in ("id", "type", "stem", "explanation", "point"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            fail(key if key in raw else None, f"缺少或无效的字段 {key}")
    if len(problems) > errors_before:
        return None
    qtype = raw["type"]
    if qtype not in QUESTION_TYPES:
        fail("type", f"未知题型 {qtype}（应为 {' / '.join(QUESTION_TYPES)}）")
        return None
    sources = raw.get("sources")
    if not isinstance(sources, list) or not sources:
        fail("sources" if "sources" in raw else None, "缺少出处 sources")
        sources = []
    malformed = [source for source in sources if not isinstance(source, str) or parse_citation(source) is None]
    for source in malformed:
        fail("sources", f"出处写法无效：{source!r}")
    if malformed and len(malformed) < len(sources):
        # The question stays (without the malformed citation) so that `check` still looks at its
        # other citations: one typo must not hide a second, wrong reference in the same question.
        sources = [source for source in sources if source not in malformed]
        errors_before = len(problems)
    draft = raw.get("draft", False)
    if not isinstance(draft, bool):
        fail("draft", "draft 应为 true 或 false")
    in_exams = raw.get("exam", True)
    if not isinstance(in_exams, bool):
        fail("exam", "exam 应为 true 或 false")
    difficulty = raw.get("difficulty")
    if difficulty not in (1, 2, 3) or isinstance(difficulty, bool):
        fail("difficulty" if "difficulty" in raw else None, "difficulty 应为 1、2 或 3")
    choices: list[str] = []
    items: list[str] = []
    answer: object = None
    if qtype in ("single", "multiple"):
        choices = raw.get("choices", [])
        low = 2 if qtype == "single" else 3
        if (
            not isinstance(choices, list)
            or not low <= len(choices) <= 6
            or not all(isinstance(c, str) and c.strip() for c in choices)
        ):
            fail("choices" if "choices" in raw else None, f"choices 应为 {low}–6 个非空选项")
            return None
        if len(set(choices)) != len(choices):
            fail("choices", "选项有重复")
        valid = tuple(LETTERS[: len(choices)])
        raw_answer = raw.get("answer")
        if qtype == "single":
            if not isinstance(raw_answer, str) or raw_answer not in valid:
                found = "缺少 answer" if raw_answer is None else f"现为 {raw_answer!r}"
                fail("answer" if "answer" in raw else None, f"答案应为选项字母之一（{'/'.join(valid)}），{found}")
            else:
                answer = raw_answer
        else:
            if (
                not isinstance(raw_answer, list)
                or len(raw_answer) < 2
                or len(set(raw_answer)) != len(raw_answer)
                or not all(isinstance(a, str) and a in valid for a in raw_answer)
            ):
                fail("answer", f"多选题答案应为至少两个不重复的选项字母（{'/'.join(valid)}）")
            else:
                answer = frozenset(raw_answer)
    elif qtype == "truefalse":
        if not isinstance(raw.get("answer"), bool):
            fail("answer" if "answer" in raw else None, "判断题答案应为 true 或 false")
        else:
            answer = raw["answer"]
    elif qtype == "fill":
        raw_answer = raw.get("answer")
        if isinstance(raw_answer, str):
            raw_answer = [raw_answer]
        if not isinstance(raw_answer, list) or not raw_answer or not all(
            isinstance(a, str) and a.strip() for a in raw_answer
        ):
            fail("answer" if "answer" in raw else None, "填空题答案应为非空字符串列表")
        else:
            answer = tuple(raw_answer)
        if BLANK not in raw["stem"]:
            fail("stem", f"填空题题干中应用 {BLANK} 标出空位")
    elif qtype == "order":
        items = raw.get("items", [])
        if (
            not isinstance(items, list)
            or not 3 <= len(items) <= 8
            or not all(isinstance(i, str) and i.strip() for i in items)
        ):
            fail("items" if "items" in raw else None, "排序题 items 应为 3–8 个按正确顺序排列的步骤")
            return None
        if len(set(items)) != len(items):
            fail("items", "步骤有重复")
        answer = tuple(range(len(items)))
    if len(problems) > errors_before:
        return None
    return Question(
        id=raw["id"],
        type=qtype,
        stem=visible(raw["stem"]),
        explanation=visible(raw["explanation"]),
        sources=list(sources),
        point=raw["point"],
        difficulty=difficulty,
        choices=[visible(choice) for choice in choices],
        answer=answer,
        items=[visible(item) for item in items],
        bank=path.stem,
        module=module,
        path=path,
        line=start,
        draft=draft,
        exam=in_exams,
    )
