"""Working days (工作日) by the State Council's yearly holiday arrangement.

The `chinesecalendar` package carries the arrangements it was released with, holidays and the
make-up working weekends (调休上班) alike; it knows a fixed range of years. Later years can be
added without a new release by a holidays file (TOML, see `template`); a year that neither knows
is counted with weekends only, and every date computed across it says so.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
from chinese_calendar import constants as _cc

from govtui.core.errors import os_error_text, toml_error_text

HOLIDAYS_FILE = "holidays.toml"
HOLIDAY_KEY = "放假"
WORKDAY_KEY = "调休上班"

PACKAGE_NAME = "chinesecalendar"
PACKAGE_VERSION: str = getattr(chinese_calendar, "__version__", "")
_PACKAGE_YEARS = sorted({d.year for d in _cc.holidays} | {d.year for d in _cc.workdays})
PACKAGE_FIRST_YEAR: int = _PACKAGE_YEARS[0]
PACKAGE_LAST_YEAR: int = _PACKAGE_YEARS[-1]


class HolidayFileError(ValueError):
    """A holidays file that cannot be used; the message is for the user (Chinese)."""


@dataclass(slots=True)
class YearArrangement:
    """One year's 放假 and 调休上班 dates from a holidays file."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str = ""


@dataclass(slots=True)
class WorkCalendar:
    """Which days are working days; `extra` years (from a holidays file) take precedence."""

    extra: dict[int, YearArrangement] = field(default_factory=dict)
    extra_path: Path | None = None

    def knows(self, year: int) -> bool:
        return year in self.extra or PACKAGE_FIRST_YEAR <= year <= PACKAGE_LAST_YEAR

    def is_workday(self, day: date) -> bool:
        arrangement = self.extra.get(day.year)
        if arrangement is not None:
            if day in arrangement.workdays:
                return True
            return day.weekday() < 5 and day not in arrangement.holidays
        if self.knows(day.year):
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5  # unknown year: weekends only (the caller warns)

    def unknown_years(self, days: Iterable[date]) -> list[int]:
        return sorted({d.year for d in days if not self.knows(d.year)})

    def add_workdays(self, start: date, count: int, skip: frozenset[date] = frozenset()) -> tuple[date, list[int]]:
        """The `count`-th working day after `start` (start not counted), skipping `skip` days.

        Returns the day and the years it crossed whose holiday arrangement is unknown.
        """
        day = start
        counted = 0
        crossed: set[int] = set()
        while counted < count:
            day += timedelta(days=1)
            if not self.knows(day.year):
                crossed.add(day.year)
            if day not in skip and self.is_workday(day):
                counted += 1
        return day, sorted(crossed)

    def workdays_between(self, after: date, through: date) -> list[date]:
        """Working days d with after < d <= through."""
        days: list[date] = []
        day = after
        while day < through:
            day += timedelta(days=1)
            if self.is_workday(day):
                days.append(day)
        return days

    def describe(self) -> str:
        """Where the holiday data comes from, for the output."""
        text = f"{PACKAGE_NAME} {PACKAGE_VERSION}（{PACKAGE_FIRST_YEAR}—{PACKAGE_LAST_YEAR}年）"
        if self.extra:
            years = "、".join(str(y) for y in sorted(self.extra))
            text += f"；节假日文件 {self.extra_path}（{years}年）"
        return text


def unknown_year_warning(year: int) -> str:
    return (
        f"{year}年的节假日安排未知（{PACKAGE_NAME} {PACKAGE_VERSION} 只含 {PACKAGE_FIRST_YEAR}—{PACKAGE_LAST_YEAR} 年，"
        f"也没有节假日文件补充），此日期只扣除了周末，未扣除法定节假日、未计调休上班。"
        f"请按国务院办公厅的放假通知核对，或用 govtui deadline --holidays-template {year} 生成节假日文件补充。"
    )


