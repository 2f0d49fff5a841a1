"""Hover previews: a small floating page showing where a link, a backlink row or a tree row
leads, without leaving the page being read (`linkPreview`).

Resting the pointer on a link for HOVER_DELAY_MS asks the session for the preview (built in a
worker, see `session.previews`); it shows beside the link in a frameless tool window that
never takes the focus. It closes when the pointer leaves the link without entering the
preview within CLOSE_GRACE_MS, on Esc, or when the page changes. Pinned (its pin button, a
drag of its title bar, or Preview Link pressed again) it stays, movable, until closed. Its
links open in the main pane, or with Ctrl in a new tab, through the active reader.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPoint, QRect, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QEnterEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QMouseEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..render import hrefs
from ..session.location import HERE
from ..session.pages import PageRenderer
from ..session.previews import Preview, PreviewTarget, build_preview, target_for_href
from .navigator import href_of, look_at
from .note_pane import NotePane, prepare_document
from .page_source import BIG_PAGE
from .placement import placement
from .reader import Reader
from .reader_area import ReaderArea
from .vault_session import VaultSession

HOVER_DELAY_MS = 300  # resting this long on a link previews it
CLOSE_GRACE_MS = 350  # time to carry the pointer from the link into its preview
PREVIEW_SIZE = QSize(500, 380)
GAP = 6
PREVIEW_ZOOM_STEPS = 2  # the preview reads a little smaller than the note
TargetOf = Callable[[QModelIndex], PreviewTarget | None]


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
        flags = (
            Qt.WindowType.Tool
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
        self.target, self.preview = target, preview
        metrics = QFontMetrics(self.title.font())
        self.title.setText(metrics.elidedText(preview.title, Qt.TextElideMode.ElideRight, 330))
        self.title.setToolTip(preview.title)
        self.open_button.setEnabled(preview.location is not None)
        if document is not None:
            self.pane.show_document(document)
        else:
            self.pane.show_html(preview.html)

    def look(self) -> None:
        """Scroll to the heading, block or line the preview stands for (once laid out)."""
        if self.preview is not None and self.preview.location is not None:
            look_at(self.pane, self.preview.location)

    def place(self, rect: QRect, *, beside: bool = False) -> None:
        """Put the preview below `rect` (a link, in global coordinates), or beside it (a row
        of a panel), inside the screen's available area."""
        screen = QGuiApplication.screenAt(rect.center()) or self.screen()
        area = screen.availableGeometry()
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


