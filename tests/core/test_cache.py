"""The index cache: warm reopen, invalidation, and recovery from anything unexpected."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path

import pytest

from viewer.core.cache import PAGE_SIZE, SCHEMA_VERSION, IndexCache, cache_path, cache_root
from viewer.core.loader import load_vault, restore_last
from viewer.core.tree import reading_order, tree_fingerprint
from viewer.session.trees import vault_trees


def _notes_and_links(vault):
    return (
        {path: (n.title, n.targets, n.video_id) for path, n in vault.notes.items()},
        {path: vault.backlinks(path) for path in vault.notes},
        [(t.name, t.mentions) for t in vault.topics()],
    )


def test_cache_lives_in_the_user_cache_folder_never_in_the_vault(sample_copy):
    path = cache_path(sample_copy)
    assert path.is_relative_to(cache_root())
    assert not path.is_relative_to(sample_copy)


def test_warm_reopen_reads_the_cache_and_gives_the_same_index(sample_copy):
    cold = load_vault(sample_copy, use_cache=True)
    assert cold.from_cache == 0 and len(cold.parsed) == 29
    cold.write_cache()
    warm = load_vault(sample_copy, use_cache=True)
    assert warm.from_cache == 29 and warm.parsed == []
    assert warm.links_from_cache
    assert _notes_and_links(warm.vault) == _notes_and_links(cold.vault)
    # Details of cached notes unpack on demand, identical to a fresh parse.
    path = "deepcast/future_of_work.md"
    assert warm.vault.notes[path].timestamps == cold.vault.notes[path].timestamps


def test_a_changed_note_is_parsed_again_and_links_are_re_resolved(sample_copy):
    load_vault(sample_copy, use_cache=True).write_cache()
    note = sample_copy / "deepcast" / "Tomas Reyes.md"
    note.write_text("---\ntitle: Tomas Reyes\n---\nEconomist.\n", encoding="utf-8")
    warm = load_vault(sample_copy, use_cache=True)
    assert [n.path for n in warm.parsed] == ["deepcast/Tomas Reyes.md"]
    assert not warm.links_from_cache  # the set of notes changed: links resolved afresh
    assert warm.vault.topic("Tomas Reyes") is None
    assert len(warm.vault.backlinks("deepcast/Tomas Reyes.md")) == 3


def test_modified_time_alone_invalidates_a_row(sample_copy):
    load_vault(sample_copy, use_cache=True).write_cache()
    target = sample_copy / "directory.md"
    stamp = time.time() + 5
    os.utime(target, (stamp, stamp))
    warm = load_vault(sample_copy, use_cache=True)
    assert [n.path for n in warm.parsed] == ["directory.md"]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"this is not a database at all" * 100), id="garbage"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:1500]), id="truncated"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
    ],
)
def test_a_corrupt_cache_is_discarded_and_rebuilt(sample_copy, damage):
    first = load_vault(sample_copy, use_cache=True)
    first.write_cache()
    first.cache.close()
    path = cache_path(sample_copy)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    damage(path)
    again = load_vault(sample_copy, use_cache=True)
    assert len(again.vault.notes) == 29
    assert again.from_cache == 0  # nothing trusted from the damaged file
    again.write_cache()
    assert load_vault(sample_copy, use_cache=True).from_cache == 29


def test_a_foreign_sqlite_file_is_replaced(sample_copy, caplog):
    path = cache_path(sample_copy)
    path.parent.mkdir(parents=True, exist_ok=True)
    foreign = sqlite3.connect(path)
    foreign.execute("CREATE TABLE notes (path TEXT, secret TEXT)")
    foreign.execute("INSERT INTO notes VALUES ('x', 'keep out')")
    foreign.commit()
    foreign.close()
    cache = IndexCache(sample_copy)
    with caplog.at_level(logging.INFO, logger="viewer.core.cache"):
        cache.connect()
    assert cache.discarded_reason == "not a Vault Viewer cache"
    discarded = [r.levelno for r in caplog.records if "discarding" in r.getMessage()]
    assert discarded == [logging.WARNING]
    assert cache.note_count() == 0


def test_a_cache_of_the_previous_schema_is_rebuilt_with_large_pages(sample_copy, caplog):
    """Large pages make a reopen read the snapshot's blobs in a quarter of the time; a file
    of the previous schema (default pages) is rebuilt rather than read as is, and that
    expected upgrade is no warning on the reader's terminal."""
    path = cache_path(sample_copy)
    path.parent.mkdir(parents=True, exist_ok=True)
    old = sqlite3.connect(path)
    old.execute("PRAGMA application_id = 0x56564931")
    old.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    old.execute("CREATE TABLE notes (path TEXT PRIMARY KEY)")
    old.commit()
    assert old.execute("PRAGMA page_size").fetchone()[0] < PAGE_SIZE
    old.close()
    with caplog.at_level(logging.INFO, logger="viewer.core.cache"):
        result = load_vault(sample_copy, use_cache=True)
    result.write_cache()
    assert (
        result.cache.discarded_reason == f"schema {SCHEMA_VERSION - 1}, expected {SCHEMA_VERSION}"
    )
    discarded = [r.levelno for r in caplog.records if "discarding" in r.getMessage()]
    assert discarded == [logging.INFO]
    connection = result.cache.connect()
    assert connection.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
    assert load_vault(sample_copy, use_cache=True).from_cache == 29


