"""Per-learner settings (theme, welcome seen) in the profile's optional [settings] table."""

from __future__ import annotations

import tomllib
from pathlib import Path

from govtui.core.profile_file import SCHEMA_VERSION
from govtui.core.progress import ProgressStore


def test_settings_round_trip_and_stay_per_learner(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    zhang = store.create("张三", None)
    store.create("李四", None)
    zhang.settings.theme = "govtui-high-contrast"
    zhang.settings.welcomed_at = "2026-12-01T01:00:00+00:00"
    store.save(zhang)
    again = ProgressStore(tmp_path)
    assert again.find("张三").settings.theme == "govtui-high-contrast"
    assert again.find("张三").settings.welcomed_at == "2026-12-01T01:00:00+00:00"
    assert again.find("李四").settings.theme is None and again.find("李四").settings.welcomed_at is None
    raw = tomllib.loads(store.path_for(zhang.id).read_text(encoding="utf-8"))
    assert raw["schema_version"] == SCHEMA_VERSION and raw["settings"]["theme"] == "govtui-high-contrast"


def test_a_profile_written_before_settings_existed_reads_with_defaults(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    profile = store.create("张三", None)
    path = store.path_for(profile.id)
    text = path.read_text(encoding="utf-8")
    assert "[settings]" in text
    path.write_text(text.replace("[settings]", ""), encoding="utf-8")
    loaded = ProgressStore(tmp_path).find("张三")
    assert loaded is not None and loaded.settings.theme is None and loaded.settings.welcomed_at is None
