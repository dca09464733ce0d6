"""Self-check reports: every export format through the CLI, read back; listing; errors as messages."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from govtui.cli import main
from govtui.core.course import Course
from govtui.core.selfcheck import (
    STATUS_NAMES,
    SelfCheckSession,
    SelfCheckStore,
    new_session,
    score_session,
)
from govtui.core.selfcheck_export import (
    CSV_TITLE,
    EXPORT_SCHEMA_VERSION,
    FORMATS,
    ExportError,
    export_session,
    read_csv,
)

AGENCY = "重庆市某区某某镇人民政府"
BOM = b"\xef\xbb\xbf"


def _township(bundled: Course, on: date, plan: dict[int, str]) -> SelfCheckSession:
    session = new_session(AGENCY, "township", ["张三", "李四"], on=on)
    items = bundled.checklist.items_for("township")
    for index, status in plan.items():
        session.mark(items[index].id).status = status
    return session


@pytest.fixture
def sessions(bundled: Course, isolated_data_dir: Path) -> tuple[SelfCheckSession, SelfCheckSession]:
    """An earlier and a current township session of the same agency, saved in the data dir."""
    items = bundled.checklist.items_for("township")
    earlier = _township(bundled, date(2023, 11, 20), {0: "noncompliant", 1: "noncompliant", 2: "compliant", 7: "partial"})
    current = _township(
        bundled, date(2024, 11, 18),
        {0: "compliant", 1: "partial", 2: "compliant", 3: "noncompliant", 4: "na", 7: "noncompliant", 8: "partial"},
    )
    current.mark(items[0].id).evidence = ["《某某镇政府信息公开工作制度》（镇府发〔2024〕3号）", "https://example.gov.cn/zdgk"]
    current.mark(items[0].id).notes = "制度已按新《条例》修订, 含“审查|发布”两个环节"
    current.mark(items[1].id).notes = "经办人员已明确\n备岗人员未明确"
    current.mark(items[4].id).reason = "本镇未设该类机构"
    current.finished_at = "2024-11-18T17:00:00+08:00"
    store = SelfCheckStore(isolated_data_dir)
    store.save(earlier)
    store.save(current)
    return earlier, current


def _export(session: SelfCheckSession, fmt: str, out: Path) -> bytes:
    assert main(["selfcheck", "export", session.id, "--format", fmt, "--out", str(out)]) == 0
    return out.read_bytes()


def _gap_points(bundled: Course, session: SelfCheckSession) -> list[str]:
    return [item.point for item, _ in score_session(bundled.checklist, session).gaps]


def test_csv_has_bom_and_one_row_per_item(bundled: Course, sessions, tmp_path: Path) -> None:
    _, current = sessions
    data = _export(current, "csv", tmp_path / "自查.csv")
    assert data.startswith(BOM)
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n") + 1  # CRLF rows; one LF inside a note
    items = bundled.checklist.items_for("township")
    header, body = read_csv(data)
    assert [r["检查项ID"] for r in body] == [i.id for i in items]
    first, second, na = body[0], body[1], body[4]
    assert first["评估结果"] == "符合" and first["得分率"] == "100%"
    assert first["佐证材料"] == "《某某镇政府信息公开工作制度》（镇府发〔2024〕3号）；https://example.gov.cn/zdgk"
    assert first["备注"] == "制度已按新《条例》修订, 含“审查|发布”两个环节"
    assert first["评估点"] == items[0].point and first["整改建议"] == items[0].remediation
    assert first["法律依据"].startswith("《条例》第四条")
    assert bundled.modules[items[0].modules[0]].title in first["学习模块"]
    assert second["评估结果"] == "基本符合" and second["得分率"] == "50%"
    assert second["备注"] == "经办人员已明确\n备岗人员未明确"
    assert na["评估结果"] == "不适用" and na["不适用理由"] == "本镇未设该类机构" and na["得分率"] == ""
    assert body[-1]["评估结果"] == "未评估"


def test_json_has_schema_stable_ids_and_the_same_score(bundled: Course, sessions, tmp_path: Path) -> None:
    earlier, current = sessions
    data = json.loads(_export(current, "json", tmp_path / "自查.json").decode("utf-8"))
    report = score_session(bundled.checklist, current)
    assert data["schema_version"] == EXPORT_SCHEMA_VERSION and data["kind"] == "govtui-selfcheck"
    assert data["session"]["id"] == current.id and data["session"]["agency"] == AGENCY
    assert data["session"]["level_name"] == "乡镇人民政府/街道办事处"
    assert [i["id"] for i in data["checklist_items"]] == [i.id for i in bundled.checklist.items_for("township")]
    assert set(data["checklist_items"][0]) >= {"id", "area", "weight", "status", "reason", "evidence", "notes"}
    assert data["checklist_items"][4]["status"] == "na" and data["checklist_items"][-1]["status"] is None
    assert data["score"] == report.score is not None
    assert data["counts"] == {"assessed": 6, "not_applicable": 1, "unassessed": report.total - 7, "total": report.total}
    assert [a["score"] for a in data["areas"]] == [a.score for a in report.areas]
    gaps = data["gaps"]
    # the same order as the result screen: by weight, 不符合 first at equal weight
    assert [g["id"] for g in gaps] == [item.id for item, _ in report.gaps]
    weights = [g["weight"] for g in gaps]
    assert weights == sorted(weights, reverse=True)
    assert all(g["basis"] and g["modules"] and g["remediation"] for g in gaps)
    comparison = data["comparison"]
    assert comparison["previous_session"] == earlier.id
    before = score_session(bundled.checklist, earlier).score
    assert comparison["score_change"] == round(report.score - before, 1)
    changed = {c["id"]: (c["old"], c["new"]) for c in comparison["changed"]}
    items = bundled.checklist.items_for("township")
    assert changed[items[0].id] == ("noncompliant", "compliant")
    assert changed[items[4].id] == (None, "na")
    assert items[2].id not in changed


def test_html_is_self_contained_with_score_and_gaps(bundled: Course, sessions, tmp_path: Path) -> None:
    _, current = sessions
    text = _export(current, "html", tmp_path / "自查.html").decode("utf-8")
    score = score_session(bundled.checklist, current).score
    assert text.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in text and '<meta charset="utf-8">' in text
    assert f"{score:.1f}" in text and "@media print" in text
    for point in _gap_points(bundled, current):
        assert html.escape(point) in text
    assert AGENCY in text and "张三、李四" in text
    # The URL the team typed is shown as text, never loaded or linked.
    assert "https://example.gov.cn/zdgk" in text
    assert not re.search(r"<(script|link|img|iframe)\b|\b(src|href)\s*=|url\(|@import", text, re.I)
    assert "审查|发布" in text and "<br>备岗人员" in text


def test_markdown_has_score_and_gap_table(bundled: Course, sessions, tmp_path: Path) -> None:
    _, current = sessions
    text = _export(current, "md", tmp_path / "自查.md").decode("utf-8")
    report = score_session(bundled.checklist, current)
    assert f"## 总分：{report.score:.1f}" in text
    assert "| 序号 | 检查项 | 评估点 | 评估结果 | 权重 | 依据类别 | 整改建议 | 法律依据 | 学习模块 |" in text
    gap_lines = [line for line in text.splitlines() if any(item.id in line for item, _ in report.gaps)]
    assert len(gap_lines) >= len(report.gaps)
    for point in _gap_points(bundled, current):
        assert point.replace("|", "\\|") in text
    assert "审查\\|发布" in text  # a pipe in a cell does not split the row
    assert "与上次自查比较" in text and f"{STATUS_NAMES['noncompliant']} | {STATUS_NAMES['compliant']}" in text


def test_format_follows_the_file_suffix(sessions, tmp_path: Path) -> None:
    _, current = sessions
    out = tmp_path / "report.csv"
    assert main(["selfcheck", "export", current.id, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(BOM)


def test_first_session_has_no_comparison(bundled: Course, sessions) -> None:
    earlier, _ = sessions
    data = json.loads(export_session(bundled, earlier, None, "json"))
    assert data["comparison"] is None
    assert "与上次自查比较" not in export_session(bundled, earlier, None, "md").decode("utf-8")


def test_nothing_assessed_shows_a_dash(bundled: Course) -> None:
    session = new_session(AGENCY, "township", [], on=date(2024, 1, 2))
    for fmt in FORMATS:
        assert export_session(bundled, session, None, fmt)
    assert json.loads(export_session(bundled, session, None, "json"))["score"] is None
    assert "## 总分：—" in export_session(bundled, session, None, "md").decode("utf-8")
    with pytest.raises(ExportError):
        export_session(bundled, session, None, "pdf")


def test_list_shows_sessions(sessions, isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    earlier, current = sessions
    assert main(["selfcheck", "list", "--data-dir", str(isolated_data_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == ["编号", "机关", "类型", "日期", "得分", "状态"]
    assert lines[1].startswith(earlier.id) and lines[1].endswith("进行中")
    assert lines[2].startswith(current.id) and AGENCY in lines[2] and lines[2].endswith("完成")
    assert main(["selfcheck", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["sessions"]
    assert [r["id"] for r in rows] == [earlier.id, current.id] and rows[1]["finished"] is True


def test_list_with_no_sessions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["selfcheck", "list"]) == 0
    assert "暂无自查记录" in capsys.readouterr().out


def test_unknown_session_is_a_message(sessions, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.md"
    assert main(["selfcheck", "export", "sc-20990101-000000-ffff", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：找不到自查记录 sc-20990101-000000-ffff") and len(err.splitlines()) == 1
    assert not out.exists()
    assert main(["selfcheck", "export", "../profiles/x", "--out", str(out)]) == 1
    assert "编号无效" in capsys.readouterr().err


def test_damaged_session_is_a_message(isolated_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = isolated_data_dir / "selfcheck"
    folder.mkdir(parents=True)
    (folder / "sc-bad.toml").write_text("this is not toml", encoding="utf-8")
    assert main(["selfcheck", "export", "sc-bad", "--out", str(tmp_path / "x.md")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：自查记录") and "无法读取" in err and len(err.splitlines()) == 1
    assert list(folder.glob("sc-bad.toml.damaged-*"))


def test_unwritable_output_is_a_message(sessions, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, current = sessions
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["selfcheck", "export", current.id, "--out", str(blocker / "sub" / "r.html")]) == 1
    err = capsys.readouterr().err
    assert "无法写入" in err and len(err.splitlines()) == 1


def test_csv_header_block_says_whose_sheet_it_is(bundled: Course, sessions, tmp_path: Path) -> None:
    earlier, current = sessions
    data = _export(current, "csv", tmp_path / "自查.csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][0] == CSV_TITLE
    header, _ = read_csv(data)
    report = score_session(bundled.checklist, current)
    assert header["机关"] == AGENCY and header["自查日期"] == "2024-11-18" and header["参加人员"] == "张三、李四"
    assert header["总分"] == f"{report.score:.1f}"  # saved before scores at finishing were kept: one score
    for area in report.areas:
        assert f"{bundled.checklist.area_name(area.area)} " in header["各领域得分"]
    gaps = next(v for k, v in header.items() if k.startswith("需整改"))
    assert gaps.split("；")[0].startswith(report.gaps[0][0].id)
    assert earlier.date in header["与上次自查比较"]


def test_csv_guards_formulas_without_a_visible_apostrophe(bundled: Course) -> None:
    session = new_session("=HYPERLINK(\"http://evil.example\")", "township", ["@SUM(1)"], on=date(2024, 1, 2))
    items = bundled.checklist.items_for("township")
    session.mark(items[0].id).notes = "-见附件"
    session.mark(items[1].id).notes = "-5"
    session.mark(items[2].id).notes = "+ 制度已修订"
    header, rows = read_csv(export_session(bundled, session, None, "csv"))
    cells = [*header.values(), *(v for row in rows for v in row.values())]
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or c.startswith("-") and c != "-5"]
    assert not [c for c in cells if c.startswith("'")]
    assert header["机关"] == "\u200b=HYPERLINK(\"http://evil.example\")"
    assert [r["备注"] for r in rows[:3]] == ["\u200b-见附件", "-5", "\u200b+ 制度已修订"]


def test_every_export_carries_both_scores_when_they_differ(bundled: Course, sessions) -> None:
    _, current = sessions
    now = score_session(bundled.checklist, current).score
    current.finished_score = round(now - 7.5, 1)  # finished under an older checklist
    labels = ("完成时得分", f"按现行清单（第{bundled.checklist.version}版）计算的得分")
    data = json.loads(export_session(bundled, current, None, "json"))
    assert data["finished_score"] == now - 7.5 and data["score"] == now and data["scores_differ"] is True
    md = export_session(bundled, current, None, "md").decode("utf-8")
    assert f"## {labels[0]}：{now - 7.5:.1f}（满分 100）" in md and f"## {labels[1]}：{now:.1f}（满分 100）" in md
    page = export_session(bundled, current, None, "html").decode("utf-8")
    assert all(label in page for label in labels) and f"<b>{now - 7.5:.1f}</b>" in page and f"<b>{now:.1f}</b>" in page
    header, _ = read_csv(export_session(bundled, current, None, "csv"))
    assert header[labels[0]] == f"{now - 7.5:.1f}" and header[labels[1]] == f"{now:.1f}"
    current.finished_score = now
    assert "按现行清单" not in export_session(bundled, current, None, "html").decode("utf-8")
    current.finished_at = None  # an open session has no score at finishing
    assert json.loads(export_session(bundled, current, None, "json"))["finished_score"] is None
    assert "## 总分：" in export_session(bundled, current, None, "md").decode("utf-8")


def test_html_is_laid_out_for_a4_without_a_browser(bundled: Course, sessions) -> None:
    """What tests/test_print.py measures in Chromium, checked in the page itself where no browser is installed."""
    _, current = sessions
    page = export_session(bundled, current, None, "html").decode("utf-8")
    assert "@page { size: A4" in page and "<th></th>" not in page
    assert re.search(r"\.tag \{[^}]*white-space: nowrap", page)
    assert re.search(r"th, td \{[^}]*overflow-wrap: anywhere", page)
    assert re.search(r"table \{[^}]*table-layout: fixed", page)
    # Every fixed column is at least 6 characters (1em = one Chinese character) wide.
    widths = [float(w) for w in re.findall(r"col\.w\d+ \{ width: ([\d.]+)em; \}", page)]
    assert widths and min(widths) >= 6
    for table in re.findall(r"<table.*?</table>", page, re.S):
        header = re.search(r"<thead><tr>(.*?)</tr></thead>", table)
        cols = re.search(r"<colgroup>(.*?)</colgroup>", table)
        assert cols, table[:80]
        if header:
            assert header.group(1).count("<th>") == cols.group(1).count("<col"), table[:120]
            assert cols.group(1).count("<col>") <= 1  # one flexible column takes the rest
    signoff = page[page.index('class="signoff-block"'):]
    assert all(label in signoff for label in ("填报人", "审核人", "单位（盖章）", "日期"))
