"""The persistent mpv: started once, then seeks and loads over its JSON IPC (a real mpv)."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from tests.player_fakes import (
    MPV_OPTIONS,
    fake_player,
    make_video,
    player_children,
    recorded_argv,
    require_tool,
    short_folder,
    wait_for,
)
from viewer.core.mpv import LOADED, SEEKED, STARTED, MpvConnection, MpvPlayer
from viewer.core.player_process import PlayerUnavailable, new_address, runtime_folder
from viewer.core.playlist import Clip

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and shebangs")


@pytest.fixture(scope="module")
def videos(tmp_path_factory):
    folder = tmp_path_factory.mktemp("videos")
    return (
        make_video(folder / "First [aaaaaaaaaaa].mkv", 60),
        make_video(folder / "Second [b-b_b-b_b-b].mkv", 60),
    )


@pytest.fixture
def socket_folder():
    with short_folder() as folder:
        yield folder


@pytest.fixture
def mpv(socket_folder):
    """A real, headless mpv player; afterwards no mpv is left running and its socket is gone."""
    program = require_tool("mpv")
    player = MpvPlayer(program, MPV_OPTIONS, folder=socket_folder)
    yield player
    pids = [player.pid] if player.pid else []
    player.shutdown()
    assert not player.running()
    assert player_children("mpv") == []
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert list(socket_folder.iterdir()) == []


def position(player: MpvPlayer) -> float | None:
    value = player.get_property("time-pos")
    return value if isinstance(value, (int, float)) else None


def near(player: MpvPlayer, seconds: float):
    """Wait until mpv plays within ±1 s of `seconds` (it plays on, so check promptly)."""
    return wait_for(lambda: (p := position(player)) is not None and abs(p - seconds) <= 1.0)


def test_first_citation_starts_mpv_and_a_second_one_seeks_it(mpv, videos):
    first, _second = videos
    assert mpv.open(str(first), 20) == STARTED
    pid = mpv.pid
    assert pid is not None and mpv.starts == 1
    assert near(mpv, 20)
    assert mpv.get_property("path") == str(first)
    assert mpv.open(str(first), 40) == SEEKED
    assert near(mpv, 40)
    assert mpv.pid == pid and mpv.starts == 1  # the same player, not a new one
    assert mpv.get_property("pause") is False


def test_a_citation_of_another_video_loads_it_at_its_second(mpv, videos):
    first, second = videos
    assert mpv.open(str(first), 5) == STARTED
    assert near(mpv, 5)
    assert mpv.open(str(second), 30) == LOADED
    wait_for(lambda: mpv.get_property("path") == str(second))
    assert near(mpv, 30)
    assert mpv.starts == 1


@pytest.mark.parametrize("how", ["quit", "signal"])
def test_a_player_closed_by_hand_is_started_again(mpv, videos, how):
    first, _second = videos
    assert mpv.open(str(first), 10) == STARTED
    pid = mpv.pid
    if how == "quit":  # what closing the window does: mpv quits
        other = MpvConnection(mpv.address)
        other.command("quit")
        other.close()
    else:
        os.kill(pid, signal.SIGTERM)
    wait_for(lambda: not mpv.running())
    assert mpv.open(str(first), 15) == STARTED
    assert mpv.pid not in (None, pid) and mpv.starts == 2
    assert near(mpv, 15)


def test_clips_of_local_copies_play_as_one_edl_timeline(mpv, videos):
    first, second = videos
    clips = [
        Clip("aaaaaaaaaaa", 10, 14, "n.md", 3, "N", str(first)),
        Clip("b-b_b-b_b-b", 30, 36, "n.md", 5, "N", str(second)),
    ]
    assert mpv.play_clips(clips) == STARTED
    wait_for(lambda: str(mpv.get_property("path") or "").startswith("edl://"))
    duration = wait_for(lambda: mpv.get_property("duration"))
    assert abs(duration - 10) <= 0.5  # 4 s + 6 s, one continuous file


def test_clips_can_play_as_a_playlist_with_start_and_end(mpv, videos):
    first, second = videos
    clips = [
        Clip("aaaaaaaaaaa", 10, 14, "n.md", 3, "N", str(first)),
        Clip("b-b_b-b_b-b", 30, 36, "n.md", 5, "N", str(second)),
    ]
    assert mpv.play_clips(clips, one_file=False) == STARTED
    assert wait_for(lambda: mpv.get_property("playlist-count") == 2)
    assert near(mpv, 10)
    assert mpv.get_property("playlist/1/filename") == str(second)


def test_a_missing_mpv_is_a_clear_message(socket_folder):
    player = MpvPlayer(str(socket_folder / "no-such-mpv"), folder=socket_folder)
    with pytest.raises(PlayerUnavailable) as error:
        player.open("/x.mkv", 1)
    assert "Could not start" in str(error.value)
    assert "Install it or choose another player in View › Timestamp Player…" in str(error.value)
    assert not player.running()


def test_an_mpv_that_quits_at_once_is_reported(socket_folder, tmp_path):
    # A stand-in that records how it was started and exits, as mpv does on a bad option.
    script, record = fake_player(tmp_path, "mpv")
    player = MpvPlayer(str(script), ["--volume=50"], folder=socket_folder)
    with pytest.raises(PlayerUnavailable, match="quit as it started"):
        player.open("/x.mkv", 1)
    argv = recorded_argv(record)
    assert argv[0] == str(script)
    assert argv[1:5] == ["--idle=yes", "--force-window=yes", "--keep-open=yes", "--no-terminal"]
    assert argv[5].startswith(f"--input-ipc-server={socket_folder}")
    assert argv[6:] == ["--volume=50"]
    assert not player.running()
    assert list(socket_folder.iterdir()) == []


def test_socket_addresses_are_private_and_short(tmp_path, monkeypatch, socket_folder):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(socket_folder))
    folder = runtime_folder()
    assert folder == socket_folder / "vault-viewer"
    assert folder.stat().st_mode & 0o777 == 0o700
    first, second = new_address("mpv"), new_address("mpv")
    assert first != second and first.startswith(str(folder))
    folder.rmdir()
    long = tmp_path / ("x" * 120)
    long.mkdir()
    fallback = Path(new_address("mpv", long))  # too long for a socket: a private folder
    assert len(os.fsencode(fallback)) <= 100
    assert fallback.parent.stat().st_mode & 0o777 == 0o700
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert runtime_folder() == fallback.parent
