"""Faults of the index cache and the search index are said once in the window (issue 16):
when the cache folder is blocked by a file, a folder sits where the cache file should be, the
cache folder is read-only, or the search index is damaged, the status bar says what happened,
what still works and where the cache is, once, not on every note or every search; and the
vault reads and searches all the same."""

from __future__ import annotations

import os
import sqlite3

import pytest

from tests.ui.conftest import wait_page
from viewer.core.cache import cache_path

NOTES = {
    "a.md": "---\ntitle: Alpha\n---\nThe albatross glides over [[b]].\n",
    "b.md": "Bravo speaks of the basilisk and [[a]].\n",
    "c.md": "Charlie and the chameleon, [[a]] and [[b]].\n",
}


@pytest.fixture
def vault(make_vault, tmp_path, monkeypatch):
    monkeypatch.setenv("VAULT_VIEWER_CACHE_DIR", str(tmp_path / "cache"))  # this test's own
    return make_vault(NOTES)


class StatusLog:
    """Every message the window's status bar showed."""

    def __init__(self, window) -> None:
        self.messages: list[str] = []
        window.statusBar().messageChanged.connect(self.messages.append)

    def count(self, words: str) -> int:
        return sum(words in message for message in self.messages)


def open_logged(qtbot, open_window, vault):
    window = open_window(vault, wait=False)
    log = StatusLog(window)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=20_000)
    qtbot.waitUntil(lambda: window.session.search_ready, timeout=20_000)
    return window, log


def search(qtbot, window, words: str) -> list[str]:
    """Type `words` into the search panel and return the paths it lists."""
    window.search_vault()
    panel = window.search_panel
    panel.query.clear()
    with qtbot.waitSignal(panel.queryChanged, timeout=5_000):  # after the typing pause
        qtbot.keyClicks(panel.query, words)
    qtbot.waitUntil(lambda: not window.session.tasks.busy("search"), timeout=10_000)
    return [
        panel.results.topLevelItem(i).toolTip(0) for i in range(panel.results.topLevelItemCount())
    ]


def read_every_note(qtbot, window) -> None:
    for path in NOTES:
        wait_page(qtbot, window, lambda path=path: window.open_note(path))
        assert window.navigator.page.exists


def assert_cache_in_memory_said_once(qtbot, window, log: StatusLog) -> None:
    notice = window.vaults.faults
    assert notice.objectName() == "faultNotice"
    qtbot.waitUntil(notice.isVisible, timeout=20_000)
    assert "Index cache in memory" in notice.text()
    story = notice.toolTip()
    assert "kept in memory" in story and "still work" in story
    assert str(cache_path(window.vault_root).parent) in story  # where the cache is
    read_every_note(qtbot, window)
    assert search(qtbot, window, "basilisk") == ["b.md"]
    read_every_note(qtbot, window)
    assert log.count("index cache could not be used") == 1
    assert [fault.kind for fault in notice.faults] == ["cache"]


def test_a_file_where_the_cache_folder_should_be(qtbot, open_window, vault, tmp_path, monkeypatch):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    monkeypatch.setenv("VAULT_VIEWER_CACHE_DIR", str(blocker / "cache"))
    window, log = open_logged(qtbot, open_window, vault)
    assert_cache_in_memory_said_once(qtbot, window, log)


def test_a_folder_where_the_cache_file_should_be(qtbot, open_window, vault):
    cache_path(vault).mkdir(parents=True)
    window, log = open_logged(qtbot, open_window, vault)
    assert_cache_in_memory_said_once(qtbot, window, log)
    assert cache_path(vault).is_dir()  # left alone


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="permissions do not bind root: a read-only folder is writable to it",
)
def test_a_read_only_cache_folder_that_holds_a_cache(qtbot, open_window, vault):
    window, _log = open_logged(qtbot, open_window, vault)
    window.shutdown()
    folder = cache_path(vault).parent
    for path in folder.iterdir():
        path.chmod(0o444)
    folder.chmod(0o555)
    try:
        window, log = open_logged(qtbot, open_window, vault)
        assert_cache_in_memory_said_once(qtbot, window, log)
    finally:
        folder.chmod(0o755)


def test_a_damaged_search_index_is_rebuilt_and_said_once(qtbot, open_window, vault):
    window, log = open_logged(qtbot, open_window, vault)
    assert search(qtbot, window, "albatross") == ["a.md"]
    notice = window.vaults.faults
    assert not notice.isVisible()  # nothing went wrong yet: nothing said
    damage = sqlite3.connect(cache_path(vault))
    damage.execute("UPDATE fts_data SET block = x'deadbeefdeadbeef' WHERE id > 10")
    damage.commit()
    damage.close()
    assert search(qtbot, window, "chameleon") == []  # damaged: no false hit, no error
    qtbot.waitUntil(notice.isVisible, timeout=20_000)
    assert "Search index rebuilt" in notice.text()
    assert "Search still works" in notice.toolTip()
    qtbot.waitUntil(lambda: not window.session.tasks.busy("search-sync"), timeout=20_000)
    assert search(qtbot, window, "chameleon") == ["c.md"]  # rebuilt and retried
    assert search(qtbot, window, "basilisk") == ["b.md"]
    read_every_note(qtbot, window)
    assert log.count("search index had a problem") == 1
