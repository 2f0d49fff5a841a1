"""The note pane: a QTextBrowser that never follows a link by itself and never loads
anything from outside the vault.

Links are routed by the window (`linkActivated(url, placement)`: here, or in a new tab for a
Ctrl+click, middle-click or Ctrl+Enter), hovering shows the target (`linkHovered`),
and images are served only from files inside the vault, so a hostile note cannot make the
viewer fetch a remote resource or read a file elsewhere on disk.
"""

from __future__ import annotations

import bisect
import contextlib
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from ..core.names import fold
from ..render import formulas, reading_margin
from ..render.boundary import inside_file
from ..render.theme import palette as render_palette
from .history_buttons import let_through
from .link_focus import focused_link, link_boxes
from .placement import placement

ZOOM_STEPS = (-4, 10)  # zoom steps below and above the default
BASE_FONT_PX = 16.0  # the reading size at zoom 0; each step is ZOOM_FACTOR larger or smaller
ZOOM_FACTOR = 1.1
VERTICAL_MARGIN = 28


class NotePane(QTextBrowser):
    linkActivated = Signal(QUrl, str)  # the link, and where it opens (see ui.placement)
    linkHovered = Signal(str)
    contextMenuForLink = Signal(QUrl, QPoint)
    escapePressed = Signal()
    endRequested = Signal()  # Ctrl+End: the end of the note, however long
    columnChanged = Signal(int)  # the reading column's width in px, after a resize
    # The href under the pointer changed ("" off links, or the pointer left), and where the
    # pointer is in the viewport: hover previews start from it.
    linkUnderPointer = Signal(str, QPoint)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("notePane")
        self.setAccessibleName("Note")
        self.setAccessibleDescription("The rendered note. Tab moves through its links.")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        # Counts the pages shown: what holds a place in a page across event-loop turns (the
        # Outline's walk) checks it, as a block of a replaced page points at freed memory.
        self.page_number = 0
        self.anchorClicked.connect(lambda url: self.linkActivated.emit(url, placement()))
        self.highlighted.connect(lambda url: self.linkHovered.emit(url.toString()))
        # The focus box reaches past the selection Qt repaints: the viewport is drawn again.
        self.selectionChanged.connect(self.viewport().update)
        self._vault_root: Path | None = None
        self._zoom = 0
        self._highlight_colour = QColor("#ffd54a")
        self._focus_colour = QColor(render_palette("light").link)
        # (document, its revision, anchor name -> position, anchored lines sorted)
        self._anchor_index: tuple[QTextDocument, int, dict[str, int], list[int]] | None = None
        self._owned_document: QTextDocument | None = None
        self._sheet: tuple[QTextDocument, str] | None = None  # the default stylesheet set
        self._under_pointer = ""
        self._apply_font()

    # -- safety ------------------------------------------------------------------------------

    def set_vault_root(self, root: Path | None) -> None:
        self._vault_root = root.resolve() if root else None
        self.document().setMetaInformation(QTextDocument.MetaInformation.DocumentUrl, "")

    def loadResource(self, kind: int, url: QUrl | str) -> QImage | None:
        """Serve images only from files inside the vault, and formulas the renderer drew
        (``math:``); everything else loads nothing."""
        if kind != QTextDocument.ResourceType.ImageResource:
            return None
        url = QUrl(url) if isinstance(url, str) else url
        if url.scheme() == formulas.SCHEME:
            return self._formula(url.path())
        if url.scheme() != "file" or self._vault_root is None:
            return None
        path = inside_file(self._vault_root, url.toLocalFile())
        if path is None:
            return None
        image = QImage(str(path))
        return None if image.isNull() else image

    def _formula(self, key: str) -> QImage | None:
        """A formula's SVG painted at the screen's pixel density (sharp on HiDPI)."""
        svg = formulas.svg_for(key)
        if svg is None:
            return None
        renderer = QSvgRenderer(QByteArray(svg))
        if not renderer.isValid():
            return None
        ratio = max(1.0, self.devicePixelRatioF())
        size = renderer.defaultSize()
        image = QImage(
            max(1, round(size.width() * ratio)),
            max(1, round(size.height() * ratio)),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.setDevicePixelRatio(ratio)
        return image

    # -- navigation helpers ------------------------------------------------------------------

    def show_html(self, html: str, scroll_to: int | None = None, stylesheet: str = "") -> None:
        """Show a page. The stylesheet in its head (or `stylesheet`) becomes the document's
        default one, which also styles parts appended later (`append_html`): parsed once per
        theme, not with every page (7 KB of CSS parsed twice was 3 of a note switch's 4.4 ms
        of `setHtml`, for a first screen of a note)."""
        self._pointer_over("", QPoint())
        self.setExtraSelections([])
        self.page_number += 1
        html, in_head = head_stylesheet_out(html)
        self._default_stylesheet(in_head if in_head is not None else stylesheet)
        with self._scroll_bar_kept():
            self.setHtml(html)
            self._apply_margins()
        self.verticalScrollBar().setValue(scroll_to or 0)

    def _default_stylesheet(self, sheet: str) -> None:
        document = self.document()
        if self._sheet != (document, sheet):
            document.setDefaultStyleSheet(sheet)
            self._sheet = (document, sheet)

    @contextlib.contextmanager
    def _scroll_bar_kept(self) -> Iterator[None]:
        """While one long page replaces another, the scroll bar stays: clearing the old page
        hid it and the new one showed it again, and each toggle laid the whole page out at
        another width (a typical note's switch went from 12 to 5 ms without them). A short
        page drops the bar once, after."""
        keep = self.verticalScrollBar().isVisible()
        if keep:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        try:
            yield
        finally:
            if keep:
                self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def reading_font(self) -> QFont:
        """The font pages are laid out in (a copy: safe to hand to a worker thread)."""
        return QFont(self._reading_font())

    def append_html(self, html: str) -> None:
        """Add the next part of a long note at the end, where the reader is not (the view
        stays where it is). Qt merges the first block it inserts into the last one there (a
        heading lost its level, two paragraphs ran together): a zero-width space is what
        merges instead."""
        bar = self.verticalScrollBar()
        position = bar.value()
        document = self.document()
        anchors = self._indexed_anchors(document)
        last = document.lastBlock().blockNumber()
        cursor = QTextCursor(document)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertHtml(("\u200b" if cursor.block().length() > 1 else "") + html)
        if anchors is not None:
            # Kept up to date with what came: walking a whole 30,000-block note for its
            # anchors, to go to a line near its end, stalled the window 167 ms.
            _walk_anchors(document.findBlockByNumber(last), anchors)
            self._index_anchors(document, anchors)
        bar.setValue(position)

    def show_document(self, document: QTextDocument) -> None:
        """Show a document from `prepare_document` (GUI thread)."""
        self.page_number += 1
        self._pointer_over("", QPoint())
        self.setExtraSelections([])
        self._release_document()
        document.setParent(self)  # owned by the pane: images load through loadResource
        with self._scroll_bar_kept():
            self.setDocument(document)
            self._owned_document = document
            self._apply_margins()
        self.verticalScrollBar().setValue(0)

    def _release_document(self) -> None:
        owned, self._owned_document = self._owned_document, None
        if owned is not None:
            self.setDocument(QTextDocument(self))
            self.document().setDefaultFont(self._reading_font())
            owned.deleteLater()

    def set_theme(self, theme: str) -> None:
        """Match the widget's own colours to the renderer's theme (the page background shows
        around the document and while a note loads)."""
        colours = render_palette(theme)
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Base, QColor(colours.background))
        pal.setColor(QPalette.ColorRole.Text, QColor(colours.text))
        self.setPalette(pal)
        self._focus_colour = QColor(colours.link)
        self.viewport().update()

    def reading_column(self) -> int:
        """The width of the text column in px (the viewport less the reading margins)."""
        width = self.viewport().width()
        return max(16, width - 2 * reading_margin(width, self.font_pixel_size()))

    def font_pixel_size(self) -> float:
        return BASE_FONT_PX * ZOOM_FACTOR**self._zoom

    def _reading_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(round(self.font_pixel_size()))
        return font

    def _apply_font(self) -> None:
        self.document().setDefaultFont(self._reading_font())
        self._apply_margins()

    def _apply_margins(self) -> None:
        """Keep a readable measure: Qt's rich text has no max-width, so the root frame's side
        margins grow with the window instead."""
        margin = reading_margin(self.viewport().width(), self.font_pixel_size())
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        if (fmt.leftMargin(), fmt.topMargin()) == (margin, VERTICAL_MARGIN):
            return
        fmt.setLeftMargin(margin)
        fmt.setRightMargin(margin)
        fmt.setTopMargin(VERTICAL_MARGIN)
        fmt.setBottomMargin(VERTICAL_MARGIN)
        root.setFrameFormat(fmt)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_margins()
        if event.size().width() != event.oldSize().width():
            self.columnChanged.emit(self.reading_column())

    def scroll_position(self) -> int:
        return self.verticalScrollBar().value()

    def _anchors(self) -> dict[str, int]:
        """Every anchor name of the document and its position, read once per document (a
        walk over the whole document: asking per name made a long note slow to navigate)."""
        document = self.document()
        known = self._indexed_anchors(document)
        if known is not None:
            return known
        found: dict[str, int] = {}
        _walk_anchors(document.begin(), found)
        self._index_anchors(document, found)
        return found

    def _indexed_anchors(self, document: QTextDocument) -> dict[str, int] | None:
        """The anchors indexed for `document` as it is now, or None (never, or it changed)."""
        known = self._anchor_index
        if known is not None and known[0] is document and known[1] == document.revision():
            return known[2]
        return None

    def _index_anchors(self, document: QTextDocument, found: dict[str, int]) -> None:
        lines = sorted(int(n[1:]) for n in found if n[:1] == "L" and n[1:].isdigit())
        self._anchor_index = (document, document.revision(), found, lines)

    def anchor_cursor(self, name: str) -> QTextCursor | None:
        """A cursor at the anchor `name` (e.g. a line anchor `L12`), or None."""
        position = self._anchors().get(name)
        if position is None:
            return None
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        return cursor

    def scroll_to_line(self, line: int) -> QTextCursor | None:
        """Scroll to the rendered block of source line `line`, or of the nearest line before
        it that has an anchor (a long note anchors only every so many lines; a mark searched
        from there finds the exact place)."""
        self._anchors()
        lines = self._anchor_index[3] if self._anchor_index is not None else []
        index = bisect.bisect_right(lines, line) - 1
        if index < 0:
            return None
        cursor = self.anchor_cursor(f"L{lines[index]}")
        if cursor is not None:
            self.scroll_to_cursor(cursor)
        return cursor

    def scroll_to_anchor(self, name: str) -> bool:
        cursor = self.anchor_cursor(name)
        if cursor is None:
            return False
        self.scroll_to_cursor(cursor)
        return True

    def scroll_to_cursor(self, cursor: QTextCursor) -> None:
        """Bring `cursor` to a fifth of the way down the view (where reading goes on)."""
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - self.viewport().height() // 5)

    def highlight(self, text: str, start: QTextCursor | None = None) -> bool:
        """Mark the first occurrence of `text` at or after `start` (search is case- and
        whitespace-insensitive in effect: several spellings are tried)."""
        document = self.document()
        origin = start or QTextCursor(document)
        found = QTextCursor()
        for needle in dict.fromkeys((text, text.replace("_", " "), fold(text))):
            if not needle:
                continue
            found = document.find(needle, origin)
            if not found.isNull():
                break
        if found.isNull():
            self.setExtraSelections([])
            return False
        selection = QTextEdit.ExtraSelection()
        selection.cursor = found
        fmt = QTextCharFormat()
        fmt.setBackground(self._highlight_colour)
        fmt.setForeground(QColor("#1b1b1b"))
        selection.format = fmt
        self.setExtraSelections([selection])
        self.scroll_to_cursor(found)
        return True

    def set_highlight_colour(self, colour: QColor) -> None:
        self._highlight_colour = colour

    # -- zoom ----------------------------------------------------------------------------------

    def zoom(self, steps: int) -> None:
        """Zoom by `steps` within ZOOM_STEPS; 0 resets. Keeps the reading position."""
        target = 0 if steps == 0 else max(ZOOM_STEPS[0], min(ZOOM_STEPS[1], self._zoom + steps))
        if target == self._zoom:
            return
        bar = self.verticalScrollBar()
        share = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self._zoom = target
        self._apply_font()
        bar.setValue(round(share * bar.maximum()))

    def zoom_to(self, level: int) -> None:
        """Zoom to `level` steps from the default (the window keeps every tab at one level)."""
        if level == 0:
            self.zoom(0)
        elif level != self._zoom:
            self.zoom(level - self._zoom)

    @property
    def zoom_level(self) -> int:
        return self._zoom

    # -- events --------------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        # Enter on a focused link follows it (QTextBrowser does this only for some styles).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            cursor = self.textCursor()
            href = cursor.charFormat().anchorHref() if cursor.hasSelection() else ""
            if href:
                self.linkActivated.emit(QUrl(href), placement(event.modifiers()))
                return
        if event.key() == Qt.Key.Key_Escape:
            self.escapePressed.emit()
            return
        if event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in (
            Qt.Key.Key_Home,
            Qt.Key.Key_End,
        ):
            # A read-only QTextBrowser ignores these: the top and the end of the note (the
            # cursor goes along, so Tab then starts from there).
            top = event.key() == Qt.Key.Key_Home
            cursor = QTextCursor(self.document())
            cursor.movePosition(
                QTextCursor.MoveOperation.Start if top else QTextCursor.MoveOperation.End
            )
            self.setTextCursor(cursor)
            bar = self.verticalScrollBar()
            bar.setValue(bar.minimum() if top else bar.maximum())
            if not top:
                self.endRequested.emit()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The note, then a solid box around the link that has the keyboard focus (Qt's own
        dotted one is too faint to find in either theme)."""
        super().paintEvent(event)
        cursor = focused_link(self)
        if cursor is None:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self._focus_colour, 2))
        for box in link_boxes(self, cursor):
            painter.drawRoundedRect(box, 3, 3)
        painter.end()

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not let_through(event):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        point = event.position().toPoint()
        self._pointer_over(self.anchorAt(point), point)

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)
        self._pointer_over("", QPoint())

    def _pointer_over(self, href: str, point: QPoint) -> None:
        if href != self._under_pointer:
            self._under_pointer = href
            self.linkUnderPointer.emit(href, point)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A middle-click on a link opens it in a new tab (QTextBrowser follows left clicks
        only)."""
        if event.button() == Qt.MouseButton.MiddleButton:
            href = self.anchorAt(event.position().toPoint())
            if href:
                self.linkActivated.emit(QUrl(href), placement(button=event.button()))
                return
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event) -> None:
        href = self.anchorAt(event.pos())
        if href:
            self.contextMenuForLink.emit(QUrl(href), event.globalPos())
            return
        super().contextMenuEvent(event)


