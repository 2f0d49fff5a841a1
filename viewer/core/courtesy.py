"""Vault-wide background work steps aside while the reader waits on the window.

CPython runs one thread at a time. While the GUI thread handles a burst of Qt calls into
Python (a note switch: its page, the tree opening the note's folder, the panels), each call
waits for a busy background thread to hand the interpreter over. On 100,000 notes, with the
switcher, name tables and search sync still building after a reopen, those hand-overs made
note switches stall the window 140-280 ms; with the builders done, 74 ms.

So the GUI thread says when the reader is waiting (`hold`), and the loops of vault-wide work
iterate through `paced` (or call `step_aside`), which sleeps, without the interpreter, until
the hold ends. Only vault-wide work steps aside: rendering the page the reader asked for, and
anything it waits on, never calls these. A hold is short, and one wait is bounded
(`MAX_WAIT_S`), so background work always progresses, even under a reader who never stops
switching, and a thread that steps aside while holding a lock the GUI thread then wants
delays it by one bounded wait at worst. No Qt here: the GUI side calls `hold`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TypeVar

T = TypeVar("T")

# One wait never lasts longer: the GUI thread may be waiting on a lock this thread holds.
MAX_WAIT_S = 0.25
# Items between two looks at the hold: about a millisecond of a typical loop's work.
PACE = 512
_SLEEP_S = 0.003

_until = 0.0  # monotonic time the current hold ends (a float store is atomic in CPython)
_holding = 0  # `holding` blocks open on the GUI thread: held however long they last


def hold(seconds: float) -> None:
    """The reader waits on the window for up to `seconds` from now: background loops pause
    (an earlier, longer hold is kept)."""
    global _until
    _until = max(_until, time.monotonic() + seconds)


@contextmanager
def holding(after: float = 0.0) -> Iterator[None]:
    """Hold for the whole block, however long it takes, and `after` seconds past its end
    (GUI thread only; nesting is harmless)."""
    global _holding
    _holding += 1
    try:
        yield
    finally:
        _holding -= 1
        hold(after)


def release() -> None:
    """The reader no longer waits: background loops go on at once (a `holding` block still
    open keeps its hold)."""
    global _until
    _until = 0.0


def held() -> bool:
    return _holding > 0 or _until > time.monotonic()


def step_aside() -> float:
    """In a background thread: sleep while a hold lasts (at most MAX_WAIT_S); the seconds
    waited. A no-op on the GUI thread, which is the one the hold is for."""
    now = time.monotonic()
    if not held() or threading.current_thread() is threading.main_thread():
        return 0.0
    started = now
    give_up = now + MAX_WAIT_S
    while True:
        end = give_up if _holding else min(_until, give_up)
        if now >= end:
            return now - started
        time.sleep(min(end - now, _SLEEP_S))
        now = time.monotonic()


def paced(items: Iterable[T], every: int = PACE) -> Iterator[T]:
    """`items`, stepping aside between runs of `every` of them."""
    iterator = iter(items)
    while True:
        run = list(islice(iterator, every))
        if not run:
            return
        step_aside()
        yield from run
