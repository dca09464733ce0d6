"""Deadline calculator against dates counted by hand from the State Council holiday notices.

2026 as chinesecalendar 1.11 knows it: 中秋节 9月25日—27日 (9月20日 Sunday worked), 国庆节
10月1日—7日 (10月10日 Saturday worked), 春节 2月15日—23日 (2月14日 and 2月28日 Saturdays worked),
清明节 4月4日—6日. Every expected date below was counted on a calendar, day by day, with the
starting day not counted.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from govtui.cli import main
from govtui.core.desk.deadline import (
    Consultation,
    DeadlineInputError,
    parse_date,
    parse_period,
    plan_deadlines,
)
from govtui.core.desk.workdays import (
    HolidayFileError,
    WorkCalendar,
    load_holidays_file,
    open_calendar,
    template,
)


@pytest.fixture(scope="module")
def articles(bundled) -> dict[int, str]:
    return {n: a.text for n, a in bundled.regulation.articles.items()}


def dates(plan) -> dict[str, date | None]:
    return {d.id: d.date for d in plan.deadlines}


def test_national_day_with_make_up_saturday(articles) -> None:
    # 9-28 Mon received; 9-29, 9-30, [10-1..10-7 off], 10-8, 10-9, 10-10 (Sat, worked), 10-12, 10-13.
    plan = plan_deadlines(date(2026, 9, 28), WorkCalendar(), articles)
    got = dates(plan)
    assert got["correction"] == date(2026, 10, 13)
    assert got["reply"] == date(2026, 10, 30)
    assert got["extended"] == date(2026, 11, 27)
    assert plan.warnings == []
    reply = plan.get("reply")
    assert reply.article == 33 and reply.article_text == articles[33]
    assert "20个工作日内予以答复" in reply.article_text
    assert plan.get("correction").article == 30


def test_make_up_saturday_counts_and_holiday_does_not(articles) -> None:
    # Received Fri 10-9: the 1st working day after it is Saturday 10-10 (调休上班).
    plan = plan_deadlines(date(2026, 10, 9), WorkCalendar(), articles)
    assert WorkCalendar().add_workdays(date(2026, 10, 9), 1)[0] == date(2026, 10, 10)
    # 10-10, 12, 13, 14, 15, 16, 19
    assert dates(plan)["correction"] == date(2026, 10, 19)


def test_spring_festival(articles) -> None:
    # 2-10 Tue: 2-11, 2-12, 2-13, 2-14 (Sat, worked), [2-15..2-23 off], 2-24, 2-25, 2-26 -> 7th.
    # then 2-27, 2-28 (Sat, worked), 3-2 ... 3-16 is the 20th.
    plan = plan_deadlines(date(2026, 2, 10), WorkCalendar(), articles)
    got = dates(plan)
    assert got["correction"] == date(2026, 2, 26)
    assert got["reply"] == date(2026, 3, 16)


def test_correction_restarts_the_reply_period(articles) -> None:
    # Completed application arrives Mon 3-2: 20th working day 3-30; 40th crosses 清明 (4-4..4-6) -> 4-28.
    plan = plan_deadlines(date(2026, 2, 10), WorkCalendar(), articles, completed=date(2026, 3, 2))
    got = dates(plan)
    assert got["correction"] == date(2026, 2, 26)  # still counted from the first receipt
    assert got["reply"] == date(2026, 3, 30)
    assert got["extended"] == date(2026, 4, 28)
    assert "收到补正的申请之日" in plan.get("reply").note


def test_consultation_pause(articles) -> None:
    # Third party receives the letter Fri 10-9, answers Fri 10-16: 10-10 (Sat, worked), 10-12..10-16 are
    # left out, 6 working days. Reply 10-30 + 6 working days = 11-9; its own deadline 10-9 + 15 = 10-29.
    plan = plan_deadlines(
        date(2026, 9, 28), WorkCalendar(), articles, consultations=[Consultation(date(2026, 10, 9), date(2026, 10, 16))]
    )
    got = dates(plan)
    assert plan.excluded_days == [date(2026, 10, 10), *(date(2026, 10, d) for d in range(12, 17))]
    assert got["reply"] == date(2026, 11, 9)
    assert got["extended"] == date(2026, 12, 7)
    assert got["third-party-opinion"] == date(2026, 10, 29)
    assert plan.get("third-party-opinion").article == 32
    assert plan.get("correction").date == date(2026, 10, 13)  # 补正 is not paused


def test_agency_consultation_still_awaited_uses_its_deadline(articles) -> None:
    # Another agency receives the letter 10-9 and has not answered: assume it answers on 10-29 (its last day),
    # so 15 working days are left out: reply 10-30 -> 11-20.
    plan = plan_deadlines(
        date(2026, 9, 28), WorkCalendar(), articles, consultations=[parse_period("2026-10-09", agency=True)]
    )
    assert dates(plan)["agency-opinion"] == date(2026, 10, 29)
    assert plan.get("agency-opinion").article == 34
    assert len(plan.excluded_days) == 15
    assert dates(plan)["reply"] == date(2026, 11, 20)


def test_unknown_year_counts_weekends_only_and_warns_per_date(articles) -> None:
    # 12-14 Mon: 12-15..12-18, 12-21..12-25, 12-28..12-31 (13), 2027-1-1 Fri counted (weekends only), 1-4..1-8,
    # 1-11 -> 20th. 补正 (12-23) stays inside 2026 and gets no warning.
    plan = plan_deadlines(date(2026, 12, 14), WorkCalendar(), articles)
    assert dates(plan)["reply"] == date(2027, 1, 11)
    assert dates(plan)["correction"] == date(2026, 12, 23)
    assert plan.get("correction").warnings == []
    assert any("2027年的节假日安排未知" in w and "只扣除了周末" in w for w in plan.get("reply").warnings)
    assert plan.get("extended").warnings


HOLIDAYS_2027 = """schema = 1
# Test data only: 1 January is a public holiday every year (元旦); nothing else is claimed for 2027.
[years.2027]
"放假" = [2027-01-01]
"调休上班" = []
"""


def test_same_year_after_adding_a_holidays_file(tmp_path: Path, articles) -> None:
    (tmp_path / "holidays.toml").write_text(HOLIDAYS_2027, encoding="utf-8")
    calendar = open_calendar(tmp_path)
    plan = plan_deadlines(date(2026, 12, 14), calendar, articles)
    # 1-1 is now off: 12-31 is the 13th, 1-4..1-8 (18), 1-11, 1-12 -> 20th.
    assert dates(plan)["reply"] == date(2027, 1, 12)
    assert plan.warnings == []
    assert "holidays.toml" in plan.calendar


def test_make_up_workday_from_file(tmp_path: Path) -> None:
    path = tmp_path / "h.toml"
    path.write_text('schema = 1\n[years.2030]\n"放假" = ["2030-10-01"]\n"调休上班" = ["2030-09-29"]\n', encoding="utf-8")
    calendar = WorkCalendar(load_holidays_file(path), path)
    assert calendar.is_workday(date(2030, 9, 29))  # a Sunday worked
    assert not calendar.is_workday(date(2030, 10, 1))


def test_unfilled_template_is_still_unknown(tmp_path: Path) -> None:
    path = tmp_path / "h.toml"
    path.write_text(template(2027), encoding="utf-8")
    assert not WorkCalendar(load_holidays_file(path), path).knows(2027)


def test_bad_holidays_file(tmp_path: Path) -> None:
    path = tmp_path / "h.toml"
    path.write_text('schema = 1\n[years.2027]\n"放假" = ["2028-01-01"]\n', encoding="utf-8")
    with pytest.raises(HolidayFileError, match="不在 2027 年"):
        load_holidays_file(path)


def test_bad_inputs(articles) -> None:
    with pytest.raises(DeadlineInputError, match="没有这一天"):
        parse_date("2026-02-30")
    with pytest.raises(DeadlineInputError, match="日期写法无效"):
        parse_date("明天")
    assert parse_date("2026年9月28日") == date(2026, 9, 28)
    with pytest.raises(DeadlineInputError, match="回复日早于收到日"):
        parse_period("2026-10-16:2026-10-09")
    with pytest.raises(DeadlineInputError, match="早于收到申请之日"):
        plan_deadlines(date(2026, 9, 28), WorkCalendar(), articles, completed=date(2026, 9, 1))
    with pytest.raises(DeadlineInputError, match="提交方式无效"):
        plan_deadlines(date(2026, 9, 28), WorkCalendar(), articles, channel="飞鸽")


def test_cli_json_lists_every_deadline_with_its_article(capsys) -> None:
    assert main(["deadline", "2026-09-28", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_id = {d["id"]: d for d in data["deadlines"]}
    assert set(by_id) == {"reply", "extended", "correction", "third-party-opinion", "agency-opinion"}
    assert (by_id["reply"]["date"], by_id["reply"]["weekday"], by_id["reply"]["article"]) == ("2026-10-30", "星期五", 33)
    assert by_id["correction"]["article_text"].startswith("第三十条 ")
    assert by_id["third-party-opinion"]["article"] == 32 and by_id["agency-opinion"]["article"] == 34
    assert data["received"]["article"] == 31 and "第二百零一条" in data["counting_rule"]


def test_cli_text_with_chinese_and_ascii_options(capsys) -> None:
    assert main(["deadline", "2026-02-10", "--channel", "邮寄", "--补正", "2026-03-02"]) == 0
    chinese = capsys.readouterr().out
    assert main(["deadline", "2026-02-10", "--channel", "post", "--correction", "2026-03-02"]) == 0
    assert capsys.readouterr().out == chinese
    assert "答复期限（不能当场答复的）：2026-03-30 星期一" in chinese
    assert "签收之日" in chinese and "第二百零一条" in chinese
    assert main(["deadline", "2026-09-28", "--征求意见", "2026-10-09:2026-10-16"]) == 0
    assert "2026-11-09 星期一" in capsys.readouterr().out


def test_cli_confirmations_for_letter_online_and_fax(capsys) -> None:
    for channel in ("平常信函", "网络", "传真"):
        assert main(["deadline", "2026-09-28", "--channel", channel]) == 0
        assert "请确认" in capsys.readouterr().out


def test_cli_default_date_is_local_today(capsys) -> None:
    from datetime import datetime

    from govtui.core import clock

    with clock.frozen(datetime(2026, 9, 28, 9, 0)):
        assert main(["deadline", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["received"]["date"] == "2026-09-28"


def test_cli_holidays_file_and_template(tmp_path: Path, capsys) -> None:
    assert main(["deadline", "--holidays-template", "2027"]) == 0
    text = capsys.readouterr().out
    assert "[years.2027]" in text and '"调休上班"' in text
    assert main(["deadline", "2026-12-14"]) == 0
    assert "2027年的节假日安排未知" in capsys.readouterr().out
    path = tmp_path / "h.toml"
    path.write_text(HOLIDAYS_2027, encoding="utf-8")
    assert main(["deadline", "2026-12-14", "--holidays", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["id"]: d["date"] for d in data["deadlines"]}["reply"] == "2027-01-12"
    assert data["warnings"] == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["deadline", "2026-13-01"], "没有这一天"),
        (["deadline", "昨天"], "日期写法无效"),
        (["deadline", "2026-09-28", "--channel", "电话"], "提交方式无效"),
        (["deadline", "2026-09-28", "--holidays", "/nonexistent/h.toml"], "找不到节假日文件"),
        (["deadline", "--holidays-template", "明年"], "年份无效"),
        (["deadline", "2026-09-28", "--consult", "2026-10-09:x"], "日期写法无效"),
    ],
)
def test_cli_bad_input_exits_2_with_chinese_message(argv, message, capsys) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_a_late_opinion_does_not_stretch_the_pause() -> None:
    """Art. 32/34: the other side's period ends at its 15th working day; later days still count."""
    calendar = WorkCalendar()
    on_time = plan_deadlines(date(2026, 11, 2), calendar, {}, consultations=[Consultation(date(2026, 11, 4), None, False)])
    late = plan_deadlines(
        date(2026, 11, 2), calendar, {}, consultations=[Consultation(date(2026, 11, 4), date(2026, 12, 18), False)]
    )
    assert late.get("reply").date == on_time.get("reply").date
    assert any("已超过其期限" in w for w in late.warnings)
