"""Full-text search across modules, Regulation articles, glossary terms and report paragraphs."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from govtui.core.course import Course
from govtui.core.numerals import chinese_number, parse_chinese_number
from govtui.core.sources import describe, label_id_links

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
KIND_LABELS = {"article": "条文", "module": "模块", "term": "术语", "report": "报告", "tool": "工具", "case": "案例"}
ORDER = {"article": 0, "term": 1, "tool": 2, "module": 3, "case": 4, "report": 5}
# The desk tools, found by the words staff would type for them.
TOOLS = (
    ("tool:deadline", "期限计算器", "期限计算器：依申请公开 答复期限 20个工作日 补正 7个工作日 延长 征求意见 15个工作日 收到申请之日 工作日 节假日"),
    ("tool:fee", "信息处理费计算器", "信息处理费计算器：收费 按件计收 按量计收 超额累进 页数 件数 国办函〔2020〕109号"),
)
ARTICLE_NUMBER = re.compile(r"第\s*(\d{1,2})\s*条")
BARE_ARTICLE = re.compile(r"\s*第?\s*(\d{1,2}|[零一二两三四五六七八九十]{1,3})\s*条?\s*")
"""A query that is only a number (33, ３３, 33条, 三十三, 第三十三条) may mean the article with that number."""
SNIPPET_AFTER = 30


def article_number(query: str) -> int | None:
    """The article number a query names on its own (33, ３３, 第33条, 三十三, 第三十三条), else None."""
    match = BARE_ARTICLE.fullmatch(unicodedata.normalize("NFKC", query))
    if not match:
        return None
    number = match.group(1)
    if number.isdigit():
        return int(number)
    try:
        return parse_chinese_number(number)
    except (KeyError, ValueError):
        return None  # 三三 or 十十: not a numeral


def normalize(text: str) -> str:
    """Width, case and spaces do not matter when searching (20 个工作日 finds 20个工作日)."""
    return text.translate(_folding_table(text))


# Punctuation does not matter either: 双随机一公开 finds “双随机、一公开”.
IGNORED = set("、，。；：！？“”‘’\"'（）()《》〈〉【】「」『』·|-—…,.;:!?[]")

_FOLDED: dict[int, str] = {}
"""How each character seen so far folds (only those that change): a table for str.translate.

Folding character by character in Python was 9 in 10 parts of building the index at 50 times
today's course; translate does it in C, and a text has only a few thousand distinct characters.
"""
_SEEN: set[str] = set()


def _fold(char: str) -> str:
    return "".join(
        folded for folded in unicodedata.normalize("NFKC", char).lower()
        if not folded.isspace() and folded not in IGNORED
    )


def _folding_table(text: str) -> dict[int, str]:
    new = set(text) - _SEEN
    if new:
        for char in new:
            folded = _fold(char)
            if folded != char:
                _FOLDED[ord(char)] = folded
        _SEEN.update(new)
    return _FOLDED


@dataclass(frozen=True, slots=True)
class SearchEntry:
    kind: str
    target: str
    title: str
    text: str
    heading: str | None = None
    heading_index: int = 0


@dataclass(slots=True)
class SearchHit:
    """Where a query was found; `target` is a citation, `heading` the module section to jump to.

    The quote around the match (`snippet`, `match`, `matched`) is made when first asked for: a
    search keeps up to 300 hits and a screen shows about ten, and placing the match in the original
    text was most of the search's time.
    """

    kind: str
    target: str
    title: str
    heading: str | None = None
    heading_index: int = 0
    source: tuple[str, int, int] | None = field(default=None, repr=False, compare=False)
    """The entry's text, and where the query starts in its folded form and how long it is there."""
    quote: tuple[str, tuple[int, int] | None, str] | None = field(default=None, compare=False)
    """snippet, match and matched, once made."""

    @property
    def snippet(self) -> str:
        return self._quoted()[0]

    @property
    def match(self) -> tuple[int, int] | None:
        """Where the query stands in `snippet` (start, end), to highlight it; None when not in it."""
        return self._quoted()[1]

    @property
    def matched(self) -> str:
        """The text that matched, as written in the source, to highlight it in the opened text."""
        return self._quoted()[2]

    def _quoted(self) -> tuple[str, tuple[int, int] | None, str]:
        if self.quote is None:
            text, position, length = self.source or ("", 0, 0)
            self.quote = _quote(text, position, length)
        return self.quote

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def _quote(text: str, position: int, length: int) -> tuple[str, tuple[int, int] | None, str]:
    """The snippet quoting the original text around the match (not its folded form), where the
    match stands in it, and the match as written."""
    begin = _original_index(text, position)
    end = _original_index(text, position + length - 1) + 1
    start = max(0, begin - 18)
    before = ("…" if start else "") + _snippet_text(text[start:begin])
    matched = _snippet_text(text[begin:end])
    snippet = before + matched + _snippet_text(text[end : end + SNIPPET_AFTER])
    return snippet, (len(before), len(before) + len(matched)), text[begin:end]