def test_two_connections_share_one_cache(sample_copy):
    """Two running windows on one vault: WAL and a busy timeout, no corruption."""
    first = load_vault(sample_copy, use_cache=True)
    second = load_vault(sample_copy, use_cache=True)
    first.write_cache()
    second.write_cache()
    third = load_vault(sample_copy, use_cache=True)
    assert third.from_cache == 29
    mode = third.cache.connect().execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    check = third.cache.connect().execute("PRAGMA integrity_check").fetchone()[0]
    assert check == "ok"


def test_no_cache_touches_nothing(sample_copy):
    result = load_vault(sample_copy, use_cache=False)
    result.write_cache()
    assert result.cache is None
    assert not cache_path(sample_copy).exists()


def test_doctor_rebuild_discards_the_cache(sample_copy, capsys):
    import json

    from viewer.cli import main

    def doctor(*flags):
        assert main(["doctor", str(sample_copy), "--json", *flags]) == 0
        return json.loads(capsys.readouterr().out)["cache"]

    assert doctor()["notes_parsed"] == 29
    assert doctor()["notes_from_cache"] == 29
    rebuilt = doctor("--rebuild")
    assert (rebuilt["notes_from_cache"], rebuilt["notes_parsed"]) == (0, 29)


def test_a_deleted_note_invalidates_the_link_tables_once(sample_copy):
    load_vault(sample_copy, use_cache=True).write_cache()
    (sample_copy / "deepcast" / "sodium_ion_batteries.md").unlink()
    after = load_vault(sample_copy, use_cache=True)
    assert after.parsed == [] and not after.links_from_cache  # rows all match, one too many
    assert after.vault.topic("sodium_ion_batteries") is not None  # its links are topics now
    after.write_cache()
    again = load_vault(sample_copy, use_cache=True)
    assert again.links_from_cache and again.from_cache == 28
    assert _notes_and_links(again.vault) == _notes_and_links(after.vault)


def test_close_all_closes_every_thread_s_connection(tmp_path):
    """A vault closed closes the connections its worker threads opened: each is a reference
    cycle holding a page cache, which the cyclic collector may never see (gc.freeze)."""
    import threading

    cache = IndexCache(tmp_path / "vault", tmp_path / "c.sqlite3")
    opened: list[sqlite3.Connection] = []
    workers = [threading.Thread(target=lambda: opened.append(cache.connect())) for _ in range(3)]
    for worker in workers:
        worker.start()
        worker.join()
    opened.append(cache.connect())
    assert len({id(connection) for connection in opened}) == 4
    cache.close_all()
    for connection in opened:
        with pytest.raises(sqlite3.ProgrammingError):
            connection.execute("SELECT 1")


