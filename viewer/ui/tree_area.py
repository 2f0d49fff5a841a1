"""The left pane's "Notes" tab: the tree mode bar above the topic tree.

It shows the trees the vault's session builds (in the background) and keeps the row of the
page shown selected; which tree row shows which page comes from the page-kind table."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..core.tree import NOTE, TreeNode
from ..session.location import Location, kind_of
from .settings import Settings
from .theme import icons_for
from .tree_mode import LABELS, TAGS, VIDEOS, TreeModeBar, save_mode, saved_mode
from .tree_panel import TreePanel


class TreeArea(QWidget):
    """Signals: `activated(TreeNode, placement)` when a row is chosen, `modeChanged(mode)`."""

    activated = Signal(object, str)
    modeChanged = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.panel = TreePanel(icons_for(self), self)
        self.mode_bar = TreeModeBar(self, saved_mode(settings), shortcuts=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.mode_bar)
        layout.addWidget(self.panel)
        self.panel.activated.connect(self.activated)
        self.mode_bar.modeChanged.connect(self._mode_changed)

    def mode(self) -> str:
        return self.mode_bar.mode()

    def set_mode(self, mode: str) -> None:
        self.mode_bar.set_mode(mode)

    def _mode_changed(self, mode: str) -> None:
        save_mode(self._settings, mode)
        self.modeChanged.emit(mode)

    def set_root(self, root: TreeNode, shown: Location | None = None) -> None:
        self.panel.set_root(root)
        if shown is not None:
            self.reveal(shown, clear_filter=False)

    def reveal(self, location: Location, *, clear_filter: bool = False) -> bool:
        """Select the row that shows `location`; with `clear_filter`, drop a filter that hides
        it first (Reveal in Tree), else leave the filtered view as the reader made it."""
        tree_kind = kind_of(location).tree_kind
        if tree_kind is None:
            return False
        if clear_filter and self.panel.filter.text():
            self.panel.clear_filter()
        if tree_kind == NOTE:
            return self.panel.reveal(location.key)
        return self.panel.reveal_key(tree_kind, location.key)

    def not_shown(self, location: Location) -> str:
        """Why Reveal in Tree found no row for `location` in the tree shown (a note without a
        video is in no Videos row, one without tags in no Tags row), and where it is."""
        mode = self.mode()
        tree = f"the {LABELS.get(mode, mode)} tree"
        if kind_of(location).tree_kind != NOTE:
            return f"This page has no row in {tree}"
        if mode == VIDEOS:
            return f"This note cites no video, so it is not in {tree}: Folders shows every note"
        if mode == TAGS:
            return f"This note has no tags, so it is not in {tree}: Folders shows every note"
        return f"This note has no row in {tree}"

    def focus_target(self) -> QWidget:
        return self.panel.view
