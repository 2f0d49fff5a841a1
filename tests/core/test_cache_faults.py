"""Faults of the index cache and the search index are survived (issue 16): the vault always
opens, search keeps working, a busy lock is waited on, nothing is deleted under another
process, and a kill mid-write leaves a usable cache."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from viewer.cli import main
from viewer.core import cache as cache_module
from viewer.core.cache import IndexCache, cache_path
from viewer.core.loader import load_vault
from viewer.core.search import SearchIndex

NOTES = {
    "a.md": "---\ntitle: Alpha\n---\nThe albatross glides over [[b]].\n",
    "b.md": "Bravo speaks of the basilisk and [[a]].\n",
    "sub/c.md": "Charlie and the chameleon, [[Nobody Here]].\n",
}


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault(NOTES)


def assert_opens_and_searches(root: Path, expect_memory: bool | None = None) -> IndexCache:
    result = load_vault(root, use_cache=True, workers=1)
    assert sorted(result.vault.notes) == ["a.md", "b.md", "sub/c.md"]
    result.write_cache()
    assert result.cache is not None
    if expect_memory is not None:
        assert result.cache.in_memory is expect_memory, result.cache.memory_reason
    index = SearchIndex(result.cache)
    titles = {path: note.title for path, note in result.vault.notes.items()}
    index.sync(root, result.vault.files, titles)
    assert [hit.path for hit in index.search("basilisk")] == ["b.md"]
    return result.cache


def assert_cli_is_clean(root: Path, capsys) -> None:
    for argv in (["doctor", str(root)], ["search", str(root), "chameleon"]):
        assert main(argv) == 0
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert "cannot read vault folder" not in err


def test_a_folder_where_the_cache_file_should_be(vault, capsys):
    cache_path(vault).mkdir(parents=True)
    cache = assert_opens_and_searches(vault, expect_memory=True)
    assert "cannot use" in (cache.memory_reason or "")
    assert cache_path(vault).is_dir()  # left alone
    assert_cli_is_clean(vault, capsys)


def test_a_file_where_the_cache_folder_should_be(vault, monkeypatch, tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("VAULT_VIEWER_CACHE_DIR", str(blocker / "cache"))
    assert_opens_and_searches(vault, expect_memory=True)
    assert_cli_is_clean(vault, capsys)


def test_a_full_disk_moves_the_cache_into_memory(make_vault):
    links = " ".join(f"[[Someone number {i}]]" for i in range(200))
    vault = make_vault({**NOTES, **{f"big/n{i}.md": f"{links}\n" for i in range(100)}})
    first = load_vault(vault, use_cache=True, workers=1)
    connection = first.cache.connect()
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
    first.write_cache()
    assert first.cache.in_memory
    assert "full" in (first.cache.memory_reason or "")
    index = SearchIndex(first.cache)
    titles = {path: note.title for path, note in first.vault.notes.items()}
    assert index.sync(vault, first.vault.files, titles) == 103
    assert [hit.path for hit in index.search("albatross")] == ["a.md"]


def test_a_busy_lock_is_waited_on(vault, monkeypatch):
    first = load_vault(vault, use_cache=True, workers=1)
    first.write_cache()
    first.cache.close()
    holder = sqlite3.connect(cache_path(vault), isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(0.5, holder.rollback)
    release.start()
    monkeypatch.setattr(cache_module, "BUSY_TIMEOUT_MS", 10_000)
    again = load_vault(vault, use_cache=True, workers=1)
    again.write_cache()
    release.join()
    holder.close()
    assert not again.cache.in_memory
    assert load_vault(vault, use_cache=True, workers=1).from_cache == 3


def test_a_lock_held_too_long_is_never_taken_for_corruption(vault, monkeypatch):
    first = load_vault(vault, use_cache=True, workers=1)
    first.write_cache()
    first.cache.close()
    path = cache_path(vault)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT OR REPLACE INTO meta VALUES ('held', 'yes')")
    monkeypatch.setattr(cache_module, "BUSY_TIMEOUT_MS", 300)
    try:
        result = load_vault(vault, use_cache=True, workers=1)
        result.write_cache()
        assert len(result.vault.notes) == 3
        assert result.cache.discarded_reason is None
        assert path.exists()  # never deleted under the process holding it
    finally:
        holder.execute("COMMIT")
        holder.close()
    check = sqlite3.connect(path)
    assert check.execute("SELECT value FROM meta WHERE key = 'held'").fetchone() == ("yes",)
    check.close()


def test_a_damaged_search_index_is_rebuilt(vault):
    result = load_vault(vault, use_cache=True, workers=1)
    index = SearchIndex(result.cache)
    titles = {path: note.title for path, note in result.vault.notes.items()}
    index.sync(vault, result.vault.files, titles)
    connection = result.cache.connect()
    connection.execute("UPDATE fts_data SET block = x'deadbeefdeadbeef' WHERE id > 10")
    assert index.search("albatross") == []  # damaged: no exception, no false hit
    assert index.needs_sync and index.problem
    index.sync(vault, result.vault.files, titles)
    assert [hit.path for hit in index.search("albatross")] == ["a.md"]
    assert not index.needs_sync


def test_a_failed_search_child_is_retried_here(vault, monkeypatch):
    from viewer.core import search

    result = load_vault(vault, use_cache=True, workers=1)
    index = SearchIndex(result.cache)
    monkeypatch.setattr(search, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(search, "_sync_job", _failing_job)
    titles = {path: note.title for path, note in result.vault.notes.items()}
    index.sync_elsewhere(vault, result.vault.files, titles, start_method="fork")
    assert "exit code" in (index.problem or "")
    assert [hit.path for hit in index.search("chameleon")] == ["sub/c.md"]


def _failing_job(*_args) -> None:
    os._exit(7)


@pytest.mark.parametrize(
    "name",
    [
        "bad-\udcff-utf8.md",
        "line\nbreak.md",
        "rtl-\u202eevil-txt.md",
        "emoji-\U0001f40d.md",
        ("x" * 250) + ".md",
    ],
    ids=["not-utf-8", "newline", "rtl-mark", "emoji", "255-bytes"],
)
def test_any_file_name_works_in_the_cache_and_search(make_vault, name):
    root = make_vault(NOTES)
    with open(os.path.join(os.fsencode(root), os.fsencode(name)), "wb") as handle:
        handle.write(b"The quetzal nests here. [[a]]\n")
    cold = load_vault(root, use_cache=True, workers=1)
    assert name in cold.vault.notes
    cold.write_cache()
    warm = load_vault(root, use_cache=True, workers=1)
    assert not warm.cache.in_memory, warm.cache.memory_reason
    assert warm.from_cache == 4 and warm.links_from_cache
    assert name in [m.source for m in warm.vault.backlinks("a.md")]
    index = SearchIndex(warm.cache)
    titles = {path: note.title for path, note in warm.vault.notes.items()}
    index.sync(root, warm.vault.files, titles)
    assert [hit.path for hit in index.search("quetzal")] == [name]
    assert index.stale(warm.vault.files) == ([], [])


KILLED_WRITER = """
import sys
from viewer.core.loader import load_vault
result = load_vault(sys.argv[1], use_cache=True, workers=1)
print("writing", flush=True)
while True:
    result.from_cache = 0
    result.write_cache()
