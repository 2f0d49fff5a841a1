"""The Outgoing links panel, by keyboard and mouse: where the note leads, grouped, each with
its lines; targets open (Ctrl or a middle-click: a new tab), line rows scroll the note, web
addresses go to the browser, and names of notes written without a link are listed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from tests.ui.conftest import wait_page
from viewer.ui.outgoing_panel import OutgoingPanel

NONE = Qt.KeyboardModifier.NoModifier
FILLER = "\n\n".join(f"Filler paragraph {i} that pushes the rest down." for i in range(60))
NOTES = {
    "main.md": (
        "---\ntitle: Main Note\n---\n"
        "Links to [[Second]] and [[Ghost Topic]] and [[Ghost Topic|again]].\n\n"
        f"{FILLER}\n\n"
        "Read [the docs](https://example.com/docs) and see ![[missing.png]].\n\n"
        "The Third Note is named here without a link.\n"
    ),
    "Second.md": "# Second\n\nBack to [[main]].\n",
    "third.md": "---\ntitle: The Third Note\n---\nText.\n",
    "other.md": "Also [[Ghost Topic]].\n",
}


@pytest.fixture
def window(qtbot, open_window, make_vault):
    window = open_window(make_vault(NOTES), "main.md")
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)
    panel = window.side_tabs.panel(OutgoingPanel)
    window.side_tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: bool(panel.rows("Unlinked names") and panel.rows("Notes")))
    return window


def url_line() -> int:
    return (
        NOTES["main.md"]
        .splitlines()
        .index("Read [the docs](https://example.com/docs) and see ![[missing.png]].")
        + 1
    )


def group(panel: OutgoingPanel, label: str):
    tree = panel.tree
    for index in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(index)
        if item.text(0).startswith(label):
            return item
    raise AssertionError(f"no group {label}")


def test_links_grouped_with_lines_and_mentions(window):
    panel = window.side_tabs.panel(OutgoingPanel)
    assert panel.objectName() == "outgoingPanel"
    assert panel.rows("Notes") == ["Second"]
    assert panel.rows("Unresolved topics") == ["Ghost Topic"]
    assert panel.rows("External links") == ["the docs"]
    assert panel.rows("Attachments") == ["missing.png"]
    assert panel.rows("Unlinked names") == ["The Third Note"]
    topic = group(panel, "Unresolved topics").child(0)
    assert topic.toolTip(0) == "line 4 · 2 links · 3 mentions in the vault"
    assert [topic.child(i).text(0) for i in range(topic.childCount())] == ["line 4"]
    url = group(panel, "External links").child(0)
    assert "https://example.com/docs" in url.toolTip(0)
    assert "missing" in group(panel, "Attachments").child(0).toolTip(0)
    assert panel.heading.text() == "Outgoing links (4)"


def test_enter_and_click_open_targets_and_middle_click_a_new_tab(qtbot, window):
    panel = window.side_tabs.panel(OutgoingPanel)
    tree = panel.tree
    note = group(panel, "Notes").child(0)
    tree.setCurrentItem(note)
    tree.setFocus()
    shown = wait_page(qtbot, window, lambda: qtbot.keyClick(tree, Qt.Key.Key_Return))
    assert shown.key == "Second.md"
    wait_page(qtbot, window, window.navigator.back)
    qtbot.waitUntil(lambda: panel.rows("Unresolved topics") == ["Ghost Topic"])
    topic = group(panel, "Unresolved topics").child(0)
    rect = tree.visualItemRect(topic)
    shown = wait_page(
        qtbot,
        window,
        lambda: QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, NONE, rect.center()),
    )
    assert shown.kind == "topic" and shown.key == "Ghost Topic"
    wait_page(qtbot, window, window.navigator.back)
    qtbot.waitUntil(lambda: panel.rows("Notes") == ["Second"])
    rect = tree.visualItemRect(group(panel, "Notes").child(0))
    wait_page(
        qtbot,
        window,
        lambda: QTest.mouseClick(tree.viewport(), Qt.MouseButton.MiddleButton, NONE, rect.center()),
    )
    assert len(window.area.groups[0].readers()) == 2 and window.shown.key == "Second.md"


def test_line_rows_scroll_the_note_and_mark_the_link(qtbot, window):
    panel = window.side_tabs.panel(OutgoingPanel)
    tree = panel.tree
    pane = window.note_pane
    url = group(panel, "External links").child(0)
    url.setExpanded(True)
    line = url.child(0)
    assert line.text(0) == f"line {url_line()}"
    tree.setCurrentItem(line)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert pane.verticalScrollBar().value() > 0
    marked = pane.extraSelections()
    assert marked and marked[0].cursor.selectedText() == "the docs"
    unlinked = group(panel, "Unlinked names").child(0)
    unlinked.setExpanded(True)
    tree.setCurrentItem(unlinked.child(0))
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert pane.extraSelections()[0].cursor.selectedText() == "The Third Note"


def test_a_web_address_goes_to_the_browser(qtbot, window, monkeypatch):
    opened = []
    monkeypatch.setattr(window.links, "open_external", opened.append)
    panel = window.side_tabs.panel(OutgoingPanel)
    panel.externalChosen.disconnect()
    panel.externalChosen.connect(window.links.open_external)
    url = group(panel, "External links").child(0)
    rect = panel.tree.visualItemRect(url)
    QTest.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, NONE, rect.center())
    assert opened == ["https://example.com/docs"]


def test_pages_other_than_notes_have_none(qtbot, window):
    panel = window.side_tabs.panel(OutgoingPanel)
    wait_page(
        qtbot, window, lambda: window.area.open(window.shown.__class__("topic", "Ghost Topic"))
    )
    qtbot.waitUntil(lambda: panel.heading.text() == "No outgoing links for this page")
    assert panel.tree.topLevelItemCount() == 0


def test_unlinked_names_arriving_before_the_links_are_kept(qtbot):
    from viewer.core.outgoing import NOTE, OutgoingLinks, OutgoingTarget, UnlinkedName

    panel = OutgoingPanel()
    qtbot.addWidget(panel)
    panel.show_unlinked([UnlinkedName("b.md", "Bee", "bee", 3, 2)])
    panel.show_links(OutgoingLinks(notes=(OutgoingTarget(NOTE, "a.md", "Ay", (1,)),)))
    assert panel.rows("Notes") == ["Ay"]
    assert panel.rows("Unlinked names") == ["Bee"]
    assert group(panel, "Unlinked names").child(0).toolTip(0) == "“bee”, line 3, 2 times"


def test_a_long_list_of_links_fills_between_event_loop_turns(qtbot, monkeypatch):
    """The groups show at once and their rows come a slice at a time (here one row a turn);
    the links of another page replace a list still filling."""
    import viewer.ui.outgoing_panel as outgoing_panel
    from viewer.core.outgoing import NOTE, TOPIC, OutgoingLinks, OutgoingTarget
    from viewer.ui.outgoing_panel import OutgoingPanel

    monkeypatch.setattr(outgoing_panel, "FILL_SLICE_S", 0.0)
    panel = OutgoingPanel()
    qtbot.addWidget(panel)
    many = OutgoingLinks(
        notes=tuple(OutgoingTarget(NOTE, f"n{i}.md", f"Note {i}", (i + 1,)) for i in range(300)),
        topics=tuple(OutgoingTarget(TOPIC, f"t{i}", f"Topic {i}", (1, 2)) for i in range(100)),
    )
    panel.show_links(many)
    assert panel.heading.text() == "Outgoing links (400)"
    assert len(panel.rows("Notes")) < 300  # still filling
    panel.show_links(OutgoingLinks(notes=(OutgoingTarget(NOTE, "x.md", "X", (3,)),)))
    qtbot.wait(20)
    assert panel.rows("Notes") == ["X"] and panel.rows("Unresolved topics") == []
    panel.show_links(many)
    qtbot.waitUntil(lambda: len(panel.rows("Unresolved topics")) == 100, timeout=10_000)
    assert panel.rows("Notes")[:2] == ["Note 0", "Note 1"] and len(panel.rows("Notes")) == 300
