"""Backlink rows are made in a worker that lets the window draw first."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from viewer.core import courtesy
from viewer.core.vault import Vault
from viewer.session.location import NOTE_PAGE, Location
from viewer.session.mentions import mention_rows


@pytest.fixture(autouse=True)
def no_hold_left():
    courtesy.release()
    yield
    courtesy.release()


def _twenty_linking_notes(make_vault) -> Vault:
    notes = {f"n{i:02d}.md": f"# N{i}\n\nSee [[target]] here.\n" for i in range(20)}
    return Vault.load(make_vault({"target.md": "# Target\n", **notes}), workers=1)


LINKING = [f"n{i:02d}.md" for i in range(20)]


@pytest.fixture
def reader_waits(monkeypatch):
    """The reader waits on the window for 30 s, and a background wait may last as long."""
    monkeypatch.setattr(courtesy, "MAX_WAIT_S", 30.0)
    courtesy.hold(30)


def _in_worker(work: Callable[[], list]) -> tuple[threading.Thread, list]:
    """Run `work` in a thread (as the panels' workers do); the list fills when it is done."""
    found: list = []
    worker = threading.Thread(target=lambda: found.extend(work()), daemon=True)
    worker.start()
    return worker, found


def test_backlink_rows_wait_while_the_reader_waits_on_the_window(make_vault, reader_waits):
    # A row costs about 2 ms; a note with dozens of backlinks held the interpreter just as
    # the window drew the switch that asked for them.
    vault = _twenty_linking_notes(make_vault)
    worker, rows = _in_worker(lambda: mention_rows(vault, Location(NOTE_PAGE, "target.md")))
    worker.join(0.3)
    assert worker.is_alive() and rows == []
    courtesy.release()
    worker.join(10)
    assert [row.source for row in rows] == LINKING
    assert {row.context for row in rows} == {"See target here."}


def test_a_panel_parses_linking_notes_only_when_the_reader_is_not_waiting(make_vault, reader_waits):
    # Finding the mentions parses each linking note (about 1 ms each): on 100,000 notes that
    # ran, unpaced, while the tree opened a folder of 6,000 rows for the same switch.
    vault = _twenty_linking_notes(make_vault)
    worker, found = _in_worker(lambda: vault.backlinks("target.md", courteous=True))
    worker.join(0.3)
    assert worker.is_alive() and found == []
    courtesy.release()
    worker.join(10)
    assert [m.source for m in found] == LINKING


def test_the_page_itself_never_waits_for_the_reader(make_vault, reader_waits):
    # A page render reads mentions too (a topic's page): it is what the reader waits for.
    vault = _twenty_linking_notes(make_vault)
    worker, found = _in_worker(lambda: vault.backlinks("target.md"))
    worker.join(10)
    assert not worker.is_alive() and len(found) == 20
