"""When a video or a link cannot open: a small dialog that stays until read, with the address
to copy, the browser as a way out when a player failed, and the way to the player setting.

A status line that vanishes after a few seconds is easy to miss; a reader who clicked a
citation and saw nothing happen needs to know why and what to do."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

SETTING = "View › Timestamp Player…"


class OpenFailedDialog(QDialog):
    """Emits `openInBrowser()` or `choosePlayer()` when the reader picks that way out."""

    openInBrowser = Signal()
    choosePlayer = Signal()

    def __init__(self, parent: QWidget, text: str, address: str, *, offer_browser: bool) -> None:
        super().__init__(parent)
        self.setObjectName("openFailed")
        self.setWindowTitle("Could not open the video" if offer_browser else "Could not open")
        self.setModal(False)
        message = QLabel(text, self)
        message.setObjectName("openFailedMessage")
        message.setWordWrap(True)
        self.address = QLineEdit(address, self)
        self.address.setObjectName("openFailedAddress")
        self.address.setReadOnly(True)
        self.address.setAccessibleName("Address")
        hint = QLabel(f"Choose how citations open in {SETTING}", self)
        hint.setObjectName("panelHeading")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton("Copy Link", self)
        self.copy_button.setObjectName("openFailedCopy")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.browser_button: QPushButton | None = None
        if offer_browser:
            self.browser_button = QPushButton("Open in Browser", self)
            self.browser_button.setObjectName("openFailedBrowser")
            self.browser_button.setDefault(True)
            buttons.addButton(self.browser_button, QDialogButtonBox.ButtonRole.AcceptRole)
            self.browser_button.clicked.connect(self._browser)
        settings = QPushButton("Timestamp Player…", self)
        settings.setObjectName("openFailedSettings")
        buttons.addButton(settings, QDialogButtonBox.ButtonRole.ActionRole)
        settings.clicked.connect(self._player)
        self.copy_button.clicked.connect(self._copy)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        for widget in (message, self.address, hint, buttons):
            layout.addWidget(widget)
        self.resize(520, self.sizeHint().height())

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.address.text())
        self.copy_button.setText("Copied")

    def _browser(self) -> None:
        self.openInBrowser.emit()
        self.close()

    def _player(self) -> None:
        self.close()
        self.choosePlayer.emit()


class NotOpenedDialog(QDialog):
    """A file of the vault that a click does not open (a program, a script, a shortcut, an
    unknown kind): says why, and offers to show it in its folder or copy its path."""

    def __init__(self, parent: QWidget, path: str, reason: str) -> None:
        super().__init__(parent)
        self.setObjectName("fileNotOpened")
        self.setWindowTitle("File not opened")
        self.setModal(False)
        self.path = path
        message = QLabel(
            f"{reason} Vault Viewer opens only documents and media from a click, so that a "
            "note can never start a program.",
            self,
        )
        message.setObjectName("fileNotOpenedMessage")
        message.setWordWrap(True)
        location = QLineEdit(path, self)
        location.setReadOnly(True)
        location.setAccessibleName("Path")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.folder_button = QPushButton("Show in Folder", self)
        self.folder_button.setObjectName("fileNotOpenedFolder")
        self.copy_button = QPushButton("Copy Path", self)
        self.copy_button.setObjectName("fileNotOpenedCopy")
        for button in (self.folder_button, self.copy_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button.clicked.connect(self._show_folder)
        self.copy_button.clicked.connect(self._copy)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        for widget in (message, location, buttons):
            layout.addWidget(widget)
        self.resize(520, self.sizeHint().height())

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.path)
        self.copy_button.setText("Copied")

    def _show_folder(self) -> None:
        """The folder, never the file: opening a folder runs nothing."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.path).parent)))
