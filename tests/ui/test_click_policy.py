"""Nothing runs from a click: files of the vault open with their application only when they
are documents or media; programs, scripts and shortcuts get a dialog instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from tests.ui.test_tabs import link_position
from viewer.ui.open_failed import NotOpenedDialog

NOTE = "# Files\n\n[The notes](notes.pdf) · [Episode script](run.bat) · [Tool](tool.sh)\n"


@pytest.fixture
def vault(make_vault) -> Path:
    root = make_vault(
        {
            "Files.md": NOTE,
            "notes.pdf": b"%PDF-1.4",
            "run.bat": b"@echo off",
            "tool.sh": b"#!/bin/sh\necho hi\n",
        }
    )
    (root / "notes.pdf").chmod(0o644)
    (root / "run.bat").chmod(0o644)
    (root / "tool.sh").chmod(0o755)
    return root


def click_link(qtbot, window, text: str) -> None:
    pane = window.note_pane
    block = pane.document().find(text)
    assert not block.isNull(), text
    href = block.charFormat().anchorHref()
    where = link_position(pane, href)
    QTest.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), where)


def test_a_document_opens_with_its_application(qtbot, open_window, vault, opened):
    window = open_window(vault, "Files.md")
    click_link(qtbot, window, "The notes")
    assert opened == [QUrl.fromLocalFile(str((vault / "notes.pdf").resolve())).toString()]


@pytest.mark.parametrize(
    ("text", "why"),
    [("Episode script", "program, script or shortcut"), ("Tool", "program, script or shortcut")],
)
def test_programs_never_open_and_a_dialog_says_why(qtbot, open_window, vault, opened, text, why):
    window = open_window(vault, "Files.md")
    click_link(qtbot, window, text)
    qtbot.waitUntil(lambda: window.findChild(NotOpenedDialog) is not None)
    dialog = window.findChild(NotOpenedDialog)
    assert opened == []  # the system's handler was never asked
    assert why in dialog.findChild(QLabel, "fileNotOpenedMessage").text()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == dialog.path
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(Path(dialog.path).parent)).toString()]
    dialog.close()


def test_an_executable_bit_keeps_a_document_closed(qtbot, open_window, vault, opened):
    (vault / "notes.pdf").chmod(0o755)
    window = open_window(vault, "Files.md")
    click_link(qtbot, window, "The notes")
    qtbot.waitUntil(lambda: window.findChild(NotOpenedDialog) is not None)
    assert opened == []
