"""`govtui report check FILE` and `govtui report import FILE --out DIR` (annual reports)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction, common) -> None:
    """Register `report` and its subcommands; `common` adds --course/--data-dir to a parser."""
    report = sub.add_parser("report", help="年度报告：检查草稿、导入为课程草稿")
    report_sub = report.add_subparsers(dest="report_command", metavar="子命令", required=True)
    check = report_sub.add_parser("check", help="检查政府信息公开工作年度报告（HTML 或纯文本）")
    check.add_argument("file", metavar="FILE", help="年度报告文件（保存的网页 .html，或复制出的纯文本 .txt）")
    check.add_argument("--format", choices=("text", "md", "html", "json"), default="text", help="输出格式（默认 text）")
    from govtui.cli import add_out

    add_out(check, required=False, default="-")
    imp = report_sub.add_parser("import", help="把年度报告导入为课程草稿（content/ 与 quizzes/）")
    imp.add_argument("file", metavar="FILE", help="年度报告文件（.html 或 .txt）")
    imp.add_argument("--out", metavar="DIR", required=True, help="课程草稿输出文件夹（应不存在或为空）")
    common(imp, suppress=True)


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"错误：找不到文件 {path}", file=sys.stderr)
        return 1
    if args.report_command == "check":
        return _check(path, args)
    return _import(path, args)


def _check(path: Path, args: argparse.Namespace) -> int:
    from govtui.cli import write_output
    from govtui.core.reports.checks import check_report
    from govtui.core.reports.writers import write

    try:
        result = check_report(path)
    except OSError as exc:
        print(f"错误：无法读取 {path}：{exc.strerror or exc}", file=sys.stderr)
        return 1
    text = write(result, args.format)
    if args.out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    elif write_output(args.out, text.encode("utf-8"), args):
        return 1
    # Exit status for scripts: 1 when the report has errors, 0 otherwise (warnings and notes only).
    return 1 if result.count("error") else 0


def _import(path: Path, args: argparse.Namespace) -> int:
    from govtui.core.paths import resolve_course_dir
    from govtui.core.reports.importer import ImportError_, import_report

    out = Path(args.out)
    try:
        result = import_report(path, out, resolve_course_dir(getattr(args, "course", None)))
    except ImportError_ as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(f"已生成课程草稿：{out}")
    print(f"模块 {len(result.modules)} 个；段落 {result.paragraphs} 段；关键数字 {result.figures} 个；草稿题 {result.questions} 道（draft = true，不进入考试）")
    if result.removed:
        print(f"已删除抓取垃圾 {len(result.removed)} 处：")
        for item in result.removed:
            print(f"  - {item}")
    if result.lost:
        print(f"疑似缺字 {len(result.lost)} 处（已在段落 notes 和模块正文中标出）：")
        for item in result.lost:
            print(f"  - {item}")
    print(f"请运行 govtui check --course {out} 校验，清理 quizzes/ 中题目的 draft 标记后才会进入考试。")
    return 0
