"""Home: the learner's "1+41+N" plan — required modules first (我的计划), the rest optional (选学) —
with completion per track and the suggested next step."""

from __future__ import annotations

import contextlib

from rich.text import Span, Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from govtui.core import clock
from govtui.core.plan import (
    CONTINUE,
    EXAM,
    QUIZ,
    READ,
    REVIEW,
    LearnerPlan,
    NextStep,
    format_hours,
    learner_plan,
    module_done,
    next_step,
    plan_progress,
    track_status,
)
from govtui.core.review_session import plan_today
from govtui.tui.next_step import NEXT_STEP_BINDING_UNLISTED, NEXT_STEP_KEY, suggested_step
from govtui.tui.widgets.key_bar import KeyBar
from govtui.tui.widgets.module_list import ModuleList
from govtui.tui.widgets.next_step import NextStepLine
from govtui.tui.widgets.plan_summary import PlanSummary
from govtui.tui.widgets.steady import OneFrameScreen
from govtui.tui.widgets.study_calendar import StudyCalendar
from govtui.tui.widgets.title_bar import TitleBar
from govtui.tui.widgets.track_bar import TrackBar

TRACK_KEYS = {"1": "1", "4": "41", "n": "N"}
TRACKS = Binding.Group("轨道")


class TrackCard(Vertical):
    """One track's title and completion bar."""

    def __init__(self, track_id: str) -> None:
        super().__init__(id=f"track-{track_id}", classes="track-card")
        self.track_id = track_id

    def compose(self) -> ComposeResult:
        yield Label(id=f"track-title-{self.track_id}", classes="track-title")
        yield TrackBar(id=f"track-bar-{self.track_id}")

    def show(self, title: str, done: int, total: int, read: int, percent: int, required: int = 0) -> None:
        label = Text(f"【{self.track_id}】{title}", style="bold")
        # How much of this track the learner's plan requires.
        if required and required == total:
            label.append(" 必修", style="good")
        elif required:
            label.append(f" 必修{required}个", style="good")
        else:
            label.append(" 选学", style="muted")
        label.append("\n")
        label.append(f"完成 {done}/{total} · 已读 {read}", style="not bold")
        self.query_one(Label).update(label)
        self.query_one(TrackBar).percent = percent


