"""The GUI thread first in line for the interpreter while Qt calls into Python in a burst."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from ..core import courtesy

# How long a worker may keep the interpreter from the GUI thread during a burst. Expanding a
# folder of 6,000 notes makes Qt call the tree model about 12,000 times, and each call waits
# for a running worker as long as the switch interval lets it (the app's 0.2 ms): 400-660 ms
# with a vault-wide job running on 100,000 notes.
BURST_SWITCH_SECONDS = 0.000005
# Vault-wide background work steps aside (`core.courtesy`) for a burst and this long after
# it: the next burst of the same gesture (a reveal's expand, then its paint) follows within it.
BURST_HOLD_S = 0.05
# ... and from a page asked for until it is shown (renders take 5-30 ms; a slow one is shown
# in parts, each asked for again), then while the tree and panels follow it and it paints.
PAGE_HOLD_S = 0.3
SHOWN_HOLD_S = 0.1


@contextmanager
def gui_first() -> Iterator[None]:
    """Shorten the switch interval for the block and hold vault-wide background work aside
    (GUI thread only; nesting is harmless)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, BURST_SWITCH_SECONDS))
    try:
        with courtesy.holding(after=BURST_HOLD_S):  # a 200 ms folder opening, held throughout
            yield
    finally:
        sys.setswitchinterval(before)


def page_asked() -> None:
    """The reader asked for a page: background work waits while it renders."""
    courtesy.hold(PAGE_HOLD_S)


def page_shown() -> None:
    """The page is set: background work waits while the window follows it and paints, then
    goes on (not for the rest of PAGE_HOLD_S)."""
    courtesy.release()
    courtesy.hold(SHOWN_HOLD_S)
