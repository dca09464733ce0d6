"""Learner record export: JSON (schema, checksum), CSV, the 学习证明 HTML and xAPI statements."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from pathlib import Path

import jsonschema
import pytest
from records_helpers import START, make_learner, sit_exam

from govtui.cli import main
from govtui.core import clock
from govtui.core.course import Course
from govtui.core.progress import ProgressStore
from govtui.core.records.record import RecordError, build_record, check_record
from govtui.core.records.writers import MAX_CERTIFICATE_EXAMS, certificate_html
from govtui.core.records.xapi import BASE, EXT_TRACK, EXT_UNIT, build_statements, statement_id

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "docs" / "schemas" / "learner-record.schema.json").read_text(encoding="utf-8"))


def validate(record: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(record)


def export(tmp_path: Path, name: str, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"out-{name.replace('/', '_')}.{fmt}"  # --out does not create folders
    assert main(["record", "export", "--profile", name, "--format", fmt, "--out", str(out), *extra]) == 0
    return out


def test_schema_itself_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("lessons", [0, 4])
def test_json_export_of_fresh_and_studied_learner_matches_schema(
    bundled: Course, isolated_data_dir: Path, tmp_path: Path, lessons: int
) -> None:
    make_learner(bundled, isolated_data_dir, "张三", "yuzhong" if lessons else None, lessons)
    data = json.loads(export(tmp_path, "张三", "json").read_text(encoding="utf-8"))
    validate(data)
    body = check_record(data)
    assert body["learner"]["name"] == "张三"
    assert [t["id"] for t in body["tracks"]] == ["1", "41", "N"]
    if lessons == 0:
        assert body["unit"] is None and body["study_seconds"] == 0 and body["quiz_attempts"] == []
    else:
        assert body["unit"] == {"id": "yuzhong", "name": "渝中区", "kind": "district"}
        # 10 + 15 + 20 + 25 minutes of reading; quizzes 1 and 3 passed, 2 and 4 failed.
        assert body["study_seconds"] == 70 * 60
        assert [a["passed"] for a in body["quiz_attempts"]] == [True, False, True, False]
        assert sum(m["completed"] for m in body["modules"]) == 2
        assert body["tracks"][0]["modules_completed"] == 2
        assert body["exam_attempts"][0]["score"] == 90 and body["exam_attempts"][0]["passed"]
        first = body["quiz_attempts"][0]["answers"]
        assert first and all(re.fullmatch(r"[a-z0-9.-]+", qid) for qid in first)
        assert set(first) <= set(body["questions"])


def test_checksum_catches_an_edited_record(bundled: Course, isolated_data_dir: Path) -> None:
    profile = make_learner(bundled, isolated_data_dir, "张三", "yuzhong", 2)
    record = build_record(bundled, profile)
    check_record(record)
    record["record"]["study_seconds"] += 3600  # someone adds an hour by hand
    with pytest.raises(RecordError, match="校验和不符"):
        check_record(record)
    with pytest.raises(RecordError, match="不是 govtui 学习记录"):
        check_record({"kind": "something-else"})


def test_csv_export_lists_learner_modules_and_attempts(bundled: Course, isolated_data_dir: Path, tmp_path: Path) -> None:
    make_learner(bundled, isolated_data_dir, "=HYPERLINK(1)", "wanzhou", 3)
    raw = export(tmp_path, "=HYPERLINK(1)", "csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "类型"
    assert rows[1][:3] == ["学员", rows[1][1], "\u200b=HYPERLINK(1)"]  # never a live formula in Excel
    kinds = [r[0] for r in rows[1:]]
    assert kinds.count("轨道") == 3 and kinds.count("测验") == 3 and kinds.count("模拟考试") == 1


def test_html_certificate_is_one_a4_page(bundled: Course, isolated_data_dir: Path, tmp_path: Path) -> None:
    profile = make_learner(bundled, isolated_data_dir, "<b>李四</b>", "city-fgw", 3)
    for n in range(12):  # a diligent learner: far more exams than one page can list
        sit_exam(bundled, profile, 70 + n, START)
    ProgressStore(isolated_data_dir).save(profile)
    page = export(tmp_path, "<b>李四</b>", "html").read_text(encoding="utf-8")
    assert "@page { size: A4;" in page and "break-inside: avoid" in page
    assert "<h1>学习证明</h1>" in page
    assert "&lt;b&gt;李四&lt;/b&gt;" in page and "<b>李四</b>" not in page
    assert "<dd>市发展改革委</dd>" in page
    assert "学时" in page and "各轨道完成情况" in page and "出具日期" in page
    assert page.count("<tr>") <= 1 + 3 + 1 + MAX_CERTIFICATE_EXAMS  # headers, tracks, exam rows
    assert "共参加模拟考试 13 次" in page


def test_fresh_certificate_says_no_exam_yet(bundled: Course, isolated_data_dir: Path) -> None:
    profile = ProgressStore(isolated_data_dir).create("王五", None)
    page = certificate_html(build_record(bundled, profile))
    assert "尚未参加模拟考试" in page and "未设置单位" in page


def test_export_needs_a_profile_when_several_exist(
    bundled: Course, isolated_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_learner(bundled, isolated_data_dir, "张三", None, 0)
    make_learner(bundled, isolated_data_dir, "李四", None, 0)
    assert main(["record", "export", "--out", str(tmp_path / "x.json")]) == 1
    assert "请用 --profile 指定" in capsys.readouterr().err
    assert main(["record", "export", "--profile", "赵六", "--out", str(tmp_path / "x.json")]) == 1


def test_xapi_statements_are_deterministic_and_well_formed(bundled: Course, isolated_data_dir: Path, tmp_path: Path) -> None:
    profile = make_learner(bundled, isolated_data_dir, "张三", "yuzhong", 4)
    first = json.loads(export(tmp_path, "张三", "xapi").read_text(encoding="utf-8"))
    second = build_statements(bundled, profile)
    assert [s["id"] for s in first] == [s["id"] for s in second]
    assert len({s["id"] for s in first}) == len(first)
    verbs = {s["verb"]["id"].rsplit("/", 1)[1] for s in first}
    assert verbs == {"registered", "experienced", "completed", "answered", "passed", "failed"}
    for s in first:
        assert uuid.UUID(s["id"]).version == 5
        assert s["actor"]["account"] == {"homePage": BASE, "name": profile.id}
        assert s["object"]["id"].startswith(BASE + "/")
        assert s["context"]["extensions"][EXT_UNIT] == "yuzhong"
        assert clock.parse_instant(s["timestamp"]).tzinfo is not None
        assert -1 <= s.get("result", {}).get("score", {}).get("scaled", 0) <= 1
    quiz = next(s for s in first if s["object"]["id"].startswith(BASE + "/quizzes/"))
    assert quiz["result"]["score"]["scaled"] == 1.0 and quiz["context"]["extensions"][EXT_TRACK] == "1"
    answered = [s for s in first if s["verb"]["id"].endswith("/answered")]
    assert {s["result"]["success"] for s in answered} == {True, False}
    experienced = next(s for s in first if s["verb"]["id"].endswith("/experienced"))
    assert experienced["result"]["duration"] == "PT600S"
    assert statement_id(profile.id, "x") != statement_id("p-other", "x")


def test_more_study_adds_statements_and_keeps_old_ids(bundled: Course, isolated_data_dir: Path) -> None:
    from records_helpers import study

    profile = make_learner(bundled, isolated_data_dir, "张三", "yuzhong", 2)
    before = {s["id"] for s in build_statements(bundled, profile)}
    study(bundled, profile, 5, minutes=5, passed=True, at=START)
    after = {s["id"] for s in build_statements(bundled, profile)}
    assert before < after


def test_records_package_and_cli_import_without_textual() -> None:
    import pkgutil
    import subprocess
    import sys

    import govtui.core.records

    names = [f"govtui.core.records.{m.name}" for m in pkgutil.iter_modules(govtui.core.records.__path__)]
    assert len(names) >= 5
    code = "import sys\nsys.modules['textual'] = None\n" + "".join(f"import {n}\n" for n in names) + "import govtui.records_cli\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("fmt", ["json", "csv", "html", "xapi"])
def test_every_format_exports_a_fresh_profile(isolated_data_dir: Path, tmp_path: Path, fmt: str) -> None:
    ProgressStore(isolated_data_dir).create("新学员", None)
    text = export(tmp_path, "新学员", fmt).read_bytes().decode("utf-8-sig")
    assert "新学员" in text
    if fmt == "xapi":
        statements = json.loads(text)
        assert [s["verb"]["id"].rsplit("/", 1)[1] for s in statements] == ["registered"]
        assert EXT_UNIT not in statements[0]["context"].get("extensions", {})


def test_cli_offers_the_formats_the_exporter_writes() -> None:
    from govtui.core.records import export as record_export
    from govtui.core.records.writers import ROLLUP_WRITERS
    from govtui.records_cli import RECORD_FORMATS, ROLLUP_FORMATS

    assert RECORD_FORMATS == record_export.RECORD_FORMATS
    assert set(ROLLUP_FORMATS) == set(ROLLUP_WRITERS)
