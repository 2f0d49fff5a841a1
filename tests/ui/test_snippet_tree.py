"""The snippet lists (backlinks, timestamps, outgoing links): a clear empties the list at once
and deletes its rows a slice per event-loop turn, none left behind."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QTreeWidgetItem, QWidget

from viewer.ui import delegates
from viewer.ui.delegates import SnippetTree


def test_clear_empties_at_once_and_deletes_the_rows_over_turns(qtbot, monkeypatch):
    monkeypatch.setattr(delegates, "DELETE_SLICE_S", 0.0)  # a row a turn
    host = QWidget()
    qtbot.addWidget(host)
    tree = SnippetTree(host, "testTree", "Test rows")
    rows = []
    for i in range(1000):
        row = QTreeWidgetItem([f"row {i}"])
        row.addChild(QTreeWidgetItem([f"line {i}"]))
        rows.append(row)
    group = QTreeWidgetItem(["a group of 500"])  # its rows are deleted one by one too
    rows += [QTreeWidgetItem([f"in group {i}"]) for i in range(500)]
    group.addChildren(rows[1000:])
    tree.addTopLevelItems([*rows[:1000], group])
    tree.clear()
    assert tree.topLevelItemCount() == 0
    assert all(shiboken6.isValid(row) for row in rows)  # none deleted yet
    qtbot.waitUntil(
        lambda: not any(shiboken6.isValid(row) for row in [*rows, group]), timeout=10_000
    )
    tree.addTopLevelItem(QTreeWidgetItem(["after"]))  # the list works on
    assert tree.topLevelItem(0).text(0) == "after"
