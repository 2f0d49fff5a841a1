"""The routes between the page shown and the panes around it.

Choosing something anywhere (a tree row, a mention, a switcher entry, a search hit) opens it
in the note area: in the active tab, a new tab or the other group, as the reader chose (see
`ui.placement`); the page shown in the active tab goes back out to the panes that follow it:
the tree selects its row, the side panels list its backlinks and citations, the switcher
remembers it, the session remembers the last note. Which page kinds feed which pane comes
from the page-kind table (`session.location.KINDS`)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ..core.episodes import Citation
from ..core.tree import FOLDER, SECTION, TOPIC, TreeNode, parent_page
from ..session.location import (
    EPISODE_PAGE,
    HERE,
    NOTE_PAGE,
    TOPIC_PAGE,
    Location,
    kind_of,
)
from ..session.mentions import MentionRow
from ..session.pages import location_for_node
from .finding import Finder
from .reader_area import ReaderArea
from .settings import Settings
from .side_panels import SidePanels
from .timestamps_panel import TimestampsPanel, highlight_citation
from .tree_area import TreeArea
from .vault_controller import VaultController


class PageRoutes(QObject):
    """Signals: `pageShown(Location)` after the followers were updated, `notice(text)`."""

    pageShown = Signal(object)
    notice = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        area: ReaderArea,
        vaults: VaultController,
        tree_area: TreeArea,
        side_panels: SidePanels,
        finder: Finder,
        settings: Settings,
    ) -> None:
        super().__init__(parent)
        self.area, self.vaults, self.tree_area = area, vaults, tree_area
        self.side_panels, self.finder, self.settings = side_panels, finder, settings
        self._reveal_later: Location | None = None
        # The tree follows the page once it has painted (see `_reveal_soon`).
        self._to_reveal: Location | None = None
        self._reveal_timer = QTimer(self)
        self._reveal_timer.setSingleShot(True)
        self._reveal_timer.setInterval(0)
        self._reveal_timer.timeout.connect(self._reveal_now)
        area.pageShown.connect(self._shown)
        area.pageSettled.connect(self._settled)
        tree_area.activated.connect(self.open_node)
        finder.openNote.connect(
            lambda path, term, where: area.open(
                Location(NOTE_PAGE, path, highlight=term or None), where
            )
        )
        finder.openTopic.connect(lambda name, where: area.open(Location(TOPIC_PAGE, name), where))

    def _shown(self, location: Location) -> None:
        # A long page still coming in keeps the workers busy, and opening a folder of
        # thousands of rows asks the tree's Python model once a row, each call waiting for
        # the interpreter: 0.3-0.5 s then, 2 ms once the page is all there (or a very long
        # note, all rendered, waits for the reader to scroll on).
        complete = self.area.active.navigator.settled
        if complete:
            self._reveal_later = None
            self._reveal_soon(location)
        else:
            self._reveal_later = location
        self.side_panels.show_page(location, complete=complete)
        page = self.area.active.navigator.page
        session = self.vaults.session
        if kind_of(location).remembered and page is not None and page.exists and session:
            self.settings.set_last_note(session.root, location.key)
            self.finder.note_shown(location.key)
        self.pageShown.emit(location)

    def _settled(self, location: Location) -> None:
        self.side_panels.page_completed(location)
        if location is self._reveal_later:
            self._reveal_later = None
            self._reveal_soon(location)

    def _reveal_soon(self, location: Location) -> None:
        """Select the page's tree row in the event loop's next turn, after the page painted:
        opening a folder of 6,000 notes costs the tree 30-60 ms of calls into Python, which
        the reader used to wait for before seeing the page. Quick switches reveal once."""
        self._to_reveal = location
        self._reveal_timer.start()

    @property
    def reveal_pending(self) -> bool:
        """The tree is about to select the page shown (in the event loop's next turn)."""
        return self._reveal_timer.isActive()

    def _reveal_now(self) -> None:
        location, self._to_reveal = self._to_reveal, None
        if location is not None and location == self.area.active.navigator.shown:
            self.tree_area.reveal(location)

    # -- choosing ------------------------------------------------------------------------------

    def open_node(self, node: TreeNode, where: str = HERE) -> None:
        if node.kind == TOPIC:
            self.area.open(Location(TOPIC_PAGE, node.key), where)
        elif node.note:
            self.area.open(Location(NOTE_PAGE, node.note), where)
        elif node.kind not in (SECTION, FOLDER):
            location = location_for_node(node)
            if location is not None:
                self.area.open(replace(location, origin=self._note_shown()), where)

    def _note_shown(self) -> str | None:
        """The note in the active tab (an episode opened from it marks its citations)."""
        shown = self.area.active.navigator.shown
        if shown is None:
            return None
        return shown.key if shown.kind == NOTE_PAGE else shown.origin

    def open_mention(self, row: MentionRow, where: str = HERE) -> None:
        location = Location(NOTE_PAGE, row.source, line=row.line, highlight=row.needle)
        self.area.open(location, where)

    def mark_citation(self, citation: Citation) -> None:
        """A row chosen in the Timestamps panel: mark it in the page when the page shows it."""
        reader = self.area.active
        shown = reader.navigator.shown
        if shown is not None and (shown.key == citation.path or shown.kind == EPISODE_PAGE):
            panel = self.side_panels.panel(TimestampsPanel)
            highlight_citation(reader.pane, citation, bool(panel.video_id))

    def go_parent(self) -> None:
        """The folder or channel page above the note shown (Alt+Up)."""
        navigator = self.area.active.navigator
        shown = navigator.shown
        parent = None
        with self.vaults.reading() as vault:
            if vault is not None and shown is not None and shown.kind == NOTE_PAGE:
                parent = parent_page(vault.notes, shown.key)
        if parent:
            navigator.open_note(parent)
        else:
            self.notice.emit("This page has no folder or channel page above it")

    def reveal(self) -> bool:
        """Select the page shown in the tree, clearing a filter that hides it (Ctrl+.)."""
        shown = self.area.active.navigator.shown
        if shown is None:
            return False
        if self.tree_area.reveal(shown, clear_filter=True):
            return True
        self.notice.emit(self.tree_area.not_shown(shown))
        return False
