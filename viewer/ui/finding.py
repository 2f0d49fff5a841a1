"""Finding things: the quick switcher, the command palette and full-text search.

The indexes belong to the open vault's session (built in the background); this only asks
them, off the GUI thread for search. What the reader types before an index is ready is kept:
the answer follows as soon as it is, and an Enter pressed meanwhile opens the best match then.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ..core.search import Hit
from ..core.switcher import TOPIC, Entry, SwitcherIndex
from ..session.search_hits import SearchResults, hits_html, search_vault
from .actions import ActionRegistry
from .picker import Picker
from .search_panel import SearchPanel
from .vault_session import VaultSession

log = logging.getLogger(__name__)

RECENT_LIMIT = 30
SEARCH_LIMIT = 100
FIRST_CONTEXTS = 12  # rows whose contexts come with the hits (more than a panel shows)


class Finder(QObject):
    """Signals: `openNote(path, highlight, placement)`, `openTopic(name, placement)`."""

    openNote = Signal(object, str, str)  # a path may hold surrogates (a name not UTF-8): no QString
    openTopic = Signal(object, str)

    def __init__(self, window, panel: SearchPanel, commands: Callable[[], ActionRegistry]) -> None:
        super().__init__(window)
        self._commands = commands
        self.panel = panel
        self.session: VaultSession | None = None
        self.recent: list[str] = []
        self.quick = Picker(
            window,
            object_name="quickSwitcher",
            placeholder="Open a note or topic by name…",
            search=self._switch,
        )
        self.palette = Picker(
            window,
            object_name="commandPalette",
            placeholder="Run a command…",
            search=self._match_commands,
        )
        self.quick.picked.connect(self._open_entry)
        self.palette.picked.connect(self._run_command)
        panel.queryChanged.connect(self.search)
        panel.hitActivated.connect(self._open_hit)

    # -- the vault -----------------------------------------------------------------------------

    def set_session(self, session: VaultSession | None) -> None:
        self.session = session
        self.recent = []
        self.panel.show_hits("", [])
        self.panel.set_status("")
        if session is not None:
            session.switcherReady.connect(self.quick.refresh)
            session.searchStatus.connect(self._search_status)

    def _search_status(self, text: str) -> None:
        self.panel.set_status(text)
        if not text and self.panel.query.text().strip():
            self.search(self.panel.query.text())  # typed while the index was being built

    def forget_missing(self, exists: Callable[[str], bool]) -> None:
        """Drop recent notes that no longer exist (after live changes)."""
        self.recent = [path for path in self.recent if exists(path)]

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
        switcher = self.session.switcher if self.session is not None else None
        if switcher is None:
            return []
        return switcher.search(query, recent=self.recent)

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
        entries = self._command_entries()
        return SwitcherIndex(entries).search(query) if query.strip() else entries

    def _open_entry(self, entry: Entry, where: str) -> None:
        if entry.kind == TOPIC:
            self.openTopic.emit(entry.target, where)
        else:
            self.openNote.emit(entry.target, "", where)

    def _run_command(self, entry: Entry, _where: str = "") -> None:
        self._commands().action(entry.target).trigger()

    # -- full-text search ----------------------------------------------------------------------

    def search(self, query: str) -> None:
        session = self.session
        if not query.strip():
            self.panel.show_hits(query, [])
            return
        index = session.search if session is not None else None
        if session is None or index is None or not session.search_ready:
            self.panel.set_status(
                "Building the search index… results follow as soon as it is ready"
            )
            return

        def failed(error: str) -> None:
            self.panel.set_status(f"Search failed: {error}")

        def show(results: SearchResults) -> None:
            self.panel.show_results(results)
            session.searched()  # a damaged index is rebuilt, and said once
            rest = results.hits[FIRST_CONTEXTS:]
            if rest:  # the rows below the first screens (a newer search drops them)
                session.read(
                    "search",
                    lambda vault: hits_html(vault, rest),
                    lambda html: self.panel.set_contexts(FIRST_CONTEXTS, html),
                    failed,
                )

        session.read(
            "search",
            lambda vault: search_vault(vault, index, query, SEARCH_LIMIT, contexts=FIRST_CONTEXTS),
            show,
            failed,
        )

    def _open_hit(self, hit: Hit, where: str) -> None:
        terms = hit.terms()
        self.openNote.emit(hit.path, terms[0] if terms else "", where)
