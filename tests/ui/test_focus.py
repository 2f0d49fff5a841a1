"""Visible focus (issue 15, item 8): the note pane's accent edge however it gets the focus, a
solid box around the focused link in both themes, Ctrl+Home and Ctrl+End in the note."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtTest import QTest

from tests.conftest import SAMPLE_VAULT
from viewer.ui.link_focus import focused_link, link_boxes
from viewer.ui.theme import chrome

CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier
LONG_NOTE = "library/Design Notes.md"


@pytest.fixture(params=["light", "dark"])
def window(request, qtbot, open_window, settings):
    settings.theme = request.param
    window = open_window(SAMPLE_VAULT, LONG_NOTE)
    window.resize(1100, 520)
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)
    window.theme_name = request.param
    return window


def near(colour: QColor, hex_colour: str, tolerance: int = 24) -> bool:
    want = QColor(hex_colour)
    return all(
        abs(a - b) <= tolerance
        for a, b in zip(
            (colour.red(), colour.green(), colour.blue()),
            (want.red(), want.green(), want.blue()),
            strict=True,
        )
    )


def edge_is_accent(window) -> bool:
    """The note pane's left edge, as drawn, is the accent colour (half way down)."""
    pane = window.note_pane
    image = pane.grab().toImage()
    return near(image.pixelColor(0, image.height() // 2), chrome(window.theme_name).accent)


def test_the_note_pane_shows_the_accent_edge_after_ctrl_2_f6_and_a_click(qtbot, window):
    pane = window.note_pane
    window.focus_tree()
    qtbot.waitUntil(lambda: window.tree_panel.view.hasFocus())
    assert not edge_is_accent(window)

    qtbot.keyClick(window.tree_panel.view, Qt.Key.Key_2, CTRL)  # Focus Note
    qtbot.waitUntil(pane.hasFocus)
    assert edge_is_accent(window)

    window.focus_tree()
    qtbot.waitUntil(lambda: not pane.hasFocus())
    assert not edge_is_accent(window)
    qtbot.keyClick(window.tree_panel.view, Qt.Key.Key_F6)  # the next pane: the note
    qtbot.waitUntil(pane.hasFocus)
    assert edge_is_accent(window)

    window.focus_tree()
    qtbot.waitUntil(lambda: not pane.hasFocus())
    QTest.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, NONE, QPoint(40, 200))
    qtbot.waitUntil(pane.hasFocus)
    assert edge_is_accent(window)


def test_a_tab_into_a_new_tab_and_a_split_keeps_the_edge(qtbot, window):
    """Panes are renamed active or not as tabs come and go: the edge follows the focus."""
    window.area.split()
    qtbot.waitUntil(lambda: window.note_pane.hasFocus())
    assert edge_is_accent(window)
    first = window.area.groups[0].current().pane
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    assert window.note_pane is first and edge_is_accent(window)


def test_a_focused_link_has_a_solid_box_in_the_accent_colour(qtbot, window):
    pane = window.note_pane
    pane.setFocus()
    qtbot.waitUntil(pane.hasFocus)
    qtbot.keyClick(pane, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: focused_link(pane) is not None)
    boxes = link_boxes(pane, focused_link(pane))
    assert boxes
    box = boxes[0].toRect()
    accent = chrome(window.theme_name).accent
    image = pane.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    left = [
        image.pixelColor(int(box.left() * ratio), int(y * ratio))
        for y in range(box.top() + 3, box.bottom() - 2)
    ]
    assert left and all(near(colour, accent, 60) for colour in left)
    window.focus_tree()  # focus elsewhere: no box
    qtbot.waitUntil(lambda: not pane.hasFocus())
    image = pane.viewport().grab().toImage()
    middle = image.pixelColor(int(box.left() * ratio), int(box.center().y() * ratio))
    assert not near(middle, accent, 60)


def test_ctrl_end_and_ctrl_home_go_to_the_end_and_the_top_of_the_note(qtbot, window):
    pane = window.note_pane
    bar = pane.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    pane.setFocus()
    qtbot.keyClick(pane, Qt.Key.Key_End, CTRL)
    assert bar.value() == bar.maximum()
    assert pane.horizontalScrollBar().value() == 0
    qtbot.keyClick(pane, Qt.Key.Key_Home, CTRL)
    assert bar.value() == 0
    qtbot.keyClick(pane, Qt.Key.Key_Tab)  # Tab starts again from the top: the first link
    cursor = focused_link(pane)
    assert cursor is not None
    assert pane.cursorRect(cursor).top() < pane.viewport().height()
