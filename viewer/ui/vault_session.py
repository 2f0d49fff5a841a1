"""Everything that lives exactly as long as one open vault, with one owner.

A `VaultSession` starts and stops the vault's index thread, its file watcher, its search
index (built in a child process), its switcher index and all background work over it. One
cancellation token stops them all: `close()` returns at once (a reader switching vaults during
a cold index never waits), `shutdown()` also waits for what still runs, within a deadline.
It talks to the window only by signals, and every reader of the vault, the GUI thread
included, goes through its `SharedVault`, so nobody sees the vault mid-change.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from ..core import courtesy
from ..core.cache import CacheUnavailable, IndexCache
from ..core.indexer import gc_paused
from ..core.loader import LoadResult, store_snapshot
from ..core.refresh import changed_since, files_to_reread
from ..core.scan import scan
from ..core.search import SearchIndex
from ..core.switcher import SwitcherIndex
from ..core.tree import TreeNode, node_index, tree_fingerprint
from ..core.vault import Change, Vault, read_change
from ..session.faults import FaultLog
from ..session.pages import PageRenderer
from ..session.shared import SharedVault
from ..session.trees import FOLDERS, mode_tree
from .index_thread import START_METHOD, IndexThread
from .tasks import Tasks
from .watcher import ROOT, VaultWatcher

log = logging.getLogger(__name__)

FINDER_DELAY_MS = 250  # the switcher and search start once the first page is on screen
# After a live change, the rebuilds that cost the vault's size (tree, switcher, search sync)
# wait this long: the changed page is re-rendered and shown first, without them competing
# for the interpreter (one save in a 21,000-note vault stalled the window 170-290 ms), and
# a burst of saves is followed by one rebuild. Still well within the second a change may take.
FOLLOW_DELAY_MS = 300
SEARCH_POLL_MS = 400
# Pages, panels and the search build (which waits for its child for seconds) share WORKERS;
# vault-wide builds (the switcher, the tables for live changes, the first look for changes,
# which reads every note) have BACKGROUND_WORKERS of their own, so pages never queue behind
# them; one, as they run one at a time anyway (see Tasks.vault_wide).
WORKERS = 3
BACKGROUND_WORKERS = 1

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Indexed:
    """What the window learns when the index is ready."""

    notes: int
    seconds: float
    from_cache: int
    tree: TreeNode
    tree_mode: str


class VaultSession(QObject):
    """One open vault. Signals: `listed(TreeNode)`, `progress(done, total)`,
    `ready(Indexed)`, `failed(text)`, `changed(paths)` after live changes were applied,
    `vanished()` when the vault folder is gone, `treeReady(TreeNode, mode)`,
    `switcherReady()`, `searchStatus(text)` ("" once search is ready), `fault(Fault)` once
    per kind when the cache or search index had to recover (see `session.faults`), `stopped()`
    once a closed session's threads and children have all ended."""

    listed = Signal(object)
    previewed = Signal(object)  # the path (str) of the note `preview` can render before the index
    progress = Signal(int, int)
    ready = Signal(object)
    failed = Signal(str)
    changed = Signal(list)
    vanished = Signal()
    treeReady = Signal(object, str)
    switcherReady = Signal()
    searchStatus = Signal(str)
    fault = Signal(object)  # a session.faults.Fault, each kind once
    stopped = Signal()

    def __init__(
        self,
        root: Path,
        *,
        use_cache: bool = True,
        tree_mode: str = FOLDERS,
        first_choices: tuple[str | None, ...] = (),
        allow_outside: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.root = Path(root)
        self.use_cache = use_cache
        self.allow_outside = allow_outside  # follows symlinks out of the vault (opted in)
        self.first_choices = first_choices
        self.shared: SharedVault | None = None
        self.pages: PageRenderer | None = None
        self.preview: PageRenderer | None = None  # the first note alone, until `pages`
        self.cache: IndexCache | None = None
        self.switcher: SwitcherIndex | None = None
        self.search: SearchIndex | None = None
        self.search_ready = False
        self.closed = False
        self.tasks = Tasks(self, threads=WORKERS, background_threads=BACKGROUND_WORKERS)
        self.token = self.tasks.token
        self._tree_mode = tree_mode
        self._thread: IndexThread | None = None
        self._temporary: Path | None = None
        self._pending_changes: set[str] = set()
        self._snapshot_stale = False  # reopened from a snapshot older than the files
        self._tree_sent: tuple[str, TreeNode] | None = None  # (mode, tree) last sent
        self._changing = False
        self._faults = FaultLog()
        self.watcher = VaultWatcher(self)
        self.watcher.changed.connect(self._files_changed)
        self.watcher.overflowed.connect(self.rescan)
        self._search_poll = QTimer(self)
        self._search_poll.setInterval(SEARCH_POLL_MS)
        self._search_poll.timeout.connect(self._poll_search)
        self._finder_timer = QTimer(self)
        self._finder_timer.setSingleShot(True)
        self._finder_timer.setInterval(FINDER_DELAY_MS)
        self._finder_timer.timeout.connect(self._start_finders)
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(FOLLOW_DELAY_MS)
        self._follow_timer.timeout.connect(self._follow_changes)

    # -- reading -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def reading(self) -> Iterator[Vault | None]:
        """The vault for a quick read on the GUI thread (None before it is indexed)."""
        shared = self.shared
        if shared is None:
            yield None
            return
        with shared.read() as vault:
            yield vault

    def read(
        self,
        channel: str,
        fn: Callable[[Vault], T],
        on_done: Callable[[T], None],
        on_error: Callable[[str], None] | None = None,
        *,
        background: bool = False,
        first: bool = False,
    ) -> None:
        """Run `fn(vault)` in a worker while no change is applied; the result (or error text)
        comes back on the GUI thread. Nothing happens before the vault is indexed.
        `background`: work over the whole vault, which must not hold up pages (see Tasks);
        `first`: ahead of the other background work waiting."""
        shared = self.shared
        if shared is None:
            return

        def work() -> T:
            with shared.read() as vault:
                return fn(vault)

        self.tasks.run(channel, work, on_done, on_error, background=background, first=first)

    def settled(self) -> bool:
        """Nothing is pending: no file events waiting, no change being applied, no tree,
        switcher or search index being rebuilt (tests and benchmarks wait for this)."""
        return (
            self.shared is not None
            and not self.watcher.pending()
            and not self._pending_changes
            and not self._changing
            and not self._follow_timer.isActive()
            and not any(
                self.tasks.busy(channel)
                for channel in ("rescan", "changes", "tree", "switcher", "search-sync", "snapshot")
            )
        )

    def stream(
        self,
        channel: str,
        fn: Callable[[Vault], Iterator[T]],
        on_item: Callable[[T], None],
        on_done: Callable[[None], None],
        on_error: Callable[[str], None] | None = None,
        first_alone: bool = False,
    ) -> None:
        """Like `read`, for work that yields its results one by one (a note in parts): each
        comes back on the GUI thread as it is made; the vault is held for reading until the
        last. `first_alone`: see `Tasks.stream`."""
        shared = self.shared
        if shared is None:
            return

        def items() -> Iterator[T]:
            with shared.read() as vault:
                yield from fn(vault)

        self.tasks.stream(channel, items, on_item, on_done, on_error, first_alone)

    # -- indexing ----------------------------------------------------------------------------

    def start(self) -> None:
        thread = IndexThread(
            self.root,
            self.token,
            use_cache=self.use_cache,
            tree_mode=self._tree_mode,
            first_choices=self.first_choices,
            allow_outside=self.allow_outside,
            gate=self.tasks.vault_wide,
        )
        thread.listed.connect(self.listed)
        thread.previewed.connect(self._previewed)
        thread.progress.connect(self.progress)
        thread.indexed.connect(self._indexed)
        thread.indexed.connect(thread.taken)  # after `_indexed`: slots run in this order
        thread.failed.connect(self.failed)
        thread.finished.connect(self._thread_finished)
        self._thread = thread
        thread.start()

    def _previewed(self, preview: PageRenderer, path: str) -> None:
        if not self.closed and self.pages is None:
            self.preview = preview
            self.previewed.emit(path)

    def _indexed(self, result: LoadResult, tree: TreeNode) -> None:
        if self.closed:
            return
        self._tree_sent = (self._tree_mode, tree)
        self.shared = SharedVault(result.vault)
        self.pages = PageRenderer(result.vault)
        self.preview = None
        self.cache = result.cache
        self.ready.emit(
            Indexed(
                len(result.vault.notes), result.seconds, result.from_cache, tree, self._tree_mode
            )
        )
        # Once the window has its tree: the watch's walk of every folder competed with the
        # tree's first reveal for the interpreter (a 204 ms stall after a cold index).
        self.watcher.watch(self.root, self.tasks.vault_wide)
        if result.unverified:  # from the last snapshot, unscanned: changes since are applied
            self.rescan(then=self._changed_since_snapshot)
        self._finder_timer.start()
        # What a first live change would otherwise build under the write lock (name tables
        # and the link-key index: seconds on 21,000 notes), built now, in the background.
        self.read("prepare-changes", _prepare_for_changes, _ignore, background=True)

    def _thread_finished(self) -> None:
        self.check_faults()  # the index thread writes the cache after `indexed`
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.deleteLater()
        if self.closed:
            self._maybe_stopped()

    # -- trees -------------------------------------------------------------------------------

    def build_tree(self, mode: str, *, only_if_changed: bool = False) -> None:
        """Build the tree for `mode` in the background; `treeReady` brings it. With
        `only_if_changed`, a tree that reads exactly like the last one is not sent (a note's
        text changed, not its title: a 20,000-row view need not be rebuilt)."""
        self._tree_mode = mode

        last = self._tree_sent
        sent = last[1] if only_if_changed and last is not None and last[0] == mode else None

        def build(vault: Vault) -> tuple[TreeNode, bool]:
            with gc_paused():  # see gc_paused: no collection should walk 20,000 fresh nodes
                tree = mode_tree(vault, mode)
                node_index(tree)  # reveals on the GUI thread only look rows up
            # Hashed here, not when the tree was sent: the first tree reached the window
            # 0.2 s sooner on 100,000 notes.
            same = sent is not None and tree_fingerprint(tree) == tree_fingerprint(sent)
            return tree, same

        def built(result: tuple[TreeNode, bool]) -> None:
            tree, same = result
            if same:
                return
            self._tree_sent = (mode, tree)
            self.treeReady.emit(tree, mode)

        self.read("tree", build, built)

    # -- live changes ------------------------------------------------------------------------

    def _files_changed(self, paths: list[str]) -> None:
        if self.closed or self.shared is None:
            return
        if ROOT in paths or not self.root.is_dir():
            self.watcher.stop()
            self.vanished.emit()
            return
        self._pending_changes.update(paths)
        self._apply_pending()

    def rescan(self, then: Callable[[list[str]], None] | None = None) -> None:
        """Events were lost: compare a fresh listing with the index and apply the difference
        (or hand it to `then`)."""
        shared, root, allow_outside = self.shared, self.root, self.allow_outside
        if shared is None or self.closed:
            return

        def compare(vault: Vault) -> list[str]:
            known = {**vault.files, **vault.attachments}
            return changed_since(known, scan(root, allow_outside=allow_outside))

        self.read("rescan", compare, then or self._files_changed, background=True)

    def _changed_since_snapshot(self, paths: list[str]) -> None:
        """The first scan after a reopen from the last snapshot: what changed since is
        applied as live changes, then a fresh snapshot is stored (`_follow_changes`)."""
        if paths:
            self._snapshot_stale = True
            self._files_changed(paths)

    def _store_snapshot(self) -> None:
        cache = self.cache
        if cache is None:
            return

        self.read("snapshot", lambda vault: store_snapshot(cache, vault), _ignore, background=True)

    def _apply_pending(self) -> None:
        """One change job at a time: re-read the files (in a worker), then apply them under
        the write lock, in O(change). Events arriving meanwhile wait for the next job."""
        shared = self.shared
        if self._changing or not self._pending_changes or shared is None:
            return
        paths = sorted(self._pending_changes)
        self._pending_changes.clear()
        self._changing = True
        root, cache, token = self.root, self.cache, self.token
        allow_outside = self.allow_outside

        def work() -> list[str]:
            with shared.read() as vault:
                known = [*vault.files, *vault.attachments]
            changes: list[Change] = []
            for path in files_to_reread(root, paths, known):
                token.check()
                changes.append(read_change(root, path, allow_outside=allow_outside))
            applied = shared.apply_all(changes, token.check)
            if cache is not None and applied:
                _store_changes(cache, applied)
            return [change.path for change in applied]

        self.tasks.run("changes", work, self._changes_applied, self._changes_failed)

    def _changes_applied(self, applied: list[str]) -> None:
        self._changing = False
        self.check_faults()
        if applied:
            if self.pages is not None:
                self.pages.forget()
            if not self._follow_timer.isActive():  # at most FOLLOW_DELAY_MS after a change
                self._follow_timer.start()
            self.changed.emit(applied)
        self._apply_pending()

    def _follow_changes(self) -> None:
        """What depends on the whole vault, rebuilt for the changes applied since."""
        if self.closed or self.shared is None:
            return
        self.build_tree(self._tree_mode, only_if_changed=True)
        self._rebuild_switcher()
        if self._snapshot_stale:
            self._snapshot_stale = False
            self._store_snapshot()
        if self.search_ready:
            self._sync_search()

    def _changes_failed(self, error: str) -> None:
        self._changing = False
        log.warning("live changes in %s could not be applied: %s", self.root, error)
        self._apply_pending()

    # -- switcher and search -------------------------------------------------------------------

    def _start_finders(self) -> None:
        if self.closed or self.shared is None:
            return
        self._rebuild_switcher()
        cache = self.cache
        try:
            if cache is None:  # --no-cache: a throwaway index for this session
                self._temporary = Path(tempfile.mkdtemp(prefix="vault-viewer-"))
                cache = IndexCache(self.root, self._temporary / "search.sqlite3")
            self.search = SearchIndex(cache)
        except CacheUnavailable as error:
            self.searchStatus.emit(f"Search is unavailable: {error}")
            return
        self._sync_search()

    def _rebuild_switcher(self) -> None:
        def build(vault: Vault) -> SwitcherIndex:
            # Tens of thousands of entries: built without cyclic-GC passes and then exempted
            # from them, like the tree (see gc_paused).
            with gc_paused(freeze=True):
                return SwitcherIndex.from_vault(vault)

        # Ahead of the other vault-wide work: a reader may be typing in the switcher already.
        self.read("switcher", build, self._switcher_built, background=True, first=True)

    def _switcher_built(self, index: SwitcherIndex) -> None:
        self.switcher = index
        self.switcherReady.emit()

    def _sync_search(self) -> None:
        shared, index, root, token = self.shared, self.search, self.root, self.token
        if shared is None or index is None:
            return
        if not self.search_ready:
            self.searchStatus.emit("Building the search index…")
            self._search_poll.start()

        def work() -> int:
            with shared.read() as vault:
                files = dict(vault.files)
                titles = {path: note.title for path, note in vault.notes.items()}
            return index.sync_elsewhere(
                root,
                files,
                titles,
                start_method=START_METHOD,
                cancelled=token,
                gate=self.tasks.vault_wide,
            )

        # In the page pool: it mostly waits for its child process, holding no lock.
        self.tasks.run("search-sync", work, self._search_synced, self._search_failed)

    def _poll_search(self) -> None:
        index = self.search
        if index is None or self.search_ready:
            self._search_poll.stop()
            return
        try:
            progress = index.progress()
        except Exception:  # the child may hold the database briefly: try again later
            return
        if progress and progress[1]:
            done, total = progress
            self.searchStatus.emit(f"Building the search index… {done * 100 // total}%")

    def _search_synced(self, _count: int) -> None:
        self._search_poll.stop()
        self.check_faults()
        if not self.search_ready:
            self.search_ready = True
            self.searchStatus.emit("")

    def _search_failed(self, error: str) -> None:
        self._search_poll.stop()
        self.check_faults()
        self.searchStatus.emit(f"The search index could not be built: {error}")

    def searched(self) -> None:
        """A search answered: one that found the index damaged (it answered nothing) has it
        rebuilt in the background, and the reader is told once."""
        index = self.search
        if index is not None and index.needs_sync and not self.tasks.busy("search-sync"):
            self._sync_search()
        self.check_faults()

    def check_faults(self) -> None:
        """Say each fault of the cache and search index once (`fault`), not on every note."""
        if self.closed:
            return
        for fault in self._faults.news(self.cache, self.search):
            self.fault.emit(fault)

    # -- the end -----------------------------------------------------------------------------

    def close(self) -> None:
        """Stop everything without waiting: the token stops parsing, the search child and
        long jobs; the watcher stops; no result is delivered any more. `stopped` follows."""
        if self.closed:
            return
        self.closed = True
        courtesy.release()  # what winds down here needs no reader's page to wait for
        self.tasks.cancel()
        self.watcher.stop()
        self._search_poll.stop()
        self._finder_timer.stop()
        self._follow_timer.stop()
        if self._thread is not None:
            self._thread.requestInterruption()
        self._watch_until_stopped()

    def _watch_until_stopped(self) -> None:
        """Tasks run on pool threads that signal nothing when cancelled: look again until
        none is left (every 50 ms, only for a closed session)."""
        if not self._maybe_stopped():
            QTimer.singleShot(50, self, self._watch_until_stopped)

    def _maybe_stopped(self) -> bool:
        if self._thread is not None or not self.tasks.shutdown(0):
            return False
        self._release()
        self.stopped.emit()
        return True

    def _release(self) -> None:
        """Everything has stopped: close the databases and drop the vault."""
        for cache in {
            id(c): c for c in (self.cache, self.search and self.search.cache) if c
        }.values():
            cache.close_all()
        self._remove_temporary()
        self.shared = self.pages = self.preview = self.switcher = self.search = self.cache = None
        self._tree_sent = None  # the last tree sent, kept for comparison: not past closing

    def shutdown(self, deadline: float) -> bool:
        """Close, then wait for threads and children until `deadline` (time.monotonic());
        True when everything ended."""
        self.close()
        remaining = lambda: max(0, int((deadline - time.monotonic()) * 1000))  # noqa: E731
        done = self.tasks.shutdown(remaining())
        thread = self._thread
        if thread is not None and not thread.wait(remaining()):
            log.warning("the index thread of %s did not stop in time", self.root)
            done = False
        if done:
            self._release()
        return done

    def _remove_temporary(self) -> None:
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
            self._temporary = None


def _store_changes(cache: IndexCache, changes: list[Change]) -> None:
    """Keep the index cache in step with applied changes (a cache is never worth a failure)."""
    changed = [(c.note, c.entry) for c in changes if c.note is not None and c.entry]
    removed = [c.path for c in changes if c.entry is None]
    try:
        cache.update_notes(changed, removed)
    except Exception as error:
        log.warning("could not update the index cache: %s", error)


def _prepare_for_changes(vault: Vault) -> None:
    """Build the name tables and the link-key index, then exempt them from the collector as
    the loader exempts the index (see gc_paused): they live as long as the vault, and on
    100,000 notes every full collection on the GUI thread walked their million objects again
    (stalls of 0.2-0.4 s)."""
    with gc_paused(freeze=True):
        vault.prepare_for_changes()


def _ignore(_result: object) -> None:
    """A task whose work is its own result (it warms something up)."""
