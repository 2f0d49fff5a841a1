"""The index cache: one SQLite database per vault, in the user's cache folder.

It holds each note's summary keyed by (path, mtime, size) and the parser version, so a
reopen reads rows instead of parsing the notes that did not change; a snapshot of the whole
linked vault (every summary and the link tables, in a few dozen blobs), so a reopen where
nothing changed restores the index in bulk; and the full-text index (see search.py). It is a
cache, so no failure of it may stop a vault from opening:
- anything unexpected in the file (corrupt, truncated or foreign, another schema, a newer
  parser) is thrown away and rebuilt, never repaired;
- a lock held by another process is waited on (WAL mode and a busy timeout let two windows
  share one cache), never taken for corruption: nothing is deleted under another process;
- storage that fails (a read-only or vanished cache folder, a folder where the file should
  be, a full disk) sends the cache into memory for the rest of the session; `memory_reason`
  says why, for a window to show once;
- each write is one transaction, so a kill mid-write leaves the cache as it was before.
It never lives inside the vault.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import sqlite3
import threading
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from .courtesy import paced, step_aside
from .parse import PARSER_VERSION
from .record import NoteInfo
from .scan import FileEntry
from .userdirs import cache_root, vault_key

log = logging.getLogger(__name__)

SCHEMA_VERSION = 6  # PRAGMA user_version: bump when tables change (6: packed link rows)
APPLICATION_ID = 0x56564931  # "VVI1": tells our files from any other SQLite file
BUSY_TIMEOUT_MS = 5000
# A reopen reads the snapshot's blobs (68 MB on 100,000 notes) as chains of overflow pages:
# 0.27 s at SQLite's default 4 KiB, 0.09 s at 32 KiB. A note's row costs 13 us instead of 9.
PAGE_SIZE = 32768

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notes (
    path TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    summary BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshot (key TEXT PRIMARY KEY, value BLOB NOT NULL);
"""

# SQLite's primary result codes, by what they mean for a cache.
_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED: another connection holds a lock
_CORRUPT_CODES = {11, 24, 26}  # SQLITE_CORRUPT, SQLITE_FORMAT, SQLITE_NOTADB
# SQLITE_PERM, READONLY, IOERR, FULL, CANTOPEN, PROTOCOL, NOLFS, AUTH: the storage fails.
_STORAGE_CODES = {3, 8, 10, 13, 14, 15, 22, 23}
BUSY, CORRUPT, STORAGE, OTHER = "busy", "corrupt", "storage", "other"


def error_kind(error: sqlite3.Error) -> str:
    """BUSY (wait, or go around it), CORRUPT (rebuild), STORAGE (the disk or folder cannot be
    used: read-only, full, gone, unopenable) or OTHER (a statement SQLite rejects)."""
    message = str(error).lower()
    if "no such table" in message or "no such column" in message:
        return CORRUPT  # the file lacks what every cache has
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        primary = code & 0xFF
        if primary in _BUSY_CODES:
            return BUSY
        if primary in _CORRUPT_CODES:
            return CORRUPT
        if primary in _STORAGE_CODES:
            return STORAGE
        return OTHER
    if "locked" in message or "busy" in message:
        return BUSY
    if "malformed" in message or "not a database" in message or "corrupt" in message:
        return CORRUPT
    if any(word in message for word in ("readonly", "read-only", "disk", "unable to open", "i/o")):
        return STORAGE
    return OTHER


