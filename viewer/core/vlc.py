"""VLC as the second choice: one window driven through its documented remote control.

VLC 3 listens for text commands when started with its remote-control interface as an extra
interface (`--extraintf=oldrc --rc-unix=SOCKET --rc-fake-tty` on Linux and macOS, `rc` on a
local TCP port on Windows). A citation of the video it shows is `seek N`; another video is
`clear` then `add MRL :start-time=N`. Each command ends with a line `<command>: returned ...`,
which is how a reply is told from the status lines VLC prints by itself.

Readers who keep that interface off get the start-time form instead: each citation replaces
the VLC this viewer started with a new one at `--start-time=N`.

`add` takes `:options` after the address and trusts them, so the address is always a URI
(spaces and line breaks percent-encoded) and the options are integers this module writes.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Sequence
from pathlib import Path

from .player_process import (
    REPLY_TIMEOUT,
    START_TIMEOUT,
    WINDOWS,
    ConnectedPlayer,
    LineConnection,
    runtime_folder,
)
from .playlist import Clip, Queue, to_m3u

STARTED, SEEKED, LOADED = "started", "seeked", "loaded"
_INPUT, _STATE = "( new input: ", "( state "


def mrl(source: str) -> str:
    """The address VLC opens: a URL as it is, a file path as a file:// URI."""
    return source if "://" in source else Path(source).resolve().as_uri()


class VlcConnection:
    """Commands over VLC's remote-control socket, each read up to its `returned` line."""

    def __init__(self, address: str, timeout: float = REPLY_TIMEOUT) -> None:
        self._line = LineConnection(address, timeout)
        self._timeout = timeout

    def command(self, name: str, argument: str = "") -> list[str]:
        """Send `name argument`; the lines VLC printed for it (status changes left out)."""
        if any(ord(char) < 32 for char in argument):
            raise ValueError("a remote-control argument must be one line")
        self.send(f"{name} {argument}".rstrip())
        deadline = time.monotonic() + self._timeout
        lines: list[str] = []
        while True:
            line = self._line.read_line(deadline)
            if line.startswith(f"{name}: returned"):
                return lines
            if line and not line.startswith("status change:"):
                lines.append(line)

    def send(self, line: str) -> None:
        self._line.send_line(line)

    def close(self) -> None:
        self._line.close()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class VlcPlayer(ConnectedPlayer[VlcConnection]):
    """The VLC this viewer started: remote-controlled (`remote=True`) or restarted at the
    cited second for each citation. One owner thread calls everything but `terminate`."""

    name = "VLC"

    def __init__(
        self,
        program: str,
        options: Sequence[str] = (),
        *,
        remote: bool = True,
        folder: Path | None = None,
        start_timeout: float = START_TIMEOUT,
        reply_timeout: float = REPLY_TIMEOUT,
    ) -> None:
        super().__init__(
            program,
            options,
            folder=folder,
            start_timeout=start_timeout,
            reply_timeout=reply_timeout,
        )
        self.remote = remote
        self._playlist_file: Path | None = None

    def argv(self, address: str) -> list[str]:
        if WINDOWS:
            interface = ["--extraintf=rc", f"--rc-host={address}", "--rc-quiet"]
        else:
            interface = ["--extraintf=oldrc", f"--rc-unix={address}", "--rc-fake-tty"]
        return [self.program, "--no-one-instance", *interface, *self.options]

    def new_address(self) -> str:
        return f"127.0.0.1:{_free_port()}" if WINDOWS else super().new_address()

    def connect(self, address: str) -> VlcConnection:
        return VlcConnection(address, self._reply_timeout)

    def send_quit(self, connection: VlcConnection) -> None:
        connection.send("quit")

    def _restart_with(self, arguments: Sequence[str]) -> str:
        """The start-time form: the previous VLC of this viewer gives way to a new one."""
        self.terminate()
        self._spawn([self.program, "--no-one-instance", *self.options, *arguments])
        return STARTED

    # -- commands ------------------------------------------------------------------------------

    def open(self, source: str, seconds: int) -> str:
        """Play `source` from `seconds`: seek when VLC shows it, else load it there."""
        seconds = max(0, int(seconds))
        address = mrl(source)
        if not self.remote:
            return self._restart_with([f"--start-time={seconds}", address])

        def act(connection: VlcConnection, started: bool) -> str:
            if not started:
                shown, state = _status(connection)
                if shown == address and state in ("playing", "paused"):
                    connection.command("seek", str(seconds))
                    if state == "paused":
                        connection.command("pause")  # a toggle: it plays again
                    return SEEKED
            connection.command("clear")
            connection.command("add", f"{address} :start-time={seconds}")
            return STARTED if started else LOADED

        return self.with_player(act)

    def play_clips(self, clips: Sequence[Clip]) -> str:
        """Play `clips` as VLC's playlist, each entry with its own start and stop time."""
        if not clips:
            raise ValueError("no clips to play")
        if not self.remote:
            folder = self._folder or runtime_folder()
            self._playlist_file = folder / f"vlc-clips-{os.getpid()}-{id(self)}.m3u"
            self._playlist_file.write_text(to_m3u(Queue("", "", tuple(clips))), encoding="utf-8")
            return self._restart_with([str(self._playlist_file)])

        def act(connection: VlcConnection, started: bool) -> str:
            connection.command("clear")
            for index, clip in enumerate(clips):
                options = f":start-time={clip.start} :stop-time={clip.end}"
                verb = "add" if index == 0 else "enqueue"
                connection.command(verb, f"{mrl(clip.source())} {options}")
            return STARTED if started else LOADED

        return self.with_player(act)

    def shutdown(self, timeout: float = 2.0) -> None:
        super().shutdown(timeout)
        if self._playlist_file is not None:
            with contextlib.suppress(OSError):
                self._playlist_file.unlink()
            self._playlist_file = None


def _status(connection: VlcConnection) -> tuple[str | None, str | None]:
    """(address of what VLC shows, its state) from `status`."""
    shown = state = None
    for line in connection.command("status"):
        if line.startswith(_INPUT) and line.endswith(" )"):
            shown = line[len(_INPUT) : -2]
        elif line.startswith(_STATE) and line.endswith(" )"):
            state = line[len(_STATE) : -2]
    return shown, state
