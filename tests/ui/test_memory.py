"""Memory that returns: a vault that is closed, or a tree that is replaced, gives its memory
back. Opening vaults in turn, or rebuilding the tree many times, does not grow the process."""

from __future__ import annotations

import ctypes
import gc
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from tests.ui.test_live_bursts import settle
from viewer.session.trees import FOLDERS, VIDEOS

GROWTH_LIMIT_MB = 15
PROBE_TIMEOUT_S = 600
REPO = Path(__file__).resolve().parents[2]


def _rss_mb(qtbot) -> float:
    """The process's resident size once freed memory can go back to the system."""
    qtbot.wait(50)
    gc.collect()
    if sys.platform.startswith("linux"):  # glibc keeps freed pages for reuse until trimmed
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return psutil.Process().memory_info().rss / 2**20


@pytest.fixture(scope="module")
def vaults(tmp_path_factory, medium_vault):
    """Five copies of the 4,000-note vault at different paths: five different vaults."""
    base = tmp_path_factory.mktemp("five")
    return [shutil.copytree(medium_vault, base / f"vault{n}") for n in range(5)]


def test_opening_five_vaults_in_turn_does_not_keep_the_old_ones(vaults, tmp_path):
    """In a fresh process, as a user runs it: each vault opened cold, indexed, searchable."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "VAULT_VIEWER_CACHE_DIR": str(tmp_path / "cache"),
        "VAULT_VIEWER_CONFIG_DIR": str(tmp_path / "config"),
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("memory_probe.py")), *map(str, vaults)],
        env=env,
        capture_output=True,
        text=True,
        timeout=PROBE_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    sizes = json.loads(done.stdout.strip().splitlines()[-1])
    growth = max(sizes[1:]) - sizes[0]
    assert growth <= GROWTH_LIMIT_MB, f"RSS after each vault: {[round(s) for s in sizes]} MB"


def test_fifty_tree_rebuilds_do_not_grow_the_process(qtbot, open_window, vaults):
    window = open_window(vaults[0])
    settle(qtbot, window)
    sizes = []
    for index in range(50):
        mode = FOLDERS if index % 2 else VIDEOS
        with qtbot.waitSignal(window.treeRefreshed, timeout=20_000):
            window.tree_area.set_mode(mode)
        if index % 10 == 9:
            sizes.append(_rss_mb(qtbot))
    growth = max(sizes[1:]) - sizes[0]
    assert growth <= GROWTH_LIMIT_MB, f"RSS every ten rebuilds: {[round(s) for s in sizes]} MB"
