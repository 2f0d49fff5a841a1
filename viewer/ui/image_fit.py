"""Images that follow the note pane's width.

The renderer sizes each image for the reading column it is given (issue 15, item 5: an image
wider than the column is scaled down to it). That column is the pane's when the page was
asked for, and the pane changes width after: the window is laid out after the first page is
asked for, the reader narrows the window or opens a side panel. A picture sized for the old
column then overflows the new one (a horizontal scrollbar for the whole note) or stays small
in a wider one. So once the width has settled, a page whose images no longer fit is rendered
again for the new column, where the reader was (`Navigator.refresh`).

What images a page holds is read from the document's format table (`allFormats`, one entry
per distinct format), never by walking its text: a long note costs what a short one does.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from .navigator import Navigator
from .note_pane import NotePane

SETTLE_MS = 250  # a drag of the splitter re-renders once, when it stops
SLACK_PX = 16  # a column this much wider is worth a render only if an image was fitted to it


def image_widths(pane: NotePane) -> list[float]:
    """The widths (px) images are drawn at in the pane's document; 0-width ones left out."""
    widths = []
    for fmt in pane.document().allFormats():
        if fmt.isImageFormat():
            width = fmt.toImageFormat().width()
            if width > 0:
                widths.append(width)
    return widths


def needs_refit(widths: list[float], column: int, rendered_for: int | None) -> bool:
    """Whether images drawn at `widths`, sized for a column of `rendered_for` px, must be sized
    again for a column of `column` px: one is wider than the column now, or the column grew
    and an image was as wide as the old one (the renderer had scaled it down)."""
    if not widths:
        return False
    if max(widths) > column:
        return True
    if rendered_for is None or column <= rendered_for + SLACK_PX:
        return False
    return max(widths) >= rendered_for - 4 * SLACK_PX


class ImageRefit(QObject):
    """Renders the page of `navigator` again when the pane's column changed under its images."""

    def __init__(self, pane: NotePane, navigator: Navigator) -> None:
        super().__init__(pane)
        self._pane, self._navigator = pane, navigator
        self._rendered_for: int | None = None
        self._refitted_for: int | None = None  # never twice for one column (no loop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.check)
        pane.columnChanged.connect(lambda _column: self._timer.start())
        navigator.pageShown.connect(self._shown)

    def _shown(self, _location: object) -> None:
        """A page came in, sized about for the column now (the one it was asked for, unless
        the pane changed meanwhile: an image too wide is caught all the same)."""
        self._rendered_for = self._pane.reading_column()
        self._timer.start()

    def check(self) -> bool:
        """Render again if the images no longer fit; True when it did."""
        column = self._pane.reading_column()
        if column == self._refitted_for:
            return False
        if not needs_refit(image_widths(self._pane), column, self._rendered_for):
            return False
        self._rendered_for = self._refitted_for = column
        self._navigator.refresh()
        return True
