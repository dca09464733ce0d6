"""Command line: the TUI by default, plus `check` for content maintainers."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from govtui import __version__
from govtui.argparse_zh import ChineseArgumentParser
from govtui.tui_start import open_course as _open_course
from govtui.tui_start import run_tui

LIST_SCHEMA_VERSION = 1
"""Version of `selfcheck list --json` (docs/schemas/selfcheck-list.schema.json)."""


def _common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--course", metavar="DIR", default=default, help="课程文件夹（含 content/ 与 quizzes/），默认使用内置课程")
    parser.add_argument("--data-dir", metavar="DIR", default=default, help="学习记录所在文件夹（也可用环境变量 GOVTUI_DATA_DIR）")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="govtui", description="政府信息公开培训与自查（终端应用）")
    parser.add_argument("--version", action="version", version=f"govtui {__version__}", help="显示版本号并退出")
    _common(parser, suppress=False)
    parser.add_argument("--profile", metavar="NAME", help="直接以该学员身份进入（不存在则新建）")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    check = sub.add_parser("check", help="校验课程与题库文件")
    _common(check, suppress=True)
    check.add_argument("--json", action="store_true", help="以 JSON 输出统计")

    bank = sub.add_parser("bank", help="题库操作")
    bank_sub = bank.add_subparsers(dest="bank_command", metavar="子命令", required=True)
    export = bank_sub.add_parser("export", help="导出题库（JSON、Moodle GIFT、Aiken、Moodle XML 或 Anki 牌组）")
    _common(export, suppress=True)
    export.add_argument(
        "--format",
        choices=("json", "gift", "aiken", "moodlexml", "apkg"),
        default=None,
        help="导出格式（只有 .json/.gift/.aiken 可由 --out 的扩展名判断；其他扩展名如 .txt、.xml、.apkg 须指定）",
    )
    add_out(export)

    selfcheck = sub.add_parser("selfcheck", help="自查记录操作")
    sc_sub = selfcheck.add_subparsers(dest="selfcheck_command", metavar="子命令", required=True)
    sc_list = sc_sub.add_parser("list", help="列出自查记录")
    _common(sc_list, suppress=True)
    sc_list.add_argument("--json", action="store_true", help="以 JSON 输出")
    sc_export = sc_sub.add_parser("export", help="导出自查报告（Markdown、HTML、CSV、JSON 或 Excel 工作簿）")
    _common(sc_export, suppress=True)
    sc_export.add_argument("session", metavar="SESSION", help="自查记录编号（见 govtui selfcheck list）")
    sc_export.add_argument(
        "--format", choices=("md", "html", "csv", "json", "xlsx"), help="导出格式（默认按 --out 的扩展名；其他扩展名须指定）"
    )
    add_out(sc_export)
    from govtui.selfcheck_cli import add_import_command

    add_import_command(sc_sub, _common)

    from govtui.desk_cli import add_desk_commands

    add_desk_commands(sub, _common)
    from govtui import reports_cli

    reports_cli.add_parser(sub, _common)
    _add_record_commands(sub)

    serve = sub.add_parser("serve", help="在浏览器中使用（培训室、投影；需 pip install \"govtui[serve]\"）")
    _common(serve, suppress=True)
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机可访问）")
    serve.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    return parser


def _add_record_commands(sub: argparse._SubParsersAction) -> None:
    """Learner records, LRS sync and the organizer's roll-up (see records_cli.py)."""
    from govtui.records_cli import add_record_commands

    add_record_commands(sub, _common)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # `govtui check --json | head`: the reader left; that is not an error worth a traceback.
        sys.stderr.close()
        return 0


def _main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return run_check(args)
    if args.command == "bank":
        return run_bank_export(args)
    if args.command == "selfcheck":
        return run_selfcheck(args)
    if args.command in ("deadline", "fee"):
        from govtui import desk_cli

        return desk_cli.run_deadline(args) if args.command == "deadline" else desk_cli.run_fee(args)
    if args.command == "report":
        from govtui import reports_cli

        return reports_cli.run(args)
    if args.command in ("record", "aggregate"):
        return _run_record_commands(args)
    if args.command == "serve":
        return run_serve(args)
    return run_tui(args)


def _open_course_or_print_json(args: argparse.Namespace):
    """Like _open_course, and a JSON error object on stdout (same schema, ok false) when it fails."""
    from govtui.core.check_json import error_payload
    from govtui.core.course import open_course
    from govtui.core.paths import resolve_course_dir
    from govtui.core.problems import ContentError

    root = resolve_course_dir(args.course)
    try:
        return open_course(root)
    except ContentError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        print(json.dumps(error_payload(exc.problem, root), ensure_ascii=False, indent=2))
        return None


