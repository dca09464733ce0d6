"""Opening a citation (`reg:36`, `report:s6.6`, `module:…`, `ref:…`) on its own screen."""

from __future__ import annotations

from textual.app import App

from govtui.core.citation import parse_citation
from govtui.core.sources import resolve


def open_citation(app: App, source: str, found: str = "") -> bool:
    """Push the screen that shows `source`; notify and return False if it does not exist.

    `found`: words a search found there, marked on the screen that opens.
    """
    course = app.course  # type: ignore[attr-defined]
    citation = parse_citation(source)
    if citation is None or not resolve(course, citation):
        app.notify(f"找不到出处：{source}", severity="warning")
        return False
    if citation.kind == "reg":
        from govtui.tui.screens.regulation import push_article

        push_article(app, citation.article, found)
    elif citation.kind == "report":
        from govtui.tui.screens.report import ReportParagraphScreen

        app.push_screen(ReportParagraphScreen(citation.target, found=found))
    elif citation.kind == "module":
        from govtui.tui.screens.reader import push_reader

        push_reader(app, course.modules[citation.target])
    else:
        from govtui.tui.screens.report import ReferenceScreen

        app.push_screen(ReferenceScreen(citation.target))
    return True


def open_sources(app: App, sources: list[str], title: str = "出处（回车打开）") -> None:
    """Open the one source directly, or let the learner choose among several."""
    if len(sources) == 1:
        open_citation(app, sources[0])
        return
    from govtui.tui.screens.sources import SourcesDialog

    def chosen(source: str | None) -> None:
        if source:
            open_citation(app, source)

    app.push_screen(SourcesDialog(sources, title), chosen)