class SearchIndex:
    """Built once per course, on first search."""

    def __init__(self, course: Course) -> None:
        self.entries: list[SearchEntry] = []
        regulation = course.regulation
        if regulation:
            for article in regulation.articles.values():
                self.entries.append(SearchEntry("article", f"reg:{article.number}", f"《条例》{article.label}", article.text))
        for module in course.modules.values():
            self._add_module(module.id, module.title, label_id_links(course, module.body()))
        for term in course.glossary:
            self.entries.append(SearchEntry("term", term.id, term.term, f"{term.term}：{term.definition}"))
        report = course.report
        if report:
            for paragraph in report.paragraphs.values():
                self.entries.append(
                    SearchEntry("report", f"report:{paragraph.id}", describe(course, f"report:{paragraph.id}"), paragraph.text)
                )
        for target, title, text in TOOLS:
            self.entries.append(SearchEntry("tool", target, title, text))
        for case in course.cases.values():
            self.entries.append(SearchEntry("case", f"case:{case.id}", f"案例：{case.title}", f"{case.title}：{case.story}"))
        # All entries folded into one text, NUL between them, so that finding a word is one
        # str.find over the whole course (in C) instead of a Python loop over every entry.
        # Texts hold no NUL (the loaders read text files), and a query's NUL is dropped.
        texts = [e.text.replace("\0", "") for e in self.entries]
        table = _folding_table("".join(texts))
        # Entry by entry: one translate of the whole course would hold the GIL, and so the
        # screen, for half a second at 50 times today's size.
        self._haystack = "\0".join([text.translate(table) for text in texts])
        self._folded_titles: dict[str, str] = {}
        self._starts: list[int] = []
        offset = 0
        for text in self._haystack.split("\0"):
            self._starts.append(offset)
            offset += len(text) + 1

    def _add_module(self, module_id: str, title: str, body: str) -> None:
        heading: str | None = None
        seen: dict[str, int] = {}
        self.entries.append(SearchEntry("module", f"module:{module_id}", title, title))
        for line in body.splitlines():
            if match := HEADING.match(line):
                heading = LINK.sub(r"\1", match.group(2))
                seen[heading] = seen.get(heading, -1) + 1
                text = heading
            else:
                text = (LINK.sub(r"\1", line) if "](" in line else line).strip(" -*>|")
            if text:
                self.entries.append(
                    SearchEntry("module", f"module:{module_id}", title, text, heading, seen.get(heading or "", 0))
                )

    def search(self, query: str, limit: int = 300) -> list[SearchHit]:
        """Hits for the query as a phrase; if none and it has several words, for all the words.

        A bare number also finds the article with that number, listed first: a trainee who types
        33 is more likely looking for 第三十三条 than for “3.3万”.
        """
        query = unicodedata.normalize("NFKC", query)
        article = self._article_for_number(query)
        hits = self._search_text(query, limit)
        if article is not None:
            hits = [article] + [h for h in hits if h.target != article.target][: limit - 1]
        return hits

    def _article_for_number(self, query: str) -> SearchHit | None:
        number = article_number(query)
        if number is None:
            return None
        target = f"reg:{number}"
        entry = next((e for e in self.entries if e.kind == "article" and e.target == target), None)
        if entry is None:
            return None
        snippet = entry.text[: 18 + SNIPPET_AFTER].replace("\n", " ")
        return SearchHit(entry.kind, entry.target, entry.title, quote=(snippet, None, ""))

    def _search_text(self, query: str, limit: int) -> list[SearchHit]:
        query = ARTICLE_NUMBER.sub(lambda m: f"第{chinese_number(int(m.group(1)))}条", query)
        query = query.replace("\0", "")
        needle = normalize(query)
        if not needle:
            return []
        hits = self._search([needle], limit)
        words = [normalize(w) for w in query.split()]
        if not hits and len(words) > 1:
            hits = self._search([w for w in words if w], limit)
        exact = normalize(query)
        # An exact glossary term or article label goes first: it is what the learner typed.
        hits.sort(key=lambda h: (self._folded_title(h.title) != exact, ORDER[h.kind]))
        return hits

    def _folded_title(self, title: str) -> str:
        folded = self._folded_titles.get(title)
        if folded is None:
            folded = self._folded_titles[title] = normalize(title.removeprefix("《条例》"))
        return folded

    def _candidates(self, needle: str):
        """Indexes of the entries containing `needle`, in order, each once."""
        haystack, starts = self._haystack, self._starts
        position = haystack.find(needle)
        while position >= 0:
            index = bisect_right(starts, position) - 1
            yield index
            # Go on after this entry: one entry is one candidate however often it has the word.
            following = starts[index + 1] if index + 1 < len(starts) else len(haystack)
            position = haystack.find(needle, following)

    def _entry_text(self, index: int) -> str:
        end = self._starts[index + 1] - 1 if index + 1 < len(self._starts) else len(self._haystack)
        return self._haystack[self._starts[index] : end]

    def _search(self, needles: list[str], limit: int) -> list[SearchHit]:
        hits: list[SearchHit] = []
        places: set[tuple[str, str | None]] = set()
        # The longest word is the rarest in practice: it gives the fewest candidates to check.
        rarest = max(needles, key=len)
        needle = needles[0]
        for index in self._candidates(rarest):
            if len(needles) > 1 and not all(n in self._entry_text(index) for n in needles):
                continue
            entry = self.entries[index]
            place = (entry.target, entry.heading)
            if place in places:
                continue  # one hit per module section is enough to find it
            places.add(place)
            position = self._entry_text(index).find(needle)
            source = (entry.text, position, len(needle))
            hits.append(SearchHit(entry.kind, entry.target, entry.title, entry.heading, entry.heading_index, source))
            if len(hits) >= limit:
                break
        return hits


def _original_index(text: str, folded_index: int) -> int:
    """The index in `text` of the character that folds to `folded_index` in normalize(text).

    A binary search over prefixes (each folded in C) instead of mapping every character.
    """
    table = _FOLDED
    return bisect_right(range(len(text)), folded_index, key=lambda k: len(text[: k + 1].translate(table)))


def _snippet_text(text: str) -> str:
    """Table bars, bold markers and line breaks out of a snippet (it is shown as one indented line
    under its title); cleaned piece by piece so the match keeps its place."""
    return text.replace("|", " ").replace("**", "").replace("\n", " ")
