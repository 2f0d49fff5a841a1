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

from PySide6.QtCore import QModelIndex, QObject, QPoint, QRect, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCursor, QFont, QGuiApplication, QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from ..render import hrefs
from ..session.location import HERE
from ..session.pages import PageRenderer
from ..session.previews import (
    Preview,
    PreviewTarget,
    build_preview,
    missing_preview,
    target_for_href,
)
from .navigator import href_of
from .note_pane import NotePane, prepare_document
from .preview_frame import PreviewFrame
from .reader import Reader
from .reader_area import ReaderArea
from .vault_session import VaultSession

HOVER_DELAY_MS = 300  # resting this long on a link previews it
PREFETCH_MS = 50  # resting this long asks for the preview, so it is ready when the delay ends
CLOSE_GRACE_MS = 350  # time to carry the pointer from the link into its preview
PREVIEW_ZOOM_STEPS = 2  # the preview reads a little smaller than the note
TargetOf = Callable[[QModelIndex], PreviewTarget | None]
Wanted = tuple[PreviewTarget, QRect, bool]  # what, where (global), beside it (a row)


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
        self._prefetch = _single_shot(self, PREFETCH_MS, self._prefetched)
        self._grace = _single_shot(self, CLOSE_GRACE_MS, self._close_if_left)
        self._resting: Wanted | None = None  # the pointer rests on it
        self._wanted: Wanted | None = None  # asked of the session
        self._fetched: tuple[Preview, QTextDocument | None] | None = None  # came back
        self._due = False  # the delay is over (or the keyboard asked): show once fetched
        self._frame: PreviewFrame | None = None  # the transient preview
        self._inside = False  # the pointer is on the transient preview
        self.pinned: list[PreviewFrame] = []
        self._views: list[tuple[QAbstractItemView, TargetOf]] = []
        self._asked = 0.0
        self.seconds: float | None = None  # from the end of the delay to the last preview shown
        area.on_new_reader(self._attach_reader)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._application_state)

    def _application_state(self, state: Qt.ApplicationState) -> None:
        """Previews float above every window: while another application is in front, the
        transient one closes and pinned ones hide until the viewer is back."""
        active = state == Qt.ApplicationState.ApplicationActive
        if not active:
            self.dismiss()
        for frame in self.pinned:
            frame.setVisible(active)

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
        """The pointer rests on `target`, drawn at `rect` (global), or left it (None). The
        preview is asked for at once (after PREFETCH_MS, so links merely crossed cost
        nothing) and shown when the delay is over."""
        if target is None:
            self._hover.stop()
            self._prefetch.stop()
            self._resting = None
            self._drop_request()
            if self.frame is not None:
                self._grace.start()
            return
        self._grace.stop()
        frame = self.frame
        if frame is not None and frame.target == target:
            self._resting = None
            return
        self._resting = (target, rect, beside)
        self._drop_request()
        self._hover.start()
        self._prefetch.start()

    def _prefetched(self) -> None:
        if self._resting is not None:
            self.request(*self._resting, due=False)

    def _rested(self) -> None:
        resting = self._resting
        if resting is None:
            return
        wanted = self._wanted
        if wanted is not None and wanted[0] == resting[0]:
            self._due, self._asked = True, time.perf_counter()
            self._maybe_show()
        else:
            self.request(*resting)

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

    def request(
        self, target: PreviewTarget, rect: QRect, beside: bool = False, *, due: bool = True
    ) -> None:
        """Build the preview of `target` in a worker; it shows at `rect` when it is back and
        `due` (or made due by the delay's end), unless the pointer has moved on meanwhile."""
        session = self._session()
        pages = session.pages if session is not None else None
        if session is None or pages is None:
            return
        self._drop_request()
        theme, font = self._theme(), self._transient().pane.reading_font()
        wanted = self._wanted = (target, rect, beside)
        self._due = due
        self._asked = time.perf_counter()
        session.read(
            "preview",
            lambda _vault: _build(pages, target, theme, font),
            lambda result: self._arrived(wanted, *result),
            lambda error: self._arrived(wanted, missing_preview(error, theme), None),
        )

    def _arrived(self, wanted: Wanted, preview: Preview, document: QTextDocument | None) -> None:
        if wanted is not self._wanted:
            if document is not None:
                document.deleteLater()
            return
        self._fetched = (preview, document)
        self._maybe_show()

    def _drop_request(self) -> None:
        fetched, self._fetched = self._fetched, None
        if fetched is not None and fetched[1] is not None:
            fetched[1].deleteLater()
        self._wanted, self._due = None, False

    def _maybe_show(self) -> None:
        wanted, fetched = self._wanted, self._fetched
        if not self._due or wanted is None or fetched is None:
            return
        self._wanted, self._fetched, self._due = None, None, False
        target, rect, beside = wanted
        frame = self._transient()
        session = self._session()
        frame.pane.set_vault_root(session.root if session is not None else None)
        frame.show_preview(target, *fetched)
        window = self._window
        frame.place(rect, beside=beside, within=QRect(window.mapToGlobal(QPoint()), window.size()))
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
        """The grace time is over: close unless the pointer is on a link or in the preview.
        Where it is in the preview, look again later: its leave event is not delivered on
        every platform (a tooltip-type window), so the pointer's place decides."""
        frame = self.frame
        if frame is None or self._resting is not None:
            return
        if self._inside or frame.geometry().contains(QCursor.pos()):
            self._grace.start()
        else:
            self.dismiss()

    def dismiss(self) -> None:
        """Hide the transient preview (pinned ones stay)."""
        self._grace.stop()
        self._drop_request()
        frame = self.frame
        if frame is not None and not frame.pinned:
            frame.hide()
            self._inside = False

    def close_all(self) -> None:
        """Another vault opens: no preview of this one stays."""
        self._hover.stop()
        self._prefetch.stop()
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
    """The preview and its document, both built here (a worker): the GUI thread only lays
    out and paints what it shows."""
    preview = build_preview(pages, target, theme)
    return preview, prepare_document(preview.html, font)


def _single_shot(parent: QObject, msecs: int, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msecs)
    timer.timeout.connect(slot)
    return timer


def _global_rect(view: QAbstractItemView | NotePane, rect: QRect) -> QRect:
    """`rect` in a view's viewport, in global coordinates."""
    return QRect(view.viewport().mapToGlobal(rect.topLeft()), rect.size())
