"""The vault watcher: events, debouncing, and the polling fallback when the OS refuses."""

from __future__ import annotations

import errno

from viewer.ui.watcher import VaultWatcher


def test_events_are_batched_into_one_changed_signal(qtbot, tmp_path):
    watcher = VaultWatcher()
    with qtbot.waitSignal(watcher.watching, timeout=10_000):
        watcher.watch(tmp_path)
    assert watcher.mode == "events"
    with qtbot.waitSignal(watcher.changed, timeout=10_000) as blocker:
        (tmp_path / "a.md").write_text("one", encoding="utf-8")
        (tmp_path / "b.md").write_text("two", encoding="utf-8")
        (tmp_path / ".obsidian").mkdir()
        (tmp_path / ".obsidian" / "workspace.json").write_text("{}", encoding="utf-8")
    assert {"a.md", "b.md"} <= set(blocker.args[0])
    assert not any(path.startswith(".obsidian") for path in blocker.args[0])
    watcher.stop()
    assert watcher.mode == "off"


def test_falls_back_to_polling_when_the_watch_limit_is_hit(qtbot, tmp_path, monkeypatch):
    def refuse(self, root):
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(VaultWatcher, "_make_observer", refuse)
    (tmp_path / "a.md").write_text("one", encoding="utf-8")
    watcher = VaultWatcher()
    with qtbot.waitSignal(watcher.watching, timeout=10_000):
        watcher.watch(tmp_path)
    assert watcher.mode == "polling"
    with qtbot.waitSignal(watcher.changed, timeout=15_000) as blocker:
        (tmp_path / "new.md").write_text("two", encoding="utf-8")
    assert "new.md" in blocker.args[0]
    watcher.stop()


def test_the_watch_starts_when_vault_wide_work_lets_it(qtbot, tmp_path):
    """The recursive walk of a watch waits its turn with the owner's other vault-wide work,
    and a stop meanwhile returns at once and leaves no observer behind."""
    import threading
    import time

    gate = threading.Lock()
    gate.acquire()
    watcher = VaultWatcher()
    watcher.watch(tmp_path, gate)
    qtbot.wait(200)  # the starter is waiting for the gate (its poll is 50 ms)
    assert watcher.mode == "starting" and watcher._started is None
    started = time.monotonic()
    watcher.stop()
    assert time.monotonic() - started < 1.0
    gate.release()
    assert watcher.mode == "off" and watcher._started is None

    with qtbot.waitSignal(watcher.watching, timeout=10_000):
        watcher.watch(tmp_path, gate)
    assert watcher.mode == "events"
    watcher.stop()
