"""Keeping content text literal when it is shown."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def escape_markdown(text: str) -> str:
    """Escape characters Markdown would treat as syntax, so content shows as written."""
    return _MD_SPECIAL.sub(r"\\\1", text)
