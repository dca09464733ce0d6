"""Fill-in answers: accept the forms a person would write for the same answer, never another answer.

Accepted, for a listed answer such as "3.3" in "发布各类政策解读信息____万余条":
- full-width or half-width characters, spaces, letter case (NFKC);
- punctuation around the answer ("3.3。", "“部署”");
- words of the stem that touch the blank, written along with the answer ("3.3万", "3.3万余条",
  "20个工作日", "每年1月31日前", "64%");
- the same number in another spelling ("4,600", "3.30", "二十", "五百");
- the same date in another spelling ("1月31日" = "1.31" = "01月31日"; "2019年5月15日" = "2019-05-15").
A different number is never accepted: context is only stripped where it does not split a number.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

BLANK = "____"
_EDGE = "。.，,、；;：:！!？?“”\"'‘’「」『』《》()（）[]【】 "
_CLAUSE_END = re.compile(r"[。，,、；;：:！!？?“”\"「」『』()（）]")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL = re.compile(r"^\d+(?:\.\d+)?$")
_CN_DATE = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日$")
_SEP_DATE = re.compile(r"^(?:(\d{4})[-/.])?(\d{1,2})[-/.](\d{1,2})$")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def normalize_fill(text: str) -> str:
    """Full-width characters, spaces, case and surrounding punctuation do not matter."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower().strip(_EDGE)


def blank_context(stem: str) -> tuple[str, str]:
    """The words of the clause just before and just after the blank, normalised."""
    before, sep, after = unicodedata.normalize("NFKC", stem).partition(BLANK)
    if not sep:
        return "", ""
    before = "".join(before.split()).lower()
    after = "".join(after.split()).lower()
    before = _CLAUSE_END.split(before)[-1]
    after = _CLAUSE_END.split(after)[0]
    return before, after


def fill_matches(stem: str, answers: list[str] | tuple[str, ...], response: str) -> bool:
    """Whether `response` is one of `answers` as a person might write it in this stem."""
    accepted = {form for answer in answers for form in _forms(normalize_fill(answer))}
    return any(form in accepted for core in _cores(stem, normalize_fill(response)) for form in _forms(core))


def _cores(stem: str, response: str) -> set[str]:
    """The response with stem words touching the blank taken off either end."""
    before, after = blank_context(stem)
    cores = {response}
    for k in range(1, len(after) + 1):
        tail = after[:k]
        if response.endswith(tail) and _no_split(response[: -k], tail):
            cores.add(response[: -k])
    for core in list(cores):
        for k in range(1, len(before) + 1):
            head = before[-k:]
            if core.startswith(head) and _no_split(head, core[k:]):
                cores.add(core[k:])
    return {c.strip(_EDGE) for c in cores if c.strip(_EDGE)}


def _no_split(left: str, right: str) -> bool:
    """Taking `right` off `left` must not cut through a number ("20" + "0…" is not "2")."""
    return not (left[-1:].isdigit() and right[:1].isdigit())


def _forms(text: str) -> set[str]:
    """Canonical spellings of one answer: itself, its number value, its date."""
    forms = {text}
    number = _number(text)
    if number is not None:
        forms.add(f"number:{number}")
    date = _date(text)
    if date is not None:
        forms.add(f"date:{date}")
    return forms


def _number(text: str) -> str | None:
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if _DECIMAL.match(text):
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
        return format(value.normalize(), "f")
    value = _chinese_integer(text)
    return None if value is None else str(value)


def _chinese_integer(text: str) -> int | None:
    """Integers below 一万 written in Chinese: 二十, 十五, 二十六, 五百, 二千一百四十六, 一百零四.

    Shortened spoken forms (一百四 for 140) are refused rather than guessed.
    """
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total, digit, last_unit, zero = 0, None, 10_000, False
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None:
                return None  # two digits in a row (二三) is not how a number is written
            if _CN_DIGITS[ch] == 0:
                zero = True
            else:
                digit = _CN_DIGITS[ch]
            continue
        unit = _CN_UNITS[ch]
        if unit >= last_unit:
            return None
        if digit is None:
            if ch != "十" or total:
                return None  # 百 or 千 needs its digit; 十 alone only leads (十五)
            digit = 1
        total, digit, last_unit, zero = total + digit * unit, None, unit, False
    if digit is not None:
        if last_unit not in (10_000, 10) and not zero:
            return None
        total += digit
    return total


def _date(text: str) -> str | None:
    match = _CN_DATE.match(text) or _SEP_DATE.match(text)
    if not match:
        return None
    year, month, day = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return f"{int(year) if year else '*'}-{int(month)}-{int(day)}"
