"""Which row of an item view the pointer rests on, for hover previews.

`PointerRows` is mixed into an item view class (before the Qt class) that declares
`rowUnderPointer = Signal(QModelIndex, object)`: its own mouse-move and leave handlers report
the row (no event filter), only when the row or the modifiers held change, with an invalid
index once the pointer is off every row.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QMouseEvent


class PointerRows:
    """Mixin for QAbstractItemView subclasses; call `track_pointer()` from `__init__`."""

    _last_row: tuple[QPersistentModelIndex, Qt.KeyboardModifier] | None = None

    def track_pointer(self) -> None:
        self.setMouseTracking(True)  # type: ignore[attr-defined]  # moves without a button

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)  # type: ignore[misc]
        index = self.indexAt(event.position().toPoint())  # type: ignore[attr-defined]
        self._report_row(index, event.modifiers())

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)  # type: ignore[misc]
        self._report_row(QModelIndex(), Qt.KeyboardModifier.NoModifier)

    def _report_row(self, index: QModelIndex, modifiers: Qt.KeyboardModifier) -> None:
        key = (QPersistentModelIndex(index), modifiers)
        if key != self._last_row:
            self._last_row = key
            self.rowUnderPointer.emit(index, modifiers)  # type: ignore[attr-defined]
