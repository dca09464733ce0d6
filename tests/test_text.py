from __future__ import annotations

from govtui.tui.text import escape_markdown, tables_as_lists


def test_tables_become_lists_with_every_cell() -> None:
    source = (
        "前文\n\n| 数据 | 内容 | 出处 |\n| --- | --- | --- |\n"
        "| 152万条 | 主动公开总量，含\\|竖线 | [总体情况](report:overall) |\n| 62.8万条 | 市本级 | |\n\n后文"
    )
    result = tables_as_lists(source)
    assert "- **152万条**；内容：主动公开总量，含\\|竖线；出处：[总体情况](report:overall)" in result
    assert "- **62.8万条**；内容：市本级" in result
    assert result.startswith("前文") and result.rstrip().endswith("后文")
    assert "| --- |" not in result


def test_text_without_tables_is_unchanged() -> None:
    source = "# 标题\n\n- 一\n- 二 | 不是表格\n"
    assert tables_as_lists(source) == source.rstrip("\n")


def test_escape_markdown_keeps_brackets_literal() -> None:
    assert escape_markdown("[第一条](x) *a*") == "\\[第一条\\]\\(x\\) \\*a\\*"
