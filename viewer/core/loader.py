"""Open a vault the fast way: cached notes where files are unchanged, parse only the rest.

Used by the window (in its index thread) and the command line. Writing the cache back is a
separate step, so a window can show the vault first and write its cache afterwards.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .cache import CacheUnavailable, IndexCache, fingerprint
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

    def write_cache(self) -> None:
        """Store what was parsed and the link tables, in one transaction (a no-op when
        everything came from the cache). Never raises: a cache that cannot be written moves
        into memory and says why in `cache.memory_reason`."""
        cache = self.cache
        if cache is None:
            return
        links = None
        if not self.links_from_cache and self.fingerprint:
            links = (self.fingerprint, self.vault.link_tables())
        if self.from_cache == 0:
            cache.save(self.vault.notes.values(), self.vault.files, replace=True, links=links)
        elif self.parsed or links is not None or cache.unmatched_rows:
            cache.save(
                self.parsed,
                self.vault.files,
                replace=False,
                links=links,
                removed=cache.unmatched_rows,
            )


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
        if listed is not None:
            listed(listing)
        cache: IndexCache | None = None
        cached: list[NoteInfo] = []
        stale = listing.notes
        if use_cache:
            try:
                cache = IndexCache(root)
                cached, stale = cache.load_notes(listing.notes)
            except CacheUnavailable as error:
                log.warning("index cache unavailable: %s", error)
                cache = None
        stamp = fingerprint(len(listing.notes), listing.attachments) if cache else ""
        exact = cache is not None and not stale and not cache.unmatched_rows
        links = cache.load_links(stamp) if cache is not None and exact else None
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
