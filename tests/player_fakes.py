"""Players for tests: a fake program that records the argv it was started with (as JSON), and
helpers for the real mpv: a generated test video, polling, and finding left-behind players."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from viewer.core.mpv import MpvCommandError, MpvConnection


def fake_player(folder: Path, name: str = "fakeplayer") -> tuple[Path, Path]:
    """(executable script, file it writes its argv to). The record is written to a temporary
    name and renamed, so a test polling for it never reads half a file."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    record = folder / f"{name}-argv.json"
    script = bin_dir / name
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        f"record = {str(record)!r}\n"
        "with open(record + '.part', 'w', encoding='utf-8') as out:\n"
        "    json.dump(sys.argv, out)\n"
        "os.replace(record + '.part', record)\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script, record


def recorded_argv(record: Path) -> list[str]:
    return json.loads(record.read_text(encoding="utf-8"))


# -- real players --------------------------------------------------------------------------------

MPV_OPTIONS = ("--vo=null", "--ao=null")  # headless: no window, no sound device


@contextlib.contextmanager
def short_folder() -> Iterator[Path]:
    """A temporary folder with a short path, for sockets: a socket path must fit in about
    100 bytes, and pytest's tmp_path may not."""
    with tempfile.TemporaryDirectory(prefix="vv-") as folder:
        yield Path(folder)


def require_tool(name: str) -> str:
    """Full path of `name`, or skip the test with the reason (`.ci/run` installs both mpv and
    ffmpeg from Debian's packages)."""
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (apt-get install {name})")
    return found


def make_video(path: Path, seconds: int = 60) -> Path:
    """A small test video (ffmpeg's `testsrc` pattern, 64x48 at 5 fps) of `seconds`."""
    ffmpeg = require_tool("ffmpeg")
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [ffmpeg, "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", f"testsrc=size=64x48:rate=5:duration={seconds}", "-c:v", "mpeg4", str(path)],
        check=True,
        timeout=120,
    )  # fmt: skip
    return path


def player_children(name: str) -> list[psutil.Process]:
    """Child processes of this test run whose program is `name` (left-behind players)."""
    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            if child.name() == name and child.status() != psutil.STATUS_ZOMBIE:
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def wait_for(predicate, timeout: float = 15.0, interval: float = 0.02):
    """Poll `predicate` until it returns a truthy value (returned) or fail at `timeout`:
    the condition is checked, not hoped for after a fixed sleep."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {predicate}")
        time.sleep(interval)


# -- a stand-in for VLC's remote control -----------------------------------------------------------

_FAKE_VLC = r"""
import json, os, socket, sys, time
folder = FOLDER
with open(os.path.join(folder, "vlc-argv.json.part"), "w") as out:
    json.dump(sys.argv, out)
os.replace(os.path.join(folder, "vlc-argv.json.part"), os.path.join(folder, "vlc-argv.json"))
unix = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--rc-unix=")]
if not unix:  # the start-time form: a window that stays until it is closed
    while True:
        time.sleep(60)
server = socket.socket(socket.AF_UNIX)
server.bind(unix[0])
server.listen(1)
current, state = None, "stopped"
while True:
    connection, _ = server.accept()
    reader = connection.makefile("rb")
    for raw in reader:
        line = raw.decode().rstrip("\r\n")
        with open(os.path.join(folder, "vlc-commands.txt"), "a") as log:
            log.write(line + "\n")
        name, _, argument = line.partition(" ")
        out = ["status change: ( audio volume: 256 )"]  # VLC prints these on its own
        if name == "quit":
            os.unlink(unix[0])
            sys.exit(0)
        if name == "status":
            if current:
                out.append(f"( new input: {current} )")
            out += ["( audio volume: 256 )", f"( state {state} )"]
        elif name in ("add", "enqueue"):
            if name == "add" or current is None:
                current, state = argument.split(" :")[0], "playing"
        elif name == "clear":
            current, state = None, "stopped"
        elif name == "pause":
            state = "paused" if state == "playing" else "playing"
        out.append(f"{name}: returned 0 (no error)")
        connection.sendall("".join(o + "\r\n" for o in out).encode())
"""


def fake_vlc(folder: Path) -> tuple[Path, Path, Path]:
    """(executable, argv record, command log) of a VLC stand-in: with `--rc-unix` it answers
    the remote-control commands the viewer sends as VLC 3 does; without, it just stays open."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "vlc"
    script.write_text(
        f"#!{sys.executable}\n" + _FAKE_VLC.replace("FOLDER", repr(str(folder))), encoding="utf-8"
    )
    script.chmod(0o755)
    return script, folder / "vlc-argv.json", folder / "vlc-commands.txt"


def logged_commands(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def gated_player(folder: Path, program: str, gate: Path, name: str = "mpv") -> Path:
    """A stand-in for `program` that starts it only once the file `gate` exists: a player
    that takes as long to start as the test wants."""
    bin_dir = folder / "gated"
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / name
    script.write_text(
        f"#!{sys.executable}\n"
        "import os, sys, time\n"
        f"while not os.path.exists({str(gate)!r}):\n"
        "    time.sleep(0.02)\n"
        f"os.execv({program!r}, [{program!r}, *sys.argv[1:]])\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def mpv_property(connection: MpvConnection, name: str):
    """A property of mpv; None while it has none (e.g. `path` before the file is open)."""
    try:
        return connection.command("get_property", name)
    except MpvCommandError:
        return None


def wait_near(qtbot, connection: MpvConnection, seconds: float, timeout: int = 20_000) -> None:
    """Wait until mpv plays within a second of `seconds`."""

    def there() -> bool:
        position = mpv_property(connection, "time-pos")
        return isinstance(position, (int, float)) and abs(position - seconds) <= 1.0

    qtbot.waitUntil(there, timeout=timeout)
