"""Fee calculator: 国办函〔2020〕109号 rates worked tier by tier (reference's worked examples)."""

from __future__ import annotations

import json

import pytest

from govtui.cli import main
from govtui.core.desk.fee import fee_by_count, fee_by_pages, rate_for_application


def test_count_35() -> None:
    result = fee_by_count(35)
    assert [(t.first, t.last, t.rate, t.units) for t in result.tiers if t.units] == [
        (1, 10, 0, 10),
        (11, 30, 100, 20),
        (31, 40, 200, 5),
    ]
    assert result.total == 3000
    assert result.marginal == 200


def test_pages_250() -> None:
    result = fee_by_pages(250)
    assert [(t.rate, t.units, t.amount) for t in result.tiers] == [(0, 30, 0), (10, 70, 700), (20, 100, 2000), (40, 50, 2000)]
    assert result.total == 4700


@pytest.mark.parametrize(("number", "rate"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)])
def test_rate_of_the_nth_application(number: int, rate: int) -> None:
    assert rate_for_application(number) == rate


def test_boundaries() -> None:
    assert fee_by_count(10).total == 0
    assert fee_by_count(30).total == 2000
    assert fee_by_count(52).total == 2000 + 2000 + 3000 + 2 * 400
    assert fee_by_pages(30).total == 0
    assert fee_by_pages(100).total == 700
    assert fee_by_pages(200).total == 2700


def test_cli_count_35(capsys) -> None:
    assert main(["fee", "--count", "35"]) == 0
    out = capsys.readouterr().out
    assert "第11—30件：20件 × 100元 = 2000元" in out
    assert "第31—40件：5件 × 200元 = 1000元" in out
    assert "合计：3000元" in out and "其中第 35 件本身：200元" in out
    assert "第四十二条" in out and "【推断/未核实】" in out and "不得两种同时重复计算" in out


def test_cli_pages_250_json(capsys) -> None:
    assert main(["fee", "--pages", "250", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 4700 and data["article"] == 42
    assert [t["amount"] for t in data["tiers"]] == [0, 700, 2000, 2000]
    assert any("【推断/未核实】" in n for n in data["notes"])


@pytest.mark.parametrize("argv", [["fee", "--count", "0"], ["fee", "--pages", "二十"], ["fee", "--count", "-3"]])
def test_cli_bad_numbers(argv, capsys) -> None:
    assert main(argv) == 2
    assert "应为 1 到 1000000 之间的整数" in capsys.readouterr().err


def test_cli_not_both_ways(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["fee", "--count", "3", "--pages", "40"])
    assert exc.value.code == 2
