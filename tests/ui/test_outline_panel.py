"""The Outline panel, by keyboard and mouse: the note's headings as a tree, the heading being
read follows the scroll, Enter or a click lands where `[[note#Heading]]` lands, the filter,
an episode's topics."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import wait_page
from viewer.render.hrefs import note_href
from viewer.session.location import EPISODE_PAGE, Location
from viewer.ui.outline_panel import OutlinePanel

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SECTIONS = ["Alpha", "Beta", "Gamma", "Delta"]


def long_note() -> str:
    parts = ["# Long read", ""]
    for name in SECTIONS:
        parts += [f"## {name}", ""]
        parts += [f"{name} paragraph {i}, long enough to fill a line or two." for i in range(30)]
        parts += ["### Details", "", "More words.", ""]
    return "\n\n".join(parts)


@pytest.fixture
def window(qtbot, open_window, make_vault):
    root = make_vault({"long.md": long_note(), "links.md": "[[long#Gamma]] and [[long]]\n"})
    window = open_window(root, "long.md")
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)
    outline = window.side_tabs.panel(OutlinePanel)
    qtbot.waitUntil(lambda: len(outline.entries()) == 9)
    return window


def texts(outline: OutlinePanel) -> list[str]:
    return [entry.text for entry in outline.entries()]


def test_the_headings_as_a_tree(window):
    outline = window.side_tabs.panel(OutlinePanel)
    assert outline.objectName() == "outlinePanel"
    assert texts(outline)[:3] == ["Long read", "Alpha", "Details"]
    top = outline.tree.topLevelItem(0)
    assert top.text(0) == "Long read" and top.childCount() == 4  # h2s under the h1
    assert top.child(1).text(0) == "Beta" and top.child(1).child(0).text(0) == "Details"
    assert outline.heading.text() == "Outline (9)"


def test_ctrl_shift_h_focuses_it_and_enter_lands_where_a_heading_link_does(qtbot, window):
    outline = window.side_tabs.panel(OutlinePanel)
    pane = window.note_pane
    qtbot.keyClick(pane, Qt.Key.Key_H, CTRL_SHIFT)
    assert window.side_tabs.currentWidget() is outline
    assert QApplication.focusWidget() is outline.tree
    gamma = outline.tree.topLevelItem(0).child(2)
    outline.tree.setCurrentItem(gamma)
    qtbot.keyClick(outline.tree, Qt.Key.Key_Return)
    landed = pane.verticalScrollBar().value()
    assert landed > 0 and outline.current_entry().text == "Gamma"
    pane.verticalScrollBar().setValue(0)
    window.navigator.follow_link(QUrl(note_href("long.md", "gamma")))
    assert pane.verticalScrollBar().value() == landed


def test_a_click_scrolls_there(qtbot, window):
    outline = window.side_tabs.panel(OutlinePanel)
    window.side_tabs.setCurrentWidget(outline)
    delta = outline.tree.topLevelItem(0).child(3)
    QTest.mouseClick(
        outline.tree.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        outline.tree.visualItemRect(delta).center(),
    )
    assert window.note_pane.verticalScrollBar().value() > 0
    assert outline.current_entry().text == "Delta"


def test_the_heading_being_read_follows_the_scroll(qtbot, window):
    outline = window.side_tabs.panel(OutlinePanel)
    pane = window.note_pane
    pane.setFocus()
    first = {"Long read", "Alpha"}  # both may sit above the reading line at the top
    assert outline.current_entry().text in first
    seen = []
    for _ in range(60):
        qtbot.keyClick(pane, Qt.Key.Key_PageDown)
        entry = outline.current_entry()
        if not seen or seen[-1] != entry.text:
            seen.append(entry.text)
    assert [name for name in seen if name in SECTIONS] == SECTIONS  # in reading order
    qtbot.keyClick(pane, Qt.Key.Key_Home)
    assert outline.current_entry().text in first
    assert outline.tree.currentItem().font(0).bold()


def test_the_filter_hides_other_headings_and_enter_goes_to_the_first_match(qtbot, window):
    outline = window.side_tabs.panel(OutlinePanel)
    window.side_tabs.setCurrentWidget(outline)
    outline.filter.setFocus()
    qtbot.keyClicks(outline.filter, "gam")
    qtbot.waitUntil(lambda: outline.tree.topLevelItem(0).child(0).isHidden())
    top = outline.tree.topLevelItem(0)
    visible = [top.child(i).text(0) for i in range(top.childCount()) if not top.child(i).isHidden()]
    assert visible == ["Gamma"] and not top.isHidden()
    qtbot.keyClick(outline.filter, Qt.Key.Key_Return)
    assert window.note_pane.verticalScrollBar().value() > 0
    assert QApplication.focusWidget() is outline.tree
    outline.filter.clear()
    qtbot.waitUntil(lambda: not top.child(0).isHidden())


def test_an_episode_lists_its_topics_which_open(qtbot, open_window):
    window = open_window(SAMPLE_VAULT)
    wait_page(qtbot, window, lambda: window.area.open(Location(EPISODE_PAGE, "p0Wz_7HnYtE")))
    outline = window.side_tabs.panel(OutlinePanel)
    qtbot.waitUntil(lambda: len(outline.entries()) == 2)
    assert texts(outline) == ["The Future of Work", "Automation and Skill Formation"]
    assert outline.heading.text() == "Topics (2)"
    item = outline.tree.topLevelItem(0)
    assert "from 6:40" in item.text(0)
    outline.tree.setCurrentItem(item)
    shown = wait_page(qtbot, window, lambda: qtbot.keyClick(outline.tree, Qt.Key.Key_Return))
    assert shown.key == "deepcast/future_of_work.md"


def test_pages_without_headings_say_so(qtbot, open_window):
    window = open_window(SAMPLE_VAULT)
    wait_page(qtbot, window, lambda: window.area.open(Location("tag", "design")))
    outline = window.side_tabs.panel(OutlinePanel)
    qtbot.waitUntil(lambda: outline.heading.text() == "No outline for this page")
    assert outline.entries() == []


def test_a_long_outline_fills_between_event_loop_turns(qtbot, monkeypatch):
    """A thousand rows are built a slice at a time (here one row per turn), so the GUI thread
    runs between them; a newer page's outline replaces one still filling."""
    import viewer.ui.outline_panel as outline_panel
    from viewer.session.outline import OutlineEntry

    monkeypatch.setattr(outline_panel, "WALK_SLICE_S", 0.0)
    panel = OutlinePanel()
    qtbot.addWidget(panel)
    long = [OutlineEntry(1 + i % 2, f"Heading {i}", line=i + 1) for i in range(1000)]
    panel.show_entries(long)
    assert panel.tree.topLevelItemCount() == 0  # rows are still being built
    assert panel.heading.text() == "Outline (1000)"
    short = [OutlineEntry(1, "Only"), OutlineEntry(2, "Child")]
    qtbot.wait(5)  # a few turns of the first fill
    panel.show_entries(short)
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 1)
    assert panel.tree.topLevelItem(0).text(0) == "Only"
    assert panel.tree.topLevelItem(0).child(0).text(0) == "Child"
    panel.show_entries(long)
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 500, timeout=10_000)
    top = panel.tree.topLevelItem(499)
    assert top.text(0) == "Heading 998" and top.child(0).text(0) == "Heading 999"


