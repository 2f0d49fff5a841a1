"""The Outgoing links panel (`outgoingPanel`): where the open note leads.

Groups: notes it links, unresolved topics (with how often the vault mentions them), external
addresses and attachments, then "Unlinked names": notes it names in its text without a link.
A target row opens its target (Ctrl: a new tab); its "line N" rows scroll the note to the link
(or the name) and mark it. Both lists are read in workers (`core.outgoing`).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidgetItem, QWidget

from ..core.indexer import gc_paused
from ..core.outgoing import (
    ATTACHMENT,
    NOTE,
    TOPIC,
    URL,
    OutgoingLinks,
    OutgoingTarget,
    UnlinkedName,
    built_name_index,
    outgoing_links,
    unlinked_outgoing,
)
from ..core.wording import plural
from ..session.location import NEW_TAB, NOTE_PAGE, TOPIC_PAGE, Location
from .delegates import DetailRole, SnippetTree
from .panel_parts import Slices, bold_font, panel_heading, stack
from .placement import placement
from .tasks import superseded
from .vault_session import VaultSession

ChoiceRole = Qt.ItemDataRole.UserRole + 50
GROUPS = (
    (NOTE, "Notes"),
    (TOPIC, "Unresolved topics"),
    (URL, "External links"),
    (ATTACHMENT, "Attachments"),
)
UNLINKED = "Unlinked names"
FILL_SLICE_S = 0.015  # rows are added this long at a time, then the event loop runs


@dataclass(frozen=True, slots=True)
class Choice:
    """What a row does: open `location` or the address `url`, or (a line row) scroll the
    note to `line` and mark `text` there."""

    location: Location | None = None
    url: str = ""
    file: str = ""
    line: int = 0
    text: str = ""


_Rows = Iterator[tuple[QTreeWidgetItem, OutgoingTarget]]  # (group, target) still to add


class OutgoingPanel(QWidget):
    """Signals: `locationChosen(Location, placement)`, `externalChosen(url)`,
    `fileChosen(path)`, `lineChosen(line, text)` (scroll the note shown there)."""

    title = "Outgoing"
    locationChosen = Signal(object, str)
    externalChosen = Signal(str)
    fileChosen = Signal(object)  # a path (str)
    lineChosen = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outgoingPanel")
        self.setAccessibleName("Outgoing links")
        self.heading = panel_heading(self, "Outgoing links")
        self.tree = SnippetTree(self, "outgoingTree", "Outgoing links of the note")
        self.tree.setAccessibleDescription(
            "Enter opens a target; on a line row, scrolls the note to it."
        )
        self.tree.setIndentation(12)
        stack(self, self.heading, self.tree)
        self._location: Location | None = None
        self._unlinked: QTreeWidgetItem | None = None
        self._names: list[UnlinkedName] | None = None  # arrived before the links: kept
        self._slices = Slices(self)  # rows added a slice a turn (see show_links)
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)
        self.tree.itemMiddleClicked.connect(lambda item: self._activate(item, 0, NEW_TAB))

    # -- the page shown ------------------------------------------------------------------------

    def show_page(self, session: VaultSession | None, location: Location | None) -> None:
        self._location, self._names = location, None
        if session is None or location is None or location.kind != NOTE_PAGE:
            self.clear("No outgoing links for this page")
            return
        path = location.key

        def read(vault) -> OutgoingLinks | None:
            if path not in vault.notes:
                return None
            with gc_paused():  # as the backlinks: a note's million links, parsed and dropped
                return outgoing_links(vault, path)

        session.read("outgoing", read, lambda links: self._links_arrived(location, links))

        def unlinked(vault) -> list[UnlinkedName]:
            # Stops early once another page asked (a 1 MB note's scan kept a page worker).
            if path not in vault.notes:
                return []
            return unlinked_outgoing(vault, path, cancelled=superseded)

        # Until the vault's name index is built (a build over every name), the first note
        # that needs it waits in the background pool, one vault-wide job at a time; a page
        # worker that waited there held up the pages of every switch meanwhile.
        with session.reading() as vault:
            built = vault is not None and built_name_index(vault) is not None
        session.read(
            "outgoing-unlinked",
            unlinked,
            lambda names: self._unlinked_arrived(location, names),
            background=not built,
        )

    def focus_target(self) -> QWidget:
        return self.tree

    def _links_arrived(self, location: Location, links: OutgoingLinks | None) -> None:
        if location is self._location:
            self.show_links(links or OutgoingLinks())

    def _unlinked_arrived(self, location: Location, names: list[UnlinkedName]) -> None:
        if location is self._location:
            self.show_unlinked(names)

    # -- content -------------------------------------------------------------------------------

    def clear(self, message: str = "") -> None:
        self._slices.cancel()  # its rows were in groups that `tree.clear` deletes
        self.tree.clear()
        self._unlinked = None
        self.heading.setText(message or "Outgoing links")

    def show_links(self, links: OutgoingLinks) -> None:
        """The groups at once, their rows in slices between which the event loop runs: a
        long note's thousands of links and their lines took 0.2-0.3 s of the GUI thread."""
        self.clear()
        rows: list[tuple[QTreeWidgetItem, OutgoingTarget]] = []
        for kind, label in GROUPS:
            targets: tuple[OutgoingTarget, ...] = getattr(links, _field(kind))
            if targets:
                group = self._group(f"{label} ({len(targets)})")
                rows.extend((group, target) for target in targets)
        self._unlinked = self._group(f"{UNLINKED} (looking…)")
        if self._names is not None:
            self.show_unlinked(self._names)
        self.tree.expandToDepth(0)
        count = len(links)
        self.heading.setText(f"Outgoing links ({count})" if count else "Outgoing links: none")
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))  # type: ignore[arg-type]
        self._slices.start(functools.partial(self._add_rows, iter(rows)), FILL_SLICE_S)

    def _add_rows(self, rows: _Rows, deadline: float) -> bool:
        """Add rows until `deadline`; True once all are in."""
        for group, target in rows:
            group.addChild(self._target_row(target))
            if time.perf_counter() > deadline:
                return False
        return True

    def show_unlinked(self, names: list[UnlinkedName]) -> None:
        """List the names (the two lists come back in either order)."""
        self._names = names
        group = self._unlinked
        if group is None:
            return
        group.takeChildren()
        group.setText(0, f"{UNLINKED} ({len(names)})")
        group.setToolTip(0, "Notes this note names in its text without linking them")
        for name in names:
            times = f", {name.count} times" if name.count > 1 else ""
            row = self._row(
                f"{name.title}",
                Choice(location=Location(NOTE_PAGE, name.path)),
                f"“{name.matched}”, line {name.line}{times}",
            )
            row.addChild(self._row(f"line {name.line}", Choice(line=name.line, text=name.matched)))
            group.addChild(row)
        if not names:
            none = QTreeWidgetItem(["None found"])
            none.setDisabled(True)
            group.addChild(none)
        group.setExpanded(True)

    def _group(self, text: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem([text])
        group.setFont(0, bold_font())
        self.tree.addTopLevelItem(group)
        return group

    def _row(self, text: str, choice: Choice, detail: str = "") -> QTreeWidgetItem:
        row = QTreeWidgetItem([text])
        row.setData(0, ChoiceRole, choice)
        if detail:
            row.setData(0, DetailRole, detail)
            row.setToolTip(0, detail)
        return row

    def _target_row(self, target: OutgoingTarget) -> QTreeWidgetItem:
        unique = list(dict.fromkeys(target.lines))  # two links on one line: one row
        lines = ", ".join(str(line) for line in unique[:6])
        more = "…" if len(unique) > 6 else ""
        where = f"line {lines}" if len(unique) == 1 else f"lines {lines}{more}"
        if len(target.lines) > 1:
            where = f"{where} · {len(target.lines)} links"
        if target.kind == NOTE:
            choice = Choice(location=Location(NOTE_PAGE, target.target))
        elif target.kind == TOPIC:
            choice = Choice(location=Location(TOPIC_PAGE, target.target))
            where = f"{where} · {plural(target.mentions, 'mention')} in the vault"
        elif target.kind == URL:
            choice = Choice(url=target.target)
            if target.label != target.target:
                where = f"{where} · {target.target}"
        else:
            choice = Choice(file="" if target.missing else target.target)
            if target.missing:
                where = f"{where} · missing"
        row = self._row(target.label, choice, where)
        for line in unique:
            row.addChild(self._row(f"line {line}", Choice(line=line, text=target.label)))
        return row

    def rows(self, group_label: str) -> list[str]:
        """The texts of a group's rows (tests and assistive summaries)."""
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            if group is not None and group.text(0).startswith(group_label):
                return [group.child(i).text(0) for i in range(group.childCount())]  # type: ignore[union-attr]
        return []

    # -- choosing ------------------------------------------------------------------------------

    def _activate(self, item: QTreeWidgetItem, _column: int = 0, where: str | None = None) -> None:
        choice = item.data(0, ChoiceRole)
        if not isinstance(choice, Choice):
            return
        if choice.location is not None:
            self.locationChosen.emit(choice.location, where or placement())
        elif choice.url:
            self.externalChosen.emit(choice.url)
        elif choice.file:
            self.fileChosen.emit(choice.file)
        elif choice.line:
            self.lineChosen.emit(choice.line, choice.text)


def _field(kind: str) -> str:
    return {NOTE: "notes", TOPIC: "topics", URL: "urls", ATTACHMENT: "attachments"}[kind]
