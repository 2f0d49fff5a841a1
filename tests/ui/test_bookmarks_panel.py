"""Bookmarks in the window: Ctrl+D on note, topic, tag and episode pages, a heading and a
search; the Bookmarks tab by keyboard (Enter, Delete, Alt+Up/Down) and mouse (click, drag);
the list kept per vault across two windows. And the Random Note and Go › Recent commands."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import click_page, wait_page
from viewer.session.bookmarks import EPISODE, HEADING, NOTE, SEARCH, TAG, TOPIC, Bookmarks
from viewer.session.location import EPISODE_PAGE, TAG_PAGE, TOPIC_PAGE, Location

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
FUTURE, DIRECTORY = "deepcast/future_of_work.md", "directory.md"


@pytest.fixture
def vault(tmp_path):
    root = tmp_path / "vault"
    shutil.copytree(SAMPLE_VAULT, root)
    return root


@pytest.fixture
def window(qtbot, open_window, vault):
    window = open_window(vault, FUTURE)
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)
    return window


def listed(window) -> list[tuple[str, str]]:
    return [(b.kind, b.target) for b in window.workspace.bookmarks.bookmarks()]


def rows(window) -> list[str]:
    items = window.workspace.bookmarks.list
    return [items.item(i).text() for i in range(items.count())]


def ctrl_d(qtbot, window) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window.note_pane, Qt.Key.Key_D, CTRL)


def test_ctrl_d_bookmarks_pages_of_every_kind_and_toggles(qtbot, window):
    panel = window.findChild(QWidget, "bookmarksPanel")
    assert panel is window.workspace.bookmarks
    assert window.left_tabs.indexOf(panel) >= 0
    window.note_pane.setFocus()
    ctrl_d(qtbot, window)
    assert listed(window) == [(NOTE, FUTURE)]
    assert rows(window) == ["The Future of Work"]
    assert window.commands.action("bookmark").isChecked()
    for location in (
        Location(TOPIC_PAGE, "Tomas Reyes"),
        Location(TAG_PAGE, "design"),
        Location(EPISODE_PAGE, "p0Wz_7HnYtE"),
    ):
        wait_page(qtbot, window, lambda location=location: window.area.open(location))
        assert not window.commands.action("bookmark").isChecked()
        window.note_pane.setFocus()
        ctrl_d(qtbot, window)
    assert listed(window) == [
        (NOTE, FUTURE),
        (TOPIC, "Tomas Reyes"),
        (TAG, "design"),
        (EPISODE, "p0Wz_7HnYtE"),
    ]
    assert rows(window)[2] == "#design"
    # A search, from the search panel.
    window.search_vault()
    qtbot.keyClicks(window.search_panel.query, "battery")
    ctrl_d(qtbot, window)
    assert listed(window)[-1] == (SEARCH, "battery")
    assert rows(window)[-1] == "Search: battery"
    # Again on a bookmarked page: the bookmark goes.
    wait_page(qtbot, window, lambda: window.open_note(FUTURE))
    assert window.commands.action("bookmark").isChecked()
    window.note_pane.setFocus()
    ctrl_d(qtbot, window)
    assert (NOTE, FUTURE) not in listed(window)
    assert not window.commands.action("bookmark").isChecked()


def test_a_heading_bookmark_opens_at_its_heading(qtbot, window):
    pane = window.note_pane
    assert pane.scroll_to_anchor("the-middle-of-the-ladder")
    qtbot.keyClick(pane, Qt.Key.Key_D, CTRL | SHIFT)
    marks = window.workspace.bookmarks.bookmarks()
    assert [(b.kind, b.target, b.heading) for b in marks] == [
        (HEADING, FUTURE, "The middle of the ladder")
    ]
    assert rows(window) == ["The Future of Work › The middle of the ladder"]
    wait_page(qtbot, window, lambda: window.open_note(DIRECTORY))
    window.workspace.bookmarks.list.setFocus()
    window.workspace.bookmarks.list.setCurrentRow(0)
    shown = wait_page(
        qtbot, window, lambda: qtbot.keyClick(window.workspace.bookmarks.list, Qt.Key.Key_Return)
    )
    assert shown.key == FUTURE and shown.anchor == "the-middle-of-the-ladder"
    qtbot.waitUntil(lambda: window.note_pane.scroll_position() > 0)
    # At the top of a note there is no heading to bookmark.
    window.note_pane.verticalScrollBar().setValue(0)
    window.workspace.bookmark_heading()
    assert len(window.workspace.bookmarks.bookmarks()) == 1


def test_the_list_by_keyboard_and_mouse(qtbot, window):
    for path in (FUTURE, DIRECTORY, "Welcome.md"):
        wait_page(qtbot, window, lambda path=path: window.open_note(path))
        window.workspace.toggle_bookmark()
    qtbot.keyClick(window.note_pane, Qt.Key.Key_B, CTRL | SHIFT)  # Bookmarks, focused
    items = window.workspace.bookmarks.list
    assert window.left_tabs.currentWidget() is window.workspace.bookmarks
    assert items.hasFocus()
    assert [t for _, t in listed(window)] == [FUTURE, DIRECTORY, "Welcome.md"]
    # F6 and Shift+F6 visit the list while its tab is in front.
    qtbot.keyClick(items, Qt.Key.Key_F6)
    assert window.note_pane.hasFocus()
    qtbot.keyClick(window.note_pane, Qt.Key.Key_F6, SHIFT)
    assert items.hasFocus()
    # Alt+Down / Alt+Up move the current row (Alt+Up is Parent Page elsewhere).
    items.setCurrentRow(0)
    qtbot.keyClick(items, Qt.Key.Key_Down, ALT)
    assert [t for _, t in listed(window)] == [DIRECTORY, FUTURE, "Welcome.md"]
    assert items.currentRow() == 1
    qtbot.keyClick(items, Qt.Key.Key_Down, ALT)
    qtbot.keyClick(items, Qt.Key.Key_Up, ALT)
    assert [t for _, t in listed(window)] == [DIRECTORY, FUTURE, "Welcome.md"]
    # A drag moves a row the same way (the drop is a row move of the list's model).
    items.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)
    assert [t for _, t in listed(window)] == ["Welcome.md", DIRECTORY, FUTURE]
    stored = Bookmarks.for_vault(window.vault_root)
    assert [b.target for b in stored] == ["Welcome.md", DIRECTORY, FUTURE]
    # Enter opens; Ctrl+Enter in a new tab; Delete removes.
    items.setCurrentRow(1)
    shown = wait_page(qtbot, window, lambda: qtbot.keyClick(items, Qt.Key.Key_Return))
    assert shown.key == DIRECTORY and len(window.area.readers()) == 1
    items.setFocus()
    shown = wait_page(qtbot, window, lambda: qtbot.keyClick(items, Qt.Key.Key_Return, CTRL))
    assert shown.key == DIRECTORY and len(window.area.readers()) == 2
    items.setFocus()
    items.setCurrentRow(1)
    qtbot.keyClick(items, Qt.Key.Key_Delete)
    assert [t for _, t in listed(window)] == ["Welcome.md", FUTURE]
    # A click opens; a middle-click opens in a new tab.
    middle = items.visualItemRect(items.item(1)).center()
    shown = click_page(qtbot, window, items.viewport(), middle)
    assert shown.key == FUTURE
    shown = click_page(qtbot, window, items.viewport(), middle, Qt.MouseButton.MiddleButton)
    assert shown.key == FUTURE and len(window.area.readers()) == 3


def test_a_search_bookmark_runs_its_search(qtbot, window):
    window.search_vault()
    qtbot.keyClicks(window.search_panel.query, "hydrophone")
    window.workspace.toggle_bookmark()
    window.search_panel.query.clear()
    window.focus_tree()
    window.workspace.bookmarks.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: window.session.search_ready, timeout=20_000)
    window.workspace.open_bookmark(window.workspace.bookmarks.bookmarks()[0])
    assert window.left_tabs.currentWidget() is window.search_panel
    assert window.search_panel.query.text() == "hydrophone"
    qtbot.waitUntil(lambda: window.search_panel.results.topLevelItemCount() > 0)


def test_bookmarks_are_kept_per_vault_across_two_windows(qtbot, open_window, vault):
    first = open_window(vault, FUTURE)
    first.workspace.toggle_bookmark()
    wait_page(qtbot, first, lambda: first.open_note(DIRECTORY))
    first.workspace.toggle_bookmark()
    # A second window on the same vault, open at the same time, sees them and adds one.
    second = open_window(vault, "Welcome.md")
    assert [t for _, t in listed(second)] == [FUTURE, DIRECTORY]
    second.workspace.toggle_bookmark()
    # The first window's next change keeps the second's bookmark.
    first.workspace.bookmarks.list.setCurrentRow(0)
    first.workspace.bookmarks.list.move_row(0, 1)
    assert [t for _, t in listed(first)] == [DIRECTORY, FUTURE, "Welcome.md"]
    first.close()
    second.close()
    first.shutdown()
    second.shutdown()
    again = open_window(vault)
    assert [t for _, t in listed(again)] == [DIRECTORY, FUTURE, "Welcome.md"]
    assert not any(vault.rglob("bookmarks*"))  # never inside the vault


def test_random_note_and_recent_notes(qtbot, window):
    seen = set()
    for _ in range(6):
        before = window.shown.key
        shown = wait_page(
            qtbot, window, lambda: qtbot.keyClick(window.note_pane, Qt.Key.Key_R, CTRL | SHIFT)
        )
        assert shown.kind == "note" and shown.key != before
        assert shown.key in window.vault.notes
        seen.add(shown.key)
    assert len(seen) > 1
    wait_page(qtbot, window, lambda: window.open_note(DIRECTORY))
    wait_page(qtbot, window, lambda: window.open_note(FUTURE))
    menu = window.workspace.recent_menu
    assert menu.menuAction() in window.menus["Go"].actions()
    menu.aboutToShow.emit()
    titles = [action.text() for action in menu.actions()]
    assert titles[:2] == ["The Future of Work", "Directory"]
    shown = wait_page(qtbot, window, menu.actions()[1].trigger)
    assert shown.key == DIRECTORY
