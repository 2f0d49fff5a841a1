"""Every way out is clean: window close, Ctrl+Q, QApplication.exit, SIGINT, SIGTERM and an
exception while closing, during a cold index with worker processes and during the search
build in its child process. Each ends within 3 s, prints no traceback, leaves no child."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import REPO

EXIT_SECONDS = 3.0
MOMENT_TIMEOUT = 120


def _run(
    vault: Path,
    moment: str,
    way: str,
    tmp_path: Path,
    quit_signal: int | None = None,
    *,
    cache: bool = False,
):
    command = [sys.executable, "-m", "tests.ui.app_driver", str(vault), moment, way]
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "VAULT_VIEWER_CACHE_DIR": str(tmp_path / "cache" / "vault-viewer"),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    process = subprocess.Popen(
        command if cache else [*command, "--no-cache"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = _wait_for_moment(process)
        acted = time.monotonic()
        descendants = [int(pid) for pid in line.split()[1:]]
        if quit_signal is not None:
            process.send_signal(quit_signal)
        try:
            _stdout, stderr = process.communicate(timeout=EXIT_SECONDS + 7)
        except subprocess.TimeoutExpired:
            process.kill()
            _stdout, stderr = process.communicate()
            pytest.fail(f"still running 10 s after {way}: {stderr[-2000:]}")
        took = time.monotonic() - acted
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, took, stderr, descendants


def _wait_for_moment(process: subprocess.Popen) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + MOMENT_TIMEOUT
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("MOMENT"):
            return line
        if not line and process.poll() is not None:
            pytest.fail(f"the app ended before the moment: {process.stderr.read()[-2000:]}")
    pytest.fail("the moment never came")


def _left_behind(descendants: list[int]) -> list[str]:
    alive = []
    for pid in descendants:
        try:
            found = psutil.Process(pid)
            if found.status() != psutil.STATUS_ZOMBIE:
                alive.append(f"{pid} {' '.join(found.cmdline())[:120]}")
        except psutil.NoSuchProcess:
            continue
    return alive


WAYS = [
    ("close", None),
    ("ctrl-q", None),
    ("exit", None),
    ("raise-in-close", None),
    ("signal", signal.SIGINT),
    ("signal", signal.SIGTERM),
]


@pytest.mark.parametrize("moment", ["indexing", "search"])
@pytest.mark.parametrize(
    ("way", "quit_signal"), WAYS, ids=[w if not s else s.name for w, s in WAYS]
)
def test_every_way_out_is_clean(medium_vault, tmp_path, moment, way, quit_signal):
    code, took, stderr, descendants = _run(medium_vault, moment, way, tmp_path, quit_signal)
    assert descendants, "the moment should have had child processes"
    assert "Traceback" not in stderr, stderr[-3000:]
    assert "Destroyed while thread" not in stderr, stderr[-3000:]
    assert code == 0, (code, stderr[-2000:])
    assert took <= EXIT_SECONDS, f"{way} during {moment} took {took:.2f} s"
    time.sleep(0.2)  # children notice their parent's exit on their next read of its pipe
    assert _left_behind(descendants) == []


def test_a_quit_right_after_the_first_index_keeps_its_cache(medium_vault, tmp_path):
    """The index cache is written as soon as the index exists, and a quit waits for it: the
    next start is warm."""
    from viewer.core.cache import IndexCache

    code, took, stderr, _ = _run(
        medium_vault, "indexed", "signal", tmp_path, signal.SIGTERM, cache=True
    )
    assert code == 0 and "Traceback" not in stderr, stderr[-2000:]
    assert took <= EXIT_SECONDS
    cache_file = next((tmp_path / "cache" / "vault-viewer" / "index").glob("*.sqlite3"))
    cache = IndexCache(medium_vault, cache_file)
    try:
        assert cache.note_count() == sum(1 for _ in medium_vault.rglob("*.md"))
    finally:
        cache.close()