def db_text(value: str) -> str | bytes:
    """`value` as SQLite can store it. A file name that is not valid UTF-8 reaches Python
    with its bytes as surrogate escapes, which SQLite refuses; such a name is stored as its
    bytes, so every file name works (`from_db` turns it back)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogateescape")
    return value


def from_db(value: str | bytes) -> str:
    return value if isinstance(value, str) else value.decode("utf-8", "surrogateescape")


# Entries per snapshot blob: each decodes in about 10 ms, and marshal holds the interpreter
# lock while it decodes, so a window's event loop never waits longer than that for a reopen.
SNAPSHOT_CHUNK = 4096
T = TypeVar("T")


def _slices(items: list[T]) -> Iterator[list[T]]:
    """`items` SNAPSHOT_CHUNK at a time: each C-level pass (hashing, marshal) over a slice
    holds the interpreter lock only that long."""
    for start in range(0, len(items), SNAPSHOT_CHUNK):
        yield items[start : start + SNAPSHOT_CHUNK]


def fingerprint(notes: list[FileEntry], attachments: list[FileEntry]) -> str:
    """Identity of a vault's files as a scan lists them: every note's and attachment's path,
    modification time and size, and the parser version. A snapshot stored under an equal
    fingerprint is exactly the vault on disk (counting notes instead let a note edited while
    the window was open keep its old links). Hashed column by column, at C speed: 100,000
    entries take a few tens of milliseconds."""
    digest = hashlib.blake2b(str(PARSER_VERSION).encode(), digest_size=16)
    for entries in (notes, attachments):
        digest.update(f"{len(entries)}\0".encode())
        for part in _slices(entries):
            names = "\0".join(map(itemgetter(0), part))
            digest.update(f"{names}\0".encode("utf-8", "surrogateescape"))
            digest.update(array("q", map(itemgetter(1), part)).tobytes())
            digest.update(array("q", map(itemgetter(2), part)).tobytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """A whole linked vault as the cache stores and restores it in bulk: every note's summary
    (`NoteInfo.fields`, in path order) and the link tables (see `Vault.link_tables`), valid
    while the vault's files have `fingerprint`; and the `listing` they were made from (see
    `Listing`), which a window restores before it scans again."""

    fingerprint: str
    notes: list[tuple[Any, ...]]
    links: tuple[dict[str, Any], ...]
    listing: Listing | None = None

    def blobs(self) -> Iterator[tuple[str, bytes]]:
        """(key, value) rows: the fingerprint, then chunks that sort in reading order. Made
        as they are written: made all at once, they were 40-70 MB of a window's peak memory
        on 21,000 notes, freed a moment later."""
        yield "fingerprint", self.fingerprint.encode()
        for number, part in enumerate(_slices(self.notes)):
            step_aside()
            yield f"notes:{number:06d}", marshal.dumps(part)
        number = 0
        for table, mapping in enumerate(self.links):
            items = iter(mapping.items())
            while chunk := list(islice(items, SNAPSHOT_CHUNK)):
                step_aside()
                yield f"links:{number:06d}", marshal.dumps((table, chunk))
                number += 1
        yield "tables", marshal.dumps(len(self.links))
        if self.listing is not None:
            yield "listing", self.listing.blob()


@dataclass(frozen=True)
class Listing:
    """The files a snapshot was made from, as a scan listed them, and whether symlinks out of
    the vault were followed."""

    notes: list[FileEntry]
    attachments: list[FileEntry]
    problems: list[tuple[str, str, str]]
    allow_outside: bool

    def blob(self) -> bytes:
        """Marshalled a slice at a time: one pass over 100,000 entries held the interpreter
        lock for 0.2 s (a 430 ms stall of the window after a cold index)."""
        chunks = []
        for part in _slices([tuple(entry) for entry in paced(self.notes)]):
            step_aside()
            chunks.append(marshal.dumps(part))
        return marshal.dumps(
            (
                self.allow_outside,
                chunks,
                [tuple(entry) for entry in self.attachments],
                [tuple(problem) for problem in self.problems],
            )
        )

    @classmethod
    def from_blob(cls, blob: bytes) -> Listing:
        allow_outside, chunks, attachments, problems = marshal.loads(blob)
        notes = [FileEntry._make(row) for chunk in chunks for row in marshal.loads(chunk)]
        return cls(
            notes,
            [FileEntry._make(row) for row in attachments],
            [tuple(problem) for problem in problems],
            bool(allow_outside),
        )


def cache_path(vault_root: str | os.PathLike[str]) -> Path:
    return cache_root() / "index" / f"{vault_key(vault_root)}.sqlite3"


class CacheUnavailable(Exception):
    """The cache cannot be used at all (kept for callers; the cache now falls back to
    memory instead of raising it)."""


class SharedConnection(sqlite3.Connection):
    """The one connection of a cache kept in memory, used from every thread: `transaction`
    takes its lock, so two threads never interleave their transactions."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lock = threading.RLock()


