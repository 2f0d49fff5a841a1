"""Find in the note (Ctrl+F): every match marked, the current one stronger, F3 / Shift+F3."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget

from .note_pane import NotePane

MAX_MARKED = 2000


class FindBar(QWidget):
    closed = Signal()

    def __init__(self, pane: NotePane, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.pane = pane
        self.query = QLineEdit(self)
        self.query.setObjectName("findQuery")
        self.query.setPlaceholderText("Find in note")
        self.query.setAccessibleName("Find in note")
        self.count = QLabel("", self)
        self.count.setObjectName("findCount")
        self.previous_button = QToolButton(self)
        self.previous_button.setText("↑")
        self.previous_button.setToolTip("Previous match (Shift+F3)")
        self.next_button = QToolButton(self)
        self.next_button.setText("↓")
        self.next_button.setToolTip("Next match (F3)")
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setToolTip("Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.query, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self._matches: list[QTextCursor] = []
        self._current = -1
        self.query.textChanged.connect(self._search)
        self.query.returnPressed.connect(self.next)
        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        text = self.pane.textCursor().selectedText()
        if text and "\u2029" not in text:
            self.query.setText(text)
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()
        self._search()

    def close_bar(self) -> None:
        self.hide()
        self.pane.setExtraSelections([])
        self.pane.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    @property
    def match_count(self) -> int:
        return len(self._matches)

    @property
    def current_index(self) -> int:
        return self._current

    def refresh(self) -> None:
        """Search again (the note was re-rendered)."""
        if self.isVisible():
            self._search()

    def _search(self) -> None:
        text = self.query.text()
        self._matches = []
        self._current = -1
        document = self.pane.document()
        if text:
            cursor = QTextCursor(document)
            while len(self._matches) < MAX_MARKED:
                cursor = document.find(text, cursor, QTextDocument.FindFlag(0))
                if cursor.isNull():
                    break
                self._matches.append(QTextCursor(cursor))
        if self._matches:
            top = self.pane.cursorForPosition(self.pane.viewport().rect().topLeft()).position()
            self._current = next((i for i, c in enumerate(self._matches) if c.position() >= top), 0)
        self._show()

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.isVisible():
            self.open_bar()
            return
        if not self._matches:
            return
        self._current = (self._current + delta) % len(self._matches)
        self._show()

    def _show(self) -> None:
        text = self.query.text()
        if not text:
            self.count.setText("")
        elif not self._matches:
            self.count.setText("No matches")
        else:
            more = "+" if len(self._matches) >= MAX_MARKED else ""
            self.count.setText(f"{self._current + 1} of {len(self._matches)}{more}")
        selections = []
        for index, cursor in enumerate(self._matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            fmt = QTextCharFormat()
            current = index == self._current
            fmt.setBackground(QColor("#ff9f1a" if current else "#ffe08a"))
            fmt.setForeground(QColor("#111111"))
            selection.format = fmt
            selections.append(selection)
        self.pane.setExtraSelections(selections)
        if 0 <= self._current < len(self._matches):
            self.pane.setTextCursor(self._matches[self._current])
            self.pane.ensureCursorVisible()
