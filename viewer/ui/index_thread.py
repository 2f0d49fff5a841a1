"""The index thread of an open vault: scan, then parse and link, then write the index cache.

Owned by `VaultSession`, which starts it, cancels it through its token and joins it.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from ..core.indexer import gc_paused
from ..core.loader import LoadResult, load_vault, restore_last
from ..core.preview import first_in_listing, preview_vault
from ..core.scan import ScanResult
from ..core.tree import node_index
from ..session.pages import PageRenderer
from ..session.start import first_note_needs_names
from ..session.trees import FOLDERS, mode_tree
from .tasks import Token, wait_for_turn, wait_until

log = logging.getLogger(__name__)

# Worker processes must not be forked from a process that runs Qt threads (a forked child can
# inherit a held lock); a fork server starts them from a clean single-threaded process.
START_METHOD = "forkserver" if sys.platform.startswith("linux") else None


class IndexThread(QThread):
    """Scan, then parse and link. `listed` comes within milliseconds (file names for the
    tree), `indexed` once titles, links and backlinks are ready; then the index cache is
    written in one transaction, so a kill right after still leaves it: as soon as `gate`
    (the session's vault-wide work, see Tasks.vault_wide) is free, or at once when the
    session closes meanwhile."""

    listed = Signal(object)  # TreeNode of file names
    previewed = Signal(object, str)  # a PageRenderer over the first note alone, its path
    progress = Signal(int, int)
    indexed = Signal(object, object)  # LoadResult, TreeNode in the requested mode
    failed = Signal(str)

    def __init__(
        self,
        root: Path,
        token: Token,
        *,
        use_cache: bool,
        tree_mode: str,
        first_choices: tuple[str | None, ...] = (),
        allow_outside: bool = False,
        gate: threading.Lock | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("indexThread")
        self._gate = gate or threading.Lock()
        self._root, self._token = root, token
        self._use_cache, self._tree_mode = use_cache, tree_mode
        self._first_choices = first_choices
        self._allow_outside = allow_outside
        self._taken = threading.Event()  # the window has taken the index (see `taken`)

    def taken(self, *_indexed: object) -> None:
        """Connected after the session's own slot for `indexed`: the window has built its
        tree from the index and shown its first page."""
        self._taken.set()

    def _load(self) -> LoadResult:
        """The vault as the cache's snapshot last saw it, shown before any scan (the session
        then scans and applies what changed, as live changes), else scanned and indexed."""
        if self._use_cache:
            last = restore_last(self._root, listed=self._listed, allow_outside=self._allow_outside)
            if last is not None:
                return last
        return load_vault(
            self._root,
            use_cache=self._use_cache,
            progress=self.progress.emit,
            start_method=START_METHOD,
            listed=self._listed,
            cancelled=self._token,
            allow_outside=self._allow_outside,
        )

    def _listed(self, listing: ScanResult) -> None:
        """File names are known: the note to read first is shown from its file at once (the
        index takes seconds more), and the tree shows file names unless the index is about to
        be restored from the cache (on 100,000 notes that tree cost the index thread 1.3 s and
        the GUI thread a model it replaced a moment later)."""
        first = first_in_listing(listing, self._first_choices)
        if first is not None and not self._token.cancelled:
            try:
                preview = PageRenderer(preview_vault(self._root, listing, first))
            except OSError:  # unreadable: the index will say so
                pass
            else:
                self.previewed.emit(preview, first)
        if listing.restorable:
            return  # the index comes from the cache's snapshot at once: no tree of file names
        titles = {entry.path: Path(entry.path).stem for entry in listing.notes}
        names = mode_tree(None, FOLDERS, titles)
        node_index(names)
        self.listed.emit(names)

    def run(self) -> None:
        try:
            result = self._load()
            self._token.check()
            # Frozen like the index: the tree lives until a change replaces it (it has no
            # cycles, so it is freed then all the same), and the GUI thread's collector would
            # otherwise walk its 100,000 nodes twice on the way to the oldest generation.
            with gc_paused(freeze=True):
                tree = mode_tree(result.vault, self._tree_mode)
                node_index(tree)
                result.vault.topics()  # computed once here, then cached for the GUI
                result.vault.link_counts()
            choices = self._first_choices
            asked, last = (choices[0], choices[-1]) if choices else (None, None)
            if first_note_needs_names(result.vault, asked, last):
                # The GUI thread looks the first note up by name: the names it asks for,
                # built over every note (0.2 s of 21,000), are built here first.
                result.vault.resolver  # noqa: B018
        except InterruptedError:
            return
        except Exception as error:
            if self._token.cancelled:
                return
            if isinstance(error, OSError):
                text = f"Cannot read the vault folder {self._root}: {error.strerror or error}"
            else:  # never a traceback dialog: a message, and the log
                log.error("indexing %s failed:\n%s", self._root, traceback.format_exc())
                text = f"Indexing {self._root} failed: {error}"
            self.failed.emit(text)
            return
        if self._token.cancelled:
            return
        self.indexed.emit(result, tree)
        if result.unverified:
            return  # nothing new to store: the session scans and applies what changed
        # The window takes the index first: the cache's snapshot is built from every note,
        # Python that competed with the tree's first reveal for the interpreter (a 440 ms stall
        # after reopening a vault with one note changed). Closing: written at once, unheld.
        wait_until(self._taken.wait, self._token)
        held = wait_for_turn(self._gate, self._token)
        try:
            result.write_cache()
        finally:
            if held:
                self._gate.release()