class IndexCache:
    """Access to one vault's cache database; a connection per thread (one shared connection
    when the cache had to move into memory)."""

    def __init__(self, vault_root: str | os.PathLike[str], path: Path | None = None) -> None:
        self.vault_root = Path(vault_root).resolve()
        self.path = path or cache_path(self.vault_root)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []  # every thread's, for close_all
        self.discarded_reason: str | None = None  # why an old file was thrown away, if it was
        # Why the cache lives in memory for this session (None while it uses its file).
        self.memory_reason: str | None = None
        # Rows `load_notes` found for no listed note (deleted files): dropped by the next
        # `save`, so that every row matching every note proves the link tables current.
        self.unmatched_rows: list[str] = []
        self._memory: SharedConnection | None = None

    @property
    def in_memory(self) -> bool:
        """True when the cache's file could not be used and it lives in memory instead."""
        return self.memory_reason is not None

    # -- connection ------------------------------------------------------------------------------

    def connect(self) -> sqlite3.Connection:
        memory = self._memory
        if memory is not None:
            return memory
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is not None:
            return connection
        with self._lock:
            opened = self._open()
            if opened is not self._memory:
                self._connections.append(opened)  # for close_all, from any thread
        if opened is not self._memory:
            self._local.connection = opened
        return opened

    def _open(self) -> sqlite3.Connection:
        if self._memory is not None:
            return self._memory
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._open_checked()
        except OSError as error:
            return self.fall_back_to_memory(f"cannot use {self.path}: {error}")
        except sqlite3.Error as error:
            kind, problem = error_kind(error), str(error)
        if kind == BUSY:
            waited = BUSY_TIMEOUT_MS // 1000
            return self.fall_back_to_memory(
                f"another process held {self.path} locked for over {waited} s"
            )
        if kind == STORAGE:
            return self.fall_back_to_memory(f"cannot use {self.path}: {problem}")
        try:  # corrupt: rebuild it once
            self.discard(f"unreadable cache file ({problem})")
            return self._open_checked()
        except (OSError, sqlite3.Error) as again:
            return self.fall_back_to_memory(f"cannot rebuild {self.path}: {again}")

    def _open_checked(self) -> sqlite3.Connection:
        # Each thread uses its own connection; only `close_all` touches another thread's, once
        # nothing uses them any more.
        connection = sqlite3.connect(
            self.path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            fresh = tables == 0 and application_id == 0
            if not fresh and (application_id != APPLICATION_ID or version != SCHEMA_VERSION):
                connection.close()
                ours = application_id == APPLICATION_ID
                self.discard(
                    f"schema {version}, expected {SCHEMA_VERSION}"
                    if ours
                    else "not a Vault Viewer cache",
                    upgrade=ours and version < SCHEMA_VERSION,
                )
                connection = sqlite3.connect(
                    self.path,
                    timeout=BUSY_TIMEOUT_MS / 1000,
                    isolation_level=None,
                    check_same_thread=False,
                )
                connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                fresh = True
            if fresh:  # (fixed once the file has pages, and in WAL mode)
                connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            self._initialise(connection, fresh)
            connection.execute("SELECT count(*) FROM notes").fetchone()  # reads a page: detects
        except BaseException:  # truncation and garbage that the header check misses
            connection.close()
            raise
        return connection

    def _initialise(self, connection: sqlite3.Connection, fresh: bool) -> None:
        if fresh:
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.executescript(_SCHEMA)
        from .search import ensure_schema  # the full-text tables live in the same file

        ensure_schema(connection)
        stored = dict(connection.execute("SELECT key, value FROM meta"))
        wanted = {"parser": str(PARSER_VERSION), "vault": db_text(str(self.vault_root))}
        if any(stored.get(key) != value for key, value in wanted.items()):
            # Written only when it changes: a reopen should not wait on a write.
            with transaction(connection):
                if stored.get("parser") != wanted["parser"]:
                    connection.execute("DELETE FROM notes")
                    connection.execute("DELETE FROM snapshot")
                connection.executemany(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?)", list(wanted.items())
                )

    def fall_back_to_memory(self, reason: str) -> sqlite3.Connection:
        """Keep the cache in memory for the rest of the session (said once, in the log and in
        `memory_reason`); the vault, its search and everything else keep working."""
        if self._memory is None:
            self.memory_reason = reason
            log.warning("index cache kept in memory: %s", reason)
            connection: SharedConnection = sqlite3.connect(
                ":memory:",
                isolation_level=None,
                check_same_thread=False,
                factory=SharedConnection,
            )
            self._initialise(connection, fresh=True)
            self._memory = connection
        return self._memory

    def discard(self, reason: str, *, upgrade: bool = False) -> None:
        """Delete the cache file (and its WAL files) so it is rebuilt from the notes. Raises
        OSError when the files cannot be deleted (a read-only folder). An `upgrade` (a cache
        an earlier version wrote) is expected, so it is logged as news, not as a warning."""
        level = logging.INFO if upgrade else logging.WARNING
        log.log(level, "discarding index cache %s: %s", self.path, reason)
        self.discarded_reason = reason
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").unlink()

    def close(self) -> None:
        """Close this thread's connection to the file (a cache in memory stays open: closing
        it would lose it)."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None
            with self._lock:
                if connection in self._connections:
                    self._connections.remove(connection)

    def close_all(self) -> None:
        """Close every thread's connection, once no thread uses the cache any more (a vault
        closed): a connection is a reference cycle that holds a page cache and a file open,
        which must not wait for the cyclic collector."""
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
        self._local = threading.local()

    def _failed(self, error: sqlite3.Error, doing: str) -> None:
        """A read or write failed after opening: rebuild a corrupt file, move into memory when
        the storage fails, and let a busy lock be (the next attempt waits again)."""
        kind = error_kind(error)
        if kind == STORAGE:
            self.fall_back_to_memory(f"{doing} failed: {error}")
        elif kind == CORRUPT and self._memory is None:
            try:
                self.discard(f"{doing} failed: {error}")
            except OSError as cannot:
                self.fall_back_to_memory(f"cannot rebuild {self.path}: {cannot}")
        else:
            log.warning("index cache: %s failed (%s); trying again later", doing, error)

    # -- notes -------------------------------------------------------------------------------

    def load_notes(self, entries: Iterable[FileEntry]) -> tuple[list[NoteInfo], list[FileEntry]]:
        """Cached notes for `entries` whose mtime and size still match, and the stale rest."""
        try:
            # Summaries only: a note's full parse is read from its file again if a reader ever
            # opens it (the same parse), so a reopen reads a fraction of the bytes.
            rows = (
                self.connect().execute("SELECT path, mtime_ns, size, summary FROM notes").fetchall()
            )
        except sqlite3.Error as error:
            self._failed(error, "reading notes")
            return [], list(entries)
        cached = {row[0] if type(row[0]) is str else from_db(row[0]): row for row in rows}
        fresh: list[NoteInfo] = []
        stale: list[FileEntry] = []
        entries = list(entries)
        loads = marshal.loads
        for entry in entries:
            row = cached.get(entry.path)
            if row is not None and row[1] == entry.mtime_ns and row[2] == entry.size:
                try:
                    fresh.append(NoteInfo(loads(row[3]), b""))
                    continue
                except (ValueError, EOFError, TypeError):
                    pass  # a damaged row: parse the note again
            stale.append(entry)
        if len(cached) > len(entries) - len(stale):
            listed = {entry.path for entry in entries}
            self.unmatched_rows = [path for path in cached if path not in listed]
        else:
            self.unmatched_rows = []
        return fresh, stale

    def save(
        self,
        notes: Iterable[NoteInfo],
        files: dict[str, FileEntry],
        *,
        replace: bool,
        snapshot: Snapshot | None = None,
        removed: Iterable[str] = (),
    ) -> bool:
        """Write `notes` (all of them when `replace`: other rows go; else `removed` rows go)
        and the vault's snapshot, in one transaction; False when the cache could not take
        them (see `memory_reason`). A kill mid-write leaves the cache as it was."""
        gone = [(db_text(path),) for path in removed]
        # Rows made as SQLite takes them, not listed first: see `Snapshot.blobs`.
        rows = (
            (db_text(note.path), entry.mtime_ns, entry.size, marshal.dumps(note.fields()))
            for note in paced(notes)
            if (entry := files.get(note.path)) is not None
        )
        try:
            connection = self.connect()
            with transaction(connection):
                if replace:
                    connection.execute("DELETE FROM notes")
                elif gone:
                    connection.executemany("DELETE FROM notes WHERE path = ?", gone)
                connection.executemany("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?)", rows)
                if snapshot is not None:
                    connection.execute("DELETE FROM snapshot")
                    connection.executemany("INSERT INTO snapshot VALUES (?, ?)", snapshot.blobs())
        except sqlite3.Error as error:
            self._failed(error, "writing the index")
            return False
        return True

    def store_notes(self, notes: Iterable[NoteInfo], files: dict[str, FileEntry]) -> int:
        """Replace the cached notes with `notes` (rows for other paths are deleted)."""
        notes = list(notes)
        self.save(notes, files, replace=True)
        return sum(1 for note in notes if note.path in files)

    def update_notes(
        self, changed: Iterable[tuple[NoteInfo, FileEntry]], removed: Iterable[str] = ()
    ) -> None:
        """Write changed notes and drop removed ones, in one transaction."""
        rows = [
            (db_text(n.path), e.mtime_ns, e.size, marshal.dumps(n.fields())) for n, e in changed
        ]
        try:
            connection = self.connect()
            with transaction(connection):
                connection.executemany("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?)", rows)
                connection.executemany(
                    "DELETE FROM notes WHERE path = ?", [(db_text(p),) for p in removed]
                )
                # The snapshot no longer describes the vault: the next open relinks from rows.
                connection.execute("DELETE FROM snapshot WHERE key = 'fingerprint'")
        except sqlite3.Error as error:
            self._failed(error, "updating notes")

    # -- the snapshot ------------------------------------------------------------------------

    def has_snapshot(self, fingerprint: str) -> bool:
        """Whether a snapshot was stored for a vault whose files had `fingerprint` (one small
        read; `load_snapshot` may still find it damaged)."""
        try:
            found = (
                self.connect()
                .execute("SELECT value FROM snapshot WHERE key = 'fingerprint'")
                .fetchone()
            )
        except sqlite3.Error as error:
            self._failed(error, "reading the snapshot")
            return False
        return found is not None and found[0] == fingerprint.encode()

    def has_listing(self) -> bool:
        """Whether the stored snapshot carries its listing (older caches' do not)."""
        try:
            query = "SELECT 1 FROM snapshot WHERE key = 'listing'"
            return self.connect().execute(query).fetchone() is not None
        except sqlite3.Error as error:
            self._failed(error, "reading the snapshot")
            return False

    def load_listing(self) -> tuple[str, Listing] | None:
        """(the fingerprint, or "" once live changes made it stale; the listing) of the
        snapshot stored last, whatever the files are now; None without one."""
        try:
            found = dict(
                self.connect().execute(
                    "SELECT key, value FROM snapshot WHERE key IN ('fingerprint', 'listing')"
                )
            )
            if "listing" not in found:
                return None
            return found.get("fingerprint", b"").decode(), Listing.from_blob(found["listing"])
        except sqlite3.Error as error:
            self._failed(error, "reading the snapshot")
        except (ValueError, EOFError, TypeError, IndexError, UnicodeDecodeError) as error:
            log.warning("index cache: damaged snapshot listing (%s)", error)
        return None

    def load_snapshot(self, fingerprint: str | None) -> tuple[list[NoteInfo], tuple] | None:
        """(every note, the link tables) stored for a vault whose files had `fingerprint`
        (None: the snapshot stored last, whatever its files), else None (another vault
        state, or a damaged snapshot). Read in one transaction, so a snapshot another process
        writes meanwhile is never half read."""
        notes: list[NoteInfo] = []
        try:
            connection = self.connect()
            with reading(connection):
                found = dict(
                    connection.execute(
                        "SELECT key, value FROM snapshot WHERE key IN ('fingerprint', 'tables')"
                    )
                )
                if "tables" not in found or (
                    fingerprint is not None and found.get("fingerprint") != fingerprint.encode()
                ):
                    return None
                tables: tuple[dict[str, Any], ...] = tuple(
                    {} for _ in range(marshal.loads(found["tables"]))
                )
                # Row by row, not fetchall: each blob is decoded (and freed) before the next
                # is read.
                for key, value in connection.execute(
                    "SELECT key, value FROM snapshot WHERE key > 'links:' AND key < 'links;' "
                    "OR key > 'notes:' AND key < 'notes;' ORDER BY key"
                ):
                    if key.startswith("notes:"):
                        notes.extend([NoteInfo(row, b"") for row in marshal.loads(value)])
                    else:
                        table, items = marshal.loads(value)
                        tables[table].update(items)
        except sqlite3.Error as error:
            self._failed(error, "reading the snapshot")
            return None
        except (ValueError, EOFError, TypeError, IndexError) as error:
            log.warning("index cache: damaged snapshot (%s); relinking", error)
            return None
        return notes, tables

    def note_count(self) -> int:
        return self.connect().execute("SELECT count(*) FROM notes").fetchone()[0]


@contextlib.contextmanager
def reading(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A read transaction: every query inside sees one state of the file (WAL mode lets a
    writer go on meanwhile)."""
    lock = getattr(connection, "lock", None)
    with lock if lock is not None else contextlib.nullcontext():
        connection.execute("BEGIN")
        try:
            yield connection
        finally:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("COMMIT")


@contextlib.contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """An explicit IMMEDIATE transaction (the connection runs in autocommit mode); on a
    connection shared between threads, under its lock."""
    lock = getattr(connection, "lock", None)
    with lock if lock is not None else contextlib.nullcontext():
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            with contextlib.suppress(sqlite3.Error):  # (a failed COMMIT may have ended it)
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
