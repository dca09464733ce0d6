"""What a question is filed under when it leaves govtui: the same tags for Moodle and Anki.

Tags are `kind:value` pairs: the platform writers only change the separator and the characters
their tag syntax forbids, so an organizer finds the same labels in Moodle's question bank and in
Anki's browser.
"""

from __future__ import annotations

import re

from govtui.core.course import Course
from govtui.core.model import Question

TAG_KINDS = ("track", "module", "kp", "type", "bank", "difficulty")
"""Every question gets one tag of each kind that applies (track and module only when it has a module)."""

_SPACE = re.compile(r"\s+")


def question_tags(course: Course, question: Question) -> list[tuple[str, str]]:
    """(kind, value) pairs in TAG_KINDS order."""
    tags: list[tuple[str, str]] = []
    module = course.modules.get(question.module) if question.module else None
    if module is not None:
        tags.append(("track", module.track))
        tags.append(("module", module.id))
    if question.point.strip():
        tags.append(("kp", question.point.strip()))
    tags.append(("type", question.type))
    tags.append(("bank", question.bank))
    tags.append(("difficulty", str(question.difficulty)))
    return tags


def moodle_tag(kind: str, value: str) -> str:
    """A Moodle tag: no control characters, no `<>`` ` (Moodle strips them), no `,` (it splits tags)."""
    clean = _SPACE.sub(" ", value).strip()
    clean = re.sub(r"[<>`\x00-\x1f\x7f]", "", clean).replace(",", "，")
    return f"{kind}:{clean}"


def anki_tag(kind: str, value: str) -> str:
    """An Anki tag: no spaces (Anki splits on them); `::` makes the kind a browsable parent."""
    clean = _SPACE.sub("_", value.strip())
    clean = re.sub(r"[\x00-\x1f\x7f\"]", "", clean)
    return f"{kind}::{clean}"
