"""What went wrong with a vault's index cache or search index, in words a reader can act on,
each said once per session (issue 16: "the viewer runs from memory and says so once").

The cache and the search index survive their faults on their own (see `core.cache`,
`core.search`); what is left is to tell the reader what happened, what still works and where
the cache lives, without repeating it on every note or every search.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.cache import IndexCache
from ..core.search import SearchIndex


@dataclass(frozen=True, slots=True)
class Fault:
    kind: str  # CACHE or SEARCH: each is said once per session
    short: str  # a few words for the status bar
    text: str  # what happened, what still works, where the cache is


CACHE = "cache"
SEARCH = "search"
OUTSIDE = "outside"


def outside_links_warning(vault_name: str) -> Fault:
    """Said while a vault follows symlinks out of its folder: what it shows is then not all
    the vault's own, and an export can carry it."""
    return Fault(
        OUTSIDE,
        "Following links out of the vault",
        f"{vault_name} is set to follow symlinks that lead out of its folder (File > Follow "
        "Links Out of This Vault): notes and folders elsewhere on this computer are read, "
        "shown and exported as if they were in the vault. Turn it off unless you trust "
        "this vault.",
    )


def cache_fault(cache: IndexCache) -> Fault | None:
    if cache.memory_reason is None:
        return None
    return Fault(
        CACHE,
        "Index cache in memory",
        f"The index cache could not be used ({cache.memory_reason}), so it is kept in memory "
        "for this session. Notes, links, backlinks and search all still work; the next "
        f"launch indexes the vault again. The cache folder is {cache.path.parent}.",
    )


def search_fault(index: SearchIndex) -> Fault | None:
    if index.problem is None:
        return None
    where = "in memory" if index.cache.in_memory else f"in {index.cache.path.parent}"
    return Fault(
        SEARCH,
        "Search index rebuilt",
        f"The search index had a problem: {index.problem}. Search still works, from an index "
        f"kept {where}.",
    )


class FaultLog:
    """The faults of one session not said yet: `news` returns each kind once."""

    def __init__(self) -> None:
        self._said: set[str] = set()

    def news(self, cache: IndexCache | None, index: SearchIndex | None) -> list[Fault]:
        found = [
            cache_fault(cache) if cache is not None else None,
            search_fault(index) if index is not None else None,
        ]
        new = [fault for fault in found if fault is not None and fault.kind not in self._said]
        self._said.update(fault.kind for fault in new)
        return new
