"""`govtui report import`: a report becomes a draft course that `govtui check` accepts."""

from __future__ import annotations

import re
import time
import tomllib
from pathlib import Path

import pytest

from govtui.cli import main
from govtui.core.check import check_course
from govtui.core.course import open_course
from govtui.core.exam import ExamSection
from govtui.core.paths import bundled_course_dir
from govtui.core.report import LOST_MARK
from govtui.core.reports.importer import ImportError_, import_report

FIXTURES = Path(__file__).parent / "fixtures" / "annual-reports"
SEED = FIXTURES / "chongqing-2020-city.txt"
SHANGHAI = FIXTURES / "shanghai-2019-city-office.html"


def bundled_text(paragraph) -> str:
    """A bundled paragraph as the scraped page printed it: lost-word marks out, restored words undone."""
    text = paragraph.text.replace(LOST_MARK, "")
    if paragraph.restored:
        text = text.replace("习近平新时代", "习新时代")
    return text


@pytest.fixture
def seed_course(tmp_path: Path):
    out = tmp_path / "seed-course"
    result = import_report(SEED, out, bundled_course_dir())
    return out, result


def test_seed_import_passes_govtui_check(seed_course, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = seed_course
    course = open_course(out)
    result = check_course(course)
    assert result.ok, [str(p) for p in result.problems]
    assert result.counts["draft_questions"] == result.counts["questions"] > 0
    assert main(["check", "--course", str(out)]) == 0
    assert "其中草稿题" in capsys.readouterr().out


def test_seed_import_reproduces_the_bundled_paragraphs(seed_course, bundled) -> None:
    out, _ = seed_course
    imported = open_course(out).report
    bundled_paragraphs = list(bundled.report.paragraphs.values())
    assert "".join(p.text for p in imported.paragraphs.values()) == "".join(bundled_text(p) for p in bundled_paragraphs)
    # Each of the seven sections is one module holding that section's text.
    course = open_course(out)
    for number, section in enumerate(("s1", "s2", "s3", "s4", "s5", "s6", "s7"), start=2):
        module = course.modules[f"part-{number:02d}"]
        cited = "".join(imported.paragraphs[s.split(":")[1]].text for s in module.sources)
        expected = "".join(bundled_text(p) for p in bundled_paragraphs if p.section == section)
        assert cited == expected, section


def test_seed_import_removes_junk_and_flags_the_three_lost_word_places(seed_course) -> None:
    out, result = seed_course
    assert [r.split("：")[0] for r in result.removed] == ["来源说明行", "第13行（网站提示）", "第14行（网站提示）", "第15行（网站提示）"]
    report = (out / "content" / "report.toml").read_text(encoding="utf-8")
    assert "浏览器" not in report and "电子游戏" not in report
    snippets = [re.search(r"“(.+?)”", item).group(1) for item in result.lost]
    assert snippets == ["以习新时代", "热线条", "等线万次", "以习新时代"]
    data = tomllib.loads(report)
    notes = {p["id"]: p.get("notes", []) for p in data["paragraphs"]}
    assert [pid for pid, n in notes.items() if n] == ["p2", "p5", "p7", "p11"]
    # The words are flagged, never filled in: the text stays as scraped.
    assert "开通心理援助热线条" in data["paragraphs"][4]["text"]
    notes_file = (out / "IMPORT.md").read_text(encoding="utf-8")
    assert "热线条" in notes_file and "第15行" in notes_file


def test_seed_import_modules_follow_the_headings(seed_course) -> None:
    out, result = seed_course
    course = open_course(out)
    titles = [course.modules[m].title for m in result.modules]
    assert titles[0] == "报告开头（编制依据与概况）"
    assert titles[1] == "（一）围绕治理体系和治理能力现代化,推进权力运行信息公开"
    assert titles[7] == "（七）围绕提升公开意识和能力,切实加强工作组织保障"
    assert titles[8] == "存在的主要问题及改进情况（标题为导入时所加）"
    assert titles[9] == "关键数字"


def test_draft_questions_come_from_sentences_with_one_figure_and_never_from_lost_words(seed_course) -> None:
    out, _ = seed_course
    course = open_course(out)
    questions = list(course.questions.values())
    assert questions and all(q.draft and q.type == "fill" for q in questions)
    for question in questions:
        sentence = question.explanation.removeprefix("报告原文：")
        assert sentence.replace(question.answer[0], "____", 1) in question.stem
        paragraph = course.report.paragraphs[question.sources[0].split(":")[1]]
        assert sentence in paragraph.text
        assert "热线条" not in sentence and "等线万次" not in sentence
    figures = (out / "content" / "modules" / "1" / "part-figures.md").read_text(encoding="utf-8")
    assert "| 5758件 |" in figures and "(report:p9)" in figures


def test_drafts_are_kept_out_of_exams(seed_course) -> None:
    out, _ = seed_course
    question = next(iter(open_course(out).questions.values()))
    section = ExamSection("fill", 1, 100)
    assert not section.accepts(question, {})
    question.draft = False
    assert section.accepts(question, {})


def test_draft_must_be_a_boolean(course_copy: Path) -> None:
    bank = course_copy / "quizzes" / "reg-ch1-general.toml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text.replace("difficulty = ", 'draft = "yes"\ndifficulty = ', 1), encoding="utf-8")
    result = check_course(open_course(course_copy))
    assert any("draft 应为 true 或 false" in str(p) for p in result.problems)


def test_shanghai_import_modules_follow_its_own_headings(tmp_path: Path) -> None:
    out = tmp_path / "sh"
    result = import_report(SHANGHAI, out, bundled_course_dir())
    course = open_course(out)
    assert check_course(course).ok
    assert [course.modules[m].title for m in result.modules] == [
        "报告开头（编制依据与概况）",
        "一、总体情况",
        "（一）主动公开方面",
        "（二）依申请公开方面",
        "（五）监督保障方面",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、政府信息公开工作存在的主要问题及改进情况 （一）主要问题",
        "六、其他需要报告的事项",
        "关键数字",
    ]
    table = course.modules["part-07"].body()
    assert "| （一）予以公开 | 258 | 12 | （空） | （空） | 1 | 1 | （空） |" in table
    stems = {q.stem: q.answer for q in course.questions.values()}
    assert stems["根据报告的统计表填空：本年新收政府信息公开申请总计____件。"] == ("859",)
    assert "正文“予以公开及部分公开258件”" in (out / "IMPORT.md").read_text(encoding="utf-8")


def test_import_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ImportError_):
        import_report(SEED, tmp_path / "x", bundled_course_dir())
    assert main(["report", "import", str(SEED), "--out", str(tmp_path / "x")]) == 1
    assert "不为空" in capsys.readouterr().err
    assert (tmp_path / "x" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_cli_import_lists_what_it_removed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "import", str(SEED), "--out", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert "已删除抓取垃圾 4 处" in out and "疑似缺字 4 处" in out and "热线条" in out


def test_importing_the_seed_takes_under_a_second(tmp_path: Path) -> None:
    start = time.perf_counter()
    import_report(SEED, tmp_path / "timed", bundled_course_dir())
    assert time.perf_counter() - start < 1.0