def test_a_note_changed_while_the_window_was_open_keeps_its_new_links(make_vault):
    """A live change rewrites the note's row; the next open must not restore the link tables
    from before it (they used to be keyed by the note count alone)."""
    from viewer.core.vault import read_change

    root = make_vault({"a.md": "To [[b]].\n", "b.md": "Bee.\n", "c.md": "Sea.\n"})
    first = load_vault(root, use_cache=True, workers=1)
    first.write_cache()
    (root / "a.md").write_text("To [[b]] and [[c]].\n", encoding="utf-8")
    change = read_change(root, "a.md")
    first.vault.apply(change)
    assert first.cache is not None
    first.cache.update_notes([(change.note, change.entry)])
    again = load_vault(root, use_cache=True, workers=1)
    assert again.parsed == [] and not again.links_from_cache
    assert [m.source for m in again.vault.backlinks("c.md")] == ["a.md"]
    assert again.vault.resolved_targets("a.md") == ["b.md", "c.md"]


def test_a_touched_note_with_its_old_size_is_relinked(make_vault):
    """The snapshot is keyed by every file's time and size, not by how many notes there are."""
    root = make_vault({"a.md": "To [[b]].\n", "b.md": "Bee.\n", "c.md": "Sea.\n"})
    load_vault(root, use_cache=True, workers=1).write_cache()
    note = root / "a.md"
    note.write_text("To [[c]].\n", encoding="utf-8")  # the same size
    stamp = time.time() + 5
    os.utime(note, (stamp, stamp))
    again = load_vault(root, use_cache=True, workers=1)
    assert [n.path for n in again.parsed] == ["a.md"] and not again.links_from_cache
    assert [m.source for m in again.vault.backlinks("c.md")] == ["a.md"]
    assert again.vault.backlinks("b.md") == []


def test_the_snapshot_restores_a_vault_larger_than_one_blob(make_vault, monkeypatch):
    """Notes and link tables are stored in blobs of a bounded size (each decodes in a few
    milliseconds, so a window stays responsive); restored, they give the same index."""
    from viewer.core import cache as cache_module

    monkeypatch.setattr(cache_module, "SNAPSHOT_CHUNK", 3)
    files = {
        f"n{i:02d}.md": f"Links to [[n{(i + 1) % 10:02d}]] and [[Ghost {i % 4}]].\n"
        for i in range(10)
    }
    root = make_vault(files)
    cold = load_vault(root, use_cache=True, workers=1)
    cold.write_cache()
    assert cold.cache is not None
    blobs = cold.cache.connect().execute("SELECT count(*) FROM snapshot").fetchone()[0]
    assert blobs > 8  # notes and each table in several blobs
    warm = load_vault(root, use_cache=True, workers=1)
    assert warm.links_from_cache and warm.from_cache == 10
    assert _notes_and_links(warm.vault) == _notes_and_links(cold.vault)
    assert warm.vault.link_tables() == cold.vault.link_tables()


def test_snapshot_rows_are_made_as_they_are_written(make_vault, monkeypatch):
    """Each blob is marshalled when SQLite takes it, not all first: made at once, they were
    40-70 MB of a window's peak memory on 21,000 notes."""
    from viewer.core import cache as cache_module
    from viewer.core.loader import snapshot_of

    monkeypatch.setattr(cache_module, "SNAPSHOT_CHUNK", 2)
    root = make_vault({f"n{i}.md": f"See [[n{(i + 1) % 8}]].\n" for i in range(8)})
    loaded = load_vault(root, use_cache=False, workers=1)
    snapshot = snapshot_of(loaded.vault, "stamp")
    made: list[object] = []
    dumps = cache_module.marshal.dumps
    monkeypatch.setattr(cache_module.marshal, "dumps", lambda value: made.append(1) or dumps(value))
    rows = snapshot.blobs()
    assert next(rows) == ("fingerprint", b"stamp") and not made
    next(rows)
    assert len(made) == 1  # one chunk of notes so far, of four
    assert sum(1 for _ in rows) > 4 and len(made) > 4


def test_a_damaged_snapshot_blob_relinks_from_the_rows(sample_copy):
    cold = load_vault(sample_copy, use_cache=True)
    cold.write_cache()
    assert cold.cache is not None
    connection = cold.cache.connect()
    connection.execute("UPDATE snapshot SET value = x'00ff' WHERE key LIKE 'links:%'")
    warm = load_vault(sample_copy, use_cache=True)
    assert warm.from_cache == 29 and not warm.links_from_cache
    assert _notes_and_links(warm.vault) == _notes_and_links(cold.vault)
    warm.write_cache()  # the snapshot is written again, whole
    assert load_vault(sample_copy, use_cache=True).links_from_cache


