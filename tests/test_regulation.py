from __future__ import annotations

from pathlib import Path

import pytest

from govtui.core.numerals import chinese_number, parse_chinese_number
from govtui.core.problems import ContentError
from govtui.core.regulation import load_regulation


@pytest.mark.parametrize(("text", "value"), [("一", 1), ("十", 10), ("十三", 13), ("二十", 20), ("五十六", 56)])
def test_numerals_round_trip(text: str, value: int) -> None:
    assert parse_chinese_number(text) == value
    assert chinese_number(value) == text


def test_bundled_regulation_has_six_chapters_and_56_articles(bundled) -> None:
    regulation = bundled.regulation
    assert [c.number for c in regulation.chapters] == [1, 2, 3, 4, 5, 6]
    assert regulation.chapters[3].title == "依申请公开"
    assert sorted(regulation.articles) == list(range(1, 57))
    assert sum(len(c.articles) for c in regulation.chapters) == 56
    article = regulation.articles[26]
    assert article.label == "第二十六条"
    assert "20个工作日内及时公开" in article.text
    # items of an article stay with it
    assert any(p.startswith("(七)") for p in regulation.articles[36].paragraphs)
    assert regulation.articles[56].chapter == 6


def test_gap_in_article_numbers_is_reported_with_line(tmp_path: Path) -> None:
    path = tmp_path / "regulation.txt"
    path.write_text("第一章 总则\n\n第一条 甲。\n\n第三条 丙。\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_regulation(path)
    assert info.value.problem.line == 5
