"""Loader and validator: the bundled course is clean, and broken files are named with their line."""

from __future__ import annotations

from pathlib import Path

from govtui.core.check import check_course
from govtui.core.course import open_course
from govtui.core.model import QUESTION_TYPES


def problems_for(root: Path) -> list[str]:
    return [str(p) for p in check_course(open_course(root)).problems]


def test_bundled_course_is_valid(bundled) -> None:
    result = check_course(bundled)
    assert result.problems == []
    counts = result.counts
    assert set(counts["modules_per_track"]) == {"1", "41", "N"}
    assert all(n > 0 for n in counts["modules_per_track"].values())
    assert counts["articles"] == 56
    assert all(counts["questions_per_type"][t] > 0 for t in QUESTION_TYPES)


def test_tracks_follow_front_matter_order(bundled) -> None:
    track = bundled.tracks["1"]
    orders = [bundled.modules[m].order for m in track.module_ids]
    assert orders == sorted(orders)
    assert track.module_ids[0] == "report-overview"


def test_units_are_41_district_level_units_plus_departments(bundled) -> None:
    # Township (乡镇（街道）) and "other" are generic choices, not among the 41.
    district_level = [u for u in bundled.units if u.kind not in ("department", "township", "other")]
    assert len(district_level) == 41
    names = {u.name for u in district_level}
    assert {"渝中区", "两江新区", "重庆高新区", "万盛经开区", "彭水苗族土家族自治县"} <= names
    assert any(u.kind == "department" for u in bundled.units)


def test_module_body_is_read_lazily_and_skips_front_matter(bundled) -> None:
    module = bundled.modules["report-overview"]
    body = module.body()
    assert "+++" not in body.splitlines()[0]
    assert module.objectives and module.sources


def test_broken_quiz_toml_names_file_and_line(course_copy: Path) -> None:
    bank = course_copy / "quizzes" / "report-overview.toml"
    lines = bank.read_text(encoding="utf-8").splitlines()
    lines.insert(5, 'stem = "unterminated')
    bank.write_text("\n".join(lines), encoding="utf-8")
    problems = problems_for(course_copy)
    assert len(problems) == 1
    assert problems[0].startswith(f"{bank}:6:")


def test_answer_not_among_choices_is_reported_at_its_line(course_copy: Path) -> None:
    bank = course_copy / "quizzes" / "zz-extra.toml"
    bank.write_text(
        'schema = 1\nmodule = "report-overview"\n\n[[questions]]\nid = "x-001"\ntype = "single"\n'
        'stem = "题干"\nchoices = ["甲", "乙"]\nanswer = "C"\nexplanation = "解析"\n'
        'sources = ["reg:1"]\npoint = "要点"\ndifficulty = 1\n',
        encoding="utf-8",
    )
    problems = problems_for(course_copy)
    assert problems == [f"{bank}:9: 题目 x-001：答案应为选项字母之一（A/B），现为 'C'"]
    for wrong in ('"AB"', '""'):
        bank.write_text(bank.read_text(encoding="utf-8").replace('answer = "C"', f"answer = {wrong}"), encoding="utf-8")
        assert any("答案应为选项字母之一" in p for p in problems_for(course_copy)), wrong
        bank.write_text(bank.read_text(encoding="utf-8").replace(f"answer = {wrong}", 'answer = "C"'), encoding="utf-8")


def test_duplicate_question_id_and_missing_article(course_copy: Path) -> None:
    bank = course_copy / "quizzes" / "zz-extra.toml"
    bank.write_text(
        'schema = 1\n\n[[questions]]\nid = "rpa-001"\ntype = "truefalse"\nstem = "题干"\nanswer = true\n'
        'explanation = "解析"\nsources = ["reg:57"]\npoint = "要点"\ndifficulty = 1\n\n'
        '[[questions]]\nid = "x-002"\ntype = "fill"\nstem = "没有空位"\nanswer = ["1"]\n'
        'explanation = "解析"\nsources = ["reg:1"]\npoint = "要点"\ndifficulty = 1\n\n'
        '[[questions]]\nid = "x-003"\ntype = "truefalse"\nstem = "题干"\nanswer = true\n'
        'explanation = "解析"\nsources = ["reg:57"]\npoint = "要点"\ndifficulty = 1\n\n'
        '[[questions]]\nid = "x-004"\ntype = "truefalse"\nstem = "题干"\nanswer = true\n'
        'explanation = "解析"\nsources = ["reg:1"]\npoint = "要点"\n',
        encoding="utf-8",
    )
    problems = problems_for(course_copy)
    assert any(p.startswith(f"{bank}:3:") and "题目 id 重复" in p for p in problems)
    assert any(p.startswith(f"{bank}:16:") and "____" in p for p in problems)
    assert f"{bank}:23: 题目 x-003：出处不存在 reg:57" in problems
    assert f"{bank}:33: 题目 x-004：difficulty 应为 1、2 或 3" in problems


