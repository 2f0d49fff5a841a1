"""Print and Export to PDF: Ctrl+Shift+E writes the page shown as a PDF whose text holds the
note's headings and whose timestamps link to the video at that second; Ctrl+Alt+P prints
through the print dialog; headings stay on the page of their text; paper size follows the
locale; nothing is written inside the vault."""

from __future__ import annotations

import logging
import os
import re

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QLocale, QSizeF, Qt
from PySide6.QtGui import QFont, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import wait_page
from viewer.session.location import EPISODE_PAGE, Location
from viewer.ui import printing
from viewer.ui.printing import file_name_for, keep_headings_with_text, locale_page_size

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
WORK = "deepcast/future_of_work.md"
HEADINGS = [
    "The Future of Work",
    "Tasks, not jobs",
    "The middle of the ladder",
    "What policy can do",
]
TIMEOUT = 20_000


@pytest.fixture
def window(qtbot, open_window):
    window = open_window(SAMPLE_VAULT)
    wait_page(qtbot, window, lambda: window.open_note(WORK))
    return window


def pdf_text(path) -> str:
    """The PDF's text with all whitespace removed (extractors split words and lines freely)."""
    reader = PdfReader(str(path))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def pdf_links(path) -> list[str]:
    found = []
    for page in PdfReader(str(path)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_ctrl_shift_e_exports_the_note_as_a_pdf_with_its_headings_and_video_links(
    qtbot, window, tmp_path, monkeypatch
):
    target = tmp_path / "out" / "work.pdf"
    target.parent.mkdir()
    asked = []

    def save_dialog(parent, title, suggested, filters):
        asked.append(suggested)
        return str(target), filters

    monkeypatch.setattr(printing.QFileDialog, "getSaveFileName", save_dialog)
    with qtbot.waitSignal(window.aids.printer.exported, timeout=TIMEOUT) as exported:
        qtbot.keyClick(window.note_pane, Qt.Key.Key_E, CTRL | SHIFT)
    assert exported.args == [str(target)]
    assert asked[0].endswith("The Future of Work.pdf")
    text = pdf_text(target)
    for heading in HEADINGS:
        assert squeeze(heading) in text
    links = pdf_links(target)
    assert "https://www.youtube.com/watch?v=p0Wz_7HnYtE&t=3062s" in links
    assert all(link.startswith("https://") for link in links)  # nothing points into the vault
    reader = PdfReader(str(target))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    expected = locale_page_size().size(QPageSize.Unit.Point)
    assert (round(width), round(height)) == (round(expected.width()), round(expected.height()))


def test_an_episode_page_exports_too(qtbot, window, tmp_path):
    wait_page(qtbot, window, lambda: window.area.open(Location(EPISODE_PAGE, "p0Wz_7HnYtE")))
    target = tmp_path / "episode.pdf"
    with qtbot.waitSignal(window.aids.printer.exported, timeout=TIMEOUT):
        window.aids.printer.export_pdf(str(target))
    text = pdf_text(target)
    assert squeeze("Tomas Reyes: Automation") in text and "Timeline" in text
    assert "https://www.youtube.com/watch?v=p0Wz_7HnYtE&t=400s" in pdf_links(target)


def test_nothing_is_written_inside_the_vault(qtbot, open_window, sample_copy):
    window = open_window(sample_copy)
    wait_page(qtbot, window, lambda: window.open_note(WORK))
    inside = sample_copy / "deepcast" / "export.pdf"
    with qtbot.waitSignal(window.aids.printer.notice) as notice:
        window.aids.printer.export_pdf(str(inside))
    assert "never writes inside the vault" in notice.args[0]
    assert not inside.exists()


def test_ctrl_alt_p_prints_through_the_print_dialog(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "printed.pdf"

    class AcceptingDialog:
        """Stands in for the print dialog: the reader chose a PDF printer."""

        def __init__(self, printer: QPrinter, parent) -> None:
            self.printer = printer

        def setWindowTitle(self, title: str) -> None:
            self.title = title

        def exec(self) -> QDialog.DialogCode:
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(target))
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(printing, "QPrintDialog", AcceptingDialog)
    with qtbot.waitSignal(window.aids.printer.printed, timeout=TIMEOUT) as printed:
        qtbot.keyClick(window.note_pane, Qt.Key.Key_P, CTRL | ALT)
    assert printed.args[0] >= 1
    text = pdf_text(target)
    for heading in HEADINGS:
        assert squeeze(heading) in text


def test_a_cancelled_print_dialog_prints_nothing(qtbot, window, monkeypatch):
    class CancelledDialog:
        def __init__(self, printer, parent) -> None:
            pass

        def setWindowTitle(self, title: str) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Rejected

    monkeypatch.setattr(printing, "QPrintDialog", CancelledDialog)
    window.aids.printer.print_page()
    assert window.aids.printer._printer is None


def test_headings_stay_on_the_page_of_their_text():
    paragraphs = "".join(f"<p>Paragraph {i} with a few words in it.</p>" for i in range(9))
    html = "".join(
        f"{paragraphs}<h2>Heading {n}</h2><h3>Sub {n}</h3><p>Its text.</p>" for n in range(12)
    )
    document = QTextDocument()
    document.setDefaultFont(QFont("Sans", 10))
    document.setHtml(html)
    document.setPageSize(QSizeF(400, 300))
    breaks = keep_headings_with_text(document)
    assert breaks > 0
    layout, height = document.documentLayout(), document.pageSize().height()
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == 2:
            text = block.next().next()  # past its sub-heading
            top = layout.blockBoundingRect(block).top()
            assert int(top // height) == int(layout.blockBoundingRect(text).bottom() // height)
        block = block.next()


def test_paper_size_follows_the_locale():
    us = locale_page_size(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert us.id() == QPageSize.PageSizeId.Letter
    germany = locale_page_size(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    assert germany.id() == QPageSize.PageSizeId.A4
    uk = locale_page_size(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    assert uk.id() == QPageSize.PageSizeId.A4


def test_file_names_for_titles():
    assert file_name_for("The Future of Work") == "The Future of Work.pdf"
    assert file_name_for('a/b:c*?"<>|d') == "a b c d.pdf"
    assert file_name_for("...") == "page.pdf"


def test_export_to_a_missing_folder_says_so_and_logs_no_error(qtbot, window, tmp_path, caplog):
    target = tmp_path / "gone" / "work.pdf"
    with qtbot.waitSignal(window.aids.printer.notice) as notice:
        window.aids.printer.export_pdf(str(target))
    assert notice.args == [f"Not exported: the folder {target.parent} does not exist"]
    assert not target.parent.exists()
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_export_to_a_read_only_folder_says_so(qtbot, window, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with qtbot.waitSignal(window.aids.printer.notice) as notice:
            window.aids.printer.export_pdf(str(folder / "work.pdf"))
    finally:
        folder.chmod(0o700)
    assert notice.args == [f"Not exported: the folder {folder} is not writable"]
    assert list(folder.iterdir()) == []


def test_a_pdf_that_cannot_be_written_is_reported_in_words(
    qtbot, window, tmp_path, monkeypatch, caplog
):
    """The folder vanishes between the check and the painting: the failure reaches the status
    bar as the disk's words, and the log holds no traceback."""

    def no_device(path: str, title: str):
        raise FileNotFoundError(2, "No such file or directory", path)

    monkeypatch.setattr(printing, "pdf_writer", no_device)
    target = tmp_path / "work.pdf"
    notices: list[str] = []
    window.aids.printer.notice.connect(notices.append)
    window.aids.printer.export_pdf(str(target))
    qtbot.waitUntil(lambda: any(n.startswith("Could not export") for n in notices), timeout=TIMEOUT)
    assert notices[-1] == (f"Could not export to {target}: No such file or directory: '{target}'")
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert "Traceback" not in caplog.text
