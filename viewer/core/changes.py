"""What changed since I last read: notes added, changed and removed against a per-vault baseline.

The baseline is the vault as the reader last saw it: per note its modification time, size and
a content hash, plus (within a size budget) the compressed text, so that a changed note can be
shown as a word-level diff against the version the reader saw. A generated wiki is regenerated
in bulk, touching files whose text did not change: a note only counts as changed when its
bytes differ, and the hash is only computed for files whose size and time both moved.

Kept in one SQLite file per vault in the user's cache folder (never in the vault): WAL mode and
short IMMEDIATE transactions let two windows and the command line share it. It is a cache: a
damaged or foreign file is thrown away, and the next look makes a new baseline.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .cache import BUSY, STORAGE, error_kind, reading, transaction
from .names import natural_key, top_folder
from .parse import decode
from .userdirs import cache_root, vault_key
from .vault import Vault
from .worddiff import DiffSegment, word_diff

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
APPLICATION_ID = 0x56564348  # "VVCH": tells our files from any other SQLite file
BUSY_TIMEOUT_MS = 5000
# Compressed note texts kept for diffs, per vault; the oldest go first.
TEXT_BUDGET_BYTES = 24 * 1024 * 1024
# A note larger than this is remembered by its hash only (its diff would not be read anyway).
MAX_TEXT_BYTES = 2 * 1024 * 1024

ADDED, CHANGED, REMOVED = "added", "changed", "removed"

IsCancelled = Callable[[], bool]  # polled by long looks; true: stop (InterruptedError)


def _never() -> bool:
    return False


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS baseline (
    path BLOB PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    digest BLOB
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS texts (
    path BLOB PRIMARY KEY,
    digest BLOB NOT NULL,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS texts_by_age ON texts (seq);
"""


