"""The mouse's back and forward buttons work anywhere in the window.

Item views and line edits swallow every mouse press; the views here let these two through
(ignored, so the press travels up to the window, which goes back or forward). Overriding
`mousePressEvent` costs Python time on mouse presses only, where an application-wide event
filter would run Python for every event of every widget."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent

HISTORY_BUTTONS = (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton)


def let_through(event: QMouseEvent) -> bool:
    """True, with the event ignored, for a history button: the caller returns at once."""
    if event.button() in HISTORY_BUTTONS:
        event.ignore()
        return True
    return False
