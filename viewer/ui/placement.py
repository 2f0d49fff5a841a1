"""Where a page chosen with the mouse or the keyboard opens: here, in a new tab (Ctrl+click,
middle-click, Ctrl+Enter) or in the other group of a split view (Ctrl+Alt)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from ..session.location import HERE, NEW_TAB, OTHER_GROUP


def placement(
    modifiers: Qt.KeyboardModifier | None = None, button: Qt.MouseButton | None = None
) -> str:
    """HERE, NEW_TAB or OTHER_GROUP for a choice made with `modifiers` held (the current
    ones when None) and `button` (a middle-click opens a new tab)."""
    if modifiers is None:
        modifiers = QGuiApplication.keyboardModifiers()
    control = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
    if control and modifiers & Qt.KeyboardModifier.AltModifier:
        return OTHER_GROUP
    if control or button == Qt.MouseButton.MiddleButton:
        return NEW_TAB
    return HERE
