"""The list of the Changes tab: one row per channel, and under it the notes added, changed and
removed, each marked; rows the reader has read stay, greyed.

A regenerated wiki can change thousands of notes at once, and a row of wrapped rich text costs
real time to make and measure, so rows are made on demand: a channel's notes when it is
expanded, CHUNK at a time (a last row offers the next ones); channels open expanded only
while their rows come to OPEN_UP_TO in all.
"""

from __future__ import annotations

import html
from pathlib import PurePosixPath

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTreeWidgetItem, QWidget

from ..core.changes import ADDED, CHANGED, REMOVED, ChannelChanges
from ..render.theme import palette
from .delegates import DetailRole, RichTextRole, SnippetTree
from .placement import placement
from .theme import widget_theme

ChangeRole = Qt.ItemDataRole.UserRole + 60  # (path, status) of a note row
_PendingRole = Qt.ItemDataRole.UserRole + 61  # a channel's rows not made yet / a "more" row
CHUNK = 100
OPEN_UP_TO = 120  # channels open expanded while their rows come to no more than this
WORDS = {ADDED: "new", CHANGED: "changed", REMOVED: "removed"}
_COLOURS = {ADDED: "green", CHANGED: "orange", REMOVED: "red"}

Change = tuple[str, str]  # (path, status)


class ChangesTree(SnippetTree):
    """Enter or a click: `rowActivated(path, status, placement)`; Space: `diffRequested`;
    Delete: `markRequested` (the current row is read)."""

    rowActivated = Signal(object, str, str)
    diffRequested = Signal()
    markRequested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "changesList", "Notes added, changed and removed")
        self.setAccessibleDescription(
            "Enter opens, Space shows the changed words, Delete marks the note read"
        )
        self.setIndentation(12)
        self._titles: dict[str, str] = {}
        self._read: set[str] = set()
        self.itemExpanded.connect(self._expanded)
        self.itemActivated.connect(lambda item, _column: self._activate(item, placement()))
        self.itemClicked.connect(lambda item, _column: self._activate(item, placement()))
        self.itemMiddleClicked.connect(lambda item: self._activate(item, "new-tab"))

    # -- content -------------------------------------------------------------------------------

    def show_changes(
        self, groups: list[ChannelChanges], titles: dict[str, str], read: set[str]
    ) -> None:
        """List the changes of each channel (`Changes.by_channel`); keep the current row
        when it is still there."""
        current = self.current_change()
        self._titles, self._read = titles, read
        self.clear()
        budget = OPEN_UP_TO
        for group in groups:
            kinds = ((ADDED, group.added), (CHANGED, group.changed), (REMOVED, group.removed))
            name = group.channel or "Top level"
            top = QTreeWidgetItem([name])
            top.setData(0, RichTextRole, f"<b>{html.escape(name)}</b>")
            top.setData(0, DetailRole, " · ".join(f"{len(p)} {WORDS[k]}" for k, p in kinds if p))
            pending = [(path, status) for status, paths in kinds for path in paths]
            top.setData(0, _PendingRole, pending)
            top.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self.addTopLevelItem(top)
            if len(pending) <= budget or (current is not None and current in pending):
                budget -= len(pending)
                top.setExpanded(True)
        target = self.item_of(current[0]) if current is not None else None
        first = self.topLevelItem(0)
        if target is None and first is not None:
            target = first.child(0) if first.isExpanded() else first
        if target is not None:
            self.setCurrentItem(target)

    def _expanded(self, top: QTreeWidgetItem) -> None:
        pending = top.data(0, _PendingRole)
        if isinstance(pending, list) and top.parent() is None and not top.childCount():
            self._more(top, pending)

    def _more(self, top: QTreeWidgetItem, pending: list[Change]) -> None:
        """Make the next CHUNK rows of a channel (and a row for the rest, if any)."""
        c = palette(widget_theme(self))
        last = top.child(top.childCount() - 1) if top.childCount() else None
        if last is not None and last.data(0, ChangeRole) is None:
            top.removeChild(last)  # the "more" row makes way for what it offered
        for path, status in pending[:CHUNK]:
            item = QTreeWidgetItem()
            item.setData(0, ChangeRole, (path, status))
            self._style(item, c)
            top.addChild(item)
        rest = pending[CHUNK:]
        if rest:
            more = QTreeWidgetItem([f"{len(rest):,} more…"])
            more.setData(0, _PendingRole, rest)
            more.setToolTip(0, "Enter lists the next ones")
            top.addChild(more)

    def _style(self, item: QTreeWidgetItem, c=None) -> None:
        """A note row: a dot in the colour of its change (hollow once read), its title (struck
        through when removed), then how it changed and its path, muted. Only the dot has a
        colour of its own, so a selected row reads in the selection's colours."""
        path, status = item.data(0, ChangeRole)
        c = c or palette(widget_theme(self))
        title = self._titles.get(path) or PurePosixPath(path).stem
        read = path in self._read
        word = "read" if read else WORDS[status]
        name = html.escape(title)
        if status == REMOVED:
            name = f"<s>{name}</s>"
        dot = "○" if read else "●"
        colour = c.muted if read else c.callouts[_COLOURS[status]]
        item.setText(0, f"{title} ({word})")
        item.setData(0, RichTextRole, f"<span style='color:{colour}'>{dot}</span>&nbsp;{name}")
        item.setData(0, DetailRole, f"{word} · {path}")
        item.setToolTip(0, f"{path}: {WORDS[status]}" + (", read" if read else ""))

    def restyle(self, path: str | None = None) -> None:
        """Draw rows again (one, or all of them: the theme or the read notes changed)."""
        c = palette(widget_theme(self))
        for item in self._rows():
            if path is None or item.data(0, ChangeRole)[0] == path:
                self._style(item, c)

    def _rows(self) -> list[QTreeWidgetItem]:
        rows = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            for j in range(top.childCount() if top is not None else 0):
                item = top.child(j)  # type: ignore[union-attr]
                if item is not None and item.data(0, ChangeRole) is not None:
                    rows.append(item)
        return rows

    def item_of(self, path: str) -> QTreeWidgetItem | None:
        """The row of a note (among the rows made so far)."""
        return next((i for i in self._rows() if i.data(0, ChangeRole)[0] == path), None)

    def current_change(self) -> Change | None:
        item = self.currentItem()
        found = item.data(0, ChangeRole) if item is not None else None
        return found if isinstance(found, tuple) else None

    # -- events ------------------------------------------------------------------------------

    def _activate(self, item: QTreeWidgetItem, where: str) -> None:
        found = item.data(0, ChangeRole)
        pending = item.data(0, _PendingRole)
        if isinstance(found, tuple):
            self.rowActivated.emit(found[0], found[1], where)
            return
        top = item.parent()
        if top is not None and isinstance(pending, list):  # a "more" row: the next ones
            row = top.indexOfChild(item)
            self._more(top, pending)
            following = top.child(row)
            if following is not None:
                self.setCurrentItem(following)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.modifiers():
            self.diffRequested.emit()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
            self.markRequested.emit()
        else:
            super().keyPressEvent(event)
