"""VLC as the second choice: its remote control (a stand-in speaking VLC 3's protocol), and
the start-time form when that interface is off."""

from __future__ import annotations

import sys

import pytest

from tests.player_fakes import (
    fake_vlc,
    logged_commands,
    player_children,
    recorded_argv,
    short_folder,
    wait_for,
)
from viewer.core.playlist import Clip
from viewer.core.vlc import LOADED, SEEKED, STARTED, VlcPlayer, mrl

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and shebangs")

VIDEO = "https://www.youtube.com/watch?v=p0Wz_7HnYtE"


@pytest.fixture
def vlc():
    made: list[VlcPlayer] = []
    with short_folder() as folder:
        script, argv, log = fake_vlc(folder)

        def make(remote: bool = True) -> VlcPlayer:
            player = VlcPlayer(str(script), ["--fullscreen"], remote=remote, folder=folder)
            made.append(player)
            return player

        yield make, argv, log
        for player in made:
            player.shutdown()
            assert not player.running()
    assert player_children("vlc") == []


def test_remote_control_loads_then_seeks_then_loads_another(vlc, tmp_path):
    make, argv, log = vlc
    player = make()
    assert player.open(VIDEO, 4698) == STARTED
    args = recorded_argv(argv)
    assert args[1:4] == ["--no-one-instance", "--extraintf=oldrc", f"--rc-unix={player.address}"]
    assert args[4:] == ["--rc-fake-tty", "--fullscreen"]
    assert player.open(VIDEO, 61) == SEEKED
    local = tmp_path / "a file, with spaces [p0Wz_7HnYtE].mkv"
    assert player.open(str(local), 7) == LOADED
    assert player.starts == 1
    assert logged_commands(log) == [
        "clear",
        f"add {VIDEO} :start-time=4698",
        "status",
        "seek 61",
        "status",
        "clear",
        f"add {local.as_uri()} :start-time=7",
    ]
    assert " " not in local.as_uri()  # a space would start a VLC option


def test_a_paused_video_plays_again_after_the_seek(vlc):
    make, _argv, log = vlc
    player = make()
    player.open(VIDEO, 10)
    player._connection.command("pause")
    assert player.open(VIDEO, 20) == SEEKED
    assert logged_commands(log)[-3:] == ["status", "seek 20", "pause"]


def test_a_closed_vlc_is_started_again(vlc):
    make, _argv, log = vlc
    player = make()
    player.open(VIDEO, 10)
    first = player.pid
    player._connection.send("quit")  # as if the reader closed VLC
    wait_for(lambda: not player.running())
    assert player.open(VIDEO, 20) == STARTED
    assert player.pid not in (None, first) and player.starts == 2
    assert logged_commands(log)[-2:] == ["clear", f"add {VIDEO} :start-time=20"]


def test_clips_become_a_playlist_with_start_and_stop(vlc):
    make, _argv, log = vlc
    player = make()
    clips = [
        Clip("p0Wz_7HnYtE", 400, 430, "a.md", 3, "A"),
        Clip("Yt9eD4wQuXc", 2900, 2930, "b.md", 9, "B"),
    ]
    assert player.play_clips(clips) == STARTED
    assert logged_commands(log) == [
        "clear",
        f"add {VIDEO} :start-time=400 :stop-time=430",
        "enqueue https://www.youtube.com/watch?v=Yt9eD4wQuXc :start-time=2900 :stop-time=2930",
    ]


def test_without_remote_control_each_citation_restarts_vlc_at_its_second(vlc):
    make, argv, log = vlc
    player = make(remote=False)
    assert player.open(VIDEO, 42) == STARTED
    wait_for(argv.exists)
    assert recorded_argv(argv)[1:] == [
        "--no-one-instance",
        "--fullscreen",
        "--start-time=42",
        VIDEO,
    ]
    first = player.pid
    argv.unlink()
    player.open(VIDEO, 50)
    wait_for(argv.exists)
    assert recorded_argv(argv)[-2:] == ["--start-time=50", VIDEO]
    assert player.pid != first and player.running()
    assert player_children("vlc") and len(player_children("vlc")) == 1  # the first one gave way
    assert logged_commands(log) == []


def test_mrl_of_paths_and_urls(tmp_path):
    assert mrl(VIDEO) == VIDEO
    assert mrl(str(tmp_path / "x\ny.mkv")) == (tmp_path / "x\ny.mkv").as_uri()
    assert "\n" not in mrl(str(tmp_path / "x\ny.mkv"))
