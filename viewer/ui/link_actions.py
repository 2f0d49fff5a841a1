"""What happens to links that leave the note pane: a cited second opens the video as the reader
chose (through the `PlayerController`, which owns a persistent player), a hovered link says
where it goes, a web address opens in the browser, a file of the vault opens with its
application. When something cannot open, a dialog says why and offers a way out. The window's
one place for these."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMenu, QWidget

from ..core.attachments import click_verdict
from ..core.locate import inside_vault
from ..core.player import PlayerConfig, open_target
from ..core.playlist import Queue, build_queue
from ..core.timestamps import video_url
from ..core.vault import Vault
from ..render import hrefs
from ..session.location import EPISODE_PAGE, NOTE_PAGE, TOPIC_PAGE, Location
from .navigator import href_of
from .open_failed import NotOpenedDialog, OpenFailedDialog
from .player import PlayerDialog, load_player, save_player
from .player_controller import PlayerController
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
        self.controller = PlayerController(load_player(settings), self)
        self.controller.message.connect(self.notice)
        self.controller.failed.connect(self._failed)
        self.menu: QMenu | None = None
        self.failure: OpenFailedDialog | None = None
        self.refused: NotOpenedDialog | None = None

    @property
    def player(self) -> PlayerConfig:
        return self.controller.config

    @player.setter
    def player(self, config: PlayerConfig) -> None:
        self.controller.set_config(config)

    def _player(self) -> PlayerConfig:
        return self.controller.config

    def choose_player(self) -> None:
        dialog = PlayerDialog(self.player, self._parent)
        if dialog.exec():
            self.player = dialog.config()
            save_player(self._settings, self.player)

    def shutdown(self, milliseconds: int) -> bool:
        """Stop the player this window started and its threads."""
        return self.controller.shutdown(milliseconds)

    def hover(self, url: str) -> None:
        """The note pane's pointer is on `url` ('' when it left a link)."""
        self.hovered.emit(self.describe(url) if url else "")

    def open_timestamp(self, video_id: str, seconds: int) -> None:
        """Open the video at `seconds` the way the reader chose; returns at once (a player
        starts in the controller's thread), the outcome comes as a notice or a dialog."""
        self.controller.open(video_id, seconds)

    def play_all(self, location: Location | None) -> None:
        """Every cited moment of the page shown (a note, a topic, an episode) as one clip list
        in the persistent player; the queue is built off the GUI thread."""
        session = self._session()
        target = _play_target(location)
        if session is None or target is None:
            self.notice.emit("Play All Citations works on a note, a topic or an episode page.")
            return
        config, media = self.player, self.controller.media

        def build(vault: Vault) -> Queue | None:
            return build_queue(vault, target, config.clip_seconds, media)

        def play(queue: Queue | None) -> None:
            if queue is None:
                self.notice.emit(f"Nothing cited in “{target}”")
            else:
                self.controller.play_queue(queue)

        session.read("playlist", build, play, self.notice.emit)

    def _failed(self, text: str, video_id: str, seconds: int) -> None:
        """A citation could not open: say why where it stays until read. When the player
        failed (missing, would not start), the browser is offered."""
        address = video_url(video_id, seconds) if video_id else _address_in(text)
        if self.failure is not None:
            self.failure.close()
        self.failure = dialog = OpenFailedDialog(
            self._parent, text, address, offer_browser=bool(video_id)
        )
        dialog.openInBrowser.connect(lambda: self.controller.open_in_browser(video_id, seconds))
        dialog.choosePlayer.connect(self.choose_player)
        dialog.show()
        self.notice.emit(text)

    def describe(self, url: str) -> str:
        """Where a hovered link leads, for the status bar ('' when nothing is known yet)."""
        session = self._session()
        pages = session.pages if session is not None else None
        if session is None or pages is None:
            return ""
        player, controller = self._player(), self.controller
        with session.reading():
            return pages.describe_href(
                url,
                lambda video, at: open_target(player, video, at, controller.local_path(video)),
            )

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
        """A file of the vault: documents and media open with their application; anything
        that could run (see `core.attachments`) gets a dialog instead."""
        session = self._session()
        found = inside_vault(session.root, target) if session is not None else None
        if found is None:
            self.notice.emit(f"Not opened (outside the vault or missing): {target}")
            return
        verdict = click_verdict(found)
        if verdict.openable:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(found)))
            return
        self.refused = NotOpenedDialog(self._parent, str(found), verdict.reason)
        self.refused.show()


def _address_in(text: str) -> str:
    """The web address a failure message names ('' when none)."""
    return next((word for word in text.split() if word.startswith(("http://", "https://"))), "")


def _play_target(location: Location | None) -> str | None:
    """What Play All plays for a page: its note, topic or episode (a video id)."""
    if location is None or location.kind not in (NOTE_PAGE, TOPIC_PAGE, EPISODE_PAGE):
        return None
    return location.key
