"""Run a test in a given time zone, whatever zone the machine (or CI) is in.

Our users are in UTC+8 and CI in UTC; tests that depend on "today" run in both through the
`zone` fixture, which sets TZ and calls `time.tzset()` so that `datetime.astimezone()` follows.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

BEIJING = "Asia/Shanghai"
UTC_ZONE = "UTC"
ZONES = [BEIJING, UTC_ZONE]


@contextmanager
def in_zone(name: str) -> Iterator[None]:
    if not hasattr(time, "tzset"):  # Windows cannot switch zones inside a process
        pytest.skip("time.tzset is not available on this platform")
    previous = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = previous
        time.tzset()
