"""Memory that returns: dropped vaults and trees are freed (no reference cycles), even though
the loader exempts a fresh index from the garbage collector (gc.freeze)."""

from __future__ import annotations

import gc
import sys
import weakref

import pytest

from tests.conftest import write_files
from viewer.core.indexer import gc_paused
from viewer.core.loader import load_vault
from viewer.core.tree import build_tree

GROWTH_LIMIT_MB = 15

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the resident set size from /proc"
)


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


@pytest.fixture(scope="module")
def biggish_vault(tmp_path_factory):
    """4,000 notes with links, citations and unresolved topics: a few MB of index."""
    files = {}
    for index in range(4000):
        links = " ".join(
            f"[[note_{(index * 7 + k) % 4000}]] [[Someone {index % 900}]]" for k in range(5)
        )
        stamps = " ".join(
            f'<a class="yt-timestamp" data-t="00:{k:02d}:{index % 60:02d}">[x]</a>'
            for k in range(8)
        )
        files[f"ch{index % 20}/note_{index}.md"] = (
            f"---\ntitle: Note number {index}\nvideoId: v{index:010d}\n---\n{links}\n{stamps}\n"
        )
    return write_files(tmp_path_factory.mktemp("mem") / "vault", files)


def _build_and_watch(root) -> tuple[weakref.ref, weakref.ref, weakref.ref]:
    """Build a vault and its tree, check a parent link, drop both; weak references stay.
    (A helper, so no assertion temporaries keep anything alive.)"""
    result = load_vault(root, use_cache=False, workers=1)
    tree = build_tree({path: note.title for path, note in result.vault.notes.items()})
    folder = tree.children[0]
    if folder.children[0].parent is not folder:
        raise AssertionError("a child does not know its parent")
    return weakref.ref(result.vault), weakref.ref(tree), weakref.ref(folder.children[0])


def test_a_dropped_vault_and_tree_are_freed_by_reference_counting(biggish_vault):
    was_enabled = gc.isenabled()
    gc.disable()  # only reference counting may free them
    try:
        vault, root, leaf = _build_and_watch(biggish_vault)
        assert vault() is None, "a reference cycle keeps the vault alive"
        assert root() is None, "a reference cycle keeps the tree alive"
        assert leaf() is None
    finally:
        if was_enabled:
            gc.enable()


def test_loading_vaults_in_turn_keeps_memory_flat(biggish_vault):
    load_vault(biggish_vault, use_cache=False, workers=1)  # imports, memos, allocator arenas
    first = rss_mb()
    for _ in range(4):
        result = load_vault(biggish_vault, use_cache=False, workers=1)
        result.vault.topics()
        del result
    assert rss_mb() - first <= GROWTH_LIMIT_MB


def test_rebuilding_trees_keeps_memory_flat():
    titles = {f"channel{i % 80}/topic_{i}.md": f"Topic number {i}" for i in range(21000)}
    with gc_paused():
        build_tree(titles)
    first = rss_mb()
    for _ in range(50):
        with gc_paused():
            tree = build_tree(titles)
        del tree
    assert rss_mb() - first <= GROWTH_LIMIT_MB
