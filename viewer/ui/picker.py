"""A keyboard-first popup picker: the quick switcher (Ctrl+O) and the command palette (Ctrl+P).

A query field over a result list; Up/Down move through results while typing continues,
Enter picks, Esc closes. Matching is the core's SwitcherIndex (Qt-free), so the popup only
shows results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from ..core.switcher import Entry
from .delegates import DetailRole, WrappingDelegate
from .placement import placement

EntryRole = Qt.ItemDataRole.UserRole + 30
_NO_PARENT = QModelIndex()
_Index = QModelIndex | QPersistentModelIndex
MAX_ROWS = 50


class EntryListModel(QAbstractListModel):
    """Rows of switcher entries: label on the first line, detail muted below."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[Entry] = []

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> Entry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def rowCount(self, parent: _Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.label
        if role == DetailRole:
            return entry.detail
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.detail or entry.label
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{entry.label}, {entry.detail}" if entry.detail else entry.label
        if role == EntryRole:
            return entry
        return None


class Picker(QFrame):
    """Emits `picked(Entry)`; `search(query) -> list[Entry]` supplies results."""

    picked = Signal(object, str)  # the Entry, and where it opens (Ctrl+Enter: a new tab)

    def __init__(
        self,
        parent: QWidget,
        *,
        object_name: str,
        placeholder: str,
        search: Callable[[str], list[Entry]],
    ) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName(object_name)
        self.setAccessibleName(placeholder)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._search = search
        self.query = QLineEdit(self)
        self.query.setObjectName(f"{object_name}Query")
        self.query.setPlaceholderText(placeholder)
        self.query.setAccessibleName(placeholder)
        self.model = EntryListModel(self)
        self.results = QListView(self)
        self.results.setObjectName(f"{object_name}Results")
        self.results.setAccessibleName("Results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(WrappingDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hint = QLabel("↑↓ to move · Enter to open · Esc to close", self)
        self.hint.setObjectName("panelHeading")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.setSpacing(6)
        layout.addWidget(self.query)
        layout.addWidget(self.results)
        layout.addWidget(self.hint)
        self._enter_pending = False
        self.query.textChanged.connect(self._typed)
        self.query.installEventFilter(self)
        self.results.clicked.connect(lambda index: self._pick(index.row()))

    def popup(self) -> None:
        """Show centred near the top of the parent window, empty and ready for typing."""
        parent = self.parentWidget()
        window = parent.window() if parent is not None else self
        width = min(640, max(420, window.width() // 2))
        height = min(460, max(260, window.height() // 2))
        top_left = window.mapToGlobal(window.rect().topLeft())
        self.setGeometry(
            top_left.x() + (window.width() - width) // 2, top_left.y() + 60, width, height
        )
        self._enter_pending = False
        self.query.blockSignals(True)
        self.query.clear()
        self.query.blockSignals(False)
        self._fill()
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus(Qt.FocusReason.PopupFocusReason)

    def refresh(self) -> None:
        """Search again (the query changed, or the index behind `search` became ready). An
        Enter pressed while there were no results opens the best one as soon as there is. A
        hidden picker waits: `popup` searches afresh."""
        if self.isVisible():
            self._fill()

    def _fill(self) -> None:
        entries = self._search(self.query.text())[:MAX_ROWS]
        self.model.set_entries(entries)
        if entries:
            self.results.setCurrentIndex(self.model.index(0))
            if self._enter_pending and self.isVisible():
                self._pick(0)

    def _typed(self) -> None:
        self._enter_pending = False  # Enter meant the query as it was; typing changes it
        self.refresh()

    def current_entry(self) -> Entry | None:
        return self.model.entry(self.results.currentIndex().row())

    def _move(self, delta: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        row = self.results.currentIndex().row()
        row = max(0, min(count - 1, (row if row >= 0 else -1) + delta))
        self.results.setCurrentIndex(self.model.index(row))

    def _pick(self, row: int) -> None:
        entry = self.model.entry(row)
        if entry is None:
            self._enter_pending = bool(self.query.text().strip())
            return
        self._enter_pending = False
        self.hide()
        self.picked.emit(entry, placement())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            page = max(1, self.results.height() // 48)
            moves = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: page,
                Qt.Key.Key_PageUp: -page,
            }
            if key in moves:
                self._move(moves[key])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._pick(self.results.currentIndex().row())
                return True
            if key == Qt.Key.Key_Escape:
                self._enter_pending = False
                self.hide()
                return True
        return super().eventFilter(watched, event)
