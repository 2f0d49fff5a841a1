"""The timestamp context menu: Open, Copy Link at This Time, Copy Time (via the clipboard)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QWidget

from viewer.core.player import BROWSER, COMMAND, PRESETS, PlayerConfig
from viewer.ui.timestamp_menu import timestamp_link, timestamp_menu

VIDEO = "p0Wz_7HnYtE"


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def actions(menu) -> dict[str, QAction]:
    return {a.objectName(): a for a in menu.actions() if a.objectName()}


def test_menu_texts_and_open(parent):
    opened: list[tuple[str, int]] = []
    menu = timestamp_menu(parent, PlayerConfig(), VIDEO, 4698, lambda v, s: opened.append((v, s)))
    found = actions(menu)
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "Open at 1:18:18",
        "Copy Link at This Time",
        "Copy Time",
    ]
    found["timestampOpen"].trigger()
    assert opened == [(VIDEO, 4698)]


def test_copy_link_uses_the_configured_site(parent):
    clipboard = QGuiApplication.clipboard()
    config = PlayerConfig(BROWSER, PRESETS["YouTube (no cookies)"])
    actions(timestamp_menu(parent, config, VIDEO, 4698, print))["timestampCopyLink"].trigger()
    assert clipboard.text() == (
        "https://www.youtube-nocookie.com/embed/p0Wz_7HnYtE?start=4698&autoplay=1"
    )
    actions(timestamp_menu(parent, PlayerConfig(), VIDEO, 61, print))["timestampCopyLink"].trigger()
    assert clipboard.text() == "https://www.youtube.com/watch?v=p0Wz_7HnYtE&t=61s"


def test_copy_link_in_command_mode_or_with_a_broken_template_is_youtube(parent):
    clipboard = QGuiApplication.clipboard()
    command = PlayerConfig(COMMAND, PRESETS["youtu.be"], "mpv {id}")
    actions(timestamp_menu(parent, command, VIDEO, 4698, print))["timestampCopyLink"].trigger()
    assert clipboard.text() == "https://www.youtube.com/watch?v=p0Wz_7HnYtE&t=4698s"
    broken = PlayerConfig(BROWSER, "https://h.example/{nope}")
    assert timestamp_link(broken, VIDEO, 5) == "https://www.youtube.com/watch?v=p0Wz_7HnYtE&t=5s"


@pytest.mark.parametrize(
    ("seconds", "text"), [(4698, "01:18:18"), (2510, "00:41:50"), (0, "00:00:00")]
)
def test_copy_time_is_written_as_the_vault_writes_it(parent, seconds, text):
    menu = timestamp_menu(parent, PlayerConfig(), VIDEO, seconds, print)
    actions(menu)["timestampCopyTime"].trigger()
    assert QGuiApplication.clipboard().text() == text
