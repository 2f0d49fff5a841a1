#!/usr/bin/env python3
"""Headless measurements for `make bench`, each run in a fresh interpreter by run.py.

    python benchmarks/core_probes.py PROBE VAULT

Each probe prints one JSON object as its last line; times are seconds unless named `_ms`.
`started` figures count from the interpreter's own start (imports included), as a user who
runs a command waits for them. The index cache folder comes from VAULT_VIEWER_CACHE_DIR,
which run.py points at a scratch folder. Never collected by pytest.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SWITCHER_TYPED = (
    "technology",
    "the role of",
    "fut wor",
    "ai ethics",
    "person",
    "q",
    "xzv",
    "history and development",
    "impact of energy",
    "ftrw",
)
SEARCH_QUERIES = (
    "future",
    "energy storage",
    '"the future"',
    "tech*",
    "data OR music",
    "model NOT trust",
    "title:history",
    "foo-bar",
    "(((",
    "zzzz",
    "memory language",
    "explains how people think",
)


def _since_start() -> float:
    """Seconds since this process started (the kernel's start time, imports included)."""
    try:
        with open("/proc/self/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        with open("/proc/uptime", "rb") as handle:
            uptime = float(handle.read().split()[0])
        return uptime - int(fields[19]) / ticks
    except (OSError, ValueError, IndexError):
        return time.perf_counter()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children: on a shared machine a steadier
    figure than wall time (wall ~ CPU / cores when the work is parallel)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def read(root: str) -> dict:
    """Read every note's bytes: the floor any index is compared with."""
    started = time.perf_counter()
    total = files = 0
    stack = [root]
    while stack:
        for entry in os.scandir(stack.pop()):
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                stack.append(entry.path)
            elif entry.name.lower().endswith((".md", ".markdown")):
                with open(entry.path, "rb") as handle:
                    total += len(handle.read())
                files += 1
    return {"bytes": total, "files": files, "read_s": time.perf_counter() - started}


def cold(root: str) -> dict:
    """Index without the cache (what a first open costs)."""
    from viewer.core.loader import load_vault

    result = load_vault(root, use_cache=False)
    vault = result.vault
    total, resolved = vault.link_counts()
    return {
        "notes": len(vault.notes),
        "links": total,
        "unresolved": total - resolved,
        "citations": sum(note.stamps_total for note in vault.notes.values()),
        "topics": len(vault.topics()),
        "index_s": result.seconds,
        "started_s": _since_start(),
        "cpu_s": _cpu_s(),
        "peak_mb": _peak_mb(),
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def prepare(root: str) -> dict:
    """Index with the cache and write it (a warm reopen reads what this writes)."""
    from viewer.core.loader import load_vault

    result = load_vault(root, use_cache=True)
    started = time.perf_counter()
    result.write_cache()
    return {"write_cache_s": time.perf_counter() - started, "parsed": len(result.parsed)}


def warm(root: str) -> dict:
    """Reopen from the cache: until the folder tree and one note's backlinks are ready."""
    from viewer.core.loader import load_vault
    from viewer.core.tree import build_tree

    result = load_vault(root, use_cache=True)
    vault = result.vault
    build_tree({path: note.title for path, note in vault.notes.items()})
    vault.backlinks(next(iter(vault.notes)))
    return {
        "from_cache": result.from_cache,
        "parsed": len(result.parsed),
        "links_from_cache": result.links_from_cache,
        "started_s": _since_start(),
        "cpu_s": _cpu_s(),
        "peak_mb": _peak_mb(),
    }


def warm_last(root: str) -> dict:
    """Reopen as the window does: the snapshot stored last, before any scan (the scan and
    what changed meanwhile follow in the background), until the folder tree and one note's
    backlinks are ready."""
    from viewer.core.loader import restore_last
    from viewer.core.tree import build_tree

    result = restore_last(root)
    assert result is not None, "no snapshot stored: run the prepare probe first"
    vault = result.vault
    build_tree({path: note.title for path, note in vault.notes.items()})
    vault.backlinks(next(iter(vault.notes)))
    return {"from_cache": result.from_cache, "started_s": _since_start(), "peak_mb": _peak_mb()}


def search_cold(root: str) -> dict:
    """From nothing to a searchable vault: index, then the full-text index built the way the
    window builds it (a child process for a large vault)."""
    from viewer.core.loader import load_vault
    from viewer.core.search import SearchIndex

    result = load_vault(root, use_cache=True)
    indexed_at = _since_start()
    result.write_cache()
    vault = result.vault
    assert result.cache is not None, "the search index needs the cache"
    index = SearchIndex(result.cache)
    titles = {path: note.title for path, note in vault.notes.items()}
    count = index.sync_elsewhere(vault.root, vault.files, titles)
    index.search("future", limit=20)
    return {"indexed_s": indexed_at, "documents": count, "started_s": _since_start()}


def search_warm(root: str) -> dict:
    """Reopen with a built search index: until the first query is answered."""
    from viewer.core.loader import load_vault
    from viewer.core.search import SearchIndex

    result = load_vault(root, use_cache=True)
    assert result.cache is not None
    index = SearchIndex(result.cache)
    to_index, to_drop = index.stale(result.vault.files)
    hits = index.search("future", limit=20)
    return {"stale": len(to_index) + len(to_drop), "hits": len(hits), "started_s": _since_start()}


def queries(root: str) -> dict:
    """Full-text query latency over a built index."""
    from viewer.core.loader import load_vault
    from viewer.core.search import SearchIndex

    result = load_vault(root, use_cache=True)
    assert result.cache is not None
    index = SearchIndex(result.cache)
    index.search("warm up", limit=50)
    timings = []
    for _ in range(3):
        for query in SEARCH_QUERIES:
            started = time.perf_counter()
            index.search(query, limit=50, prefix_last=True)
            timings.append((time.perf_counter() - started) * 1000)
    return {
        "queries": len(timings),
        "median_ms": statistics.median(timings),
        "max_ms": max(timings),
    }


def switcher(root: str) -> dict:
    """Quick-switcher latency per keystroke, typing each query a letter at a time."""
    from viewer.core.loader import load_vault
    from viewer.core.switcher import SwitcherIndex

    vault = load_vault(root, use_cache=True).vault
    started = time.perf_counter()
    index = SwitcherIndex.from_vault(vault)
    build_s = time.perf_counter() - started
    titles = [note.title.lower() for note in vault.notes.values()]
    typed = [*SWITCHER_TYPED, *random.Random(3).sample(titles, min(10, len(titles)))]
    per_key = []
    for word in typed:
        query = ""
        index.search("")
        for char in word[:24]:
            query += char
            started = time.perf_counter()
            index.search(query)
            per_key.append((time.perf_counter() - started) * 1000)
    return {
        "entries": len(index),
        "build_s": build_s,
        "keystrokes": len(per_key),
        "median_ms": statistics.median(per_key),
        "p95_ms": statistics.quantiles(per_key, n=20)[-1],
        "max_ms": max(per_key),
    }


PROBES = {
    "read": read,
    "cold": cold,
    "prepare": prepare,
    "warm": warm,
    "warm-last": warm_last,
    "search-cold": search_cold,
    "search-warm": search_warm,
    "queries": queries,
    "switcher": switcher,
}


def main(argv: list[str]) -> int:
    probe, root = argv
    print(json.dumps(PROBES[probe](root)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
