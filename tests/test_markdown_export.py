"""Exported Markdown rendered as GitHub (cmark-gfm) and markdown-it with linkify render it (issue 14).

Hostile notes, evidence and names must come out as the same text: no links (autolinked URLs,
www., e-mail, bare domains), no emphasis, code, strike-through, images or raw HTML, and a
multi-line note stays inside its table cell without a raw <br>.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from govtui.core import escape
from govtui.core.course import Course
from govtui.core.reports.writers import to_markdown
from govtui.core.selfcheck import new_session
from govtui.core.selfcheck_export import export_session

cmarkgfm = pytest.importorskip("cmarkgfm", reason="cmarkgfm (GitHub's cmark-gfm) is in the test extra")
markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is in the test extra")
pytest.importorskip("linkify_it", reason="linkify-it-py is in the test extra (markdown-it-py[linkify])")

HOSTILE = [
    "**粗体** _斜体_ `代码` ~~删除~~",
    "[点我](http://evil.example) ![](http://tracker.example/x.png)",
    "https://www.example.gov.cn/zwgk/t20240315_1.html?a=1&b=2",
    "www.example.com 与 example.gov.cn/zdgk",
    "联系 admin@example.gov.cn 或 mailto:x@y.cn",
    "<script>alert(1)</script> <b>粗</b> &lt;i&gt;",
    "# 不是标题",
    "1. 不是列表",
    "- 也不是列表",
    "> 不是引用",
    "a | b \\ c",
    "第一行\n第二行",
]
LIVE = re.compile(r"<(a|em|strong|code|del|s|img|script|b|i|h\d|ol|ul|li|blockquote|br)\b", re.I)


def _renderers():
    gfm = markdown_it.MarkdownIt("gfm-like", {"linkify": True}).enable("linkify")
    return {"cmark-gfm": cmarkgfm.github_flavored_markdown_to_html, "markdown-it": gfm.render}


def _text(html: str) -> str:
    import html as h

    return h.unescape(re.sub(r"<[^>]+>", "", html)).replace("\u200b", "")


@pytest.mark.parametrize("text", HOSTILE)
def test_the_escaper_renders_as_the_text(text: str) -> None:
    for name, render in _renderers().items():
        html = render(escape.markdown(text))
        assert not LIVE.search(html.replace("<p>", "").replace("</p>", "")), (name, html)
        assert " ".join(_text(html).split()) == " ".join(text.split()), (name, html)


def test_a_table_cell_is_one_line_without_raw_html() -> None:
    cell = escape.markdown_cell("第一行\n第二行 | **x**")
    assert "<br" not in cell and "\n" not in cell
    for name, render in _renderers().items():
        html = render(f"| 备注 |\n| --- |\n| {cell} |\n")
        assert html.count("<td>") == 1, (name, html)
        assert "第一行 ／ 第二行 | **x**" in _text(html), (name, html)


def test_self_check_markdown_has_no_live_markup(bundled: Course) -> None:
    session = new_session("某镇 **人民政府** https://evil.example", "township", ["张三 <b>", "admin@example.gov.cn"],
                          on=date(2024, 11, 18))
    items = bundled.checklist.items_for("township")
    for item, text in zip(items, HOSTILE, strict=False):
        mark = session.mark(item.id)
        mark.status = "partial"
        mark.evidence = [text, "www.example.com/evidence"]
        mark.notes = text
    page = export_session(bundled, session, None, "md").decode("utf-8")
    assert "<br" not in page
    for name, render in _renderers().items():
        html = render(page)
        # Only the document's own structure is live: headings, lists, tables.
        live = {m.group(1).lower() for m in LIVE.finditer(html)}
        assert live <= {"h1", "h2", "ul", "li"}, (name, live)
        text = _text(html)
        assert "https://www.example.gov.cn/zwgk/t20240315_1.html?a=1&b=2" in text
        assert "**粗体** _斜体_ `代码` ~~删除~~" in text
        assert "第一行 ／ 第二行" in text


def test_report_check_markdown_uses_the_same_escaper(tmp_path: Path) -> None:
    from govtui.core.reports.checks import check_report

    source = tmp_path / "**报告** www.example.com.txt"
    source.write_text("某某区2023年政府信息公开工作年度报告\n一、总体情况\n", encoding="utf-8")
    text = to_markdown(check_report(source))
    for name, render in _renderers().items():
        html = render(text)
        assert not re.search(r"<(a|strong|em)\b", html), (name, html)
