"""The Bookmarks tab on the left: the places the reader keeps, in the reader's order.

The list is `session.bookmarks.Bookmarks` (one small JSON file per vault in the config folder);
this only shows and edits it. Every change reads the file again first, so two windows on one
vault add to one list instead of overwriting each other's. Every reorder, by Alt+Up/Down or by
drag, goes through the list model's row move, and from there to the file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..session.bookmarks import (
    EPISODE,
    HEADING,
    NOTE,
    SEARCH,
    TAG,
    TOPIC,
    Bookmark,
    Bookmarks,
)
from ..session.location import NEW_TAB
from .delegates import RowMouse
from .placement import placement
from .theme import icons, widget_theme

BookmarkRole = Qt.ItemDataRole.UserRole + 50
_ICONS = {NOTE: "note", HEADING: "section", EPISODE: "episode", TOPIC: "topic", TAG: "tag"}
_KIND_NAMES = {
    NOTE: "Note",
    HEADING: "Heading",
    EPISODE: "Episode",
    TOPIC: "Topic",
    TAG: "Tag",
    SEARCH: "Search",
}
_ALT = Qt.KeyboardModifier.AltModifier
_MOVES = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}
_REMOVE = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


def bookmark_text(bookmark: Bookmark) -> str:
    if bookmark.kind == SEARCH:
        return f"Search: {bookmark.title or bookmark.target}"
    if bookmark.kind == TAG and not bookmark.title:
        return f"#{bookmark.target}"
    return bookmark.label


def bookmark_tip(bookmark: Bookmark) -> str:
    kind = _KIND_NAMES.get(bookmark.kind, bookmark.kind.capitalize())
    where = f"{bookmark.target} › {bookmark.heading}" if bookmark.heading else bookmark.target
    return f"{kind}: {where}"


class BookmarkList(RowMouse, QListWidget):
    """Enter opens (Ctrl+Enter in a new tab), Delete removes, Alt+Up/Down move, drag reorders.
    Alt+Up, Delete and the arrows are window shortcuts elsewhere (Parent Page): the list
    claims them while it has the focus."""

    openRequested = Signal(int, str)  # row, placement
    removeRequested = Signal(int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("bookmarksList")
        self.setAccessibleName("Bookmarks")
        self.setAccessibleDescription(
            "Enter opens, Delete removes, Alt+Up and Alt+Down move, drag to reorder"
        )
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.itemClicked.connect(lambda item: self.openRequested.emit(self.row(item), placement()))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._own_key(event):  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    @staticmethod
    def _own_key(event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in _MOVES and modifiers == _ALT:
            return True
        return event.key() in _REMOVE and modifiers == Qt.KeyboardModifier.NoModifier

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentRow()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if row < 0:
            super().keyPressEvent(event)
        elif event.key() in _MOVES and modifiers == _ALT:
            self.move_row(row, row + _MOVES[event.key()])  # type: ignore[index]
        elif event.key() in _REMOVE and modifiers == Qt.KeyboardModifier.NoModifier:
            self.removeRequested.emit(row)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.openRequested.emit(row, placement(event.modifiers()))
        else:
            super().keyPressEvent(event)

    def move_row(self, row: int, to: int) -> None:
        """Move a row up or down by one (a model row move, as a drop makes)."""
        if 0 <= to < self.count() and to != row:
            self.model().moveRow(QModelIndex(), row, QModelIndex(), to + (1 if to > row else 0))
            self.setCurrentRow(to)

    def middle_clicked(self, index: QModelIndex) -> None:
        self.openRequested.emit(index.row(), NEW_TAB)


class BookmarksPanel(QWidget):
    """Signals: `openRequested(Bookmark, placement)`, `changed()` after the list changed,
    `notice(text)` (e.g. the list could not be saved)."""

    title = "Bookmarks"
    openRequested = Signal(object, str)
    changed = Signal()
    notice = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookmarksPanel")
        self.setAccessibleName("Bookmarks")
        self.heading = QLabel("", self)
        self.heading.setObjectName("panelHeading")
        self.heading.setWordWrap(True)
        self.list = BookmarkList(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 6)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        self.store: Bookmarks | None = None
        self._icons = icons("light")
        self.list.openRequested.connect(self._open_row)
        self.list.removeRequested.connect(self.remove)
        self.list.model().rowsMoved.connect(self._rows_moved)
        self._fill()

    def set_vault(self, root: Path | None) -> None:
        self.store = Bookmarks.for_vault(root) if root is not None else None
        self._fill()

    def focus_target(self) -> QWidget:
        return self.list

    def bookmarks(self) -> list[Bookmark]:
        return self.store.items if self.store is not None else []

    # -- changes -------------------------------------------------------------------------------

    def toggle(self, bookmark: Bookmark) -> bool | None:
        """Bookmark a place or remove its bookmark (Ctrl+D): True when it is bookmarked now,
        None without a vault."""
        store = self._fresh()
        if store is None:
            return None
        marked = store.toggle(bookmark)
        self._after_change(select=bookmark if marked else None)
        return marked

    def contains(self, bookmark: Bookmark | None) -> bool:
        return bookmark is not None and self.store is not None and bookmark in self.store

    def remove(self, row: int) -> None:
        store = self._fresh()
        if store is not None and 0 <= row < len(store):
            store.remove(row)
            self._after_change(row=min(row, len(store) - 1))

    def _rows_moved(self, _parent, start: int, _end: int, _dest, row: int) -> None:
        store = self._fresh(fill=False)
        if store is not None and 0 <= start < len(store):
            store.move(start, row - 1 if row > start else row)
            self._after_change(row=self.list.currentRow())

    def _fresh(self, *, fill: bool = True) -> Bookmarks | None:
        """The list as the file holds it now (another window may have changed it)."""
        store = self.store
        if store is None:
            return None
        before = store.items
        store.reload()
        if fill and store.items != before:
            self._fill()
        return store

    def _after_change(self, *, select: Bookmark | None = None, row: int | None = None) -> None:
        store = self.store
        if store is not None and not store.saved:
            self.notice.emit("The bookmarks could not be saved (the config folder is read-only)")
        self._fill()
        if select is not None and store is not None:
            row = store.index_of(select)
        if row is not None and 0 <= row < self.list.count():
            self.list.setCurrentRow(row)
        self.changed.emit()

    # -- showing -------------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fresh()

    def changeEvent(self, event: QEvent) -> None:
        """A new theme: icons in its colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._icons = icons(widget_theme(self))
            self._fill()

    def _fill(self) -> None:
        current = self.list.currentRow()
        self.list.clear()
        marks = self.bookmarks()
        for bookmark in marks:
            item = QListWidgetItem(bookmark_text(bookmark))
            item.setToolTip(bookmark_tip(bookmark))
            item.setData(BookmarkRole, bookmark)
            icon = self._icons.get(_ICONS.get(bookmark.kind, "note"))
            if icon is not None and bookmark.kind != SEARCH:
                item.setIcon(icon)
            self.list.addItem(item)
        if marks:
            self.list.setCurrentRow(max(0, min(current, len(marks) - 1)))
        if self.store is None:
            self.heading.setText("Bookmarks of the open vault are listed here")
        elif not marks:
            self.heading.setText(
                f"No bookmarks yet: {QKeySequence('Ctrl+D').toString()} bookmarks the page shown"
            )
        else:
            self.heading.setText(f"Bookmarks ({len(marks)})")

    def _open_row(self, row: int, where: str) -> None:
        item = self.list.item(row)
        bookmark = item.data(BookmarkRole) if item is not None else None
        if isinstance(bookmark, Bookmark):
            self.openRequested.emit(bookmark, where)
