"""Finding things: the quick switcher, the command palette and full-text search.

Owns the switcher index and the vault's search index, keeps both current as the vault
changes, and runs every search off the GUI thread.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.cache import CacheUnavailable, IndexCache
from ..core.indexer import gc_paused
from ..core.search import Hit, SearchIndex
from ..core.switcher import TOPIC, Entry, SwitcherIndex
from ..core.vault import Vault
from .actions import ActionRegistry
from .background import Background
from .indexing import START_METHOD
from .picker import Picker
from .search_panel import SearchPanel, snippet_terms

log = logging.getLogger(__name__)

RECENT_LIMIT = 30


def _build_switcher(vault: Vault) -> SwitcherIndex:
    # Tens of thousands of entries: build them without cyclic-GC passes, then exempt them,
    # so no later collection walks them while the reader types (see gc_paused).
    with gc_paused():
        return SwitcherIndex.from_vault(vault)


class Finder(QObject):
    """Signals: `openNote(path, highlight)`, `openTopic(name)`, `searchReady()`."""

    openNote = Signal(str, str)
    openTopic = Signal(str)
    searchReady = Signal()

    def __init__(
        self,
        parent_window,
        background: Background,
        panel: SearchPanel,
        commands: Callable[[], ActionRegistry],
    ) -> None:
        super().__init__(parent_window)
        self._background = background
        self._commands = commands
        self.panel = panel
        self.vault: Vault | None = None
        self.switcher: SwitcherIndex | None = None
        self.search_index: SearchIndex | None = None
        self.search_ready = False
        self._closing = False
        self.recent: list[str] = []
        self._temporary: Path | None = None
        self.quick = Picker(
            parent_window,
            object_name="quickSwitcher",
            placeholder="Open a note or topic by name…",
            search=self._switch,
        )
        self.palette = Picker(
            parent_window,
            object_name="commandPalette",
            placeholder="Run a command…",
            search=self._match_commands,
        )
        self.quick.picked.connect(self._open_entry)
        self.palette.picked.connect(self._run_command)
        panel.queryChanged.connect(self.search)
        panel.hitActivated.connect(self._open_hit)
        self._progress_timer = QTimer(self)
        self._progress_timer.setInterval(400)
        self._progress_timer.timeout.connect(self._poll_progress)

    # -- vault lifecycle -----------------------------------------------------------------------

    def set_vault(self, vault: Vault | None, cache: IndexCache | None) -> None:
        self.close()
        self.vault = vault
        self.switcher = None
        self.search_ready = False
        self._closing = False
        # Notes visited before the indexes were ready (the first page) stay recent.
        self.recent = [p for p in self.recent if vault is not None and p in vault.notes]
        if vault is None:
            return
        self.rebuild_switcher()
        try:
            if cache is None:  # --no-cache: a throwaway index for this session
                self._temporary = Path(tempfile.mkdtemp(prefix="vault-viewer-"))
                cache = IndexCache(vault.root, self._temporary / "search.sqlite3")
            self.search_index = SearchIndex(cache)
        except CacheUnavailable as error:
            self.panel.set_status(f"Search is unavailable: {error}")
            return
        self._sync()

    def close(self) -> None:
        self._closing = True  # stops a search-index build in its child process
        self._background.cancel("search-sync")
        self.search_index = None
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
            self._temporary = None

    def rebuild_switcher(self) -> None:
        vault = self.vault
        if vault is None:
            return
        self._background.run("switcher", lambda: _build_switcher(vault), self._switcher_built)

    def _switcher_built(self, index: SwitcherIndex) -> None:
        self.switcher = index
        if self.quick.isVisible():
            self.quick.refresh()

    def _sync(self) -> None:
        vault, index = self.vault, self.search_index
        if vault is None or index is None:
            return
        files = dict(vault.files)
        titles = {path: note.title for path, note in vault.notes.items()}
        if not self.search_ready:
            self.panel.set_status("Building the search index…")

        def work() -> int:
            return index.sync_elsewhere(
                vault.root,
                files,
                titles,
                start_method=START_METHOD,
                cancelled=lambda: self._closing,
            )

        self._progress_timer.start()
        self._background.run("search-sync", work, self._synced, self._sync_failed)

    def _poll_progress(self) -> None:
        index = self.search_index
        if index is None or self.search_ready:
            self._progress_timer.stop()
            return
        try:
            progress = index.progress()
        except Exception:  # the child may hold the database briefly: try again later
            return
        if progress:
            self._show_sync_progress(*progress)

    def _show_sync_progress(self, done: int, total: int) -> None:
        if not self.search_ready and total:
            self.panel.set_status(f"Building the search index… {done * 100 // total}%")

    def _synced(self, _count: int) -> None:
        self._progress_timer.stop()
        first = not self.search_ready
        self.search_ready = True
        if first:
            self.panel.set_status("")
            self.searchReady.emit()
            if self.panel.query.text().strip():
                self.search(self.panel.query.text())

    def _sync_failed(self, error: str) -> None:
        self._progress_timer.stop()
        self.panel.set_status(f"Search index failed: {error}")

    def vault_changed(self, paths: list[str]) -> None:
        """Live changes: refresh the switcher and re-index what changed."""
        self.recent = [p for p in self.recent if self.vault and p in self.vault.notes]
        self.rebuild_switcher()
        if self.search_ready:
            self._sync()

    def note_shown(self, path: str) -> None:
        if path in self.recent:
            self.recent.remove(path)
        self.recent.insert(0, path)
        del self.recent[RECENT_LIMIT:]

    # -- quick switcher and palette ------------------------------------------------------------

    def open_switcher(self) -> None:
        self.quick.popup()

    def open_palette(self) -> None:
        self.palette.popup()

    def _switch(self, query: str) -> list[Entry]:
        if self.switcher is None:
            return []
        return self.switcher.search(query, recent=self.recent)

    def _command_entries(self) -> list[Entry]:
        entries = []
        for command, action in self._commands():
            if not action.isEnabled():
                continue
            keys = ", ".join(s.toString() for s in action.shortcuts())
            detail = f"{command.menu}" + (f" · {keys}" if keys else "")
            entries.append(Entry(command.label, "command", command.id, detail))
        return entries

    def _match_commands(self, query: str) -> list[Entry]:
        return (
            SwitcherIndex(self._command_entries()).search(query)
            if query.strip()
            else (self._command_entries())
        )

    def _open_entry(self, entry: Entry) -> None:
        if entry.kind == TOPIC:
            self.openTopic.emit(entry.target)
        else:
            self.openNote.emit(entry.target, "")

    def _run_command(self, entry: Entry) -> None:
        self._commands().action(entry.target).trigger()

    # -- full-text search ----------------------------------------------------------------------

    def search(self, query: str) -> None:
        index = self.search_index
        if not query.strip():
            self.panel.show_hits(query, [])
            return
        if index is None or not self.search_ready:
            self.panel.set_status(
                "Building the search index… results follow as soon as it is ready"
            )
            return
        self._background.run(
            "search",
            lambda: index.search(query, limit=100, prefix_last=True),
            lambda hits: self.panel.show_hits(query, hits),
            lambda error: self.panel.set_status(f"Search failed: {error}"),
        )

    def _open_hit(self, hit: Hit) -> None:
        terms = snippet_terms(hit.snippet)
        self.openNote.emit(hit.path, terms[0] if terms else "")
