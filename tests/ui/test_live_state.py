"""Live state that comes back: a note deleted and restored, events the kernel dropped, rename
chains; the window ends where a fresh load would."""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import time

import pytest

from tests.conftest import SAMPLE_VAULT
from tests.ui.test_live_bursts import assert_equals_a_fresh_load, settle

NOTE = "deepcast/future_of_work.md"


@pytest.fixture
def window(qtbot, open_window, tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE_VAULT, root)
    window = open_window(root, NOTE)
    qtbot.waitUntil(lambda: window.session.watcher.mode == "events", timeout=10_000)
    settle(qtbot, window)
    return window


def test_a_note_deleted_and_restored_comes_back_on_screen(qtbot, window):
    path = window.vault_root / NOTE
    away = window.vault_root.parent / "away.md"
    with qtbot.waitSignal(window.pageShown, timeout=10_000):
        path.rename(away)
    assert "does not exist" in window.note_pane.toPlainText()
    assert window.shown.key == NOTE  # still the note's place: it comes back when the file does
    with qtbot.waitSignal(window.pageShown, timeout=10_000):
        away.rename(path)
    qtbot.waitUntil(lambda: "The Future of Work" in window.note_pane.toPlainText())
    assert window.navigator.page.exists


def test_events_lost_in_an_overflow_are_recovered_by_a_rescan(qtbot, window):
    watcher = window.session.watcher
    watcher._timer.stop()  # hold the queue, as a kernel holds events it then drops
    (window.vault_root / "Lost Note.md").write_text("Links to [[Ada Moreno]].", "utf-8")
    (window.vault_root / "directory.md").unlink()
    qtbot.waitUntil(lambda: len(watcher._queue) >= 2, timeout=5000)
    watcher._queue.clear()
    logging.getLogger("watchdog.observers.inotify_c").warning(
        "Inotify queue overflowed; filesystem events were lost"
    )
    with qtbot.waitSignal(window.vaultChanged, timeout=10_000) as changed:
        watcher._timer.start()
    assert {"Lost Note.md", "directory.md"} <= set(changed.args[0])
    settle(qtbot, window)
    assert_equals_a_fresh_load(window)


def test_rename_chains_converge(qtbot, window):
    root = window.vault_root
    first = root / "makers-hour" / "seasonal_cash_flow.md"
    chain = [root / f"step_{n}.md" for n in range(4)]
    first.rename(chain[0])
    for old, new in itertools.pairwise(chain):
        old.rename(new)
    chain[-1].rename(first)
    (root / "deepcast").rename(root / "deepcast-moved")
    time.sleep(0.05)
    (root / "deepcast-moved").rename(root / "deepcast-final")
    settle(qtbot, window)
    assert_equals_a_fresh_load(window)


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode"
)
def test_a_note_made_unreadable_says_so_and_recovers(qtbot, window):
    path = window.vault_root / NOTE
    with qtbot.waitSignal(window.pageShown, timeout=10_000):
        path.chmod(0)
    qtbot.waitUntil(lambda: "cannot be read" in window.note_pane.toPlainText(), timeout=10_000)
    with qtbot.waitSignal(window.pageShown, timeout=10_000):
        path.chmod(0o644)
    qtbot.waitUntil(lambda: "The Future of Work" in window.note_pane.toPlainText())


def test_a_note_replaced_by_a_folder_says_so_and_recovers(qtbot, window):
    path = window.vault_root / NOTE
    text = path.read_bytes()
    with qtbot.waitSignal(window.pageShown, timeout=10_000):
        path.unlink()
        path.mkdir()
    qtbot.waitUntil(lambda: "does not exist" in window.note_pane.toPlainText(), timeout=10_000)
    with qtbot.waitSignal(window.pageShown, timeout=10_000):
        path.rmdir()
        path.write_bytes(text)
    qtbot.waitUntil(lambda: "The Future of Work" in window.note_pane.toPlainText())
