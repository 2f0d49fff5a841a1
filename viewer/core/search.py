"""Full-text search with SQLite FTS5: bm25 ranking (titles weigh more), highlighted snippets,
prefix terms, "phrases", AND/OR/NOT, and no input that can ever raise a syntax error.

User text is never passed to FTS5 as is: it is read into words, phrases and operators, and
every term is quoted, so `foo-bar`, `"unclosed`, `(((`, `*`, `title:` or SQL-looking text all
mean something sensible. The index lives in the vault's cache database (see cache.py).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .cache import (
    BUSY,
    BUSY_TIMEOUT_MS,
    CORRUPT,
    OTHER,
    IndexCache,
    db_text,
    error_kind,
    from_db,
    transaction,
)
from .indexer import PARALLEL_MIN_BYTES, be_nicer, orphan_guard
from .metadata import split as split_frontmatter
from .parse import decode, read_bytes
from .scan import FileEntry

log = logging.getLogger(__name__)
_T = TypeVar("_T")

TITLE_WEIGHT = 8.0
CHILD_POLL_SECONDS = 0.2
BODY_WEIGHT = 1.0
SNIPPET_TOKENS = 14
HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE = "\x02", "\x03"
BATCH = 400
# Children that build the index of a large vault, each a share of its notes: turning text into
# words and SQLite's inserts take turns (the database takes one writer at a time), so two
# children on two cores take 0.6 of one's time. They run nicer than the window.
SEARCH_CHILDREN = 2
SEARCH_NICENESS = 10  # nicer than the index workers (core.indexer), which the window waits for

_FTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY,
    path TEXT UNIQUE NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 2'
);
"""

# Markup that should not be searchable text. FTS5's tokenizer already treats punctuation as
# separators, so only what would leave words behind is rewritten: link syntax (the reader sees
# the alias or the target's words), tags of inline HTML, and emphasis marks in snippets. Nor
# should a snippet show what the reader never reads as words: a generated note's byline
# ("From: [[channel]] <br/>", the start of every snippet that matched near the top), fence
# lines, heading marks, and citations, which the window shows as pills ("[01:18:18]" would
# read as a stray number). Every pattern starts with a literal or a line start, and no
# character class runs past the next opener of its own pattern (a line of 100,000 "[" or "<"
# costs what a short one does), so a whole vault goes through in seconds. TEXT_VERSION names
# this text: a change here re-indexes every note once.
TEXT_VERSION = 2
# The body's first line when it says "From:", up to its `<br/>` (an intro paragraph may run
# on after it on the same line: those are the note's words).
_FROM_LINE = re.compile(r"[ \t]*From:[^\n]*?(?:<br[ \t]*/?>|\n|$)")
# A byline, matched where a line starts. The line patterns below start with the newline
# before the line (the text gets one in front): a literal first character lets the engine
# skip to candidates, where `^` with MULTILINE tries every position (3x slower on a vault).
BYLINE = re.compile(r"From:[ \t]*\[\[[^\[\]\n]*\]\][ \t]*(?:<br[ \t]*/?>)?")
_BYLINE_LINE = re.compile(r"\n" + BYLINE.pattern)
_FENCE_LINE = re.compile(r"\n[ \t]*(?:```|~~~)[^\n]*")
_HEADING_MARK = re.compile(r"\n#{1,6}[ \t]+")
# A citation: a link of class yt-timestamp, or any link whose text is a time.
_CITATION = re.compile(
    r"<a\s(?:(?=[^<>\n]*?yt-timestamp)[^<>\n]*>[^<>\n]*"
    r"|[^<>\n]*>[ \t]*\[?\d{1,2}(?::\d{1,2}){1,3}\]?[ \t]*)</a\s*>"
)
_HTML = re.compile(r"<[^<>\n]*>")
_WIKILINK = re.compile(r"\[\[([^\[\]|#\n]*)(?:#[^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")
_MD_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)")
_CALLOUT = re.compile(r"\[!\w+\][-+]?")


def ensure_schema(connection: sqlite3.Connection) -> None:
    """The full-text tables, emptied when they hold text made by another `plain_text` (the
    next sync indexes every note again)."""
    connection.executescript(_FTS_SCHEMA)
    row = connection.execute("SELECT value FROM meta WHERE key = 'fts-text'").fetchone()
    if row is None or row[0] != str(TEXT_VERSION):
        with transaction(connection):
            connection.execute("DELETE FROM fts")
            connection.execute("DELETE FROM docs")
            connection.execute(
                "INSERT OR REPLACE INTO meta VALUES ('fts-text', ?)", (str(TEXT_VERSION),)
            )