def test_a_walk_stops_when_the_pane_shows_another_page(qtbot, monkeypatch):
    """The walk that finds headings in a long page spans event-loop turns; once the pane
    shows another page (the same document, its blocks freed and made anew), it stops and
    keeps no place in the old page."""
    import viewer.ui.outline_panel as outline_panel
    from viewer.session.outline import OutlineEntry
    from viewer.ui.note_pane import NotePane

    monkeypatch.setattr(outline_panel, "WALK_SLICE_S", 0.0)
    pane, panel = NotePane(), OutlinePanel()
    qtbot.addWidget(pane)
    qtbot.addWidget(panel)
    panel.follow(pane)
    count = 300
    page = "".join(f'<h2><a name="L{i}"></a>H{i}</h2><p>x</p>' for i in range(1, count))
    pane.show_html(page)
    panel.show_entries([OutlineEntry(2, f"H{i}", line=i) for i in range(1, count)])
    qtbot.waitUntil(lambda: panel._walk is not None and len(panel._walk.found) > 0)
    walk = panel._walk
    pane.show_html(page.replace("<p>x</p>", "<p>y</p>"))  # another page, the same lines
    found = len(walk.found)
    qtbot.wait(100)  # turns in which a walk that went on would find more
    assert len(walk.found) == found < count - 1
