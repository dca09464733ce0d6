"""The 2019 Regulation on the Disclosure of Government Information, split into chapters and articles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from govtui.core.numerals import chinese_number, parse_chinese_number
from govtui.core.problems import ContentError, Problem
from govtui.core.tomlpos import read_text

_CHAPTER = re.compile(r"^第([一二三四五六七八九十]+)章\s+(.+)$")
_ARTICLE = re.compile(r"^第([一二三四五六七八九十]+)条\s+(.*)$")
_ITEM = re.compile(r"^[(（]([一二三四五六七八九十]+)[)）]")


@dataclass(slots=True)
class Article:
    """One article (条); `paragraphs` are its 款 and 项 lines as written."""

    number: int
    chapter: int
    paragraphs: list[str]
    line: int

    @property
    def label(self) -> str:
        return f"第{chinese_number(self.number)}条"

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    def clauses(self) -> list[tuple[str, list[str]]]:
        """The article's 款, each with its 项: a line starting with (一) is an item of the 款 before it."""
        result: list[tuple[str, list[str]]] = []
        for line in self.paragraphs:
            if _ITEM.match(line) and result:
                result[-1][1].append(line)
            else:
                result.append((line, []))
        return result

    def has(self, paragraph: int | None, item: int | None = None) -> bool:
        """Whether 第paragraph款 (and its 第item项) exist in this article."""
        clauses = self.clauses()
        if paragraph is None:
            return item is None
        if not 1 <= paragraph <= len(clauses):
            return False
        return item is None or 1 <= item <= len(clauses[paragraph - 1][1])

    def part_label(self, paragraph: int | None, item: int | None = None) -> str:
        """第五十条第一款第（四）项; the 款 is left out when the article has only one (第二十条第（十三）项)."""
        label = self.label
        if paragraph is None:
            return label
        if len(self.clauses()) > 1 or item is None:
            label += f"第{chinese_number(paragraph)}款"
        if item is not None:
            label += f"第（{chinese_number(item)}）项"
        return label

    def part_text(self, paragraph: int | None, item: int | None = None) -> str:
        """The words of the cited 款 or 项 (the whole article when none is named)."""
        if paragraph is None or not self.has(paragraph, item):
            return self.text
        head, items = self.clauses()[paragraph - 1]
        return items[item - 1] if item is not None else "\n".join([head, *items])


@dataclass(slots=True)
class Chapter:
    number: int
    title: str
    articles: list[Article] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"第{chinese_number(self.number)}章 {self.title}"


@dataclass(slots=True)
class Regulation:
    title: str
    chapters: list[Chapter]
    articles: dict[int, Article]
    path: Path


def load_regulation(path: Path) -> Regulation:
    """Parse regulation.txt; articles must run 1..N without gaps."""
    text = read_text(path)
    chapters: list[Chapter] = []
    articles: dict[int, Article] = {}
    current: Article | None = None
    title = ""
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if not title and line.startswith("中华人民共和国") and line.endswith("条例"):
            title = line
        if match := _CHAPTER.match(line):
            chapters.append(Chapter(parse_chinese_number(match.group(1)), match.group(2).strip()))
            current = None
        elif match := _ARTICLE.match(line):
            if not chapters:
                raise ContentError(Problem(path, lineno, "条文出现在第一章之前"))
            number = parse_chinese_number(match.group(1))
            if number != len(articles) + 1:
                raise ContentError(Problem(path, lineno, f"条号不连续：应为第{len(articles) + 1}条"))
            current = Article(number, chapters[-1].number, [line], lineno)
            articles[number] = current
            chapters[-1].articles.append(current)
        elif current is not None:
            current.paragraphs.append(line)
    if not articles:
        raise ContentError(Problem(path, None, "未找到任何条文（应以“第X条”开头）"))
    return Regulation(title or "政府信息公开条例", chapters, articles, path)
