"""Module front matter is parsed once and cached by content hash (core/content_cache.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

import govtui.core.course as course_module
from govtui.core.course import open_course


def test_an_unchanged_module_is_not_parsed_again(course_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = open_course(course_copy)
    parsed: list[Path] = []
    real = course_module.load_module

    def counting(path, problems):
        parsed.append(path)
        return real(path, problems)

    monkeypatch.setattr(course_module, "load_module", counting)
    second = open_course(course_copy)
    assert parsed == []
    assert second.modules == first.modules
    assert [t.module_ids for t in second.tracks.values()] == [t.module_ids for t in first.tracks.values()]

    changed = first.modules["reg-scope"].path
    changed.write_text(changed.read_text(encoding="utf-8").replace("order = 110", "order = 111"), encoding="utf-8")
    third = open_course(course_copy)
    assert parsed == [changed]
    assert third.modules["reg-scope"].order == 111


def test_a_module_with_a_problem_is_reported_every_time(course_copy: Path) -> None:
    path = course_copy / "content" / "modules" / "1" / "reg-scope.md"
    path.write_text(path.read_text(encoding="utf-8").replace("minutes = 20", "minutes = -1"), encoding="utf-8")
    for _ in range(2):
        course = open_course(course_copy)
        assert any(p.path == path and "minutes" in p.message for p in course.problems)


def test_a_broken_cache_file_is_ignored(course_copy: Path, tmp_path: Path) -> None:
    open_course(course_copy)
    for cache in (tmp_path / "cache").glob("modules-*.msgpack"):
        cache.write_bytes(b"\x00garbage")
    assert len(open_course(course_copy).modules) > 0


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    reads: list[Path] = []
    real = Path.read_bytes

    def counting(self: Path) -> bytes:
        if self.suffix == ".md":
            reads.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    return reads


def test_a_settled_unchanged_module_is_not_even_read(course_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # copytree keeps the files' old mtimes: they are settled, so their size/mtime/inode are recorded.
    first = open_course(course_copy)
    reads = _count_reads(monkeypatch)
    second = open_course(course_copy)
    assert reads == []
    assert second.modules == first.modules
    assert [t.module_ids for t in second.tracks.values()] == [t.module_ids for t in first.tracks.values()]


def test_a_same_size_edit_in_the_same_instant_is_still_seen(course_copy: Path) -> None:
    """A file written just now has no recorded signature: an edit that keeps its size and (on a
    coarse clock) its mtime must still be parsed again, found by the content digest."""
    import os

    path = course_copy / "content" / "modules" / "1" / "reg-scope.md"
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")  # fresh mtime: not settled
    stat = path.stat()
    assert open_course(course_copy).modules["reg-scope"].order == 110
    path.write_text(path.read_text(encoding="utf-8").replace("order = 110", "order = 111"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime, same inode
    assert open_course(course_copy).modules["reg-scope"].order == 111


def test_the_module_order_is_that_of_sorted_paths(course_copy: Path) -> None:
    from govtui.core.course import _module_files

    root = course_copy / "content" / "modules"
    (root / "1-extra").mkdir()
    (root / "1-extra" / "a.md").write_text("x", encoding="utf-8")
    (root / "notes.txt").write_text("x", encoding="utf-8")
    listed = _module_files(root)
    assert [relative for relative, _stat in listed] == [p.relative_to(root).as_posix() for p in sorted(root.rglob("*.md"))]
    # Each with the file's own stat (what the front-matter cache compares), not its folder's.
    assert all(stat is not None and stat.st_ino == (root / relative).stat().st_ino for relative, stat in listed)


def test_a_module_file_that_cannot_be_read_is_reported_not_skipped(course_copy: Path) -> None:
    """A dangling link where a module was: its stat fails while the folder is listed, and the
    course names the file as a problem, as it did when each file was stat'ed by path."""
    link = course_copy / "content" / "modules" / "1" / "gone.md"
    link.symlink_to(course_copy / "content" / "modules" / "1" / "no-such-file.md")
    course = open_course(course_copy)
    assert any(problem.path == link for problem in course.problems), course.problems
    assert "reg-scope" in course.modules
