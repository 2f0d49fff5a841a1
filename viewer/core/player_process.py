"""A media player kept running for the viewer, and the line-based connection it listens on.

mpv (JSON IPC) and VLC (its remote-control interface) share the part that has nothing to do
with either: a private folder for the socket, starting the program with an argument list (never
a shell), waiting until it answers, noticing that the reader closed it, and stopping it for
good when the viewer closes. No Qt: the window's controller runs all of this on its worker
thread, and every call here may block for as long as a player takes to start.

One `PlayerProcess` owns one child at a time; `terminate` may be called from any thread (it
only signals and reaps the process), everything else from the owner's thread.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Generic, Protocol, TypeVar

START_TIMEOUT = 10.0  # seconds for a player to open its socket (a cold start from disk)
REPLY_TIMEOUT = 5.0
# sockaddr_un holds about 104 bytes (macOS) or 108 (Linux): a longer path cannot be bound.
MAX_SOCKET_PATH = 100
WINDOWS = sys.platform == "win32"
_PIPE_PREFIX = "\\\\.\\pipe\\"

_addresses = itertools.count(1)
_private_lock = threading.Lock()
_private_folder: Path | None = None


class PlayerUnavailable(RuntimeError):
    """The player cannot be started or reached; the message says why, for people."""


def _private_temp() -> Path:
    """A private temporary folder, made once per process and removed at exit when empty."""
    global _private_folder
    with _private_lock:
        if _private_folder is None or not _private_folder.is_dir():
            _private_folder = Path(tempfile.mkdtemp(prefix="vault-viewer-"))  # mode 0700
            atexit.register(_remove_if_empty, _private_folder)
        return _private_folder


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()


def runtime_folder() -> Path:
    """A folder only this user can enter, for sockets: `$XDG_RUNTIME_DIR/vault-viewer` where
    there is one (Linux), else a private temporary folder."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base and os.path.isdir(base):
        folder = Path(base) / "vault-viewer"
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            return folder
        except OSError:
            pass
    return _private_temp()


def new_address(name: str, folder: Path | None = None) -> str:
    """A fresh IPC address for one player: a named pipe on Windows, else a socket path in
    `folder` (the runtime folder by default) that no other process of the viewer uses; in a
    private temporary folder when that path would be too long for a socket."""
    unique = f"{name}-{os.getpid()}-{next(_addresses)}-{secrets.token_hex(3)}"
    if WINDOWS:
        return f"{_PIPE_PREFIX}vault-viewer-{unique}"
    path = (folder or runtime_folder()) / f"{unique}.sock"
    if len(os.fsencode(path)) > MAX_SOCKET_PATH:
        path = _private_temp() / f"{unique}.sock"
    return str(path)


class LineConnection:
    """Text lines over a Unix socket, a local TCP port (`host:port`) or a Windows named pipe,
    with a deadline on every read."""

    def __init__(self, address: str, timeout: float = REPLY_TIMEOUT) -> None:
        self.address = address
        self.timeout = timeout
        self._buffer = b""
        self._pipe = None
        self._socket: socket.socket | None = None
        if address.startswith(_PIPE_PREFIX):
            # Windows: the pipe is a file; reads block, so the player must answer.
            self._pipe = open(address, "r+b", buffering=0)  # noqa: SIM115 (kept open)
        elif ":" in address and not address.startswith("/"):
            host, _, port = address.rpartition(":")
            self._socket = socket.create_connection((host, int(port)), timeout=timeout)
        else:
            unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            unix.settimeout(timeout)
            try:
                unix.connect(address)
            except OSError:
                unix.close()
                raise
            self._socket = unix

    def send_line(self, text: str) -> None:
        data = text.encode("utf-8") + b"\n"
        if self._pipe is not None:
            self._pipe.write(data)
        elif self._socket is not None:
            self._socket.sendall(data)
        else:
            raise ConnectionError("connection closed")

    def read_line(self, deadline: float) -> str:
        """The next line (without its end); TimeoutError at `deadline` (a monotonic time),
        ConnectionError when the player went away."""
        while b"\n" not in self._buffer:
            if self._pipe is not None:
                chunk = self._pipe.read(4096)
            elif self._socket is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("the player did not answer in time")
                self._socket.settimeout(remaining)
                try:
                    chunk = self._socket.recv(65536)
                except TimeoutError:
                    raise TimeoutError("the player did not answer in time") from None
            else:
                raise ConnectionError("connection closed")
            if not chunk:
                raise ConnectionError("the player closed the connection")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.rstrip(b"\r").decode("utf-8", errors="replace")

    def close(self) -> None:
        for closable in (self._socket, self._pipe):
            if closable is not None:
                with contextlib.suppress(OSError):
                    closable.close()
        self._socket = self._pipe = None


