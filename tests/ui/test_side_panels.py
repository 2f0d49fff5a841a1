"""The side panels follow the page: the one in front at once, the ones behind it once the
reader settles on a page, or as soon as one of them comes to the front."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import wait_page
from viewer.ui.outline_panel import OutlinePanel
from viewer.ui.side_panels import HIDDEN_PANELS_DELAY_MS
from viewer.ui.timestamps_panel import TimestampsPanel

NOTES = ["deepcast/future_of_work.md", "directory.md", "Welcome.md"]


@pytest.fixture
def window(open_window):
    return open_window(SAMPLE_VAULT)


def record(panel, monkeypatch) -> list:
    shown: list = []
    original = panel.show_page

    def show_page(session, location):
        shown.append(location.key if location else None)
        original(session, location)

    monkeypatch.setattr(panel, "show_page", show_page)
    return shown


def test_panels_behind_fill_once_the_reader_settles(qtbot, window, monkeypatch):
    sides = window.side_tabs
    outline = sides.panel(OutlinePanel)
    assert sides.currentWidget() is not outline
    front, behind = record(sides.currentWidget(), monkeypatch), record(outline, monkeypatch)
    sides._catch_up.setInterval(60_000)  # a reader faster than the delay, on a busy machine
    for note in NOTES:
        wait_page(qtbot, window, lambda n=note: window.open_note(n))
    assert front == NOTES  # the panel in front followed every page
    assert behind == []
    sides._catch_up.setInterval(HIDDEN_PANELS_DELAY_MS)
    sides._catch_up.start()  # as the last page did: the reader settles on it
    qtbot.waitUntil(lambda: behind == [NOTES[-1]], timeout=HIDDEN_PANELS_DELAY_MS * 10)


def test_a_panel_coming_forward_fills_at_once(qtbot, window, monkeypatch):
    sides = window.side_tabs
    timestamps = sides.panel(TimestampsPanel)
    shown = record(timestamps, monkeypatch)
    wait_page(qtbot, window, lambda: window.open_note(NOTES[0]))
    assert shown == []
    sides.setCurrentWidget(timestamps)
    assert shown == [NOTES[0]]
    sides._catch_up.timeout.emit()  # the others catch up later: not this one again
    assert shown == [NOTES[0]]


def test_panels_behind_wait_for_a_page_still_coming_in(qtbot, window, monkeypatch):
    # A long note's parts are appended turn by turn; the panels behind would read it in
    # workers meanwhile, competing with the parts for the interpreter.
    from viewer.session.location import NOTE_PAGE, Location

    sides = window.side_tabs
    outline = sides.panel(OutlinePanel)
    front, behind = record(sides.currentWidget(), monkeypatch), record(outline, monkeypatch)
    location = Location(NOTE_PAGE, NOTES[0])
    sides.show_page(location, complete=False)
    assert front == [NOTES[0]]  # the panel in front follows at once
    assert not sides._catch_up.isActive() and behind == []
    sides.page_completed(Location(NOTE_PAGE, NOTES[1]))  # another page's end: not this one
    assert not sides._catch_up.isActive()
    sides.page_completed(location)
    qtbot.waitUntil(lambda: behind == [NOTES[0]], timeout=HIDDEN_PANELS_DELAY_MS * 10)
