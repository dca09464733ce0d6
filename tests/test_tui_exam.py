"""Pilot tests for exams like Moodle: 答题卡 and flags, time warnings, the summary before 交卷,
and past attempts reopened from 历次成绩 with the wrong-only filter and the breakdown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui_helpers import answer, make_app, screen_text, wait_for

from govtui.core import clock
from govtui.core.progress import ExamAttempt, ProgressStore
from govtui.tui.screens.confirm import ConfirmDialog
from govtui.tui.screens.exam import ExamListScreen, ExamResultScreen, ExamScreen, format_clock
from govtui.tui.screens.exam_summary import SubmitSummaryDialog
from govtui.tui.widgets.answer_sheet import AnswerSheet


def sheet_text(app) -> str:
    return str(app.screen.query_one(AnswerSheet).render())


def cell_styles(app, number: int) -> set[str]:
    """The styles on a question's number in the 答题卡."""
    text = app.screen.query_one(AnswerSheet).content
    line = text.plain
    start = line.index(f" {number:>2}")
    return {str(span.style) for span in text.spans if span.start <= start + 1 < span.end}


async def test_flags_show_in_the_sheet_and_summary_and_the_attempt_reopens_filtered_to_wrong(
    bundled, isolated_data_dir: Path
) -> None:
    app = make_app(bundled, isolated_data_dir, profile="考生")
    app.rng_seed = 7
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExamScreen))
        exam = app.screen
        items = exam.paper.items
        first, second, fifth = items[0][0], items[1][0], items[4][0]

        await answer(pilot, first, exam.paper.orders[first.id], correct=True)  # on to question 2
        await pilot.press("m")  # flag question 2
        await answer(pilot, second, exam.paper.orders[second.id], correct=False)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert exam.index == 4
        await pilot.press("m")  # flag question 5, left unanswered
        await pilot.pause()
        assert "已标记" in screen_text(app)

        # The 答题卡: flags marked "!", answered and unanswered told apart by role style.
        sheet = sheet_text(app)
        assert "  2! " in sheet and "  5!" in sheet and "  1  " in sheet and "  3  " in sheet
        assert "good-bold" in cell_styles(app, 1) and "muted" in cell_styles(app, 3)
        # Jump from it: g, arrows, Enter.
        await pilot.press("g", "home", "right", "enter")
        await pilot.pause()
        assert exam.index == 1 and app.screen is exam

        # The summary lists unanswered and flagged questions; Enter (the default) keeps answering.
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, SubmitSummaryDialog))
        summary = app.screen.question
        total = len(items)
        assert f"已答 2/{total} 题" in summary and f"还有 {total - 2} 题未答：第 3–{total} 题" in summary
        assert "已标记 2 题：第 2、5 题" in summary
        listed = screen_text(app)
        assert "继续作答" in listed and "第 2 题 已标记" in listed and "第 5 题 未答 已标记" in listed
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is exam and not exam.submitted

        # Jump back to a flagged question from the summary.
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, SubmitSummaryDialog))
        choices = app.screen.query_one("#summary-choices")
        choices.highlighted = next(i for i in range(choices.option_count)
                                   if choices.get_option_at_index(i).id == "q4")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is exam)
        assert exam.index == 4

        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, SubmitSummaryDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ExamResultScreen))
        assert "标记 2 题" in screen_text(app)

        # Reopen it from 历次成绩.
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ExamListScreen))
        await pilot.press("h", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExamResultScreen))
        review = app.screen
        assert review.reopened and "回顾" in screen_text(app)
        assert first.stem in screen_text(app) and second.stem in screen_text(app)

        await pilot.press("w")
        await pilot.pause()
        shown = screen_text(app)
        assert "只看错题" in shown
        assert first.stem not in shown and second.stem in shown and fifth.stem in shown
        assert "[标记]" in shown

        await pilot.press("k")
        await pilot.pause()
        shown = screen_text(app)
        assert "按知识点" in shown and "按条文" in shown and second.point in shown

    saved = ProgressStore(isolated_data_dir).find("考生").exams[0]
    assert saved.flags == [second.id, fifth.id]
    assert saved.question_ids == [q.id for q, _ in items]
    assert saved.orders[first.id] == exam.paper.orders[first.id]
    assert saved.answers[first.id] and not saved.answers[second.id]


