"""Resolving and naming citations for display."""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from govtui.core.citation import Citation, parse_citation
from govtui.core.course import Course

BODY_LINK = re.compile(r"\]\(((?:reg|report|module|ref):[^)\s]+)\)")


def resolve(course: Course, citation: Citation) -> bool:
    """Whether a citation names something that exists in this course."""
    if citation.kind == "reg":
        article = course.regulation.articles.get(citation.article) if course.regulation else None
        return article is not None and article.has(citation.paragraph, citation.item)
    if citation.kind == "report":
        return course.report is not None and citation.target in course.report.paragraphs
    if citation.kind == "module":
        return citation.target in course.modules
    return citation.target in course.references


def describe(course: Course, source: str) -> str:
    """A reader-facing label: 《条例》第二十条, 报告（一）1 全面公开权力配置信息, …"""
    citation = parse_citation(source)
    if citation is None:
        return source
    if citation.kind == "reg":
        regulation = course.regulation
        article = regulation.articles.get(citation.article) if regulation else None
        if article is None:
            return f"《条例》第{citation.target}条"
        return f"《条例》{article.part_label(citation.paragraph, citation.item)}"
    if citation.kind == "report":
        return f"年度报告{report_label(course, citation.target)}"
    if citation.kind == "module":
        module = course.modules.get(citation.target)
        return f"模块：{module.title}" if module else f"模块 {citation.target}"
    reference = course.references.get(citation.target)
    return f"参考材料：{reference.title}" if reference else f"参考材料 {citation.target}"


_ID_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:reg|report|module|ref):([^)\s]+))\)")


def label_id_links(course: Course, markdown: str) -> str:
    """Give links written with a bare id as their text (`[s5.2](report:s5.2)`) a reader's label.

    Authors sometimes write the id itself as the link text in tables; a trainee should see
    “年度报告（五）之2“……”” rather than an internal id.
    """

    def relabel(match: re.Match[str]) -> str:
        text, source, target = match.groups()
        if text.strip() != target:
            return match.group(0)
        label = describe(course, source).replace("[", "\\[").replace("]", "\\]")
        return f"[{label}]({source})"

    return _ID_LINK.sub(relabel, markdown)


def module_citations(course: Course, module_id: str) -> list[str]:
    """A module's declared sources followed by the citations linked in its body, without repeats."""
    module = course.modules[module_id]
    seen: dict[str, None] = dict.fromkeys(module.sources)
    for target in BODY_LINK.findall(module.body()):
        seen.setdefault(target, None)
    return list(seen)


def report_label(course: Course, pid: str) -> str:
    """A reader's name for a report paragraph: （一）, （一）之2“全面公开履职依据文件”, “总体情况”."""
    report = course.report
    paragraph = report.paragraphs.get(pid) if report else None
    if paragraph is None:
        return pid
    if paragraph.section is None:
        return f"“{paragraph.title}”"
    head = report.paragraphs.get(paragraph.section)
    number = head.title[: head.title.index("）") + 1] if head and "）" in head.title else paragraph.section
    if pid == paragraph.section:
        return number
    return f"{number}之{pid.rsplit('.', 1)[-1]}“{paragraph.title}”"


_citing: WeakKeyDictionary[Course, dict[str, list[str]]] = WeakKeyDictionary()


def modules_citing(course: Course, source: str) -> list[str]:
    """Ids of the modules whose sources or body cite `source` exactly.

    The reverse index reads every module once per course, not once per article shown.
    """
    index = _citing.get(course)
    if index is None:
        index = {}
        for module_id in course.modules:
            for cited in module_citations(course, module_id):
                # A module citing 第五十条第二款 also cites 第五十条 for the article screen.
                parsed = parse_citation(cited)
                keys = dict.fromkeys([cited, parsed.article_source if parsed else cited])
                for key in keys:
                    if module_id not in index.setdefault(key, []):
                        index[key].append(module_id)
        _citing[course] = index
    return index.get(source, [])
