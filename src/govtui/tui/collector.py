"""Full garbage-collection passes while the trainee is idle, rather than inside a key.

CPython's cyclic collector runs a full (generation 2) pass every tenth generation-1 pass. In govtui
that is every ten keys or so, and each pass walks every live object that start-up's `gc.freeze` did
not cover: the screens, their rendered lines (a Textual Strip carries seven small caches) and the
modules read. `gc.callbacks` in benchmarks/run.py measured 15-55 ms a pass, three or four per round
of keys; whichever key met one took that much longer to repaint.

So a window that owns its process (`govtui`, one app per process) makes automatic full passes ten
times rarer and runs them itself once no key, click or scroll has come for `IDLE_SECONDS`. Young
objects are still collected as usual (generations 0 and 1 cost a millisecond or two). Someone who
types without pause for a long time still gets automatic full passes, only fewer of them, so
garbage cannot pile up. A key pressed during an idle pass waits for it, as it would have waited for
an automatic one; waiting for idle makes that rare.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE_SECONDS = 1.0
"""How long without input counts as idle: longer than the gap between keys of someone moving
through a list, shorter than reading a screen."""

CHECK_SECONDS = 0.25
"""How often the app asks whether it is idle (a timer on the interface thread)."""

FULL_PASS_EVERY = 100
"""Generation-1 passes between automatic full passes (CPython's default is 10)."""

PENDING_PASSES = 3
"""An idle full pass is run only when at least this many generation-1 passes happened since the
last full one: there is little to find otherwise, and an idle window is not kept busy."""


class IdleCollector:
    """Defers full collections to idle time for as long as it is installed (process-wide)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_input = clock()
        self._saved: tuple[int, int, int] | None = None
        self.passes: list[float] = []
        """How long each idle pass took, in seconds (the benchmark reports them)."""

    @property
    def installed(self) -> bool:
        return self._saved is not None

    def install(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.set_threshold(young, middle, FULL_PASS_EVERY)

    def uninstall(self) -> None:
        """Give the process back CPython's thresholds (the app is closing)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def input_seen(self) -> None:
        self._last_input = self._clock()

    def idle(self) -> bool:
        return self._clock() - self._last_input >= IDLE_SECONDS

    def tick(self) -> bool:
        """Run a full pass if the trainee is idle and garbage may have piled up; True if it ran."""
        if not self.installed or not gc.isenabled() or not self.idle():
            return False
        if gc.get_count()[2] < PENDING_PASSES:
            return False
        start = time.perf_counter()
        gc.collect()
        self.passes.append(time.perf_counter() - start)
        del self.passes[:-50]
        return True
