"""Fault injection on self-check session files (自查记录): wrong shapes, bad values, cut, newer, two windows."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w

from govtui.cli import main
from govtui.core.selfcheck import SelfCheckError, SelfCheckStore, new_session
from govtui.core.selfcheck_file import MAX_EVIDENCE_CHARS, SCHEMA_VERSION


def make(tmp_path: Path) -> tuple[SelfCheckStore, Path]:
    store = SelfCheckStore(tmp_path)
    session = new_session("某某镇人民政府", "township", ["张三"])
    session.mark("org-01").status = "compliant"
    session.mark("org-01").evidence = ["《工作要点》"]
    session.mark("org-02").status = "na"
    session.mark("org-02").reason = "本镇无此事项"
    store.save(session)
    return store, store.path_for(session.id)


def edit(path: Path, change) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: d.update(session="x"), "session"),
        (lambda d: d["marks"]["org-01"].update(evidence="abc"), "evidence"),
        (lambda d: d["session"].update(finished_at=5), "finished_at"),
        (lambda d: d["session"].update(finished_at="明天"), "finished_at"),
        (lambda d: d["marks"]["org-01"].update(status="good"), "status"),
        (lambda d: d["marks"]["org-01"].update(evidence=["x" * (MAX_EVIDENCE_CHARS + 1)]), "evidence"),
        (lambda d: d["session"].update(date="2026/13/01"), "date"),
        (lambda d: d["marks"].pop("org-02"), "不完整"),
    ],
)
def test_a_bad_session_is_set_aside_and_the_others_still_list(tmp_path: Path, change, said: str) -> None:
    store, path = make(tmp_path)
    good = new_session("另一个镇人民政府", "township", [])
    store.save(good)
    edit(path, change)
    sessions, errors = store.list()
    assert [s.id for s in sessions] == [good.id]
    assert len(errors) == 1 and said in errors[0].reason and errors[0].kept_at is not None


def test_newer_session_is_read_only_and_untouched_even_by_list(tmp_path: Path, capsys, monkeypatch) -> None:
    store, path = make(tmp_path)
    edit(path, lambda d: d.update(schema_version=SCHEMA_VERSION + 1, future={"x": 1}))
    before = path.read_bytes()
    monkeypatch.setenv("GOVTUI_DATA_DIR", str(tmp_path))
    assert main(["selfcheck", "list"]) == 0
    assert "某某镇人民政府" in capsys.readouterr().out
    sessions, errors = store.list()
    assert errors == [] and sessions[0].read_only
    assert store.save(sessions[0]) is False
    assert path.read_bytes() == before


def test_unknown_keys_survive_a_save(tmp_path: Path) -> None:
    store, path = make(tmp_path)
    edit(path, lambda d: (d.update(extra={"a": 1}), d["session"].update(seal="盖章"),
                          d["marks"]["org-01"].update(photo="p.jpg")))
    session = store.load(path.stem)
    session.mark("org-01").notes = "已补材料"
    store.save(session)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["extra"] == {"a": 1} and data["session"]["seal"] == "盖章"
    assert data["marks"]["org-01"]["photo"] == "p.jpg" and data["marks"]["org-01"]["notes"] == "已补材料"


def test_the_file_name_decides_the_id(tmp_path: Path) -> None:
    store, path = make(tmp_path)
    edit(path, lambda d: d["session"].update(id="../../evil"))
    session = store.load(path.stem)
    assert session.id == path.stem
    store.save(session)
    assert sorted(p.name for p in store.folder.glob("*.toml")) == [path.name]
    with pytest.raises(FileNotFoundError):
        store.load("../../evil")


def test_a_version_1_session_loads_and_is_rewritten_as_version_2(tmp_path: Path) -> None:
    store, path = make(tmp_path)
    edit(path, lambda d: (d.update(schema_version=1), d.pop("integrity")))
    session = store.load(path.stem)
    assert session.marks["org-01"].evidence == ["《工作要点》"]
    store.save(session)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["integrity"] == {"marks": 2}


def test_second_window_on_a_session_is_refused(tmp_path: Path) -> None:
    store, path = make(tmp_path)
    first = store.lock(path.stem)
    assert first is not None
    assert store.lock(path.stem) is None
    first.release()
    again = store.lock(path.stem)
    assert again is not None
    again.release()


def test_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    store, path = make(tmp_path)
    path.unlink()
    path.mkdir()
    (store.folder / "sc-20261201-x.toml").write_bytes(b"\xff\xfe")
    sessions, errors = store.list()
    assert sessions == [] and len(errors) == 2
    assert any(e.kept_at is None for e in errors) and any("UTF-8" in e.reason for e in errors)
    with pytest.raises(SelfCheckError):
        store._read(path)
