"""Citations: how content names its sources (`reg:36`, `report:s6.6`, `module:<id>`, `ref:<id>`).

A `reg:` citation may name a paragraph (款) and an item (项) as well: `reg:50.2` is the second
paragraph of article 50, `reg:50.1.4` item (四) of its first paragraph. Whether they exist is
checked against the Regulation text (`sources.resolve`), not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("reg", "report", "module", "ref")
_REG_TARGET = re.compile(r"^\d+(?:\.\d+){0,2}$")


@dataclass(frozen=True, slots=True)
class Citation:
    """A parsed source reference."""

    kind: str
    target: str

    @property
    def article(self) -> int:
        """The article number of a `reg:` citation."""
        return int(self.target.split(".")[0])

    @property
    def paragraph(self) -> int | None:
        """The paragraph (款) of a `reg:` citation, when it names one."""
        parts = self.target.split(".")
        return int(parts[1]) if len(parts) > 1 else None

    @property
    def item(self) -> int | None:
        """The item (项) of a `reg:` citation, when it names one."""
        parts = self.target.split(".")
        return int(parts[2]) if len(parts) > 2 else None

    @property
    def article_source(self) -> str:
        """The whole-article form (`reg:50` for `reg:50.1.4`)."""
        return f"{self.kind}:{self.article}" if self.kind == "reg" else str(self)

    def __str__(self) -> str:
        return f"{self.kind}:{self.target}"


def parse_citation(text: str) -> Citation | None:
    """Parse `kind:target`; None when the form is wrong (the validator reports it)."""
    kind, sep, target = text.strip().partition(":")
    if not sep or kind not in KINDS or not target:
        return None
    if kind == "reg" and not _REG_TARGET.match(target):
        return None
    if kind == "reg" and any(int(part) == 0 for part in target.split(".")):
        return None
    return Citation(kind, target)
