"""Finding a link in a note pane, to point the mouse at it (tests and screenshot scripts)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor


def link_position(pane, href_start: str) -> QPoint:
    """Where on the pane's viewport the first link whose href starts with `href_start` is
    drawn, once scrolled into view (the pane's text cursor moves onto it)."""
    block = pane.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().anchorHref().startswith(href_start):
                cursor = QTextCursor(pane.document())
                cursor.setPosition(fragment.position() + 1)
                pane.setTextCursor(cursor)
                pane.ensureCursorVisible()
                return pane.cursorRect(cursor).center()
            iterator += 1
        block = block.next()
    raise AssertionError(f"no link to {href_start}")
