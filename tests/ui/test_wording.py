"""Wording and small navigation slips in the window (issue 15, items 10 and 11): counts in
the singular, the menu a message names exists, Reveal in Tree in every tree mode, the title
and the backlinks header on message pages, and a vault switch that clears the old vault."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import wait_page
from viewer.core.tree import CHANNEL, EPISODE, NOTE, TAG
from viewer.ui.commands import COMMANDS, SUBMENUS
from viewer.ui.tree_mode import FOLDERS, TAGS, VIDEOS

VIEWER = Path(__file__).resolve().parents[2] / "viewer"
CITE = '<a class="yt-timestamp" data-t="{0}">[{0}]</a>'


def test_every_menu_a_message_names_exists():
    """ "View › Timestamp Player…" and its like name a real menu entry, spelled as it shows."""
    paths = {
        f"{SUBMENUS[c.menu]} › {c.menu} › {c.label}"
        if c.menu in SUBMENUS
        else f"{c.menu} › {c.label}"
        for c in COMMANDS
    } | {"File › Recent Vaults", "Go › Recent Notes"}  # submenus filled when they open
    named = set()
    for source in VIEWER.rglob("*.py"):
        for found in re.findall(r"[A-Z]\w+(?: › [A-Z][\w ]*…?)+", source.read_text("utf-8")):
            named.add(found.strip())
    assert "View › Timestamp Player…" in named
    assert named <= paths, named - paths


@pytest.fixture
def one_note_vault(tmp_path):
    root = tmp_path / "solo"
    root.mkdir()
    (root / "Only.md").write_text("# Only\n\nIt names [[Nobody Yet]] once.\n", "utf-8")
    return root


def test_the_counts_follow_a_saved_change(qtbot, open_window, one_note_vault):
    """Counted again in a worker after a live change (every note's links are walked)."""
    window = open_window(one_note_vault, "Only.md")
    qtbot.waitUntil(lambda: window.session.watcher.mode == "events", timeout=10_000)
    (one_note_vault / "Two.md").write_text("[[Only]] and [[Nobody Yet]] and [[Else]]\n", "utf-8")
    qtbot.waitUntil(
        lambda: window.vaults.counts.text() == "2 notes · 4 links · 2 topics without a note",
        timeout=10_000,
    )


def test_counts_of_one_say_so(qtbot, open_window, one_note_vault):
    window = open_window(one_note_vault, "Only.md")
    qtbot.waitUntil(lambda: window.vaults.counts.text() != "")
    assert window.vaults.counts.text() == "1 note · 1 link · 1 topic without a note"
    wait_page(qtbot, window, lambda: window.navigator.open_topic("Nobody Yet"))
    qtbot.waitUntil(lambda: window.backlinks.mention_count() == 1)
    assert window.backlinks.heading.text() == "Mentions (1)"
    qtbot.waitUntil(lambda: window.session.switcher is not None)
    entry = next(e for e in window.session.switcher.entries if e.target == "Nobody Yet")
    assert entry.detail == "no note · 1 mention"


@pytest.fixture
def modes_vault(tmp_path):
    """Two channels, each with an episode (videoId) of two topic notes; one note with tags,
    one loose note without a video or tags."""
    root = tmp_path / "modes"
    for channel, video in (("alpha", "alphaVideo1"), ("beta", "betaVideo01")):
        (root / channel).mkdir(parents=True)
        (root / channel / f"{channel}.md").write_text(f"# {channel}\n\nThe channel.\n", "utf-8")
        for n in range(2):
            (root / channel / f"{channel} topic {n}.md").write_text(
                f"---\nvideoId: {video}\ntags: [shelf/{channel}]\n---\n\n"
                f"From: [[{channel}]] <br/>\nTopic {n} {CITE.format(f'0{n}:10')}.\n",
                "utf-8",
            )
    (root / "Loose.md").write_text("# Loose\n\nNo video here.\n", "utf-8")
    return root


@pytest.fixture
def window(qtbot, open_window, modes_vault):
    window = open_window(modes_vault, "Loose.md")
    window.resize(1100, 700)
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)
    return window


def set_mode(qtbot, window, mode: str) -> None:
    if window.tree_area.mode() != mode:
        with qtbot.waitSignal(window.treeRefreshed, timeout=10_000):
            window.tree_area.set_mode(mode)


def reveal_by_keyboard(qtbot, window) -> None:
    window.note_pane.setFocus()
    window.tree_panel.view.collapseAll()
    qtbot.keyClick(window.note_pane, Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier)


def shown_with_parent(window) -> bool:
    view = window.tree_panel.view
    index = view.currentIndex()
    area = view.viewport().rect()
    if not area.contains(view.visualRect(index)):
        return False
    return not index.parent().isValid() or area.contains(view.visualRect(index.parent()))


