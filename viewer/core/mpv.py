"""One mpv window for every citation: started once, then told where to go over its JSON IPC.

Readers click dozens of citations per episode; a new player per click is a new window, a new
buffering wait and a lost volume setting. mpv is started once with `--input-ipc-server` (a
socket in the runtime folder, a named pipe on Windows) and `--idle`, and each later citation
is a command on that socket: the same video seeks, another video is loaded at the cited second
(`loadfile` with a `start` option). A player the reader closed is started again on the next
citation. Commands go as JSON with named arguments, which mean the same in every mpv since
0.32 (positional `loadfile` arguments changed in 0.38); nothing in them is read by a shell,
and the only values from a note are a validated video id inside a URL and integer seconds.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Sequence
from typing import Any

from .player_process import REPLY_TIMEOUT, ConnectedPlayer, LineConnection, PlayerUnavailable
from .playlist import Clip, edl_url

STARTED, SEEKED, LOADED = "started", "seeked", "loaded"
# Always given: one window that stays (idle, even on its last frame), no terminal input.
BASE_OPTIONS = ("--idle=yes", "--force-window=yes", "--keep-open=yes", "--no-terminal")


class MpvCommandError(PlayerUnavailable):
    """mpv answered a command with an error (e.g. "property unavailable" while idle)."""


class MpvConnection:
    """Requests over mpv's JSON IPC, matched to their replies by request id; events that
    arrive in between are skipped."""

    def __init__(self, address: str, timeout: float = REPLY_TIMEOUT) -> None:
        self._line = LineConnection(address, timeout)
        self._timeout = timeout
        self._ids = itertools.count(1)

    def request(self, command: list[Any] | dict[str, Any]) -> Any:
        request_id = next(self._ids)
        self._line.send_line(json.dumps({"command": command, "request_id": request_id}))
        deadline = time.monotonic() + self._timeout
        while True:
            try:
                reply = json.loads(self._line.read_line(deadline))
            except ValueError:
                continue  # not JSON: not ours
            if not isinstance(reply, dict) or reply.get("request_id") != request_id:
                continue  # an event, or a reply to a request given up on
            error = reply.get("error", "success")
            if error != "success":
                raise MpvCommandError(f"mpv answered “{error}”")
            return reply.get("data")

    def command(self, *arguments: Any) -> Any:
        return self.request(list(arguments))

    def named(self, name: str, **arguments: Any) -> Any:
        return self.request({"name": name, **arguments})

    def close(self) -> None:
        self._line.close()


class MpvPlayer(ConnectedPlayer[MpvConnection]):
    """The mpv this viewer started, and the connection to it. Not thread-safe: one owner
    thread calls `open`, `play_clips`, `get_property` and `shutdown`."""

    name = "mpv"

    def argv(self, address: str) -> list[str]:
        return [self.program, *BASE_OPTIONS, f"--input-ipc-server={address}", *self.options]

    def connect(self, address: str) -> MpvConnection:
        return MpvConnection(address, self._reply_timeout)

    def send_quit(self, connection: MpvConnection) -> None:
        connection.command("quit")

    def open(self, source: str, seconds: int) -> str:
        """Play `source` (a file path or URL) from `seconds`: seek when mpv already shows it,
        else load it there. Returns STARTED, SEEKED or LOADED; PlayerUnavailable when mpv
        cannot be started or does not answer."""
        seconds = max(0, int(seconds))

        def act(connection: MpvConnection, started: bool) -> str:
            if not started and _current_path(connection) == source:
                try:
                    connection.command("seek", seconds, "absolute")
                    connection.command("set_property", "pause", False)
                    return SEEKED
                except MpvCommandError:
                    pass  # still opening, or not seekable: load it again
            connection.named("loadfile", url=source, flags="replace", options=f"start={seconds}")
            connection.command("set_property", "pause", False)
            return STARTED if started else LOADED

        return self.with_player(act)

    def play_clips(self, clips: Sequence[Clip], *, one_file: bool | None = None) -> str:
        """Play `clips` back to back. With local copies only (or `one_file`), as one EDL file:
        one continuous timeline; else as a playlist whose entries carry their own start and end
        (mpv opens online videos through youtube-dl only as playlist entries, not in an EDL)."""
        if not clips:
            raise ValueError("no clips to play")
        if one_file is None:
            one_file = all(clip.local_file for clip in clips)

        def act(connection: MpvConnection, started: bool) -> str:
            if one_file:
                connection.named("loadfile", url=edl_url(clips), flags="replace")
            else:
                for index, clip in enumerate(clips):
                    connection.named(
                        "loadfile",
                        url=clip.source(),
                        flags="replace" if index == 0 else "append",
                        options=f"start={clip.start},end={clip.end}",
                    )
            connection.command("set_property", "pause", False)
            return STARTED if started else LOADED

        return self.with_player(act)

    def get_property(self, name: str) -> Any:
        """A property of the running mpv (None when it is not running or has no value)."""
        if not self.running() or self._connection is None:
            return None
        try:
            return self._connection.command("get_property", name)
        except MpvCommandError:
            return None


def _current_path(connection: MpvConnection) -> str | None:
    """What mpv is showing (None while idle)."""
    try:
        if connection.command("get_property", "idle-active"):
            return None
        path = connection.command("get_property", "path")
    except MpvCommandError:
        return None
    return path if isinstance(path, str) else None
