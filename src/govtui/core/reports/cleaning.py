"""Scrape junk (site notices, browser warnings, injected spam) and places where words look lost."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Whole lines that belong to the website, not to the report.
JUNK_LINE = re.compile(
    r"浏览器版本过低|升级到Internet Explorer|极速模式|浏览体验|请切换至|无障碍|长辈版|"
    r"^字号[:：]?|【\s*字体|分享到|浏览量|浏览次数|阅读次数|选择阅读字号|^打印$|^\W*打印\W*$|"
    r"您现在所在的位置|当前位置|^首页\s*[/>›]|^发布日期[:：].{0,20}浏览|^索\s*引\s*号"
)
# Spam injected into a page by a compromised site (gambling and game advertising).
SPAM = re.compile(r"(?:pg|PG)?电子游戏官网|(?:在线|网上)?(?:赌场|博彩|棋牌游戏|彩票平台)|澳门(?:新|威尼斯人|金沙|葡京)[^，。]{0,6}")

NUMERAL = "0-9０-９一二三四五六七八九十百千万亿两几多余数"
# A measure word standing where a number should come before it, followed by punctuation:
# "开通心理援助热线条," (the number and more were lost), "等线万次。".
DANGLING = re.compile(rf"(?<=[\u4e00-\u9fff])(?<![{NUMERAL}若干各每逐分首])(万人次|人次|万次|万条|条|件次)(?=[，,。；;、])")
# Fixed official phrases with the words that go missing when a page is scraped badly.
BROKEN_PHRASES: tuple[tuple[str, str], ...] = (
    (r"习(?!近平)新时代", "“习近平新时代中国特色社会主义思想”缺了“近平”"),
    (r"(?<!习)近平新时代", "“习近平新时代中国特色社会主义思想”缺了“习”"),
    (r"新时代中国特色社会主义(?!思想)(?=为指导)", "“……社会主义思想为指导”缺了“思想”"),
)


@dataclass(frozen=True, slots=True)
class LostWords:
    """A place in a paragraph where words look lost: the snippet around it and why."""

    paragraph: int  # index into the paragraph list
    start: int
    snippet: str
    reason: str


def is_junk_line(text: str) -> bool:
    return bool(JUNK_LINE.search(text)) and len(text) < 200


def strip_spam(text: str) -> tuple[str, list[str]]:
    """The text without injected spam, and the spam removed."""
    found = [m.group(0) for m in SPAM.finditer(text)]
    return (SPAM.sub("", text), found) if found else (text, [])


def lost_words(paragraphs: list[str]) -> list[LostWords]:
    places: list[LostWords] = []
    for index, text in enumerate(paragraphs):
        for pattern, reason in BROKEN_PHRASES:
            for match in re.finditer(pattern, text):
                places.append(LostWords(index, match.start(), _snippet(text, match.start(), match.end(), 1), reason))
        for match in DANGLING.finditer(text):
            if any(p.paragraph == index and abs(p.start - match.start()) < 4 for p in places):
                continue
            reason = f"量词“{match.group(1)}”前没有数字，像是丢了文字"
            places.append(LostWords(index, match.start(), _snippet(text, match.start(), match.end(), 2), reason))
    return places


def _snippet(text: str, start: int, end: int, context: int) -> str:
    """The flagged words with a character or two before them, as a reviewer would search for them."""
    return text[max(0, start - context) : end]
