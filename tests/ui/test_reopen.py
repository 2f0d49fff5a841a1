"""Reopening a vault: the window shows the index as the cache's snapshot last saw it, without
waiting for a scan, then applies what changed while it was closed, as live changes, and
stores a fresh snapshot."""

from __future__ import annotations

from viewer.core.loader import restore_last
from viewer.core.refresh import changed_since
from viewer.core.scan import scan


def _closed(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.session.settled() and window.session._thread is None,
                    timeout=30_000)  # fmt: skip
    window.close()
    qtbot.waitUntil(lambda: window.host.retiring() == 0, timeout=10_000)


def test_a_reopen_shows_the_last_index_at_once_then_what_changed_meanwhile(
    qtbot, open_window, sample_copy, monkeypatch
):
    _closed(qtbot, open_window(sample_copy))
    (sample_copy / "added.md").write_text("# Added\n\nSee [[directory]].\n", encoding="utf-8")
    (sample_copy / "deepcast" / "sodium_ion_batteries.md").unlink()
    from viewer.ui import index_thread

    restored: list[bool] = []
    original = index_thread.restore_last

    def recorded(*args, **kwargs):
        result = original(*args, **kwargs)
        restored.append(result is not None and result.unverified)
        return result

    monkeypatch.setattr(index_thread, "restore_last", recorded)
    window = open_window(sample_copy)
    assert restored == [True]  # shown from the snapshot, before any scan
    session = window.session
    qtbot.waitUntil(lambda: "added.md" in window.vault.notes and session.settled(),
                    timeout=30_000)  # fmt: skip
    vault = window.vault
    assert "deepcast/sodium_ion_batteries.md" not in vault.notes
    assert "added.md" in {mention.source for mention in vault.backlinks("directory.md")}
    # A fresh snapshot was stored: the next reopen has nothing left to apply.
    last = restore_last(sample_copy)
    assert last is not None and "added.md" in last.vault.notes
    assert changed_since({**last.vault.files, **last.vault.attachments}, scan(sample_copy)) == []
    assert "added.md" in {m.source for m in last.vault.backlinks("directory.md")}


def test_a_reopen_with_nothing_changed_stores_no_new_snapshot(
    qtbot, open_window, sample_copy, monkeypatch
):
    _closed(qtbot, open_window(sample_copy))
    from viewer.ui import vault_session

    stored: list[object] = []
    original = vault_session.store_snapshot
    monkeypatch.setattr(
        vault_session,
        "store_snapshot",
        lambda cache, vault: stored.append(vault) or original(cache, vault),
    )
    window = open_window(sample_copy)
    qtbot.waitUntil(lambda: window.session.settled() and window.session.search_ready,
                    timeout=30_000)  # fmt: skip
    assert stored == []
    (sample_copy / "added.md").write_text("# Added\n", encoding="utf-8")  # a live change
    qtbot.waitUntil(lambda: "added.md" in window.vault.notes and window.session.settled(),
                    timeout=30_000)  # fmt: skip
    assert stored == []  # only the first scan after a reopen refreshes the snapshot