class HomeScreen(OneFrameScreen, Screen[None]):
    """“1+41+N”培训计划."""

    BINDINGS = [
        # Priority: the module list binds Enter too (hidden), which would keep it out of the footer.
        Binding("enter", "open_module", "阅读", tooltip="阅读所选模块", priority=True),
        Binding("t", "quiz", "测验", tooltip="开始所选模块的测验", id="quiz"),
        NEXT_STEP_BINDING_UNLISTED,
        Binding("v", "review", "复习", tooltip="每日复习：今天到期的题目", id="review"),
        Binding("w", "notebook", "错题本", tooltip="答错的题目，按知识点分组", id="notebook"),
        Binding("e", "exam", "考试", tooltip="模拟考试与历次成绩", id="exam"),
        Binding("c", "selfcheck", "自查", tooltip="机关自查：清单、得分、整改、导出", id="selfcheck"),
        Binding("1", "jump('1')", "跳到“1”全市通用", group=TRACKS),
        Binding("4", "jump('41')", "跳到“41”区县", group=TRACKS),
        Binding("n", "jump('N')", "跳到“N”部门/领域", group=TRACKS),
        Binding("slash", "app.search", "搜索", tooltip="在模块、条文、术语和报告原文中搜索", id="search", show=False),
        Binding("r", "app.regulation", "《条例》全文", show=False),
        Binding("g", "app.glossary", "术语表", show=False),
        Binding("p", "switch_profile", "换学员", show=False),
        Binding("u", "set_unit", "设置单位", show=False),
        Binding("i", "plan", "计划说明", tooltip="“1+41+N”和你的学习计划", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.quiz_modules: set[str] | None = None
        self._shown: tuple | None = None
        """(profile, its revision, banks read, local day) the screen was last drawn for."""
        self._last: dict[str, object] = {}
        """What each part was last drawn from: a part whose source is unchanged is not redrawn."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="learner", classes="screen-title")
        with Horizontal(id="tracks"):
            for track_id in self.app.course.tracks:
                yield TrackCard(track_id)
        # Under the cards, not above: stacked toasts in the bottom-right corner must not reach the
        # cards' edges, where Textual blanks a wide character that straddles a cut (textual#6357).
        yield NextStepLine(id="next-step")
        yield StudyCalendar(id="study-calendar")
        # 我的计划 heads the module list. (Not above the cards: there the cards moved down under
        # the corner where toasts appear, and a toast's wide characters were cut at card edges.)
        yield PlanSummary(id="plan-summary")
        yield ModuleList(id="modules")
        yield Static(Text.assemble(("/ 搜索 · r 条例全文 · g 术语表 · u 设置单位 · p 换学员 · Ctrl+P 命令面板", "muted")), id="home-hints")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "“1+41+N”培训计划"
        self.query_one("#modules", OptionList).focus()
        # Question banks only decide "完成" for unread-quiz modules; read them once the plan is up:
        # timed from its first paint, not from here, or on a slow start (a busy machine, two years
        # of answers) the reading thread began before that paint and held it back by taking turns
        # with it (benchmarks/run.py "start-up 50x, 15,000 answers").
        self.call_after_refresh(self.set_timer, 0.2, self.load_questions)

    def on_screen_resume(self) -> None:
        # Also runs when the screen is first shown. Coming back from a screen that changed
        # nothing (or a dialog) redraws nothing; otherwise only what changed is redrawn.
        if not self._drawn_for_now():
            self.refresh_plan()

    def _drawn_for_now(self) -> bool:
        """True when the screen already shows the current learner's record as it is now."""
        shown = self._shown
        profile = self.app.profile
        return (
            shown is not None
            and shown[0] is profile
            and shown[1:] == (profile.revision, self.quiz_modules is not None, clock.today())
        )

    @work(thread=True, exclusive=True, group="load-questions")
    def load_questions(self) -> None:
        # Question banks are not needed to draw the plan; read them after the first paint.
        questions = self.app.course.questions
        modules = {q.module for q in questions.values() if q.module}
        # Warm the imports the first keys need (the quiz and the reader screens).
        import govtui.tui.screens.quiz  # noqa: F401
        import govtui.tui.screens.reader  # noqa: F401
        self.app.call_from_thread(self._questions_loaded, modules)

    def _questions_loaded(self, modules: set[str]) -> None:
        self.quiz_modules = modules
        if self._closing or self._closed or self not in self.app.screen_stack:
            return  # left while the banks were read: refreshed on resume
        self.app.report_new_problems()
        # Every widget refresh_plan queries is composed once and never removed, so a miss means the
        # app is tearing the screen down (it quit while the banks were read): nothing to show.
        with contextlib.suppress(NoMatches):
            self.refresh_plan()

    def _changed(self, part: str, source: object) -> bool:
        """True (and remembered) when `part` is to be drawn from something new."""
        if self._last.get(part, self) == source:
            return False
        self._last[part] = source
        return True

    def refresh_plan(self) -> None:
        # The frame that repaints home (back from a module read, a quiz taken) also lays out
        # what changed, instead of one more layout and paint a frame later (OneFrameScreen).
        self.relayout()
        course, profile = self.app.course, self.app.profile
        self._shown = (profile, profile.revision, self.quiz_modules is not None, clock.today())
        units = {u.id: u.name for u in course.units}
        unit = units.get(profile.unit_id or "", "未设置单位")
        due = len(plan_today(profile).ids)  # within the learner's daily limits
        notebook = len(profile.notebook())
        today = format_hours(profile.study_seconds_on(clock.today()))
        streak = profile.streak()
        learner = (
            f"{profile.name}（{unit}） · 学时 {format_hours(profile.study_seconds)}（今日 {today}）"
            + (f" · 连续学习 {streak} 天" if streak > 1 else "")
            + f" · 今日复习 {due} 题 · 错题本 {notebook} 题"
        )
        if self._changed("learner", learner):
            self.query_one("#learner", Static).update(Text(learner))
        plan = learner_plan(course, profile.unit_id)
        self.query_one(StudyCalendar).show(profile)
        for status in track_status(course, profile, self.quiz_modules):
            required = sum(1 for m in course.tracks[status.track_id].module_ids if plan.is_required(m))
            shown = (status.title, status.done, status.total, status.read, status.percent, required)
            if self._changed(f"track-{status.track_id}", shown):
                self.query_one(f"#track-{status.track_id}", TrackCard).show(*shown)
        self.refresh_plan_summary(plan, due)
        self.refresh_module_list(plan)

    def refresh_plan_summary(self, plan: LearnerPlan, due: int | None = None) -> None:
        app = self.app
        progress = plan_progress(app.course, app.profile, plan, self.quiz_modules)
        if self._changed("plan-summary", (plan, progress)):
            self.query_one("#plan-summary", PlanSummary).show(plan, progress)
        step = self.next_step() if due is None else next_step(app.course, app.profile, self.quiz_modules, due)
        if self._changed("next-step", step):
            self.query_one("#next-step", NextStepLine).show(step, NEXT_STEP_KEY)

    def refresh_module_list(self, plan: LearnerPlan) -> None:
        """Required modules under 我的计划, then the rest under 选学, each grouped by track."""
        course = self.app.course
        option_list = self.query_one("#modules", OptionList)
        options = []
        for heading, module_ids in (
            (f"我的计划 · 必修 {len(plan.required)} 个模块", plan.required),
            (f"选学 · {len(plan.optional)} 个模块", plan.optional),
        ):
            if not module_ids:
                continue
            options.append(Option(Text(heading, style="bold reverse"), disabled=True))
            wanted = set(module_ids)  # (a list: 1,600 x 1,600 lookups at 50x content)
            for track in course.tracks.values():
                numbered = [(n, m) for n, m in enumerate(track.module_ids, start=1) if m in wanted]
                if not numbered:
                    continue
                options.append(Option(Text(f"【{track.id}】{track.title}", style="bold"), disabled=True))
                for number, module_id in numbered:
                    options.append(Option(self._module_label(number, course.modules[module_id]), id=module_id))
        shown = self._last.get("modules")
        same = isinstance(shown, list) and option_list.option_count == len(shown) == len(options)
        if same and [o.id for o in shown] == [o.id for o in options]:  # type: ignore[union-attr]
            # The same list (the usual return to home): only labels that changed are replaced,
            # which keeps the highlight and the scroll position and does not re-measure.
            for index, (old, new) in enumerate(zip(shown, options, strict=True)):  # type: ignore[arg-type]
                if old.prompt != new.prompt:
                    option_list.replace_option_prompt_at_index(index, new.prompt)
            self._last["modules"] = options
            return
        self._last["modules"] = options
        highlighted = option_list.highlighted
        option_list.clear_options()
        option_list.add_options(options)  # at once: each add_option re-measures the whole list
        if highlighted is not None and highlighted < option_list.option_count:
            option_list.highlighted = highlighted
        else:
            option_list.highlighted = next(
                (i for i in range(option_list.option_count) if not option_list.get_option_at_index(i).disabled), None
            )

    def _module_label(self, number: int, module) -> Text:
        profile = self.app.profile
        progress = profile.modules.get(module.id)
        has_quiz = None if self.quiz_modules is None else module.id in self.quiz_modules
        if module_done(module, profile, has_quiz):
            status, style = "  完成", "good"
        elif progress and progress.attempts:
            status, style = f"  测验 {progress.best_score}分", "warn"
        elif progress and progress.read:
            status, style = "  已读", "note"
        else:
            status, style = "  未学", "muted"
        # 学时: time spent against the suggested time.
        spent = (progress.study_seconds // 60) if progress else 0
        minutes = f" · {spent}/{module.minutes}分钟" if spent else f" · {module.minutes}分钟"
        # One Text made whole with its spans: appending three parts cleaned each of control
        # characters again, most of home's list at 50x content (1,600 rows, cProfile).
        title = f"  {number:02d} {module.title}"
        plain = title + status + minutes
        middle = len(title) + len(status)
        return Text(plain, spans=[Span(len(title), middle, style), Span(middle, len(plain), "muted")])

    def _selected_module(self):
        option_list = self.query_one("#modules", OptionList)
        if option_list.highlighted is None:
            return None
        option = option_list.get_option_at_index(option_list.highlighted)
        return self.app.course.modules.get(option.id or "")

    @on(OptionList.OptionSelected, "#modules")
    def action_open_module(self) -> None:
        module = self._selected_module()
        if module is not None:
            from govtui.tui.screens.reader import push_reader

            push_reader(self.app, module)

    def action_quiz(self) -> None:
        module = self._selected_module()
        if module is not None:
            from govtui.tui.screens.quiz import start_module_quiz

            start_module_quiz(self.app, module)

    def action_review(self) -> None:
        from govtui.tui.screens.review import start_review

        start_review(self.app)

    def action_notebook(self) -> None:
        from govtui.tui.screens.notebook import NotebookScreen

        self.app.push_screen(NotebookScreen())

    def action_selfcheck(self) -> None:
        checklist = self.app.course.checklist
        self.app.report_new_problems()  # the checklist loads lazily, here: say what it skipped
        if checklist is None:
            self.notify("自查清单不可用（content/selfcheck/checklist.toml 缺失或有误）", severity="warning")
            return
        from govtui.tui.screens.selfcheck import push_selfcheck_list

        push_selfcheck_list(self.app)

    def action_exam(self) -> None:
        from govtui.tui.screens.exam import ExamListScreen

        self.app.push_screen(ExamListScreen())

    def action_jump(self, track_id: str) -> None:
        option_list = self.query_one("#modules", OptionList)
        first = self.app.course.tracks[track_id].module_ids[:1]
        if first:
            index = option_list.get_option_index(first[0])
            option_list.highlighted = index
            # Show the track's header line and its modules below it, not just the first module.
            option_list.scroll_to(y=max(0, index - 1), animate=False, immediate=True)

    def action_set_unit(self) -> None:
        from govtui.tui.screens.unit import ask_unit

        ask_unit(self.app, self.refresh_plan)

    def next_step(self) -> NextStep:
        return suggested_step(self.app, self.quiz_modules)

    def action_next_step(self) -> None:
        """Do what the 下一步 line says."""
        step = self.next_step()
        module = self.app.course.modules.get(step.module_id or "")
        if step.kind in (CONTINUE, READ) and module is not None:
            from govtui.tui.screens.reader import push_reader

            push_reader(self.app, module)
        elif step.kind == QUIZ and module is not None:
            from govtui.tui.screens.quiz import start_module_quiz

            start_module_quiz(self.app, module)
        elif step.kind == REVIEW:
            self.action_review()
        elif step.kind == EXAM:
            self.action_exam()

    def action_plan(self) -> None:
        from govtui.tui.screens.plan import PlanScreen

        self.app.push_screen(PlanScreen(self.quiz_modules))

    def action_switch_profile(self) -> None:
        from govtui.tui.screens.profile import ProfileScreen

        # Pushed over this home screen: Esc comes back here, choosing a learner refreshes it.
        self.app.push_screen(ProfileScreen())
