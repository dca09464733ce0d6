"""Information processing fee (信息处理费), Regulation art. 42 and 国办函〔2020〕109号.

Rates as summarised in shared/reference/fee-measures-2020.txt (articles 3–5 of the measures,
checked there against several government reprints; the fee procedure is marked unverified in
that reference and is labelled so wherever it is shown). Both ways are progressive (超额累进);
one application is charged one way only, never both.
"""

from __future__ import annotations

from dataclasses import dataclass

BASIS = "据国办函〔2020〕109号《政府信息公开信息处理费管理办法》整理（第三条至第五条，参考材料已与多个政府网站转载页面核对）"
ARTICLE_42 = 42
NOT_BOTH = "对每一件申请，行政机关可按实际情况选用按件或按量一种方式计收，不得两种同时重复计算（办法第三条）。"
MAY_NOT_MUST = (
    "《条例》第四十二条第一款：“行政机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、"
    "频次明显超过合理范围的，行政机关可以收取信息处理费。”"
)
UNVERIFIED_PROCEDURE = (
    "【推断/未核实】收费程序（收费通知、缴费期限、逾期视为放弃申请）只见于一份省级配套通知的转述，"
    "国家文件原文未取得；办理时以本地主管部门的规定为准。"
)
COUNT_TIERS_FROM = 31  # from the 31st application on, 10 applications a tier, +100 yuan a tier


@dataclass(frozen=True, slots=True)
class Tier:
    """One band of a progressive rate and what falls into it."""

    first: int
    last: int | None  # None: open-ended
    rate: int  # yuan per unit
    units: int  # how many units of this request fall into the band

    @property
    def amount(self) -> int:
        return self.rate * self.units

    def label(self, unit: str) -> str:
        if self.last is None:
            return f"第{self.first}{unit}以上"
        return f"第{self.first}—{self.last}{unit}"

    def as_dict(self, unit: str) -> dict[str, object]:
        return {
            "band": self.label(unit),
            "first": self.first,
            "last": self.last,
            "rate": self.rate,
            "units": self.units,
            "amount": self.amount,
        }


@dataclass(frozen=True, slots=True)
class FeeResult:
    """A fee worked out tier by tier."""

    way: str  # "count" (按件) | "pages" (按量)
    quantity: int
    tiers: tuple[Tier, ...]
    marginal: int | None = None  # by count: what the quantity-th application costs

    @property
    def unit(self) -> str:
        return "件" if self.way == "count" else "页"

    @property
    def total(self) -> int:
        return sum(t.amount for t in self.tiers)

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "way": "按件计收" if self.way == "count" else "按量计收",
            "quantity": self.quantity,
            "unit": self.unit,
            "tiers": [t.as_dict(self.unit) for t in self.tiers if t.units],
            "total": self.total,
            "basis": BASIS,
            "article": ARTICLE_42,
            "notes": [MAY_NOT_MUST, NOT_BOTH, UNVERIFIED_PROCEDURE],
        }
        if self.marginal is not None:
            data["this_one"] = self.marginal
        return data


def _spread(quantity: int, bands: list[tuple[int, int | None, int]]) -> tuple[Tier, ...]:
    tiers = []
    for first, last, rate in bands:
        top = quantity if last is None else min(quantity, last)
        tiers.append(Tier(first, last, rate, max(0, top - first + 1)))
    return tuple(tiers)


def count_bands(quantity: int) -> list[tuple[int, int | None, int]]:
    """按件 bands up to `quantity`: 1–10 free, 11–30 at 100, then +100 for every 10 more."""
    bands: list[tuple[int, int | None, int]] = [(1, 10, 0), (11, 30, 100)]
    first, rate = COUNT_TIERS_FROM, 200
    while first <= max(quantity, COUNT_TIERS_FROM):
        bands.append((first, first + 9, rate))
        first, rate = first + 10, rate + 100
    return bands


def rate_for_application(number: int) -> int:
    """What the `number`-th application of the month costs by itself."""
    return next(rate for first, last, rate in count_bands(number) if first <= number <= (last or number))


def fee_by_count(count: int) -> FeeResult:
    """按件计收: one applicant's applications in one natural month, this one included."""
    if count < 1:
        raise ValueError("件数应为正整数")
    return FeeResult("count", count, _spread(count, count_bands(count)), rate_for_application(count))


PAGE_BANDS: list[tuple[int, int | None, int]] = [(1, 30, 0), (31, 100, 10), (101, 200, 20), (201, None, 40)]


def fee_by_pages(pages: int) -> FeeResult:
    """按量计收: one application delivered on paper, by e-mail or as copied data, by page."""
    if pages < 1:
        raise ValueError("页数应为正整数")
    return FeeResult("pages", pages, _spread(pages, PAGE_BANDS))


def fee_text(result: FeeResult) -> str:
    """A fee, tier by tier, as plain text."""
    unit = result.unit
    if result.way == "count":
        head = f"按件计收：同一申请人本自然月第 {result.quantity} 件申请（含本件）"
    else:
        head = f"按量计收：一件申请提供 {result.quantity} 页"
    lines = [head]
    for tier in result.tiers:
        if tier.units:
            lines.append(f"  {tier.label(unit)}：{tier.units}{unit} × {tier.rate}元 = {tier.amount}元")
    lines.append(f"合计：{result.total}元" + ("（本月累计）" if result.way == "count" else ""))
    if result.marginal is not None:
        lines.append(f"其中第 {result.quantity} 件本身：{result.marginal}元")
    lines += ["", f"依据：《条例》第四十二条；{BASIS}。", MAY_NOT_MUST, NOT_BOTH, UNVERIFIED_PROCEDURE]
    return "\n".join(lines)
