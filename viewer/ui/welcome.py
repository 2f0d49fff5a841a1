"""The welcome page shown when no vault is open: open a folder, a recent vault or the sample."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME
from ..locations import icon_path
from .delegates import DetailRole, WrappingDelegate


class WelcomePage(QWidget):
    """Open a folder, a recent vault or the sample. When the open vault's folder vanished, a
    notice says so above, with a button to open it again."""

    openVault = Signal()
    openSample = Signal()
    openRecent = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        logo = QLabel(self)
        logo.setObjectName("welcomeLogo")
        icon = QIcon(str(icon_path()))
        if not icon.isNull():
            logo.setPixmap(icon.pixmap(QSize(88, 88)))
        title = QLabel(APP_NAME, self)
        title.setObjectName("welcomeTitle")
        font = title.font()
        font.setPointSize(font.pointSize() + 12)
        font.setBold(True)
        title.setFont(font)
        blurb = QLabel(
            "Read and travel a folder of linked markdown notes: an Obsidian vault, or a podcast "
            "wiki whose citations open the video at the second they cite.",
            self,
        )
        blurb.setWordWrap(True)
        blurb.setObjectName("welcomeBlurb")
        self.open_button = QPushButton("Open Vault…", self)
        self.open_button.setObjectName("welcomeOpen")
        self.open_button.setToolTip("Open a folder of markdown notes (Ctrl+Shift+O)")
        self.open_button.setDefault(True)
        self.sample_button = QPushButton("Open the Sample Vault", self)
        self.sample_button.setObjectName("welcomeSample")
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        self.notice = QLabel(self)
        self.notice.setObjectName("welcomeNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.reopen_button = QPushButton("Open It Again", self)
        self.reopen_button.setObjectName("welcomeReopen")
        self.reopen_button.hide()
        self._reopen = ""
        self.reopen_button.clicked.connect(lambda: self.openRecent.emit(self._reopen))
        self.recent_label = recent_label = QLabel("Recent vaults", self)
        recent_label.setObjectName("panelHeading")
        self.recent = QListWidget(self)
        self.recent.setObjectName("recentVaults")
        self.recent.setAccessibleName("Recent vaults")
        self.recent.setItemDelegate(WrappingDelegate(self.recent))
        self.recent.setMaximumHeight(260)
        hint = QLabel("Tip: drop a vault folder or a note file on this window.", self)
        hint.setObjectName("welcomeHint")

        column = QVBoxLayout()
        column.addStretch(2)
        column.addWidget(logo)
        column.addSpacing(8)
        column.addWidget(title)
        column.addWidget(blurb)
        column.addSpacing(12)
        column.addWidget(self.notice)
        column.addWidget(self.reopen_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addSpacing(16)
        column.addLayout(buttons)
        column.addSpacing(20)
        column.addWidget(recent_label)
        column.addWidget(self.recent)
        column.addWidget(hint)
        column.addStretch(3)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        inner = QWidget(self)
        inner.setLayout(column)
        inner.setMaximumWidth(620)
        outer.addWidget(inner, 4)
        outer.addStretch(1)

        self.open_button.clicked.connect(self.openVault)
        self.sample_button.clicked.connect(self.openSample)
        self.recent.itemActivated.connect(
            lambda item: self.openRecent.emit(item.data(Qt.ItemDataRole.UserRole))
        )

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(Path(path).name or path)
            item.setData(DetailRole, path)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(f"Open {path}")
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.recent_label.setVisible(bool(paths))
        if paths:
            self.recent.setCurrentRow(0)

    def show_notice(self, text: str, reopen: str = "") -> None:
        """Say `text` above the buttons ('' hides it); `reopen` offers that vault again."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self._reopen = reopen
        self.reopen_button.setVisible(bool(reopen))

    def focus_first(self) -> None:
        (self.recent if self.recent.count() else self.open_button).setFocus(
            Qt.FocusReason.OtherFocusReason
        )
