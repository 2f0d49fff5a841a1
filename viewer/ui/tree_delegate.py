"""Tree rows whose count stays visible: a long name is elided, never the number beside it.

The model's display text is "name  ·  3" (what type-ahead and assistive technology read);
drawn as is, Qt elides its end, so a long note or topic name hides its count. This delegate
draws the name, elided to the room left, and the count right-aligned and muted.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ..core.tree import TreeNode
from .tree_model import count_text

GAP = 8  # between the name and its count


class CountDelegate(QStyledItemDelegate):
    def row_texts(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> tuple[QStyleOptionViewItem, QRect, str]:
        """(the row's style option with the name elided to the room the count leaves, the text
        area, the count); the count is "" for a row without one (drawn as Qt draws it)."""
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        node = _node(index)
        count = count_text(node) if node is not None else ""
        widget = options.widget
        style = widget.style() if widget is not None else QApplication.style()
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, options, widget)
        if count and node is not None:
            metrics = options.fontMetrics
            room = text.width() - metrics.horizontalAdvance(count) - GAP
            options.text = metrics.elidedText(node.label, Qt.TextElideMode.ElideRight, max(0, room))
        return options, text, count

    def paint(
        self, painter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        node = _node(index)
        if node is None or not count_text(node):  # most rows: drawn as Qt draws them
            super().paint(painter, option, index)
            return
        options, text, count = self.row_texts(option, index)
        widget = options.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, widget)
        selected = options.state & QStyle.StateFlag.State_Selected
        focused = options.state & QStyle.StateFlag.State_HasFocus
        role = (
            QPalette.ColorRole.HighlightedText
            if selected and focused
            else QPalette.ColorRole.PlaceholderText
        )
        painter.save()
        painter.setPen(options.palette.color(role))
        painter.setFont(options.font)
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(text, int(align), count)
        painter.restore()


def _node(index: QModelIndex | QPersistentModelIndex) -> TreeNode | None:
    """The row's node, read from the index itself: asking the model for it is a call back
    into Python, which waits its turn for the interpreter while a worker runs."""
    node = index.internalPointer() if index.isValid() else None
    return node if isinstance(node, TreeNode) else None
