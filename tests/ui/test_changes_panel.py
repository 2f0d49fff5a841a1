"""What changed since I last read: the Changes tab after notes were added, edited and removed
between two sessions; the word diff on demand; opening a note marks it read; Mark All Read."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import click_page, wait_page
from viewer.core.changes import ChangeTracker
from viewer.core.vault import Vault

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
FUTURE = "deepcast/future_of_work.md"
ADDED = "deepcast/quiet_hours.md"
REMOVED = "makers-hour/seasonal_cash_flow.md"


@pytest.fixture
def vault(tmp_path):
    root = tmp_path / "vault"
    shutil.copytree(SAMPLE_VAULT, root)
    return root


def listed(window) -> bool:
    return window.workspace.changes.listed is not None


def rows(window) -> dict[str, list[tuple[str, str]]]:
    """{channel: [(path, status)]} as the Changes tab lists them."""
    tree = window.workspace.changes.tree
    found = {}
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        found[top.text(0)] = [
            top.child(j).data(0, Qt.ItemDataRole.UserRole + 60) for j in range(top.childCount())
        ]
    return found


def row_item(window, path: str):
    tree = window.workspace.changes.tree
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for j in range(top.childCount()):
            if top.child(j).data(0, Qt.ItemDataRole.UserRole + 60)[0] == path:
                return top.child(j)
    raise AssertionError(f"{path} is not listed")


def edit_between_sessions(root) -> None:
    future = root / FUTURE
    text = future.read_text(encoding="utf-8")
    future.write_text(
        text.replace("bundles of tasks", "bundles of many small tasks").replace(
            "Cash machines", "Automatic cash machines"
        ),
        encoding="utf-8",
    )
    (root / ADDED).write_text("---\ntitle: Quiet Hours\n---\nA new note.\n", encoding="utf-8")
    (root / REMOVED).unlink()


def test_the_changes_between_two_sessions(qtbot, open_window, vault):
    first = open_window(vault, "directory.md")
    qtbot.waitUntil(lambda: listed(first))
    panel = first.findChild(QWidget, "changesPanel")
    assert panel is first.workspace.changes
    assert panel.listed.changes.first_run and not rows(first)  # the first time: nothing
    assert "First visit" in panel.heading.text()
    first.close()
    first.shutdown()
    edit_between_sessions(vault)

    second = open_window(vault)
    second.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)
    qtbot.waitUntil(lambda: listed(second))
    assert rows(second) == {
        "deepcast": [(ADDED, "added"), (FUTURE, "changed")],
        "makers-hour": [(REMOVED, "removed")],
    }
    tabs = second.left_tabs
    assert tabs.tabText(tabs.indexOf(second.workspace.changes)) == "Changes (3)"
    assert "1 new, 1 changed, 1 removed" in second.workspace.changes.heading.text()
    assert "Quiet Hours" in row_item(second, ADDED).text(0)

    # Ctrl+Shift+C shows the list; Space shows the changed words of the current row.
    qtbot.keyClick(second.note_pane, Qt.Key.Key_C, CTRL | SHIFT)
    changes = second.workspace.changes
    assert tabs.currentWidget() is changes and changes.tree.hasFocus()
    changes.tree.setCurrentItem(row_item(second, FUTURE))
    qtbot.keyClick(changes.tree, Qt.Key.Key_Space)
    assert changes.diff.isVisible()
    qtbot.waitUntil(lambda: "many small" in changes.diff.toPlainText())
    html = changes.diff.toHtml()
    assert "line-through" in html  # deleted words are struck through
    assert "Automatic" in changes.diff.toPlainText()
    # The removed note: what it said, deleted.
    changes.tree.setCurrentItem(row_item(second, REMOVED))
    qtbot.waitUntil(
        lambda: (
            "line-through" in changes.diff.toHtml() and "cash" in changes.diff.toPlainText().lower()
        )
    )

    # Opening the changed note (Enter) marks it read: greyed here, gone from the baseline.
    changes.tree.setFocus()
    changes.tree.setCurrentItem(row_item(second, FUTURE))
    shown = wait_page(qtbot, second, lambda: qtbot.keyClick(changes.tree, Qt.Key.Key_Return))
    assert shown.key == FUTURE
    assert "(read)" in row_item(second, FUTURE).text(0)
    assert tabs.tabText(tabs.indexOf(changes)) == "Changes (2)"
    tracker = ChangeTracker(vault)
    qtbot.waitUntil(lambda: FUTURE not in tracker.changes(Vault.load(vault)).changed)
    # Its diff is still there to see.
    changes.tree.setCurrentItem(row_item(second, FUTURE))
    qtbot.waitUntil(lambda: "many small" in changes.diff.toPlainText())

    # A click on the new note opens it, and marks it read too.
    tree = changes.tree
    shown = click_page(
        qtbot, second, tree.viewport(), tree.visualItemRect(row_item(second, ADDED)).center()
    )
    assert shown.key == ADDED
    qtbot.waitUntil(lambda: ADDED not in tracker.changes(Vault.load(vault)).added)

    # Mark All Read: the list empties, and stays empty in the next session.
    second.commands.action("mark-all-read").trigger()
    qtbot.waitUntil(lambda: not rows(second) and "Nothing changed" in changes.heading.text())
    assert tabs.tabText(tabs.indexOf(changes)) == "Changes"
    assert not tracker.changes(Vault.load(vault))
    second.close()
    second.shutdown()
    third = open_window(vault)
    qtbot.waitUntil(lambda: listed(third))
    assert not rows(third) and not third.workspace.changes.listed.changes.first_run
    assert not any(vault.rglob("*.sqlite3"))  # kept in the cache folder, never in the vault


def test_delete_marks_a_row_read_and_live_changes_are_listed(qtbot, open_window, vault):
    window = open_window(vault, "directory.md")
    qtbot.waitUntil(lambda: listed(window))
    assert window.workspace.changes.listed.changes.first_run
    (vault / ADDED).write_text("A note written while the window is open.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: rows(window) == {"deepcast": [(ADDED, "added")]}, timeout=15_000)
    changes = window.workspace.changes
    changes.tree.setFocus()
    changes.tree.setCurrentItem(row_item(window, ADDED))
    qtbot.keyClick(changes.tree, Qt.Key.Key_Delete)
    assert "(read)" in row_item(window, ADDED).text(0)
    tracker = ChangeTracker(vault)
    qtbot.waitUntil(lambda: not tracker.changes(Vault.load(vault)))


def test_thousands_of_changes_make_their_rows_on_demand(qtbot):
    from viewer.core.changes import Changes
    from viewer.ui.changes_list import CHUNK, ChangesTree

    parent = QWidget()
    qtbot.addWidget(parent)
    tree = ChangesTree(parent)
    changed = tuple(f"big/note_{i:05}.md" for i in range(2 * CHUNK + 50))
    added = ("small/one.md",)
    tree.show_changes(Changes(added, changed, ()).by_channel(), {}, set())
    big, small = (tree.topLevelItem(i) for i in range(2))
    assert big.text(0) == "big" and not big.isExpanded() and big.childCount() == 0
    assert small.text(0) == "small" and small.childCount() == 1  # short: made at once
    big.setExpanded(True)
    assert big.childCount() == CHUNK + 1 and big.child(CHUNK).text(0) == f"{CHUNK + 50} more…"
    tree.setFocus()
    tree.setCurrentItem(big.child(CHUNK))
    with qtbot.assertNotEmitted(tree.rowActivated):
        qtbot.keyClick(tree, Qt.Key.Key_Return)  # the next ones
    assert big.childCount() == 2 * CHUNK + 1
    assert tree.current_change() == (changed[CHUNK], "changed")
    tree.setCurrentItem(big.child(2 * CHUNK))
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert big.childCount() == len(changed)
    with qtbot.waitSignal(tree.rowActivated) as activated:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert activated.args[:2] == [changed[2 * CHUNK], "changed"]


def test_closing_during_the_first_look_does_not_wait_for_it(
    qtbot, open_window, medium_vault, monkeypatch
):
    """The first look reads every note (here slowed to 2 ms a note: 8 s for 4,000); a window
    closed meanwhile stops it at once, and nothing is written: the next look starts over."""
    import time

    import viewer.core.changes as changes_module

    read = changes_module._read

    def slow_read(vault, path):
        time.sleep(0.002)
        return read(vault, path)

    monkeypatch.setattr(changes_module, "_read", slow_read)
    window = open_window(medium_vault)
    session = window.session
    qtbot.waitUntil(lambda: session.tasks.busy("changes-list"))
    assert window.workspace.changes.listed is None
    started = time.perf_counter()
    window.close()
    assert window.shutdown(2.5)
    assert time.perf_counter() - started < 3.0
    monkeypatch.setattr(changes_module, "_read", read)
    assert session.shared is None  # the closed session let go of its vault
    assert ChangeTracker(medium_vault).changes(Vault.load(medium_vault)).first_run
