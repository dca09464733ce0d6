"""The course is faithful to its sources: figures, lost words, junk, and rule questions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govtui.core.citation import parse_citation
from govtui.core.paths import bundled_course_dir
from govtui.core.report import LOST_MARK

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_ec9fe1ac885b3a3f.txt"
NUMBER = re.compile(r"\d+(?:\.\d+)?")
JUNK = ("浏览器", "pg电子", "游戏官网", "极速模式", "Internet Explorer")


def course_files() -> list[Path]:
    root = bundled_course_dir()
    return [p for p in (root / "content").rglob("*") if p.is_file()] + list((root / "quizzes").glob("*.toml"))


def test_no_site_boilerplate_or_spam_in_the_course() -> None:
    for path in course_files():
        text = path.read_text(encoding="utf-8")
        for junk in JUNK:
            assert junk not in text, f"{path} contains {junk!r}"


def test_report_paragraphs_cover_the_seed(bundled) -> None:
    """Every character of the report part of the seed is in report.toml, in order."""
    if not SEED.is_file():
        pytest.skip("shared/seed is not beside this checkout")
    seed_lines = SEED.read_text(encoding="utf-8").splitlines()[:11]
    report = bundled.report
    joined = "".join(p.text for p in report.paragraphs.values())
    restored = joined.replace(LOST_MARK, "").replace("习近平新时代", "习新时代")
    assert restored == "".join(seed_lines)


def test_lost_words_are_marked_not_filled(bundled) -> None:
    paragraphs = bundled.report.paragraphs
    assert "开通心理援助热线（原文此处缺失）条" in paragraphs["s3.1"].text
    assert "社区养老等（原文此处缺失）线（原文此处缺失）万次" in paragraphs["s5.2"].text
    assert paragraphs["overall"].restored and paragraphs["plans"].restored


def report_modules(bundled):
    for module in bundled.modules.values():
        if module.id.startswith("report-"):
            yield module


def test_every_report_figure_appears_in_its_module(bundled) -> None:
    report = bundled.report
    for module in report_modules(bundled):
        body = module.body()
        pids = [c.target for c in map(parse_citation, module.sources) if c and c.kind == "report"]
        assert pids, module.id
        for pid in pids:
            text = report.section_text(pid)
            for figure in NUMBER.findall(text):
                assert figure in body, f"{module.id}: figure {figure} of report:{pid} is missing"


def test_modules_with_lost_words_say_so(bundled) -> None:
    report = bundled.report
    for module in report_modules(bundled):
        pids = [c.target for c in map(parse_citation, module.sources) if c and c.kind == "report"]
        if any(LOST_MARK in report.section_text(pid) for pid in pids):
            assert "原文此处缺失" in module.body(), module.id


def test_all_report_parts_have_a_module(bundled) -> None:
    covered = set()
    for module in report_modules(bundled):
        covered |= {c.target for c in map(parse_citation, module.sources) if c and c.kind == "report"}
    tops = {p.section or p.id for p in bundled.report.paragraphs.values()}
    assert tops <= {pid.split(".")[0] for pid in covered}


def test_rule_answers_use_numbers_of_the_cited_articles(bundled) -> None:
    """Numbers in a correct answer occur in the Regulation articles the question cites."""
    articles = bundled.regulation.articles
    from govtui.core.questions import LETTERS

    checked = 0
    for question in bundled.questions.values():
        cited = [c for c in map(parse_citation, question.sources) if c and c.kind == "reg"]
        if not cited:
            continue
        for citation in cited:
            assert citation.article in articles, f"{question.id} cites a missing article"
        if not all(c.kind == "reg" for c in map(parse_citation, question.sources)):
            continue  # mixed sources: the number may come from the report
        text = "".join(articles[c.article].text for c in cited)
        if question.type == "single":
            answers = [question.choices[LETTERS.index(question.answer)]]
        elif question.type == "multiple":
            answers = [question.choices[LETTERS.index(a)] for a in question.answer]
        elif question.type == "fill":
            answers = [question.answer[0]]
        elif question.type == "order":
            answers = list(question.items)
        else:
            continue
        for answer in answers:
            for figure in NUMBER.findall(answer):
                assert figure in text, f"{question.id}: {figure} is not in {question.sources}"
        checked += 1
    assert checked >= 100


def test_every_article_with_a_duty_deadline_list_or_exemption_has_a_question(bundled) -> None:
    duty = re.compile(r"应当|不得|不予|可以不予|工作日|下列|月\d+日前")
    cited = {
        c.article
        for q in bundled.questions.values()
        for c in map(parse_citation, q.sources)
        if c and c.kind == "reg"
    }
    missing = [n for n, a in bundled.regulation.articles.items() if duty.search(a.text) and n not in cited]
    assert missing == []


def test_question_bank_size_and_mix(bundled) -> None:
    questions = list(bundled.questions.values())
    assert len(questions) >= 200
    first = [parse_citation(q.sources[0]).kind for q in questions]
    assert first.count("reg") >= 100 and first.count("report") >= 60
    scenarios = [q for q in questions if q.bank.startswith("g41-scenarios")]
    assert len(scenarios) >= 40
    assert all(q.explanation.strip() and q.sources and q.point.strip() for q in questions)
    chapters = {bundled.regulation.articles[int(q.sources[0][4:])].chapter for q in questions if q.sources[0].startswith("reg:")}
    assert chapters == {1, 2, 3, 4, 5, 6}