def load_holidays_file(path: Path) -> dict[int, YearArrangement]:
    """Read a holidays file; raises HolidayFileError with a Chinese message."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise HolidayFileError(f"无法读取节假日文件 {path}：{os_error_text(exc)}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise HolidayFileError(f"节假日文件 {path} 格式错误：{toml_error_text(exc)}") from exc
    except UnicodeDecodeError as exc:
        raise HolidayFileError(f"节假日文件 {path} 不是 UTF-8 编码") from exc
    except RecursionError as exc:
        raise HolidayFileError(f"节假日文件 {path} 嵌套层数过多") from exc
    if data.get("schema") != 1:
        raise HolidayFileError(f"节假日文件 {path}：缺少 schema = 1")
    years = data.get("years", {})
    if not isinstance(years, dict):
        raise HolidayFileError(f"节假日文件 {path}：years 应为表")
    result: dict[int, YearArrangement] = {}
    for key, raw in years.items():
        if not str(key).isdigit() or not isinstance(raw, dict):
            raise HolidayFileError(f"节假日文件 {path}：年份写法无效：{key!r}（应为 [years.2027]）")
        year = int(key)
        holidays = _dates(path, year, raw.get(HOLIDAY_KEY, []), HOLIDAY_KEY)
        workdays = _dates(path, year, raw.get(WORKDAY_KEY, []), WORKDAY_KEY)
        if not holidays:
            # An unfilled template must not pass for a known year: it would silently count weekends only.
            continue
        if both := holidays & workdays:
            raise HolidayFileError(f"节假日文件 {path}：{min(both).isoformat()} 同时列在“放假”和“调休上班”中")
        result[year] = YearArrangement(year, frozenset(holidays), frozenset(workdays), str(raw.get("source", "")))
    return result


def _dates(path: Path, year: int, values: object, key: str) -> set[date]:
    if not isinstance(values, list):
        raise HolidayFileError(f"节假日文件 {path}：{year}年的“{key}”应为日期列表")
    days: set[date] = set()
    for value in values:
        try:
            day = value if isinstance(value, date) else date.fromisoformat(str(value))
        except ValueError as exc:
            raise HolidayFileError(f"节假日文件 {path}：{year}年“{key}”中的日期无效：{value!r}") from exc
        if day.year != year:
            raise HolidayFileError(f"节假日文件 {path}：{day.isoformat()} 不在 {year} 年（“{key}”）")
        days.add(day)
    return days


def open_calendar(data_dir: Path | None = None, holidays_file: Path | None = None) -> WorkCalendar:
    """The calendar with the given holidays file, else `<data_dir>/holidays.toml` if present."""
    path = holidays_file
    if path is None and data_dir is not None and (data_dir / HOLIDAYS_FILE).is_file():
        path = data_dir / HOLIDAYS_FILE
    if path is None:
        return WorkCalendar()
    return WorkCalendar(load_holidays_file(path), path)


def template(year: int) -> str:
    """A holidays file to fill in from the State Council's notice for `year`."""
    return f"""# {year}年节假日安排（govtui 节假日文件）
# 依据国务院办公厅关于{year}年部分节假日安排的通知填写，逐日列出：
#   "放假"：放假调休的每一天（含落在周末的放假日也可列出，不影响结果）；
#   "调休上班"：周六、周日调休上班的每一天。
# 日期写成 {year}-01-01 这样的形式。“放假”为空时本年份视为未知，仍只扣除周末并给出提示。
# 保存为 <数据目录>/{HOLIDAYS_FILE}，或运行 govtui deadline 时用 --holidays 文件 指定。
# 同一文件可以写多个年份；文件中的年份优先于 {PACKAGE_NAME} 自带的数据。
schema = 1

[years.{year}]
source = ""   # 通知文号，例如：国办发明电〔{year - 1}〕××号
"放假" = [
  # 元旦、春节、清明节、劳动节、端午节、中秋节、国庆节
]
"调休上班" = [
]
"""
