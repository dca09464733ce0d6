"""Checklist versions: old sessions keep their marks and show what changed; labels reach every export."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from textual.widgets import Input
from tui_helpers import make_app, screen_text

from govtui.core.check import check_course
from govtui.core.course import Course, open_course
from govtui.core.selfcheck import BASIS_KINDS, SelfCheckStore, new_session
from govtui.core.selfcheck_export import export_session, read_csv
from govtui.tui.screens.selfcheck import SelfCheckListScreen, SelfCheckScreen, SelfCheckStartScreen

LABELS = tuple(BASIS_KINDS.values())


def _problems(root: Path) -> list[str]:
    return [str(p) for p in check_course(open_course(root)).problems]


def test_labels_and_fine_citations_are_validated(course_copy: Path) -> None:
    path = course_copy / "content" / "selfcheck" / "checklist.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('basis = ["reg:4.1", "reg:52"]', 'basis = ["reg:4.9", "reg:52"]', 1)  # org-01
    text = text.replace('basis = ["report:s7.1"]\nweight = 3', 'basis = ["report:s7.1"]\nweight = 4', 1)  # org-07
    text = text.replace('basis_kind = "law"\npoint = "本级人民政府加强', 'basis_kind = "rule"\npoint = "本级人民政府加强', 1)  # org-06
    text = text.replace('basis_kind = "practice"\npoint = "重庆做法（非《条例》对部门', 'basis_kind = "law"\npoint = "重庆做法（非《条例》对部门', 1)  # org-09
    text = text.replace('item = "sup-08"', 'item = "sup-99"', 1)
    path.write_text(text, encoding="utf-8")
    problems = [p for p in _problems(course_copy) if str(path) in p]
    assert any("org-01：出处不存在 reg:4.9" in p for p in problems)
    assert any("org-07" in p and "权重不超过 3" in p for p in problems)
    assert any("org-06" in p and "basis_kind 应为" in p for p in problems)
    assert any("org-09" in p and "至少要引用一条《条例》条文" in p for p in problems)
    assert any("不存在的检查项：'sup-99'" in p for p in problems)


def test_session_file_without_a_version_is_read_as_version_one(isolated_data_dir: Path) -> None:
    store = SelfCheckStore(isolated_data_dir)
    store.folder.mkdir(parents=True)
    (store.folder / "sc-old.toml").write_text(
        'schema_version = 1\n[session]\nid = "sc-old"\nagency = "某镇"\nlevel = "township"\n'
        'date = "2025-11-01"\nparticipants = []\ncreated_at = "2025-11-01T01:00:00+00:00"\n'
        '[marks.sup-01]\nstatus = "compliant"\n[marks.app-12]\nstatus = "partial"\n',
        encoding="utf-8",
    )
    session = store.load("sc-old")
    assert session.checklist_version == 1
    assert session.marks["sup-01"].status == "compliant" and session.marks["app-12"].status == "partial"
    store.save(session)
    assert "checklist_version = 1" in store.path_for("sc-old").read_text(encoding="utf-8")


class _Rows(HTMLParser):
    """Cells of every table row, with the item id of item rows (tr data-item) or None."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[tuple[str | None, list[str]]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append((dict(attrs).get("data-item"), []))
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1][1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _old_township(bundled: Course) -> object:
    session = new_session("某某街道办事处", "township", ["甲"], on=date(2026, 11, 2))
    assert session.checklist_version == 1  # as sessions saved before checklists had versions
    for item in bundled.checklist.items_for("township"):
        session.mark(item.id).status = "compliant"
    return session


def test_township_html_shows_law_policy_or_practice_for_every_item(bundled: Course) -> None:
    session = _old_township(bundled)
    page = export_session(bundled, session, None, "html").decode("utf-8")
    parser = _Rows()
    parser.feed(page)
    items = {i.id: i for i in bundled.checklist.items_for("township")}
    rows = {item_id: cells for table in parser.tables for item_id, cells in table if item_id}
    assert set(rows) == set(items)
    for item_id, (left, right) in rows.items():
        item = items[item_id]
        assert item_id in left
        assert item.basis_kind_name in right
        if item.basis_kind == "law":
            assert "《条例》第" in right, item.id
    assert {k for i in items.values() for k in [i.basis_kind_name]} == set(LABELS)
    assert "第五十条第一款第（四）项" in page  # ann-05, to the item
    assert "清单变化（第1版以来）" in page and "本次自查开始时使用自查清单第1版" in page
    assert "清单变化：第2版：权重 5→4" in "".join(rows["sup-01"][1])


def test_every_export_carries_the_label_and_the_changes(bundled: Course) -> None:
    session = _old_township(bundled)
    items = bundled.checklist.items_for("township")
    md = export_session(bundled, session, None, "md").decode("utf-8")
    assert all(re.search(rf"\| {re.escape(i.id)} \|.*\| {re.escape(i.basis_kind_name)} \|", md) for i in items)
    assert "## 清单变化（第1版以来）" in md
    _, rows = read_csv(export_session(bundled, session, None, "csv"))
    assert [r["依据类别"] for r in rows] == [i.basis_kind_name for i in items]
    sup01 = next(r for r in rows if r["检查项ID"] == "sup-01")
    assert sup01["清单变化"].startswith("第2版：权重 5→4")
    data = json.loads(export_session(bundled, session, None, "json"))
    assert [c["basis_kind"] for c in data["checklist_items"]] == [i.basis_kind for i in items]
    assert data["session"]["checklist_version"] == 1 and data["checklist_version"] == bundled.checklist.version
    assert {c["id"] for c in data["checklist_changes"]} >= {"sup-01", "app-14"}
    current = new_session("某镇", "township", [], on=date(2026, 11, 2), checklist_version=bundled.checklist.version)
    fresh = export_session(bundled, current, None, "md").decode("utf-8")
    assert "清单变化" not in fresh and f"自查清单第{bundled.checklist.version}版" in fresh


async def test_old_session_shows_what_changed_and_keeps_its_marks(bundled: Course, isolated_data_dir: Path) -> None:
    store = SelfCheckStore(isolated_data_dir)
    session = new_session("某某街道办事处", "township", ["甲"], on=date(2026, 11, 2))
    session.mark("sup-01").status = "noncompliant"
    session.mark("org-01").status = "compliant"
    store.save(session)
    app = make_app(bundled, isolated_data_dir, profile="自查员")
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        walk = SelfCheckScreen(store.load(session.id))
        await app.push_screen(walk)
        await pilot.pause()
        text = screen_text(app)
        assert f"清单已从第1版更新到第{bundled.checklist.version}版" in text
        assert re.search(r"符合\s*！\s+本机关已建立健全政府信息公开工作制度", text)  # org-01 keeps its mark, flagged
        option_list = walk.query_one("#check-items")
        option_list.highlighted = option_list.get_option_index("sup-01")
        await pilot.pause()
        detail = walk.query_one("#check-detail").plain
        assert "《条例》规定" in detail and "清单第2版变化：权重 5→4" in detail
        assert walk.session.marks["sup-01"].status == "noncompliant"
        await pilot.press("j")
        await pilot.pause()
        summary = screen_text(app)
        changed = {c.item for c in bundled.checklist.changes_since(1, "township")}
        assert "本次自查开始时使用清单第1版" in summary and f"{len(changed)} 项有变化" in summary


async def test_new_session_records_the_current_checklist_version(bundled: Course, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="自查员")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, SelfCheckListScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SelfCheckStartScreen)
        app.screen.query_one("#agency", Input).value = "某镇人民政府"
        await pilot.click("#begin")
        await pilot.pause()
        assert isinstance(app.screen, SelfCheckScreen)
        assert "清单已从" not in screen_text(app)
        saved = SelfCheckStore(isolated_data_dir).load(app.screen.session.id)
    assert saved.checklist_version == bundled.checklist.version


async def test_session_with_no_marks_takes_the_current_version(bundled: Course, isolated_data_dir: Path) -> None:
    store = SelfCheckStore(isolated_data_dir)
    empty = new_session("某镇", "township", [], on=date(2026, 11, 2))  # version 1, nothing marked
    store.save(empty)
    app = make_app(bundled, isolated_data_dir, profile="自查员")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.push_screen(SelfCheckScreen(store.load(empty.id)))
        await pilot.pause()
        assert "清单已从" not in screen_text(app)
        await pilot.press("1")
        await pilot.pause()
    assert store.load(empty.id).checklist_version == bundled.checklist.version
