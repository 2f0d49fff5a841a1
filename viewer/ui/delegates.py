"""Item delegate for lists of snippets: wrapped text, with the matched words in bold.

Qt's default delegate cannot wrap text in a tree view (it measures rows before it knows the
column width) and draws plain text only; this one measures with the real width and draws a
small rich-text document, so long context snippets read like the sentences they are.
"""

from __future__ import annotations

import collections
import functools
import html
import time

import shiboken6
from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QMouseEvent,
    QPaintEvent,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ..render.snippets import snippet_stylesheet
from .history_buttons import let_through
from .interpreter import gui_first
from .panel_parts import Slices
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
    """Draws RichTextRole (or the display text) wrapped to the column width. Snippets are
    styled as the note pane styles them (pills, code, the mention mark) in the current theme."""

    stylesheet = snippet_stylesheet("light")  # set for every row by `set_theme`

    @classmethod
    def set_theme(cls, theme: str) -> None:
        cls.stylesheet = snippet_stylesheet(theme)

    CACHED_DOCUMENTS = 96  # laid-out rows kept: a panel's visible rows, twice over

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # Laying out a row's rich text is most of what drawing or measuring it costs, and a
        # view asks for the same rows again on every paint, hover and scroll.
        self._documents: collections.OrderedDict[tuple, QTextDocument] = collections.OrderedDict()

    def _document(self, option: QStyleOptionViewItem, index: _Index, width: float):
        rich = index.data(RichTextRole)
        detail = index.data(DetailRole)
        plain = not (rich or detail)
        if plain:
            body = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        else:
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
        width = max(40.0, width)
        key = (plain, body, option.font.key(), width, self.stylesheet)
        document = self._documents.get(key)
        if document is not None:
            self._documents.move_to_end(key)
            return document
        document = QTextDocument(self)
        document.setDocumentMargin(0)
        document.setDefaultFont(option.font)
        document.setDefaultStyleSheet(self.stylesheet)
        if plain:
            document.setPlainText(body)
        else:
            document.setHtml(body)
        document.setTextWidth(width)
        self._documents[key] = document
        if len(self._documents) > self.CACHED_DOCUMENTS:
            _key, oldest = self._documents.popitem(last=False)
            oldest.deleteLater()
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

    def anchor_at(self, option: QStyleOptionViewItem, index: _Index, point: QPointF) -> str:
        """The href of the link drawn at `point` (view coordinates) in the row `index`."""
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        text_rect = options.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        document = self._document(options, index, text_rect.width())
        return document.documentLayout().anchorAt(point - QPointF(text_rect.topLeft()))


class RowMouse:
    """The mouse in the panels' lists and trees: the mouse's back and forward buttons pass
    through to the window (see `let_through`), and a middle-click on a row goes to
    `middle_clicked(index)` (its target opens in a new tab). A plain mixin, put before the Qt
    view class (`class Rows(RowMouse, QListWidget)`): two Qt bases would crash Shiboken."""

    def middle_clicked(self, index: QModelIndex) -> None:
        """A row was middle-clicked (subclasses open its target in a new tab)."""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not let_through(event):
            super().mousePressEvent(event)  # type: ignore[misc]

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton:
            view: QAbstractItemView = self  # type: ignore[assignment]
            index = view.indexAt(event.position().toPoint())
            if index.isValid():
                self.middle_clicked(index)
                return
        super().mouseReleaseEvent(event)  # type: ignore[misc]


DELETE_SLICE_S = 0.008  # how long a cleared SnippetTree deletes rows per event-loop turn
CHILDREN_AT_ONCE = 32  # a row holding more gives them up to be deleted one by one


def _delete_all(items: list[QTreeWidgetItem], *_signal: object) -> None:
    """Delete rows taken out of a tree (with their children): Qt gave them back to no one."""
    for item in items:
        shiboken6.delete(item)
    items.clear()


class SnippetTree(RowMouse, PointerRows, QTreeWidget):
    """A one-column list or tree of snippets that wrap to the panel's width (backlinks,
    timestamps, search results): the WrappingDelegate, and rows measured again once a resize
    settles, since their heights depend on the width."""

    RELAYOUT_MS = 60
    itemMiddleClicked = Signal(QTreeWidgetItem)
    linkClicked = Signal(QUrl)  # a link drawn in a snippet (a timestamp pill) was clicked
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
        # Rows taken out by `clear`, deleted a slice per event-loop turn.
        self._dropped: list[QTreeWidgetItem] = []
        self._dropping = Slices(self)
        self.destroyed.connect(functools.partial(_delete_all, self._dropped))

    def clear(self) -> None:
        """Empty the list at once, in one call, and delete its rows a slice per turn of the
        event loop: deleting a long note's thousands of citation rows in `QTreeWidget.clear`
        took 40-85 ms of the GUI thread in one go."""
        taken = self.invisibleRootItem().takeChildren()  # still ours to delete
        if taken:
            self._dropped.extend(taken)
            if not self._dropping.busy():
                self._dropping.start(self._delete_some, DELETE_SLICE_S)

    def _delete_some(self, deadline: float) -> bool:
        """Delete dropped rows until `deadline`; True once none is left. A row with many
        rows in it (a group of thousands of links) gives them up first, to be deleted a
        slice at a time too."""
        dropped = self._dropped
        while dropped:
            item = dropped.pop()
            if item.childCount() > CHILDREN_AT_ONCE:
                dropped.append(item)  # deleted once its rows are
                dropped.extend(item.takeChildren())
            else:
                shiboken6.delete(item)
            if time.perf_counter() > deadline:
                break
        return not dropped

    @gui_first()  # each row painted lays out its snippet in Python
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout.start()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click on a timestamp pill in a snippet opens the video (`linkClicked`), not the
        row; a middle-click on a row opens its target in a new tab (see `RowMouse`)."""
        if event.button() == Qt.MouseButton.LeftButton:
            href = self._anchor_at(event.position().toPoint())
            if href.startswith("time:"):
                self.linkClicked.emit(QUrl(href))
                return
        super().mouseReleaseEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._anchor_at(
            event.position().toPoint()
        ).startswith("time:"):
            return  # the release opens the video; the row is not chosen
        super().mousePressEvent(event)

    def _anchor_at(self, point: QPoint) -> str:
        index = self.indexAt(point)
        delegate = self.itemDelegate()
        if not index.isValid() or not isinstance(delegate, WrappingDelegate):
            return ""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = self.visualRect(index)
        return delegate.anchor_at(option, index, QPointF(point))

    def middle_clicked(self, index: QModelIndex) -> None:
        """A middle-click on a row: `itemMiddleClicked` (its target opens in a new tab)."""
        item = self.itemFromIndex(index)
        if item is not None:
            self.itemMiddleClicked.emit(item)
