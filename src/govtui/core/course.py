"""The course loader: one entry point for the TUI, the CLI and the validator.

Start-up needs only course.toml and the modules' front matter; question banks, the Regulation,
the report and the glossary are read on first use so the home screen appears quickly.
"""

from __future__ import annotations

import contextlib
import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from govtui.core.model import (
    TRACK_IDS,
    UNIT_KINDS,
    GlossaryTerm,
    Module,
    Question,
    Reference,
    ReferenceFact,
    Track,
    Unit,
)
from govtui.core.modules import SLUG, load_module
from govtui.core.problems import ContentError, Problem
from govtui.core.tomlpos import key_line, load_toml, read_text, table_lines

if TYPE_CHECKING:
    # Imported where first used, after home's first paint (start-up, issue 15).
    from govtui.core.regulation import Regulation
    from govtui.core.report import Report


class Course:
    """A course folder with content/ and quizzes/.

    Problems in individual files are collected in `problems` and the rest of the course stays
    usable; only a missing or broken course.toml raises ContentError.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content_dir = root / "content"
        self.quiz_dir = root / "quizzes"
        self.problems: list[Problem] = []
        course_file = self.content_dir / "course.toml"
        if not course_file.is_file():
            raise ContentError(Problem(course_file, None, "找不到课程文件 course.toml"))
        text = read_text(course_file)
        data = load_toml(course_file, text)
        self.id: str = self._text(course_file, text, data, "id", "course")
        self.title: str = self._text(course_file, text, data, "title", "")
        self.pass_mark: int = self._setting(course_file, text, data, "quiz", "pass_mark", 80, 1, 100)
        self.questions_per_module: int = self._setting(course_file, text, data, "quiz", "questions_per_module", 15, 1, 500)
        self.notebook_clear_after: int = self._setting(course_file, text, data, "notebook", "clear_after", 3, 1, 50)
        self.tracks: dict[str, Track] = self._load_tracks(course_file, text, data)
        self.units: list[Unit] = self._load_units(course_file, text, data)
        self.modules: dict[str, Module] = self._load_modules()

    # -- eager parts -------------------------------------------------------------------

    def _text(self, path: Path, text: str, data: dict, key: str, default: str) -> str:
        value = data.get(key, default)
        if not isinstance(value, str):
            self.problems.append(Problem(path, key_line(text, key, 1), f"{key} 应为文本，实际为 {value!r:.40}"))
            return default
        return value

    def _setting(self, path: Path, text: str, data: dict, table: str, key: str, default: int, low: int, high: int) -> int:
        """An integer setting such as [quiz] pass_mark; a bad value is a problem and the default is used."""
        section = data.get(table, {})
        if not isinstance(section, dict):
            self.problems.append(Problem(path, key_line(text, table, 1), f"{table} 应为表 [{table}]"))
            return default
        value = section.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problems.append(
                Problem(path, key_line(text, key, 1), f"[{table}] {key} 应为 {low} 到 {high} 的整数，实际为 {value!r:.40}；按 {default} 计")
            )
            return default
        return value

    def _tables(self, path: Path, text: str, data: dict, key: str) -> list[dict]:
        """`[[key]]` entries; anything else (`key = "abc"`, `key = [1, 2]`) is a problem, not a crash."""
        raw = data.get(key, [])
        if not isinstance(raw, list):
            self.problems.append(Problem(path, key_line(text, key, 1), f"{key} 应写成 [[{key}]] 表数组，实际为 {raw!r:.40}"))
            return []
        good = [entry for entry in raw if isinstance(entry, dict)]
        if len(good) != len(raw):
            self.problems.append(Problem(path, key_line(text, key, 1), f"{key} 中有 {len(raw) - len(good)} 项不是表（应写成 [[{key}]]）"))
        return good

    def _load_tracks(self, path: Path, text: str, data: dict) -> dict[str, Track]:
        tracks: dict[str, Track] = {}
        lines = table_lines(text, "tracks")
        for index, raw in enumerate(self._tables(path, text, data, "tracks")):
            line = lines[index] if index < len(lines) else None
            track_id = raw.get("id")
            if track_id not in TRACK_IDS:
                self.problems.append(Problem(path, line, f"轨道 id 应为 1、41 或 N：{track_id!r}"))
                continue
            if track_id in tracks:
                self.problems.append(Problem(path, line, f"轨道重复：{track_id}"))
                continue
            tracks[track_id] = Track(track_id, str(raw.get("title", track_id)), str(raw.get("description", "")))
        for track_id in TRACK_IDS:
            if track_id not in tracks:
                self.problems.append(Problem(path, None, f"缺少轨道 {track_id}"))
                tracks[track_id] = Track(track_id, track_id, "")
        return {track_id: tracks[track_id] for track_id in TRACK_IDS}

    def _load_units(self, path: Path, text: str, data: dict) -> list[Unit]:
        units: list[Unit] = []
        seen: set[str] = set()
        lines = table_lines(text, "units")
        for index, raw in enumerate(self._tables(path, text, data, "units")):
            line = lines[index] if index < len(lines) else None
            unit_id, name, kind = raw.get("id"), raw.get("name"), raw.get("kind")
            if not isinstance(unit_id, str) or not SLUG.match(unit_id) or not isinstance(name, str):
                self.problems.append(Problem(path, line, "单位需要 id（小写字母、数字、连字符）和 name"))
                continue
            if unit_id in seen:
                self.problems.append(Problem(path, key_line(text, "id", line or 1), f"单位 id 重复：{unit_id}"))
                continue
            if kind not in UNIT_KINDS:
                self.problems.append(Problem(path, key_line(text, "kind", line or 1), f"单位类型无效：{kind!r}"))
            seen.add(unit_id)
            units.append(Unit(unit_id, name, str(kind)))
        return units

    def _load_modules(self) -> dict[str, Module]:
        from govtui.core.content_cache import ModuleCache

        modules: dict[str, Module] = {}
        modules_dir = self.content_dir / "modules"
        cache = ModuleCache(modules_dir)
        for relative, stat in _module_files(modules_dir):
            module = self._cached_module(cache, modules_dir, relative, stat)
            if module is None:
                continue
            if module.id in modules:
                self.problems.append(Problem(module.path, 2, f"模块 id 重复：{module.id}（另见 {modules[module.id].path}）"))
                continue
            modules[module.id] = module
        cache.save()
        ordered = sorted(modules.values(), key=lambda m: (m.track, m.order, m.id))
        for module in ordered:
            self.tracks[module.track].module_ids.append(module.id)
        return {m.id: m for m in ordered}

    def _cached_module(self, cache, modules_dir: Path, relative: str, stat: os.stat_result | None) -> Module | None:
        """A module from the front-matter cache when its bytes are unchanged, else parsed (and cached
        when it has no problems). `stat`: the file's, from listing the folder (None: it failed)."""
        path = modules_dir / relative
        try:
            if stat is None:
                stat = os.stat(path)  # raises the error the listing met (a broken link)
            fields = cache.get_unchanged(relative, stat)
            if fields is not None:
                with contextlib.suppress(TypeError):
                    return Module(path=path, **fields)
            data = path.read_bytes()
        except OSError:
            return load_module(path, self.problems)  # reports the problem
        fields = cache.get(relative, data, stat)
        if fields is not None:
            with contextlib.suppress(TypeError):
                return Module(path=path, **fields)
        before = len(self.problems)
        module = load_module(path, self.problems)
        if module is not None and len(self.problems) == before:
            fields = {name: getattr(module, name) for name in Module.__slots__ if name != "path"}
            cache.put(relative, data, fields, stat)
        return module

    # -- lazy parts --------------------------------------------------------------------

    @cached_property
    def questions(self) -> dict[str, Question]:
        from govtui.core.questions import load_bank

        questions: dict[str, Question] = {}
        if not self.quiz_dir.is_dir():
            return questions
        for path in sorted(self.quiz_dir.glob("*.toml")):
            module, bank = load_bank(path, self.problems)
            if module is not None and module not in self.modules:
                text = path.read_text(encoding="utf-8")
                self.problems.append(Problem(path, key_line(text, "module", 1), f"题库指向不存在的模块：{module}"))
            for question in bank:
                if question.id in questions:
                    other = questions[question.id]
                    self.problems.append(
                        Problem(path, question.line, f"题目 id 重复：{question.id}（另见 {other.path}:{other.line}）")
                    )
                    continue
                questions[question.id] = question
        return questions

    def module_questions(self, module_id: str) -> list[Question]:
        """The questions of a module's quiz, in bank order."""
        return [q for q in self.questions.values() if q.module == module_id]

    @cached_property
    def cases(self) -> dict:
        """Case simulations (content/cases/*.toml), by id, in course order."""
        from govtui.core.cases import load_cases

        return load_cases(self.content_dir / "cases", self.problems)

    @cached_property
    def case_questions(self) -> dict[str, Question]:
        """Every case step as a question, by `<case>:<step>` id."""
        return {
            case.question_id(step): case.question(step) for case in self.cases.values() for step in case.steps
        }

    def find_question(self, question_id: str) -> Question | None:
        """A bank question or a case step: both can be in the notebook and the review."""
        return self.questions.get(question_id) or self.case_questions.get(question_id)

    @cached_property
    def checklist(self):
        """The self-check checklist (content/selfcheck/checklist.toml), or None."""
        from govtui.core.selfcheck import load_checklist

        path = self.content_dir / "selfcheck" / "checklist.toml"
        if not path.is_file():
            return None
        return load_checklist(path, self.problems, set(self.modules))

    @cached_property
    def blueprints(self) -> list:
        """Mock exam blueprints (content/exams.toml); each is checked against the question bank."""
        from govtui.core.exam import eligible, load_blueprints

        path = self.content_dir / "exams.toml"
        if not path.is_file():
            return []
        blueprints = load_blueprints(path, self.problems)
        questions = list(self.questions.values())
        track_of = {m.id: m.track for m in self.modules.values()}
        usable = []
        for blueprint in blueprints:
            short = [
                f"{s.type} 需要 {s.count} 道，只有 {len(eligible(s, questions, track_of))} 道"
                for s in blueprint.sections
                if len(eligible(s, questions, track_of)) < s.count
            ]
            if short:
                self.problems.append(
                    Problem(path, blueprint.line or None, f"考试方案 {blueprint.id} 题量不足：{'；'.join(short)}")
                )
            else:
                usable.append(blueprint)
        return usable

    @cached_property
    def plans(self):
        """Study plans per unit type (content/plans.toml); see core/plans.py."""
        from govtui.core.plans import load_plans

        units = {u.id: u.kind for u in self.units}
        return load_plans(self.content_dir / "plans.toml", set(self.modules), units, self.problems)

    @cached_property
    def regulation(self) -> Regulation | None:
        from govtui.core.regulation import load_regulation

        return self._optional(load_regulation, self.content_dir / "regulation.txt")

    @cached_property
    def report(self) -> Report | None:
        from govtui.core.report import load_report

        return self._optional(load_report, self.content_dir / "report.toml")

    @cached_property
    def glossary(self) -> list[GlossaryTerm]:
        path = self.content_dir / "glossary.toml"
        if not path.is_file():
            return []
        try:
            text = read_text(path)
            data = load_toml(path, text)
        except ContentError as exc:
            self.problems.append(exc.problem)
            return []
        terms: list[GlossaryTerm] = []
        seen: set[str] = set()
        lines = table_lines(text, "terms")
        for index, raw in enumerate(data.get("terms", [])):
            line = lines[index] if index < len(lines) else None
            fields_ok = all(isinstance(raw.get(k), str) and raw[k].strip() for k in ("id", "term", "definition"))
            sources = raw.get("sources")
            if not fields_ok or not isinstance(sources, list) or not sources:
                self.problems.append(Problem(path, line, "术语需要 id、term、definition 和非空的 sources"))
                continue
            if raw["id"] in seen:
                self.problems.append(Problem(path, line, f"术语 id 重复：{raw['id']}"))
                continue
            seen.add(raw["id"])
            terms.append(
                GlossaryTerm(raw["id"], raw["term"], raw["definition"], [str(s) for s in sources], line or 0)
            )
        return terms

    @cached_property
    def references(self) -> dict[str, Reference]:
        path = self.content_dir / "references.toml"
        if not path.is_file():
            return {}
        try:
            data = load_toml(path)
        except ContentError as exc:
            self.problems.append(exc.problem)
            return {}
        refs: dict[str, Reference] = {}
        for raw in data.get("references", []):
            if not isinstance(raw.get("id"), str):
                self.problems.append(Problem(path, None, "参考材料缺少 id"))
                continue
            facts = [
                ReferenceFact(str(f.get("text", "")), bool(f.get("inferred", False)))
                for f in raw.get("facts", [])
            ]
            refs[raw["id"]] = Reference(raw["id"], str(raw.get("title", "")), str(raw.get("summary", "")), facts)
        return refs

    def _optional(self, loader, path: Path):
        if not path.is_file():
            self.problems.append(Problem(path, None, "文件不存在"))
            return None
        try:
            return loader(path)
        except ContentError as exc:
            self.problems.append(exc.problem)
            return None


def _module_files(modules_dir: Path) -> list[tuple[str, os.stat_result | None]]:
    """The `*.md` files under `modules_dir` as relative POSIX paths, in the order of
    `sorted(modules_dir.rglob("*.md"))` (by path parts), each with its `os.stat` (None if that
    failed). Plain strings and the directory entries' own stat calls: pathlib's per-path work, then
    a path built again for each stat, were most of opening a 1,600-module course whose front
    matter is cached (benchmarks/run.py "start-up 50x")."""
    found: list[tuple[list[str], os.stat_result | None]] = []

    def walk(folder: str, parts: list[str]) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            try:
                is_dir = entry.is_dir()  # follows symbolic links, as os.walk(followlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                walk(entry.path, [*parts, entry.name])
            elif entry.name.endswith(".md"):
                try:
                    stat: os.stat_result | None = entry.stat()
                except OSError:
                    stat = None
                found.append(([*parts, entry.name], stat))

    walk(str(modules_dir), [])
    found.sort(key=lambda item: item[0])
    return [("/".join(parts), stat) for parts, stat in found]


def open_course(root: Path) -> Course:
    """Open a course folder (raises ContentError if course.toml is missing or broken)."""
    return Course(root)
