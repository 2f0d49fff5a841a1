"""The window of one hover preview (`linkPreview`): a title bar (title, Open, Pin, Close) over
a read-only note pane. A frameless window that never takes the focus; dragged by its title
bar it moves, and pins itself (`ui.link_preview` decides what it shows and when).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QEnterEvent, QFontMetrics, QGuiApplication, QMouseEvent, QTextDocument
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ..session.location import TAG_PAGE, TOPIC_PAGE
from ..session.previews import Preview, PreviewTarget
from .navigator import look_at
from .note_pane import NotePane
from .placement import placement

PREVIEW_SIZE = QSize(500, 380)
GAP = 6
TITLE_WIDTH = 330  # the title is elided to leave the buttons their room
MIN_HEIGHT = 120
SUMMARIES = (TOPIC_PAGE, TAG_PAGE)  # pages of a preview's own, short (a citation's too)


class PreviewFrame(QFrame):
    """One preview window: a title bar (title, Open, Pin, Close) over a read-only note pane.
    Signals: `pointerInside(bool)`, `linkActivated(url, placement)`, `openRequested(placement)`,
    `pinToggled(bool)`, `closeRequested()`."""

    pointerInside = Signal(bool)
    linkActivated = Signal(QUrl, str)
    openRequested = Signal(str)
    pinToggled = Signal(bool)
    closeRequested = Signal()

    def __init__(self, parent: QWidget) -> None:
        # A tooltip-type window: never activated, never given the focus by the window system
        # (a Tool window is, on some platforms, whatever its attributes ask), above the window.
        flags = (
            Qt.WindowType.ToolTip
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        super().__init__(parent, flags)
        self.setObjectName("linkPreview")
        self.setAccessibleName("Link preview")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: PreviewTarget | None = None
        self.preview: Preview | None = None
        self._drag: QPoint | None = None
        self.title = QLabel(self)
        self.title.setObjectName("linkPreviewTitle")
        self.open_button = self._button("Open", "linkPreviewOpen", "Open this page (Ctrl: new tab)")
        self.pin_button = self._button("Pin", "linkPreviewPin", "Keep this preview open")
        self.pin_button.setCheckable(True)
        self.close_button = self._button("✕", "linkPreviewClose", "Close the preview (Esc)")
        self.pane = NotePane(self)
        self.pane.setObjectName("linkPreviewPane")
        self.pane.setAccessibleName("Preview")
        self.pane.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pane.linkActivated.connect(self.linkActivated)
        self.open_button.clicked.connect(lambda: self.openRequested.emit(placement()))
        self.pin_button.toggled.connect(self._pin_changed)
        self.close_button.clicked.connect(self.closeRequested)
        header = QHBoxLayout()
        header.setContentsMargins(10, 4, 4, 4)
        header.setSpacing(2)
        header.addWidget(self.title, 1)
        for button in (self.open_button, self.pin_button, self.close_button):
            header.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.pane, 1)
        self.resize(PREVIEW_SIZE)

    def _button(self, text: str, name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoRaise(True)
        return button

    @property
    def pinned(self) -> bool:
        return self.pin_button.isChecked()

    def pin(self, pinned: bool = True) -> None:
        self.pin_button.setChecked(pinned)

    def _pin_changed(self, pinned: bool) -> None:
        self.pin_button.setText("Pinned" if pinned else "Pin")
        self.pinToggled.emit(pinned)

    # -- content -------------------------------------------------------------------------------

    def show_preview(
        self, target: PreviewTarget, preview: Preview, document: QTextDocument | None
    ) -> None:
        """Show `preview`: a page of a note at full size, a summary (a topic, a tag, a
        citation) in a frame only as tall as it needs."""
        self.target, self.preview = target, preview
        metrics = QFontMetrics(self.title.font())
        self.title.setText(
            metrics.elidedText(preview.title, Qt.TextElideMode.ElideRight, TITLE_WIDTH)
        )
        self.title.setToolTip(preview.title)
        self.open_button.setEnabled(preview.location is not None)
        if document is not None:
            self.pane.show_document(document)
        else:
            self.pane.show_html(preview.html)
        location = preview.location
        if self.pinned:
            return  # a pinned preview keeps the size it has
        if location is None or location.kind in SUMMARIES:
            self.resize(PREVIEW_SIZE.width(), self._content_height())
        else:
            self.resize(PREVIEW_SIZE)

    def _content_height(self) -> int:
        """The frame's height for the page shown, up to PREVIEW_SIZE (a short page only)."""
        document = self.pane.document()
        scrollbar = self.pane.verticalScrollBar().sizeHint().width()
        document.setTextWidth(PREVIEW_SIZE.width() - scrollbar - 2)
        header = self.title.sizeHint().height() + 10
        wanted = int(document.size().height()) + header + 14  # borders, and no scroll bar
        return max(MIN_HEIGHT, min(PREVIEW_SIZE.height(), wanted))

    def look(self) -> None:
        """Scroll to the heading, block or line the preview stands for (once laid out)."""
        if self.preview is not None and self.preview.location is not None:
            look_at(self.pane, self.preview.location)

    def place(self, rect: QRect, *, beside: bool = False, within: QRect | None = None) -> None:
        """Put the preview below `rect` (a link, in global coordinates), or beside it (a row
        of a panel): inside `within` (the window) when it fits there, else inside the
        screen's available area."""
        screen = QGuiApplication.screenAt(rect.center()) or self.screen()
        area = screen.availableGeometry()
        if within is not None:
            inside = within.intersected(area)
            if inside.width() >= self.width() and inside.height() >= self.height():
                area = inside
        width = min(self.width(), area.width())
        height = min(self.height(), area.height())
        self.resize(width, height)
        if beside:
            x = rect.left() - GAP - width
            if x < area.left():
                x = rect.right() + GAP
            y = rect.top()
        else:
            x = rect.left()
            y = rect.bottom() + GAP
            if y + height > area.bottom():
                y = rect.top() - GAP - height
        x = max(area.left(), min(x, area.right() - width))
        y = max(area.top(), min(y, area.bottom() - height))
        self.move(x, y)

    # -- events --------------------------------------------------------------------------------

    def enterEvent(self, event: QEnterEvent) -> None:
        super().enterEvent(event)
        self.pointerInside.emit(True)

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)
        self.pointerInside.emit(False)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A press on the title bar starts a move (children take presses elsewhere)."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag = event.globalPosition().toPoint() - self.frameGeometry().topLeft()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self.pin()  # a moved preview stays where it was put
            self.move(event.globalPosition().toPoint() - self._drag)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None
        super().mouseReleaseEvent(event)
