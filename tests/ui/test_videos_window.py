"""The video structure in the window: Videos tree, episode page, timeline, timestamps tab,
context menu, by keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import wait_page
from viewer.core.tree import EPISODE, find_key


@pytest.fixture
def window(qtbot, open_window, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True
    )
    window = open_window(SAMPLE_VAULT)
    window.opened = opened
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)
    return window


def test_keyboard_videos_mode_episode_page_and_timeline_row(qtbot, window):
    with qtbot.waitSignal(window.treeRefreshed):
        qtbot.keyClick(
            window.note_pane,
            Qt.Key.Key_2,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert window.tree_area.mode() == "videos"
    assert window.commands.action("tree-videos").isChecked()
    root = window.tree_panel.model.root()
    episode = find_key(root, EPISODE, "p0Wz_7HnYtE")
    assert episode is not None and episode.label.startswith("Tomas Reyes")
    window.focus_tree()
    window.tree_panel.view.setCurrentIndex(window.tree_panel.model.index_of(episode))
    location = wait_page(
        qtbot, window, lambda: qtbot.keyClick(window.tree_panel.view, Qt.Key.Key_Return)
    )
    assert (location.kind, location.key) == ("episode", "p0Wz_7HnYtE")
    assert "Watch" in window.note_pane.toPlainText()
    panel = window.timestamps
    qtbot.waitUntil(lambda: len(panel.citations()) > 0)
    seconds = [c.seconds for c in panel.citations()]
    assert seconds == sorted(seconds)  # one merged timeline in time order
    window.side_tabs.setCurrentWidget(panel)
    window.commands.action("focus-side").trigger()
    focused = QApplication.focusWidget()
    qtbot.keyClick(focused, Qt.Key.Key_End)
    last = panel.current_citation()
    qtbot.keyClick(focused, Qt.Key.Key_Return)
    assert window.opened[-1] == (f"https://www.youtube.com/watch?v=p0Wz_7HnYtE&t={last.seconds}s")


def test_note_timestamps_tab_lists_citations_in_time_order(qtbot, window):
    wait_page(qtbot, window, lambda: window.open_note("deepcast/future_of_work.md"))
    panel = window.timestamps
    qtbot.waitUntil(lambda: len(panel.citations()) == 5)
    assert [c.seconds for c in panel.citations()] == sorted(c.seconds for c in panel.citations())
    assert panel.video_id == "p0Wz_7HnYtE"


def test_player_setting_is_used_for_timestamp_links(qtbot, window):
    from viewer.core.player import PlayerConfig

    window.links.player = PlayerConfig("browser", "https://youtu.be/{id}?t={seconds}", "")
    window.links.open_timestamp("Lr8uT1eXo5D", 2510)
    assert window.opened[-1] == "https://youtu.be/Lr8uT1eXo5D?t=2510"


def test_context_menu_on_a_timestamp_offers_open_and_copy(qtbot, window):
    from PySide6.QtCore import QUrl

    window.links.menu_for_link(QUrl("time:Lr8uT1eXo5D/2510"), QPoint(5, 5))
    menu = window.links.menu
    texts = [action.text() for action in menu.actions() if action.text()]
    assert any("41:50" in text for text in texts)
    copy_time = next(a for a in menu.actions() if "Copy Time" in a.text().replace("&", ""))
    copy_time.trigger()
    assert QGuiApplication.clipboard().text() == "00:41:50"
    open_action = menu.actions()[0]
    open_action.trigger()
    assert window.opened[-1] == "https://www.youtube.com/watch?v=Lr8uT1eXo5D&t=2510s"
    menu.close()


def test_hovering_a_timestamp_shows_where_the_player_goes(qtbot, window):
    from viewer.core.player import PlayerConfig

    window.links.hover("time:Lr8uT1eXo5D/2510")
    assert (
        "https://www.youtube.com/watch?v=Lr8uT1eXo5D&t=2510s" in window.statusBar().currentMessage()
    )
    window.links.player = PlayerConfig("browser", "https://youtu.be/{id}?t={seconds}", "")
    window.links.hover("time:Lr8uT1eXo5D/2510")
    assert "https://youtu.be/Lr8uT1eXo5D?t=2510" in window.statusBar().currentMessage()
