"""Contexts everywhere (issue 15, item 7), in the window: search hits and unlinked mentions
read like the note, an unresolved topic's Timestamps tab lists the citations of its
mentioning sentences (each opening its own note's video), and a mention opened from the
topic page lands on its line."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from tests.ui.conftest import wait_page
from tests.ui.test_tabs import link_position
from viewer.ui import finding
from viewer.ui.delegates import RichTextRole
from viewer.ui.search_panel import HitRole

CITE = '<a class="yt-timestamp" data-t="{0}">[{0}]</a>'
FILLER = "\n\n".join(f"Paragraph {n} about firing schedules and cones." for n in range(40))
NOTES = {
    "studio/studio.md": "# Studio\n\nThe channel's index.\n",
    "studio/kilns.md": (
        "---\ntitle: Kilns\nvideoId: k1lnVideo01\n---\n\n"
        "From: [[studio]] <br/>\n"
        f"Opening the kiln early cracked a load, says [[Mara Lindqvist]] {CITE.format('12:40')}. "
        f"A second sentence cites another moment {CITE.format('13:00')}.\n\n"
        f"A **slow cooling** keeps Glaze Testing honest {CITE.format('04:10')}.\n"
    ),
    "studio/glazes.md": (
        "---\ntitle: Glazes\nvideoId: glazeVideo2\n---\n\n"
        f"{FILLER}\n\n"
        "The tiles go on the top shelf, and the studio's notes\n"
        f"credit [[Mara Lindqvist]] with the idea {CITE.format('1:02:03')}.\n"
    ),
    "studio/Glaze Testing.md": "# Glaze Testing\n\nTiles, not pots.\n",
}


@pytest.fixture
def window(qtbot, open_window, make_vault, browser):
    window = open_window(make_vault(NOTES), "studio/studio.md")
    window.resize(1200, 700)
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)
    window.browser = browser
    return window


def open_topic(qtbot, window, name="Mara Lindqvist"):
    wait_page(qtbot, window, lambda: window.navigator.open_topic(name))


def test_a_topic_s_timestamps_tab_lists_its_sentences_citations(qtbot, window):
    open_topic(qtbot, window)
    panel = window.timestamps
    qtbot.waitUntil(lambda: len(panel.citations()) == 2)
    rows = [(c.path, c.seconds, c.video_id) for c in panel.citations()]
    # Only the citations in the sentences naming the topic (13:00 and 4:10 are elsewhere).
    assert rows == [
        ("studio/glazes.md", 3723, "glazeVideo2"),
        ("studio/kilns.md", 760, "k1lnVideo01"),
    ]
    assert panel.heading.text() == "Timestamps (2)"
    window.side_tabs.setCurrentWidget(panel)
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Down)
    with qtbot.waitSignal(panel.openRequested) as opened:  # by keyboard
        qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert opened.args == ["glazeVideo2", 3723]
    second = panel.list.visualItemRect(panel.list.topLevelItem(1)).center()
    QTest.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=second)
    with qtbot.waitSignal(panel.openRequested) as opened:  # by mouse
        QTest.mouseDClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert opened.args == ["k1lnVideo01", 760]
    qtbot.waitUntil(lambda: len(window.browser.urls) == 2)
    assert "k1lnVideo01" in window.browser.urls[-1] and "760" in window.browser.urls[-1]


def test_a_mention_opened_from_the_topic_page_lands_on_its_line(qtbot, window):
    open_topic(qtbot, window)
    pane = window.note_pane
    line = next(
        number
        for number, text in enumerate(NOTES["studio/glazes.md"].split("\n"), 1)
        if text.startswith("credit [[Mara")
    )
    where = link_position(pane, f"note:studio/glazes.md#L{line}")  # the "line N" link
    shown = wait_page(
        qtbot,
        window,
        lambda: QTest.mouseClick(
            pane.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), where
        ),
    )
    assert (shown.key, shown.line) == ("studio/glazes.md", line)
    (mark,) = pane.extraSelections()
    assert mark.cursor.selectedText() == "Mara Lindqvist"
    assert pane.verticalScrollBar().value() > 0  # far down the note, and on screen
    assert pane.viewport().rect().contains(pane.cursorRect(mark.cursor))


def test_search_rows_render_like_the_note_and_say_how_many_match(qtbot, window, monkeypatch):
    monkeypatch.setattr(finding, "SEARCH_LIMIT", 2)
    monkeypatch.setattr(finding, "FIRST_CONTEXTS", 0)  # every context follows the hits
    qtbot.waitUntil(lambda: window.session.search_ready, timeout=20_000)
    window.search_vault()
    panel = window.search_panel
    qtbot.keyClicks(panel.query, "tiles OR cooling OR kiln")
    qtbot.waitUntil(lambda: panel.results.topLevelItemCount() == 2)
    assert panel.status.text() == "2 of 3 notes, best first"
    qtbot.waitUntil(
        lambda: all(
            "time:" in panel.results.topLevelItem(n).data(0, RichTextRole)
            for n in range(2)
            if panel.results.topLevelItem(n).data(0, HitRole).path == "studio/kilns.md"
        )
    )
    rows = {
        panel.results.topLevelItem(n).data(0, RichTextRole): panel.results.topLevelItem(n)
        for n in range(2)
    }
    for html in rows:
        assert "**" not in html and "From:" not in html and "[[" not in html
        assert len(re.findall(r'<span class="mention">', html)) == 1  # exactly the word
    kilns = next(item for html, item in rows.items() if "Kilns" in html)
    html = kilns.data(0, RichTextRole)
    assert 'href="time:k1lnVideo01/' in html  # the citation is a pill


def test_a_pill_in_a_search_row_opens_the_video(qtbot, window):
    qtbot.waitUntil(lambda: window.session.search_ready, timeout=20_000)
    window.search_vault()
    panel = window.search_panel
    qtbot.keyClicks(panel.query, "cooling")
    qtbot.waitUntil(lambda: panel.results.topLevelItemCount() == 1)
    tree = panel.results
    rect = tree.visualItemRect(tree.topLevelItem(0))
    pill = next(
        QPoint(x, y)
        for y in range(rect.top(), rect.bottom(), 3)
        for x in range(rect.left(), rect.right(), 3)
        if tree._anchor_at(QPoint(x, y)).startswith("time:")
    )
    shown_before = window.shown
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), pill)
    qtbot.waitUntil(lambda: len(window.browser.urls) == 1)
    assert "k1lnVideo01" in window.browser.urls[0] and "250" in window.browser.urls[0]
    assert window.shown == shown_before  # the row was not opened


def test_unlinked_mentions_read_like_the_note(qtbot, window):
    wait_page(qtbot, window, lambda: window.open_note("studio/Glaze Testing.md"))
    panel = window.backlinks

    def found() -> bool:
        """The section opened (again, when the panel was filled anew meanwhile) and its
        search done."""
        root = panel._unlinked_root
        if root is None:
            return False
        root.setExpanded(True)
        return root.childCount() == 1 and "Searching" not in root.child(0).text(0)

    qtbot.waitUntil(found)
    html = panel._unlinked_root.child(0).data(0, RichTextRole)
    assert "**" not in html and "<strong>slow cooling</strong>" in html
    assert re.findall(r'<span class="mention">(.*?)</span>', html) == ["Glaze Testing"]
