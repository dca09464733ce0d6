from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from govtui.core.progress import (
    SCHEMA_VERSION,
    ProgressError,
    ProgressStore,
    QuizAttempt,
    profile_id_for,
)


def test_profile_round_trip(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    profile = store.create("张三", "yuzhong")
    profile.mark_read("report-overview")
    profile.add_study_time("report-overview", 125)
    profile.record_attempt(QuizAttempt("report-overview", "2026-01-01T09:00:00+08:00", 7, 9, {"q1": True}), 80)
    store.save(profile)

    data = tomllib.loads(store.path_for(profile.id).read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["profile"]["name"] == "张三"

    again = store.find("张三")
    assert again is not None
    progress = again.modules["report-overview"]
    assert progress.read
    assert progress.study_seconds == 125
    assert progress.last_score == 77  # 7/9 rounds down, so it does not pass an 80 mark
    assert not progress.passed
    assert again.attempts[0].answers == {"q1": True}
    assert again.unit_id == "yuzhong"


def test_pass_is_kept_after_a_worse_attempt(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    profile = store.create("李四", None)
    profile.record_attempt(QuizAttempt("m", "t1", 9, 10), 80)
    profile.record_attempt(QuizAttempt("m", "t2", 2, 10), 80)
    assert profile.modules["m"].passed
    assert profile.modules["m"].best_score == 90
    assert profile.modules["m"].last_score == 20


def test_save_leaves_no_temporary_files(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    profile = store.create("王五", None)
    for _ in range(3):
        store.save(profile)
    assert [p.name for p in store.profile_dir.iterdir()] == [f"{profile.id}.toml"]


def test_damaged_file_is_set_aside_not_overwritten(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    store.create("赵六", None)
    path = store.path_for(profile_id_for("赵六"))
    path.write_text("schema_version = 1\n[profile\nbroken", encoding="utf-8")
    with pytest.raises(ProgressError) as info:
        store.find("赵六")
    kept = info.value.kept_at
    assert kept.exists() and "damaged" in kept.name
    assert kept.read_text(encoding="utf-8").endswith("broken")
    assert not path.exists()
    # a new profile with the same name does not touch the kept copy
    store.create("赵六", None)
    assert kept.read_text(encoding="utf-8").endswith("broken")


def test_newer_schema_version_is_opened_read_only_and_left_untouched(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    store.create("孙七", None)
    path = store.path_for(profile_id_for("孙七"))
    text = 'schema_version = 99\n[profile]\nid = "x"\nname = "孙七"\n[future]\nkey = 1\n'
    path.write_text(text, encoding="utf-8")
    profiles, errors = store.list_profiles()
    assert errors == [] and [p.name for p in profiles] == ["孙七"]
    assert profiles[0].read_only and "更新版本" in profiles[0].read_only
    assert store.save(profiles[0]) is False
    assert path.read_text(encoding="utf-8") == text


def test_profile_ids_are_stable_and_distinct() -> None:
    assert profile_id_for("张三") == profile_id_for(" 张三 ")
    assert profile_id_for("张三") != profile_id_for("张四")
