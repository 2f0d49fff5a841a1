"""What changed since I last read: baselines per vault, mark read, kept texts and diffs."""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import write_files
from viewer.core.changes import (
    ADDED,
    CHANGED,
    REMOVED,
    Changes,
    ChangeTracker,
    ChannelChanges,
    changes_path,
)
from viewer.core.userdirs import cache_root
from viewer.core.vault import Vault
from viewer.core.worddiff import DELETED, INSERTED

FILES = {
    "alpha/one.md": "---\ntitle: One\n---\nThe first note links [[two]].\n",
    "alpha/two.md": "Second note, about sleep and memory.\n",
    "beta/three.md": "Third note in another channel.\n",
    "beta/deep/four.md": "Fourth, in a sub-folder of beta.\n",
    "top.md": "A note at the top of the vault.\n",
}


@pytest.fixture
def vault_root(tmp_path) -> Path:
    return write_files(tmp_path / "vault", FILES)


@pytest.fixture
def tracker(vault_root, tmp_path) -> ChangeTracker:
    return ChangeTracker(vault_root, tmp_path / "cache" / "changes.sqlite3")


def edit(root: Path, rel: str, text: str) -> None:
    """Write a note and move its time well clear of the old one (coarse file systems)."""
    path = root / rel
    old = path.stat().st_mtime_ns if path.exists() else 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    stamp = max(old, path.stat().st_mtime_ns) + 5_000_000_000
    os.utime(path, ns=(stamp, stamp))


def session(root: Path) -> Vault:
    """The vault as the next launch indexes it."""
    return Vault.load(root)


def test_the_first_look_makes_the_baseline_and_lists_nothing(tracker, vault_root):
    first = tracker.changes(session(vault_root))
    assert first == Changes(first_run=True)
    assert not first
    second = tracker.changes(session(vault_root))
    assert second == Changes()
    assert second.first_run is False


def test_added_changed_and_removed_between_two_sessions(tracker, vault_root):
    tracker.changes(session(vault_root))
    edit(vault_root, "alpha/two.md", "Second note, about sleep and dreams.\n")
    edit(vault_root, "gamma/new.md", "A new channel's first note.\n")
    edit(vault_root, "alpha/five.md", "Fifth.\n")
    (vault_root / "beta/three.md").unlink()
    found = tracker.changes(session(vault_root))
    assert found.to_json() == {
        "added": ["alpha/five.md", "gamma/new.md"],
        "changed": ["alpha/two.md"],
        "removed": ["beta/three.md"],
    }
    assert len(found) == 4
    assert found.status("alpha/two.md") == CHANGED
    assert found.status("gamma/new.md") == ADDED
    assert found.status("beta/three.md") == REMOVED
    assert found.status("top.md") is None


def test_looking_never_moves_the_baseline(tracker, vault_root):
    tracker.changes(session(vault_root))
    edit(vault_root, "top.md", "Rewritten.\n")
    first = tracker.changes(session(vault_root))
    again = tracker.changes(session(vault_root))
    assert first == again == Changes(changed=("top.md",))


def test_a_rewrite_with_the_same_bytes_is_not_a_change(tracker, vault_root):
    tracker.changes(session(vault_root))
    edit(vault_root, "alpha/one.md", FILES["alpha/one.md"])  # regenerated, identical
    edit(vault_root, "beta/three.md", "Third note in another channel?\n")  # same size
    assert tracker.changes(session(vault_root)) == Changes(changed=("beta/three.md",))
    # The identical file's new time is recorded, so it is not hashed again next time.
    with sqlite3.connect(tracker.path) as connection:
        stored = connection.execute(
            "SELECT mtime_ns FROM baseline WHERE path = ?", (b"alpha/one.md",)
        ).fetchone()[0]
    assert stored == (vault_root / "alpha/one.md").stat().st_mtime_ns


def test_grouped_by_channel_top_level_last():
    found = Changes(
        added=("z/new.md", "b10/x.md", "top.md"),
        changed=("b2/y.md", "b10/deep/y.md"),
        removed=("z/gone.md",),
    )
    assert found.by_channel() == [
        ChannelChanges("b2", (), ("b2/y.md",), ()),
        ChannelChanges("b10", ("b10/x.md",), ("b10/deep/y.md",), ()),
        ChannelChanges("z", ("z/new.md",), (), ("z/gone.md",)),
        ChannelChanges("", ("top.md",), (), ()),
    ]


def test_mark_one_read_moves_only_its_entry(tracker, vault_root):
    tracker.changes(session(vault_root))
    edit(vault_root, "alpha/two.md", "Changed once.\n")
    edit(vault_root, "top.md", "Changed too.\n")
    edit(vault_root, "gamma/new.md", "New.\n")
    (vault_root / "beta/three.md").unlink()
    vault = session(vault_root)
    tracker.mark_read(vault, "alpha/two.md")
    tracker.mark_read(vault, "gamma/new.md")
    tracker.mark_read(vault, "beta/three.md")  # seen that it is gone
    assert tracker.changes(vault) == Changes(changed=("top.md",))
    edit(vault_root, "alpha/two.md", "Changed twice.\n")
    assert tracker.changes(session(vault_root)).changed == ("alpha/two.md", "top.md")


