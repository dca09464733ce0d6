"""Reply deadlines for a disclosure application (依申请公开的办理期限), articles 30–34.

Every result names the article it rests on and carries that article's text from
content/regulation.txt, so what the desk tool shows is the law itself, not a paraphrase.

Counting rule (《民法典》第二百零一条): the day the period starts is not counted; counting begins
the next day. "N working days from day D" is therefore the N-th working day after D.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from govtui.core import clock
from govtui.core.desk.workdays import WorkCalendar, unknown_year_warning
from govtui.core.numerals import chinese_number

COUNTING_RULE = (
    "开始的当日不计入，自下一日开始计算（参照《中华人民共和国民法典》第二百零一条）；"
    "工作日按国务院办公厅每年的节假日安排确定，扣除法定节假日，周末调休上班的日子算作工作日。"
    "（《条例》未规定期间的计算方法，以上是实务通行做法。）"
)

CHANNELS: dict[str, str] = {
    "当面": "申请人当面提交的，以提交之日为收到申请之日（第三十一条第（一）项）。“收到申请之日”填当面提交之日。",
    "邮寄": "以邮寄方式提交的，以行政机关签收之日为收到申请之日（第三十一条第（二）项）。“收到申请之日”填签收之日。",
    "平常信函": (
        "以平常信函等无需签收的邮寄方式提交的，政府信息公开工作机构应当于收到申请的当日与申请人确认，"
        "确认之日为收到申请之日（第三十一条第（二）项）。请确认：收到信函的当日已与申请人确认；“收到申请之日”填确认之日。"
    ),
    "网络": (
        "通过互联网渠道提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）。"
        "请确认：已与申请人确认收到；“收到申请之日”填双方确认之日，不是申请人点击提交之日。"
    ),
    "传真": (
        "通过政府信息公开工作机构的传真提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）。"
        "请确认：已与申请人确认收到传真；“收到申请之日”填双方确认之日。"
    ),
}
CHANNEL_ALIASES = {"post": "邮寄", "in-person": "当面", "letter": "平常信函", "online": "网络", "fax": "传真"}

PAUSE_RULE = (
    "征求意见期间的计法：自对方收到征求意见书的次日起至收到意见之日（含）止的工作日不计入答复期限。"
    "《条例》第三十三条第三款只规定“所需时间不计算在前款规定的期限内”，起止日的计法是本工具的约定（从严，"
    "邮寄征求意见书的在途时间也计入答复期限），请按本地规定核对。"
)


class DeadlineInputError(ValueError):
    """Input that cannot give a deadline; the message is for the user (Chinese)."""


@dataclass(frozen=True, slots=True)
class Consultation:
    """Consulting a third party (art. 32) or another agency (art. 34).

    `received` is the day the other side received the 征求意见书; `answered` the day its opinion
    arrived, or None while it is still awaited (then the latest case, its own deadline, is used).
    """

    received: date
    answered: date | None = None
    agency: bool = False

    @property
    def article(self) -> int:
        return 34 if self.agency else 32


@dataclass(slots=True)
class Deadline:
    """One computed date with its legal basis."""

    id: str
    title: str
    date: date | None  # None: the period is stated but its start is not known yet
    working_days: int
    counted_from: date
    article: int
    article_text: str
    note: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def article_label(self) -> str:
        return f"第{chinese_number(self.article)}条"

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "weekday": clock.weekday_name(self.date) if self.date else None,
            "working_days": self.working_days,
            "counted_from": self.counted_from.isoformat(),
            "article": self.article,
            "article_label": self.article_label,
            "article_text": self.article_text,
            "note": self.note,
            "warnings": self.warnings,
        }


@dataclass(slots=True)
class DeadlinePlan:
    """Everything the calculator says about one application."""

    received: date
    channel: str
    channel_rule: str
    completed: date | None
    consultations: list[Consultation]
    excluded_days: list[date]
    deadlines: list[Deadline]
    calendar: str
    received_article_text: str

    @property
    def warnings(self) -> list[str]:
        seen: list[str] = []
        for deadline in self.deadlines:
            for warning in deadline.warnings:
                if warning not in seen:
                    seen.append(warning)
        return seen

    def get(self, deadline_id: str) -> Deadline:
        return next(d for d in self.deadlines if d.id == deadline_id)

    def as_dict(self) -> dict[str, object]:
        return {
            "received": {
                "date": self.received.isoformat(),
                "weekday": clock.weekday_name(self.received),
                "channel": self.channel,
                "rule": self.channel_rule,
                "article": 31,
                "article_label": "第三十一条",
                "article_text": self.received_article_text,
            },
            "completed_application": self.completed.isoformat() if self.completed else None,
            "consultations": [
                {
                    "kind": "其他机关" if c.agency else "第三方",
                    "received": c.received.isoformat(),
                    "answered": c.answered.isoformat() if c.answered else None,
                }
                for c in self.consultations
            ],
            "excluded_working_days": [d.isoformat() for d in self.excluded_days],
            "counting_rule": COUNTING_RULE,
            "pause_rule": PAUSE_RULE if self.consultations else None,
            "calendar": self.calendar,
            "deadlines": [d.as_dict() for d in self.deadlines],
            "warnings": self.warnings,
        }


def normalize_channel(name: str) -> str:
    channel = CHANNEL_ALIASES.get(name, name)
    if channel not in CHANNELS:
        names = "、".join(CHANNELS)
        raise DeadlineInputError(f"提交方式无效：{name}（可选：{names}）")
    return channel


def plan_deadlines(
    received: date,
    calendar: WorkCalendar,
    articles: Mapping[int, str],
    *,
    channel: str = "当面",
    completed: date | None = None,
    consultations: list[Consultation] | None = None,
) -> DeadlinePlan:
    """All deadlines for an application received on `received` (already decided by art. 31)."""
    channel = normalize_channel(channel)
    consultations = list(consultations or [])
    if completed is not None and completed < received:
        raise DeadlineInputError(
            f"补正后申请的收到日 {completed.isoformat()} 早于收到申请之日 {received.isoformat()}"
        )
    deadlines: list[Deadline] = []

    def make(id_: str, title: str, start: date, days: int, article: int, note: str, skip=frozenset()) -> Deadline:
        day, unknown = calendar.add_workdays(start, days, skip)
        warnings = [unknown_year_warning(year) for year in unknown]
        return Deadline(id_, title, day, days, start, article, articles.get(article, ""), note, warnings)

    deadlines.append(
        make(
            "correction",
            "一次性告知补正的最后一天",
            received,
            7,
            30,
            "申请内容不明确的，应当给予指导和释明，并自收到申请之日起7个工作日内一次性告知申请人作出补正，"
            "说明需要补正的事项和合理的补正期限。",
        )
    )

    excluded: set[date] = set()
    for consultation in consultations:
        if consultation.received < received:
            raise DeadlineInputError(
                f"对方收到征求意见书之日 {consultation.received.isoformat()} 早于收到申请之日 {received.isoformat()}"
            )
        own = make(
            "agency-opinion" if consultation.agency else "third-party-opinion",
            ("被征求意见机关" if consultation.agency else "第三方") + f"提出意见的最后一天（{consultation.received.isoformat()} 收到征求意见书）",
            consultation.received,
            15,
            consultation.article,
            "被征求意见机关逾期未提出意见的视为同意公开。"
            if consultation.agency
            else "第三方逾期未提出意见的，由行政机关依照本条例的规定决定是否公开。",
        )
        deadlines.append(own)
        answered = consultation.answered or own.date
        if answered < consultation.received:
            raise DeadlineInputError(
                f"收到意见之日 {answered.isoformat()} 早于对方收到征求意见书之日 {consultation.received.isoformat()}"
            )
        if own.date is not None and answered > own.date:
            # Art. 32/34 end the other side's period at its 15th working day: an opinion that comes
            # later does not stretch the pause in the agency's own reply period.
            own.warnings.append(
                f"{'被征求意见机关' if consultation.agency else '第三方'}在 {answered.isoformat()} 才提出意见，"
                f"已超过其期限 {own.date.isoformat()}；逾期部分不从答复期限中扣除（{own.note}）"
            )
            answered = own.date
        excluded.update(calendar.workdays_between(consultation.received, answered))

    if not consultations:
        # Without dates the periods are stated, so that staff know them before sending a letter.
        for agency in (False, True):
            article = 34 if agency else 32
            deadlines.append(
                Deadline(
                    "agency-opinion" if agency else "third-party-opinion",
                    ("被征求意见机关" if agency else "第三方") + "提出意见的期限（未给出收到日）",
                    None,
                    15,
                    received,
                    article,
                    articles.get(article, ""),
                    "自对方收到征求意见书之日起15个工作日内；给出对方收到征求意见书之日后计算。",
                )
            )
    start = completed or received
    skip = frozenset(excluded)
    basis = "补正后的申请" if completed else "申请"
    pause = f"；已扣除征求意见期间的 {len(excluded)} 个工作日（第三十三条第三款）" if excluded else ""
    reply = make(
        "reply",
        "答复期限（不能当场答复的）",
        start,
        20,
        33,
        f"自收到{basis}之日起20个工作日内予以答复" + ("（第三十条：答复期限自行政机关收到补正的申请之日起计算）" if completed else "") + pause + "。",
        skip,
    )
    extended = make(
        "extended",
        "延长后的最迟答复期限",
        start,
        40,
        33,
        "需要延长的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日"
        f"（20＋20个工作日）{pause}。",
        skip,
    )
    # Reply first: it is the date most often asked for.
    order = {"reply": 0, "extended": 1, "correction": 2}
    deadlines = [reply, extended, *deadlines]
    deadlines.sort(key=lambda d: order.get(d.id, 3))
    return DeadlinePlan(
        received=received,
        channel=channel,
        channel_rule=CHANNELS[channel],
        completed=completed,
        consultations=consultations,
        excluded_days=sorted(excluded),
        deadlines=deadlines,
        calendar=calendar.describe(),
        received_article_text=articles.get(31, ""),
    )


def parse_date(text: str) -> date:
    """YYYY-MM-DD (also 2026/9/28, 2026年9月28日); DeadlineInputError otherwise."""
    import re

    raw = text.strip()
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", raw)
    if not match:
        raise DeadlineInputError(f"日期写法无效：{text!r}（应为 2026-09-28 这样的形式）")
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError as exc:
        raise DeadlineInputError(f"没有这一天：{text}") from exc


def parse_period(text: str, *, agency: bool = False) -> Consultation:
    """`收到日:回复日` or `收到日` (opinion still awaited)."""
    parts = text.replace("：", ":").split(":")
    if len(parts) > 2 or not parts[0].strip():
        raise DeadlineInputError(f"征求意见期间写法无效：{text!r}（应为 收到日:回复日，如 2026-10-09:2026-10-16）")
    received = parse_date(parts[0])
    answered = parse_date(parts[1]) if len(parts) == 2 and parts[1].strip() else None
    if answered is not None and answered < received:
        raise DeadlineInputError(f"征求意见期间 {text}：回复日早于收到日")
    return Consultation(received, answered, agency)


def _day(day: date) -> str:
    return f"{day.isoformat()} {clock.weekday_name(day)}"


def plan_text(plan: DeadlinePlan) -> str:
    """The plan as plain text for the terminal."""
    lines = [f"收到申请之日：{_day(plan.received)}（{plan.channel}）", f"  {plan.channel_rule}"]
    if plan.completed:
        lines.append(f"收到补正后申请之日：{_day(plan.completed)}")
    lines += [f"计算规则：{COUNTING_RULE}", f"节假日数据：{plan.calendar}", ""]
    for d in plan.deadlines:
        when = _day(d.date) if d.date else "（待定）"
        lines.append(f"{d.title}：{when}　〔{d.article_label}〕")
        if d.date:
            lines.append(f"  自 {d.counted_from.isoformat()} 起第 {d.working_days} 个工作日（当日不计）。{d.note}")
        else:
            lines.append(f"  {d.note}")
        lines += [f"  注意：{w}" for w in d.warnings]
    if plan.consultations:
        excluded = "、".join(day.isoformat() for day in plan.excluded_days) or "无"
        lines += ["", f"不计入答复期限的工作日：{excluded}", PAUSE_RULE]
    lines += ["", "依据条文（content/regulation.txt）："]
    articles = {31: plan.received_article_text}
    for d in plan.deadlines:
        articles.setdefault(d.article, d.article_text)
    for number in sorted(articles):
        text = articles[number] or f"第{chinese_number(number)}条（条文未找到）"
        lines += ["  " + line for line in text.splitlines()]
    return "\n".join(lines)
