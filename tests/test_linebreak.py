"""The Chinese line-breaking rule (core/linebreak.py), on hand-made lines at several widths."""

from __future__ import annotations

import pytest

from govtui.core.linebreak import break_offsets, cell_width, may_break, wrap

CLOSING_STARTS = tuple("）。，、：；！？」』】〕》…")
OPENING_ENDS = tuple("（「『【〔《")

REPORT = (
    "2020年，全市共主动公开政府信息3.3万余条，其中规范性文件（渝府发〔2019〕12号）等。"
    "收到申请1234件，“依申请公开”答复……完成——很好。"
)


def cells(line: str) -> int:
    return sum(cell_width(c) for c in line)


def test_cjk_characters_are_two_cells_wide() -> None:
    assert [cell_width(c) for c in "政a，3（"] == [2, 1, 2, 1, 2]
    assert cells("〔2019〕") == 8


@pytest.mark.parametrize("width", range(8, 41))
def test_report_sentence_obeys_the_rules_at_every_width(width: int) -> None:
    lines = wrap(REPORT, width)
    assert "".join(lines) == REPORT  # nothing lost, nothing added
    for line in lines:
        assert cells(line) <= width, (width, line)
        assert not line.startswith(CLOSING_STARTS), (width, lines)
        assert not line.endswith(OPENING_ENDS), (width, lines)
    text = "\n".join(lines)
    for whole in ("3.3万", "〔2019〕", "2020年", "1234件", "——"):
        assert whole in text, (width, whole, lines)


def test_hand_made_lines() -> None:
    assert wrap("全市共主动公开，政府信息", 10) == ["全市共主动", "公开，政府", "信息"]
    # 8 cells hold four CJK characters; "，" may not start a line, so "四" moves down with it.
    assert wrap("一二三四，五六", 8) == ["一二三", "四，五六"]
    assert wrap("共收到3.3万余条申请", 10) == ["共收到", "3.3万余条", "申请"]
    assert wrap("见渝府发〔2019〕12号文", 12) == ["见渝府发", "〔2019〕12号", "文"]
    assert wrap("说明（见下）", 6) == ["说明", "（见", "下）"]
    assert wrap("共 3 题，已答 2 题", 9) == ["共 3 题，", "已答 2 题"]
    assert wrap("共 3 题，已答 2 题", 8) == ["共", "3 题，已", "答 2 题"]


def test_ascii_words_break_at_spaces_like_rich() -> None:
    assert wrap("hello world this is ascii", 10) == ["hello", "world this", "is ascii"]
    assert wrap("GB/T 9704规定", 8) == ["GB/T", "9704规定"]


def test_a_run_longer_than_the_line_is_folded() -> None:
    assert wrap("〔20192020202120222023〕", 8) == ["〔201920", "20202120", "222023〕"]
    assert break_offsets("〔20192020202120222023〕", 8, fold=False) == []
    assert wrap("一二三四五六七", 1) == list("一二三四五六七")  # narrower than a character


def test_pairs() -> None:
    assert may_break("政", "府")
    assert not may_break("政", "，")
    assert not may_break("（", "政")
    assert not may_break("3", ".") and not may_break(".", "3") and not may_break("3", "万")
    assert not may_break("—", "—")
    assert may_break("。", "第") and may_break(" ", "a") and not may_break("a", " ")


def test_fitting_text_and_empty_text_are_not_broken() -> None:
    assert break_offsets("短句。", 10) == []
    assert break_offsets("", 10) == []
    assert break_offsets("任何文字", 0) == []
