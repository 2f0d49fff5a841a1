"""The full-text search panel: a query field and ranked hits with highlighted snippets."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.search import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, Hit
from ..session.location import NEW_TAB
from ..session.search_hits import SearchResults
from .delegates import DetailRole, RichTextRole, SnippetTree
from .placement import placement

HitRole = Qt.ItemDataRole.UserRole + 40
SEARCH_DELAY_MS = 200


def fts_html(snippet: str) -> str:
    """An FTS snippet (terms between marker characters) as safe HTML, the terms marked as a
    mention is (the fallback when a hit's context cannot be rendered from its note)."""
    escaped = html.escape(snippet)
    return escaped.replace(HIGHLIGHT_OPEN, '<span class="mention">').replace(
        HIGHLIGHT_CLOSE, "</span>"
    )


def results_heading(shown: int, total: int) -> str:
    """ "1 note", "12 notes, best first", "100 of 182 notes, best first"."""
    if total > shown:
        return f"{shown:,} of {total:,} notes, best first"
    return "1 note" if shown == 1 else f"{shown:,} notes, best first"


def row_html(hit: Hit, context: str = "") -> str:
    """A result row: the note's title over its context (the FTS snippet until it comes)."""
    return f"<b>{html.escape(hit.title)}</b><br>{context or fts_html(hit.snippet)}"


class SearchPanel(QWidget):
    """Emits `queryChanged(str)` (debounced) and `hitActivated(Hit)`."""

    queryChanged = Signal(str)
    hitActivated = Signal(object, str)  # the Hit, and where it opens (see ui.placement)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.setAccessibleName("Search the vault")
        self.query = QLineEdit(self)
        self.query.setObjectName("searchQuery")
        self.query.setPlaceholderText('Search all notes: words, "a phrase", prefix*, OR, NOT')
        self.query.setAccessibleName("Search query")
        self.query.setClearButtonEnabled(True)
        self.status = QLabel("", self)
        self.status.setObjectName("panelHeading")
        self.status.setWordWrap(True)
        self.results = SnippetTree(self, "searchResults", "Search results")
        self.results.setRootIsDecorated(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.setSpacing(6)
        layout.addWidget(self.query)
        layout.addWidget(self.status)
        layout.addWidget(self.results)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(lambda: self.queryChanged.emit(self.query.text()))
        self.query.textChanged.connect(self._timer.start)
        self.query.returnPressed.connect(self._enter)
        self.query.installEventFilter(self)
        self.results.itemActivated.connect(self._activate)
        self.results.itemClicked.connect(self._activate)
        self.results.itemMiddleClicked.connect(lambda item: self._activate(item, 0, NEW_TAB))

    def focus_target(self) -> QWidget:
        return self.query

    def focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def show_results(self, results: SearchResults) -> None:
        self.show_hits(results.query, list(results.hits), results.total, results.html)

    def set_contexts(self, start: int, contexts: Sequence[str]) -> None:
        """The contexts of the rows from `start` on, which followed the hits."""
        for number, context in enumerate(contexts, start):
            item = self.results.topLevelItem(number)
            hit = item.data(0, HitRole) if item is not None else None
            if context and isinstance(hit, Hit):
                item.setData(0, RichTextRole, row_html(hit, context))  # type: ignore[union-attr]

    def show_hits(
        self,
        query: str,
        hits: list[Hit],
        total: int | None = None,
        contexts: Sequence[str] = (),
    ) -> None:
        """List `hits` (of `total` matching notes), each with its context as HTML (from
        `contexts`, rendered like the note; the FTS snippet where there is none)."""
        self.results.clear()
        for number, hit in enumerate(hits):
            context = contexts[number] if number < len(contexts) else ""
            item = QTreeWidgetItem([hit.title])
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, hit.snippet_marked("", ""))
            item.setData(0, HitRole, hit)
            item.setData(0, RichTextRole, row_html(hit, context))
            item.setData(0, DetailRole, hit.path)
            item.setToolTip(0, hit.path)
            self.results.addTopLevelItem(item)
        if hits:
            self.results.setCurrentItem(self.results.topLevelItem(0))  # type: ignore[arg-type]
            self.status.setText(results_heading(len(hits), max(total or 0, len(hits))))
        elif query.strip():
            self.status.setText(f"No notes match {query.strip()!r}.")
        else:
            self.status.setText("")

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def run_now(self) -> None:
        self._timer.stop()
        self.queryChanged.emit(self.query.text())

    def _enter(self) -> None:
        if self._timer.isActive():  # typed and pressed Enter at once: search, then open
            self.run_now()
            return
        item = self.results.currentItem()
        if item is not None:
            self._activate(item)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.query
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down  # type: ignore[attr-defined]
            and self.results.topLevelItemCount()
        ):
            self.results.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _activate(self, item: QTreeWidgetItem, _column: int = 0, where: str | None = None) -> None:
        hit = item.data(0, HitRole)
        if isinstance(hit, Hit):
            self.hitActivated.emit(hit, where or placement())