def _walk_anchors(block: QTextBlock, found: dict[str, int]) -> None:
    """Add the anchors from `block` to the end of its document to `found` (name: position;
    the first place a name appears wins)."""
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid():
                for name in fragment.charFormat().anchorNames():
                    found.setdefault(name, fragment.position())
            iterator += 1
        block = block.next()


def head_stylesheet_out(html: str) -> tuple[str, str | None]:
    """`html` without the ``<style>`` element in its head, and that stylesheet (None when
    the head has none)."""
    body_at = html.find("<body")
    start = html.find("<style>", 0, body_at if body_at >= 0 else len(html))
    end = html.find("</style>", start) if start >= 0 else -1
    if end < 0:
        return html, None
    return html[:start] + html[end + len("</style>") :], html[start + len("<style>") : end]


def prepare_document(html: str, font: QFont) -> QTextDocument:
    """A document for `html`, built in the calling (worker) thread and handed to the GUI
    thread: parsing megabytes of HTML takes most of a second, which `setHtml` would spend on
    the GUI thread (it releases the interpreter lock meanwhile). Layout stays lazy and happens
    as the pane paints. `font` comes from `NotePane.reading_font()`: workers never read widgets."""
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setHtml(html)
    application = QCoreApplication.instance()
    if application is not None:
        document.moveToThread(application.thread())
    return document
