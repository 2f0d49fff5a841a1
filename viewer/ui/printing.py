"""File > Print… and File > Export to PDF…: the page shown, on paper.

The page is rendered again in the light theme (paper is white) and made ready for paper
(`session.printing`: timestamps point at the video at that second, links into the vault become
text); a worker lays it out in pages of the locale's paper size (A4, or Letter where the
locale measures in US units), keeps each heading on the page of the text it introduces, and
paints it with page numbers into a QPdfWriter or the printer chosen in the print dialog
(Qt paints into printers and PDF writers from any thread). The PDF's links are real links.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QMarginsF, QObject, QRectF, QSizeF, QStandardPaths, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ..core.wording import plural
from ..session.location import EPISODE_PAGE, NOTE_PAGE, TAG_PAGE, TOPIC_PAGE, Location
from ..session.printing import paper_html
from .vault_session import VaultSession

PRINTABLE = (NOTE_PAGE, EPISODE_PAGE, TOPIC_PAGE, TAG_PAGE)
SOURCE_DPI = 96.0  # layout units per inch: a 16 px reading font prints at 12 pt
MARGIN_MM = 18.0
FOOTER = 28.0  # layout units kept below the text for the page number
PRINT_FONT_PX = 15
SETTLE_PASSES = 4
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def locale_page_size(locale: QLocale | None = None) -> QPageSize:
    """A4, or Letter where the locale measures in US units."""
    system = (locale or QLocale()).measurementSystem()
    us = system == QLocale.MeasurementSystem.ImperialUSSystem
    return QPageSize(QPageSize.PageSizeId.Letter if us else QPageSize.PageSizeId.A4)


def page_layout(locale: QLocale | None = None) -> QPageLayout:
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QPageLayout(
        locale_page_size(locale),
        QPageLayout.Orientation.Portrait,
        margins,
        QPageLayout.Unit.Millimeter,
    )


def paper_document(html: str, font: QFont) -> QTextDocument:
    """The page as a document to print (any thread)."""
    document = QTextDocument()
    document.setUseDesignMetrics(True)  # glyph widths as printed, not as hinted on screen
    font = QFont(font)
    font.setPixelSize(PRINT_FONT_PX)
    document.setDefaultFont(font)
    document.setHtml(html)
    return document


def keep_headings_with_text(document: QTextDocument) -> int:
    """Move each heading that ends a page to the next one, with the text it introduces: Qt
    lays out `page-break-after: avoid` as nothing, so the pages are looked at and a break is
    set before the heading (or before the first of several headings in a row). The document
    must be paginated (`setPageSize`). Returns the breaks set."""
    height = document.pageSize().height()
    layout = document.documentLayout()
    breaks = 0
    for _ in range(SETTLE_PASSES):  # a break moves everything after it: look again
        moved = False
        block = document.begin()
        while block.isValid():
            if not _is_heading(block):
                block = block.next()
                continue
            first = last = block
            while last.next().isValid() and _is_heading(last.next()):
                last = last.next()
            block = following = last.next()
            if not following.isValid():
                break  # headings end the page: nothing to keep them with
            top = layout.blockBoundingRect(first).top()
            if _starts_page(top, height) or _has_break(first):
                continue
            if int(top // height) != int(_first_line_bottom(layout, following) // height):
                fmt = QTextBlockFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(first).mergeBlockFormat(fmt)
                breaks += 1
                moved = True
        if not moved:
            break
    return breaks


def _is_heading(block: QTextBlock) -> bool:
    return block.blockFormat().headingLevel() > 0


def _has_break(block: QTextBlock) -> bool:
    policy = block.blockFormat().pageBreakPolicy()
    return bool(policy & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)


def _starts_page(top: float, height: float) -> bool:
    return top % height < height * 0.08  # within the page's top margin: nothing to gain


def _first_line_bottom(layout, block: QTextBlock) -> float:
    rect = layout.blockBoundingRect(block)
    text_layout = block.layout()
    if text_layout is not None and text_layout.lineCount():
        line = text_layout.lineAt(0)
        return rect.top() + line.y() + line.height()
    return rect.bottom()


def paint_pages(document: QTextDocument, device: QPagedPaintDevice) -> int:
    """Lay `document` out in the pages of `device` (its page layout), keep headings with
    their text and paint every page with its number. Returns the number of pages."""
    scale = device.logicalDpiX() / SOURCE_DPI
    width, height = device.width() / scale, device.height() / scale - FOOTER
    document.setPageSize(QSizeF(width, height))
    keep_headings_with_text(document)
    pages = document.pageCount()
    painter = QPainter(device)
    if not painter.isActive():
        raise OSError("the printer or file could not be opened for painting")
    try:
        number_font = QFont(document.defaultFont())
        number_font.setPixelSize(11)
        for page in range(pages):
            if page:
                device.newPage()
            painter.save()
            painter.scale(scale, scale)
            painter.save()
            painter.translate(0, -page * height)
            document.drawContents(painter, QRectF(0, page * height, width, height))
            painter.restore()
            painter.setFont(number_font)
            painter.setPen(QColor("#777777"))
            footer = QRectF(0, height, width, FOOTER)
            painter.drawText(
                footer,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                f"{page + 1} / {pages}",
            )
            painter.restore()
    finally:
        painter.end()
    return pages


def pdf_writer(path: str, title: str) -> QPdfWriter:
    writer = QPdfWriter(path)
    writer.setPageLayout(page_layout())
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("Vault Viewer")
    return writer


def file_name_for(title: str) -> str:
    """A file name for a page's PDF: its title without characters file systems refuse."""
    name = _UNSAFE_NAME.sub(" ", title).strip(" .") or "page"
    return f"{name[:120]}.pdf"


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def _unwritable(path: Path) -> str:
    """Why a PDF cannot be written at `path` ("" when it can): said at once, in words,
    rather than as a painter that would not start in a worker."""
    folder = path.parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is not writable"
    if path.is_dir():
        return f"{path} is a folder"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path} is read-only"
    return ""


