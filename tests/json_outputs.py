"""Every JSON document govtui writes, produced by running the real commands on the bundled course.

Used by tests/test_schemas.py: each output is validated against its schema in docs/schemas/.
Where a document has variants (a missing part, an error), each variant is produced.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from records_helpers import make_learner

from govtui.cli import main
from govtui.core.course import Course
from govtui.core.selfcheck import SelfCheckStore, new_session, score_session

FIXTURES = Path(__file__).parent / "fixtures"

SCHEMAS = {
    "check": "check.schema.json",
    "bank": "question-bank.schema.json",
    "selfcheck": "selfcheck-export.schema.json",
    "selfcheck-list": "selfcheck-list.schema.json",
    "record": "learner-record.schema.json",
    "xapi": "xapi-statements.schema.json",
    "rollup": "rollup.schema.json",
    "report-check": "report-check.schema.json",
    "deadline": "deadline.schema.json",
    "fee": "fee.schema.json",
}
"""Output name → schema file under docs/schemas/."""


def _stdout(capsys: pytest.CaptureFixture[str], argv: list[str], codes: tuple[int, ...] = (0,)) -> object:
    capsys.readouterr()
    code = main(argv)
    out = capsys.readouterr().out
    assert code in codes, (argv, code)
    return json.loads(out)


def _file(argv: list[str], out: Path) -> object:
    assert main([*argv, "--out", str(out)]) == 0, argv
    return json.loads(out.read_text(encoding="utf-8-sig"))


def _selfchecks(bundled: Course, data_dir: Path) -> list[str]:
    store = SelfCheckStore(data_dir)
    items = bundled.checklist.items_for("township")
    earlier = new_session("某某镇人民政府", "township", ["张三"], on=date(2023, 11, 20))
    for item in items[:10]:
        earlier.mark(item.id).status = "noncompliant"
    current = new_session("某某镇人民政府", "township", ["张三", "李四"], on=date(2024, 11, 18))
    for n, item in enumerate(items):
        mark = current.mark(item.id)
        mark.status = ("compliant", "partial", "noncompliant", "na")[n % 4]
        mark.evidence = ["https://example.gov.cn/zdgk"] if n % 3 else []
        mark.reason = "本镇未设该类机构" if mark.status == "na" else ""
        mark.notes = "备注\n第二行" if n % 5 == 0 else ""
    current.finished_at = "2024-11-18T09:00:00+00:00"
    current.finished_score = score_session(bundled.checklist, current).score - 1.5
    empty = new_session("某某街道办事处", "township", [], on=date(2024, 1, 2), checklist_version=bundled.checklist.version)
    for session in (earlier, current, empty):
        store.save(session)
    return [earlier.id, current.id, empty.id]


def produce(bundled: Course, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, list[object]]:
    """name → the documents of that kind (each a parsed JSON value)."""
    out: dict[str, list[object]] = {name: [] for name in SCHEMAS}
    add: Callable[[str, object], None] = lambda name, doc: out[name].append(doc)  # noqa: E731

    add("check", _stdout(capsys, ["check", "--json"]))
    add("check", _stdout(capsys, ["check", "--json", "--course", str(tmp_path / "nonexistent")], (1,)))
    broken = tmp_path / "broken"
    (broken / "content").mkdir(parents=True)
    (broken / "content" / "course.toml").write_text("this is not toml", encoding="utf-8")
    add("check", _stdout(capsys, ["check", "--json", "--course", str(broken)], (1,)))

    add("bank", _file(["bank", "export", "--format", "json"], tmp_path / "bank.json"))

    ids = _selfchecks(bundled, data_dir)
    for n, session_id in enumerate(ids):
        add("selfcheck", _file(["selfcheck", "export", session_id, "--format", "json"], tmp_path / f"sc{n}.json"))
    add("selfcheck-list", _stdout(capsys, ["selfcheck", "list", "--json"]))

    make_learner(bundled, data_dir, "张三", "yuzhong", 4)
    make_learner(bundled, data_dir, "李四", None, 0)
    records = tmp_path / "records"
    records.mkdir()
    for name in ("张三", "李四"):
        add("record", _file(["record", "export", "--profile", name, "--format", "json"], records / f"{name}.json"))
        add("xapi", _file(["record", "export", "--profile", name, "--format", "xapi"], tmp_path / f"{name}.xapi.json"))
    (records / "坏的.json").write_text("{", encoding="utf-8")
    (records / "自查.json").write_text(json.dumps(out["selfcheck"][1], ensure_ascii=False), encoding="utf-8")
    add("rollup", _file(["aggregate", str(records), "--format", "json"], tmp_path / "rollup.json"))

    for report in sorted((FIXTURES / "annual-reports").glob("*.txt"))[:3]:
        add("report-check", _stdout(capsys, ["report", "check", str(report), "--format", "json"], (0, 1)))

    add("deadline", _stdout(capsys, ["deadline", "2026-09-28", "--json"]))
    add("deadline", _stdout(capsys, [
        "deadline", "2026-09-28", "--correction", "2026-10-09", "--consult", "2026-10-12:2026-10-20",
        "--consult-agency", "2026-10-13", "--json",
    ]))
    add("fee", _stdout(capsys, ["fee", "--pages", "150", "--json"]))
    add("fee", _stdout(capsys, ["fee", "--count", "12", "--json"]))
    return out
