"""The second review of checklist v2: one rule for 功能区管委会, 可以 not scored, duties on the right subject.

Each test names the reviewer's finding it guards; they read the bundled content, so a later edit that
brings a problem back fails here.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from test_selfcheck_content import cited_parts

from govtui.core.citation import parse_citation
from govtui.core.course import Course

REPO = Path(__file__).resolve().parent.parent  # docs/ ships in the sdist, not in the wheel

NOT_AN_AGENCY_SUBJECT = ("各级人民政府", "县级以上人民政府部门", "政府信息公开工作主管部门应当", "本条例第二十七条规定的行政机关")
"""Subjects other than 行政机关; a 管委会 is none of them, so the functional-area profile scores none of them."""

DISCRETION_ALLOWED = {
    "reg:27": "names the agencies that receive applications; its 可以 is the applicant's right",
    "reg:36": "seven kinds of reply the agency must choose from",
    "reg:42.1": "不收取费用 is the rule; 可以收取 is its narrow exception, which the point states as such",
    "reg:55.1": "names the public enterprises; its 可以 is the national office's",
}


def _item(course: Course, item_id: str):
    return next(i for i in course.checklist.items if i.id == item_id)


def test_functional_area_profile_scores_only_duties_of_an_agency(bundled: Course) -> None:
    """Finding 1: no item resting on 第四条, 第二十八条 or a 人民政府/部门/主管部门 duty, and no 参照执行 for 管委会."""
    items = bundled.checklist.items_for("functional-area")
    assert not {i.id for i in items} & {"org-01", "org-02", "ann-03", "app-01"}
    for item in items:
        for source in item.basis:
            citation = parse_citation(source)
            assert not (citation.kind == "reg" and citation.article in (4, 28)), f"{item.id}: {source}"
        if item.basis_kind == "law":
            for part in cited_parts(bundled, item):
                assert not any(s in part for s in NOT_AN_AGENCY_SUBJECT), f"{item.id}: {part[:30]}"
        assert not re.search(r"管委会[^。]*参照执行", item.method), item.id


def test_the_rule_for_functional_areas_is_stated_once_the_same_way(bundled: Course) -> None:
    """Finding 1: the doc, the profile note and the module all say 只收……行政机关 and no 参照执行 for 管委会."""
    doc = (REPO / "docs" / "selfcheck-format.md").read_text(encoding="utf-8")
    note = bundled.checklist.level_note("functional-area")
    module = bundled.modules["g41-who-are-41"].body()
    for text in (doc, note, module):
        assert "只收计分条文以“行政机关”为主语" in text
        assert "不对管委会写“参照执行”" in text
    for line in module.splitlines():
        if line.startswith("| ") and "功能区管委会" not in line:
            assert "参照执行" not in line.rstrip(" |").rsplit("|", 1)[-1], line


def test_law_items_do_not_list_discretionary_paragraphs_as_basis(bundled: Course) -> None:
    """Findings 4 and 11: a 可以 paragraph is explained in the method, not cited as what is scored."""
    for item in bundled.checklist.items:
        if item.basis_kind != "law":
            continue
        for source in item.basis:
            if not source.startswith("reg:") or source in DISCRETION_ALLOWED:
                continue
            (part,) = cited_parts(bundled, replace(item, basis=(source,)))
            assert not ("可以" in part and "应当" not in part), f"{item.id}: {source} is a 可以 provision"
    assert _item(bundled, "app-07").basis == ("reg:39.1",)
    assert "可以不予提供" in _item(bundled, "app-07").method


def test_duties_of_other_bodies_and_penalty_clauses_are_not_labelled_law(bundled: Course) -> None:
    """Findings 2, 3, 5, 6: 50.2 binds the national office; 51 is a right; 52/53 are penalties."""
    ann07 = _item(bundled, "ann-07")
    assert ann07.basis_kind == "policy" and "reg:50.2" not in ann07.basis
    assert "国办公开办函〔2019〕60号" in ann07.point and "〔2021〕30号" in ann07.point
    assert "「全国政府信息公开工作主管部门应当公布政府信息公开工作年度报告统一格式，并适时更新」" in ann07.method
    for item_id in ("sup-06", "sup-07"):
        assert _item(bundled, item_id).basis_kind == "practice", item_id
    sup03 = _item(bundled, "sup-03")
    assert "reg:51" not in sup03.basis and "第五十一条" not in sup03.point and "第五十一条" in sup03.method


def test_weights_and_labels_follow_the_scheme(bundled: Course) -> None:
    """Findings 7, 8, 10: plain 应当 duties weigh 4; unit-level sorting is course advice; 评估指标体系 agrees."""
    assert _item(bundled, "std-01").weight == 4 and _item(bundled, "std-06").weight == 4
    std02 = _item(bundled, "std-02")
    assert std02.basis_kind == "practice" and std02.point.startswith("本课程建议")
    doc = (REPO / "docs" / "selfcheck-format.md").read_text(encoding="utf-8")
    policy_row = next(line for line in doc.splitlines() if line.startswith("| `policy`"))
    assert "评估指标体系" not in policy_row and _item(bundled, "sup-05").basis_kind == "practice"


def test_annual_report_advice_follows_the_format_of_the_year(bundled: Course) -> None:
    """Finding 9: 考核、评议、追责 go where the unified format of the year puts them."""
    remediation = _item(bundled, "ann-05").remediation
    assert "按当年统一格式的位置写明" in remediation and "存在的主要问题及改进情况”部分补写" not in remediation


def test_every_change_of_this_review_is_in_the_change_log(bundled: Course) -> None:
    noted = {c.item for c in bundled.checklist.changes if c.version == bundled.checklist.version}
    reviewed = {"org-01", "org-02", "ann-03", "app-01", "ann-07", "sup-07", "app-07", "sup-03", "sup-06", "std-02",
                "std-01", "std-06", "ann-05", "pla-06", "app-12", "app-08", "org-11", "pro-07", "pro-08"}
    assert reviewed <= noted, reviewed - noted


def test_module_texts_keep_policy_and_practice_apart(bundled: Course) -> None:
    """Findings 12–14: 第八条 is echoed, not fulfilled; "N" is Chongqing practice; 26 fields per Xinhua."""
    s1 = bundled.modules["report-s1-power"].body()
    assert "标准化管理（[第八条](reg:8)）的要求" not in s1 and "标准指引本身是政策部署" in s1
    s7 = bundled.modules["report-s7-organization"].body()
    points = s7.split("## 要点", 1)[1]
    assert "“N”（市政府部门本领域培训）是重庆做法" in points and "“N”是重庆做法" in s7
    pilot = bundled.modules["n-pilot-fields"].body().split("## 要点", 1)[1]
    assert "据新华社介绍，2019年意见" in pilot and "2019年意见写的是" not in pilot
