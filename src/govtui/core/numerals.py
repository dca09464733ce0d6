"""Chinese numerals as used in article and chapter numbers (第五十六条, 第六章)."""

from __future__ import annotations

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def parse_chinese_number(text: str) -> int:
    """Convert numbers up to 99 written in Chinese (十, 二十六, 五十六) to int."""
    if not text:
        raise ValueError("empty numeral")
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (_DIGITS[tens] if tens else 1) * 10
        return value + (_DIGITS[ones] if ones else 0)
    if len(text) == 1:
        return _DIGITS[text]
    raise ValueError(f"unsupported numeral: {text}")


def chinese_number(value: int) -> str:
    """Convert 1..99 to Chinese (the inverse of parse_chinese_number)."""
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
