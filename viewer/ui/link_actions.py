"""What happens to links that leave the note pane: a cited second opens the video as the reader
chose, a hovered link says where it goes, a web address opens in the browser, a file of the
vault opens with its application. The window's one place for these."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMenu, QWidget

from ..core.locate import inside_vault
from ..core.player import PlayerConfig
from ..core.timestamps import format_time
from ..render import hrefs
from ..session.timestamps import time_target
from .navigator import href_of
from .player import PlayerDialog, load_player, open_timestamp, save_player
from .settings import Settings
from .timestamp_menu import timestamp_menu
from .vault_session import VaultSession


class LinkActions(QObject):
    """Emits `notice(text)` for the status bar, `hovered(text)` for a link under the pointer
    (empty when it left). Holds the reader's player choice (View › Timestamp Player…)."""

    notice = Signal(str)
    hovered = Signal(str)

    def __init__(
        self, parent: QWidget, settings: Settings, session: Callable[[], VaultSession | None]
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._settings = settings
        self._session = session
        self.player: PlayerConfig = load_player(settings)
        self.menu: QMenu | None = None

    def _player(self) -> PlayerConfig:
        return self.player

    def choose_player(self) -> None:
        dialog = PlayerDialog(self.player, self._parent)
        if dialog.exec():
            self.player = dialog.config()
            save_player(self._settings, self.player)

    def hover(self, url: str) -> None:
        """The note pane's pointer is on `url` ('' when it left a link)."""
        self.hovered.emit(self.describe(url) if url else "")

    def open_timestamp(self, video_id: str, seconds: int) -> None:
        """Open the video at `seconds` the way the reader chose (browser URL or program)."""
        error = open_timestamp(self._player(), video_id, seconds)
        self.notice.emit(error or f"Opening the video at {format_time(seconds)}")

    def describe(self, url: str) -> str:
        """Where a hovered link leads, for the status bar ('' when nothing is known yet)."""
        session = self._session()
        pages = session.pages if session is not None else None
        if session is None or pages is None:
            return ""
        player = self._player()
        with session.reading():
            return pages.describe_href(url, lambda video, at: time_target(player, video, at))

    def menu_for_link(self, url: QUrl, position: QPoint) -> None:
        href = href_of(url)
        if href is not None and href.kind == hrefs.TIME:
            self.timestamp_menu(href.target, href.seconds or 0, position)

    def timestamp_menu(self, video_id: str, seconds: int, position: QPoint) -> None:
        # popup(), not exec(): no nested event loop, and the menu stays inspectable.
        self.menu = timestamp_menu(
            self._parent, self._player(), video_id, seconds, self.open_timestamp
        )
        self.menu.popup(position)

    def open_external(self, url: str) -> None:
        QDesktopServices.openUrl(QUrl(url))

    def open_file(self, target: str) -> None:
        session = self._session()
        found = inside_vault(session.root, target) if session is not None else None
        if found is None:
            self.notice.emit(f"Not opened (outside the vault or missing): {target}")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(found)))
