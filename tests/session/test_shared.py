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


class SlowVault:
    """Applies each change in 5 ms (a note linked from a big folder)."""

    def __init__(self) -> None:
        self.applied: list[int] = []

    def apply(self, change: int) -> str:
        time.sleep(0.005)
        self.applied.append(change)
        return "ignored" if change % 10 == 0 else "updated"


def test_many_changes_let_a_read_in_between():
    """400 changes of 5 ms each (2 s): a read asked for meanwhile gets in within a hold,
    and sees the vault between two changes, never inside one."""
    vault = SlowVault()
    shared = SharedVault(vault)  # type: ignore[arg-type]
    result: list[list[int]] = []
    applier = threading.Thread(
        target=lambda: result.append(shared.apply_all(list(range(400)), lambda: None))
    )
    applier.start()
    time.sleep(0.2)
    asked = time.monotonic()
    with shared.read():
        waited = time.monotonic() - asked
        seen = len(vault.applied)
    applier.join(10)
    assert waited < 0.5  # one hold (WRITE_HOLD_SECONDS) and a change, not the 2 s of all
    assert 0 < seen < 400
    assert result == [[c for c in range(400) if c % 10]]  # all applied; those that changed


def test_applying_stops_when_its_owner_closes():
    vault = SlowVault()
    shared = SharedVault(vault)  # type: ignore[arg-type]
    closed = threading.Event()

    def check() -> None:
        if closed.is_set():
            raise InterruptedError

    failed: list[BaseException] = []

    def apply() -> None:
        try:
            shared.apply_all(list(range(2000)), check)  # 10 s in all
        except InterruptedError as error:
            failed.append(error)

    applier = threading.Thread(target=apply)
    applier.start()
    time.sleep(0.1)
    closed.set()
    applier.join(1)
    assert not applier.is_alive() and failed
    assert len(vault.applied) < 100
