"""Help > Keyboard Shortcuts: every command with keys, read from the action registry."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from .actions import ActionRegistry

# Keys that belong to widgets rather than commands (they are not actions, so not in the
# registry): how to move inside the panes.
IN_PANES = (
    ("Note", "Tab / Shift+Tab", "Move through the note's links"),
    ("Note", "Enter", "Follow the focused link"),
    ("Tree", "Arrows, letters", "Move, type-ahead to a name"),
    ("Tree", "Left / Right", "Collapse / expand a folder"),
    ("Tree, lists", "Enter", "Open the selected item"),
    ("Popups, find bar", "Esc", "Close"),
)


class ShortcutsDialog(QDialog):
    def __init__(self, registry: ActionRegistry, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        rows = [(menu, label, keys) for menu, label, keys in registry.shortcut_table()]
        rows += [(where, description, keys) for where, keys, description in IN_PANES]
        table = QTableWidget(len(rows), 3, self)
        table.setObjectName("shortcutsTable")
        table.setHorizontalHeaderLabels(["Where", "Command", "Keys"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
        header = table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Every command is also in the command palette (Ctrl+P).", self))
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
        self.resize(620, 560)
