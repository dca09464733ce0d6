"""The checklist an agency scores itself with: every duty shows where it comes from.

Every `basis` names an existing article, paragraph (款) and item (项); every item labelled as law cites
the Regulation; items resting on policy or Chongqing practice say so and weigh no more than 3; duties
the Regulation puts on 各级人民政府 say how a 街道办事处 or a 功能区管委会 applies them; advice is worded
as advice.
"""

from __future__ import annotations

import re

from govtui.core.citation import parse_citation
from govtui.core.course import Course
from govtui.core.selfcheck import BASIS_KINDS
from govtui.core.sources import describe, resolve

GOVERNMENTS = "各级人民政府"


def cited_parts(course: Course, item) -> list[str]:
    """The words of each cited 款 (its lead line) or 项, or the whole article when none is named."""
    parts = []
    for source in item.basis:
        citation = parse_citation(source)
        if citation is None or citation.kind != "reg":
            continue
        article = course.regulation.articles[citation.article]
        if citation.item is not None:
            parts.append(article.part_text(citation.paragraph, citation.item))
        elif citation.paragraph is not None:
            parts.append(article.clauses()[citation.paragraph - 1][0])
        else:
            parts.append(article.text)
    return parts


def test_every_basis_names_an_existing_article_paragraph_and_item(bundled: Course) -> None:
    checked = 0
    for item in bundled.checklist.items:
        for source in item.basis:
            citation = parse_citation(source)
            assert citation is not None and citation.kind in ("reg", "report"), f"{item.id}: {source}"
            assert resolve(bundled, citation), f"{item.id}: {source} does not exist"
            checked += 1
    assert checked > 140  # the loop really ran over the whole checklist


def test_paragraph_and_item_citations_are_checked_against_the_text(bundled: Course) -> None:
    for source, exists, label in [
        ("reg:50.1.4", True, "《条例》第五十条第一款第（四）项"),
        ("reg:50.2", True, "《条例》第五十条第二款"),
        ("reg:20.1.13", True, "《条例》第二十条第（十三）项"),
        ("reg:3.3", True, "《条例》第三条第三款"),
        ("reg:50.3", False, None),
        ("reg:20.2", False, None),
        ("reg:36.1.8", False, None),
    ]:
        assert resolve(bundled, parse_citation(source)) is exists, source
        if label:
            assert describe(bundled, source) == label
    assert "各级人民政府的政府信息公开工作年度报告还应当包括" in bundled.regulation.articles[50].part_text(1, 4)
    assert parse_citation("reg:50.0") is None and parse_citation("reg:50.x") is None


def test_every_item_is_labelled_and_law_items_cite_an_article(bundled: Course) -> None:
    kinds = set()
    for item in bundled.checklist.items:
        assert item.basis_kind in BASIS_KINDS, item.id
        kinds.add(item.basis_kind)
        if item.basis_kind == "law":
            assert any(s.startswith("reg:") for s in item.basis), f"{item.id} is law but cites no article"
            assert 3 <= item.weight <= 5, item.id
        else:
            assert item.weight <= 3, item.id
    assert kinds == set(BASIS_KINDS)


def test_items_that_call_themselves_practice_are_not_labelled_law(bundled: Course) -> None:
    for item in bundled.checklist.items:
        if item.point.startswith(("重庆做法", "重庆《", "重庆实施意见", "重庆评估")):
            assert item.basis_kind != "law", item.id


def test_duties_of_governments_say_how_a_street_office_applies_them(bundled: Course) -> None:
    """Finding 1: 街道办事处 is not a 人民政府; township items citing such duties say so."""
    flagged = []
    for item in bundled.checklist.items_for("township"):
        if item.basis_kind == "law" and any(GOVERNMENTS in part for part in cited_parts(bundled, item)):
            flagged.append(item.id)
            assert "街道" in item.method, f"{item.id} applies a duty of {GOVERNMENTS} to 街道 without saying so"
    assert {"sup-01", "ann-05", "std-01", "org-06"} <= set(flagged)


def test_functional_area_profile_says_where_the_articles_are_uncertain(bundled: Course) -> None:
    checklist = bundled.checklist
    assert "管委会" in checklist.level_note("functional-area")
    for item in checklist.items_for("functional-area"):
        if any(GOVERNMENTS in part for part in cited_parts(bundled, item)):
            assert "管委会" in item.method, item.id
    ids = {i.id for i in checklist.items_for("functional-area")}
    assert not ids & {"sup-01", "ann-05", "std-01", "org-06", "pla-02", "pla-05"}


