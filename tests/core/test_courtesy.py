"""Vault-wide background work steps aside while the reader waits on the window."""

from __future__ import annotations

import threading
import time

import pytest

from viewer.core import courtesy


@pytest.fixture(autouse=True)
def no_hold_left():
    courtesy.release()
    yield
    courtesy.release()


def _in_thread(work) -> tuple[threading.Thread, list]:
    done: list = []
    thread = threading.Thread(target=lambda: done.append(work()), daemon=True)
    thread.start()
    return thread, done


def test_a_background_loop_waits_while_the_reader_waits_then_goes_on():
    courtesy.hold(30)
    thread, done = _in_thread(lambda: list(courtesy.paced(range(2000), every=100)))
    thread.join(0.3)
    assert thread.is_alive() and not done  # it steps aside before each run of items
    courtesy.release()
    thread.join(5)
    assert done == [list(range(2000))]


def test_without_a_hold_nothing_waits():
    started = time.monotonic()
    thread, done = _in_thread(lambda: sum(courtesy.paced(range(100_000))))
    thread.join(5)
    assert done == [sum(range(100_000))]
    assert time.monotonic() - started < 2


def test_one_wait_is_bounded_even_if_the_hold_lasts(monkeypatch):
    monkeypatch.setattr(courtesy, "MAX_WAIT_S", 0.05)
    courtesy.hold(30)
    thread, done = _in_thread(courtesy.step_aside)
    thread.join(5)
    assert done and 0.05 <= done[0] < 1


def test_the_gui_thread_never_steps_aside():
    courtesy.hold(30)
    assert courtesy.step_aside() == 0.0
    assert list(courtesy.paced("abc", every=1)) == ["a", "b", "c"]


def test_a_shorter_hold_keeps_the_longer_one():
    courtesy.hold(30)
    courtesy.hold(0)
    assert courtesy.held()
    courtesy.release()
    assert not courtesy.held()


def test_a_holding_block_holds_until_it_ends_then_for_its_tail():
    with courtesy.holding(after=30):
        thread, done = _in_thread(courtesy.step_aside)
        thread.join(0.1)
        assert thread.is_alive() and courtesy.held()
    assert courtesy.held()  # the tail
    courtesy.release()
    thread.join(5)
    assert done and not courtesy.held()
