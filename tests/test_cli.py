"""The command line as a maintainer uses it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govtui import __version__
from govtui.cli import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"govtui {__version__}"


def test_check_json_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is True and payload["schema_version"] == 1
    counts = payload["counts"]
    assert counts["articles"] == 56
    assert counts["modules_per_track"]["1"] >= 2
    assert counts["questions"] == sum(counts["questions_per_type"].values())
    assert payload["problems"] == []


def test_check_text_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "校验通过" in out and "56 条" in out


def test_corrupted_quiz_file_exits_1_naming_file_and_line(course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = course_copy / "quizzes" / "report-s1-power.toml"
    lines = bank.read_text(encoding="utf-8").splitlines()
    lines[2] = "this is not toml"
    bank.write_text("\n".join(lines), encoding="utf-8")
    assert main(["check", "--json", "--course", str(course_copy)]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["ok"] is False
    assert captured.err.splitlines() == [captured.err.splitlines()[0]]
    assert captured.err.startswith(f"{bank}:3: TOML 语法错误")


def test_course_option_after_or_before_the_command(course_copy: Path) -> None:
    assert main(["--course", str(course_copy), "check"]) == 0
    assert main(["check", "--course", str(course_copy)]) == 0


def test_missing_course_is_a_message_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--course", str(tmp_path)]) == 1
    assert "course.toml" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["json", "gift", "aiken"])
def test_bank_export_writes_the_file(tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"bank.{fmt}"
    assert main(["bank", "export", "--format", fmt, "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.strip()
    if fmt == "json":
        data = json.loads(text)
        assert data["schema_version"] == 1 and len(data["questions"]) >= 200
    assert f"已导出到 {out}" in capsys.readouterr().err


def test_bank_export_to_unwritable_place_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["bank", "export", "--out", str(blocker / "sub" / "bank.json")]) == 1
    assert "无法写入" in capsys.readouterr().err


def test_unusable_data_dir_is_a_message_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["--data-dir", str(blocker / "sub"), "--profile", "张三"]) == 1
    err = capsys.readouterr().err
    assert "学习记录目录" in err and "不可用" in err


def test_out_under_a_file_names_the_file_as_the_cause(tmp_path: Path, isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import date

    from govtui.core.selfcheck import SelfCheckStore, new_session

    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    session = new_session("某镇", "township", [], date(2026, 11, 2))
    SelfCheckStore(isolated_data_dir).save(session)
    for argv, name in ((["bank", "export"], "x.json"), (["selfcheck", "export", session.id], "x.md")):
        assert main([*argv, "--out", str(blocker / name)]) == 1
        err = capsys.readouterr().err
        assert f"“{blocker}”是一个文件，不是文件夹" in err and "File exists" not in err
        assert main([*argv, "--format", "json", "--out", str(tmp_path)]) == 1
        assert f"“{tmp_path}”是一个文件夹" in capsys.readouterr().err
    assert blocker.read_text(encoding="utf-8") == "x"


def test_help_and_argument_errors_are_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["selfcheck", "export", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：govtui selfcheck export") and "位置参数：" in out and "选项：" in out
    assert "显示本帮助并退出" in out
    for argv, expected in [
        (["bogus"], "无效的选项 'bogus'"),
        (["check", "--bogus"], "无法识别的参数：--bogus"),
        (["bank", "export", "--format", "x", "--out", "y"], "参数 --format：无效的选项 'x'"),
        (["bank", "export"], "缺少必需的参数：--out"),
        (["--profile"], "参数 --profile：需要一个值"),
    ]:
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
        err = capsys.readouterr().err
        assert expected in err, err
        for english in ("usage", "invalid choice", "unrecognized", "required", "expected", "argument"):
            assert english not in err


def test_argparse_elsewhere_stays_english() -> None:
    import argparse

    from govtui.cli import build_parser

    build_parser().format_help()
    assert argparse.ArgumentParser(prog="x").format_usage().startswith("usage:")


def test_check_names_question_types_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "单选题" in out and "多选题" in out and "single" not in out and "multiple" not in out


def test_out_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bank.json"
    out.write_text("keep me", encoding="utf-8")
    assert main(["bank", "export", "--out", str(out)]) == 1
    assert "已存在" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "keep me"
    assert main(["bank", "export", "--out", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("{")


def test_out_never_writes_into_the_data_dir(isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from govtui.core.progress import ProgressStore

    profile = ProgressStore(isolated_data_dir).create("张三", None)
    record = ProgressStore(isolated_data_dir).path_for(profile.id)
    before = record.read_bytes()
    assert main(["bank", "export", "--format", "json", "--out", str(record), "--force"]) == 1
    assert "数据目录" in capsys.readouterr().err and record.read_bytes() == before


def test_out_refuses_missing_folders_fifos_and_unknown_extensions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    assert main(["bank", "export", "--out", str(tmp_path / "new" / "bank.json")]) == 1
    assert "不存在" in capsys.readouterr().err and not (tmp_path / "new").exists()
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert main(["bank", "export", "--out", str(fifo), "--force"]) == 1  # returns at once, no hang
    assert "不是普通文件" in capsys.readouterr().err
    assert main(["bank", "export", "--out", str(tmp_path / "题库.txt")]) == 2
    assert "--format" in capsys.readouterr().err and not (tmp_path / "题库.txt").exists()
    assert main(["bank", "export", "--format", "aiken", "--out", str(tmp_path / "题库.txt")]) == 0


def test_exports_are_private_like_the_records(tmp_path: Path) -> None:
    out = tmp_path / "bank.gift"
    assert main(["bank", "export", "--out", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600


PLAIN_STARTS = [
    [],
    ["--profile", "张三"],
    ["--profile=张三"],
    ["--profile", "张三", "--course", "/tmp/课程", "--data-dir", "/tmp/记录"],
    ["--data-dir=/tmp/a", "--profile", "李四", "--data-dir", "/tmp/b"],
    ["--profile="],
]
NOT_PLAIN = [
    ["check"],
    ["-h"],
    ["--help"],
    ["--version"],
    ["--prof", "张三"],
    ["--profile"],
    ["--profile", "-x"],
    ["--profile", "张三", "check"],
    ["report", "check", "x.txt"],
]


@pytest.mark.parametrize("argv", PLAIN_STARTS, ids=lambda argv: " ".join(argv) or "(none)")
def test_a_plain_start_reads_its_options_as_the_full_parser_does(argv: list[str]) -> None:
    from govtui.cli import build_parser
    from govtui.launch import plain_start

    options = plain_start(argv)
    assert options is not None
    assert vars(options) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", NOT_PLAIN, ids=" ".join)
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    from govtui.launch import plain_start

    assert plain_start(argv) is None


def test_a_plain_start_imports_no_argparse_and_no_command_module() -> None:
    """`govtui --profile 张三` reaches the interface without argparse nor the commands' modules
    (about 30 ms of a start). A fresh interpreter, as the command is run."""
    code = (
        "import sys\n"
        "import govtui.launch as launch, govtui.tui_start\n"
        "assert launch.plain_start(['--profile', '张三']) is not None\n"
        "loaded = [m for m in ('argparse', 'govtui.cli', 'govtui.records_cli', 'govtui.desk_cli') if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


def test_the_command_line_still_runs_commands_through_the_plain_start_entry(capsys: pytest.CaptureFixture[str]) -> None:
    from govtui.launch import main as launch_main

    assert launch_main(["check"]) == 0
    assert "单选题" in capsys.readouterr().out
