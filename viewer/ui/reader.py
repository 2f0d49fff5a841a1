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
        self.navigator = Navigator(self.pane, render, self)
        self.image_fit = ImageRefit(self.pane, self.navigator)  # images follow the pane's width
        self._find_bar: FindBar | None = None
        self.pane.escapePressed.connect(self._close_find_bar)
        self.navigator.pageShown.connect(self._refresh_find_bar)
        self.navigator.pageCompleted.connect(self._refresh_find_bar)  # a long note's rest is in
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.pane)

    @property
    def find_bar(self) -> FindBar:
        """Made when first asked for (Ctrl+F): a window restoring fifteen tabs made fifteen
        bars no one had opened, in the moment the index arrived."""
        if self._find_bar is None:
            self._find_bar = FindBar(self.pane, self)
            self._layout.addWidget(self._find_bar)
            # Looking for something in a very long note: all of it, not only what is loaded.
            self._find_bar.query.textChanged.connect(lambda _text: self.navigator.load_rest())
        return self._find_bar

    def _close_find_bar(self) -> None:
        if self._find_bar is not None:
            self._find_bar.close_bar()

    def _refresh_find_bar(self, _location: object) -> None:
        if self._find_bar is not None:
            self._find_bar.refresh()
