"""The index cache: one SQLite database per vault, in the user's cache folder.

It holds each note's packed parse keyed by (path, mtime, size) and the parser version, so a
warm reopen reads rows instead of parsing files, plus the full-text index (see search.py).
It is a cache: anything unexpected (a corrupt, truncated or foreign file, another schema, a
newer parser) is thrown away and rebuilt, never repaired. Two running windows on one vault
share it safely through WAL mode and a busy timeout. It never lives inside the vault.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from .parse import PARSER_VERSION
from .record import NoteInfo
from .scan import FileEntry
from .userdirs import cache_root, vault_key

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3  # PRAGMA user_version: bump when tables change
APPLICATION_ID = 0x56564931  # "VVI1": tells our files from any other SQLite file
BUSY_TIMEOUT_MS = 5000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notes (
    path TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    summary BLOB NOT NULL,
    packed BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshot (key TEXT PRIMARY KEY, value BLOB NOT NULL);
"""


def fingerprint(notes: Iterable[FileEntry], attachments: Iterable[FileEntry]) -> str:
    """Identity of a vault's files (paths, times, sizes): equal fingerprints mean every link
    resolves as it did."""
    data = marshal.dumps(
        (PARSER_VERSION, [tuple(e) for e in notes], [tuple(e) for e in attachments])
    )
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def cache_path(vault_root: str | os.PathLike[str]) -> Path:
    return cache_root() / "index" / f"{vault_key(vault_root)}.sqlite3"


class CacheUnavailable(Exception):
    """The cache cannot be used (read-only disk, locked for too long, ...)."""


class IndexCache:
    """Access to one vault's cache database; a connection per thread."""

    def __init__(self, vault_root: str | os.PathLike[str], path: Path | None = None) -> None:
        self.vault_root = Path(vault_root).resolve()
        self.path = path or cache_path(self.vault_root)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []  # every thread's, for close_all
        self.discarded_reason: str | None = None  # why an old file was thrown away, if it was

    # -- connection ------------------------------------------------------------------------------

    def connect(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            with self._lock:
                connection = self._open()
                self._connections.append(connection)
            self._local.connection = connection
        return connection

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = self._open_checked()
        except sqlite3.DatabaseError as error:
            self.discard(f"unreadable cache file ({error})")
            try:
                connection = self._open_checked()
            except sqlite3.Error as again:
                raise CacheUnavailable(str(again)) from again
        except OSError as error:
            raise CacheUnavailable(str(error)) from error
        return connection

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
                self.discard(
                    "not a Vault Viewer cache"
                    if application_id != APPLICATION_ID
                    else f"schema {version}, expected {SCHEMA_VERSION}"
                )
                connection = sqlite3.connect(
                    self.path,
                    timeout=BUSY_TIMEOUT_MS / 1000,
                    isolation_level=None,
                    check_same_thread=False,
                )
                connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                fresh = True
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            if fresh:
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.executescript(_SCHEMA)
            from .search import ensure_schema  # the full-text tables live in the same file

            ensure_schema(connection)
            stored = dict(connection.execute("SELECT key, value FROM meta"))
            if stored.get("parser") != str(PARSER_VERSION):
                connection.execute("DELETE FROM notes")
                connection.execute("DELETE FROM snapshot")
            with transaction(connection):
                connection.executemany(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                    [("parser", str(PARSER_VERSION)), ("vault", str(self.vault_root))],
                )
            connection.execute("SELECT count(*) FROM notes").fetchone()  # reads a page: detects
        except sqlite3.DatabaseError:  # truncation and garbage that the header check misses
            connection.close()
            raise
        return connection

    def discard(self, reason: str) -> None:
        """Delete the cache file (and its WAL files) so it is rebuilt from the notes."""
        log.warning("discarding index cache %s: %s", self.path, reason)
        self.discarded_reason = reason
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").unlink()

    def close(self) -> None:
        """Close this thread's connection."""
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

    # -- notes -------------------------------------------------------------------------------

    def load_notes(self, entries: Iterable[FileEntry]) -> tuple[list[NoteInfo], list[FileEntry]]:
        """Cached notes for `entries` whose mtime and size still match, and the stale rest."""
        try:
            rows = (
                self.connect()
                .execute("SELECT path, mtime_ns, size, summary, packed FROM notes")
                .fetchall()
            )
        except sqlite3.DatabaseError as error:
            self.discard(f"unreadable cache ({error})")
            return [], list(entries)
        cached = {row[0]: row for row in rows}
        fresh: list[NoteInfo] = []
        stale: list[FileEntry] = []
        loads = marshal.loads
        for entry in entries:
            row = cached.get(entry.path)
            if row is not None and row[1] == entry.mtime_ns and row[2] == entry.size:
                try:
                    fresh.append(NoteInfo(loads(row[3]), row[4]))
                    continue
                except (ValueError, EOFError, TypeError):
                    pass  # a damaged row: parse the note again
            stale.append(entry)
        return fresh, stale

    def store_notes(self, notes: Iterable[NoteInfo], files: dict[str, FileEntry]) -> int:
        """Replace the cached notes with `notes` (rows for other paths are deleted)."""
        rows = []
        for note in notes:
            entry = files.get(note.path)
            if entry is not None:
                rows.append(
                    (
                        note.path,
                        entry.mtime_ns,
                        entry.size,
                        marshal.dumps(note.fields()),
                        note.packed,
                    )
                )
        connection = self.connect()
        with transaction(connection):
            connection.execute("DELETE FROM notes")
            connection.executemany("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?)", rows)
        return len(rows)

    def update_notes(
        self, changed: Iterable[tuple[NoteInfo, FileEntry]], removed: Iterable[str] = ()
    ) -> None:
        connection = self.connect()
        with transaction(connection):
            connection.executemany(
                "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?)",
                [
                    (n.path, e.mtime_ns, e.size, marshal.dumps(n.fields()), n.packed)
                    for n, e in changed
                ],
            )
            connection.executemany("DELETE FROM notes WHERE path = ?", [(p,) for p in removed])

    # -- link tables -------------------------------------------------------------------------

    def load_links(self, fingerprint: str):
        """The link tables stored for a vault whose files had `fingerprint`, else None."""
        try:
            rows = dict(
                self.connect().execute(
                    "SELECT key, value FROM snapshot WHERE key IN ('fingerprint', 'links')"
                )
            )
        except sqlite3.DatabaseError as error:
            log.warning("index cache snapshot unreadable: %s", error)
            return None
        if rows.get("fingerprint") != fingerprint.encode() or "links" not in rows:
            return None
        try:
            return marshal.loads(rows["links"])
        except (ValueError, EOFError, TypeError):
            return None

    def store_links(self, fingerprint: str, tables) -> None:
        connection = self.connect()
        with transaction(connection):
            connection.executemany(
                "INSERT OR REPLACE INTO snapshot VALUES (?, ?)",
                [("fingerprint", fingerprint.encode()), ("links", marshal.dumps(tables))],
            )

    def note_count(self) -> int:
        return self.connect().execute("SELECT count(*) FROM notes").fetchone()[0]


@contextlib.contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """An explicit IMMEDIATE transaction (the connection runs in autocommit mode)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
