"""Sending learner records to a real LRS (Ralph) and rolling them up from it."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from lrs_fixture import PASSWORD, USER, RalphLrs, ralph_lrs  # noqa: F401 (fixture)
from records_helpers import LATER_STUDY, make_learner, study

from govtui.cli import main
from govtui.core.course import Course
from govtui.core.progress import ProgressStore
from govtui.core.records.lrs import LrsClient, LrsConfig, LrsError, SyncState, resolve_config
from govtui.core.records.xapi import build_statements

ENV = "GOVTUI_TEST_LRS_SECRET"


def sync_args(url: str) -> list[str]:
    return ["record", "sync", "--lrs", url, "--user", USER, "--password-env", ENV]


def all_files_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file())


def test_sync_resumes_after_the_lrs_goes_away_and_rollup_matches_files(
    bundled: Course, isolated_data_dir: Path, tmp_path: Path, ralph_lrs: RalphLrs,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(ENV, PASSWORD)
    zhang = make_learner(bundled, isolated_data_dir, "张三", "yuzhong", 3)
    make_learner(bundled, isolated_data_dir, "李四", "yuzhong", 2, seed=1)
    make_learner(bundled, isolated_data_dir, "王五", "wanzhou", 1, seed=2)

    assert main(sync_args(ralph_lrs.url)) == 0
    first = capsys.readouterr()
    assert "张三：发送" in first.out and "李四：发送" in first.out and "王五：发送" in first.out
    assert "发送 0 条" not in first.out

    assert main(sync_args(ralph_lrs.url)) == 0
    second = capsys.readouterr().out
    assert second.count("发送 0 条") == 3  # nothing new is sent

    ralph_lrs.stop()
    store = ProgressStore(isolated_data_dir)
    zhang = store.find("张三")
    acked_before = set(SyncState(isolated_data_dir, zhang.id).for_url(LrsConfig(ralph_lrs.url).statements_url))
    study(bundled, zhang, 12, minutes=20, passed=False, at=LATER_STUDY)  # answers more questions
    store.save(zhang)
    new_ids = {s["id"] for s in build_statements(bundled, zhang)} - acked_before
    assert new_ids

    assert main(sync_args(ralph_lrs.url)) == 1
    offline = capsys.readouterr()
    assert "无法连接 LRS" in offline.err and f"待发送 {len(new_ids)} 条" in offline.err and "已保留" in offline.err
    state = SyncState(isolated_data_dir, zhang.id).for_url(LrsConfig(ralph_lrs.url).statements_url)
    assert state == acked_before  # nothing marked as sent, nothing lost

    ralph_lrs.start()
    assert main(sync_args(ralph_lrs.url)) == 0
    rest = capsys.readouterr().out
    assert f"张三：发送 {len(new_ids)} 条" in rest and rest.count("发送 0 条") == 2

    exports = tmp_path / "exports"
    exports.mkdir()
    for name in ("张三", "李四", "王五"):
        assert main(["record", "export", "--profile", name, "--out", str(exports / f"{name}.json")]) == 0
    assert main(["aggregate", str(exports), "--format", "json", "--out", str(tmp_path / "files.json")]) == 0
    # The LRS address and user from the [lrs] table of config.toml, as an organizer would set it.
    (isolated_data_dir / "config.toml").write_text(
        f'[lrs]\nurl = "{ralph_lrs.url}"\nuser = "{USER}"\npassword_env = "{ENV}"\n', encoding="utf-8"
    )
    assert main(["aggregate", "--lrs", "--format", "json", "--out", str(tmp_path / "lrs.json")]) == 0
    from_files = json.loads((tmp_path / "files.json").read_text(encoding="utf-8"))
    from_lrs = json.loads((tmp_path / "lrs.json").read_text(encoding="utf-8"))
    assert from_lrs["report"]["learners"] == 3
    assert from_lrs["report"] == from_files["report"]
    assert from_lrs["meta"]["skipped"] == []

    output = capsys.readouterr()
    assert PASSWORD not in output.out + output.err
    assert PASSWORD not in all_files_text(isolated_data_dir).replace(ENV, "")
    assert PASSWORD not in all_files_text(tmp_path / "exports")


def test_ralph_rejects_a_malformed_statement(bundled: Course, isolated_data_dir: Path, ralph_lrs: RalphLrs) -> None:  # noqa: F811
    """Ralph validates on arrival: a statement of ours that broke the xAPI rules would fail the sync."""
    profile = make_learner(bundled, isolated_data_dir, "赵六", "fuling", 1)
    statement = build_statements(bundled, profile)[0]
    client = LrsClient(LrsConfig(ralph_lrs.url, USER, PASSWORD, retries=0))
    for breakage in ("actor", "verb"):
        broken = {k: v for k, v in statement.items() if k != breakage}
        with pytest.raises(LrsError, match=r"HTTP 4\d\d"):
            client.post_statements([broken])
    wrong = LrsClient(LrsConfig(ralph_lrs.url, USER, "not-the-password", retries=0))
    with pytest.raises(LrsError, match="HTTP 401"):
        wrong.post_statements(build_statements(bundled, profile)[:1])


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_lrs_keeps_everything_queued(
    bundled: Course, isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV, "s3cret-value")
    make_learner(bundled, isolated_data_dir, "张三", "yuzhong", 1)
    url = f"http://127.0.0.1:{_closed_port()}/xAPI/"
    assert main(sync_args(url)) == 1
    err = capsys.readouterr().err
    assert "无法连接 LRS" in err and "已保留" in err and "s3cret-value" not in err
    assert not (isolated_data_dir / "lrs").exists() or "s3cret" not in all_files_text(isolated_data_dir / "lrs")


def test_config_comes_from_flags_then_the_lrs_table(isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(LrsError, match="未指定 LRS 地址"):
        resolve_config(isolated_data_dir)
    isolated_data_dir.mkdir(parents=True)
    (isolated_data_dir / "config.toml").write_text(
        '[lrs]\nurl = "https://lrs.example/xAPI/"\nuser = "terminal-7"\npassword_env = "MY_LRS_PW"\nbatch_size = 50\n',
        encoding="utf-8",
    )
    with pytest.raises(LrsError, match="MY_LRS_PW"):
        resolve_config(isolated_data_dir)
    monkeypatch.setenv("MY_LRS_PW", "pw-123")
    config = resolve_config(isolated_data_dir)
    assert (config.url, config.user, config.password, config.batch_size) == ("https://lrs.example/xAPI/", "terminal-7", "pw-123", 50)
    assert config.statements_url == "https://lrs.example/xAPI/statements"
    assert "pw-123" not in repr(config)
    flagged = resolve_config(isolated_data_dir, "http://127.0.0.1:9/x", "other", "MY_LRS_PW")
    assert (flagged.url, flagged.user) == ("http://127.0.0.1:9/x", "other")
    with pytest.raises(LrsError, match="http"):
        resolve_config(isolated_data_dir, "file:///etc/passwd")