def test_disclosure_office_profiles_carry_the_office_duties(bundled: Course) -> None:
    for level in ("county-office", "city-office"):
        cited = {s for i in bundled.checklist.items_for(level) for s in i.basis}
        assert {"reg:3.3", "reg:47.1", "reg:47.2", "reg:48", "reg:49.2"} <= cited, level


def test_missing_duties_are_checked(bundled: Course) -> None:
    """Finding 5: 更正, 第十条, refusals on 14–16 with reasons, 区分处理, privacy screening, 第五十五条."""
    cited = {s for i in bundled.checklist.items for s in i.basis}
    assert {"reg:41", "reg:10.1", "reg:36.1.3", "reg:37", "reg:15", "reg:55.2"} <= cited


def test_discretionary_duties_are_not_scored(bundled: Course) -> None:
    """Finding 2: app-12 scores the 应当 of 第四十四条第二款, not the 可以 of its first paragraph."""
    app12 = next(i for i in bundled.checklist.items if i.id == "app-12")
    assert app12.basis[0] == "reg:44.2" and "不计入本项" in app12.method


def test_fixed_periods_in_advice_are_labelled_as_advice(bundled: Course) -> None:
    period = re.compile(r"每年|每半年|每季度|逐月|一个月内")
    for item in bundled.checklist.items:
        if period.search(item.remediation):
            assert "建议" in item.remediation, item.id


def test_weights_follow_the_scheme_for_the_reviewed_items(bundled: Course) -> None:
    """Finding 3: a 定期 duty without a deadline is not 5; 应当 duties of 第四十条、第四十三条 are 4."""
    weight = {i.id: i.weight for i in bundled.checklist.items}
    assert weight["sup-01"] == 4 and weight["app-09"] == 4


def test_changes_since_version_one_name_every_new_item(bundled: Course) -> None:
    checklist = bundled.checklist
    assert checklist.version >= 2
    changed = {c.item for c in checklist.changes if c.version == 2}
    assert {"org-11", "pro-12", "app-13", "app-14", "app-15", "sup-08", "sup-01", "app-12", "int-04"} <= changed
    township = checklist.changes_since(1, "township")
    assert township and all(c.item in {i.id for i in checklist.items_for("township")} for c in township)
    assert checklist.changes_since(checklist.version, "township") == []


_TEXT_REF = re.compile(r"第([一二三四五六七八九十]+)条(?:第([一二三四五六七八九十]+)款)?(?:第（([一二三四五六七八九十]+)）项)?")


def _texts(course: Course) -> list[tuple[str, str]]:
    texts = [(f"{i.id}.{f}", getattr(i, f)) for i in course.checklist.items for f in ("point", "method", "remediation")]
    texts += [(f"profile {lv.id}", lv.note) for lv in course.checklist.levels]
    texts += [(c.item, c.note) for c in course.checklist.changes]
    return texts + [("g41-who-are-41", course.modules["g41-who-are-41"].body())]


def test_articles_named_in_the_words_exist_and_quotes_are_verbatim(bundled: Course) -> None:
    """第X条第Y款第（Z）项 written in the text exists; 「quotes」 occur in the Regulation or the report."""
    from govtui.core.numerals import parse_chinese_number

    articles = bundled.regulation.articles
    sources = "\n".join(a.text for a in articles.values()).replace("(", "（").replace(")", "）")
    report = "".join(p.text for p in bundled.report.paragraphs.values())
    for name, text in _texts(bundled):
        for quote in re.findall(r"「([^」]+)」", text):
            assert quote.replace("(", "（").replace(")", "）") in sources or quote in report, f"{name}: {quote}"
        for match in _TEXT_REF.finditer(text):
            number, paragraph, item = (parse_chinese_number(g) if g else None for g in match.groups())
            article = articles[number]
            if paragraph is None and item is not None:
                assert len(article.clauses()) == 1 and article.has(1, item), f"{name}: {match.group(0)}"
            else:
                assert article.has(paragraph, item), f"{name}: {match.group(0)}"


def test_article_screen_index_still_finds_the_modules_citing_an_article(bundled: Course) -> None:
    from govtui.core.sources import module_citations, modules_citing

    for source in ("reg:36", "reg:3", "report:s7.2"):
        expected = [m for m in bundled.modules if source in module_citations(bundled, m)]
        assert modules_citing(bundled, source) == expected and expected, source
