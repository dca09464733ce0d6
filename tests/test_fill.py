"""Fill-in answers accept the forms a person would write, and never a different answer."""

from __future__ import annotations

import pytest

from govtui.core.fill import blank_context, fill_matches
from govtui.core.quiz import grade

WAN = "2020年，全市发布各类政策解读信息____万余条。"
DAYS = "行政机关不能当场答复的，应当自收到申请之日起____个工作日内予以答复。"
DEADLINE = "县级以上人民政府部门应当在每年____前向本级政府信息公开工作主管部门提交"
MONTH = "县级以上地方人民政府的政府信息公开工作主管部门应当在每年____月31日前向社会公布"
PERCENT = "全市政府公报数字化率达____%。"
WORD = "落实政策性文件与解读方案、解读材料“同步组织、同步审签、同步____”工作制度。"
DATE = "《条例》第五十六条，本条例自____起施行。"
COUNT = "发布“六稳”“六保”政策举措____余条。"


@pytest.mark.parametrize(
    ("stem", "answers", "response"),
    [
        (WAN, ["3.3"], "3.3万"),
        (WAN, ["3.3"], "3.3万余条"),
        (WAN, ["3.3"], "３．３"),
        (WAN, ["3.3"], "3.3。"),
        (WAN, ["3.3"], " 3.30 "),
        (DAYS, ["20", "二十"], "20个工作日"),
        (DAYS, ["20", "二十"], "２０"),
        (DAYS, ["20"], "二十"),
        (DEADLINE, ["1月31日"], "每年1月31日前"),
        (DEADLINE, ["1月31日"], "01月31日"),
        (DEADLINE, ["1月31日"], "1.31"),
        (MONTH, ["3", "三"], "3月31日"),
        (MONTH, ["3", "三"], "三月"),
        (PERCENT, ["64"], "64％"),
        (WORD, ["部署"], "“部署”"),
        (WORD, ["部署"], "同步部署"),
        (DATE, ["2019年5月15日"], "2019-05-15"),
        (COUNT, ["4600"], "4,600余条"),
    ],
)
def test_forms_a_person_would_write_are_accepted(stem: str, answers: list[str], response: str) -> None:
    assert fill_matches(stem, answers, response)


@pytest.mark.parametrize(
    ("stem", "answers", "response"),
    [
        (WAN, ["3.3"], "3.4万"),
        (WAN, ["3.3"], "33"),
        (WAN, ["3.3"], "3.3亿"),
        (WAN, ["3.3"], "33000"),
        (DAYS, ["20", "二十"], "2"),
        (DAYS, ["20", "二十"], "200个工作日"),
        (DAYS, ["20", "二十"], "15个工作日"),
        (DEADLINE, ["1月31日"], "3月31日"),
        (DEADLINE, ["1月31日"], "1月30日前"),
        (MONTH, ["3", "三"], "31"),
        (PERCENT, ["64"], "640"),
        (WORD, ["部署"], "组织"),
        (DATE, ["2019年5月15日"], "2019-05-16"),
        (DATE, ["2019年5月15日"], "5月15日"),
        (COUNT, ["4600"], "460"),
        (COUNT, ["4600"], ""),
    ],
)
def test_different_answers_are_refused(stem: str, answers: list[str], response: str) -> None:
    assert not fill_matches(stem, answers, response)


def test_context_is_the_clause_around_the_blank() -> None:
    assert blank_context(DEADLINE) == ("县级以上人民政府部门应当在每年", "前向本级政府信息公开工作主管部门提交")
    assert blank_context(WORD) == ("同步", "")


def test_every_fill_question_accepts_its_answers_with_the_unit_after_the_blank(bundled) -> None:
    """Each listed answer, followed by the words that follow the blank, still counts as right."""
    checked = 0
    for question in bundled.questions.values():
        if question.type != "fill":
            continue
        _, after = blank_context(question.stem)
        for answer in question.answer:
            assert grade(question, answer), question.id
            assert grade(question, answer + after), question.id
        checked += 1
    assert checked >= 50