@dataclass(frozen=True, slots=True)
class ChannelChanges:
    """The changes inside one channel (top folder); `channel` '' is the top level."""

    channel: str
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Changes:
    """Notes added, changed and removed since the baseline, each sorted by path.
    `first_run`: there was no baseline, so this look made one and nothing is listed."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    first_run: bool = False

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def __len__(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)

    def status(self, path: str) -> str | None:
        """ADDED, CHANGED, REMOVED or None (read, or never seen)."""
        for kind, paths in ((ADDED, self.added), (CHANGED, self.changed), (REMOVED, self.removed)):
            if path in paths:
                return kind
        return None

    def to_json(self) -> dict[str, list[str]]:
        """Exactly what `python -m viewer changes --json` prints."""
        return {ADDED: list(self.added), CHANGED: list(self.changed), REMOVED: list(self.removed)}

    def by_channel(self) -> list[ChannelChanges]:
        """The changes grouped by channel: channels in natural order, the top level last."""
        groups: dict[str, tuple[list[str], list[str], list[str]]] = {}
        for index, paths in enumerate((self.added, self.changed, self.removed)):
            for path in paths:
                groups.setdefault(top_folder(path), ([], [], []))[index].append(path)
        order = sorted(groups, key=lambda c: (c == "", natural_key(c), c))
        return [ChannelChanges(c, *(tuple(paths) for paths in groups[c])) for c in order]


def changes_path(vault_root: str | os.PathLike[str]) -> Path:
    return cache_root() / "changes" / f"{vault_key(vault_root)}.sqlite3"


def digest_of(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class ChangeTracker:
    """The baseline of one vault. Every method opens its own connection, so any thread may
    call any of them; reading files happens outside write transactions. Methods raise OSError
    or sqlite3.Error when the cache folder cannot be used (a damaged file is replaced)."""

    def __init__(
        self,
        vault_root: str | os.PathLike[str],
        path: Path | None = None,
        *,
        text_budget: int = TEXT_BUDGET_BYTES,
    ) -> None:
        self.vault_root = Path(vault_root)
        self.path = path or changes_path(self.vault_root)
        self.text_budget = text_budget

    # -- the questions a window asks -----------------------------------------------------------

    def changes(self, vault: Vault, cancelled: IsCancelled = _never) -> Changes:
        """The vault's notes against the baseline. The first look at a vault makes its current
        state the baseline and lists nothing; later looks never move it (a note whose time
        moved but whose bytes did not only has its recorded time brought up to date).
        `cancelled()` is polled before each file read (the first look reads every note: a
        window closing meanwhile must not wait); when it turns true, InterruptedError is
        raised and nothing is written."""
        with self._connection() as connection:
            baseline = _baseline(connection)
        if baseline is None:
            self._write_baseline(vault, full=True, cancelled=cancelled)
            return Changes(first_run=True)
        current = _current_entries(vault)
        added = sorted(path for path in current if path not in baseline)
        removed = sorted(path for path in baseline if path not in current)
        changed: list[str] = []
        touched: list[tuple[str, int, int, bytes]] = []
        for path, (mtime_ns, size) in current.items():
            known = baseline.get(path)
            if known is None or (known[0], known[1]) == (mtime_ns, size):
                continue
            if known[1] != size or known[2] is None:
                changed.append(path)
                continue
            _check(cancelled)
            data = _read(vault, path)
            digest = digest_of(data) if data is not None else None
            if digest == known[2]:
                touched.append((path, mtime_ns, size, digest))
            else:
                changed.append(path)
        if touched:
            with self._connection() as connection, transaction(connection):
                _store_entries(connection, touched)
        return Changes(tuple(added), tuple(sorted(changed)), tuple(removed))

    def mark_read(self, vault: Vault, path: str) -> None:
        """The reader has seen the note as it is now (or seen that it is gone): its baseline
        entry moves to the current state and it leaves the list. Cheap for a note that has not
        changed (nothing is read or written), so the window may call it on every note it opens."""
        current = _current_entries(vault, only=path)
        if path not in current:
            with self._connection() as connection, transaction(connection):
                _forget(connection, [path])
            return
        mtime_ns, size = current[path]
        with self._connection() as connection:
            exists = _baseline_exists(connection)
            known = connection.execute(
                "SELECT mtime_ns, size FROM baseline WHERE path = ?", (_key(path),)
            ).fetchone()
        if not exists:  # the first look at the vault: all of it is the baseline
            self._write_baseline(vault, full=True)
            return
        if known == (mtime_ns, size):
            return
        data = _read(vault, path)
        digest = digest_of(data) if data is not None else None
        with self._connection() as connection, transaction(connection):
            _store_entries(connection, [(path, mtime_ns, size, digest)])
            self._store_texts(connection, _compressed(path, digest, data))

    def mark_all_read(self, vault: Vault, cancelled: IsCancelled = _never) -> None:
        """Make the vault's current state the baseline ("Mark All Read", `--mark-read`);
        `cancelled` as in `changes`."""
        self._write_baseline(vault, full=False, cancelled=cancelled)

    def diff(self, vault: Vault, path: str) -> list[DiffSegment] | None:
        """The note's word-level changes since the version in the baseline; None when that
        version's text was not kept (a new note, a large one, or one dropped for space)."""
        with self._connection() as connection:
            row = connection.execute(
                "SELECT t.data FROM texts t JOIN baseline b ON b.path = t.path"
                " WHERE t.path = ? AND t.digest = b.digest",
                (_key(path),),
            ).fetchone()
        if row is None:
            return None
        try:
            old = decode(zlib.decompress(row[0]))[0]
        except zlib.error:
            return None
        if path not in vault.notes:
            new: str | None = ""
        else:
            data = _read(vault, path)
            new = decode(data)[0] if data is not None else None
        if old is None or new is None:
            return None
        return word_diff(old, new)

    def forget(self) -> None:
        """Delete the baseline: the next look at the vault starts afresh."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").unlink()

    # -- baseline ------------------------------------------------------------------------------

    def _write_baseline(self, vault: Vault, *, full: bool, cancelled: IsCancelled = _never) -> None:
        """Bring every entry up to the vault's current state. Unchanged entries (same time and
        size) keep their hash and text; the rest are read, outside any transaction."""
        with self._connection() as connection:
            baseline = {} if full else (_baseline(connection) or {})
        current = _current_entries(vault)
        entries: list[tuple[str, int, int, bytes | None]] = []
        texts: list[tuple[str, bytes, bytes]] = []
        room = self.text_budget
        for path, (mtime_ns, size) in current.items():
            known = baseline.get(path)
            if known is not None and (known[0], known[1]) == (mtime_ns, size):
                continue
            _check(cancelled)
            data = _read(vault, path)
            digest = digest_of(data) if data is not None else None
            entries.append((path, mtime_ns, size, digest))
            if room > 0:  # texts beyond the budget would only push these out again
                for kept in _compressed(path, digest, data):
                    texts.append(kept)
                    room -= len(kept[2])
        removed = [path for path in baseline if path not in current]
        with self._connection() as connection, transaction(connection):
            if full:
                if _baseline_exists(connection):
                    return  # another window made it first: theirs stands
                connection.execute("DELETE FROM baseline")
                connection.execute("DELETE FROM texts")
            _ensure_baseline(connection)
            _forget(connection, removed)
            _store_entries(connection, entries)
            self._store_texts(connection, texts)

    def _store_texts(
        self, connection: sqlite3.Connection, texts: list[tuple[str, bytes, bytes]]
    ) -> None:
        """Store (path, digest, compressed text) rows as the newest, then drop the oldest
        until the texts fit the budget."""
        if not texts:
            return
        seq = connection.execute("SELECT coalesce(max(seq), 0) FROM texts").fetchone()[0]
        connection.executemany(
            "INSERT OR REPLACE INTO texts VALUES (?, ?, ?, ?)",
            [
                (_key(path), digest, seq + n, data)
                for n, (path, digest, data) in enumerate(texts, 1)
            ],
        )
        total = connection.execute("SELECT coalesce(sum(length(data)), 0) FROM texts").fetchone()[0]
        if total <= self.text_budget:
            return
        cutoff = None
        for row_seq, length in connection.execute(
            "SELECT seq, length(data) FROM texts ORDER BY seq"
        ):
            total -= length
            cutoff = row_seq
            if total <= self.text_budget:
                break
        connection.execute("DELETE FROM texts WHERE seq <= ?", (cutoff,))

    # -- the database --------------------------------------------------------------------------

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        connection = self._open()
        try:
            yield connection
        finally:
            connection.close()

    def _open(self) -> sqlite3.Connection:
        """A checked connection. A busy file is waited on, a failing disk is reported, and only
        a damaged or foreign file is thrown away: deleting it under another tracker that holds
        it open would break that tracker's look midway."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause = 0.005
        while True:
            try:
                return self._open_checked()
            except sqlite3.DatabaseError as error:
                kind = error_kind(error)
                if kind == STORAGE:
                    raise
                if kind != BUSY:
                    log.warning("discarding changes baseline %s: %s", self.path, error)
                    self.forget()
                    return self._open_checked()
                # Switching a new file to WAL returns "locked" at once, without the busy
                # handler, while another tracker makes the same switch.
                if time.monotonic() > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.1)

    def _open_checked(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
        )
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            with reading(connection):  # one state of the file, not three
                _check_identity(connection)
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            # Created whole, by one of the trackers that open a new file at once: another
            # tracker read the header between a creator's statements (id 0 beside tables)
            # and discarded the baseline being made.
            with transaction(connection):
                if not _check_identity(connection):
                    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    for statement in filter(str.strip, _SCHEMA.split(";")):
                        connection.execute(statement)
            connection.execute("SELECT count(*) FROM baseline").fetchone()  # reads a page
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection


def _check_identity(connection: sqlite3.Connection) -> int:
    """The number of tables in the file; DatabaseError when they are not this version's."""
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if (application_id, version) != (APPLICATION_ID, SCHEMA_VERSION) and tables:
        raise sqlite3.DatabaseError(
            f"not a baseline of this version (id {application_id:#x}, schema {version})"
        )
    return tables


def _check(cancelled: IsCancelled) -> None:
    if cancelled():
        raise InterruptedError("looking for changes was cancelled")


def _read(vault: Vault, path: str) -> bytes | None:
    try:
        return (vault.root / path).read_bytes()
    except OSError:
        return None  # unreadable now: counts as changed, and is read again next time


def _compressed(
    path: str, digest: bytes | None, data: bytes | None
) -> list[tuple[str, bytes, bytes]]:
    """The (path, digest, compressed text) row to keep for a diff, if the note has one."""
    if data is None or digest is None or len(data) > MAX_TEXT_BYTES:
        return []
    return [(path, digest, zlib.compress(data, 1))]


# Paths are stored as UTF-8 bytes with surrogate escapes: a file name that is not valid UTF-8
# is still a note (Python gives it lone surrogates, which SQLite's text cannot hold).
def _key(path: str) -> bytes:
    return path.encode("utf-8", "surrogateescape")


def _path(key: bytes) -> str:
    return key.decode("utf-8", "surrogateescape")


_Baseline = dict[str, tuple[int, int, bytes | None]]


def _baseline_exists(connection: sqlite3.Connection) -> bool:
    return connection.execute("SELECT 1 FROM meta WHERE key = 'baseline'").fetchone() is not None


def _baseline(connection: sqlite3.Connection) -> _Baseline | None:
    """{path: (mtime_ns, size, digest)}, or None when the vault has no baseline yet."""
    if not _baseline_exists(connection):
        return None
    rows = connection.execute("SELECT path, mtime_ns, size, digest FROM baseline")
    return {_path(key): (mtime_ns, size, digest) for key, mtime_ns, size, digest in rows}


def _ensure_baseline(connection: sqlite3.Connection) -> None:
    connection.execute("INSERT OR IGNORE INTO meta VALUES ('baseline', '1')")


def _store_entries(
    connection: sqlite3.Connection, entries: Iterable[tuple[str, int, int, bytes | None]]
) -> None:
    connection.executemany(
        "INSERT OR REPLACE INTO baseline VALUES (?, ?, ?, ?)",
        [(_key(path), mtime_ns, size, digest) for path, mtime_ns, size, digest in entries],
    )


def _forget(connection: sqlite3.Connection, paths: Iterable[str]) -> None:
    keys = [(_key(path),) for path in paths]
    connection.executemany("DELETE FROM baseline WHERE path = ?", keys)
    connection.executemany("DELETE FROM texts WHERE path = ?", keys)


def _current_entries(vault: Vault, only: str | None = None) -> dict[str, tuple[int, int]]:
    """{note path: (mtime_ns, size)} as the vault indexed them; a note indexed without its
    stat data (built in memory) is looked up on disk."""
    paths = [only] if only is not None else vault.notes
    entries: dict[str, tuple[int, int]] = {}
    for path in paths:
        if path not in vault.notes:
            continue
        entry = vault.files.get(path)
        if entry is not None:
            entries[path] = (entry.mtime_ns, entry.size)
            continue
        try:
            info = (vault.root / path).stat()
        except OSError:
            continue
        entries[path] = (info.st_mtime_ns, info.st_size)
    return entries