"""


def test_sigkill_during_a_cache_write_leaves_a_usable_cache(make_vault, tmp_path):
    files = {f"n{i}.md": f"Note {i} about [[n{i + 1}]] and more.\n" * 20 for i in range(400)}
    root = make_vault(files)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for delay in (0.05, 0.2, 0.5):
        with subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(KILLED_WRITER), str(root)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        ) as writer:
            assert writer.stdout is not None
            assert writer.stdout.readline().strip() == "writing"
            time.sleep(delay)
            os.kill(writer.pid, signal.SIGKILL)
            writer.wait()
        result = load_vault(root, use_cache=True, workers=1)
        assert len(result.vault.notes) == 400
        assert result.from_cache in (0, 400)  # a write is all or nothing
        assert not result.cache.in_memory
        integrity = result.cache.connect().execute("PRAGMA integrity_check").fetchone()[0]
        assert integrity == "ok"
        result.cache.close()


@contextlib.contextmanager
def _tmpfs(where: Path, size: str):
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.decode().strip()})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="tmpfs mounts: Linux")
def test_a_read_only_cache_folder_that_holds_a_cache(vault, tmp_path, monkeypatch, capsys):
    with _tmpfs(tmp_path / "mnt", "16m") as folder:
        monkeypatch.setenv("VAULT_VIEWER_CACHE_DIR", str(folder))
        first = load_vault(vault, use_cache=True, workers=1)
        first.write_cache()
        first.cache.close()
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        assert_opens_and_searches(vault)
        assert_cli_is_clean(vault, capsys)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="tmpfs mounts: Linux")
def test_a_really_full_disk(make_vault, tmp_path, monkeypatch, capsys):
    files = {f"n{i}.md": f"Note {i} about the wombat [[n{i + 1}]].\n" * 40 for i in range(300)}
    root = make_vault(files)
    with _tmpfs(tmp_path / "mnt", "96k") as folder:
        monkeypatch.setenv("VAULT_VIEWER_CACHE_DIR", str(folder))
        result = load_vault(root, use_cache=True, workers=1)
        result.write_cache()
        assert result.cache.in_memory, "the cache should not fit"
        index = SearchIndex(result.cache)
        titles = {path: note.title for path, note in result.vault.notes.items()}
        index.sync(root, result.vault.files, titles)
        assert len(index.search("wombat", limit=500)) == 300
        assert main(["doctor", str(root)]) == 0
        assert "Traceback" not in "".join(capsys.readouterr())
