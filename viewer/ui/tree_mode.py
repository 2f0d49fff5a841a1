"""Tree modes: Folders, Videos and Tags, and the control above the tree that switches them.

A podcast wiki is a map of channels and videos, not of folders; the Videos mode shows it that
way (channel, episode, topic notes in the order the video reaches them), and the Tags mode
shows nested tags. The control is a row of three toggle buttons whose actions carry the
shortcuts Ctrl+Shift+1/2/3, so the same actions can also sit in a menu.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QToolButton, QWidget

from ..session.trees import FOLDERS, MODES, TAGS, VIDEOS, mode_tree
from .settings import Settings

__all__ = ["FOLDERS", "MODES", "TAGS", "VIDEOS", "TreeModeBar", "mode_tree"]
LABELS = {FOLDERS: "Folders", VIDEOS: "Videos", TAGS: "Tags"}
TIPS = {
    FOLDERS: "Notes by folder",
    VIDEOS: "Channels, their episodes, and each episode's topic notes",
    TAGS: "Notes by tag, nested on /",
}
SHORTCUTS = {FOLDERS: "Ctrl+Shift+1", VIDEOS: "Ctrl+Shift+2", TAGS: "Ctrl+Shift+3"}
SETTINGS_KEY = "view/treeMode"


def saved_mode(settings: Settings) -> str:
    mode = str(settings.value(SETTINGS_KEY, FOLDERS) or FOLDERS)
    return mode if mode in MODES else FOLDERS


def save_mode(settings: Settings, mode: str) -> None:
    settings.set_value(SETTINGS_KEY, mode if mode in MODES else FOLDERS)


class TreeModeBar(QWidget):
    """Folders | Videos | Tags. Emits `modeChanged(mode)` ("folders", "videos" or "tags")
    when the reader switches, by click or shortcut, and when `set_mode` changes the mode."""

    modeChanged = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, mode: str = FOLDERS, *, shortcuts: bool = True
    ) -> None:
        """`shortcuts=False` leaves Ctrl+Shift+1/2/3 to the window's command registry (a key
        bound twice in one window fires neither); the registry's commands call `set_mode`."""
        super().__init__(parent)
        self.setObjectName("treeMode")
        self.setAccessibleName("Tree mode")
        self._group = QActionGroup(self)
        self._group.setExclusive(True)
        self._actions: dict[str, QAction] = {}
        self._buttons: dict[str, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for name in MODES:
            action = QAction(LABELS[name], self)
            action.setObjectName(f"action-tree-{name}")
            action.setCheckable(True)
            if shortcuts:
                action.setShortcut(QKeySequence(SHORTCUTS[name]))
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(f"{TIPS[name]} ({SHORTCUTS[name]})")
            action.setStatusTip(TIPS[name])
            action.setData(name)
            self._group.addAction(action)
            self.addAction(action)  # its shortcut works anywhere in the window
            button = QToolButton(self)
            button.setObjectName(f"treeMode-{name}")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setAccessibleName(f"{LABELS[name]} tree")
            layout.addWidget(button)
            self._actions[name] = action
            self._buttons[name] = button
        self._mode = mode if mode in MODES else FOLDERS
        self._actions[self._mode].setChecked(True)
        self._group.triggered.connect(self._triggered)

    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: str) -> None:
        """Switch to `mode` (unknown modes are ignored); emits modeChanged when it changes."""
        if mode not in MODES:
            return
        self._actions[mode].setChecked(True)
        if mode != self._mode:
            self._mode = mode
            self.modeChanged.emit(mode)

    def mode_actions(self) -> list[QAction]:
        """The three checkable actions (with their shortcuts), for a View menu."""
        return [self._actions[name] for name in MODES]

    def button(self, mode: str) -> QToolButton:
        return self._buttons[mode]

    def _triggered(self, action: QAction) -> None:
        self.set_mode(str(action.data()))
