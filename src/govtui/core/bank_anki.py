"""Anki deck export (.apkg, via genanki) (UI-free).

One note type per question type, so each card shows what its type needs (options, a blank, steps to
put in order) and Anki's browser can filter by type. Notes carry the question id as their GUID, so
importing a newer export updates the same notes instead of duplicating them, and the tags of
`bank_tags` (track, module, knowledge point, …). One sub-deck per track.

genanki is imported only here, and this module only when an apkg is asked for.
"""

from __future__ import annotations

import hashlib
import html
import random
import tempfile
from collections import Counter
from pathlib import Path

from govtui.core import clock
from govtui.core.bank_export import source_labels
from govtui.core.bank_tags import anki_tag, question_tags
from govtui.core.course import Course
from govtui.core.model import QUESTION_TYPE_NAMES, QUESTION_TYPES, Question
from govtui.core.questions import LETTERS
from govtui.core.quiz import answer_text

FIELDS = ("Id", "题干", "选项", "答案", "解析", "出处", "知识点", "模块")

_CSS = """.card { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 20px;
  text-align: left; line-height: 1.6; }
.options { list-style: none; padding-left: 0; }
.answer { font-weight: bold; }
.meta { color: #666; font-size: 14px; }
"""

_FRONT = """<div class="type">{{Type}}</div>
<div class="stem">{{题干}}</div>
<div>{{选项}}</div>"""

_BACK = """{{FrontSide}}
<hr id="answer">
<div class="answer">{{答案}}</div>
<p>{{解析}}</p>
<p class="meta">出处：{{出处}}<br>知识点：{{知识点}}　模块：{{模块}}　题号：{{Id}}</p>"""

_HINTS = {
    "single": "（单选）",
    "multiple": "（多选：选出全部正确选项）",
    "truefalse": "（判断：正确还是错误？）",
    "fill": "（填空）",
    "order": "（排序：按正确顺序排列下列步骤）",
}


class AnkiUnavailable(RuntimeError):
    """genanki is not installed."""


def _stable_id(*parts: str) -> int:
    """A stable 31-bit id (Anki model and deck ids must not change between exports)."""
    digest = hashlib.sha1("\x1f".join(("govtui", *parts)).encode("utf-8")).digest()
    return (int.from_bytes(digest[:4], "big") & 0x3FFFFFFF) | 0x40000000


def _html(text: str) -> str:
    return "<br>".join(html.escape(text.strip(), quote=False).splitlines())


def _models(genanki: object) -> dict[str, object]:
    models = {}
    for qtype in QUESTION_TYPES:
        name = f"govtui {QUESTION_TYPE_NAMES[qtype]}"
        front = _FRONT.replace("{{Type}}", html.escape(_HINTS[qtype]))
        models[qtype] = genanki.Model(  # type: ignore[attr-defined]
            _stable_id("model", qtype),
            name,
            fields=[{"name": field} for field in FIELDS],
            templates=[{"name": QUESTION_TYPE_NAMES[qtype], "qfmt": front, "afmt": _BACK}],
            css=_CSS,
        )
    return models


def _shuffled_steps(question: Question) -> list[int]:
    """Steps in a fixed shuffled order that is never already the right one."""
    order = list(range(len(question.items)))
    random.Random(question.id).shuffle(order)
    if tuple(order) == tuple(question.answer) and len(order) > 1:  # type: ignore[arg-type]
        order = order[1:] + order[:1]
    return order


def _options(question: Question) -> str:
    if question.type in ("single", "multiple"):
        rows = [f"<li>{letter}．{_html(choice)}</li>" for letter, choice in zip(LETTERS, question.choices, strict=False)]
        return '<ul class="options">' + "".join(rows) + "</ul>"
    if question.type == "order":
        rows = [f"<li>{_html(question.items[i])}</li>" for i in _shuffled_steps(question)]
        return '<ul class="options">' + "".join(rows) + "</ul>"
    return ""


def _fields(course: Course, question: Question) -> list[str]:
    module = course.modules.get(question.module) if question.module else None
    return [
        html.escape(question.id),
        _html(question.stem),
        _options(question),
        _html(answer_text(question)),
        _html(question.explanation),
        html.escape("；".join(source_labels(course, question)), quote=False),
        html.escape(question.point, quote=False),
        html.escape(module.title if module else "", quote=False),
    ]


def export_apkg(course: Course) -> tuple[bytes, list[str]]:
    """Every question of `course` as an Anki package; returns (bytes, notes)."""
    try:
        import genanki
    except ImportError as exc:  # pragma: no cover - genanki is a dependency; a broken install lands here
        raise AnkiUnavailable("导出 Anki 牌组需要 genanki：pip install genanki") from exc

    questions = sorted(course.questions.values(), key=lambda q: q.id)
    models = _models(genanki)
    root = course.title or course.id
    decks: dict[str, genanki.Deck] = {}

    def deck_for(question: Question) -> genanki.Deck:
        module = course.modules.get(question.module) if question.module else None
        track = course.tracks.get(module.track) if module else None
        name = f"{root}::{track.id} {track.title}" if track else f"{root}::其他"
        if name not in decks:
            decks[name] = genanki.Deck(_stable_id("deck", course.id, name), name)
        return decks[name]

    for question in questions:
        note = genanki.Note(
            model=models[question.type],
            fields=_fields(course, question),
            tags=[anki_tag(kind, value) for kind, value in question_tags(course, question)],
            guid=genanki.guid_for("govtui", course.id, question.id),
        )
        deck_for(question).add_note(note)

    package = genanki.Package(list(decks.values()) or [genanki.Deck(_stable_id("deck", course.id), root)])
    with tempfile.TemporaryDirectory(prefix="govtui-apkg-") as folder:
        path = Path(folder) / "deck.apkg"
        package.write_to_file(str(path), timestamp=clock.utc_now().timestamp())
        data = path.read_bytes()

    counts = Counter(q.type for q in questions)
    parts = [f"{QUESTION_TYPE_NAMES[t]} {counts[t]}" for t in QUESTION_TYPES if counts[t]]
    notes = [
        f"已导出全部 {len(questions)} 道题（{'、'.join(parts)}）为 Anki 牌组，"
        f"每个轨道一个子牌组（共 {len(decks)} 个），每种题型一种笔记类型。",
        "标签：track::轨道、module::模块、kp::知识点、type::题型、bank::题库、difficulty::难度；"
        "笔记以题目 id 为标识，再次导入新的导出会更新原笔记而不会重复。",
    ]
    if counts["order"]:
        notes.append("排序题的正面按固定的打乱顺序列出步骤，背面给出正确顺序。")
    return data, notes
