"""The context menu of a timestamp: open it, copy a link to that moment, copy the time.

Shared by the note pane (right-click on a ▶ pill) and the timestamps panel, so a citation
offers the same three things wherever it is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from ..core.player import PlayerConfig
from ..core.timestamps import format_hms, format_time
from ..session.timestamps import timestamp_link

OpenCallback = Callable[[str, int], object]


def _copy(text: str) -> None:
    QGuiApplication.clipboard().setText(text)


def timestamp_menu(
    parent: QWidget | None,
    config: PlayerConfig,
    video_id: str,
    seconds: int,
    open_callback: OpenCallback,
) -> QMenu:
    """A menu for the citation of `video_id` at `seconds`; show it with `menu.exec(pos)`.
    "Open" calls `open_callback(video_id, seconds)`, so the window keeps one way of opening
    (and of reporting a player that fails)."""
    menu = QMenu(parent)
    menu.setObjectName("timestampMenu")
    when = format_time(seconds)
    open_action = menu.addAction(f"Open at {when}")
    open_action.setObjectName("timestampOpen")
    open_action.triggered.connect(lambda _checked=False: open_callback(video_id, seconds))
    menu.addSeparator()
    link = timestamp_link(config, video_id, seconds)
    copy_link = menu.addAction("Copy Link at This Time")
    copy_link.setObjectName("timestampCopyLink")
    copy_link.setStatusTip(link)
    copy_link.setToolTip(link)
    copy_link.triggered.connect(lambda _checked=False: _copy(link))
    # The form the vault itself writes (01:18:18), so a copied time can be pasted into a note.
    hms = format_hms(seconds)
    copy_time = menu.addAction("Copy Time")
    copy_time.setObjectName("timestampCopyTime")
    copy_time.setStatusTip(hms)
    copy_time.triggered.connect(lambda _checked=False: _copy(hms))
    return menu
