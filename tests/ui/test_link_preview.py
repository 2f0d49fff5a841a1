"""Hover previews, driven by the mouse and the keyboard: a preview appears after the delay
without taking the focus, closes when the pointer leaves or on Esc, pins and moves, and its
links open in the main pane (Ctrl: a new tab); backlink rows and tree rows (with Ctrl) and
timestamp pills preview too."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import wait_page
from tests.ui.pane_links import link_position
from tests.ui.test_tabs import follows
from viewer.core.tree import find_node
from viewer.ui.link_preview import CLOSE_GRACE_MS, HOVER_DELAY_MS
from viewer.ui.preview_frame import PreviewFrame

CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton
WORK = "deepcast/future_of_work.md"
TIMEOUT = 10_000


@pytest.fixture
def window(qtbot, open_window):
    window = open_window(SAMPLE_VAULT)
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)
    wait_page(qtbot, window, lambda: window.open_note(WORK))
    return window


def empty_point(pane) -> QPoint:
    """A place in the pane with no link under it, above where previews of its links show
    (the page's top left corner)."""
    point = QPoint(4, 4)
    assert not pane.anchorAt(point)
    return point


def hover(qtbot, window, pane, href_start: str) -> PreviewFrame:
    """Rest the pointer on a link; the preview once it is on screen."""
    previews = window.aids.previews
    point = link_position(pane, href_start)
    QTest.mouseMove(pane.viewport(), empty_point(pane))  # Qt drops a move to where it was
    with qtbot.waitSignal(previews.shown, timeout=TIMEOUT) as shown:
        QTest.mouseMove(pane.viewport(), point)
    return shown.args[0]


def test_resting_on_a_link_previews_it_after_the_delay_without_taking_the_focus(qtbot, window):
    pane = window.note_pane
    pane.setFocus()
    qtbot.waitUntil(pane.hasFocus)
    previews = window.aids.previews
    point = link_position(pane, "topic:Tomas")
    QTest.mouseMove(pane.viewport(), empty_point(pane))
    started = time.perf_counter()
    with qtbot.waitSignal(previews.shown, timeout=TIMEOUT) as shown:
        QTest.mouseMove(pane.viewport(), point)
    waited = time.perf_counter() - started
    frame = shown.args[0]
    assert waited >= HOVER_DELAY_MS / 1000 * 0.9  # after the delay, not at once
    assert frame.objectName() == "linkPreview" and frame.isVisible()
    assert window.findChild(PreviewFrame, "linkPreview") is frame
    assert frame.title.text() == "Tomas Reyes"
    assert "No note · 3 mentions in 3 notes" in frame.pane.toPlainText()
    assert QApplication.focusWidget() is pane  # reading goes on where it was
    assert QGuiApplication.focusWindow() is window.windowHandle()
    assert frame.geometry().top() > pane.viewport().mapToGlobal(point).y()  # below the link


def test_leaving_the_link_closes_the_preview_and_the_preview_itself_keeps_it(qtbot, window):
    pane = window.note_pane
    previews = window.aids.previews
    frame = hover(qtbot, window, pane, "topic:Tomas")
    QTest.mouseMove(pane.viewport(), empty_point(pane))
    qtbot.waitUntil(lambda: previews.frame is None, timeout=CLOSE_GRACE_MS * 10)
    assert not frame.isVisible()
    # Carried into the preview in time, the pointer keeps it open.
    frame = hover(qtbot, window, pane, "topic:Tomas")
    QTest.mouseMove(pane.viewport(), empty_point(pane))
    assert previews._grace.isActive()
    QTest.mouseMove(frame.pane.viewport(), QPoint(40, 40))
    with qtbot.waitSignal(previews._grace.timeout):
        pass
    assert previews.frame is frame  # the grace time passed with the pointer in the preview
    QTest.mouseMove(pane.viewport(), empty_point(pane))
    qtbot.waitUntil(lambda: previews.frame is None, timeout=CLOSE_GRACE_MS * 10)


def test_moving_off_the_link_before_the_delay_shows_nothing(qtbot, window):
    pane = window.note_pane
    previews = window.aids.previews
    point = link_position(pane, "topic:Tomas")
    QTest.mouseMove(pane.viewport(), empty_point(pane))
    QTest.mouseMove(pane.viewport(), point)
    assert previews._hover.isActive()
    QTest.mouseMove(pane.viewport(), empty_point(pane))
    assert not previews._hover.isActive() and previews.frame is None


def test_esc_closes_the_preview(qtbot, window):
    pane = window.note_pane
    hover(qtbot, window, pane, "topic:Tomas")
    qtbot.keyClick(pane, Qt.Key.Key_Escape)
    assert window.aids.previews.frame is None


def test_a_pinned_preview_stays_moves_and_closes(qtbot, window):
    pane = window.note_pane
    previews = window.aids.previews
    frame = hover(qtbot, window, pane, "topic:Tomas")
    QTest.mouseClick(frame.pin_button, LEFT)
    assert frame.pinned and previews.pinned == [frame] and previews.frame is None
    QTest.mouseMove(pane.viewport(), empty_point(pane))
    other = hover(qtbot, window, pane, "note:deepcast/automation")  # a second, transient one
    assert other is not frame and frame.isVisible() and other.isVisible()
    assert not previews._grace.isActive()
    # Dragged by its title bar, it moves.
    before = frame.pos()
    title = frame.title
    QTest.mousePress(title, LEFT, NONE, QPoint(5, 5))
    moved = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(65, 45),
        QPointF(title.mapToGlobal(QPoint(65, 45))),
        LEFT,
        LEFT,
        NONE,
    )
    QApplication.sendEvent(title, moved)
    QTest.mouseRelease(title, LEFT, NONE, QPoint(65, 45))
    assert frame.pos() == before + QPoint(60, 40)
    # Esc closes the transient preview first, then the pinned one; its ✕ closes it too.
    qtbot.keyClick(pane, Qt.Key.Key_Escape)
    assert previews.frame is None and frame.isVisible()
    qtbot.keyClick(pane, Qt.Key.Key_Escape)
    assert previews.pinned == [] and not frame.isVisible()
    again = hover(qtbot, window, pane, "topic:Tomas")
    again.pin()
    QTest.mouseClick(again.close_button, LEFT)
    assert previews.pinned == [] and not again.isVisible()


