"""The reader's Markdown drawing (widgets/markdown_lines.py), and that reading a module loads no
Markdown library (issue 15: markdown-it, Rich's Markdown and Pygments cost ~3 MiB and ~40 ms)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.style import Style

from govtui.core.markdown_blocks import parse_blocks
from govtui.tui.text import install_line_breaking
from govtui.tui.widgets.markdown_lines import MarkdownLines

REPO = Path(__file__).resolve().parent.parent
BASE = Style(color="white", bgcolor="black")
"""The widget's colours, which every drawn character must keep."""


def draw(markdown: str, width: int = 40) -> list[list]:
    install_line_breaking()  # as the app does: Chinese line-breaking rules
    console = Console(width=width, color_system="truecolor", force_terminal=True)
    return MarkdownLines(console, console.options, BASE).lines(parse_blocks(markdown), width)


def texts(lines: list[list]) -> list[str]:
    return ["".join(segment.text for segment in line) for line in lines]


def test_blocks_look_like_rich_markdown_did() -> None:
    rows = texts(draw("## 标题\n\n- 甲\n  - 乙\n\n1. 一\n2. 二\n\n> 引用\n\n---", width=20))
    assert rows == ["标题", "", " • 甲", "    • 乙", "", " 1 一", " 2 二", "", "▌ 引用", "", "─" * 20]


def test_heading_and_bold_are_bold_and_links_carry_their_target() -> None:
    lines = draw("## 标题\n\n**粗**与[第二十条](reg:20)")
    assert all(segment.style.bold for segment in lines[0])
    styles = {segment.text: segment.style for segment in lines[2]}
    assert styles["粗"].bold and not styles["与"].bold
    assert styles["第二十条"].link == "reg:20"


def test_text_is_never_read_as_rich_markup() -> None:
    rows = texts(draw("[bold]不是标记[/bold] :smile: [link=x]y[/link]", width=80))
    assert rows == ["[bold]不是标记[/bold] :smile: [link=x]y[/link]"]


@pytest.mark.parametrize("width", [80, 33, 12, 3])
def test_no_line_is_wider_than_the_text(width: int) -> None:
    source = (REPO / "content" / "modules" / "1" / "reg-application.md").read_text(encoding="utf-8")
    source += "\n\n| 项目 | 数字 |\n| --- | --- |\n| 主动公开政府信息 | 152万条 |\n\n```\n" + "长" * 50 + "\n```"
    lines = draw(source.split("+++", 2)[-1], width)
    if width >= 12:  # narrower, a nested list's bullets alone are wider than the text (and cropped)
        assert all(sum(cell_len(segment.text) for segment in line) <= width for line in lines)
    # Every character is drawn in the widget's base style (colours follow the theme).
    assert all(segment.style and segment.style.bgcolor == BASE.bgcolor for line in lines for segment in line)


def test_chinese_wraps_by_the_line_breaking_rules() -> None:
    # 19 cells beside the bullet: "，" would start the second line, so "信" goes down with it;
    # "2019年" is not split.
    rows = texts(draw("- 政府信息公开政府信，2019年第二十条。", width=22))
    assert rows == [" • 政府信息公开政府", "   信，2019年第二十", "   条。"]
    rows = texts(draw("- 政府信息公开政府，2019年第二十条。", width=22))
    assert rows == [" • 政府信息公开政府，", "   2019年第二十条。"]


def test_table_columns_line_up_with_chinese_cells() -> None:
    source = "| 项目 | 数字 | 出处 |\n| --- | ---: | --- |\n| 主动公开政府信息 | 152万 | [报告](report:s1) |\n| 依申请 | 3 | 无 |"
    rows = texts(draw(source, width=60))
    body = [row for row in rows if "152万" in row or "依申请" in row]
    assert len(body) == 2
    # Every row is as wide as the header, and the last column starts at the same cell.
    assert len({cell_len(row.rstrip()) for row in rows if row.strip() and "─" not in row}) <= 2
    starts = [cell_len(row[: row.index(mark)]) for row, mark in zip(body, ("报告", "无"), strict=True)]
    assert starts[0] == starts[1]
    # Right-aligned numbers end in the same cell.
    ends = [cell_len(row[: row.index(mark) + len(mark)]) for row, mark in zip(body, ("152万", "3"), strict=True)]
    assert ends[0] == ends[1]
    link_cells = [segment for line in draw(source, 60) for segment in line if segment.style and segment.style.link]
    assert "".join(segment.text for segment in link_cells) == "报告"


def test_reading_a_module_imports_no_markdown_library(tmp_path: Path) -> None:
    # In a fresh interpreter: the test process may have loaded markdown-it for the export tests.
    script = textwrap.dedent(
        f"""
        import asyncio, sys
        from pathlib import Path
        sys.path.insert(0, {str(REPO / "tests")!r})
        from tui_helpers import make_app, open_reader, wait_for
        from govtui.core.course import open_course
        from govtui.core.paths import bundled_course_dir
        from govtui.tui.widgets.module_text import ModuleText

        course = open_course(bundled_course_dir())

        async def main():
            app = make_app(course, Path({str(tmp_path / "data")!r}), profile="张三")
            async with app.run_test(size=(80, 24)) as pilot:
                # The idle-time imports of every next screen (tui/prewarm.py) first.
                await wait_for(pilot, lambda: app.prewarm_worker is not None and app.prewarm_worker.is_finished)
                for module_id in ("report-s1-power", "g41-annual-report", "reg-application"):
                    reader = await open_reader(app, pilot, course.modules[module_id])
                    for _ in range(4):
                        await pilot.press("space")
                    await pilot.press("tab")
                    await pilot.pause()
                    assert reader.query_one(ModuleText).focused, "a link was chosen"
                    await pilot.press("escape")
                    await pilot.pause()

        asyncio.run(main())
        loaded = [name for name in sys.modules if name.split(".")[0] in ("markdown_it", "pygments", "mdurl", "linkify_it")
                  or name in ("rich.markdown", "rich.syntax")]
        print("LOADED", loaded)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "LOADED []" in result.stdout, result.stdout[-2000:]
