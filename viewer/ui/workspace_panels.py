"""The reading workspace around the note: bookmarks, what changed, the local graph, random
and recent notes.

The window builds one `WorkspacePanels` and wires it in a few lines: it adds the Bookmarks and
Changes tabs to the left side, takes the Graph panel from the side panels, gives the handlers
of its commands (`handlers`), adds Go › Recent Notes (`bind`), and hears of every page the
active tab shows (`page_shown`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QAction, QTextBlock, QTextDocument
from PySide6.QtWidgets import QApplication, QMenu, QTabWidget, QWidget

from ..core.random_note import random_note
from ..session.bookmarks import SEARCH, Bookmark, bookmark_for, heading_bookmark, location_of
from ..session.location import HERE, NOTE_PAGE, Location
from .actions import ActionRegistry
from .bookmarks_panel import BookmarksPanel
from .changes_panel import ChangesPanel
from .commands import ChoiceMenu
from .finding import Finder
from .graph_panel import GraphPanel
from .note_pane import NotePane
from .placement import placement
from .reader_area import ReaderArea
from .side_panels import SidePanels
from .vault_host import VaultHost
from .vault_session import VaultSession

HEADING_LOOKBACK = 5000  # blocks walked back from the top of the view to find its heading
TITLE_BLOCKS = 4  # the page title is among the first blocks


def heading_in_view(pane: NotePane) -> str | None:
    """The text of the heading the pane is scrolled to: the last one above the top third of
    the view, where going to a heading puts it (None at the top of the note, above its first
    heading, or on the page's own title). Walks back from there, so it costs what lies
    between the view and its heading, not the note's size."""
    if pane.scroll_position() <= 0:
        return None  # at the top: the reader is on the note, not on one of its headings
    probe = QPoint(pane.viewport().width() // 2, pane.viewport().height() // 3)
    block: QTextBlock = pane.cursorForPosition(probe).block()
    title = _title_block(pane.document())
    for _ in range(HEADING_LOOKBACK):
        if not block.isValid() or block.blockNumber() == title:
            return None
        if block.blockFormat().headingLevel() > 0:
            return block.text().strip() or None
        block = block.previous()
    return None


def _title_block(document: QTextDocument) -> int:
    """The number of the block holding the page's title (its first heading, at the top)."""
    block = document.begin()
    for _ in range(TITLE_BLOCKS):
        if not block.isValid():
            break
        if block.blockFormat().headingLevel() > 0:
            return block.blockNumber()
        block = block.next()
    return -1


class WorkspacePanels(QObject):
    """Signals: `notice(text)` for the status bar."""

    notice = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        host: VaultHost,
        area: ReaderArea,
        left_tabs: QTabWidget,
        side_panels: SidePanels,
    ) -> None:
        super().__init__(parent)
        self.host, self.area, self.left_tabs = host, area, left_tabs
        self.side_panels = side_panels
        self.finder: Finder | None = None  # (see bind)
        self.bookmarks = BookmarksPanel(left_tabs)
        self.changes = ChangesPanel(left_tabs)
        left_tabs.addTab(self.bookmarks, self.bookmarks.title)
        left_tabs.addTab(self.changes, self.changes.title)
        self.graph = side_panels.panel(GraphPanel)
        self._actions: dict[str, QAction] = {}
        host.opened.connect(self._opened)
        self.bookmarks.openRequested.connect(self.open_bookmark)
        self.bookmarks.changed.connect(self._show_bookmarked)
        self.bookmarks.notice.connect(self.notice)
        self.changes.openRequested.connect(
            lambda path, where: area.open(Location(NOTE_PAGE, path), where)
        )
        self.changes.countChanged.connect(self._count_changes)
        self.graph.openRequested.connect(lambda location, where: area.open(location, where))
        self.graph.depth_button.toggled.connect(lambda on: self._check("graph-depth", on))

    def handlers(self) -> dict[str, Callable[[], object]]:
        """What each of the workspace's commands (in `ui.commands`) does."""
        return {
            "bookmark": self.toggle_bookmark,
            "bookmark-heading": self.bookmark_heading,
            "bookmarks": lambda: self._show_left(self.bookmarks),
            "random-note": self.random_note,
            "changes": lambda: self._show_left(self.changes),
            "mark-all-read": self.changes.mark_all_read,
            "local-graph": self.show_graph,
            "graph-depth": self.graph.toggle_depth,
        }

    def bind(self, commands: ActionRegistry, go_menu: QMenu, finder: Finder) -> None:
        """Once the commands and the finder exist: keep the checkable actions in step, add
        Go › Recent Notes (the finder's recent notes), and bookmark searches of its panel."""
        self.finder = finder
        self._actions = {name: commands.action(name) for name in ("bookmark", "graph-depth")}
        self._check("graph-depth", self.graph.depth_button.isChecked())
        self.recent_menu = ChoiceMenu(
            "Recent &Notes", "recentNotesMenu", self._recent_entries, "No notes opened yet", go_menu
        )
        self.recent_menu.chosen.connect(
            lambda path: self.area.open(Location(NOTE_PAGE, path), placement())
        )
        go_menu.addMenu(self.recent_menu)

    # -- following the window ----------------------------------------------------------------------

    def _opened(self, session: VaultSession) -> None:
        self.bookmarks.set_vault(session.root)
        self.changes.set_session(session)

    def page_shown(self, location: Location) -> None:
        if location.kind == NOTE_PAGE:
            self.changes.note_opened(location.key)
        self._show_bookmarked()

    def _check(self, name: str, on: bool) -> None:
        action = self._actions.get(name)
        if action is not None:
            action.setChecked(on)

    def _show_bookmarked(self) -> None:
        self._check("bookmark", self.bookmarks.contains(self._page_bookmark()))

    def _count_changes(self, unread: int) -> None:
        index = self.left_tabs.indexOf(self.changes)
        self.left_tabs.setTabText(index, f"Changes ({unread:,})" if unread else "Changes")

    def _show_left(self, panel: BookmarksPanel | ChangesPanel) -> None:
        self.left_tabs.setCurrentWidget(panel)
        panel.focus_target().setFocus()

    def show_graph(self) -> None:
        self.side_panels.setCurrentWidget(self.graph)
        self.graph.focus_target().setFocus()

    # -- bookmarks ---------------------------------------------------------------------------------

    def _page_bookmark(self) -> Bookmark | None:
        navigator = self.area.active.navigator
        page = navigator.page
        if page is None or not page.exists:
            return None
        return bookmark_for(navigator.shown, page.title)

    def toggle_bookmark(self) -> None:
        """Ctrl+D: bookmark the page shown, or the search when the search panel has the focus;
        again to remove the bookmark."""
        focus = QApplication.focusWidget()
        panel = self.finder.panel if self.finder is not None else None
        query = panel.query.text().strip() if panel is not None else ""
        if focus is not None and panel is not None and panel.isAncestorOf(focus) and query:
            bookmark: Bookmark | None = Bookmark(SEARCH, query)
        else:
            bookmark = self._page_bookmark()
        self._toggle(bookmark)

    def bookmark_heading(self) -> None:
        """Ctrl+Shift+D: bookmark the heading the note is scrolled to."""
        reader = self.area.active
        shown, page = reader.navigator.shown, reader.navigator.page
        heading = None
        if shown is not None and shown.kind == NOTE_PAGE and page is not None and page.exists:
            heading = heading_in_view(reader.pane)
        if heading is None or shown is None or page is None:
            self.notice.emit("Scroll the note to a heading to bookmark it")
            self._show_bookmarked()
            return
        self._toggle(heading_bookmark(shown.key, heading, f"{page.title} › {heading}"))

    def _toggle(self, bookmark: Bookmark | None) -> None:
        marked = self.bookmarks.toggle(bookmark) if bookmark is not None else None
        if bookmark is None or marked is None:
            self.notice.emit("There is nothing to bookmark here")
        else:
            label = bookmark.label
            self.notice.emit(f"Bookmarked: {label}" if marked else f"Bookmark removed: {label}")
        self._show_bookmarked()

    def open_bookmark(self, bookmark: Bookmark, where: str = HERE) -> None:
        if bookmark.kind == SEARCH:
            panel = self.finder.panel if self.finder is not None else None
            if panel is not None:
                self.left_tabs.setCurrentWidget(panel)
                panel.query.setText(bookmark.target)
                panel.run_now()
                panel.focus_query()
            return
        location = location_of(bookmark)
        if location is None:
            self.notice.emit(f"This version cannot open a bookmark of kind {bookmark.kind!r}")
            return
        self.area.open(location, where)

    # -- random and recent notes -------------------------------------------------------------------

    def random_note(self) -> None:
        """A note chosen at random, never the one shown (a quick read of the note names)."""
        session = self.host.current
        shown = self.area.active.navigator.shown
        current = shown.key if shown is not None and shown.kind == NOTE_PAGE else None
        path = None
        if session is not None:
            with session.reading() as vault:
                path = random_note(vault.notes, current) if vault is not None else None
        if path is None:
            self.notice.emit("There is no other note to open")
            return
        self.area.open(Location(NOTE_PAGE, path), HERE)

    def _recent_entries(self) -> list[tuple[str, str]]:
        session = self.host.current
        paths = self.finder.recent if self.finder is not None else []
        if session is None:
            return []
        with session.reading() as vault:
            if vault is None:
                return []
            return [(vault.title_of(path), path) for path in paths if path in vault.notes]