def test_preview_link_by_keyboard_previews_the_focused_link_and_pins_it(qtbot, window):
    pane = window.note_pane
    previews = window.aids.previews
    pane.setFocus()
    qtbot.waitUntil(pane.hasFocus)
    for _ in range(5):  # past the Properties block (its fold marker, its video pill)
        qtbot.keyClick(pane, Qt.Key.Key_Tab)  # to the first link of the note's byline
        if pane.textCursor().charFormat().anchorHref().startswith("note:"):
            break
    assert pane.textCursor().charFormat().anchorHref().startswith("note:deepcast/deepcast.md")
    shortcut = CTRL | Qt.KeyboardModifier.ShiftModifier
    with qtbot.waitSignal(previews.shown, timeout=TIMEOUT) as shown:
        qtbot.keyClick(pane, Qt.Key.Key_Space, shortcut)
    frame = shown.args[0]
    assert frame.target.location.key == "deepcast/deepcast.md"
    assert QApplication.focusWidget() is pane
    qtbot.keyClick(pane, Qt.Key.Key_Space, shortcut)
    assert frame.pinned and previews.pinned == [frame]
    qtbot.keyClick(pane, Qt.Key.Key_Escape)
    assert not previews.pinned


def test_preview_link_without_a_focused_link_says_what_to_do(qtbot, window):
    pane = window.note_pane
    pane.setFocus()
    pane.moveCursor(QTextCursor.MoveOperation.Start)
    with qtbot.waitSignal(window.aids.previews.notice) as notice:
        qtbot.keyClick(pane, Qt.Key.Key_Space, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert "Tab" in notice.args[0]
    assert window.aids.previews.frame is None


def test_links_in_a_preview_open_in_the_main_pane_and_with_ctrl_in_a_new_tab(qtbot, window):
    pane = window.note_pane
    frame = hover(qtbot, window, pane, "topic:Tomas")
    target = "note:makers-hour/future_of_work.md"
    point = link_position(frame.pane, target)
    frame.pin()  # stays while the pointer travels into it
    wait_page(qtbot, window, lambda: QTest.mouseClick(frame.pane.viewport(), LEFT, CTRL, point))
    assert len(window.area.groups[0].readers()) == 2
    assert window.shown.key == "makers-hour/future_of_work.md"
    first = window.area.groups[0].readers()[0]
    window.area.activate(first)
    point = link_position(frame.pane, "note:deepcast/automation")
    shown = wait_page(
        qtbot, window, lambda: QTest.mouseClick(frame.pane.viewport(), LEFT, NONE, point)
    )
    assert shown.key == "deepcast/automation_and_skill_formation.md" and shown.anchor == "L10"
    assert window.reader is first and len(window.area.groups[0].readers()) == 2
    # Its Open button opens the previewed page itself.
    shown = wait_page(qtbot, window, lambda: QTest.mouseClick(frame.open_button, LEFT))
    assert shown.kind == "topic" and shown.key == "Tomas Reyes"


def test_a_timestamp_previews_its_episode_and_sentence(qtbot, window):
    frame = hover(qtbot, window, window.note_pane, "time:p0Wz_7HnYtE/3062")
    text = frame.pane.toPlainText()
    assert frame.title.toolTip().startswith("Tomas Reyes: Automation")
    assert "at 51:02" in text and "deepcast" in text
    assert "rungs in between thin out" in text
    assert "Open the video at 51:02" in text


def test_a_heading_link_previews_its_note_scrolled_to_the_heading(qtbot, open_window, make_vault):
    filler = "\n\n".join(f"Paragraph {i} of the long note." for i in range(80))
    root = make_vault(
        {
            "a.md": "See [[long#Far down]] for the point.\n",
            "long.md": f"# Long\n\n{filler}\n\n## Far down\n\nThe point is here.\n",
        }
    )
    window = open_window(root, "a.md")
    frame = hover(qtbot, window, window.note_pane, "note:long.md#far-down")
    assert frame.pane.verticalScrollBar().value() > 0
    heading = frame.pane.anchor_cursor("far-down")
    assert frame.pane.viewport().rect().contains(frame.pane.cursorRect(heading).center())


def test_backlink_rows_preview_and_tree_rows_with_ctrl(qtbot, window):
    previews = window.aids.previews
    qtbot.waitUntil(lambda: follows(window))  # the backlinks of this note, not the last one
    tree = window.backlinks.tree
    row = tree.topLevelItem(0).child(0)
    mention = row.data(0, Qt.ItemDataRole.UserRole + 10)
    with qtbot.waitSignal(previews.shown, timeout=TIMEOUT) as shown:
        QTest.mouseMove(tree.viewport(), tree.visualItemRect(row).center())
    frame = shown.args[0]
    assert frame.target.location.key == mention.source
    assert frame.target.location.line == mention.line
    assert frame.geometry().right() < tree.mapToGlobal(QPoint(0, 0)).x()  # beside the panel
    QTest.mouseMove(tree.viewport(), QPoint(2, tree.viewport().height() - 2))
    qtbot.waitUntil(lambda: previews.frame is None, timeout=CLOSE_GRACE_MS * 10)

    view = window.tree_panel.view
    node = find_node(window.tree_panel.model.root(), "directory.md")
    rect = view.visualRect(window.tree_panel.model.index_of(node))
    QTest.mouseMove(view.viewport(), rect.center())
    assert not previews._hover.isActive()  # without Ctrl a tree row only shows its name
    point = QPointF(rect.center() + QPoint(1, 0))
    with_ctrl = QMouseEvent(
        QEvent.Type.MouseMove,
        point,
        QPointF(view.viewport().mapToGlobal(point.toPoint())),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        CTRL,
    )
    with qtbot.waitSignal(previews.shown, timeout=TIMEOUT) as shown:
        QApplication.sendEvent(view.viewport(), with_ctrl)
    assert shown.args[0].target.location.key == "directory.md"


def test_the_preview_follows_the_theme_and_a_new_vault_closes_all(qtbot, window):
    pane = window.note_pane
    previews = window.aids.previews
    frame = hover(qtbot, window, pane, "topic:Tomas")
    frame.pin()
    with qtbot.waitSignal(window.vaultLoaded, timeout=TIMEOUT):
        window.set_theme("dark")
        window.open_path(SAMPLE_VAULT)
    assert previews.pinned == [] and previews.frame is None


def test_previews_hide_while_another_application_is_in_front(qtbot, window):
    pane = window.note_pane
    previews = window.aids.previews
    pinned = hover(qtbot, window, pane, "topic:Tomas")
    pinned.pin()
    hover(qtbot, window, pane, "note:deepcast/automation")
    app = QGuiApplication.instance()
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    assert previews.frame is None and not pinned.isVisible()
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert pinned.isVisible() and previews.pinned == [pinned]


def test_focus_outgoing_links_is_a_palette_command(qtbot, window):
    from viewer.ui.outgoing_panel import OutgoingPanel

    action = window.commands.action("focus-outgoing")
    assert action.shortcuts() == []
    action.trigger()
    panel = window.side_tabs.panel(OutgoingPanel)
    assert window.side_tabs.currentWidget() is panel
    assert QApplication.focusWidget() is panel.tree


def test_a_preview_that_cannot_be_built_says_so(qtbot, window, monkeypatch):
    from viewer.ui import link_preview

    def broken(*_args):
        raise ValueError("the renderer broke")

    monkeypatch.setattr(link_preview, "build_preview", broken)
    frame = hover(qtbot, window, window.note_pane, "topic:Tomas")
    assert "the renderer broke" in frame.pane.toPlainText()
    assert not frame.open_button.isEnabled()