class PlayerProcess:
    """Owns at most one running player process, started with an argument list."""

    name = "player"

    def __init__(self, program: str, options: Sequence[str] = ()) -> None:
        self.program = program
        self.options = tuple(options)
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self.starts = 0  # how many times the player was started (a restart after a close too)

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def running(self) -> bool:
        process = self._process
        return process is not None and process.poll() is None

    def _spawn(self, argv: Sequence[str]) -> subprocess.Popen[bytes]:
        try:
            process = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                close_fds=True,
            )
        except OSError as error:
            raise PlayerUnavailable(
                f"Could not start {self.program}: {error.strerror or error}. "
                "Install it or choose another player in View › Timestamp Player…"
            ) from error
        with self._lock:
            self._process = process
        self.starts += 1
        return process

    def _exited(self, process: subprocess.Popen[bytes]) -> PlayerUnavailable | None:
        code = process.poll()
        if code is None:
            return None
        return PlayerUnavailable(
            f"{self.name} quit as it started (exit status {code}). "
            "Check the player's options in View › Timestamp Player…"
        )

    def terminate(self, timeout: float = 2.0) -> None:
        """Stop the child (politely, then by force) and reap it. Safe from any thread."""
        with self._lock:
            process, self._process = self._process, None
        if process is None or process.poll() is not None:
            if process is not None:
                process.wait()
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Closable(Protocol):
    def close(self) -> None: ...


ConnectionT = TypeVar("ConnectionT", bound=Closable)
ResultT = TypeVar("ResultT")


class ConnectedPlayer(PlayerProcess, Generic[ConnectionT]):
    """A player process and the control connection to it: started on first use, started
    again when the reader closed it, and told to quit on `shutdown`. Subclasses say how it is
    started (`argv`), reached (`connect`) and asked to quit (`send_quit`)."""

    def __init__(
        self,
        program: str,
        options: Sequence[str] = (),
        *,
        folder: Path | None = None,
        start_timeout: float = START_TIMEOUT,
        reply_timeout: float = REPLY_TIMEOUT,
    ) -> None:
        super().__init__(program, options)
        self._folder = folder
        self._start_timeout = start_timeout
        self._reply_timeout = reply_timeout
        self._connection: ConnectionT | None = None
        self.address: str | None = None

    def argv(self, address: str) -> list[str]:
        raise NotImplementedError

    def connect(self, address: str) -> ConnectionT:
        raise NotImplementedError

    def send_quit(self, connection: ConnectionT) -> None:
        raise NotImplementedError

    def new_address(self) -> str:
        return new_address(self.name.lower(), self._folder)

    def _ensure(self) -> bool:
        """Start the player unless it runs and is connected; True when it was started now."""
        if self.running() and self._connection is not None:
            return False
        self._discard()
        address = self.new_address()
        remove_socket(address)
        process = self._spawn(self.argv(address))
        self.address = address
        deadline = time.monotonic() + self._start_timeout
        while True:
            failure = self._exited(process)
            if failure is not None:
                self._discard()
                raise failure
            try:
                self._connection = self.connect(address)
                return True
            except OSError:
                if time.monotonic() > deadline:
                    self._discard()
                    raise PlayerUnavailable(
                        f"{self.name} did not open its control socket "
                        f"within {self._start_timeout:g} s."
                    ) from None
                time.sleep(0.02)  # the socket appears once the player has read its settings

    def _discard(self) -> None:
        """Forget a player that is gone (or give up on one that does not answer)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self.terminate()
        if self.address is not None:
            remove_socket(self.address)
            self.address = None

    def with_player(self, action: Callable[[ConnectionT, bool], ResultT]) -> ResultT:
        """`action(connection, started_now)` on a running player. When the reader closed it
        in the meantime (the connection breaks), it is started again once and `action`
        retried; a player that still does not answer is a PlayerUnavailable."""
        for attempt in range(2):
            started = self._ensure()
            assert self._connection is not None
            try:
                return action(self._connection, started)
            except (ConnectionError, TimeoutError, OSError) as error:
                self._discard()
                if attempt == 1:
                    raise PlayerUnavailable(f"{self.name} stopped answering: {error}") from error
        raise AssertionError("unreachable")

    def shutdown(self, timeout: float = 2.0) -> None:
        """Ask the player to quit, then make sure it did; its socket file is removed."""
        connection = self._connection
        if connection is not None and self.running():
            with contextlib.suppress(Exception):  # whatever it answers, it is stopped below
                self.send_quit(connection)
        process = self._process
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout)
        self._discard()


def remove_socket(address: str) -> None:
    """Delete a socket file left behind (a player that was killed cannot remove its own)."""
    if address.startswith(_PIPE_PREFIX):
        return
    with contextlib.suppress(OSError):
        os.unlink(address)
