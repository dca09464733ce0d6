"""Citations: how content names its sources (`reg:36`, `report:s6.6`, `module:<id>`, `ref:<id>`)."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("reg", "report", "module", "ref")


@dataclass(frozen=True, slots=True)
class Citation:
    """A parsed source reference."""

    kind: str
    target: str

    @property
    def article(self) -> int:
        """The article number of a `reg:` citation."""
        return int(self.target)

    def __str__(self) -> str:
        return f"{self.kind}:{self.target}"


def parse_citation(text: str) -> Citation | None:
    """Parse `kind:target`; None when the form is wrong (the validator reports it)."""
    kind, sep, target = text.strip().partition(":")
    if not sep or kind not in KINDS or not target:
        return None
    if kind == "reg" and not target.isdigit():
        return None
    return Citation(kind, target)
