"""The timestamps panel: rows in time order, the keyboard path, opening, marking in the note."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from viewer.core.episodes import Citation, note_citations
from viewer.render import NoteRenderer
from viewer.ui.delegates import RichTextRole
from viewer.ui.note_pane import NotePane
from viewer.ui.timestamps_panel import NO_VIDEO, TimestampsPanel, highlight_citation

VIDEO = "p0Wz_7HnYtE"
NOTE = "deepcast/future_of_work.md"
SECONDS = [400, 1455, 3062, 4547, 4698]


@pytest.fixture
def citations(sample_vault) -> list[Citation]:
    return note_citations(sample_vault, NOTE)


@pytest.fixture
def panel(qtbot, citations) -> TimestampsPanel:
    widget = TimestampsPanel()
    qtbot.addWidget(widget)
    widget.resize(360, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_citations(VIDEO, citations)
    return widget


def focus_list(qtbot, panel: TimestampsPanel) -> None:
    panel.activateWindow()
    panel.list.setFocus()
    qtbot.waitUntil(panel.list.hasFocus)


def current_seconds(panel: TimestampsPanel) -> int | None:
    citation = panel.current_citation()
    return citation.seconds if citation else None


def test_rows_are_the_notes_citations_in_time_order(panel):
    assert panel.objectName() == "timestampsPanel"
    assert panel.list.objectName() == "timestampsList"
    assert [c.seconds for c in panel.citations()] == SECONDS
    assert panel.heading.text() == "Timestamps (5)"
    first = panel.list.topLevelItem(0)
    assert first.text(0).startswith("6:40  —  It picks off the routine pieces")
    assert first.data(0, RichTextRole).startswith("<b>6:40</b>&nbsp;&nbsp;—&nbsp;&nbsp;It picks")
    last = panel.list.topLevelItem(4)
    assert last.text(0).startswith("1:18:18  —  Workers should")
    assert panel.current_citation() is None  # showing a note never moves its view


def test_keys_select_rows_and_enter_opens_the_exact_time(qtbot, panel):
    selected: list[Citation] = []
    panel.citationSelected.connect(selected.append)
    focus_list(qtbot, panel)
    qtbot.keyClick(panel.list, Qt.Key.Key_Home)
    assert current_seconds(panel) == 400
    qtbot.keyClick(panel.list, Qt.Key.Key_Down)
    assert current_seconds(panel) == 1455
    assert selected[-1].seconds == 1455 and selected[-1].line == 12
    with qtbot.waitSignal(panel.openRequested, timeout=1000) as blocker:
        qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert blocker.args == [VIDEO, 1455]
    qtbot.keyClick(panel.list, Qt.Key.Key_End)
    assert current_seconds(panel) == 4698
    assert selected[-1].label == "1:18:18"
    with qtbot.waitSignal(panel.openRequested, timeout=1000) as blocker:
        qtbot.keyClick(panel.list, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert blocker.args == [VIDEO, 4698]
    qtbot.keyClick(panel.list, Qt.Key.Key_Up)
    assert current_seconds(panel) == 4547
    qtbot.keyClick(panel.list, Qt.Key.Key_Home)
    assert current_seconds(panel) == 400
    assert selected[-1].seconds == 400


def test_double_click_opens_and_single_click_only_selects(qtbot, panel):
    item = panel.list.topLevelItem(2)
    center = panel.list.visualItemRect(item).center()
    with qtbot.assertNotEmitted(panel.openRequested):
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert current_seconds(panel) == 3062
    with qtbot.waitSignal(panel.openRequested, timeout=1000) as blocker:
        qtbot.mouseDClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert blocker.args == [VIDEO, 3062]


def test_without_a_video_rows_show_but_enter_explains(qtbot, panel, citations):
    panel.show_citations(None, citations)
    assert len(panel.citations()) == 5
    focus_list(qtbot, panel)
    qtbot.keyClick(panel.list, Qt.Key.Key_Down)
    assert panel.current_citation() is not None
    with (
        qtbot.assertNotEmitted(panel.openRequested),
        qtbot.waitSignal(panel.notice, timeout=1000) as notice,
    ):
        qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert notice.args == [NO_VIDEO]
    assert "This note has no videoId" in panel.message.text()
    assert panel.message.isVisible()
    panel.show_citations(VIDEO, citations)  # a new note: the explanation goes
    assert not panel.message.isVisible()


def test_right_click_asks_for_the_menu(qtbot, panel):
    item = panel.list.topLevelItem(4)
    pos = panel.list.visualItemRect(item).center()
    global_pos = panel.list.viewport().mapToGlobal(pos)
    with qtbot.waitSignal(panel.menuRequested, timeout=1000) as blocker:
        QApplication.sendEvent(
            panel.list.viewport(),
            QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, global_pos),
        )
    assert blocker.args[:2] == [VIDEO, 4698]
    assert isinstance(blocker.args[2], QPoint)


def test_clear_empties_the_panel(panel):
    panel.clear("No timestamps on a topic page")
    assert panel.citations() == []
    assert panel.video_id is None
    assert panel.heading.text() == "No timestamps on a topic page"
    panel.show_citations(VIDEO, [])
    assert panel.heading.text() == "Timestamps: none"
    assert not panel.open_current()


def test_highlight_citation_marks_that_time_in_the_note(qtbot, sample_vault, citations):
    pane = NotePane()
    qtbot.addWidget(pane)
    pane.resize(700, 500)
    pane.show()
    pane.show_html(NoteRenderer(sample_vault).render(NOTE).html)
    last = citations[-1]
    assert highlight_citation(pane, last, has_video=True)
    (selection,) = pane.extraSelections()
    assert selection.cursor.selectedText() == "▶\u00a01:18:18"
    line = pane.anchor_cursor("L20")
    assert selection.cursor.position() > line.position()
    # A note without a video renders plain times; the panel then marks the plain text.
    plain = NoteRenderer(sample_vault).render_text(
        '---\ntitle: T\n---\nOnce <a class="yt-timestamp" data-t="00:06:40">[00:06:40]</a>.\n',
        "t.md",
    )
    pane.show_html(plain.html)
    citation = Citation(400, "6:40", "t.md", "T", 4, 5, "Once.")
    assert highlight_citation(pane, citation, has_video=False)
    assert pane.extraSelections()[0].cursor.selectedText() == "6:40"
