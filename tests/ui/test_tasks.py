"""Tasks: vault-wide work has a pool of its own, so a page asked for meanwhile never waits
behind it, and `first` puts one background job ahead of those waiting."""

from __future__ import annotations

import threading

import pytest

from viewer.ui.tasks import Tasks


@pytest.fixture
def tasks(qtbot):
    tasks = Tasks(threads=1, background_threads=1)
    yield tasks
    tasks.shutdown(5000)


def test_a_page_does_not_wait_behind_vault_wide_work(qtbot, tasks):
    release = threading.Event()
    done: list[str] = []
    tasks.run("switcher", lambda: release.wait(10), lambda _r: done.append("switcher"),
              background=True)  # fmt: skip
    tasks.run("render", lambda: "page", done.append)
    qtbot.waitUntil(lambda: done == ["page"], timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: done == ["page", "switcher"], timeout=5000)


def test_first_goes_ahead_of_the_background_work_waiting(qtbot, tasks):
    release = threading.Event()
    order: list[str] = []

    def job(name: str):
        return lambda: order.append(name)

    tasks.run("busy", lambda: release.wait(10), lambda _r: None, background=True)
    tasks.run("prepare", job("prepare"), lambda _r: None, background=True)
    tasks.run("switcher", job("switcher"), lambda _r: None, background=True, first=True)
    release.set()
    qtbot.waitUntil(lambda: len(order) == 2, timeout=5000)
    assert order == ["switcher", "prepare"]
    qtbot.waitUntil(tasks.idle, timeout=5000)


def test_vault_wide_work_runs_one_job_at_a_time(qtbot):
    """Background jobs and page work that holds `vault_wide` never run at once: each is one
    more thread the GUI thread would queue behind for the interpreter."""
    tasks = Tasks(threads=2, background_threads=2)
    running, overlaps, done = [0], [0], []
    lock = threading.Lock()

    def job(name: str):
        def work():
            with lock:
                running[0] += 1
                overlaps[0] += running[0] > 1
            threading.Event().wait(0.05)  # long enough for a second job to start meanwhile
            with lock:
                running[0] -= 1
            return name

        return work

    def page_walk():
        with tasks.vault_wide:
            return job("page")()

    for name in ("switcher", "prepare", "changes"):
        tasks.run(name, job(name), done.append, background=True)
    tasks.run("outgoing-unlinked", page_walk, done.append)
    qtbot.waitUntil(lambda: len(done) == 4, timeout=5000)
    assert overlaps == [0]
    assert sorted(done) == ["changes", "page", "prepare", "switcher"]
    tasks.shutdown(5000)


def test_a_job_waiting_for_its_turn_does_not_run_after_cancel(qtbot):
    """A background job that waited for `vault_wide` while its owner quit never runs."""
    from viewer.ui.tasks import Cancelled

    tasks = Tasks(threads=1, background_threads=1)
    ran, raised = [], []
    gated = tasks._one_at_a_time(lambda: ran.append("job"))

    def worker():
        try:
            gated()
        except Cancelled:
            raised.append("cancelled")

    with tasks.vault_wide:  # another vault-wide job holds it
        thread = threading.Thread(target=worker)
        thread.start()
        tasks.cancel()
    thread.join(5)
    assert ran == [] and raised == ["cancelled"]
    assert tasks.shutdown(5000)


def test_work_learns_it_was_superseded_and_stops(qtbot):
    """A long read on a channel sees `superseded()` turn true once a newer one was asked for
    (the reader moved on), and stops: its worker is free for the page now wanted."""
    from viewer.ui.tasks import superseded

    tasks = Tasks(threads=2, background_threads=1)
    started, stopped, done = threading.Event(), threading.Event(), []

    def long_read():
        started.set()
        for _ in range(500):  # 5 s at most
            if superseded():
                stopped.set()
                raise InterruptedError("no longer wanted")
            threading.Event().wait(0.01)
        return "old"

    tasks.run("timestamps", long_read, done.append)
    assert started.wait(5)
    assert superseded() is False  # outside a task
    tasks.run("timestamps", lambda: "new", done.append)
    assert stopped.wait(5)
    qtbot.waitUntil(lambda: done == ["new"], timeout=5000)
    qtbot.waitUntil(tasks.idle, timeout=5000)
    assert done == ["new"]
    tasks.shutdown(5000)


def test_a_stream_with_its_first_item_alone_waits_until_the_item_is_taken(qtbot, tasks):
    order: list[str] = []

    def items():
        yield 1
        order.append("resumed")
        yield 2

    tasks.stream("page", items, lambda item: order.append(f"took {item}"), lambda _n: None,
                 first_alone=True)  # fmt: skip
    qtbot.waitUntil(lambda: len(order) == 3, timeout=5000)
    assert order == ["took 1", "resumed", "took 2"]


def test_a_stream_waiting_with_its_first_item_stops_when_superseded_or_cancelled(qtbot):
    tasks = Tasks(threads=1)
    resumed: list[int] = []

    def items(number: int):
        def generate():
            yield number
            resumed.append(number)

        return generate

    tasks.stream("page", items(1), lambda _i: None, lambda _n: None, first_alone=True)
    tasks.stream("page", items(2), lambda _i: None, lambda _n: None, first_alone=True)
    qtbot.waitUntil(lambda: resumed == [2], timeout=5000)  # the first went no further
    tasks.stream("page", items(3), lambda _i: None, lambda _n: None, first_alone=True)
    assert tasks.shutdown(2000)  # no event loop took the item: cancel frees the worker
    assert 3 not in resumed