def test_the_listing_says_when_the_index_will_be_restored_whole(make_vault):
    """A window shows file names while a vault indexes; when the snapshot matches, the index
    follows at once and the listing says so (the tree of names is skipped)."""
    root = make_vault({"a.md": "To [[b]].\n", "b.md": "Bee.\n"})
    seen: list[bool] = []

    def open_once() -> None:
        result = load_vault(
            root, use_cache=True, workers=1, listed=lambda listing: seen.append(listing.restorable)
        )
        result.write_cache()

    open_once()
    open_once()
    (root / "c.md").write_text("New.\n", encoding="utf-8")
    open_once()
    assert seen == [False, True, False]
    assert load_vault(root, use_cache=False, listed=lambda listing: seen.append(listing.restorable))
    assert seen[-1] is False


def test_the_last_snapshot_is_restored_without_a_scan_and_says_it_is_unverified(sample_copy):
    from viewer.core.refresh import changed_since
    from viewer.core.scan import scan

    assert restore_last(sample_copy) is None  # nothing stored yet
    cold = load_vault(sample_copy, use_cache=True)
    tree = vault_trees(cold.vault)  # as a window does before the snapshot is stored
    cold.write_cache()
    note = sample_copy / "deepcast" / "Tomas Reyes.md"
    note.write_text("---\ntitle: Tomas Reyes\n---\nEconomist.\n", encoding="utf-8")
    (sample_copy / "added.md").write_text("# Added\n", encoding="utf-8")
    last = restore_last(sample_copy)
    assert last is not None and last.unverified and last.links_from_cache
    # The vault as it was when stored: the note added since is not in it yet...
    assert _notes_and_links(last.vault) == _notes_and_links(cold.vault)
    assert last.vault.link_tables() == cold.vault.link_tables()
    # ...with the folder tree's order, so the tree is built without sorting...
    assert last.vault.folder_order() == reading_order(tree)
    # ...and a scan says what to apply.
    known = {**last.vault.files, **last.vault.attachments}
    assert changed_since(known, scan(sample_copy)) == ["added.md", "deepcast/Tomas Reyes.md"]


def test_the_last_snapshot_is_not_restored_across_the_outside_links_setting(make_vault):
    from viewer.core.loader import restore_last

    root = make_vault({"a.md": "To [[b]].\n", "b.md": "Bee.\n"})
    load_vault(root, use_cache=True, workers=1).write_cache()
    assert restore_last(root) is not None
    assert restore_last(root, allow_outside=True) is None  # its listing followed no symlinks


def test_a_damaged_snapshot_listing_is_not_restored(sample_copy):
    from viewer.core.loader import restore_last

    cold = load_vault(sample_copy, use_cache=True)
    cold.write_cache()
    assert cold.cache is not None
    cold.cache.connect().execute("UPDATE snapshot SET value = x'00ff' WHERE key = 'listing'")
    assert restore_last(sample_copy) is None
    assert load_vault(sample_copy, use_cache=True).links_from_cache  # the exact path still is


def test_an_older_snapshot_without_its_listing_is_written_again_with_it(sample_copy):
    cold = load_vault(sample_copy, use_cache=True)
    cold.write_cache()
    assert cold.cache is not None and cold.cache.has_listing()
    cold.cache.connect().execute("DELETE FROM snapshot WHERE key = 'listing'")
    warm = load_vault(sample_copy, use_cache=True)
    assert warm.links_from_cache and warm.cache is not None and not warm.cache.has_listing()
    warm.write_cache()
    assert warm.cache.has_listing()


def test_the_folder_order_is_stored_only_while_it_is_the_vaults(sample_copy):
    cold = load_vault(sample_copy, use_cache=True)
    tree = vault_trees(cold.vault)  # a window builds its tree before the snapshot is stored
    order = reading_order(tree)
    assert cold.vault.folder_order() == order
    cold.vault.remove(order[1])  # a change: the order is the old tree's
    assert cold.vault.folder_order() is None
    cold.write_cache()
    last = restore_last(sample_copy)
    assert last is not None and last.vault.folder_order() is None
    assert tree_fingerprint(vault_trees(last.vault)) == tree_fingerprint(vault_trees(cold.vault))