class LinkPreviews(QObject):
    """The previews of one window: one transient frame that follows the pointer, and the
    pinned ones. `shown(frame)` fires once a preview is on screen; `notice(text)` explains a
    Preview Link that has nothing to preview."""

    shown = Signal(object)
    notice = Signal(str)

    def __init__(
        self,
        window: QWidget,
        area: ReaderArea,
        session: Callable[[], VaultSession | None],
        theme: Callable[[], str],
        zoom: Callable[[], int],
    ) -> None:
        super().__init__(window)
        self._window, self._area = window, area
        self._session, self._theme, self._zoom = session, theme, zoom
        self._hover = _single_shot(self, HOVER_DELAY_MS, self._rested)
        self._grace = _single_shot(self, CLOSE_GRACE_MS, self._close_if_left)
        self._resting: tuple[PreviewTarget, QRect, bool] | None = None
        self._wanted: tuple[PreviewTarget, QRect, bool] | None = None
        self._frame: PreviewFrame | None = None  # the transient preview
        self._inside = False  # the pointer is on the transient preview
        self.pinned: list[PreviewFrame] = []
        self._views: list[tuple[QAbstractItemView, TargetOf]] = []
        self._asked = 0.0
        self.seconds: float | None = None  # from the end of the delay to the last preview shown
        area.on_new_reader(self._attach_reader)

    @property
    def frame(self) -> PreviewFrame | None:
        """The transient preview when it is on screen."""
        frame = self._frame
        return frame if frame is not None and frame.isVisible() else None

    # -- sources -------------------------------------------------------------------------------

    def _attach_reader(self, reader: Reader) -> None:
        pane = reader.pane
        pane.linkUnderPointer.connect(
            lambda href, point, r=reader: self._pane_pointer(r, href, point)
        )
        pane.escapePressed.connect(self.escape)
        reader.navigator.pageShown.connect(lambda _location: self.dismiss())

    def attach_rows(
        self,
        view: QAbstractItemView,
        target_of: TargetOf,
        modifier: Qt.KeyboardModifier | None = None,
    ) -> None:
        """Preview the rows of `view` (a view with `rowUnderPointer`) on hover, only while
        `modifier` is held when given, and its current row on Preview Link."""
        self._views.append((view, target_of))

        def pointer(index: QModelIndex, modifiers: Qt.KeyboardModifier) -> None:
            held = modifier is None or bool(modifiers & modifier)
            target = target_of(index) if index.isValid() and held else None
            self.hover(target, _global_rect(view, view.visualRect(index)), beside=True)

        view.rowUnderPointer.connect(pointer)  # type: ignore[attr-defined]

    def _pane_pointer(self, reader: Reader, href: str, point: QPoint) -> None:
        target = target_for_href(href, reader.navigator.shown) if href else None
        pane = reader.pane
        line = pane.cursorRect(pane.cursorForPosition(point))
        rect = QRect(point.x(), line.top(), 1, line.height())
        self.hover(target, _global_rect(pane, rect))

    def hover(self, target: PreviewTarget | None, rect: QRect, *, beside: bool = False) -> None:
        """The pointer rests on `target`, drawn at `rect` (global), or left it (None)."""
        if target is None:
            self._hover.stop()
            self._resting = self._wanted = None
            if self.frame is not None:
                self._grace.start()
            return
        self._grace.stop()
        frame = self.frame
        if frame is not None and frame.target == target:
            self._resting = None
            return
        self._resting = (target, rect, beside)
        self._hover.start()

    def _rested(self) -> None:
        if self._resting is not None:
            self.request(*self._resting)

    # -- the keyboard --------------------------------------------------------------------------

    def preview_focused(self) -> bool:
        """Preview Link: preview the focused link of a note pane, or the current row of a
        backlinks list or the tree; pressed again on the same link, pin the preview."""
        focus = QApplication.focusWidget()
        target, rect, beside = None, QRect(), False
        for reader in self._area.readers():
            if focus is reader.pane:
                cursor = reader.pane.textCursor()
                href = cursor.charFormat().anchorHref() if cursor.hasSelection() else ""
                target = target_for_href(href, reader.navigator.shown) if href else None
                rect = _global_rect(reader.pane, reader.pane.cursorRect(cursor))
        for view, target_of in self._views:
            if focus is view and view.currentIndex().isValid():
                target = target_of(view.currentIndex())
                rect, beside = _global_rect(view, view.visualRect(view.currentIndex())), True
        if target is None:
            self.notice.emit(
                "Nothing to preview: move to a link first (Tab), then Ctrl+Shift+Space"
            )
            return False
        frame = self.frame
        if frame is not None and frame.target == target:
            frame.pin()
            return True
        self._hover.stop()
        self.request(target, rect, beside)
        return True

    def escape(self) -> None:
        """Esc in a note: close the transient preview, else the last pinned one."""
        if self.frame is not None:
            self.dismiss()
        elif self.pinned:
            self._close(self.pinned[-1])

    # -- showing -------------------------------------------------------------------------------

    def request(self, target: PreviewTarget, rect: QRect, beside: bool = False) -> None:
        """Build the preview of `target` in a worker; it shows at `rect` when it comes back,
        unless the pointer has moved on meanwhile."""
        session = self._session()
        pages = session.pages if session is not None else None
        if session is None or pages is None:
            return
        frame = self._transient()
        theme, font = self._theme(), frame.pane.reading_font()
        wanted = self._wanted = (target, rect, beside)
        self._asked = time.perf_counter()

        session.read(
            "preview",
            lambda _vault: _build(pages, target, theme, font),
            lambda result: self._ready(wanted, *result),
        )

    def _ready(
        self,
        wanted: tuple[PreviewTarget, QRect, bool],
        preview: Preview,
        document: QTextDocument | None,
    ) -> None:
        if wanted is not self._wanted:
            if document is not None:
                document.deleteLater()
            return
        self._wanted = None
        target, rect, beside = wanted
        frame = self._transient()
        session = self._session()
        frame.pane.set_vault_root(session.root if session is not None else None)
        frame.show_preview(target, preview, document)
        frame.place(rect, beside=beside)
        frame.show()
        frame.raise_()
        frame.look()
        self.seconds = time.perf_counter() - self._asked
        self.shown.emit(frame)

    def _transient(self) -> PreviewFrame:
        frame = self._frame
        if frame is None:
            frame = self._frame = PreviewFrame(self._window)
            frame.pane.set_theme(self._theme())
            frame.pane.zoom_to(self._zoom() - PREVIEW_ZOOM_STEPS)
            frame.pane.linkHovered.connect(self._area.linkHovered)
            frame.pointerInside.connect(lambda inside, f=frame: self._pointer_inside(f, inside))
            frame.linkActivated.connect(lambda url, where, f=frame: self._follow(f, url, where))
            frame.openRequested.connect(lambda where, f=frame: self._open(f, where))
            frame.pinToggled.connect(lambda pinned, f=frame: self._pinned(f, pinned))
            frame.closeRequested.connect(lambda f=frame: self._close(f))
        return frame

    def _pointer_inside(self, frame: PreviewFrame, inside: bool) -> None:
        if frame is not self._frame:
            return
        self._inside = inside
        if inside:
            self._grace.stop()
        elif not frame.pinned:
            self._grace.start()

    def _close_if_left(self) -> None:
        if not self._inside and self._resting is None:
            self.dismiss()

    def dismiss(self) -> None:
        """Hide the transient preview (pinned ones stay)."""
        self._grace.stop()
        self._wanted = None
        frame = self.frame
        if frame is not None and not frame.pinned:
            frame.hide()
            self._inside = False

    def close_all(self) -> None:
        """Another vault opens: no preview of this one stays."""
        self._hover.stop()
        self._resting = None
        self.dismiss()
        for frame in list(self.pinned):
            self._close(frame)

    def _pinned(self, frame: PreviewFrame, pinned: bool) -> None:
        if pinned:
            if frame is self._frame:
                self._frame = None
                self._inside = False
            if frame not in self.pinned:
                self.pinned.append(frame)
            return
        if frame in self.pinned:  # unpinned: it is the transient preview again
            self.pinned.remove(frame)
            if self._frame is not None:
                self._frame.deleteLater()
            self._frame = frame
            self._grace.start()

    def _close(self, frame: PreviewFrame) -> None:
        if frame in self.pinned:
            self.pinned.remove(frame)
            frame.hide()
            frame.deleteLater()
        else:
            frame.hide()

    # -- links in a preview ----------------------------------------------------------------------

    def _follow(self, frame: PreviewFrame, url: QUrl, where: str) -> None:
        """A link in a preview opens in the main pane (Ctrl: a new tab); a footnote or
        other place in the previewed page scrolls the preview."""
        href = href_of(url)
        if href is not None and href.kind == hrefs.ANCHOR:
            frame.pane.scrollToAnchor(href.target)
            return
        self._area.active.navigator.follow_link(url, where)

    def _open(self, frame: PreviewFrame, where: str) -> None:
        location = frame.preview.location if frame.preview is not None else None
        if location is not None:
            self._area.open(location, where)
            if where == HERE and not frame.pinned:
                self.dismiss()

    def set_theme(self, theme: str) -> None:
        """Previews are pages in a theme: the transient one closes, pinned ones show their
        page again."""
        self.dismiss()
        for frame in [self._frame, *self.pinned]:
            if frame is not None:
                frame.pane.set_theme(theme)
        for frame in list(self.pinned):
            if frame.target is not None:
                self._refill(frame, frame.target)

    def _refill(self, frame: PreviewFrame, target: PreviewTarget) -> None:
        session = self._session()
        pages = session.pages if session is not None else None
        if session is None or pages is None:
            return
        theme, font = self._theme(), frame.pane.reading_font()

        def shown(result: tuple[Preview, QTextDocument | None]) -> None:
            if frame in self.pinned:
                frame.show_preview(target, *result)
                frame.look()

        session.read(
            f"preview:{id(frame)}", lambda _vault: _build(pages, target, theme, font), shown
        )


def _build(
    pages: PageRenderer, target: PreviewTarget, theme: str, font: QFont
) -> tuple[Preview, QTextDocument | None]:
    """The preview, and its document when it is big enough to be worth building here (a
    worker) rather than on the GUI thread."""
    preview = build_preview(pages, target, theme)
    big = len(preview.html) > BIG_PAGE
    return preview, prepare_document(preview.html, font) if big else None


def _single_shot(parent: QObject, msecs: int, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msecs)
    timer.timeout.connect(slot)
    return timer


def _global_rect(view: QAbstractItemView | NotePane, rect: QRect) -> QRect:
    """`rect` in a view's viewport, in global coordinates."""
    return QRect(view.viewport().mapToGlobal(rect.topLeft()), rect.size())
