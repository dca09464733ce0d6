"""Every JSON document govtui writes validates against its published schema (docs/schemas/, issue 14).

The documents are real outputs: the CLI run on the bundled course and on small fixtures
(tests/json_outputs.py), including the variants with parts missing and the error object of
`check --json` for a course that cannot be read.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from json_outputs import SCHEMAS, produce

from govtui.cli import main
from govtui.core.course import Course

REPO = Path(__file__).resolve().parent.parent
SCHEMA_DIR = REPO / "docs" / "schemas"


def _schema(file: str) -> dict:
    return json.loads((SCHEMA_DIR / file).read_text(encoding="utf-8"))


def _validator(file: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_schema(file), format_checker=jsonschema.FormatChecker())


@pytest.fixture
def outputs(bundled: Course, isolated_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    return produce(bundled, isolated_data_dir, tmp_path, capsys)


def test_every_schema_is_valid_draft_2020_12_and_published() -> None:
    files = sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json"))
    assert files == sorted(set(SCHEMAS.values())), "each schema is tested, each tested output has a schema"
    for file in files:
        schema = _schema(file)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


def test_every_json_output_validates_against_its_schema(outputs: dict) -> None:
    for name, documents in outputs.items():
        assert documents, name
        validator = _validator(SCHEMAS[name])
        for document in documents:
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
            assert not errors, (name, [f"{list(e.path)}: {e.message}" for e in errors[:5]])
            if isinstance(document, dict):  # an xAPI statement list is a standard format: no version of ours
                assert document["schema_version"] == _schema(SCHEMAS[name])["properties"]["schema_version"]["const"]


def test_schemas_reject_what_they_must(outputs: dict) -> None:
    """The schemas are not vacuous: a dropped key, a wrong type or an unknown key fails."""
    check = outputs["check"][0]
    validator = _validator(SCHEMAS["check"])
    for broken in (
        {k: v for k, v in check.items() if k != "warnings"},
        {**check, "ok": "yes"},
        {**check, "counts": {**check["counts"], "questions": -1}},
        {**check, "problems": [{"file": "x.toml", "line": 0, "severity": "error", "message": "m"}]},
        {**check, "extra": 1},
    ):
        assert not validator.is_valid(broken)
    selfcheck = outputs["selfcheck"][1]
    validator = _validator(SCHEMAS["selfcheck"])
    item = selfcheck["checklist_items"][0]
    assert not validator.is_valid({**selfcheck, "checklist_items": [{**item, "status": "maybe"}]})
    assert not validator.is_valid({k: v for k, v in selfcheck.items() if k != "finished_score"})


def test_check_json_has_the_same_keys_whatever_is_missing(outputs: dict) -> None:
    ok, missing, broken = outputs["check"]
    assert ok["ok"] is True and ok["problems"] == [] and ok["counts"]["questions"] > 0
    assert ok["counts"]["checklist_items"] == ok["counts"]["selfcheck"]["items"] > 0
    assert "exam-only" in ok["counts"]["questions_per_track"]
    for failed in (missing, broken):
        assert failed["ok"] is False and set(failed) == set(ok) and set(failed["counts"]) >= set(ok["counts"])
        assert failed["problems"][0]["file"].endswith("content/course.toml")
    assert "找不到" in missing["problems"][0]["message"]


def test_check_json_for_a_missing_course_is_an_error_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json", "--course", str(tmp_path / "nowhere")]) == 1
    captured = capsys.readouterr()
    payload = json.loads(captured.out)
    assert payload["ok"] is False and str(tmp_path / "nowhere") in payload["problems"][0]["file"]
    assert "错误：" in captured.err
