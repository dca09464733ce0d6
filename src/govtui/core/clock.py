"""Time in one place: instants in UTC, calendar questions in the learner's local date.

Our users live in UTC+8 while servers and CI often run in UTC; a date taken from the wrong side
of midnight puts a review, a day of study or an exam on the wrong day. So:

- an *instant* (when something happened) is an aware datetime in UTC; it is stored as ISO 8601
  with `+00:00` and passed to libraries (fsrs accepts only UTC) as such;
- a *calendar date* ("today", the day of an exam, a day of study) is always the local date of an
  instant, decided by `local_date`.

Stored stamps written by older versions carry `+08:00` (local time with its offset) or no offset
at all. `parse_instant` reads all three; a stamp without an offset is taken as local wall time,
because that is what the learner's clock showed when it was written.

Tests pin "now" with `frozen` instead of patching `datetime` in every module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731 (replaced by `frozen`)

WEEKDAYS = "一二三四五六日"


def utc_now() -> datetime:
    """The current instant, aware and in UTC."""
    return _now().astimezone(UTC)


def local_now() -> datetime:
    """The current instant in the machine's local time zone (aware)."""
    return utc_now().astimezone()


def today() -> date:
    """The learner's calendar date now (local, not UTC)."""
    return local_now().date()


def now_stamp() -> str:
    """The current instant as a stored stamp: ISO 8601 in UTC, whole seconds."""
    return stamp(utc_now())


def stamp(instant: datetime) -> str:
    """A stored stamp for `instant` (naive datetimes are taken as local wall time)."""
    return as_utc(instant).isoformat(timespec="seconds")


def as_utc(instant: datetime) -> datetime:
    """`instant` in UTC; a naive datetime is local wall time."""
    if instant.tzinfo is None:
        instant = instant.astimezone()  # Python reads a naive datetime as local time here
    return instant.astimezone(UTC)


def parse_instant(text: str) -> datetime:
    """A stored stamp as an aware UTC datetime. Raises ValueError for text that is not a stamp."""
    return as_utc(datetime.fromisoformat(str(text).strip()))


def local_date(instant: datetime | str) -> date:
    """The local calendar date of an instant (or of a stored stamp)."""
    moment = parse_instant(instant) if isinstance(instant, str) else as_utc(instant)
    return moment.astimezone().date()


def next_local_day_start(instant: datetime) -> datetime:
    """The first instant (UTC) of the local calendar day after `instant`'s.

    `local_date(x) <= local_date(now)` is `x < next_local_day_start(now)`: one comparison per
    card instead of a time-zone conversion each (home counts due cards before its first paint).
    """
    following = local_date(instant) + timedelta(days=1)
    return as_utc(datetime.combine(following, time()))


def local_date_text(instant: datetime | str | None) -> str:
    """`YYYY-MM-DD` of a stamp in local time; empty for a missing or unreadable stamp."""
    if not instant:
        return ""
    try:
        return local_date(instant).isoformat()
    except (ValueError, OverflowError):
        return ""


def local_minute_text(instant: datetime | str | None) -> str:
    """`YYYY-MM-DD HH:MM` of a stamp in local time; empty for a missing or unreadable stamp."""
    if not instant:
        return ""
    try:
        moment = parse_instant(instant) if isinstance(instant, str) else as_utc(instant)
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError):
        return ""


def weekday_name(day: date) -> str:
    """星期一 … 星期日."""
    return "星期" + WEEKDAYS[day.weekday()]


def file_stamp() -> str:
    """A local-time stamp for file names (damaged-file copies, exports): sortable, no colons."""
    return local_now().strftime("%Y%m%d-%H%M%S")


@contextmanager
def frozen(instant: datetime) -> Iterator[None]:
    """Pin "now" (tests). A naive `instant` is local wall time."""
    global _now
    pinned = as_utc(instant)
    previous = _now
    _now = lambda: pinned  # noqa: E731
    try:
        yield
    finally:
        _now = previous
