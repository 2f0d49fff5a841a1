"""The main window, driven through its automation seam and real signals."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDropEvent
from PySide6.QtWidgets import QWidget

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import wait_page
from viewer.core.tree import find_node
from viewer.render import hrefs


def test_window_opens_the_sample_vault_on_welcome(open_window):
    window = open_window(SAMPLE_VAULT)
    assert window.vault is not None and len(window.vault.notes) == 29
    assert window.shown.key == "Welcome.md"
    assert "sample-vault" in window.windowTitle()
    assert "Vault Viewer" in window.note_pane.toPlainText()
    for name in ("topicTree", "topicFilter", "notePane", "backlinksPanel"):
        assert window.findChild(QWidget, name) is not None, name


def test_tree_activation_opens_the_note(qtbot, open_window):
    window = open_window(SAMPLE_VAULT)
    panel = window.tree_panel
    node = find_node(panel.model.root(), "deepcast/future_of_work.md")
    index = panel.model.index_of(node)
    location = wait_page(qtbot, window, lambda: panel.view.activated.emit(index))
    assert location.key == "deepcast/future_of_work.md"
    assert "The Future of Work" in window.note_pane.toPlainText()
    assert panel.current_node() is node


def test_following_note_heading_and_topic_links(qtbot, open_window):
    window = open_window(SAMPLE_VAULT)
    location = wait_page(
        qtbot,
        window,
        lambda: window.navigator.follow_link(
            QUrl(hrefs.note_href("library/Design Notes.md", "typography"))
        ),
    )
    assert location.key == "library/Design Notes.md" and location.anchor == "typography"
    assert window.note_pane.verticalScrollBar().value() >= 0
    location = wait_page(
        qtbot, window, lambda: window.navigator.follow_link(QUrl("topic:Ada%20Moreno"))
    )
    assert location.kind == "topic"
    text = window.note_pane.toPlainText()
    assert "Ada Moreno" in text and "Sodium-Ion Batteries" in text


def test_history_back_and_forward(qtbot, open_window):
    window = open_window(SAMPLE_VAULT)
    wait_page(qtbot, window, lambda: window.open_note("directory.md"))
    wait_page(qtbot, window, lambda: window.open_note("deepcast/deepcast.md"))
    assert wait_page(qtbot, window, window.navigator.back).key == "directory.md"
    assert wait_page(qtbot, window, window.navigator.back).key == "Welcome.md"
    assert not window.commands.action("back").isEnabled()
    assert wait_page(qtbot, window, window.navigator.forward).key == "directory.md"
    assert window.commands.action("forward").isEnabled()


def test_timestamp_click_opens_the_video_at_that_second(qtbot, open_window, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True
    )
    window = open_window(SAMPLE_VAULT, "makers-hour/pricing_handmade_work.md")
    window.navigator.follow_link(QUrl(hrefs.time_href("Lr8uT1eXo5D", 2510)))
    assert opened == ["https://www.youtube.com/watch?v=Lr8uT1eXo5D&t=2510s"]


def test_backlink_activation_scrolls_to_and_highlights_the_mention(qtbot, open_window):
    window = open_window(SAMPLE_VAULT, "deepcast/future_of_work.md")
    qtbot.waitUntil(lambda: window.backlinks.mention_count() > 0)
    tree = window.backlinks.tree
    group = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if "Circadian" in tree.topLevelItem(i).text(0)
    )
    mention = group.child(group.childCount() - 1)  # line 30, far down the note
    location = wait_page(qtbot, window, lambda: tree.itemActivated.emit(mention, 0))
    assert location.key == "deepcast/circadian_rhythms_in_shift_work.md"
    assert location.line == 30
    selections = window.note_pane.extraSelections()
    assert len(selections) == 1
    assert selections[0].cursor.selectedText()  # the mention's visible text is marked


def test_opening_a_note_file_opens_its_vault_at_that_note(open_window):
    window = open_window(SAMPLE_VAULT / "library" / "Design Notes.md")
    assert window.vault_root == SAMPLE_VAULT  # the folder with .obsidian
    assert window.shown.key == "library/Design Notes.md"


def test_dropping_a_folder_opens_it_as_a_vault(qtbot, open_window, make_vault):
    other = make_vault({"Only Note.md": "# Only\n\nHello [[Nowhere]]."})
    window = open_window(SAMPLE_VAULT)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.vaultLoaded, timeout=20_000):
        window.dropEvent(event)
    assert window.vault_root == other
    qtbot.waitUntil(lambda: window.shown is not None and window.shown.key == "Only Note.md")


def test_live_reload_adds_changes_and_removes_notes(qtbot, open_window, sample_copy):
    window = open_window(sample_copy, "deepcast/deepcast.md")
    qtbot.waitUntil(lambda: window.session.watcher.mode == "events")
    new_note = sample_copy / "deepcast" / "Ada Moreno.md"
    with qtbot.waitSignal(window.vaultChanged, timeout=10_000):
        new_note.write_text("---\ntitle: Ada Moreno\n---\nBattery chemist.\n", encoding="utf-8")
    vault = window.vault
    assert "deepcast/Ada Moreno.md" in vault.notes
    assert vault.topic("Ada Moreno") is None  # the new note claimed the topic's links
    assert len(vault.backlinks("deepcast/Ada Moreno.md")) == 6
    qtbot.waitUntil(
        lambda: find_node(window.tree_panel.model.root(), "deepcast/Ada Moreno.md") is not None
    )
    with qtbot.waitSignal(window.vaultChanged, timeout=10_000):
        new_note.unlink()
    assert "deepcast/Ada Moreno.md" not in window.vault.notes
    assert window.vault.topic("Ada Moreno") is not None


def test_live_reload_keeps_the_open_note_current(qtbot, open_window, sample_copy):
    window = open_window(sample_copy, "directory.md")
    qtbot.waitUntil(lambda: window.session.watcher.mode == "events")
    target = sample_copy / "directory.md"
    with qtbot.waitSignal(window.pageShown, timeout=10_000):
        target.write_text(
            target.read_text(encoding="utf-8") + "\nA freshly added line.\n", encoding="utf-8"
        )
    assert "A freshly added line." in window.note_pane.toPlainText()


def test_missing_vault_folder_is_a_message_not_a_crash(open_window, tmp_path):
    window = open_window(tmp_path / "does-not-exist", wait=False)
    assert window.vault is None
    assert "does not exist" in window.note_pane.toPlainText()


@pytest.mark.parametrize("button", ["BackButton"])
def test_mouse_back_button_goes_back(qtbot, open_window, button):
    window = open_window(SAMPLE_VAULT)
    wait_page(qtbot, window, lambda: window.open_note("directory.md"))
    location = wait_page(
        qtbot,
        window,
        lambda: qtbot.mousePress(window.note_pane.viewport(), getattr(Qt.MouseButton, button)),
    )
    assert location.key == "Welcome.md"


def test_state_is_remembered(qtbot, open_window, settings):
    window = open_window(SAMPLE_VAULT)
    wait_page(qtbot, window, lambda: window.open_note("directory.md"))
    window.close()
    assert Path(settings.last_vault) == SAMPLE_VAULT.resolve()
    assert settings.last_note(SAMPLE_VAULT) == "directory.md"


def test_a_huge_note_shows_its_beginning_then_the_rest(qtbot, open_window, make_vault):
    paragraph = "A line of a very long note that cites [[Other]] and keeps going on. " * 40
    root = make_vault(
        {"Huge.md": "# Huge\n\n" + "\n\n".join(paragraph for _ in range(300)), "Other.md": "x"}
    )
    window = open_window(root, "Huge.md")
    assert window.shown.key == "Huge.md"
    assert window.navigator.page.partial  # its beginning at once
    # Its beginning first, the rest appended as it is rendered.
    qtbot.waitUntil(
        lambda: window.note_pane.toPlainText().count("keeps going on") == 300 * 40,
        timeout=30_000,  # a busy machine renders 300 long paragraphs slowly
    )
    location = wait_page(qtbot, window, lambda: window.open_note("Other.md"))
    assert location.key == "Other.md" and not window.navigator.page.partial


def test_a_file_opened_by_the_system_opens_in_the_window(qtbot, open_window):
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    window = open_window(SAMPLE_VAULT)
    note = SAMPLE_VAULT / "library" / "reading" / "Café Notes.md"
    with qtbot.waitSignal(window.vaultLoaded, timeout=20_000):
        QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(note)))
    qtbot.waitUntil(lambda: window.shown is not None and window.shown.key.endswith("Café Notes.md"))


def test_binary_and_badly_encoded_notes_are_messages(qtbot, open_window, make_vault):
    root = make_vault(
        {
            "Start.md": "# Start\n\n[[Blob]] and [[Latin]]",
            "Blob.md": b"\x00\x01\x02binary\x00data",
            "Latin.md": "caf\xe9 au lait".encode("latin-1"),
        }
    )
    window = open_window(root, "Start.md")
    wait_page(qtbot, window, lambda: window.open_note("Blob.md"))
    assert "binary data" in window.note_pane.toPlainText()
    wait_page(qtbot, window, lambda: window.open_note("Latin.md"))
    assert "au lait" in window.note_pane.toPlainText()
    assert "encoding" in window.statusBar().currentMessage()


def test_without_a_vault_the_welcome_page_lists_recent_vaults(qtbot, settings):
    from viewer.app import create_window

    settings.remember_vault(SAMPLE_VAULT)
    window = create_window(None, settings=settings)
    qtbot.addWidget(window)
    assert window.center.currentWidget() is window.welcome
    assert not window.left_tabs.isVisible() and not window.side_tabs.isVisible()
    recent = window.welcome.recent
    assert recent.item(0).text() == "sample-vault"
    with qtbot.waitSignal(window.vaultLoaded, timeout=20_000):
        recent.itemActivated.emit(recent.item(0))
    assert window.left_tabs.isVisible() and window.vault_root == SAMPLE_VAULT.resolve()
    window.shutdown()
