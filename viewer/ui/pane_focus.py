"""The pane keys: Ctrl+1/2/3 focus the tree, the note and the side panel; F6 and Shift+F6
cycle through them in reading order, starting from whichever pane holds the focus."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


class PaneFocus:
    def __init__(self, panes: Callable[[], list[QWidget]]) -> None:
        """`panes()` gives the widgets to focus, in reading order, as they are now (the left
        and side panes change with their current tab)."""
        self._panes = panes

    def focus(self, index: int) -> None:
        self._panes()[index].setFocus(Qt.FocusReason.ShortcutFocusReason)

    @staticmethod
    def focus_widget(widget: QWidget) -> None:
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def cycle(self, step: int) -> None:
        panes = self._panes()
        focused = QGuiApplication.focusObject()
        current = None
        if isinstance(focused, QWidget):
            current = next(
                (
                    i
                    for i, pane in enumerate(panes)
                    if focused is pane or pane.isAncestorOf(focused)
                ),
                None,
            )
        target = 0 if current is None else (current + step) % len(panes)
        panes[target].setFocus(Qt.FocusReason.ShortcutFocusReason)
