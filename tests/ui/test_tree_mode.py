"""Tree modes: the Folders / Videos / Tags control, its shortcuts, and the trees it picks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from viewer.core.tree import CHANNEL, EPISODE, FOLDER, NOTE, TAG
from viewer.ui.tree_mode import (
    FOLDERS,
    TAGS,
    VIDEOS,
    TreeModeBar,
    mode_tree,
    save_mode,
    saved_mode,
)
from viewer.ui.tree_model import KeyRole, KindRole, NoteRole, TreeModel


@pytest.fixture
def window(qtbot):
    """A window holding the bar and a focusable field elsewhere in it."""
    host = QWidget()
    layout = QVBoxLayout(host)
    bar = TreeModeBar(host)
    field = QLineEdit(host)
    layout.addWidget(bar)
    layout.addWidget(field)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    field.setFocus()
    return host, bar, field


def test_clicks_switch_modes_and_emit_once(qtbot, window):
    _host, bar, _field = window
    assert bar.objectName() == "treeMode"
    assert bar.mode() == FOLDERS
    with qtbot.waitSignal(bar.modeChanged, timeout=1000) as blocker:
        qtbot.mouseClick(bar.button(VIDEOS), Qt.MouseButton.LeftButton)
    assert blocker.args == [VIDEOS]
    assert bar.mode() == VIDEOS
    assert bar.button(VIDEOS).isChecked() and not bar.button(FOLDERS).isChecked()
    with qtbot.assertNotEmitted(bar.modeChanged):
        qtbot.mouseClick(bar.button(VIDEOS), Qt.MouseButton.LeftButton)  # already on
    assert bar.button(VIDEOS).isChecked()


def test_shortcuts_work_from_anywhere_in_the_window(qtbot, window):
    _host, bar, field = window
    qtbot.waitUntil(field.hasFocus)
    seen: list[str] = []
    bar.modeChanged.connect(seen.append)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(field, Qt.Key.Key_3, ctrl_shift)
    qtbot.keyClick(field, Qt.Key.Key_2, ctrl_shift)
    qtbot.keyClick(field, Qt.Key.Key_1, ctrl_shift)
    assert seen == [TAGS, VIDEOS, FOLDERS]
    assert [a.shortcut().toString() for a in bar.mode_actions()] == [
        "Ctrl+Shift+1",
        "Ctrl+Shift+2",
        "Ctrl+Shift+3",
    ]


def test_set_mode_and_settings(qtbot, settings):
    bar = TreeModeBar(mode=TAGS)
    qtbot.addWidget(bar)
    assert bar.mode() == TAGS and bar.button(TAGS).isChecked()
    with qtbot.assertNotEmitted(bar.modeChanged):
        bar.set_mode("sideways")
        bar.set_mode(TAGS)
    with qtbot.waitSignal(bar.modeChanged, timeout=1000):
        bar.set_mode(FOLDERS)
    assert saved_mode(settings) == FOLDERS
    save_mode(settings, VIDEOS)
    assert saved_mode(settings) == VIDEOS
    settings.set_value("view/treeMode", "bogus")
    assert saved_mode(settings) == FOLDERS


def test_mode_trees(sample_vault):
    folders = mode_tree(sample_vault, FOLDERS)
    assert [c.label for c in folders.children][:3] == ["deepcast", "field-signals", "library"]
    videos = mode_tree(sample_vault, VIDEOS)
    assert {c.kind for c in videos.children} == {CHANNEL}
    assert sum(1 for n in videos.walk() if n.kind == EPISODE) == 8
    tags = mode_tree(sample_vault, TAGS)
    assert {c.kind for c in tags.children} == {TAG}
    # Before indexing ends only folders are known.
    assert mode_tree(None, VIDEOS).children == []
    assert mode_tree(None, TAGS).children == []
    early = mode_tree(None, FOLDERS, {"a/b.md": "b"})
    assert [c.label for c in early.children] == ["a"]


@pytest.mark.parametrize("mode", [VIDEOS, TAGS])
def test_tree_model_over_the_new_trees_passes_the_model_tester(qtmodeltester, sample_vault, mode):
    model = TreeModel()
    model.set_root(mode_tree(sample_vault, mode))
    qtmodeltester.check(model, force_py=True)


def test_tree_model_shows_counts_and_roles_for_videos(sample_vault):
    model = TreeModel()
    model.set_root(mode_tree(sample_vault, VIDEOS))
    deepcast = model.index(0, 0)
    assert deepcast.data() == "deepcast  ·  3"
    assert (deepcast.data(KindRole), deepcast.data(NoteRole)) == (CHANNEL, "deepcast/deepcast.md")
    episode = model.index(1, 0, deepcast)
    assert episode.data().endswith("Deepcast #42  ·  2")
    assert (episode.data(KindRole), episode.data(KeyRole)) == (EPISODE, "p0Wz_7HnYtE")
    assert "2 topic notes" in episode.data(Qt.ItemDataRole.ToolTipRole)
    topic = model.index(0, 0, episode)
    assert (topic.data(), topic.data(KindRole)) == ("The Future of Work", NOTE)
    assert model.parent(topic) == episode
    tags = TreeModel()
    tags.set_root(mode_tree(sample_vault, TAGS))
    design = tags.index(0, 0)
    assert design.data() == "design  ·  1"
    assert design.data(Qt.ItemDataRole.ToolTipRole) == "#design: 1 note"
    assert tags.root().kind == FOLDER


def test_without_shortcuts_the_keys_are_left_to_the_window(qtbot):
    host = QWidget()
    layout = QVBoxLayout(host)
    bar = TreeModeBar(host, shortcuts=False)
    field = QLineEdit(host)
    layout.addWidget(bar)
    layout.addWidget(field)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    with qtbot.assertNotEmitted(bar.modeChanged):
        qtbot.keyClick(field, Qt.Key.Key_2, ctrl_shift)
    assert all(a.shortcut().isEmpty() for a in bar.mode_actions())
    assert "Ctrl+Shift+2" in bar.button(VIDEOS).toolTip()
    with qtbot.waitSignal(bar.modeChanged, timeout=1000):
        bar.set_mode(VIDEOS)  # what the registry's command does


def test_a_tree_that_reads_the_same_is_not_sent_again(qtbot, open_window, make_vault):
    root = make_vault({"a/one.md": "# One\n[[two]]", "b/two.md": "two"})
    window = open_window(root)
    session = window.session
    sent = []
    session.treeReady.connect(lambda tree, mode: sent.append(mode))
    session.build_tree(FOLDERS, only_if_changed=True)  # nothing changed: compared, not sent
    qtbot.waitUntil(session.tasks.idle)
    assert sent == []
    session.build_tree(FOLDERS)
    qtbot.waitUntil(lambda: sent == [FOLDERS])
    session.build_tree(TAGS, only_if_changed=True)  # another mode is never "the same"
    qtbot.waitUntil(lambda: sent == [FOLDERS, TAGS])