def test_marking_an_unchanged_note_writes_nothing(tracker, vault_root):
    tracker.changes(session(vault_root))

    def files() -> list[bytes]:
        wal = Path(f"{tracker.path}-wal")
        return [tracker.path.read_bytes(), wal.read_bytes() if wal.exists() else b""]

    before = files()
    tracker.mark_read(session(vault_root), "top.md")
    assert files() == before
    edit(vault_root, "top.md", "Changed.\n")
    tracker.mark_read(session(vault_root), "top.md")
    assert files() != before


def test_mark_all_read(tracker, vault_root):
    tracker.changes(session(vault_root))
    edit(vault_root, "alpha/two.md", "Changed.\n")
    edit(vault_root, "gamma/new.md", "New.\n")
    (vault_root / "top.md").unlink()
    tracker.mark_all_read(session(vault_root))
    assert tracker.changes(session(vault_root)) == Changes()


def test_marking_before_any_look_makes_the_whole_baseline(tracker, vault_root):
    tracker.mark_read(session(vault_root), "top.md")
    assert tracker.changes(session(vault_root)) == Changes()


def test_diff_against_the_version_last_seen(tracker, vault_root):
    tracker.changes(session(vault_root))
    edit(vault_root, "alpha/two.md", "Second note, about sleep and dreams.\n")
    vault = session(vault_root)
    segments = tracker.diff(vault, "alpha/two.md")
    assert segments is not None
    assert "".join(s.text for s in segments if s.kind != DELETED) == (
        "Second note, about sleep and dreams.\n"
    )
    assert [s.text for s in segments if s.kind == DELETED] == [" memory"]
    assert [s.text for s in segments if s.kind == INSERTED] == [" dreams"]
    tracker.mark_read(vault, "alpha/two.md")
    edit(vault_root, "alpha/two.md", "Second note, about dreams.\n")
    segments = tracker.diff(session(vault_root), "alpha/two.md")
    assert segments is not None
    assert [s.text for s in segments if s.kind == DELETED] == [" sleep and"]


def test_no_diff_without_a_kept_text(tracker, vault_root):
    tracker.changes(session(vault_root))
    edit(vault_root, "gamma/new.md", "New.\n")
    assert tracker.diff(session(vault_root), "gamma/new.md") is None  # never seen before
    (vault_root / "top.md").unlink()
    removed = tracker.diff(session(vault_root), "top.md")
    assert removed is not None
    assert [s.kind for s in removed] == [DELETED]


def test_kept_texts_are_bounded_oldest_dropped(vault_root, tmp_path):
    notes = {f"bulk/n{i:03}.md": os.urandom(3000).hex() for i in range(60)}
    write_files(vault_root, notes)
    budget = 40_000  # compressed hex: ~3.3 KB a note, so about a dozen fit
    tracker = ChangeTracker(vault_root, tmp_path / "c.sqlite3", text_budget=budget)
    tracker.changes(session(vault_root))

    def kept_bytes() -> int:
        with sqlite3.connect(tracker.path) as connection:
            return connection.execute("SELECT sum(length(data)) FROM texts").fetchone()[0]

    assert kept_bytes() <= budget
    for i in range(50, 60):  # read late: their texts are the newest
        edit(vault_root, f"bulk/n{i:03}.md", notes[f"bulk/n{i:03}.md"] + " more")
        tracker.mark_read(session(vault_root), f"bulk/n{i:03}.md")
    assert kept_bytes() <= budget
    edit(vault_root, "bulk/n059.md", "short now")
    edit(vault_root, "alpha/one.md", "changed")  # its text was pushed out by the newer ones
    vault = session(vault_root)
    assert tracker.diff(vault, "bulk/n059.md") is not None
    assert tracker.diff(vault, "alpha/one.md") is None
    assert tracker.changes(vault).changed == ("alpha/one.md", "bulk/n059.md")  # hashes stay


def test_kept_in_the_cache_folder_never_in_the_vault(vault_root):
    before = sorted(p.relative_to(vault_root) for p in vault_root.rglob("*"))
    tracker = ChangeTracker(vault_root)
    tracker.changes(session(vault_root))
    assert tracker.path == changes_path(vault_root)
    assert cache_root() in tracker.path.parents
    assert tracker.path.is_file()
    assert sorted(p.relative_to(vault_root) for p in vault_root.rglob("*")) == before


@pytest.mark.parametrize("content", [b"not a database at all" * 100, b""])
def test_a_damaged_baseline_starts_afresh(tracker, vault_root, content):
    tracker.changes(session(vault_root))
    tracker.path.write_bytes(content)
    for suffix in ("-wal", "-shm"):
        Path(f"{tracker.path}{suffix}").unlink(missing_ok=True)
    edit(vault_root, "top.md", "Changed.\n")  # unseen: the old baseline is lost
    assert tracker.changes(session(vault_root)) == Changes(first_run=True)
    assert tracker.changes(session(vault_root)) == Changes()


