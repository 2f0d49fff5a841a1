"""The Outline panel (`outlinePanel`): the open note's headings as a tree, the one being read
highlighted as the note scrolls; Enter or a click scrolls there. On an episode page it lists
the episode's topics, which open their notes.

The headings come from the note's parse (a worker reads them); each is found in the rendered
page by the line anchor its block starts with, the block `[[note#Heading]]` lands on too.
Following the scroll is a binary search of the headings' places in the page for the place
at the reading line: no layout, never a walk of the document.
"""

from __future__ import annotations

import time
from bisect import bisect_right

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QWidget

from ..session.location import EPISODE_PAGE, NOTE_PAGE, Location
from ..session.outline import OutlineEntry, outline
from .note_pane import NotePane
from .panel_parts import Slices, bold_font, panel_heading, stack
from .placement import placement
from .vault_session import VaultSession

EntryRole = Qt.ItemDataRole.UserRole + 40
FILTER_DELAY_MS = 80
READING_LINE = 0.2  # a heading counts as being read once it is above this share of the view
WALK_SLICE_S = 0.02  # finding headings in a long page yields to the event loop this often


class _Walk:
    """A walk over a page's blocks finding the blocks that start the outline's lines. It
    keeps a position, not a block, between slices: a QTextBlock kept across event-loop turns
    points into the page's block table, which another page shown in the pane frees."""

    def __init__(self, pane: NotePane, lines: set[int]) -> None:
        self.document, self.page, self.lines = pane.document(), pane.page_number, lines
        self.position = 0  # where the next slice starts
        self.found: dict[int, int] = {}  # line -> block position
        self.done = False

    def valid_in(self, pane: NotePane) -> bool:
        """Whether `pane` still shows the page this walk started on."""
        return pane.document() is self.document and pane.page_number == self.page

    def step(self, deadline: float) -> bool:
        """Walk on until `deadline`; True once every line is found or the page ends."""
        found, lines = self.found, self.lines
        block = self.document.findBlock(self.position)
        while block.isValid() and len(found) < len(lines):
            iterator = block.begin()
            if block.blockFormat().headingLevel() and not iterator.atEnd():
                for name in iterator.fragment().charFormat().anchorNames():
                    line = int(name[1:]) if name[:1] == "L" and name[1:].isdigit() else 0
                    if line in lines:
                        found.setdefault(line, block.position())
            block = block.next()
            # Each Qt call above may wait for the interpreter lock while workers render:
            # the clock is read every block, or a slice runs 64 blocks of waits long.
            if time.perf_counter() > deadline:
                break
        self.done = not block.isValid() or len(found) >= len(lines)
        if not self.done:
            self.position = block.position()
        return self.done


class _Fill:
    """The outline's rows, built a slice at a time outside the tree (headings nest by level)."""

    def __init__(self, entries: list[OutlineEntry]) -> None:
        self.entries = entries
        self.next = 0
        self.items: list[QTreeWidgetItem] = []  # every row, in page order
        self.tops: list[QTreeWidgetItem] = []
        self.parents: list[tuple[int, QTreeWidgetItem]] = []

    def step(self, deadline: float) -> bool:
        """Build rows until `deadline`; True once every entry has its row."""
        entries, parents = self.entries, self.parents
        while self.next < len(entries):
            entry = entries[self.next]
            self.next += 1
            item = QTreeWidgetItem(
                [f"{entry.text}  ·  {entry.detail}" if entry.detail else entry.text]
            )
            item.setData(0, EntryRole, entry)
            item.setToolTip(0, entry.text)
            while parents and parents[-1][0] >= entry.level:
                parents.pop()
            if parents:
                parents[-1][1].addChild(item)
            else:
                self.tops.append(item)
            parents.append((entry.level, item))
            self.items.append(item)
            if time.perf_counter() > deadline:
                break
        return self.next >= len(entries)


