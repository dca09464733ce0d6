"""Unit tests for the reader's own Markdown parser (core/markdown_inline.py, core/markdown_blocks.py)."""

from __future__ import annotations

import random

import pytest

from govtui.core.markdown_blocks import (
    Code,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Table,
    links,
    parse_blocks,
)
from govtui.core.markdown_inline import CODE, EM, STRIKE, STRONG, Span, parse_inline, plain


def marked(spans, mark: str) -> list[str]:
    return [span.text for span in spans if mark in span.marks]


def test_headings_paragraphs_and_rules() -> None:
    blocks = parse_blocks("# 标题\n\n## 二级 ##\n### 三级\n正文一行\n接着一行\n\n---\n#不是标题")
    assert [type(b) for b in blocks] == [Heading, Heading, Heading, Paragraph, Rule, Paragraph]
    assert [(b.level, plain(b.spans)) for b in blocks[:3]] == [(1, "标题"), (2, "二级"), (3, "三级")]
    # A line break between Chinese characters joins without a space; between Latin words, one space.
    assert plain(blocks[3].spans) == "正文一行接着一行"
    assert plain(parse_blocks("one\ntwo")[0].spans) == "one two"
    # Two spaces or a backslash before the newline: a hard break.
    assert plain(parse_blocks("甲  \n乙\\\n丙")[0].spans) == "甲\n乙\n丙"
    assert plain(blocks[5].spans) == "#不是标题"


def test_nested_bullet_and_numbered_lists() -> None:
    source = "\n".join(
        [
            "- 第一项",
            "  - 第一款",
            "  - 第二款",
            "- 第二项",
            "  接着写（懒惰续行）",
            "",
            "3. 第三",
            "   - 「(一)申请人的姓名」；",
            "4. **第四。**说明",
        ]
    )
    bullets, numbers = parse_blocks(source)
    assert isinstance(bullets, ListBlock) and not bullets.ordered and len(bullets.items) == 2
    first, nested = bullets.items[0]
    assert plain(first.spans) == "第一项"
    assert isinstance(nested, ListBlock) and [plain(item[0].spans) for item in nested.items] == ["第一款", "第二款"]
    assert plain(bullets.items[1][0].spans) == "第二项接着写（懒惰续行）"
    assert isinstance(numbers, ListBlock) and numbers.ordered and numbers.start == 3
    assert isinstance(numbers.items[0][1], ListBlock)
    assert marked(numbers.items[1][0].spans, STRONG) == ["第四。"]


def test_emphasis_closes_after_chinese_punctuation() -> None:
    # CommonMark leaves these asterisks literal (a closing run after "。" needs a space or
    # punctuation after it); the course writes them this way throughout.
    spans = parse_inline("**建规划公开台账。**列出本部门")
    assert marked(spans, STRONG) == ["建规划公开台账。"] and plain(spans) == "建规划公开台账。列出本部门"
    spans = parse_inline("*斜体*、~~删除~~和 `code **not bold**`")
    assert marked(spans, EM) == ["斜体"] and marked(spans, STRIKE) == ["删除"]
    assert marked(spans, CODE) == ["code **not bold**"]
    assert marked(parse_inline("***都有***"), STRONG) == ["都有"] == marked(parse_inline("***都有***"), EM)


def test_links_carry_their_target_with_bold_inside_and_around() -> None:
    spans = parse_inline("见[**粗**链接](reg:20)与**[报告](report:s1.2)**。")
    assert Span("粗", frozenset({STRONG}), "reg:20") in spans
    assert Span("链接", frozenset(), "reg:20") in spans
    assert Span("报告", frozenset({STRONG}), "report:s1.2") in spans
    assert plain(spans) == "见粗链接与报告。"
    assert links(parse_blocks("见[**粗**链接](reg:20)。\n\n| a | b |\n| --- | --- |\n| [x](ref:k) | y |")) == [
        ("粗链接", "reg:20"),
        ("x", "ref:k"),
    ]
    # A title after the target, a target in angle brackets, an image (its text only), an autolink.
    assert parse_inline('[甲](reg:1 "标题")')[0] == Span("甲", link="reg:1")
    assert parse_inline("[乙](<module:reg-scope>)")[0] == Span("乙", link="module:reg-scope")
    assert parse_inline("![图](x.png)") == (Span("图"),)
    assert parse_inline("<https://example.org/a>") == (Span("https://example.org/a", link="https://example.org/a"),)


def test_escaped_characters_are_literal() -> None:
    spans = parse_inline(r"\*不斜\* \[第一条\]\(reg:1\) a\|b \`c\` 1\. \\ \#")
    assert spans == (Span(r"*不斜* [第一条](reg:1) a|b `c` 1. \ #"),)
    assert links(parse_blocks(r"\[不是](reg:1)")) == []
    # What core.escape.markdown writes comes back as typed.
    from govtui.core import escape

    for text in ["李[/]", "![](http://x/y.png)", "**粗** _斜_ ~~删~~ `码`", "1. 列表", "# 标题", "> 引用", "a|b"]:
        assert "".join(plain(b.spans) for b in parse_blocks(escape.markdown(text, autolinks=False))) == text


@pytest.mark.parametrize(
    "text",
    ["a [b c", "3 * 4 * 5", "a|b", "*注", "`未闭合", "~单~", "[文字](没有右括号", "[]", "**", "_a_b", "x]y(z)"],
)
def test_stray_markup_characters_stay_as_typed(text: str) -> None:
    (block,) = parse_blocks(text)
    assert isinstance(block, Paragraph) and plain(block.spans) == text
    assert all(not span.marks and span.link is None for span in block.spans)


def test_tables_with_aligns_escaped_pipes_and_short_rows() -> None:
    source = "前文\n| 项目 | 数字 | 说明 |\n| :--- | ---: | :-: |\n| 主动公开 | 152万 | a\\|b |\n| 只有一格 |\n\n后文"
    before, table, after = parse_blocks(source)
    assert isinstance(table, Table) and plain(before.spans) == "前文" and plain(after.spans) == "后文"
    assert [plain(cell) for cell in table.header] == ["项目", "数字", "说明"]
    assert table.aligns == ("left", "right", "center")
    assert [[plain(cell) for cell in row] for row in table.rows] == [["主动公开", "152万", "a|b"], ["只有一格", "", ""]]
    # No delimiter row, or one with another number of cells: not a table.
    assert [type(b) for b in parse_blocks("| a | b |\n| c | d |")] == [Paragraph]
    assert [type(b) for b in parse_blocks("| a | b |\n| --- |")] == [Paragraph]


def test_quotes_and_fenced_code() -> None:
    quote, code, tail = parse_blocks("> 第一段\n懒惰续行\n>\n> - 列表\n\n```text\n**不加粗** [x](reg:1)\n  缩进\n```\n尾")
    assert isinstance(quote, Quote)
    assert plain(quote.blocks[0].spans) == "第一段懒惰续行" and isinstance(quote.blocks[1], ListBlock)
    assert code == Code("**不加粗** [x](reg:1)\n  缩进")
    assert plain(tail.spans) == "尾"
    assert parse_blocks("```\n未闭合的代码")[0] == Code("未闭合的代码")


def test_any_text_parses_without_error() -> None:
    pieces = ["*", "**", "_", "~~", "`", "``", "[", "]", "(", ")", "<", ">", "|", "\\", "#", "-", "1.", " ", "  ",
              "\n", "\n\n", "中文", "。", "a", "---", "```", ":--", "!", "reg:1", "\t"]
    rng = random.Random(15)
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        parse_blocks.__wrapped__(text)  # uncached: every text is parsed
