"""Fault injection on learner records (学习记录): damaged, hand-edited, cut, copied, newer, orphaned.

Each case names the defect it covers from the fault-injection run (issue 9) and what must happen:
the file is reported with where and what, set aside rather than overwritten, and nothing
unvalidated reaches the app.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
import tomli_w

from govtui.core.profile_file import SCHEMA_VERSION
from govtui.core.progress import ProgressError, ProgressStore, profile_id_for

FIXTURES = Path(__file__).parent / "fixtures"


def make(store: ProgressStore, name: str = "张三") -> Path:
    profile = store.create(name, "yuzhong")
    profile.add_study_time("report-overview", 120)
    profile.record_answer("rpa-001", False, clear_after=3)
    store.save(profile)
    return store.path_for(profile.id)


def edit(path: Path, change) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")


def only_error(store: ProgressStore) -> ProgressError:
    profiles, errors = store.list_profiles()
    assert profiles == [] and len(errors) == 1
    return errors[0]


# Defect 2: files that parse but have the wrong shape are set aside, not crashes.
@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: d.update(modules="x"), "modules"),
        (lambda d: d.update(questions=[1, 2]), "questions"),
        (lambda d: d.update(profile="张三"), "profile"),
        (lambda d: d["profile"].pop("name"), "name"),
    ],
)
def test_wrong_shape_is_set_aside_with_the_key(tmp_path: Path, change, said: str) -> None:
    store = ProgressStore(tmp_path)
    path = make(store)
    edit(path, change)
    error = only_error(store)
    assert said in error.reason and error.kept_at is not None and error.kept_at.exists()
    assert not path.exists()


def test_deep_nesting_and_a_folder_in_place_of_a_file(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    path = make(store)
    path.write_text("schema_version = 2\nx = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert "嵌套" in only_error(store).reason or "TOML" in only_error(store).reason
    folder = store.path_for(profile_id_for("李四"))
    folder.mkdir()
    profiles, errors = store.list_profiles()
    assert any(e.path == folder and e.kept_at is None for e in errors)


# Defect 3: bad values are caught at load, not on every later start.
@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: d["questions"]["rpa-001"]["card"].pop("due"), "due"),
        (lambda d: d["questions"]["rpa-001"]["card"].update(due="tomorrow"), "due"),
        (lambda d: d["questions"]["rpa-001"]["card"].update(due="9999-12-31T23:00:00+00:00"), "due"),
        (lambda d: d["profile"].update(unit=["a"]), "unit"),
        (lambda d: d["modules"]["report-overview"].update(best_score="abc"), "best_score"),
        (lambda d: d["modules"]["report-overview"].update(study_seconds=-100_000_000), "study_seconds"),
        (lambda d: d["modules"]["report-overview"].update(passed="false"), "passed"),
        (lambda d: d["questions"]["rpa-001"].update(last_wrong_at=5), "last_wrong_at"),
        (lambda d: d["study_days"].update({"昨天": 5}), "study_days"),
    ],
)
def test_bad_values_are_reported_at_load(tmp_path: Path, change, said: str) -> None:
    store = ProgressStore(tmp_path)
    path = make(store)
    edit(path, change)
    with pytest.raises(ProgressError) as info:
        store.find("张三")
    assert said in info.value.reason
    assert info.value.kept_at is not None


# Defect 5: the file name, never the `id` inside, decides where a record is saved.
def test_a_copied_or_hostile_id_cannot_redirect_saves(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    first, second = make(store, "张三"), make(store, "李四")
    edit(second, lambda d: d["profile"].update(id=first.stem))
    edit(first, lambda d: d["profile"].update(id="../../evil"))
    profiles, errors = store.list_profiles()
    assert errors == [] and sorted(p.id for p in profiles) == sorted([first.stem, second.stem])
    for profile in profiles:
        profile.add_study_time("reg-scope", 60)
        store.save(profile)
    assert sorted(p.name for p in store.profile_dir.glob("p-*.toml")) == sorted([first.name, second.name])
    assert not (tmp_path.parent / "evil.toml").exists() and not list(tmp_path.rglob("evil*"))
    with pytest.raises(ValueError):
        store.path_for("../../evil")


# Defect 9: a newer file is left untouched and opened read-only; unknown keys survive a save.
def test_unknown_keys_are_kept_on_save(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    path = make(store)
    edit(path, lambda d: (d.update(future={"x": 1}), d["profile"].update(nickname="三"),
                          d["modules"]["report-overview"].update(colour="red")))
    profile = store.find("张三")
    assert profile is not None
    profile.add_study_time("report-overview", 60)
    store.save(profile)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["future"] == {"x": 1} and data["profile"]["nickname"] == "三"
    assert data["modules"]["report-overview"]["colour"] == "red"
    assert data["modules"]["report-overview"]["study_seconds"] == 180


def test_a_newer_file_that_this_version_cannot_read_is_left_in_place(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    path = make(store)
    text = 'schema_version = 7\nprofile = "new layout"\n'
    path.write_text(text, encoding="utf-8")
    error = only_error(store)
    assert error.kept_at is None and "更新版本" in error.reason
    assert path.read_text(encoding="utf-8") == text


# Defect 12: a file cut at a table boundary (still valid TOML) is recognised by its counts.
def test_a_file_cut_at_a_table_boundary_is_damaged(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    path = make(store)
    profile = store.find("张三")
    assert profile is not None
    for module_id in ("reg-scope", "reg-exemptions", "reg-proactive"):
        profile.add_study_time(module_id, 30)
    store.save(profile)
    text = path.read_text(encoding="utf-8")
    cut = text[: text.index("[modules.reg-exemptions]")]
    tomllib.loads(cut)  # still valid TOML
    path.write_text(cut, encoding="utf-8")
    with pytest.raises(ProgressError) as info:
        store.find("张三")
    assert "不完整" in info.value.reason
    assert info.value.backup is not None  # the good version before this session's first save


# Migration: a file of the previous schema version is upgraded and the old one kept as a backup.
def test_previous_version_is_upgraded_and_kept_as_backup(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    store.profile_dir.mkdir(parents=True)
    original = (FIXTURES / "profile-older-stamps.toml").read_text(encoding="utf-8")
    path = store.profile_dir / "p-3f1f0a6c8d2e.toml"
    path.write_text(original, encoding="utf-8")
    profile = store.list_profiles()[0][0]
    profile.add_study_time("reg-scope", 60)
    store.save(profile)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["integrity"]["quiz_attempts"] == 1 and data["integrity"]["questions"] == 2
    backups = store.backups(profile.id)
    assert len(backups) == 1 and "-v1-" in backups[0].name
    assert backups[0].read_text(encoding="utf-8") == original
    assert store.find_by_id(profile.id).modules["reg-scope"].study_seconds == 660


# Defect 11: temporary files of killed saves are removed at the next start.
def test_orphaned_temporary_files_are_cleaned(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    path = make(store)
    mine = path.with_name(f".{path.name}.abc123.tmp")
    mine.write_text("half", encoding="utf-8")
    other = store.profile_dir / ".p-000000000000.toml.zz.tmp"
    other.write_text("half", encoding="utf-8")
    old = store.profile_dir / ".p-111111111111.toml.yy.tmp"
    old.write_text("half", encoding="utf-8")
    os.utime(old, (1, 1))
    assert store.clean_orphans() == 1 and not old.exists() and other.exists()
    lock = store.lock(path.stem)
    assert lock is not None and not mine.exists()
    lock.release()


# Defect 8: disks that refuse writes give errors the app can show, not tracebacks.
def test_a_damaged_file_in_a_read_only_folder_is_reported(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    store = ProgressStore(tmp_path)
    path = make(store)
    path.write_text("broken [", encoding="utf-8")
    store.profile_dir.chmod(0o555)
    try:
        error = only_error(store)
    finally:
        store.profile_dir.chmod(0o755)
    assert error.kept_at is None and "无法移开" in error.reason


def test_backups_are_kept_and_pruned(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    path = make(store)
    store.backup_dir.mkdir(parents=True)
    for day in range(1, 9):
        (store.backup_dir / f"{path.stem}-202611{day:02d}-080000.toml").write_text("old", encoding="utf-8")
    profile = store.find("张三")
    assert profile is not None
    store.save(profile)
    store.save(profile)  # only the first save of a session makes a backup
    kept = store.backups(profile.id)
    assert len(kept) == 5
    assert kept[0].read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    assert kept[-1].name.endswith("20261105-080000.toml")


def test_a_damaged_file_that_cannot_be_moved_is_reported_and_kept(tmp_path: Path, monkeypatch) -> None:
    """Defect 8, as root too: the rename that sets a file aside fails (read-only folder)."""
    import errno

    import govtui.core.progress as progress

    def refuse(path: Path) -> Path:
        raise OSError(errno.EROFS, "Read-only file system")

    store = ProgressStore(tmp_path)
    path = make(store)
    path.write_text("broken [", encoding="utf-8")
    monkeypatch.setattr(progress, "set_aside", refuse)
    error = only_error(store)
    assert error.kept_at is None and "无法移开" in error.reason and "只读" in error.reason
    assert path.read_text(encoding="utf-8") == "broken ["
