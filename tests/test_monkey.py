"""Monkey test: 10,000 seeded random keys with resizes, across every screen, and no exception.

Keys go into the app's queue as a terminal would send them, a batch at a time, without Pilot's
wait after every key (20 ms or more each: 10,000 keys would take minutes).

Keys that open each screen (Enter, t, v, w, e, c, r, g, /, Ctrl+P…) are drawn more often than the
rest so the walk keeps reaching new screens; Escape is common enough to come back. A quit key ends
a batch: if the app then exits (quitting is allowed), it is started again until all keys are sent.
An exception inside the app makes Textual exit and re-raise it when `run_test` ends.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from pathlib import Path

from textual import events
from tui_helpers import make_app

TOTAL_KEYS = int(os.environ.get("GOVTUI_MONKEY_KEYS", "10000"))
BATCH = 40
DRAIN_TURNS = 200
TIME_LIMIT = 900  # seconds; about 150 on an idle 2-core machine
SEED = 20261201

OPENERS = ["enter", "t", "v", "w", "e", "c", "r", "g", "slash", "ctrl+p", "f1", "question_mark", "n", "s", "x"]
MOVES = ["up", "down", "left", "right", "pageup", "pagedown", "home", "end", "tab", "shift+tab", "space"]
OTHERS = [
    *"abcdefhijklmopuyz",
    *"0123456789",
    "backspace",
    "delete",
    "ctrl+s",
    "j",
    "k",
    "minus",
    "comma",
    "full_stop",
]
QUITS = ["q", "ctrl+q", "ctrl+c"]
CHARACTERS = {"space": " ", "slash": "/", "question_mark": "?", "minus": "-", "comma": ",", "full_stop": ".",
              "enter": "\r", "tab": "\t", "escape": "\x1b", "backspace": "\x7f"}


async def send_keys(app, keys: list[str]) -> int:
    """Queue key events the way the terminal driver does, without Pilot's waits; stop if the app exits.

    After each key the test only lets the app's own queue drain (a few loop turns): screens that
    the key pushed are still mounting when the next key comes, as with fast typing.
    """
    for count, key in enumerate(keys, 1):
        character = key if len(key) == 1 else CHARACTERS.get(key)
        app.post_message(events.Key(key, character))
        # Bounded: on a loaded machine a screen's timer (the exam clock) can post messages faster
        # than they are handled, and an unbounded "until empty" never ends (seen in CI-like runs).
        for _ in range(DRAIN_TURNS):
            if app._message_queue.empty():
                break
            await asyncio.sleep(0)
        await asyncio.sleep(0)
        if app._exit:
            return count
    return len(keys)


def random_batch(rng: random.Random) -> list[str]:
    keys = []
    for _ in range(BATCH):
        roll = rng.random()
        if roll < 0.07:
            keys.append("escape")  # as often as a key that opens a screen, so the stack stays short
        elif roll < 0.14:
            keys.append(rng.choice(OPENERS))
        elif roll < 0.60:
            keys.append(rng.choice(MOVES))
        else:
            keys.append(rng.choice(OTHERS))
    if rng.random() < 0.04:
        keys[-1] = rng.choice(QUITS)
    return keys


async def test_ten_thousand_random_keys_raise_nothing(bundled, isolated_data_dir: Path) -> None:
    rng = random.Random(SEED)
    sent = runs = 0
    screens: set[str] = set()
    started = time.monotonic()
    while sent < TOTAL_KEYS:
        runs += 1
        # The first run meets the first-run screen; later ones come back as a learner.
        app = make_app(bundled, isolated_data_dir, profile=None if runs == 1 else "猴子")
        app.rng_seed = rng.randrange(1000)
        app.animation_level = "none"  # scrolling animations would only add frames to wait for
        size = (rng.randint(60, 160), rng.randint(20, 50))
        async with app.run_test(size=size, notifications=True) as pilot:
            await pilot.pause()
            while sent < TOTAL_KEYS and not app._exit:
                if rng.random() < 0.04:
                    await pilot.resize_terminal(rng.randint(60, 160), rng.randint(20, 50))
                sent += await send_keys(app, random_batch(rng))
                # A hang would stall CI for its whole time limit: fail instead, saying where it was.
                assert time.monotonic() - started < TIME_LIMIT, f"{sent} keys after {TIME_LIMIT} s on {app.screen!r}"
                if sent % (BATCH * 4) < BATCH:
                    await pilot.pause()  # now and then let timers, workers and repaints catch up
                if not app._exit:
                    screens.add(type(app.screen).__name__)
        # Leaving `run_test` re-raises any exception the app met (pytest shows it with its keys).
        assert app._exception is None
    elapsed = time.monotonic() - started
    print(f"{sent} keys, {runs} runs, {len(screens)} screens seen in {elapsed:.0f} s: {sorted(screens)}")
    assert len(screens) >= min(8, sent // 500), screens