def run_check(args: argparse.Namespace) -> int:
    from govtui.core.check import check_course
    from govtui.core.model import QUESTION_TYPE_NAMES

    course = _open_course_or_print_json(args) if args.json else _open_course(args)
    if course is None:
        return 1
    result = check_course(course)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    for warning in result.warnings:
        print(f"警告：{warning}", file=sys.stderr)
    if args.json:
        from govtui.core.check_json import check_payload

        print(json.dumps(check_payload(result, course.root, course.title), ensure_ascii=False, indent=2))
    else:
        counts = result.counts
        tracks = "，".join(f"“{t}” {n} 个" for t, n in counts["modules_per_track"].items())
        types = "，".join(f"{QUESTION_TYPE_NAMES.get(t, t)} {n} 道" for t, n in counts["questions_per_type"].items())
        print(f"课程：{course.title}（{course.root}）")
        print(f"模块 {counts['modules']} 个（{tracks}）；其中年度报告模块 {counts['report_modules']} 个")
        drafts = f"；其中草稿题 {counts['draft_questions']} 道（draft = true，不进入考试）" if counts["draft_questions"] else ""
        if counts["exam_excluded_questions"]:
            drafts += f"；只用于练习、不进入考试的题 {counts['exam_excluded_questions']} 道（exam = false）"
        print(f"题目 {counts['questions']} 道（{types}）{drafts}")
        print(f"《条例》{counts['chapters']} 章 {counts['articles']} 条；报告段落 {counts['report_paragraphs']} 段；术语 {counts['glossary_terms']} 条；单位 {counts['units']} 个")
        sc = counts["selfcheck"]
        print(f"自查清单：检查项 {sc['items']} 个，领域 {sc['areas']} 个，机关类型 {sc['profiles']} 个；模拟考试方案 {counts['exam_blueprints']} 个")
        print(f"案例演练 {counts['cases']} 个（{counts['case_steps']} 个决定）")
        _print_longest_option_share(result)
        print("校验通过" if result.ok else f"发现 {len(result.problems)} 个问题")
        if result.warnings:
            print(f"另有 {len(result.warnings)} 个警告（见上方，不影响校验结果）")
    return 0 if result.ok else 1


def _print_longest_option_share(result) -> None:
    """Per bank, how often the correct single-choice option is the unique longest (a guessing tell)."""
    from govtui.core.option_length import LONGEST_OPTION_THRESHOLD

    banks = result.option_lengths
    single = sum(b.single for b in banks)
    longest = sum(len(b.longest) for b in banks)
    share = f"{longest / single:.0%}" if single else "0%"
    print(f"单选题正确选项为唯一最长项：共 {longest}/{single} 道（{share}），各题库（超过 {LONGEST_OPTION_THRESHOLD:.0%} 的标 !）：")
    for bank in banks:
        mark = " !" if bank.over_threshold else ""
        print(f"  {bank.bank} {len(bank.longest)}/{bank.single}（{bank.share:.0%}）{mark}")


def run_bank_export(args: argparse.Namespace) -> int:
    from govtui.core.bank_export import SUFFIXES, export_bank_bytes
    from govtui.core.outpath import OutPathError, choose_format

    course = _open_course(args)
    if course is None:
        return 1
    try:
        fmt = choose_format(args.out, args.format, SUFFIXES, "json")
    except OutPathError as exc:
        print(f"错误：{exc}。{_bank_format_hint(args.out)}".rstrip("。") + "。", file=sys.stderr)
        return 2
    if fmt == "apkg" and args.out == "-":
        print("错误：Anki 牌组（apkg）是二进制文件，不能输出到屏幕；请用 --out 指定文件名，如 --out 题库.apkg。", file=sys.stderr)
        return 2
    data, notes = export_bank_bytes(course, fmt)
    for problem in course.problems:
        print(f"警告：{problem}", file=sys.stderr)
    if write_output(args.out, data, args):
        return 1
    for note in notes:
        print(note, file=sys.stderr)
    return 0


def _bank_format_hint(out: str) -> str:
    """What a user most likely meant by an extension that does not decide the format."""
    suffix = Path(out).suffix.lower()
    hints = {
        ".txt": "Moodle 的 GIFT 与 Aiken 文件都常用 .txt：请写 --format gift 或 --format aiken",
        ".xml": "Moodle XML 请写 --format moodlexml",
        ".apkg": "Anki 牌组请写 --format apkg",
    }
    return hints.get(suffix, "")


