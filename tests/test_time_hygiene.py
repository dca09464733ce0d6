"""Time goes through govtui.core.clock only: a stray `datetime.now()` once crashed the app in UTC+8."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "govtui"
FORBIDDEN = re.compile(r"datetime\.now\(|date\.today\(|datetime\.today\(|time\.localtime\(|datetime\.utcnow\(")


def test_no_module_reads_the_clock_itself() -> None:
    offenders = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in SRC.rglob("*.py")
        if path.name != "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if FORBIDDEN.search(line)
    ]
    assert offenders == [], "use govtui.core.clock instead:\n" + "\n".join(offenders)