def test_module_front_matter_problems(course_copy: Path) -> None:
    module = course_copy / "content" / "modules" / "1" / "report-overview.md"
    text = module.read_text(encoding="utf-8").replace('track = "1"', 'track = "2"', 1)
    module.write_text(text, encoding="utf-8")
    broken = course_copy / "content" / "modules" / "1" / "broken.md"
    broken.write_text('+++\nid = "broken"\ntitle = "x"\n', encoding="utf-8")
    problems = problems_for(course_copy)
    assert any(p.startswith(f"{module}:") and "track" in p for p in problems)
    assert f"{broken}:1: 前置元数据缺少结束行 +++" in problems


def test_body_link_to_missing_article_names_the_line(course_copy: Path) -> None:
    module = course_copy / "content" / "modules" / "1" / "report-overview.md"
    text = module.read_text(encoding="utf-8") + "\n见[第九十九条](reg:99)。\n"
    module.write_text(text, encoding="utf-8")
    line = len(text.splitlines())
    problems = problems_for(course_copy)
    assert problems == [f"{module}:{line}: 正文链接：出处不存在 reg:99"]


def test_missing_regulation_is_one_problem_not_hundreds(course_copy: Path) -> None:
    (course_copy / "content" / "regulation.txt").unlink()
    problems = problems_for(course_copy)
    assert problems == [f"{course_copy / 'content' / 'regulation.txt'}: 文件不存在"]


def test_exam_and_checklist_settings_are_validated(course_copy: Path) -> None:
    exams = course_copy / "content" / "exams.toml"
    text = exams.read_text(encoding="utf-8")
    exams.write_text(text.replace("count = 20\npoints = 2\n", "count = 20\npoints = 2\ndifficulty = 2\n", 1)
                     + '\n[[blueprints]]\nid = "mock-general"\ntitle = "重复"\nminutes = 5\npass_score = 60\n'
                     '[[blueprints.sections]]\ntype = "single"\ncount = 50\npoints = 2\n', encoding="utf-8")
    checklist = course_copy / "content" / "selfcheck" / "checklist.toml"
    checklist.write_text(checklist.read_text(encoding="utf-8").replace("partial_credit = 0.5", "partial_credit = 2"), encoding="utf-8")
    problems = problems_for(course_copy)
    assert any(str(exams) in p and "difficulty 应为" in p for p in problems)
    assert any(str(exams) in p and "id 重复：mock-general" in p for p in problems)
    assert any(p.startswith(f"{checklist}:") and "partial_credit" in p for p in problems)


def test_glossary_problem_names_its_line(course_copy: Path) -> None:
    glossary = course_copy / "content" / "glossary.toml"
    lines = glossary.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("sources"))
    lines[index] = 'sources = ["reg:99"]'
    glossary.write_text("\n".join(lines), encoding="utf-8")
    header = max(i for i, line in enumerate(lines[:index]) if line.strip() == "[[terms]]") + 1
    problems = problems_for(course_copy)
    assert len(problems) == 1 and problems[0].startswith(f"{glossary}:{header}:")


def test_misspelt_field_and_unknown_schema_are_reported(course_copy: Path) -> None:
    bank = course_copy / "quizzes" / "report-problems.toml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text.replace("explanation = ", "explaination = ", 1), encoding="utf-8")
    problems = problems_for(course_copy)
    assert any("未知字段 explaination" in p for p in problems)
    bank.write_text("schema = 2\n" + text.replace("schema = 1\n", "", 1), encoding="utf-8")
    assert any(p.startswith(f"{bank}:1:") and "schema" in p for p in problems_for(course_copy))
