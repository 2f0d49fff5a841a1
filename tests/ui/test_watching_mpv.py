"""Watching from the window with a real mpv: a click on a citation pill plays the local copy
at that second in one mpv, a second click seeks the same mpv, a citation of another video
loads it there, a player closed by hand comes back on the next click, and Play All
(Ctrl+Shift+L) plays the note's moments as one EDL timeline. Checked through mpv's own IPC
(`time-pos` within ±1 s, `path`)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.player_fakes import (
    MPV_OPTIONS,
    make_video,
    mpv_property,
    player_children,
    require_tool,
    wait_near,
)
from tests.ui.conftest import wait_page
from tests.ui.pane_links import link_position
from viewer.core.mpv import MpvConnection
from viewer.core.player import MPV, PlayerConfig

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")

FIRST, SECOND = "p0Wz_7HnYtE", "-a_B-c_D9-_"  # ids with - and _ in the file names too
TIMEOUT = 20_000
LEFT = Qt.MouseButton.LeftButton

NOTE = f"""---
title: Work
videoId: {FIRST}
---
# Work

Jobs are bundles of tasks <a class="yt-timestamp" data-t="00:00:20">[00:00:20]</a>.

The routine pieces go first <a class="yt-timestamp" data-t="00:00:40">[00:00:40]</a>.
"""
OTHER_NOTE = f"""---
title: Other
videoId: {SECOND}
---
# Other

A second episode <a class="yt-timestamp" data-t="00:00:30">[00:00:30]</a>.
"""


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    folder = tmp_path_factory.mktemp("downloads")
    make_video(folder / f"Work [{FIRST}].mkv", 60)
    make_video(folder / "channel" / f"{SECOND}.mkv", 60)
    return folder


@pytest.fixture
def window(qtbot, open_window, make_vault, downloads):
    root = make_vault({"work.md": NOTE, "other.md": OTHER_NOTE})
    window = open_window(root, "work.md")
    controller = window.links.controller
    window.links.player = PlayerConfig(
        MPV,
        mpv_program=require_tool("mpv"),
        mpv_options=" ".join(MPV_OPTIONS),
        video_folders=(str(downloads),),
    )
    qtbot.waitUntil(lambda: controller.local_copy(SECOND) is not None, timeout=TIMEOUT)
    yield window
    window.shutdown()
    assert player_children("mpv") == []


def click_pill(qtbot, window, seconds: int, video: str = FIRST, says: str = "") -> None:
    """Click the pill of `video` at `seconds` in the note shown; wait for the player's word."""
    pane = window.note_pane
    point = link_position(pane, f"time:{video}/{seconds}")
    with qtbot.waitSignal(
        window.links.controller.message,
        timeout=TIMEOUT,
        check_params_cb=lambda text: text.startswith(says or "mpv:"),
    ):
        QTest.mouseClick(pane.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, point)


def test_clicks_play_the_local_copy_in_one_mpv_that_seeks_and_loads(qtbot, window, downloads):
    controller = window.links.controller
    click_pill(qtbot, window, 20, says="mpv: playing from 0:20 (local copy)")
    first = controller.player_pid()
    connection = MpvConnection(controller._player.address)
    try:
        wait_near(qtbot, connection, 20)
        assert mpv_property(connection, "path") == str(downloads / f"Work [{FIRST}].mkv")
        click_pill(qtbot, window, 40, says="mpv: jumped to 0:40 (local copy)")
        wait_near(qtbot, connection, 40)
        assert controller.player_pid() == first
        wait_page(qtbot, window, lambda: window.open_note("other.md"))
        click_pill(qtbot, window, 30, SECOND, says="mpv: playing from 0:30 (local copy)")
        wait_near(qtbot, connection, 30)
        assert mpv_property(connection, "path") == str(downloads / "channel" / f"{SECOND}.mkv")
        assert controller.player_pid() == first
        connection.command("quit")  # what closing mpv's window does
    finally:
        connection.close()
    qtbot.waitUntil(lambda: not controller._player.running(), timeout=TIMEOUT)
    click_pill(qtbot, window, 30, SECOND, says="mpv: playing from 0:30")
    assert controller.player_pid() not in (None, first)
    again = MpvConnection(controller._player.address)
    try:
        wait_near(qtbot, again, 30)
    finally:
        again.close()


def test_play_all_by_keyboard_plays_the_notes_moments_as_one_edl(qtbot, window):
    controller = window.links.controller
    window.note_pane.setFocus()
    qtbot.waitUntil(window.note_pane.hasFocus)
    shortcut = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    with qtbot.waitSignal(
        controller.message,
        timeout=TIMEOUT,
        check_params_cb=lambda text: text == "mpv: playing 2 cited moments of “work.md”",
    ):
        qtbot.keyClick(window.note_pane, Qt.Key.Key_L, shortcut)
    connection = MpvConnection(controller._player.address)
    try:
        qtbot.waitUntil(
            lambda: str(mpv_property(connection, "path") or "").startswith("edl://"),
            timeout=TIMEOUT,
        )
        # 0:20 runs until the next moment starts (0:40), then 0:40 for the default 30 s.
        qtbot.waitUntil(
            lambda: abs((mpv_property(connection, "duration") or 0) - 50) <= 0.5, timeout=TIMEOUT
        )
    finally:
        connection.close()
