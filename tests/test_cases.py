"""Case simulations: the bundled cases are valid, faithful to the Regulation, and their deadlines compute."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from govtui.core.cases import QUOTE, computed_deadline
from govtui.core.check import check_course
from govtui.core.course import open_course
from govtui.core.desk.workdays import WorkCalendar
from govtui.core.progress import ProgressStore, QuizAttempt

TOPICS = {
    "reg:39",  # 信访、投诉 / 公开出版物
    "reg:31",  # which day counts as received
    "reg:30",  # 补正
    "reg:32",  # third party
    "reg:14",
    "reg:16",
    "reg:35",
    "reg:38",
    "reg:41",
    "reg:42",
    "ref:fee-measures",
}


def test_bundled_cases_cover_the_issue(bundled) -> None:
    cases = bundled.cases
    assert len(cases) >= 20
    sources = {s for case in cases.values() for step in case.steps for s in step.sources}
    assert sources >= TOPICS
    quotes = " ".join(b.quote for case in cases.values() for step in case.steps for b in step.basis)
    for item in ("(一)", "(三)", "(四)", "(五)", "(六)", "(七)"):
        assert item in quotes, f"no case on art. 36 {item}"


def test_every_quotation_is_the_article_text(bundled) -> None:
    articles = bundled.regulation.articles
    for case in bundled.cases.values():
        for step in case.steps:
            cited = [articles[int(b.source[4:])].text for b in step.basis if b.source.startswith("reg:")]
            for basis in step.basis:
                if basis.source.startswith("reg:") and basis.quote:
                    assert basis.quote in articles[int(basis.source[4:])].text, (case.id, step.id)
            for choice in step.choices:
                assert choice.feedback.strip(), (case.id, step.id)
                for quoted in QUOTE.findall(choice.feedback):
                    assert any(quoted in text for text in cited), (case.id, step.id, quoted)


def test_deadline_steps_agree_with_the_calculator(bundled) -> None:
    articles = {n: a.text for n, a in bundled.regulation.articles.items()}
    steps = [(c, s) for c in bundled.cases.values() for s in c.steps if s.deadline]
    assert len(steps) >= 6
    calendar = WorkCalendar()
    crossing = 0
    for case, step in steps:
        expected = computed_deadline(step.deadline, articles)
        right = step.choices[step.answer].text
        assert expected.isoformat() in right, (case.id, step.id, expected)
        wrong = [c.text for i, c in enumerate(step.choices) if i != step.answer]
        assert not any(expected.isoformat() in text for text in wrong), (case.id, step.id)
        days = [step.deadline.received + timedelta(days=n) for n in range(1, (expected - step.deadline.received).days + 1)]
        # A holiday on a weekday, or a make-up working weekend, inside the period.
        crossing += any((day.weekday() < 5) != calendar.is_workday(day) for day in days)
    assert crossing == len(steps)  # every deadline question runs across a holiday


def test_hand_counted_case_dates(bundled) -> None:
    """Two case answers counted by hand on the 2026 calendar, independent of the case files."""
    answers = {
        (c.id, s.id): s.choices[s.answer].text for c in bundled.cases.values() for s in c.steps
    }
    assert answers[("case-post-holiday", "deadline")].startswith("2026-11-03")
    assert answers[("case-third-party", "reply-deadline")].startswith("2026-11-09")


def test_case_steps_are_questions_for_the_notebook(bundled) -> None:
    question = bundled.find_question("case-fee:count")
    assert question is not None and question.type == "single" and question.answer == "B"
    assert "第35件" in question.stem
    assert bundled.find_question("no-such:step") is None


def _write_case(root: Path, body: str) -> Path:
    path = root / "content" / "cases" / "zz-broken.toml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """schema = 1
id = "case-broken"
title = "测试"
story = "测试案情"

[[steps]]
id = "one"
prompt = "怎么办？"
answer = "A"
[[steps.choices]]
text = "告知"
feedback = "「应当告知申请人不作为政府信息公开申请处理」"
[[steps.choices]]
text = "不理"
feedback = "不对"
[[steps.basis]]
source = "reg:39"
"""


def test_check_accepts_a_good_case(course_copy: Path) -> None:
    _write_case(course_copy, GOOD)
    result = check_course(open_course(course_copy))
    assert result.ok, result.problems
    assert result.counts["cases"] >= 21


def test_check_reports_unknown_article(course_copy: Path) -> None:
    _write_case(course_copy, GOOD.replace('source = "reg:39"', 'source = "reg:99"'))
    messages = [str(p) for p in check_course(open_course(course_copy)).problems]
    assert any("zz-broken.toml" in m and "出处不存在 reg:99" in m for m in messages), messages


def test_check_reports_missing_feedback(course_copy: Path) -> None:
    _write_case(course_copy, GOOD.replace('feedback = "不对"\n', ""))
    messages = [str(p) for p in check_course(open_course(course_copy)).problems]
    assert any("选项 B 缺少反馈 feedback" in m for m in messages), messages


def test_check_reports_a_misquotation(course_copy: Path) -> None:
    _write_case(course_copy, GOOD.replace("不作为政府信息公开申请处理」", "不作为申请处理」"))
    messages = [str(p) for p in check_course(open_course(course_copy)).problems]
    assert any("不在所引条文中" in m for m in messages), messages


def test_check_reports_a_wrong_deadline(course_copy: Path) -> None:
    body = GOOD.replace('text = "告知"', 'text = "2026-10-29"').replace(
        "[[steps.basis]]", '[steps.deadline]\nkind = "reply"\nreceived = 2026-09-28\n[[steps.basis]]'
    )
    _write_case(course_copy, body)
    messages = [str(p) for p in check_course(open_course(course_copy)).problems]
    assert any("期限计算器给出的日期 2026-10-30" in m for m in messages), messages


def test_case_attempts_survive_a_save(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    profile = store.create("张三", None)
    profile.record_case(QuizAttempt("case-fee", "2026-11-20T01:00:00+00:00", 2, 3, {"basis": True, "count": False, "not-both": True}))
    store.save(profile)
    again = store.find("张三")
    assert again.best_case_score("case-fee") == 66
    assert again.case_attempts[0].answers == {"basis": True, "count": False, "not-both": True}
