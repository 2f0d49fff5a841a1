"""Index a vault in a background thread, reporting progress, without freezing the window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from ..core.loader import load_vault

log = logging.getLogger(__name__)

# Worker processes must not be forked from a process that runs Qt threads (a forked child can
# inherit a held lock); a fork server starts them from a clean single-threaded process.
START_METHOD = "forkserver" if sys.platform.startswith("linux") else None


class IndexThread(QThread):
    """Scan, then parse and link; `listed` arrives within milliseconds so the tree can show
    file names at once, `indexed` when titles, links and backlinks are ready."""

    listed = Signal(object)  # ScanResult
    progress = Signal(int, int)  # notes parsed, total
    indexed = Signal(object)  # LoadResult (its .vault)
    failed = Signal(str)

    def __init__(self, root: Path, parent=None, *, use_cache: bool = True) -> None:
        super().__init__(parent)
        self.root = root
        self.use_cache = use_cache
        self.setObjectName("indexThread")

    def run(self) -> None:
        try:
            result = load_vault(
                self.root,
                use_cache=self.use_cache,
                progress=self.progress.emit,
                start_method=START_METHOD,
                listed=self.listed.emit,
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
        self.indexed.emit(result)
        result.write_cache()  # after the window has the vault: never delays the first page
