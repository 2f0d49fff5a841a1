"""Which row of an item view the pointer rests on, for hover previews.

Views report it from their own event handlers (no event filter): `moved(event)` from
`mouseMoveEvent`, `left()` from `leaveEvent`; the report goes out only when the row or the
modifiers held change, with an invalid index once the pointer is off every row.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractItemView

Report = Callable[[QModelIndex, Qt.KeyboardModifier], None]


class RowPointer:
    def __init__(self, view: QAbstractItemView, report: Report) -> None:
        view.setMouseTracking(True)  # moves without a button held (Qt passes it to the viewport)
        self._view, self._report = view, report
        self._last: tuple[QPersistentModelIndex, Qt.KeyboardModifier] | None = None

    def moved(self, event: QMouseEvent) -> None:
        index = self._view.indexAt(event.position().toPoint())
        self._update(index, event.modifiers())

    def left(self) -> None:
        self._update(QModelIndex(), Qt.KeyboardModifier.NoModifier)

    def _update(self, index: QModelIndex, modifiers: Qt.KeyboardModifier) -> None:
        key = (QPersistentModelIndex(index), modifiers)
        if key != self._last:
            self._last = key
            self._report(index, modifiers)
