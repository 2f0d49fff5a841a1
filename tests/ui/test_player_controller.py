"""The player controller: citations open without blocking the window, one mpv is kept and
sought, local copies play, Play All, and shutdown leaves no thread or process behind."""

from __future__ import annotations

import contextlib
import dataclasses
import sys

import pytest
from PySide6.QtCore import QTimer

from tests.player_fakes import (
    MPV_OPTIONS,
    fake_player,
    gated_player,
    make_video,
    mpv_property,
    player_children,
    recorded_argv,
    require_tool,
    short_folder,
    wait_near,
)
from viewer.core.mpv import MpvConnection
from viewer.core.player import BROWSER, MPV, PlayerConfig
from viewer.core.playlist import Clip, Queue
from viewer.core.subtitles import Excerpt, SpokenLine
from viewer.ui.player_controller import PlayerController, excerpt_html

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and shebangs")

VIDEO = "p0Wz_7HnYtE"
OTHER = "-a_B-c_D9-_"
TIMEOUT = 20_000


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """A folder of downloaded episodes, named the way yt-dlp names them."""
    folder = tmp_path_factory.mktemp("downloads")
    make_video(folder / f"The Future of Work [{VIDEO}].mkv", 60)
    make_video(folder / "channel" / f"{OTHER}.mkv", 60)
    (folder / f"The Future of Work [{VIDEO}].en.vtt").write_text(
        "WEBVTT\n\n00:00:19.000 --> 00:00:21.000\nJobs are bundles of tasks.\n\n"
        "00:00:21.000 --> 00:00:24.000\nThe routine pieces go first.\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def controllers(qtbot, tmp_path):
    """make(config) -> a controller; at the end each is shut down, and no mpv, thread or
    socket of theirs is left."""
    made: list[PlayerController] = []
    with short_folder() as sockets:

        def make(config: PlayerConfig) -> PlayerController:
            controller = PlayerController(
                config, socket_folder=sockets, media_cache=tmp_path / "media-cache"
            )
            made.append(controller)
            return controller

        yield make
        for controller in made:
            assert controller.shutdown(5000)
            assert controller._worker is None or not controller._worker.is_alive()
            assert controller.player_pid() is None
        assert player_children("mpv") == []
        assert list(sockets.iterdir()) == []


def mpv_config(**changes) -> PlayerConfig:
    base = PlayerConfig(MPV, mpv_program=require_tool("mpv"), mpv_options=" ".join(MPV_OPTIONS))
    return dataclasses.replace(base, **changes)


def says(qtbot, signal, text: str, action=None):
    """Wait for `signal` with a first argument containing `text` (after running `action`)."""
    with qtbot.waitSignal(signal, timeout=TIMEOUT, check_params_cb=lambda *a: text in a[0]) as b:
        if action is not None:
            action()
    return b.args


@contextlib.contextmanager
def probe(controller: PlayerController):
    """A second IPC connection to the controller's mpv (the worker keeps its own)."""
    connection = MpvConnection(controller._player.address)
    try:
        yield connection
    finally:
        connection.close()


def test_browser_mode_opens_the_url_on_the_gui_thread(qtbot, controllers, browser):
    controller = controllers(PlayerConfig(BROWSER))
    says(qtbot, controller.message, "Opening the video at 1:18:18",
         lambda: controller.open(VIDEO, 4698))  # fmt: skip
    assert browser.urls == [f"https://www.youtube.com/watch?v={VIDEO}&t=4698s"]
    assert controller._worker is None  # no thread, no process for the browser


def test_opening_never_waits_for_the_player_to_start(qtbot, controllers, tmp_path, library):
    gate = tmp_path / "gate"
    slow = gated_player(tmp_path, require_tool("mpv"), gate)
    controller = controllers(mpv_config(mpv_program=str(slow), video_folders=(str(library),)))
    qtbot.waitUntil(lambda: controller.local_copy(VIDEO) is not None, timeout=TIMEOUT)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    says(qtbot, controller.message, "Starting mpv…", lambda: controller.open(VIDEO, 20))
    # open() has returned and the event loop runs while the player cannot have started yet.
    assert not gate.exists()
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=TIMEOUT)
    with qtbot.waitSignal(controller.message, timeout=TIMEOUT) as blocker:
        gate.write_text("", encoding="utf-8")
    timer.stop()
    assert blocker.args == ["mpv: playing from 0:20 (local copy)"]


def test_one_mpv_seeks_loads_and_restarts(qtbot, controllers, library):
    controller = controllers(mpv_config(video_folders=(str(library),)))
    qtbot.waitUntil(lambda: controller.local_copy(OTHER) is not None, timeout=TIMEOUT)
    says(qtbot, controller.message, "mpv: playing from 0:20", lambda: controller.open(VIDEO, 20))
    first = controller.player_pid()
    local, other = str(controller.local_copy(VIDEO).path), str(controller.local_copy(OTHER).path)
    with probe(controller) as connection:
        wait_near(qtbot, connection, 20)
        assert mpv_property(connection, "path") == local
        # The same video again: the same mpv seeks.
        says(qtbot, controller.message, "mpv: jumped to 0:40", lambda: controller.open(VIDEO, 40))
        wait_near(qtbot, connection, 40)
        assert controller.player_pid() == first
        # Another video: loaded in the same mpv at its second.
        says(qtbot, controller.message, "mpv: playing from 0:30",
             lambda: controller.open(OTHER, 30))  # fmt: skip
        wait_near(qtbot, connection, 30)
        assert mpv_property(connection, "path") == other
        assert controller.player_pid() == first
        # Closed by hand: the next citation starts it again.
        connection.command("quit")
    qtbot.waitUntil(lambda: not controller._player.running(), timeout=TIMEOUT)
    says(qtbot, controller.message, "mpv: playing from 0:15", lambda: controller.open(VIDEO, 15))
    assert controller.player_pid() not in (None, first)
    with probe(controller) as again:
        wait_near(qtbot, again, 15)


