"""Packaging fixtures: the built bundle (when present), an isolated user for launched apps,
and a private Xvfb display."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

BUNDLE = REPO / "dist" / "vault-viewer"
BUNDLE_PROGRAM = BUNDLE / ("vault-viewer.exe" if sys.platform == "win32" else "vault-viewer")
INSTALL_SH = REPO / "packaging" / "linux" / "install.sh"
XVFB_START_SECONDS = 20
XVFB_OPTIONS = ("-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")


def tool(name: str) -> str:
    """Path of a command-line tool, or skip the test, saying which package provides it."""
    found = shutil.which(name)
    if found is None:
        packages = {
            "Xvfb": "xvfb",
            "xdotool": "xdotool",
            "xprop": "x11-utils",
            "desktop-file-validate": "desktop-file-utils",
            "appstreamcli": "appstream",
            "objdump": "binutils",
        }
        pytest.skip(f"{name} is not installed (apt-get install {packages.get(name, name)})")
    return found


def poll(condition: Callable[[], object], timeout: float, interval: float = 0.05) -> object:
    """The first truthy value of condition() within `timeout` seconds, else None."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


@pytest.fixture
def bundle() -> Path:
    if not BUNDLE_PROGRAM.is_file():
        pytest.skip("no bundle in dist/vault-viewer: build it with `make package`")
    return BUNDLE


@pytest.fixture
def app_env(tmp_path) -> dict[str, str]:
    """Environment for a launched app: a fresh HOME and XDG folders, nothing of the test run's
    own Qt or cache settings, the way a desktop session starts a program."""
    home = tmp_path / "home"
    runtime = tmp_path / "runtime"
    for folder in (home, runtime):
        folder.mkdir()
    runtime.chmod(0o700)
    env = {name: os.environ[name] for name in ("PATH", "SYSTEMROOT") if name in os.environ}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_RUNTIME_DIR=str(runtime),
        LANG="C.UTF-8",
        PYTHONIOENCODING="utf-8",
    )
    return env


@pytest.fixture(scope="module")
def xvfb() -> Iterator[str]:
    """A private X display (":N"); Xvfb picks a free number and reports it when ready."""
    xvfb_program = tool("Xvfb")
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [xvfb_program, "-displayfd", str(write_end), *XVFB_OPTIONS],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], XVFB_START_SECONDS)
        number = os.read(read_end, 64).decode().strip() if ready else ""
        if not number:
            process.kill()
            error = process.communicate(timeout=10)[1].decode(errors="replace")
            pytest.fail(f"Xvfb did not start: {error.strip()[-500:]}")
        yield f":{number}"
    finally:
        os.close(read_end)
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


def snapshot(root: Path) -> dict[str, bytes | None]:
    """{relative path: content (None for folders, link target for symlinks)} under root."""
    found: dict[str, bytes | None] = {}
    if not root.exists():
        return found
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[key] = os.readlink(path).encode()
        elif path.is_dir():
            found[key] = None
        else:
            found[key] = path.read_bytes()
    return found
