"""Where the note pane draws the box around the link that has the keyboard focus.

QTextBrowser marks a link reached with Tab by a one-pixel dotted rectangle that is hard to see
in either theme; the pane draws a solid accent box around each line the link covers instead.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextCursor, QTextLine
from PySide6.QtWidgets import QTextEdit

PAD = 2.0  # the box stands this far off the link's text


def focused_link(pane: QTextEdit) -> QTextCursor | None:
    """The cursor selecting the focused link (Tab, Shift+Tab), or None."""
    cursor = pane.textCursor()
    if not pane.hasFocus() or not cursor.hasSelection():
        return None
    inside = QTextCursor(cursor)
    inside.setPosition(cursor.selectionStart() + 1)
    return cursor if inside.charFormat().isAnchor() else None


def link_boxes(pane: QTextEdit, cursor: QTextCursor) -> list[QRectF]:
    """One rectangle per laid-out line of the selection of `cursor`, in viewport coordinates
    (a link that wraps gets a box on each line). Positions come from the block's text layout;
    `cursorRect` ties layout coordinates to the viewport (it knows tables and scrolling)."""
    document = pane.document()
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    boxes: list[QRectF] = []
    block = document.findBlock(start)
    while block.isValid() and block.position() < end:
        layout = block.layout()
        base = block.position()
        for number in range(layout.lineCount() if layout is not None else 0):
            line = layout.lineAt(number)
            first = max(start, base + line.textStart())
            last = min(end, base + line.textStart() + line.textLength())
            if first >= last:
                continue
            left, right = _x(line, first - base), _x(line, last - base)
            at = QTextCursor(document)
            at.setPosition(first)
            anchor = pane.cursorRect(at)
            x = anchor.left() - left
            boxes.append(
                QRectF(
                    x + min(left, right) - PAD,
                    anchor.top() - PAD / 2,
                    abs(right - left) + 2 * PAD,
                    anchor.height() + PAD,
                )
            )
        block = block.next()
    return boxes


def _x(line: QTextLine, position: int) -> float:
    """The x of a text position in its line (PySide returns it with the position as a pair)."""
    found = line.cursorToX(position)
    return float(found[0] if isinstance(found, tuple) else found)  # type: ignore[arg-type]