class PagePrinter(QObject):
    """Prints and exports the page shown. Signals: `exported(path)` once a PDF is written,
    `printed(pages)` once a printer has the pages, `notice(text)` for the status bar."""

    exported = Signal(str)
    printed = Signal(int)
    notice = Signal(str)

    def __init__(
        self,
        window: QWidget,
        session: Callable[[], VaultSession | None],
        shown: Callable[[], tuple[Location | None, str]],
        font: Callable[[], QFont],
    ) -> None:
        super().__init__(window)
        self._window, self._session, self._shown, self._font = window, session, shown, font
        self._printer: QPrinter | None = None  # kept alive while a worker paints into it

    def _printable(self) -> tuple[VaultSession, Location, str] | None:
        session = self._session()
        location, title = self._shown()
        if session is None or session.pages is None or location is None:
            self.notice.emit("Open a note first: there is nothing to print")
            return None
        if location.kind not in PRINTABLE:
            self.notice.emit("This page cannot be printed")
            return None
        return session, location, title

    def export_pdf(self, path: str | None = None) -> None:
        """Ask where (unless `path` is given), then write the page shown as a PDF there."""
        found = self._printable()
        if found is None:
            return
        session, location, title = found
        if path is None:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            ) or str(Path.home())
            path, _filter = QFileDialog.getSaveFileName(
                self._window,
                "Export to PDF",
                str(Path(folder) / file_name_for(title)),
                "PDF (*.pdf)",
            )
            if not path:
                return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        if _inside(Path(path), session.root):
            self.notice.emit("Not written: the viewer never writes inside the vault")
            return
        refusal = _unwritable(Path(path))
        if refusal:
            self.notice.emit(f"Not exported: {refusal}")
            return
        self.notice.emit(f"Exporting {title} to PDF…")
        self._paint(
            session,
            location,
            lambda: pdf_writer(path, title),
            lambda _n: self._exported(path),
            lambda error: self.notice.emit(f"Could not export to {path}: {error}"),
        )

    def print_page(self) -> None:
        """The print dialog, then the page shown on the chosen printer."""
        found = self._printable()
        if found is None:
            return
        session, location, title = found
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout())
        printer.setDocName(title)
        dialog = QPrintDialog(printer, self._window)
        dialog.setWindowTitle(f"Print {title}")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._printer = printer
        self.notice.emit(f"Printing {title}…")
        self._paint(session, location, lambda: printer, self._printed, self._print_failed)

    def _paint(
        self,
        session: VaultSession,
        location: Location,
        device: Callable[[], QPagedPaintDevice],
        done: Callable[[int], None],
        failed: Callable[[str], None],
    ) -> None:
        pages, font = session.pages, self._font()
        assert pages is not None

        def render(_vault) -> str:
            return paper_html(pages.render(location, "light").html)

        def rendered(html: str) -> None:
            session.tasks.run(
                "print",
                lambda: paint_pages(paper_document(html, font), device()),
                done,
                failed,
            )

        session.read("print-render", render, rendered, failed)

    def _exported(self, path: str) -> None:
        self.notice.emit(f"Exported to {path}")
        self.exported.emit(path)

    def _printed(self, pages: int) -> None:
        self._printer = None
        self.notice.emit(f"Sent {plural(pages, 'page')} to the printer")
        self.printed.emit(pages)

    def _print_failed(self, error: str) -> None:
        self._printer = None
        self.notice.emit(f"Could not print: {error}")
