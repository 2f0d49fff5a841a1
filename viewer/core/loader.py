"""Open a vault the fast way: the whole linked index restored in bulk when no file changed,
else cached notes where files are unchanged, parsing only the rest.

Used by the window (in its index thread) and the command line. Writing the cache back is a
separate step, so a window can show the vault first and write its cache afterwards.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import CacheUnavailable, IndexCache, Listing, Snapshot, fingerprint
from .courtesy import paced
from .indexer import Progress, gc_paused, parse_batches
from .record import NoteInfo
from .scan import ScanResult, scan
from .vault import Vault

log = logging.getLogger(__name__)


@dataclass
class LoadResult:
    vault: Vault
    cache: IndexCache | None
    from_cache: int = 0
    parsed: list[NoteInfo] = field(default_factory=list)
    seconds: float = 0.0
    fingerprint: str = ""
    links_from_cache: bool = False
    # Restored from the snapshot stored last without a scan (`restore_last`): the files may
    # have changed since; `refresh.changed_since` after a scan says which.
    unverified: bool = False

    def write_cache(self) -> None:
        """Store what was parsed and, unless the index came from it, the vault's snapshot, in
        one transaction (a no-op when everything came from the snapshot). Never raises: a
        cache that cannot be written moves into memory and says why in `cache.memory_reason`."""
        cache = self.cache
        if cache is None:
            return
        with gc_paused():  # see store_snapshot
            vault = self.vault
            snapshot = None
            if self.fingerprint and (not self.links_from_cache or not cache.has_listing()):
                snapshot = snapshot_of(vault, self.fingerprint)
            if self.from_cache == 0:
                cache.save(vault.notes.values(), vault.files, replace=True, snapshot=snapshot)
            elif self.parsed or snapshot is not None or cache.unmatched_rows:
                cache.save(
                    self.parsed,
                    vault.files,
                    replace=False,
                    snapshot=snapshot,
                    removed=cache.unmatched_rows,
                )


def store_snapshot(cache: IndexCache, vault: Vault) -> None:
    """Store the snapshot of `vault` after live changes. With the collector paused, as every
    snapshot write: its rows (a tuple or two a note, dropped once written, no cycles among
    them) left a GUI thread's collector 745,000 objects to walk on 100,000 notes (155 ms)."""
    with gc_paused():
        cache.save((), vault.files, replace=False, snapshot=snapshot_of(vault))


def snapshot_of(vault: Vault, stamp: str | None = None) -> Snapshot:
    """The snapshot of `vault`, whose files have fingerprint `stamp`: an index just made is
    in path order, as a scan lists files. None: the vault after live changes, put back in
    path order and fingerprinted from its files (which live changes keep up to date)."""
    files, attachments = list(vault.files.values()), list(vault.attachments.values())
    paths: Iterable[str] = vault.notes
    if stamp is None:
        files.sort()
        attachments.sort()
        paths = sorted(vault.notes)
        stamp = fingerprint(files, attachments)
    notes = [vault.notes[path].fields() for path in paced(paths)]
    listing = Listing(files, attachments, list(vault.scan_problems), vault.allow_outside)
    return Snapshot(stamp, notes, vault.snapshot_tables(), listing)


def restore_last(
    root: str | os.PathLike[str],
    *,
    listed: Callable[[ScanResult], None] | None = None,
    allow_outside: bool = False,
) -> LoadResult | None:
    """The vault as the snapshot stored last saw it, without scanning (None when there is
    none, or it was made with the other `allow_outside`): what a window shows at once on a
    reopen, then scans and brings up to date (`refresh.changed_since`). On 100,000 notes the
    scan was a second of a 3-4 s reopen."""
    started = time.perf_counter()
    root = Path(root)
    try:
        cache = IndexCache(root)
    except CacheUnavailable as error:
        log.warning("index cache unavailable: %s", error)
        return None
    with gc_paused(freeze=True):
        found = cache.load_listing()
        if found is None or found[1].allow_outside != allow_outside:
            return None
        stamp, stored = found
        listing = ScanResult(stored.notes, stored.attachments, stored.problems, restorable=True)
        if listed is not None:
            listed(listing)
        loaded = cache.load_snapshot(None)
        if loaded is None:
            return None
        notes, links = loaded
        files = {entry.path for entry in listing.notes}
        if len(notes) != len(files) or any(note.path not in files for note in notes):
            log.warning("index cache: the snapshot's notes are not its listing's")
            return None
        vault = Vault(
            root, notes, listing.notes, listing.attachments, listing.problems, links=links
        )
        vault.allow_outside = allow_outside
    seconds = time.perf_counter() - started
    return LoadResult(vault, cache, len(notes), [], seconds, stamp, True, unverified=True)


def load_vault(
    root: str | os.PathLike[str],
    *,
    use_cache: bool = True,
    workers: int | None = None,
    progress: Progress | None = None,
    start_method: str | None = None,
    listed: Callable[[ScanResult], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    allow_outside: bool = False,
) -> LoadResult:
    """Scan `root`, take unchanged notes from the cache, parse the others, link everything.
    `allow_outside` follows symlinks that lead out of the vault (see `scan`)."""
    started = time.perf_counter()
    root = Path(root)
    with gc_paused(freeze=True):
        listing = scan(root, allow_outside=allow_outside)
        cache: IndexCache | None = None
        stamp = ""
        if use_cache:
            try:
                cache = IndexCache(root)
                stamp = fingerprint(listing.notes, listing.attachments)
                listing.restorable = cache.has_snapshot(stamp)
            except CacheUnavailable as error:
                log.warning("index cache unavailable: %s", error)
                cache = None
        if listed is not None:
            listed(listing)
        cached: list[NoteInfo] = []
        stale = listing.notes
        links = None
        if cache is not None:
            links = _restore(cache, stamp, listing, cached) if listing.restorable else None
            if links is None:
                cached, stale = cache.load_notes(listing.notes)
            else:
                stale = []
        parsed: list[NoteInfo] = []
        if links is not None or not stale:
            vault = Vault(
                root, cached, listing.notes, listing.attachments, listing.problems, links=links
            )
        else:
            # Workers start first; each batch is linked while they parse the next.
            batches = parse_batches(
                root,
                stale,
                workers=workers,
                progress=progress,
                start_method=start_method,
                cancelled=cancelled,
            )
            vault = Vault.in_batches(root, listing.notes, listing.attachments, listing.problems)
            if cached:
                vault.add_batch(cached)
            for batch in batches:
                if cancelled():
                    batches.close()
                    raise InterruptedError("indexing cancelled")
                parsed.extend(batch)
                vault.add_batch(batch)
            vault.finish_batches()
        vault.allow_outside = allow_outside
        if cancelled():
            raise InterruptedError("indexing cancelled")
    return LoadResult(
        vault,
        cache,
        len(cached),
        parsed,
        time.perf_counter() - started,
        stamp,
        links is not None,
    )


def _restore(
    cache: IndexCache, stamp: str, listing: ScanResult, into: list[NoteInfo]
) -> Any | None:
    """Every note (appended to `into`) and the link tables from the cache's snapshot when it
    describes exactly the listed files, else None (and `into` stays empty)."""
    found = cache.load_snapshot(stamp)
    if found is None:
        return None
    notes, links = found
    listed = listing.notes
    if len(notes) != len(listed) or any(
        note.path != entry.path for note, entry in zip(notes, listed, strict=True)
    ):
        log.warning("index cache: the snapshot lists other notes; relinking")
        return None
    into.extend(notes)
    cache.unmatched_rows = []
    return links
