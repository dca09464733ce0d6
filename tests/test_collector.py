"""Full garbage collections wait for the trainee to be idle (tui/collector.py)."""

from __future__ import annotations

import gc

from govtui.tui.collector import FULL_PASS_EVERY, IDLE_SECONDS, PENDING_PASSES, IdleCollector


def test_a_full_pass_runs_only_when_idle_and_due_and_thresholds_come_back() -> None:
    now = [100.0]
    collector = IdleCollector(clock=lambda: now[0])
    saved = gc.get_threshold()
    assert not collector.tick(), "not installed: never"
    collector.install()
    try:
        assert gc.get_threshold() == (saved[0], saved[1], FULL_PASS_EVERY)
        for _ in range(PENDING_PASSES):
            gc.collect(1)  # each young pass counts towards the next full one
        now[0] += IDLE_SECONDS / 2
        assert not collector.tick(), "a key came half a second ago"
        now[0] += IDLE_SECONDS
        assert collector.tick(), "idle and due"
        assert gc.get_count()[2] == 0 and len(collector.passes) == 1
        assert not collector.tick(), "nothing due right after a full pass"
        for _ in range(PENDING_PASSES):
            gc.collect(1)
        collector.input_seen()
        assert not collector.tick(), "input just now"
    finally:
        collector.uninstall()
    assert gc.get_threshold() == saved
    collector.uninstall()  # twice is harmless
    assert gc.get_threshold() == saved


def test_no_idle_pass_while_the_collector_is_paused() -> None:
    now = [0.0]
    collector = IdleCollector(clock=lambda: now[0])
    collector.install()
    gc.disable()
    try:
        for _ in range(PENDING_PASSES):
            gc.collect(1)
        now[0] += IDLE_SECONDS * 2
        assert not collector.tick(), "start-up pauses the collector (tui_start.run_tui); an idle pass must not undo that"
    finally:
        gc.enable()
        collector.uninstall()
