"""The GUI thread's bursts of calls from Qt wait for a worker no longer than a few µs."""

from __future__ import annotations

import sys

import pytest

from viewer.ui.interpreter import BURST_SWITCH_SECONDS, gui_first


def test_the_switch_interval_is_short_inside_and_restored_after():
    before = sys.getswitchinterval()
    with gui_first():
        assert sys.getswitchinterval() == pytest.approx(BURST_SWITCH_SECONDS)
        with gui_first():
            assert sys.getswitchinterval() == pytest.approx(BURST_SWITCH_SECONDS)
        assert sys.getswitchinterval() == pytest.approx(BURST_SWITCH_SECONDS)
    assert sys.getswitchinterval() == before


def test_the_interval_is_restored_when_the_block_raises():
    before = sys.getswitchinterval()

    @gui_first()
    def fails() -> None:
        assert sys.getswitchinterval() == pytest.approx(BURST_SWITCH_SECONDS)
        raise ValueError("boom")

    with pytest.raises(ValueError):
        fails()
    assert sys.getswitchinterval() == before
