"""`govtui deadline` and `govtui fee`: the desk calculators on the command line.

Kept apart from cli.py so that the calculators' options and output live in one place; cli.py only
registers them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from govtui.core import clock

DEADLINE_EPILOG = """\
计算规则：期限开始的当日不计入，自下一日开始计算（《民法典》第二百零一条）；
工作日按国务院办公厅每年的节假日安排（含周末调休上班）确定，数据来自 chinesecalendar 包。
包中没有的年份可用节假日文件补充：<数据目录>/holidays.toml，或 --holidays 文件；
--holidays-template 2027 打印可填写的模板。两者都没有的年份只扣除周末，并逐个日期提示。

选项的中文名和英文名等价：--补正 = --correction，--征求意见 = --consult，
--征求机关意见 = --consult-agency，--channel 也接受 post / in-person / letter / online / fax。

示例：
  govtui deadline 2026-09-28
  govtui deadline 2026-09-28 --channel 邮寄 --补正 2026-10-12
  govtui deadline 2026-09-28 --征求意见 2026-10-09:2026-10-16 --json
"""


DESK_SCHEMA_VERSION = 1
"""Version of `deadline --json` and `fee --json` (docs/schemas/deadline.schema.json, fee.schema.json)."""


def add_desk_commands(sub: argparse._SubParsersAction, common: Callable[..., None]) -> None:
    """Register `deadline` and `fee` on the main parser's subcommands."""
    deadline = sub.add_parser(
        "deadline",
        help="依申请公开办理期限计算（补正、答复、延长、征求意见）",
        description="从收到申请之日算出补正、答复、延长和征求意见的期限，每项注明《条例》条文。",
        epilog=DEADLINE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common(deadline, suppress=True)
    deadline.add_argument("date", nargs="?", metavar="DATE", help="收到申请之日（按第三十一条确定），如 2026-09-28；默认今天")
    deadline.add_argument(
        "--channel", default="当面", metavar="方式", help="提交方式：当面（默认）| 邮寄 | 平常信函 | 网络 | 传真"
    )
    deadline.add_argument(
        "--补正", "--correction", dest="completed", metavar="DATE", help="收到补正后申请之日（答复期限自此重新计算，第三十条）"
    )
    deadline.add_argument(
        "--征求意见", "--consult", dest="consult", action="append", default=[], metavar="收到日:回复日",
        help="征求第三方意见：第三方收到征求意见书之日:收到其意见之日（未回复只写收到日）；可重复",
    )
    deadline.add_argument(
        "--征求机关意见", "--consult-agency", dest="consult_agency", action="append", default=[], metavar="收到日:回复日",
        help="征求其他机关意见（第三十四条），写法同上；可重复",
    )
    deadline.add_argument("--json", action="store_true", help="以 JSON 输出")
    deadline.add_argument("--holidays", metavar="FILE", help="节假日文件（默认 <数据目录>/holidays.toml）")
    deadline.add_argument("--holidays-template", metavar="YEAR", help="打印某年的节假日文件模板后退出")

    fee = sub.add_parser(
        "fee",
        help="信息处理费计算（按件或按量，超额累进）",
        description="据国办函〔2020〕109号整理的信息处理费标准，逐档计算。依据：《条例》第四十二条。",
    )
    common(fee, suppress=True)
    way = fee.add_mutually_exclusive_group(required=True)
    way.add_argument("--count", metavar="N", help="按件：同一申请人一个自然月内的第 N 件申请（含本件）")
    way.add_argument("--pages", metavar="P", help="按量：一件申请以纸质件、电子邮件或复制电子数据提供的页数")
    fee.add_argument("--json", action="store_true", help="以 JSON 输出")


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 2


def _articles(args: argparse.Namespace) -> dict[int, str] | None:
    from govtui.core.paths import resolve_course_dir
    from govtui.core.problems import ContentError
    from govtui.core.regulation import load_regulation

    path = resolve_course_dir(getattr(args, "course", None)) / "content" / "regulation.txt"
    try:
        regulation = load_regulation(path)
    except (ContentError, OSError) as exc:
        print(f"错误：无法读取《条例》文本 {path}：{exc}", file=sys.stderr)
        return None
    return {number: article.text for number, article in regulation.articles.items()}


def run_deadline(args: argparse.Namespace) -> int:
    from pathlib import Path

    from govtui.core.desk.deadline import (
        DeadlineInputError,
        parse_date,
        parse_period,
        plan_deadlines,
        plan_text,
    )
    from govtui.core.desk.workdays import HolidayFileError, open_calendar, template
    from govtui.core.paths import resolve_data_dir

    if args.holidays_template is not None:
        text = str(args.holidays_template).strip()
        if not text.isdigit() or not 1900 <= int(text) <= 2200:
            return _fail(f"年份无效：{args.holidays_template}（应为 2027 这样的四位年份）")
        print(template(int(text)), end="")
        return 0
    try:
        received = parse_date(args.date) if args.date else clock.today()
        completed = parse_date(args.completed) if args.completed else None
        consultations = [parse_period(p) for p in args.consult] + [parse_period(p, agency=True) for p in args.consult_agency]
        holidays = Path(args.holidays).expanduser() if args.holidays else None
        if holidays is not None and not holidays.is_file():
            return _fail(f"找不到节假日文件：{args.holidays}")
        calendar = open_calendar(resolve_data_dir(getattr(args, "data_dir", None)), holidays)
        articles = _articles(args)
        if articles is None:
            return 1
        plan = plan_deadlines(
            received, calendar, articles, channel=args.channel, completed=completed, consultations=consultations
        )
    except (DeadlineInputError, HolidayFileError) as exc:
        return _fail(str(exc))
    if args.json:
        payload = {"schema_version": DESK_SCHEMA_VERSION, "kind": "govtui-deadline", **plan.as_dict()}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(plan_text(plan))
    return 0


def run_fee(args: argparse.Namespace) -> int:
    from govtui.core.desk.fee import fee_by_count, fee_by_pages, fee_text

    raw = args.count if args.count is not None else args.pages
    what = "件数" if args.count is not None else "页数"
    text = str(raw).strip()
    if not text.isdigit() or int(text) < 1 or int(text) > 1_000_000:
        return _fail(f"{what}应为 1 到 1000000 之间的整数：{raw}")
    result = fee_by_count(int(text)) if args.count is not None else fee_by_pages(int(text))
    if args.json:
        payload = {"schema_version": DESK_SCHEMA_VERSION, "kind": "govtui-fee", **result.as_dict()}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(fee_text(result))
    return 0
