"""SharedVault: reads share the vault, a change has it alone, and nobody sees it mid-change."""

from __future__ import annotations

import threading
import time

import pytest

from viewer.session.shared import SharedVault


def test_reads_run_together():
    shared = SharedVault(object())  # type: ignore[arg-type]
    inside = threading.Barrier(3, timeout=5)

    def reader():
        with shared.read():
            inside.wait()  # all three readers are inside at once, or this times out

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert not any(thread.is_alive() for thread in threads)


def test_a_change_waits_for_running_reads_and_blocks_new_ones():
    shared = SharedVault(object())  # type: ignore[arg-type]
    events: list[str] = []
    reading = threading.Event()
    release = threading.Event()

    def long_read():
        with shared.read():
            events.append("read starts")
            reading.set()
            release.wait(5)
            events.append("read ends")

    def change():
        with shared.write():
            events.append("change")
            time.sleep(0.05)
            events.append("change ends")

    def late_read():
        with shared.read():
            events.append("late read")

    first = threading.Thread(target=long_read)
    first.start()
    reading.wait(5)
    writer = threading.Thread(target=change)
    writer.start()
    time.sleep(0.05)
    assert events == ["read starts"]  # the change waits for the running read
    release.set()
    first.join(5)
    writer.join(5)
    late = threading.Thread(target=late_read)
    late.start()
    late.join(5)
    assert events == ["read starts", "read ends", "change", "change ends", "late read"]
    assert shared.generation == 1


def test_a_read_started_during_a_change_sees_it_finished():
    shared = SharedVault(object())  # type: ignore[arg-type]
    state = {"halfway": False}
    seen: list[bool] = []
    changing = threading.Event()

    def change():
        with shared.write():
            state["halfway"] = True
            changing.set()
            time.sleep(0.1)
            state["halfway"] = False

    def reader():
        changing.wait(5)
        with shared.read():
            seen.append(state["halfway"])

    threads = [threading.Thread(target=change), threading.Thread(target=reader)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert seen == [False]


def test_a_change_cannot_read_through_its_own_lock():
    shared = SharedVault(object())  # type: ignore[arg-type]
    with shared.write(), pytest.raises(RuntimeError), shared.read():
        pass