def test_play_queue_plays_local_clips_as_one_edl(qtbot, controllers, library):
    controller = controllers(mpv_config(video_folders=(str(library),)))
    qtbot.waitUntil(lambda: controller.local_copy(OTHER) is not None, timeout=TIMEOUT)
    queue = Queue(
        "Work",
        "topic",
        (Clip(VIDEO, 10, 14, "a.md", 3, "A"), Clip(OTHER, 30, 36, "b.md", 9, "B")),
    )
    says(qtbot, controller.message, "mpv: playing 2 cited moments of “Work”",
         lambda: controller.play_queue(queue))  # fmt: skip
    with probe(controller) as connection:
        qtbot.waitUntil(
            lambda: str(mpv_property(connection, "path")).startswith("edl://"), timeout=TIMEOUT
        )


def test_subtitles_beside_a_local_copy(qtbot, controllers, library):
    controller = controllers(mpv_config(video_folders=(str(library),)))
    qtbot.waitUntil(lambda: controller.local_copy(VIDEO) is not None, timeout=TIMEOUT)
    excerpt = controller.subtitle_excerpt(VIDEO, 20)
    assert [line.text for line in excerpt.lines] == [
        "Jobs are bundles of tasks.",
        "The routine pieces go first.",
    ]
    assert excerpt.current == 0
    assert controller.subtitle_excerpt(OTHER, 20) is None


def test_a_missing_mpv_offers_the_browser(qtbot, controllers, tmp_path, browser):
    controller = controllers(mpv_config(mpv_program=str(tmp_path / "no-mpv")))
    with qtbot.waitSignal(controller.failed, timeout=TIMEOUT) as blocker:
        controller.open(VIDEO, 61)
    message, video_id, seconds = blocker.args
    assert message.startswith(f"mpv is not installed (no program '{tmp_path / 'no-mpv'}').")
    assert (video_id, seconds) == (VIDEO, 61)
    controller.open_in_browser(video_id, seconds)
    assert browser.urls == [f"https://www.youtube.com/watch?v={VIDEO}&t=61s"]
    assert player_children("mpv") == []


def test_a_fake_mpv_records_the_argv_and_its_quitting_is_reported(qtbot, controllers, tmp_path):
    script, record = fake_player(tmp_path, "mpv")
    controller = controllers(mpv_config(mpv_program=str(script), mpv_options="--volume=40"))
    with qtbot.waitSignal(controller.failed, timeout=TIMEOUT) as blocker:
        controller.open(VIDEO, 5)
    assert "quit as it started" in blocker.args[0] and blocker.args[1] == VIDEO
    argv = recorded_argv(record)
    assert argv[0] == str(script) and argv[-1] == "--volume=40"
    assert [a for a in argv if "youtube" in a or VIDEO in a] == []  # the video goes by IPC


@pytest.mark.parametrize("video_id", ["--script=x.lua", "short", "p0Wz_7HnYtE/../x"])
def test_ids_that_are_not_youtube_ids_never_reach_a_player(qtbot, controllers, video_id):
    controller = controllers(mpv_config())
    with qtbot.waitSignal(controller.failed, timeout=TIMEOUT) as blocker:
        controller.open(video_id, 5)
    assert "is not a YouTube video id" in blocker.args[0] and blocker.args[1] == ""
    assert controller._worker is None and player_children("mpv") == []


def test_shutdown_while_the_player_starts_ends_it(qtbot, controllers, tmp_path):
    gate = tmp_path / "never"
    slow = gated_player(tmp_path, require_tool("mpv"), gate)
    controller = controllers(mpv_config(mpv_program=str(slow)))
    says(qtbot, controller.message, "Starting mpv…", lambda: controller.open(VIDEO, 5))
    qtbot.waitUntil(lambda: controller.player_pid() is not None, timeout=TIMEOUT)
    pid = controller.player_pid()
    assert controller.shutdown(3000)
    assert not controller._worker.is_alive()
    import psutil

    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_changing_the_player_closes_the_old_one(qtbot, controllers, library):
    controller = controllers(mpv_config(video_folders=(str(library),)))
    qtbot.waitUntil(lambda: controller.local_copy(VIDEO) is not None, timeout=TIMEOUT)
    says(qtbot, controller.message, "mpv: playing", lambda: controller.open(VIDEO, 3))
    first = controller.player_pid()
    controller.set_config(mpv_config(mpv_options="--vo=null --ao=null --volume=10"))
    qtbot.waitUntil(lambda: controller.player_pid() is None, timeout=TIMEOUT)
    assert controller.local_copy(VIDEO) is None  # no folders now: no local copy
    says(qtbot, controller.message, "mpv: playing", lambda: controller.open(VIDEO, 3))
    assert controller.player_pid() not in (None, first)


def test_excerpt_html_bolds_the_cited_line_and_escapes_the_rest():
    excerpt = Excerpt(
        (
            SpokenLine(10.0, 12.0, "<script>x</script> & co"),
            SpokenLine(19.0, 21.0, "Jobs are bundles of tasks."),
            SpokenLine(21.0, 24.0, "The routine pieces go first."),
        ),
        1,
    )
    html = excerpt_html(excerpt, "▶ 0:20 · The Future of Work")
    assert html.startswith("<qt><p>▶ 0:20 · The Future of Work</p><table")
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt; &amp; co" in html
    assert "<td><b>Jobs are bundles of tasks.</b></td>" in html
    assert "<td>The routine pieces go first.</td>" in html
    assert html.count("<tr>") == 3 and ">0:19&nbsp;<" in html
