"""`govtui aggregate` over a folder of learner records: what is counted, what is skipped and why."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from records_helpers import make_learner, study

from govtui.cli import main
from govtui.core import clock
from govtui.core.course import Course
from govtui.core.records.record import build_record, record_json
from govtui.core.records.rollup import DISTRICT_KINDS, collect_files, rollup
from govtui.core.selfcheck import new_session
from govtui.core.selfcheck_export import export_session

LATER = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


def write_record(bundled: Course, profile, path: Path, when: datetime) -> None:
    with clock.frozen(when):
        path.write_text(record_json(build_record(bundled, profile)), encoding="utf-8")


def selfcheck_export(bundled: Course, agency: str, noncompliant: list[int], path: Path) -> None:
    session = new_session(agency, "township", ["张三"], on=date(2026, 5, 1))
    items = bundled.checklist.items_for("township")
    for index, item in enumerate(items):
        session.mark(item.id).status = "noncompliant" if index in noncompliant else "compliant"
    path.write_bytes(export_session(bundled, session, None, "json"))


@pytest.fixture
def folder(bundled: Course, isolated_data_dir: Path, tmp_path: Path) -> Path:
    """Valid, duplicated, damaged, foreign, oversized and linked inputs side by side."""
    inbox = tmp_path / "inbox"
    (inbox / "渝中区").mkdir(parents=True)
    zhang = make_learner(bundled, isolated_data_dir, "张三", "yuzhong", 2)
    li = make_learner(bundled, isolated_data_dir, "李四", "wanzhou", 3, seed=1)
    wang = make_learner(bundled, isolated_data_dir, "王五", "city-fgw", 1, seed=2)
    write_record(bundled, zhang, inbox / "渝中区" / "张三-旧.json", clock.utc_now().replace(year=2026, month=4))
    study(bundled, zhang, 10, minutes=30, passed=True, at=LATER)  # then studied more and exported again
    write_record(bundled, zhang, inbox / "张三-新.json", LATER)
    write_record(bundled, li, inbox / "李四.json", LATER)
    write_record(bundled, wang, inbox / "王五.json", LATER)
    (inbox / "截断.json").write_text((inbox / "李四.json").read_text(encoding="utf-8")[:300], encoding="utf-8")
    edited = json.loads((inbox / "王五.json").read_text(encoding="utf-8"))
    edited["record"]["study_seconds"] = 99999
    (inbox / "王五-改过.json").write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    (inbox / "别的系统.json").write_text('{"users": [1, 2, 3]}', encoding="utf-8")
    (inbox / "说明.txt").write_text("请于月底前提交", encoding="utf-8")
    (inbox / "巨大.json").write_text("[" + ",".join(["0"] * 200_000) + "]", encoding="utf-8")
    selfcheck_export(bundled, "某某镇人民政府", [0, 1], inbox / "自查-某某镇.json")
    selfcheck_export(bundled, "某某街道办事处", [1], inbox / "自查-某某街道.json")
    outside = tmp_path / "outside.json"
    outside.write_text(record_json(build_record(bundled, li)), encoding="utf-8")
    os.symlink(outside, inbox / "链接.json")
    return inbox


def test_rollup_counts_valid_records_and_lists_every_skipped_input(bundled: Course, folder: Path) -> None:
    result = rollup(bundled, collect_files([folder], max_bytes=200_000))
    skipped = {Path(s["path"]).name: s["reason"] for s in result["meta"]["skipped"]}
    assert set(skipped) == {"张三-旧.json", "截断.json", "王五-改过.json", "别的系统.json", "说明.txt", "巨大.json", "链接.json"}
    assert "较新的记录" in skipped["张三-旧.json"] and "张三-新.json" in skipped["张三-旧.json"]
    assert "损坏" in skipped["截断.json"] and "不是有效的" in skipped["说明.txt"]
    assert "校验和不符" in skipped["王五-改过.json"]
    assert "外来文件" in skipped["别的系统.json"]
    assert "过大" in skipped["巨大.json"]
    assert "不跟随" in skipped["链接.json"]

    report = result["report"]
    assert report["learners"] == 3
    units = {u["id"]: u for u in report["units"]}
    # The newest record of 张三 wins: 10 + 15 minutes, plus 30 studied later.
    assert units["yuzhong"]["learners"] == 1 and units["yuzhong"]["study_seconds"] == 55 * 60
    assert units["wanzhou"]["learners"] == 1 and units["city-fgw"]["learners"] == 1
    district = [u for u in report["units"] if u["group"] == "41"]
    assert len(district) == 41 and {u["kind"] for u in district} <= set(DISTRICT_KINDS)
    assert sum(1 for u in district if u["learners"] == 0) == 39
    groups = {g["group"]: g for g in report["unit_groups"]}
    assert groups["41"]["learners"] == 2 and groups["N"]["learners"] == 1 and groups["unset"]["learners"] == 0
    assert report["exams"][0]["attempts"] == 3
    wrong = report["questions_wrong"]
    assert 0 < len(wrong) <= 20 and all(q["wrong"] > 0 for q in wrong)
    assert wrong == sorted(wrong, key=lambda q: -q["wrong"])
    assert all(q["sources"] and q["sources"][0]["label"] for q in wrong)
    selfcheck = report["selfcheck"]
    assert [a["agency"] for a in selfcheck["agencies"]] == ["某某街道办事处", "某某镇人民政府"]
    assert selfcheck["noncompliant_items"][0]["agencies"] == 2


@pytest.mark.parametrize("fmt", ["html", "csv", "md", "json"])
def test_aggregate_writes_every_format_with_all_units_and_skipped_files(
    bundled: Course, folder: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"汇总.{fmt}"
    assert main(["aggregate", str(folder), "--max-size", "200000", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "跳过" in err and "截断.json" in err and "学员 3 人" in err
    text = out.read_bytes().decode("utf-8-sig")
    district_names = [u.name for u in bundled.units if u.kind in DISTRICT_KINDS]
    assert len(district_names) == 41
    if fmt == "json":
        data = json.loads(text)
        assert [u["name"] for u in data["report"]["units"] if u["group"] == "41"] == district_names
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        names = {r[1] for r in rows if len(r) > 2 and r[0] == "区县"}
        assert names == set(district_names)
    else:
        for name in district_names:
            assert name in text
    if fmt == "md":
        text = re.sub(r"\\(.)", r"\1", text)  # Markdown escapes (a\.json) render as the character
    for name in ("张三-旧.json", "截断.json", "王五-改过.json", "别的系统.json", "说明.txt", "巨大.json", "链接.json"):
        assert name in text
    if fmt == "html":
        assert "<script" not in text and "学习情况汇总" in text


def test_file_names_from_inputs_stay_text(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "<img src=x onerror=alert(1)>|a.json").write_text("{", encoding="utf-8")
    assert main(["aggregate", str(inbox), "--out", str(tmp_path / "汇总.html")]) == 0
    page = (tmp_path / "汇总.html").read_text(encoding="utf-8")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;|a.json" in page
    assert main(["aggregate", str(inbox), "--out", str(tmp_path / "汇总.md")]) == 0
    markdown = (tmp_path / "汇总.md").read_text(encoding="utf-8")
    assert "\\<img src=x onerror=alert\\(1\\)\\>\\|a\\.json" in markdown and " <img" not in markdown


def test_aggregate_needs_inputs_or_an_lrs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["aggregate", "--out", str(tmp_path / "x.html")]) == 2
    assert "二者选一" in capsys.readouterr().err


def test_statements_roll_up_like_the_record_they_came_from(bundled: Course, isolated_data_dir: Path) -> None:
    from govtui.core.records.rollup import collect_statements, learner_from_record
    from govtui.core.records.xapi import EXT_UNIT, build_statements

    profile = make_learner(bundled, isolated_data_dir, "张三", "yuzhong", 3)
    statements = build_statements(bundled, profile)
    study(bundled, profile, 0, minutes=7, passed=True, at=LATER)  # cumulative 学时 grows: a new statement
    profile.unit_id = "fuling"  # moved unit: the latest statement tells
    later = build_statements(bundled, profile)
    foreign = {**statements[0], "id": "x", "actor": {"account": {"homePage": "https://other.example", "name": "p-1"}}}
    broken = {**later[-1], "id": "y", "result": {"score": "high"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
              "object": {"id": statements[1]["object"]["id"].replace("modules", "quizzes")}}
    inputs = collect_statements(statements + later + [foreign, broken], "lrs")
    assert list(inputs.learners) == [profile.id]
    from_lrs = inputs.learners[profile.id]
    with clock.frozen(LATER):
        from_file = learner_from_record(build_record(bundled, profile)["record"], "file")
    assert from_lrs.unit_id == "fuling" and later[-1]["context"]["extensions"][EXT_UNIT] == "fuling"
    assert from_lrs.module_seconds == from_file.module_seconds
    assert from_lrs.completed == from_file.completed
    assert from_lrs.answers == from_file.answers
    assert sorted(from_lrs.quizzes) == sorted(from_file.quizzes)
    assert [s.reason for s in inputs.skipped] == ["语句结构不完整"]