def test_a_foreign_sqlite_file_is_replaced(tracker, vault_root):
    tracker.path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(tracker.path) as connection:
        connection.execute("CREATE TABLE other (x)")
    assert tracker.changes(session(vault_root)).first_run
    assert tracker.changes(session(vault_root)) == Changes()


@pytest.mark.skipif(sys.platform != "linux", reason="needs byte file names and newlines")
def test_hostile_file_names(tracker, vault_root):
    odd = [
        os.fsdecode(b"bad-\xff\xfe-bytes.md"),  # not valid UTF-8: lone surrogates in Python
        "new\nline.md",
        "quote'\"; DROP TABLE baseline; --.md",
        "ünï/笔记 🙂.md",
        "%s %d {0}.md",
    ]
    for name in odd:
        write_files(vault_root, {name: f"text of {name!r}\n"})
    tracker.changes(session(vault_root))
    for name in odd:
        edit(vault_root, name, f"edited {name!r}\n")
    found = tracker.changes(session(vault_root))
    assert set(found.changed) == set(odd)
    assert tracker.diff(session(vault_root), odd[0]) is not None
    for name in odd:
        tracker.mark_read(session(vault_root), name)
    assert tracker.changes(session(vault_root)) == Changes()
    for name in odd:
        (vault_root / name).unlink()
    assert set(tracker.changes(session(vault_root)).removed) == set(odd)


def test_windows_and_the_command_line_share_one_baseline(vault_root):
    ChangeTracker(vault_root).changes(session(vault_root))
    edit(vault_root, "top.md", "Changed.\n")
    assert ChangeTracker(vault_root).changes(session(vault_root)).changed == ("top.md",)


def test_concurrent_trackers_keep_one_consistent_baseline(vault_root, tmp_path):
    path = tmp_path / "shared.sqlite3"
    write_files(vault_root, {f"many/n{i}.md": f"note {i}\n" for i in range(40)})
    vault = session(vault_root)
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def work(worker: int) -> None:
        tracker = ChangeTracker(vault_root, path)
        try:
            start.wait()
            tracker.changes(vault)
            for i in range(worker, 40, 4):
                tracker.mark_read(vault, f"many/n{i}.md")
            tracker.changes(vault)
        except BaseException as error:  # reported to the main thread below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ChangeTracker(vault_root, path).changes(vault) == Changes()


def test_a_cancelled_first_look_stops_and_writes_no_baseline(tracker, vault_root):
    vault = Vault.load(vault_root)
    polls = []

    def cancelled() -> bool:
        polls.append(1)
        return len(polls) > 2  # stop before the third file is read

    with pytest.raises(InterruptedError):
        tracker.changes(vault, cancelled)
    assert len(polls) == 3
    assert tracker.changes(vault).first_run  # nothing was written: the next look starts over
    top = vault_root / "top.md"
    top.write_text("A note at the TOP of the vault.\n", encoding="utf-8")  # same size
    os.utime(top, ns=(top.stat().st_atime_ns, top.stat().st_mtime_ns + 10**9))
    with pytest.raises(InterruptedError):  # its bytes would be read to compare: stopped first
        tracker.changes(Vault.load(vault_root), lambda: True)
    assert tracker.changes(Vault.load(vault_root)).changed == ("top.md",)


def test_a_busy_baseline_is_waited_on_not_thrown_away(tracker, vault_root, monkeypatch):
    vault = session(vault_root)
    tracker.changes(vault)
    edit(vault_root, "top.md", "Changed while another window held the file.\n")
    opened = ChangeTracker._open_checked
    refusals = iter([True, True])

    def busy_twice(self: ChangeTracker) -> sqlite3.Connection:
        if next(refusals, False):  # as SQLite answers a WAL switch made by another tracker
            raise sqlite3.OperationalError("database is locked")
        return opened(self)

    monkeypatch.setattr(ChangeTracker, "_open_checked", busy_twice)
    assert tracker.changes(session(vault_root)).changed == ("top.md",)


def test_a_lock_held_past_the_timeout_fails_the_look_but_keeps_the_baseline(
    tracker, vault_root, monkeypatch
):
    tracker.changes(session(vault_root))
    monkeypatch.setattr("viewer.core.changes.BUSY_TIMEOUT_MS", 50)

    def always_busy(self: ChangeTracker) -> sqlite3.Connection:
        raise sqlite3.OperationalError("database is locked")

    with monkeypatch.context() as patched:
        patched.setattr(ChangeTracker, "_open_checked", always_busy)
        with pytest.raises(sqlite3.OperationalError):
            tracker.changes(session(vault_root))
    edit(vault_root, "top.md", "Changed after the lock was let go.\n")
    assert tracker.changes(session(vault_root)).changed == ("top.md",)
