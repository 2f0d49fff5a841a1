"""Cyclic garbage is collected on the GUI thread, never in a worker that allocates."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from viewer.ui.gc_guard import GuiThreadCollector


class Cycle:
    """Part of a reference cycle that records the thread that finally frees it."""

    freed_in: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        Cycle.freed_in.append(threading.current_thread().name)


def test_the_application_collects_on_the_gui_thread(qapp, qtbot):
    collector = qapp.collector
    assert collector.active and not gc.isenabled()
    Cycle.freed_in.clear()

    kept: list[list] = []

    def worker() -> None:
        Cycle()  # unreachable at once, freed only by a collection
        kept.extend([] for _ in range(50_000))  # far past generation 0's threshold

    thread = threading.Thread(target=worker, name="allocating-worker")
    thread.start()
    thread.join()
    assert Cycle.freed_in == []  # the worker allocated past every threshold: nothing ran
    qtbot.waitUntil(lambda: Cycle.freed_in != [], timeout=5000)
    assert Cycle.freed_in == [threading.main_thread().name]


def test_collect_due_follows_python_s_thresholds(qapp):
    collector = GuiThreadCollector()
    collector.collect_due()
    gc.collect()  # counts start from zero
    assert collector.collect_due() is None
    junk = [[] for _ in range(gc.get_threshold()[0] + 10)]
    assert collector.collect_due() == 0
    del junk


def test_stop_hands_back_to_python(qapp):
    collector = GuiThreadCollector()
    qapp.collector.stop()
    try:
        assert gc.isenabled()
        collector.start()
        assert not gc.isenabled()
        collector.stop()
        assert gc.isenabled()
    finally:
        qapp.collector.start()
    assert not gc.isenabled()


def test_a_full_collection_waits_for_a_quarter_more_old_objects(qapp):
    collector = GuiThreadCollector()
    gc.collect()
    collector._long_lived = len(gc.get_objects(generation=2))
    assert not collector._full_collection_due()
    grown = [[] for _ in range(collector._long_lived // 4 + 1000)]
    gc.collect(1)  # the new lists reach the oldest generation
    assert collector._full_collection_due()
    del grown


def test_no_collection_while_a_worker_builds_with_the_collector_paused(qapp):
    """A worker inside gc_paused builds objects that form no cycles (an index, a tree, the
    switcher): walking them on the GUI thread would only stall it, so the collector waits
    until the build is done."""
    from viewer.core.indexer import gc_paused

    collector = GuiThreadCollector()
    gc.collect()
    building, done = threading.Event(), threading.Event()

    def worker() -> None:
        with gc_paused():
            building.set()
            done.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    building.wait(5)
    junk = [[] for _ in range(gc.get_threshold()[0] + 10)]
    assert collector.collect_due() is None  # due, but a build is under way
    done.set()
    thread.join()
    assert collector.collect_due() == 0
    del junk
