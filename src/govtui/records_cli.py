"""`govtui record export|sync` and `govtui aggregate`: the organizer's side of 1+41+N."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

# Spelled out, not imported: building the parser must stay cheap for the TUI's start-up.
RECORD_FORMATS = ("json", "csv", "html", "xapi")
ROLLUP_FORMATS = ("html", "csv", "md", "json")
ROLLUP_SUFFIXES = {".html": "html", ".htm": "html", ".csv": "csv", ".md": "md", ".json": "json"}


def add_record_commands(sub: argparse._SubParsersAction, common: Callable[..., None]) -> None:
    """Register `record` and `aggregate` on the top-level subparsers."""
    record = sub.add_parser("record", help="学习记录：导出、发送到学习记录库（LRS）")
    record_sub = record.add_subparsers(dest="record_command", metavar="子命令", required=True)
    export = record_sub.add_parser("export", help="导出学习记录（JSON、CSV、HTML 学习证明或 xAPI 语句）")
    common(export, suppress=True)
    # SUPPRESS: `govtui --profile 张三 record export` keeps the top-level value.
    export.add_argument("--profile", metavar="NAME", default=argparse.SUPPRESS, help="学员姓名（本机只有一位学员时可省略）")
    _out(export)
    export.add_argument("--format", choices=RECORD_FORMATS, help="导出格式（默认按 --out 的扩展名 .json/.csv/.html；其他须指定）")

    sync = record_sub.add_parser("sync", help="把尚未确认的学习记录发送到 LRS（xAPI 1.0.3）")
    common(sync, suppress=True)
    sync.add_argument("--profile", metavar="NAME", default=argparse.SUPPRESS, help="只发送该学员（默认本机全部学员）")
    _lrs_arguments(sync)

    aggregate = sub.add_parser("aggregate", help="汇总多名学员的学习记录（按单位、轨道、考试、错题）")
    common(aggregate, suppress=True)
    aggregate.add_argument("paths", metavar="PATH", nargs="*", help="学习记录 JSON 文件或文件夹")
    _out(aggregate)
    aggregate.add_argument("--format", choices=ROLLUP_FORMATS, help="输出格式（默认按 --out 的扩展名 .html/.csv/.md/.json；其他须指定）")
    aggregate.add_argument("--max-size", metavar="BYTES", type=int, default=None, help="单个输入文件的大小上限（字节）")
    _lrs_arguments(aggregate, required=False)


def _out(parser: argparse.ArgumentParser) -> None:
    from govtui.cli import add_out

    add_out(parser)


def _lrs_arguments(parser: argparse.ArgumentParser, required: bool = True) -> None:
    help_url = "LRS 的 xAPI 地址，如 https://lrs.example/xAPI/（也可写在数据目录 config.toml 的 [lrs] 表）"
    if required:
        parser.add_argument("--lrs", metavar="URL", help=help_url)
    else:
        parser.add_argument("--lrs", metavar="URL", nargs="?", const="", default=None,
                            help=help_url + "；只写 --lrs 则使用 config.toml 中的地址")
    parser.add_argument("--user", metavar="U", help="LRS 用户名")
    parser.add_argument("--password-env", metavar="VAR", help="存放 LRS 密码的环境变量名（默认 GOVTUI_LRS_PASSWORD）")


def run_record_command(args: argparse.Namespace, open_course: Callable, write_output: Callable) -> int:
    from govtui.core.paths import resolve_data_dir
    from govtui.core.progress import ProgressStore

    course = open_course(args)
    if course is None:
        return 1
    store = ProgressStore(resolve_data_dir(args.data_dir))
    if args.record_command == "export":
        return _export(args, course, store, write_output)
    return _sync(args, course, store)


def _profiles(store, name: str | None, *, single: bool):
    """The chosen profile(s), or an error message."""
    profiles, errors = store.list_profiles()
    for error in errors:
        print(f"警告：{error}", file=sys.stderr)
    if name:
        chosen = [p for p in profiles if p.name == name.strip()]
        if not chosen:
            return None, f"找不到学员“{name}”（{store.profile_dir}）"
        return chosen, None
    if not profiles:
        return None, f"本机还没有学员（{store.profile_dir}）"
    if single and len(profiles) > 1:
        names = "、".join(p.name for p in profiles)
        return None, f"本机有多位学员（{names}），请用 --profile 指定"
    return profiles, None


def _export(args: argparse.Namespace, course, store, write_output: Callable) -> int:
    from govtui.core.outpath import OutPathError, choose_format
    from govtui.core.records.export import SUFFIXES, export_learner

    profiles, problem = _profiles(store, args.profile, single=True)
    if problem:
        print(f"错误：{problem}", file=sys.stderr)
        return 1
    try:
        fmt = choose_format(args.out, args.format, SUFFIXES, "json")
    except OutPathError as exc:
        print(f"错误：{exc}。", file=sys.stderr)
        return 2
    return write_output(args.out, export_learner(course, profiles[0], fmt), args)


def _sync(args: argparse.Namespace, course, store) -> int:
    from govtui.core.records.lrs import (
        LrsClient,
        LrsError,
        SyncState,
        resolve_config,
        sync_statements,
    )
    from govtui.core.records.xapi import build_statements

    profiles, problem = _profiles(store, args.profile, single=False)
    if problem:
        print(f"错误：{problem}", file=sys.stderr)
        return 1
    try:
        config = resolve_config(store.data_dir, args.lrs, args.user, args.password_env)
    except LrsError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    client = LrsClient(config)
    failed = False
    for profile in profiles:
        try:
            state = SyncState(store.data_dir, profile.id)
        except LrsError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            failed = True
            continue
        result = sync_statements(client, state, build_statements(course, profile))
        line = f"{profile.name}：发送 {result.sent} 条，此前已确认 {result.already} 条"
        if result.error:
            failed = True
            print(f"{line}，待发送 {result.pending} 条（已保留，下次继续）", file=sys.stderr)
            print(f"错误：{result.error}", file=sys.stderr)
            if "无法连接" in result.error:
                # The same server will not answer for the next learner either.
                rest = profiles[profiles.index(profile) + 1 :]
                if rest:
                    print(f"其余 {len(rest)} 名学员本次未发送，记录均已保留。", file=sys.stderr)
                break
        else:
            print(line)
    return 1 if failed else 0


def run_aggregate(args: argparse.Namespace, open_course: Callable, write_output: Callable) -> int:
    from govtui.core.outpath import OutPathError, choose_format
    from govtui.core.paths import resolve_data_dir
    from govtui.core.records.lrs import LrsClient, LrsError, resolve_config
    from govtui.core.records.rollup import (
        MAX_INPUT_BYTES,
        collect_files,
        collect_statements,
        rollup,
    )
    from govtui.core.records.writers import ROLLUP_WRITERS

    course = open_course(args)
    if course is None:
        return 1
    if (args.lrs is None) == (not args.paths):
        print("错误：请给出学习记录文件或文件夹，或用 --lrs 从学习记录库汇总（二者选一）", file=sys.stderr)
        return 2
    try:
        fmt = choose_format(args.out, args.format, ROLLUP_SUFFIXES, "html")
    except OutPathError as exc:
        print(f"错误：{exc}。", file=sys.stderr)
        return 2
    if args.lrs is not None:
        try:
            config = resolve_config(resolve_data_dir(args.data_dir), args.lrs or None, args.user, args.password_env)
            inputs = collect_statements(LrsClient(config).statements(), config.url)
        except LrsError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return 1
    else:
        inputs = collect_files([Path(p) for p in args.paths], max_bytes=args.max_size or MAX_INPUT_BYTES)
    for skipped in inputs.skipped:
        print(f"跳过 {skipped.path}：{skipped.reason}", file=sys.stderr)
    report = rollup(course, inputs)
    print(f"学员 {report['report']['learners']} 人；读取 {inputs.read} 项，跳过 {len(inputs.skipped)} 项", file=sys.stderr)
    return write_output(args.out, ROLLUP_WRITERS[fmt](report), args)