def _wikilink_words(match: re.Match) -> str:
    return (match.group(2) or match.group(1).replace("_", " ")).strip()


def plain_text(markdown: str) -> str:
    """Searchable text of a note: words only, links reduced to the words a reader sees."""
    _, start, _ = split_frontmatter(markdown)
    text = markdown[start:] if start else markdown
    text = "\n" + text  # every line, the first too, starts after a newline
    if "```" in text or "~~~" in text:
        text = _FENCE_LINE.sub("\n", text)
    body = len(text) - len(text.lstrip())
    from_line = _FROM_LINE.match(text, body)
    if from_line:
        text = "\n" + text[from_line.end() :]
    if "\nFrom:" in text:
        text = _BYLINE_LINE.sub("\n", text)
    if "\n#" in text:
        text = _HEADING_MARK.sub("\n", text)
    if "</a" in text:
        text = _CITATION.sub(" ", text)
    if "[[" in text:
        text = _WIKILINK.sub(_wikilink_words, text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "<" in text:
        text = _HTML.sub(" ", text)
    if "[!" in text:
        text = _CALLOUT.sub(" ", text)
    for mark in ("**", "__", "==", "`"):
        if mark in text:
            text = text.replace(mark, "")
    return text


# -- query translation ---------------------------------------------------------------------

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_OPERATORS = {"AND", "OR", "NOT"}
_COLUMN_PREFIX = re.compile(r"(title|body):(.*)", re.IGNORECASE)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _has_word(term: str) -> bool:
    return any(ch.isalnum() for ch in term)


def to_fts_query(text: str, *, prefix_last: bool = False) -> str | None:
    """FTS5 query for what a person typed; None when nothing searchable is left.

    Words are AND-ed; `"a phrase"` stays a phrase; `word*` is a prefix; AND, OR and NOT (in
    capitals) combine terms; `title:word` searches titles only. Everything else is quoted.
    """
    parts: list[str] = []
    pending_operator: str | None = None
    tokens = list(_TOKEN.finditer(text))
    for index, match in enumerate(tokens):
        phrase, word = match.group(1), match.group(2)
        column = ""
        if word is not None and word in _OPERATORS:
            if parts:
                pending_operator = word
            continue
        if word is not None:
            column_match = _COLUMN_PREFIX.fullmatch(word)
            if column_match and _has_word(column_match.group(2)):
                column, word = column_match.group(1).lower(), column_match.group(2)
            prefix = word.endswith("*")
            word = word.strip("*()")
            if not _has_word(word):
                continue
            last = index == len(tokens) - 1 and not text[match.end() :].strip()
            term = _quote(word) + ("*" if prefix or (prefix_last and last) else "")
        else:
            if not _has_word(phrase or ""):
                continue
            term = _quote(phrase.strip())
        if column:
            term = f"{column} : {term}"
        if parts:
            parts.append(pending_operator or "AND")
        elif pending_operator == "NOT":
            continue  # NOT needs something on its left in FTS5
        pending_operator = None
        parts.append(term)
    return " ".join(parts) if parts else None


# -- the index -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    path: str
    title: str
    snippet: str  # plain text, matched terms between HIGHLIGHT_OPEN and HIGHLIGHT_CLOSE
    score: float  # higher is better

    def snippet_marked(self, opening: str = "**", closing: str = "**") -> str:
        return self.snippet.replace(HIGHLIGHT_OPEN, opening).replace(HIGHLIGHT_CLOSE, closing)

    def terms(self) -> list[str]:
        """The words FTS marked in the snippet, in order (what to mark in the note)."""
        terms, rest = [], self.snippet
        while HIGHLIGHT_OPEN in rest:
            _, _, rest = rest.partition(HIGHLIGHT_OPEN)
            term, _, rest = rest.partition(HIGHLIGHT_CLOSE)
            if term.strip():
                terms.append(term.strip())
        return terms


class SearchIndex:
    """The full-text index of one vault, in its index cache.

    It survives what a cache can suffer: a damaged index (malformed pages) is dropped and
    rebuilt, storage that fails (full disk, read-only or vanished folder) moves it into
    memory through the cache, and a build that fails in its child process is retried in
    this one. `problem` says what was recovered from last; `needs_sync` turns true when a
    search found the index damaged (it answers [] then): the caller runs `sync` again."""

    def __init__(self, cache: IndexCache) -> None:
        self.cache = cache
        self.problem: str | None = None
        self.needs_sync = False

    # -- recovery ----------------------------------------------------------------------------

    def _recover(self, error: sqlite3.Error, doing: str) -> None:
        """After a failure: drop a damaged index, move failing storage into memory, let a
        busy lock be (raised again: the caller retries later)."""
        kind = error_kind(error)
        self.problem = f"{doing} failed ({error}); the search index was rebuilt"
        log.warning("search index: %s failed: %s", doing, error)
        self.needs_sync = True
        if kind == BUSY:
            raise error
        if kind == CORRUPT and not self.cache.in_memory:
            try:
                self.reset()
                return
            except sqlite3.Error as again:
                error = again
        self.cache.fall_back_to_memory(f"the search index could not be {doing}: {error}")

    def _retrying(self, doing: str, work: Callable[[], _T]) -> _T:
        """`work()`, and once more after recovering from a failure."""
        try:
            return work()
        except sqlite3.Error as error:
            self._recover(error, doing)
        return work()

    def reset(self) -> None:
        """Drop the full-text tables and make them anew (empty): the next `sync` indexes
        every note again."""
        connection = self.cache.connect()
        with transaction(connection):
            connection.execute("DROP TABLE IF EXISTS fts")
            connection.execute("DROP TABLE IF EXISTS docs")
        ensure_schema(connection)

    # -- building ----------------------------------------------------------------------------

    def stale(self, files: dict[str, FileEntry]) -> tuple[list[str], list[str]]:
        """(paths to index, paths to drop) so that the index matches `files`."""
        return self._retrying("read", lambda: self._stale(files))

    def _stale(self, files: dict[str, FileEntry]) -> tuple[list[str], list[str]]:
        indexed = {
            from_db(path): (mtime, size)
            for path, mtime, size in self.cache.connect().execute(
                "SELECT path, mtime_ns, size FROM docs"
            )
        }
        to_index = [
            path
            for path, entry in files.items()
            if indexed.get(path) != (entry.mtime_ns, entry.size)
        ]
        to_drop = [path for path in indexed if path not in files]
        return sorted(to_index), sorted(to_drop)

    def sync(
        self,
        root: str | Path,
        files: dict[str, FileEntry],
        titles: dict[str, str],
        *,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> int:
        """Bring the index up to date with the vault; returns how many notes were (re)indexed.
        Safe to run in a worker thread; commits in batches so a search can run meanwhile.
        A damaged index or failing storage is recovered from once (see the class)."""
        root = Path(root)
        count = self._retrying(
            "updated", lambda: self._sync(root, files, titles, progress, cancelled)
        )
        self.needs_sync = False
        return count

    def _sync(
        self,
        root: Path,
        files: dict[str, FileEntry],
        titles: dict[str, str],
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool],
    ) -> int:
        to_index, to_drop = self._stale(files)
        if to_drop:
            self._remove(to_drop)
        self._index(root, to_index, files, titles, progress, cancelled)
        return len(to_index)

    def _index(
        self,
        root: Path,
        paths: list[str],
        files: dict[str, FileEntry],
        titles: dict[str, str],
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool],
    ) -> None:
        """(Re)index the notes at `paths`, a batch per transaction."""
        connection = self.cache.connect()
        total = len(paths)
        for start in range(0, total, BATCH):
            if cancelled():
                break
            rows = []
            for path in paths[start : start + BATCH]:
                try:
                    text = decode(read_bytes(root / path))[0] or ""
                except OSError:
                    text = ""
                title = _fts_text(titles.get(path, path))
                rows.append((path, files[path], title, plain_text(text)))
            with transaction(connection):
                self._write(connection, rows)
            if progress:
                progress(min(start + BATCH, total), total)

    @staticmethod
    def _write(
        connection: sqlite3.Connection, rows: Iterable[tuple[str, FileEntry, str, str]]
    ) -> None:
        for path, entry, title, body in rows:
            key = db_text(path)
            found = connection.execute("SELECT id FROM docs WHERE path = ?", (key,)).fetchone()
            if found:
                connection.execute("DELETE FROM fts WHERE rowid = ?", (found[0],))
                connection.execute(
                    "UPDATE docs SET mtime_ns = ?, size = ? WHERE id = ?",
                    (entry.mtime_ns, entry.size, found[0]),
                )
                doc_id = found[0]
            else:
                doc_id = connection.execute(
                    "INSERT INTO docs (path, mtime_ns, size) VALUES (?, ?, ?)",
                    (key, entry.mtime_ns, entry.size),
                ).lastrowid
            connection.execute(
                "INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)", (doc_id, title, body)
            )

    def sync_elsewhere(
        self,
        root: Path,
        files: dict[str, FileEntry],
        titles: dict[str, str],
        *,
        start_method: str | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        gate: contextlib.AbstractContextManager[object] | None = None,
    ) -> int:
        """`sync`, but in child processes when there is much to index: building the index of
        a large vault is seconds of Python work that must not compete with a window's GUI
        thread for the interpreter. SEARCH_CHILDREN children each index a share of the notes
        into the same database (WAL mode lets searches read meanwhile) and report progress in
        it (see `progress`); they die with this process, never outliving it. When
        `cancelled()` turns true (the window closes), they are stopped and InterruptedError
        raised; what they committed stays, and the next sync indexes the rest. A child that
        fails is not trusted: the rest is done here instead (a cache in memory is always
        synced here). Work done here (comparing the index with every file, a small sync) runs
        under `gate`, a lock the caller's other vault-wide work shares; waiting for the
        children holds nothing. Returns the number of notes to index."""
        with gate or contextlib.nullcontext():
            to_index, to_drop = self.stale(files)
            small = sum(files[p].size for p in to_index) < PARALLEL_MIN_BYTES
            if small or self.cache.in_memory:
                return self.sync(root, files, titles, cancelled=cancelled)
            if to_drop:
                self.remove(to_drop)
        context = multiprocessing.get_context(start_method)
        children = [
            context.Process(  # type: ignore[attr-defined]
                target=_sync_job,
                args=(
                    str(self.cache.path),
                    str(root),
                    [tuple(files[path]) for path in share],
                    {path: titles[path] for path in share if path in titles},
                    os.getpid(),
                    slot,
                ),
                name="vault-viewer-search-index",
                daemon=True,
            )
            for slot, share in enumerate(_shares(to_index, files, SEARCH_CHILDREN))
        ]
        for child in children:
            child.start()
        while any(child.is_alive() for child in children):
            if cancelled():
                for child in children:
                    child.terminate()
                for child in children:
                    child.join()
                raise InterruptedError("search indexing cancelled")
            next(child for child in children if child.is_alive()).join(CHILD_POLL_SECONDS)
        failed = [child.exitcode for child in children if child.exitcode != 0]
        if failed:
            if cancelled():  # stopped on purpose (the app is quitting): not a crash
                raise InterruptedError("search indexing cancelled")
            log.warning("search indexer child stopped with exit code %s; indexing here", failed[0])
            self.problem = f"the search indexer stopped with exit code {failed[0]}"
            with gate or contextlib.nullcontext():  # what the children committed stays
                return self.sync(root, files, titles, cancelled=cancelled)
        self._merge_segments()
        return len(to_index)

    def _merge_segments(self) -> None:
        """Merge the full-text index into one b-tree after a build by several children: their
        interleaved batches left thousands of segments, and a query read them all (median
        over ten words 39 -> 29 ms; the merge takes about a second of SQLite's own work). On
        a connection of its own: the shared one stays free for searches and the window's
        progress polls meanwhile (WAL lets them read). A busy or full database keeps the
        segments: searches work on."""
        try:
            connection = sqlite3.connect(
                self.cache.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
        except sqlite3.Error as error:
            log.info("search index left unmerged: %s", error)
            return
        try:
            with transaction(connection):
                connection.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        except sqlite3.Error as error:
            log.info("search index left unmerged: %s", error)
        finally:
            connection.close()

    def progress(self) -> tuple[int, int] | None:
        """(done, total) of a build running in a child process, if one is."""
        try:
            rows = (
                self.cache.connect()
                .execute("SELECT value FROM meta WHERE key LIKE 'fts-progress-%'")
                .fetchall()
            )
        except sqlite3.Error:  # a child may hold the database briefly: ask again later
            return None
        done = total = 0
        for (value,) in rows:  # one row per child, each with its share
            part, _, whole = str(value).partition("/")
            if not (part.isdigit() and whole.isdigit()):
                return None
            done, total = done + int(part), total + int(whole)
        return (done, total) if rows else None

    def remove(self, paths: Iterable[str]) -> None:
        paths = list(paths)
        self._retrying("updated", lambda: self._remove(paths))

    def _remove(self, paths: Iterable[str]) -> None:
        connection = self.cache.connect()
        with transaction(connection):
            for path in paths:
                key = db_text(path)
                found = connection.execute("SELECT id FROM docs WHERE path = ?", (key,)).fetchone()
                if found:
                    connection.execute("DELETE FROM fts WHERE rowid = ?", (found[0],))
                    connection.execute("DELETE FROM docs WHERE id = ?", (found[0],))

    def count(self) -> int:
        return self._retrying(
            "read", lambda: self.cache.connect().execute("SELECT count(*) FROM docs").fetchone()[0]
        )

    # -- searching ---------------------------------------------------------------------------

    def search(self, text: str, limit: int = 50, *, prefix_last: bool = False) -> list[Hit]:
        """Ranked hits for what a person typed; [] when it holds nothing searchable, and []
        with `needs_sync` set when the index turned out damaged (it is rebuilt by the next
        `sync`), never an exception."""
        query = to_fts_query(text, prefix_last=prefix_last)
        if query is None:
            return []
        try:
            return self._run(query, limit)
        except sqlite3.Error as error:
            if error_kind(error) != OTHER:
                return self._damaged(error)
        # Should not happen (every term is quoted); fall back to the plain words.
        words = [w for w in re.findall(r"\w+", text) if w]
        if not words:
            return []
        try:
            return self._run(" ".join(_quote(w) for w in words), limit)
        except sqlite3.Error as error:
            return [] if error_kind(error) == OTHER else self._damaged(error)

    def _damaged(self, error: sqlite3.Error) -> list[Hit]:
        with contextlib.suppress(sqlite3.Error):  # busy: the next search tries again
            self._recover(error, "read")
        return []

    def match_count(self, text: str, *, prefix_last: bool = False) -> int:
        """How many notes match what a person typed (all of them, where `search` stops at its
        limit: "100 of 182 notes")."""
        query = to_fts_query(text, prefix_last=prefix_last)
        if query is None:
            return 0
        try:
            row = (
                self.cache.connect()
                .execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (query,))
                .fetchone()
            )
        except sqlite3.Error as error:
            if error_kind(error) != OTHER:
                self._damaged(error)
            return 0
        return int(row[0]) if row else 0

    def _run(self, query: str, limit: int) -> list[Hit]:
        # Ranked by FTS5's own `rank` (bm25 with these weights) inside the subquery, so FTS5
        # sorts the matches itself and makes snippets for the `limit` best only; ranked by
        # bm25() outside, every one of 16,000 matches got a snippet before the sort (the
        # commonest word's query took 96 ms, 80 ms now).
        rows = (
            self.cache.connect()
            .execute(
                f"""
            SELECT docs.path, best.title, best.snippet, best.rank FROM (
                SELECT rowid, title, rank, snippet(
                    fts, 1, '{HIGHLIGHT_OPEN}', '{HIGHLIGHT_CLOSE}', '…', {SNIPPET_TOKENS}
                ) AS snippet
                FROM fts
                WHERE fts MATCH ? AND rank MATCH 'bm25({TITLE_WEIGHT}, {BODY_WEIGHT})'
                ORDER BY rank
                LIMIT ?
            ) AS best JOIN docs ON docs.id = best.rowid
            ORDER BY best.rank
            """,
                (query, max(1, int(limit))),
            )
            .fetchall()
        )
        return [
            Hit(from_db(path), title, snippet, round(-rank, 4))
            for path, title, snippet, rank in rows
        ]


