"""Calendar dates typed by people: 2026-12-01, 2026/12/1, 2026.12.01, 2026年12月1日."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_typed_date(text: str) -> date:
    """The date written in `text`; ValueError (with a Chinese message) when it is not one.

    Full-width digits and separators count (Chinese input methods type them).
    """
    folded = unicodedata.normalize("NFKC", text).strip()
    match = _DATE.fullmatch(folded)
    if not match:
        raise ValueError("日期应写成 年-月-日，如 2026-11-26、2026/11/26 或 2026年11月26日")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"没有这一天：{year}年{month}月{day}日") from None
