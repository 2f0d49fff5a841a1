"""Tabs and split view: each tab its own history; opened by keyboard, Ctrl+click, middle-click;
closed, reopened, cycled; two groups side by side; the panels follow the active tab; the
workspace comes back in the next window."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTabWidget

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import first_page_shown, wait_page
from tests.ui.pane_links import link_position
from viewer.core.tree import find_node
from viewer.session.location import NEW_TAB, NOTE_PAGE, Location

CTRL = Qt.KeyboardModifier.ControlModifier
DIRECTORY, DEEPCAST = "directory.md", "deepcast/deepcast.md"


@pytest.fixture
def window(qtbot, open_window):
    window = open_window(SAMPLE_VAULT)
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)
    qtbot.waitUntil(lambda: window.session.switcher is not None)
    return window


def tabs_of(group) -> list[str]:
    """The page of each tab of a group, in order."""
    return [r.navigator.shown.key if r.navigator.shown else "" for r in group.readers()]


def tabs(window) -> list[str]:
    return tabs_of(window.area.groups[0])


def test_ctrl_t_opens_a_tab_and_the_switcher_chooses_its_note(qtbot, window):
    qtbot.keyClick(window.note_pane, Qt.Key.Key_T, CTRL)
    switcher = window.finder.quick
    assert switcher.isVisible() and len(tabs(window)) == 2
    qtbot.keyClicks(switcher.query, "directory")
    wait_page(qtbot, window, lambda: qtbot.keyClick(switcher.query, Qt.Key.Key_Return))
    assert tabs(window) == ["Welcome.md", DIRECTORY]
    assert window.area.groups[0].currentIndex() == 1
    assert window.findChild(QTabWidget, "noteTabs").count() == 2


def test_ctrl_click_and_middle_click_open_links_in_new_tabs(qtbot, window):
    wait_page(qtbot, window, lambda: window.open_note(DIRECTORY))
    pane = window.note_pane
    where = link_position(pane, "note:deepcast/deepcast.md")
    wait_page(
        qtbot,
        window,
        lambda: QTest.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, CTRL, where),
    )
    assert tabs(window) == [DIRECTORY, DEEPCAST]
    assert window.shown.key == DEEPCAST
    first = window.area.groups[0].readers()[0]
    where = link_position(first.pane, "note:makers-hour/makers-hour.md")
    middle = Qt.MouseButton.MiddleButton
    QTest.mouseClick(first.pane.viewport(), middle, Qt.KeyboardModifier(0), where)
    qtbot.waitUntil(lambda: "makers-hour/makers-hour.md" in tabs(window))
    assert len(tabs(window)) == 3
    assert first.navigator.shown.key == DIRECTORY  # the tab it came from stays where it was


def test_ctrl_enter_on_a_tree_row_and_a_middle_click_on_a_backlink_open_tabs(qtbot, window):
    view = window.tree_panel.view
    node = find_node(window.tree_panel.model.root(), DIRECTORY)
    view.setCurrentIndex(window.tree_panel.model.index_of(node))
    view.setFocus()
    wait_page(qtbot, window, lambda: qtbot.keyClick(view, Qt.Key.Key_Return, CTRL))
    assert tabs(window) == ["Welcome.md", DIRECTORY]
    wait_page(qtbot, window, lambda: window.open_note("deepcast/future_of_work.md"))
    qtbot.waitUntil(lambda: window.backlinks.mention_count() > 0)
    tree = window.backlinks.tree
    mention = tree.topLevelItem(0).child(0)
    rect = tree.visualItemRect(mention)
    before = len(tabs(window))
    wait_page(
        qtbot,
        window,
        lambda: QTest.mouseClick(
            tree.viewport(), Qt.MouseButton.MiddleButton, Qt.KeyboardModifier(0), rect.center()
        ),
    )
    assert len(tabs(window)) == before + 1


def test_close_reopen_and_cycle_by_keyboard(qtbot, window):
    wait_page(qtbot, window, lambda: window.open_note(DIRECTORY))
    wait_page(qtbot, window, lambda: window.open_note(DEEPCAST))  # history: Welcome, directory
    window.area.open(window.shown.at_scroll(0).__class__("note", "Welcome.md"), "new-tab")
    qtbot.waitUntil(lambda: tabs(window) == [DEEPCAST, "Welcome.md"])
    pane = window.note_pane
    qtbot.keyClick(pane, Qt.Key.Key_Tab, CTRL)
    assert window.shown.key == DEEPCAST
    qtbot.keyClick(window.note_pane, Qt.Key.Key_PageDown, CTRL)
    assert window.shown.key == "Welcome.md"
    qtbot.keyClick(window.note_pane, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert window.shown.key == DEEPCAST
    qtbot.keyClick(window.note_pane, Qt.Key.Key_W, CTRL)
    assert tabs(window) == ["Welcome.md"]
    wait_page(
        qtbot,
        window,
        lambda: qtbot.keyClick(
            window.note_pane, Qt.Key.Key_T, CTRL | Qt.KeyboardModifier.ShiftModifier
        ),
    )
    assert tabs(window) == ["Welcome.md", DEEPCAST]
    assert window.shown.key == DEEPCAST
    back = wait_page(qtbot, window, window.navigator.back)  # its history came back with it
    assert back.key == DIRECTORY


def listed_sources(window) -> set[str]:
    tree = window.backlinks.tree
    groups = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return {g.toolTip(0) for g in groups if g is not None and g.childCount()}


def follows(window) -> bool:
    """The backlinks panel lists the notes linking to the page in the active tab."""
    shown = window.shown
    return shown is not None and listed_sources(window) == set(
        window.vault.linking_notes(shown.key)
    )


def test_the_panels_follow_the_active_tab(qtbot, window):
    wait_page(qtbot, window, lambda: window.open_note("deepcast/future_of_work.md"))
    qtbot.waitUntil(lambda: follows(window))
    future = listed_sources(window)
    wait_page(
        qtbot,
        window,
        lambda: window.area.open(Location(NOTE_PAGE, DIRECTORY), NEW_TAB),
    )
    qtbot.waitUntil(lambda: follows(window) and listed_sources(window) != future)
    with qtbot.waitSignal(window.pageShown):
        qtbot.keyClick(window.note_pane, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: listed_sources(window) == future)


def test_split_view_f6_and_ctrl_alt_click(qtbot, window):
    wait_page(qtbot, window, lambda: window.open_note(DIRECTORY))
    wait_page(qtbot, window, lambda: qtbot.keyClick(window.note_pane, Qt.Key.Key_Backslash, CTRL))
    groups = window.area.groups
    assert len(groups) == 2 and len(window.findChildren(QTabWidget, "noteTabs")) == 2
    right = groups[1].current()
    assert right.navigator.shown.key == DIRECTORY and window.reader is right
    # F6 visits the tree, both groups' notes and the side panel.
    window.focus_tree()
    order = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        order.append(QApplication.focusWidget())
    left = groups[0].current()
    assert order == [left.pane, right.pane, window.backlinks.tree, window.tree_panel.view]
    # Ctrl+Alt+click in the left group opens in the right one.
    where = link_position(left.pane, "note:deepcast/deepcast.md")
    both = CTRL | Qt.KeyboardModifier.AltModifier
    QTest.mouseClick(left.pane.viewport(), Qt.MouseButton.LeftButton, both, where)
    qtbot.waitUntil(lambda: tabs_of(groups[1]) == [DIRECTORY, DEEPCAST])
    assert left.navigator.shown.key == DIRECTORY
    # Closing the last tabs of the right group closes the group.
    for reader in list(groups[1].readers()):
        window.area.close_tab(reader)
    assert len(window.area.groups) == 1 and window.reader is window.area.groups[0].current()


def directory_and_deepcast_tabs(qtbot, open_window, tmp_path):
    """A window on a copy of the sample vault with two tabs: DIRECTORY, then DEEPCAST."""
    root = tmp_path / "vault"
    shutil.copytree(SAMPLE_VAULT, root)
    window = open_window(root)
    wait_page(qtbot, window, lambda: window.open_note(DIRECTORY))
    wait_page(qtbot, window, lambda: window.area.open(Location(NOTE_PAGE, DEEPCAST), NEW_TAB))
    return root, window


def test_the_workspace_comes_back_in_the_next_window(qtbot, open_window, tmp_path):
    root, window = directory_and_deepcast_tabs(qtbot, open_window, tmp_path)
    wait_page(
        qtbot,
        window,
        lambda: window.area.open(Location(NOTE_PAGE, "makers-hour/makers-hour.md"), NEW_TAB),
    )
    window.area.split()
    window.note_pane.verticalScrollBar().setValue(40)
    window.tree_area.set_mode("videos")
    window.close()
    window.shutdown()
    (root / "makers-hour" / "makers-hour.md").unlink()  # gone before the next launch

    again = open_window(root)
    qtbot.waitUntil(lambda: len(again.area.groups) == 2)
    left, right = again.area.groups
    fronts = [left.current(), right.current()]
    qtbot.waitUntil(lambda: all(r.navigator.shown is not None for r in fronts))
    assert [r.navigator.shown.key for r in right.readers()] == ["makers-hour/makers-hour.md"]
    assert [r.navigator.history.current.key for r in left.readers()] == [
        DIRECTORY,
        DEEPCAST,
        "makers-hour/makers-hour.md",
    ]
    gone = left.readers()[2]
    assert gone is left.current()
    assert not gone.navigator.page.exists  # a clear message page, not an error
    assert "does not exist" in gone.pane.toPlainText()
    assert again.tree_area.mode() == "videos"

    # A tab behind others is rendered when it first comes to the front; until then its title
    # is its note's.
    behind = left.readers()[:2]
    assert [r.navigator.shown for r in behind] == [None, None]
    assert [left.tabText(i) for i in range(2)] == [
        again.vault.title_of(DIRECTORY),
        again.vault.title_of(DEEPCAST),
    ]
    shown = wait_page(qtbot, again, lambda: again.area.activate(behind[1]))
    assert shown.key == DEEPCAST and behind[1].navigator.shown.key == DEEPCAST
    assert again.vault.title_of(DEEPCAST) in behind[1].pane.toPlainText()
    shown = wait_page(qtbot, again, lambda: again.area.activate(behind[0]))
    assert shown.key == DIRECTORY
    back = wait_page(qtbot, again, again.navigator.back)
    assert back.key == "Welcome.md"  # the tab's history came back too
    assert first_page_shown(again)


def test_launching_with_a_note_open_in_a_saved_tab_brings_that_tab_forward(
    qtbot, open_window, tmp_path
):
    root, window = directory_and_deepcast_tabs(qtbot, open_window, tmp_path)
    window.close()
    window.shutdown()

    again = open_window(root / DIRECTORY)  # the file, as a file manager opens it
    qtbot.waitUntil(lambda: again.shown is not None and again.shown.key == DIRECTORY)
    assert [r.navigator.history.current.key for r in again.area.readers()] == [DIRECTORY, DEEPCAST]
    assert again.area.active is again.area.groups[0].readers()[0]