class OutlinePanel(QWidget):
    """Signals: `topicChosen(Location, placement)` for a topic of an episode (headings scroll
    the pane the panel follows, see `follow`)."""

    title = "Outline"
    topicChosen = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outlinePanel")
        self.setAccessibleName("Outline")
        self.heading = panel_heading(self, "Outline")
        self.filter = QLineEdit(self)
        self.filter.setObjectName("outlineFilter")
        self.filter.setPlaceholderText("Filter headings")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter the outline")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("outlineTree")
        self.tree.setAccessibleName("Headings of the note")
        self.tree.setAccessibleDescription("Enter scrolls the note to the heading.")
        self.tree.setHeaderHidden(True)
        self.tree.setIndentation(14)
        self.tree.setAnimated(False)
        stack(self, self.heading, self.filter, self.tree)
        self._pane: NotePane | None = None
        self._location: Location | None = None
        self._items: list[QTreeWidgetItem] = []  # every row, in page order
        # Their entries (read back from a row through Qt costs more than the rest of a walk).
        self._entries: list[OutlineEntry] = []
        # Headings found in the pane: their rows and block positions, in page order.
        self._located: list[tuple[QTreeWidgetItem, int]] = []
        self._walk: _Walk | None = None
        self._slices = Slices(self)  # rows built, then headings found, a slice a turn
        self._current: QTreeWidgetItem | None = None
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(self._filter_timer.start)
        self.filter.returnPressed.connect(self._activate_first_match)
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)

    # -- following the page --------------------------------------------------------------------

    def follow(self, pane: NotePane) -> None:
        """Follow `pane` (the active reader's): its scrolling moves the highlight."""
        if pane is self._pane:
            return
        if self._pane is not None:
            self._pane.verticalScrollBar().valueChanged.disconnect(self._scrolled)
        self._pane = pane
        pane.verticalScrollBar().valueChanged.connect(self._scrolled)

    def show_page(self, session: VaultSession | None, location: Location | None) -> None:
        self._location = location
        self._located, self._walk = [], None  # positions in the page that was shown
        if session is None or location is None or location.kind not in (NOTE_PAGE, EPISODE_PAGE):
            self.show_entries([], "No outline for this page")
            return
        session.read(
            "outline",
            lambda vault: outline(vault, location),
            lambda entries: self._arrived(location, entries),
        )

    def focus_target(self) -> QWidget:
        return self.tree

    def _arrived(self, location: Location, entries: list[OutlineEntry]) -> None:
        if location is self._location:
            empty = "No headings in this note" if location.kind == NOTE_PAGE else "No topics"
            self.show_entries(entries, empty)

    # -- content -------------------------------------------------------------------------------

    def show_entries(self, entries: list[OutlineEntry], empty: str = "No headings") -> None:
        """Fill the tree (headings nest by level) and find each heading in the pane. Rows are
        built in slices between which the event loop runs: each Qt call may wait for the
        interpreter lock while workers render, and a thousand rows at once stalled 60-90 ms."""
        self.tree.clear()
        self._items, self._entries, self._current = [], list(entries), None
        self._located, self._walk = [], None
        count = len(entries)
        kind = "Topics" if entries and entries[0].opens is not None else "Outline"
        self.heading.setText(f"{kind} ({count})" if count else empty)
        fill = _Fill(self._entries)
        self._slices.start(fill.step, WALK_SLICE_S, lambda: self._filled(fill))

    def _filled(self, fill: _Fill) -> None:
        self._items = fill.items
        self.tree.addTopLevelItems(fill.tops)  # one call: rows built outside the tree are cheap
        self.tree.expandAll()
        self._locate()
        if self.filter.text().strip():  # fresh rows are all shown
            self._apply_filter()
        self._scrolled()

    def entries(self) -> list[OutlineEntry]:
        return list(self._entries)

    def current_entry(self) -> OutlineEntry | None:
        """The heading being read (highlighted), if any."""
        return self._current.data(0, EntryRole) if self._current is not None else None

    def _locate(self) -> None:
        """Find each heading's block in the pane by its line anchor, reading the first
        fragment of heading blocks only (a heading's line anchor starts its block). A long
        page is walked in slices between which the event loop runs."""
        self._located = []
        pane = self._pane
        lines = {entry.line for entry in self.entries() if entry.line}
        self._walk = walk = _Walk(pane, lines) if pane is not None and lines else None
        if walk is not None:
            self._slices.start(lambda deadline: self._walk_on(walk, deadline), WALK_SLICE_S)

    def _walk_on(self, walk: _Walk, deadline: float) -> bool:
        """One slice of `walk`; True when it is over (done, or another page since)."""
        pane = self._pane
        if walk is not self._walk or pane is None or not walk.valid_in(pane):
            return True  # another page, or another outline, since
        done = walk.step(deadline)
        self._located = [
            (item, walk.found[line])
            for item, entry in zip(self._items, self._entries, strict=True)
            if (line := entry.line) in walk.found
        ]
        self._scrolled()
        return done

    # -- the heading being read ----------------------------------------------------------------

    def _scrolled(self, _value: int = 0) -> None:
        pane = self._pane
        if pane is None or not self._located or not self._on_page(pane):
            self._mark(None)
            return
        # The place in the page at the reading line: Qt has laid out what is on screen, so
        # this lays out nothing more (asking where each heading is laid out a long page out
        # to its last heading, a tenth of a second at a time while its chunks came in).
        reading = QPoint(0, round(pane.viewport().height() * READING_LINE))
        position = pane.cursorForPosition(reading).position()
        index = bisect_right(self._located, position, key=lambda row: row[1]) - 1
        self._mark(self._located[index][0] if index >= 0 else None)

    def _on_page(self, pane: NotePane) -> bool:
        """Whether `pane` shows the page the headings were found in."""
        return self._walk is not None and self._walk.valid_in(pane)

    def _mark(self, item: QTreeWidgetItem | None) -> None:
        if item is self._current:
            return
        if self._current is not None:
            self._current.setFont(0, QFont())
        self._current = item
        if item is not None:
            item.setFont(0, bold_font())
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(item)
            self.tree.blockSignals(False)
            self.tree.scrollToItem(item)

    # -- choosing ------------------------------------------------------------------------------

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        entry = item.data(0, EntryRole)
        if not isinstance(entry, OutlineEntry):
            return
        if entry.opens is not None:
            self.topicChosen.emit(entry.opens, placement())
            return
        position = next((p for i, p in self._located if i is item), None)
        pane = self._pane
        if pane is not None and position is not None and self._on_page(pane):
            pane.scroll_to_cursor(QTextCursor(pane.document().findBlock(position)))

    def _apply_filter(self) -> None:
        text = self.filter.text().strip().casefold()
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            if top is not None:
                _filter(top, text)

    def _activate_first_match(self) -> None:
        """Enter in the filter: go to the first heading that matches, and into the list."""
        text = self.filter.text().strip().casefold()
        for item in self._items:
            if text in item.text(0).casefold():
                self.tree.setCurrentItem(item)
                self.tree.setFocus()
                self._activate(item)
                return


def _filter(item: QTreeWidgetItem, text: str) -> bool:
    """Hide rows that neither match `text` nor hold a match; True when `item` stays."""
    children = [_filter(item.child(i), text) for i in range(item.childCount())]  # type: ignore[arg-type]
    visible = not text or text in item.text(0).casefold() or any(children)
    item.setHidden(not visible)
    return visible