def run_selfcheck(args: argparse.Namespace) -> int:
    import re

    from govtui.core.outpath import OutPathError, choose_format
    from govtui.core.paths import resolve_data_dir
    from govtui.core.selfcheck import SelfCheckError, SelfCheckStore
    from govtui.core.selfcheck_export import (
        SUFFIXES,
        ExportError,
        export_session,
        session_summary,
    )

    course = _open_course(args)
    if course is None:
        return 1
    checklist = course.checklist
    if checklist is None:
        print("错误：课程中没有自查清单（content/selfcheck/checklist.toml）", file=sys.stderr)
        return 1
    for problem in course.problems:
        if problem.path == checklist.path:
            print(f"警告：{problem}", file=sys.stderr)
    store = SelfCheckStore(resolve_data_dir(args.data_dir))

    if args.selfcheck_command == "list":
        sessions, errors = store.list()
        for error in errors:
            print(f"错误：{error}", file=sys.stderr)
        rows = [session_summary(checklist, s) for s in sessions]
        if args.json:
            payload = {
                "schema_version": LIST_SCHEMA_VERSION,
                "kind": "govtui-selfcheck-list",
                "sessions": rows,
                "errors": [str(error) for error in errors],
            }
            print(json.dumps(payload, ensure_ascii=False, indent=2))
        elif not rows:
            print(f"暂无自查记录（{store.folder}）")
        else:
            print("编号\t机关\t类型\t日期\t得分\t状态")
            for row in rows:
                score = "—" if row["score"] is None else f"{row['score']:.1f}"
                state = "完成" if row["finished"] else "进行中"
                print(f"{row['id']}\t{row['agency']}\t{row['level_name']}\t{row['date']}\t{score}\t{state}")
        return 1 if errors else 0

    if args.selfcheck_command == "import":
        from govtui.selfcheck_cli import run_import

        return run_import(args, checklist, store)

    # export
    if not re.fullmatch(r"[\w-]+", args.session):
        print(f"错误：自查记录编号无效：{args.session}", file=sys.stderr)
        return 1
    try:
        session = store.load(args.session)
    except FileNotFoundError:
        print(f"错误：找不到自查记录 {args.session}（可用 govtui selfcheck list 查看）", file=sys.stderr)
        return 1
    except SelfCheckError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    try:
        fmt = choose_format(args.out, args.format, SUFFIXES, "md")
    except OutPathError as exc:
        print(f"错误：{exc}。", file=sys.stderr)
        return 2
    try:
        data = export_session(course, session, store.previous(session), fmt)
    except ExportError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    return write_output(args.out, data, args)


def _run_record_commands(args: argparse.Namespace) -> int:
    from govtui.records_cli import run_aggregate, run_record_command

    if args.command == "record":
        return run_record_command(args, _open_course, write_output)
    return run_aggregate(args, _open_course, write_output)


def run_serve(args: argparse.Namespace) -> int:
    """Browser mode: check the course opens, then serve the TUI until Ctrl+C."""
    try:
        from govtui.tui.serve import app_command, serve
    except ImportError:
        print('错误：浏览器模式需要 textual-serve，请先运行 pip install "govtui[serve]"。', file=sys.stderr)
        return 1
    if _open_course(args) is None:
        return 1
    try:
        serve(app_command(args.course, args.data_dir), args.host, args.port)
    except OSError as exc:
        print(f"错误：无法在 {args.host}:{args.port} 上启动（{exc.strerror or exc}），可用 --port 换一个端口。", file=sys.stderr)
        return 1
    return 0


def add_out(parser: argparse.ArgumentParser, required: bool = True, default: str | None = None) -> None:
    """`--out FILE` (`-` for stdout) and `--force`, the same for every export."""
    parser.add_argument("--out", metavar="FILE", required=required, default=default,
                        help="输出文件（- 表示标准输出）；已存在的文件须加 --force 才覆盖")
    parser.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")


def write_output(out: str, data: bytes, args: argparse.Namespace | None = None) -> int:
    """Write an export to a file (atomically) or to stdout for `-`; 1 with a message on failure.

    `args` carries `--force` and `--data-dir`: without `--force` an existing file is not replaced,
    and nothing is ever written into the data dir (see core/outpath.py).
    """
    from pathlib import Path

    from govtui.core.atomic import atomic_write_bytes
    from govtui.core.outpath import OutPathError, check_out_path
    from govtui.core.paths import resolve_data_dir

    if out == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    force = bool(getattr(args, "force", False))
    try:
        path = check_out_path(out, data_dir=resolve_data_dir(getattr(args, "data_dir", None)), force=force)
        # Exports carry learners' names and results: readable by their owner only, like the records.
        atomic_write_bytes(path, data, private=True)
    except OutPathError as exc:
        print(f"错误：无法写入 {out}：{exc}。", file=sys.stderr)
        return 1
    except OSError as exc:
        from govtui.core.errors import write_problem

        print(f"错误：无法写入 {out}：{write_problem(Path(out), exc)}。", file=sys.stderr)
        return 1
    print(f"已导出到 {out}", file=sys.stderr)
    return 0
    try:
        atomic_write_bytes(Path(out), data)
    except OSError as exc:
        from govtui.core.errors import write_problem

        print(f"错误：无法写入 {out}：{write_problem(Path(out), exc)}。", file=sys.stderr)
        return 1
    print(f"已导出到 {out}", file=sys.stderr)
    return 0