async def test_time_warnings_at_five_minutes_and_one_minute_then_time_out(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="计时")
    start = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        with clock.frozen(start):
            exam = ExamScreen(bundled.blueprints[0], seconds=30 * 60)
            await app.push_screen(exam)
            await pilot.pause()
        exam.stop_clock()  # the test drives the clock: real seconds must not tick in between
        status = app.screen.query_one("#exam-status")

        def toasts() -> list[str]:
            return [n.message for n in app._notifications]

        with clock.frozen(start + timedelta(minutes=20)):
            exam.tick()
            await pilot.pause()
        assert not toasts() and not status.has_class("-hurry")

        with clock.frozen(start + timedelta(minutes=25, seconds=1)):
            exam.tick()
            await pilot.pause()
        assert toasts() == ["还剩 5 分钟"]
        assert status.has_class("-hurry") and "04:59（不足 5 分钟）" in screen_text(app)

        with clock.frozen(start + timedelta(minutes=26)):
            exam.tick()  # said once only
            await pilot.pause()
        assert toasts() == ["还剩 5 分钟"]

        with clock.frozen(start + timedelta(minutes=29, seconds=30)):
            exam.tick()
            await pilot.pause()
        assert toasts()[-1] == "还剩 1 分钟，时间到将自动交卷"
        assert status.has_class("-last-minute") and not status.has_class("-hurry")
        assert "00:30（不足 1 分钟）" in screen_text(app)

        with clock.frozen(start + timedelta(minutes=30, seconds=1)):
            exam.tick()
            await wait_for(pilot, lambda: isinstance(app.screen, ExamResultScreen))
        assert "时间到，已自动交卷" in screen_text(app)
    attempt = ProgressStore(isolated_data_dir).find("计时").exams[0]
    assert attempt.timed_out and attempt.seconds == 30 * 60


async def test_a_late_start_warns_only_of_the_nearest_limit(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="迟到")
    start = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        with clock.frozen(start):
            exam = ExamScreen(bundled.blueprints[0], seconds=30 * 60)
            await app.push_screen(exam)
            await pilot.pause()
        exam.stop_clock()  # the test drives the clock: real seconds must not tick in between
        with clock.frozen(start + timedelta(minutes=29, seconds=10)):  # e.g. the laptop slept
            exam.tick()
            await pilot.pause()
        assert [n.message for n in app._notifications] == ["还剩 1 分钟，时间到将自动交卷"]


async def test_an_old_attempt_without_review_fields_reopens(bundled, isolated_data_dir: Path) -> None:
    question = next(q for q in bundled.questions.values() if q.type == "single")
    store = ProgressStore(isolated_data_dir)
    profile = store.create("老学员", None)
    profile.exams.append(ExamAttempt("mock-general", "2025-12-01T02:00:00+00:00", 2, 60, 300, False,
                                     {question.id: False, "gone-001": True}, {question.id: "A．旧答案"}))
    store.save(profile)
    app = make_app(bundled, isolated_data_dir, profile="老学员")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e", "h", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExamResultScreen))
        shown = screen_text(app)
        assert question.stem in shown and "A．旧答案" in shown and "没有保存选项顺序" in shown
        assert "gone-001" in shown and "已不在题库中" in shown
        await pilot.press("w")
        await pilot.pause()
        assert "gone-001" not in screen_text(app)  # it was right


