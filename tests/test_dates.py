"""Dates as people type them."""

from __future__ import annotations

from datetime import date

import pytest

from govtui.core.dates import parse_typed_date


@pytest.mark.parametrize(
    "text",
    ["2026-12-01", "2026/12/01", "2026.12.1", "2026年12月1日", " 2026 年 12 月 01 日 ", "２０２６／１２／０１", "2026-12-1"],
)
def test_common_forms(text: str) -> None:
    assert parse_typed_date(text) == date(2026, 12, 1)


@pytest.mark.parametrize("text", ["", "2026-13-01", "2026-02-30", "12/01/2026", "明天", "2026-12"])
def test_not_a_date(text: str) -> None:
    with pytest.raises(ValueError):
        parse_typed_date(text)
