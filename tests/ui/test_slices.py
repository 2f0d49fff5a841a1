"""Slices: GUI work a slice per turn of the event loop, one job at a time."""

from __future__ import annotations

from PySide6.QtCore import QObject

from viewer.ui.panel_parts import Slices


def _counting(calls: list[str], name: str, turns: int):
    """A step that is done on its `turns`-th call."""

    def step(_deadline: float) -> bool:
        calls.append(name)
        return calls.count(name) >= turns

    return step


def test_a_job_runs_a_slice_a_turn_until_done_then_says_so(qtbot):
    owner = QObject()
    slices, calls, finished = Slices(owner), [], []
    slices.start(_counting(calls, "a", 3), 0.01, lambda: finished.append(True))
    assert calls == ["a"]  # the first slice at once
    assert slices.busy()
    qtbot.waitUntil(lambda: finished == [True])
    assert calls == ["a", "a", "a"]
    assert not slices.busy()


def test_starting_another_job_drops_the_one_in_hand(qtbot):
    owner = QObject()
    slices, calls, finished = Slices(owner), [], []
    slices.start(_counting(calls, "old", 100), 0.01, lambda: finished.append("old"))
    slices.start(_counting(calls, "new", 2), 0.01, lambda: finished.append("new"))
    qtbot.waitUntil(lambda: finished == ["new"])
    assert calls == ["old", "new", "new"]


def test_a_cancelled_job_never_runs_again(qtbot):
    owner = QObject()
    slices, calls, finished = Slices(owner), [], []
    slices.start(_counting(calls, "a", 100), 0.01, lambda: finished.append(True))
    slices.cancel()
    slices.start(_counting(calls, "b", 3), 0.01)  # something to wait for
    qtbot.waitUntil(lambda: calls.count("b") == 3)
    assert calls.count("a") == 1 and finished == []


def test_a_step_may_start_the_next_job_itself(qtbot):
    owner = QObject()
    slices, calls = Slices(owner), []
    follow_up = _counting(calls, "next", 2)

    def first(_deadline: float) -> bool:
        calls.append("first")
        slices.start(follow_up, 0.01)  # e.g. a list that is found replaced
        return True

    slices.start(first, 0.01, lambda: calls.append("never: replaced"))
    qtbot.waitUntil(lambda: calls.count("next") == 2)
    assert calls == ["first", "next", "next"]
