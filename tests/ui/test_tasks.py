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
