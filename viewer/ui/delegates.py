"""Item delegate for lists of snippets: wrapped text, with the matched words in bold.

Qt's default delegate cannot wrap text in a tree view (it measures rows before it knows the
column width) and draws plain text only; this one measures with the real width and draws a
small rich-text document, so long context snippets read like the sentences they are.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QMouseEvent, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from .history_buttons import let_through
from .row_pointer import PointerRows

_Index = QModelIndex | QPersistentModelIndex

RichTextRole = Qt.ItemDataRole.UserRole + 20  # HTML to draw instead of the display text
DetailRole = Qt.ItemDataRole.UserRole + 21  # a muted second line (plain text)
PADDING = 4


def bold_terms(text: str, terms: list[str]) -> str:
    """`text` as HTML with each occurrence of `terms` in bold (case-insensitive)."""
    lowered = text.casefold()
    marks = [False] * len(text)
    for term in terms:
        term = term.strip().casefold()
        if not term:
            continue
        start = lowered.find(term)
        while start >= 0:
            for index in range(start, min(len(text), start + len(term))):
                marks[index] = True
            start = lowered.find(term, start + len(term))
    out, bold = [], False
    for char, marked in zip(text, marks, strict=True):
        if marked != bold:
            out.append("<b>" if marked else "</b>")
            bold = marked
        out.append(html.escape(char))
    if bold:
        out.append("</b>")
    return "".join(out)


class WrappingDelegate(QStyledItemDelegate):
    """Draws RichTextRole (or the display text) wrapped to the column width."""

    def _document(self, option: QStyleOptionViewItem, index: _Index, width: float):
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(option.font)
        rich = index.data(RichTextRole)
        detail = index.data(DetailRole)
        if rich or detail:
            body = rich or html.escape(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
            if detail:
                muted = option.palette.color(QPalette.ColorRole.PlaceholderText).name()
                if option.state & QStyle.StateFlag.State_Selected and (
                    option.state & QStyle.StateFlag.State_HasFocus
                ):
                    muted = option.palette.color(QPalette.ColorRole.HighlightedText).name()
                body += (
                    f"<br><span style='color: {muted}; font-size: small'>"
                    f"{html.escape(str(detail))}</span>"
                )
            document.setHtml(body)
        else:
            document.setPlainText(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        document.setTextWidth(max(40.0, width))
        return document

    def _text_width(self, option: QStyleOptionViewItem, index: _Index) -> float:
        view = self.parent()
        width = option.rect.width()
        if view is not None and hasattr(view, "columnWidth"):
            depth = 0
            parent = index.parent()
            while parent.isValid():
                depth += 1
                parent = parent.parent()
            indentation = view.indentation() if hasattr(view, "indentation") else 0
            width = view.columnWidth(0) - indentation * (depth + 1)
        return width - 2 * PADDING

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        document = self._document(options, index, self._text_width(options, index))
        return QSize(
            int(document.idealWidth()) + 2 * PADDING, int(document.size().height()) + 2 * PADDING
        )

    def paint(self, painter, option: QStyleOptionViewItem, index: _Index) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        text_rect = options.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        document = self._document(options, index, text_rect.width())
        options.text = ""
        style = options.widget.style() if options.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        group = (
            QPalette.ColorGroup.Normal
            if options.state & QStyle.StateFlag.State_Enabled
            else QPalette.ColorGroup.Disabled
        )
        role = (
            QPalette.ColorRole.HighlightedText
            if options.state & QStyle.StateFlag.State_Selected
            and options.state & QStyle.StateFlag.State_HasFocus
            else QPalette.ColorRole.Text
        )
        context.palette.setColor(QPalette.ColorRole.Text, options.palette.color(group, role))
        painter.save()
        painter.translate(text_rect.topLeft())
        painter.setClipRect(QRectF(0, 0, text_rect.width(), text_rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()


class SnippetTree(PointerRows, QTreeWidget):
    """A one-column list or tree of snippets that wrap to the panel's width (backlinks,
    timestamps, search results): the WrappingDelegate, and rows measured again once a resize
    settles, since their heights depend on the width."""

    RELAYOUT_MS = 60
    itemMiddleClicked = Signal(QTreeWidgetItem)
    rowUnderPointer = Signal(QModelIndex, object)  # invalid off the rows; modifiers held

    def __init__(self, parent: QWidget, object_name: str, accessible_name: str) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(accessible_name)
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setAnimated(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.header().setStretchLastSection(True)
        self.setItemDelegate(WrappingDelegate(self))
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(self.RELAYOUT_MS)
        self._relayout.timeout.connect(self.doItemsLayout)
        self.track_pointer()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout.start()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not let_through(event):
            super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A middle-click on a row: `itemMiddleClicked` (its target opens in a new tab)."""
        if event.button() == Qt.MouseButton.MiddleButton:
            item = self.itemAt(event.position().toPoint())
            if item is not None:
                self.itemMiddleClicked.emit(item)
                return
        super().mouseReleaseEvent(event)
