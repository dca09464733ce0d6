"""`govtui selfcheck import FILE.xlsx`: a workbook filled offline becomes a new self-check session."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parser is built at every start, the TUI's too: keep it light
    from govtui.core.selfcheck import Checklist, SelfCheckStore


def add_import_command(sub: argparse._SubParsersAction, common: Callable[..., None]) -> None:
    parser = sub.add_parser(
        "import", help="导入离线填写的自查工作簿（.xlsx），生成新的自查记录",
        description="读取 govtui selfcheck export --format xlsx 导出、在 Excel 或 WPS 中填写后的工作簿，"
        "把评估结果、不适用理由、佐证材料和备注存为一条新的自查记录。发现任何问题都不导入。",
    )
    common(parser, suppress=True)
    parser.add_argument("file", metavar="FILE", help="自查工作簿（.xlsx）")


def run_import(args: argparse.Namespace, checklist: Checklist, store: SelfCheckStore) -> int:
    from govtui.core.selfcheck import score_session
    from govtui.core.selfcheck_import import WorkbookImportError, import_workbook

    path = Path(args.file).expanduser()
    try:
        result = import_workbook(checklist, store, path)
    except WorkbookImportError as exc:
        for problem in exc.problems:
            print(f"错误：{problem}", file=sys.stderr)
        print(f"未导入：{path} 有 {len(exc.problems)} 个问题，没有保存任何内容；请改正后重新导入。", file=sys.stderr)
        return 1
    for note in result.notes:
        print(f"提示：{note}", file=sys.stderr)
    session = result.session
    report = score_session(checklist, session)
    score = "—" if report.score is None else f"{report.score:.1f}"
    print(
        f"已导入为新的自查记录 {session.id}：{session.agency}，{session.date}，"
        f"已评估 {report.assessed} 项，不适用 {report.not_applicable} 项，未评估 {report.unassessed} 项，得分 {score}"
    )
    return 0