def _fts_text(text: str) -> str:
    """Text SQLite accepts: a title made from a file name that is not valid UTF-8 carries
    surrogate escapes, which are shown as replacement characters instead."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text


def _shares(paths: list[str], files: dict[str, FileEntry], count: int) -> list[list[str]]:
    """`paths` dealt into `count` shares of about equal bytes (the largest first, each to the
    lightest share), in path order within each; no empty share."""
    shares: list[list[str]] = [[] for _ in range(max(1, count))]
    weights = [0] * len(shares)
    for path in sorted(paths, key=lambda p: files[p].size, reverse=True):
        lightest = weights.index(min(weights))
        shares[lightest].append(path)
        weights[lightest] += files[path].size
    return [sorted(share) for share in shares if share]


def _sync_job(
    cache_path: str,
    root: str,
    entries: list[tuple],
    titles: dict[str, str],
    owner: int,
    slot: int = 0,
) -> None:
    """Child-process side of `SearchIndex.sync_elsewhere`: index the notes of `entries` (its
    share), at a lower priority than the window it works for."""
    orphan_guard(owner)
    be_nicer(SEARCH_NICENESS)
    cache = IndexCache(root, Path(cache_path))
    if cache.connect() is None or cache.in_memory:
        raise SystemExit(3)  # the file cannot be used from here: the parent indexes instead
    connection = cache.connect()
    key = f"fts-progress-{slot}"

    def report(done: int, total: int) -> None:
        connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, f"{done}/{total}"))

    try:
        files = {entry[0]: FileEntry(*entry) for entry in entries}
        report(0, len(files))
        SearchIndex(cache)._index(Path(root), list(files), files, titles, report, lambda: False)
    finally:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("DELETE FROM meta WHERE key = ?", (key,))
        cache.close()
