"""Index a vault in a background thread, reporting progress, without freezing the window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from ..core.indexer import gc_paused
from ..core.loader import load_vault
from ..core.scan import ScanResult
from .trees import FOLDERS, mode_tree

log = logging.getLogger(__name__)

# Worker processes must not be forked from a process that runs Qt threads (a forked child can
# inherit a held lock); a fork server starts them from a clean single-threaded process.
START_METHOD = "forkserver" if sys.platform.startswith("linux") else None


class IndexThread(QThread):
    """Scan, then parse and link; `listed` arrives within milliseconds so the tree can show
    file names at once, `indexed` when titles, links and backlinks are ready."""

    listed = Signal(object, object)  # ScanResult, TreeNode of file names
    progress = Signal(int, int)  # notes parsed, total
    indexed = Signal(object, object)  # LoadResult (its .vault), TreeNode in `tree_mode`
    failed = Signal(str)

    def __init__(
        self, root: Path, parent=None, *, use_cache: bool = True, tree_mode: str = FOLDERS
    ) -> None:
        super().__init__(parent)
        self.root = root
        self.use_cache = use_cache
        self.tree_mode = tree_mode
        self.setObjectName("indexThread")

    def _listed(self, listing: ScanResult) -> None:
        # Trees are built here, not on the GUI thread: 20,000 nodes take a good part of a
        # second to sort, which would freeze the window.
        titles = {entry.path: Path(entry.path).stem for entry in listing.notes}
        self.listed.emit(listing, mode_tree(None, FOLDERS, titles))

    def run(self) -> None:
        try:
            result = load_vault(
                self.root,
                use_cache=self.use_cache,
                progress=self.progress.emit,
                start_method=START_METHOD,
                listed=self._listed,
                cancelled=self.isInterruptionRequested,
            )
        except InterruptedError:
            return
        except OSError as error:
            self.failed.emit(f"Cannot read the vault folder {self.root}: {error.strerror or error}")
            return
        except Exception as error:  # never a traceback dialog: a message, and the log
            log.error("indexing %s failed:\n%s", self.root, traceback.format_exc())
            self.failed.emit(f"Indexing {self.root} failed: {error}")
            return
        if self.isInterruptionRequested():
            return
        with gc_paused():
            tree = mode_tree(result.vault, self.tree_mode)
            result.vault.topics()  # computed once here, then cached for the GUI
            result.vault.link_counts()
        self.indexed.emit(result, tree)
        result.write_cache()  # after the window has the vault: never delays the first page