async def test_reopening_an_attempt_over_a_running_exam_asks_first(bundled, isolated_data_dir: Path) -> None:
    store = ProgressStore(isolated_data_dir)
    profile = store.create("闭卷", None)
    profile.exams.append(ExamAttempt("mock-general", "2025-12-01T02:00:00+00:00", 2, 60, 300, False, {}, {}))
    store.save(profile)
    app = make_app(bundled, isolated_data_dir, profile="闭卷")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        exam = ExamScreen(bundled.blueprints[0], seconds=600)
        await app.push_screen(exam)
        await pilot.pause()
        await app.push_screen(ExamListScreen())  # however it got there
        await pilot.pause()
        await pilot.press("h", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("enter")  # the default keeps the exam: no review over it
        await pilot.pause()
        assert not any(isinstance(s, ExamResultScreen) for s in app.screen_stack) and not exam.submitted


async def test_the_sheet_is_drawn_once_with_its_real_rows_when_an_exam_starts(
    bundled, isolated_data_dir: Path, monkeypatch
) -> None:
    """Before its first layout the sheet used to guess 80 columns of content: at an 80-column
    terminal (78 inside its padding) that is one cell per row too many, so it was drawn again with
    another row once laid out, and the whole exam screen laid out a second time."""
    drawn: list[str] = []
    original = AnswerSheet.update

    def update(self, content="", **kwargs):
        drawn.append(str(content))
        return original(self, content, **kwargs)

    monkeypatch.setattr(AnswerSheet, "update", update)
    for size in ((80, 24), (120, 40)):
        drawn.clear()
        app = make_app(bundled, isolated_data_dir, profile="考生")
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await app.push_screen(ExamScreen(bundled.blueprints[0], seconds=600))
            await pilot.pause()
            await pilot.pause(0.1)
            sheet = app.screen.query_one(AnswerSheet)
            assert sheet.per_row == sheet.content_region.width // 4
            assert len(drawn) == 1, f"drawn {len(drawn)} times at {size}"
            assert f" {sheet.per_row + 1:>2}" in drawn[0].splitlines()[1]


async def _open_exam_list_with_its_prepared_exam(pilot) -> ExamScreen:
    """From home, open the exam list and wait for the exam screen it prepares."""
    app = pilot.app
    await pilot.pause()
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, ExamListScreen))
    exam_list = app.screen
    await wait_for(pilot, lambda: exam_list.ready_exam is not None and exam_list.ready_exam.is_mounted)
    return exam_list.ready_exam


async def test_the_exam_screen_prepared_while_the_list_is_shown_is_the_one_started_with_a_full_clock(
    bundled, isolated_data_dir: Path
) -> None:
    app = make_app(bundled, isolated_data_dir, profile="备考")
    start = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    async with app.run_test(size=(80, 24)) as pilot:
        prepared = await _open_exam_list_with_its_prepared_exam(pilot)
        assert prepared.timer is None  # not shown: its clock does not run
        with clock.frozen(start + timedelta(minutes=10)):
            # What the prepared screen shows (rendered ahead) is not what it shows once started.
            prepared.started = start + timedelta(minutes=7)
            prepared.update_status()
            await pilot.pause()
            await pilot.press("enter")
            await wait_for(pilot, lambda: app.screen is prepared)
            assert prepared.started == start + timedelta(minutes=10)
            assert prepared.remaining == prepared.seconds
        prepared.stop_clock()
        assert "剩余 " in screen_text(app) and "第 1/" in screen_text(app)
        # The clock shown is the full time too (the screen was rendered ahead, before the key).
        assert format_clock(prepared.seconds) in screen_text(app)


async def test_leaving_the_exam_list_drops_the_prepared_exam(bundled, isolated_data_dir: Path) -> None:
    app = make_app(bundled, isolated_data_dir, profile="备考")
    async with app.run_test(size=(80, 24)) as pilot:
        prepared = await _open_exam_list_with_its_prepared_exam(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not prepared.is_attached)
        assert not any(isinstance(s, ExamScreen) for s in app.screen_stack)
