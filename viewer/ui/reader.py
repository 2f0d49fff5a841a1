"""A reader: one note pane with its find bar and its own navigator (back, forward, links).

The window holds one today; tabs and split views hold several, each with its own history."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from .find_bar import FindBar
from .image_fit import ImageRefit
from .navigator import Navigator, RenderFn
from .note_pane import NotePane


class Reader(QWidget):
    def __init__(self, render: RenderFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.pane = NotePane(self)
        self.find_bar = FindBar(self.pane, self)
        self.navigator = Navigator(self.pane, render, self)
        self.image_fit = ImageRefit(self.pane, self.navigator)  # images follow the pane's width
        self.pane.escapePressed.connect(self.find_bar.close_bar)
        self.navigator.pageShown.connect(lambda _location: self.find_bar.refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.pane)
        layout.addWidget(self.find_bar)