@pytest.mark.parametrize(
    ("mode", "path", "kind", "parent"),
    [
        (FOLDERS, "beta/beta topic 1.md", NOTE, "beta"),
        (VIDEOS, "beta/beta topic 1.md", NOTE, "betaVideo01"),  # the note under its episode
        (VIDEOS, "beta/beta.md", CHANNEL, ""),  # a channel's page is the channel row
        (TAGS, "beta/beta topic 1.md", NOTE, "shelf/beta"),
    ],
)
def test_reveal_in_tree_in_every_mode(qtbot, window, mode, path, kind, parent):
    set_mode(qtbot, window, mode)
    wait_page(qtbot, window, lambda: window.open_note(path))
    reveal_by_keyboard(qtbot, window)
    node = window.tree_panel.current_node()
    assert node is not None and (node.kind, node.note) == (kind, path)
    assert (node.parent.key if node.parent else "") == parent
    if mode == VIDEOS and kind == NOTE:
        assert node.parent.kind == EPISODE
    if mode == TAGS:
        assert node.parent.kind == TAG
    assert shown_with_parent(window)
    assert QApplication.focusWidget() is window.tree_panel.view


def test_reveal_a_note_a_mode_leaves_out_says_why_and_selects_nothing(qtbot, window):
    set_mode(qtbot, window, VIDEOS)
    wait_page(qtbot, window, lambda: window.open_note("alpha/alpha topic 0.md"))
    assert window.tree_panel.current_node().note == "alpha/alpha topic 0.md"
    wait_page(qtbot, window, lambda: window.open_note("Loose.md"))
    assert window.tree_panel.current_node() is None  # no stale row claims to be the page
    reveal_by_keyboard(qtbot, window)
    assert "cites no video" in window.statusBar().currentMessage()
    set_mode(qtbot, window, TAGS)
    window.commands.action("reveal").trigger()  # from the menu
    assert "has no tags" in window.statusBar().currentMessage()
    set_mode(qtbot, window, FOLDERS)
    window.commands.action("reveal").trigger()
    assert window.tree_panel.current_node().note == "Loose.md"


def test_title_and_backlinks_follow_about_and_a_deleted_note(qtbot, window, modes_vault):
    wait_page(qtbot, window, lambda: window.open_note("alpha/alpha.md"))
    qtbot.waitUntil(lambda: window.backlinks.mention_count() == 2)
    assert window.windowTitle() == "alpha — modes — Vault Viewer"
    wait_page(qtbot, window, lambda: window.commands.action("about").trigger())
    assert window.windowTitle().startswith("Vault Viewer ")
    assert window.windowTitle().count("Vault Viewer") == 1
    assert window.backlinks.heading.text() == "No backlinks for this page"
    assert window.backlinks.tree.topLevelItemCount() == 0
    wait_page(qtbot, window, lambda: window.open_note("alpha/alpha.md"))
    qtbot.waitUntil(lambda: window.backlinks.mention_count() == 2)
    with qtbot.waitSignal(window.pageShown, timeout=10_000):
        (modes_vault / "alpha" / "alpha.md").unlink()
    qtbot.waitUntil(lambda: window.backlinks.tree.topLevelItemCount() == 0)
    assert window.windowTitle() == "This note is not in the vault — modes — Vault Viewer"
    assert window.backlinks.heading.text() == "No backlinks: this note is not in the vault"


def test_while_another_vault_opens_the_old_one_is_cleared(qtbot, window, modes_vault, tmp_path):
    wait_page(qtbot, window, lambda: window.open_note("alpha/alpha topic 0.md"))
    qtbot.waitUntil(lambda: window.timestamps.list.topLevelItemCount() == 1)
    qtbot.waitUntil(lambda: window.session.search_ready, timeout=20_000)
    window.search_vault()
    qtbot.keyClicks(window.search_panel.query, "topic")
    qtbot.waitUntil(lambda: window.search_panel.results.topLevelItemCount() > 0)
    other = tmp_path / "other"
    shutil.copytree(modes_vault, other)
    window.open_vault(other)  # what shows until the event loop runs again
    assert "Topic 0" not in window.note_pane.toPlainText()
    assert window.windowTitle().startswith("Opening other…")
    assert window.vaults.counts.text() == ""
    assert window.tree_panel.model.rowCount() == 0
    assert window.backlinks.tree.topLevelItemCount() == 0
    assert window.timestamps.list.topLevelItemCount() == 0
    assert window.search_panel.results.topLevelItemCount() == 0


def test_the_welcome_page_hides_an_empty_recent_vaults_heading(qtbot, settings):
    from viewer.app import create_window

    window = create_window(None, settings=settings)
    qtbot.addWidget(window)
    window.show()
    welcome = window.welcome
    assert window.center.currentWidget() is welcome
    assert welcome.recent.count() == 0
    assert not welcome.recent_label.isVisible() and not welcome.recent.isVisible()
    welcome.set_recent([str(Path("/somewhere/vault"))])
    assert welcome.recent_label.isVisible() and welcome.recent.isVisible()
    window.shutdown()
