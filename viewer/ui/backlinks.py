"""The backlinks panel: linked mentions grouped by note, unlinked mentions on demand."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.indexer import gc_paused
from ..core.vault import Vault
from ..core.wording import plural
from ..session.location import NEW_TAB, NOTE_PAGE, Location, kind_of
from ..session.mentions import MentionRow, mention_rows, unlinked_rows
from .delegates import RichTextRole, SnippetTree, bold_terms
from .placement import placement
from .vault_session import VaultSession

MentionRole = Qt.ItemDataRole.UserRole + 10
NOT_IN_VAULT = "No backlinks: this note is not in the vault"


class BacklinksPanel(QWidget):
    """Linked mentions of the page shown, and on demand (the reader opens the section: it
    searches the whole vault) its unlinked mentions. Emits `mentionActivated(MentionRow,
    placement)`."""

    title = "Backlinks"
    mentionActivated = Signal(object, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("backlinksPanel")
        self.setAccessibleName("Backlinks")
        self.heading = QLabel("Linked mentions", self)
        self.heading.setObjectName("panelHeading")
        self.tree = SnippetTree(self, "backlinksTree", "Linked and unlinked mentions")
        self.tree.setIndentation(12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree)
        self._bold = QFont()
        self._bold.setBold(True)
        self._unlinked_root: QTreeWidgetItem | None = None
        self._unlinked_requested = False
        self._session: VaultSession | None = None
        self._location: Location | None = None
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)
        self.tree.itemExpanded.connect(self._expanded)
        self.tree.itemMiddleClicked.connect(lambda item: self._activate(item, 0, NEW_TAB))

    # -- the page shown ------------------------------------------------------------------------

    def show_page(self, session: VaultSession | None, location: Location | None) -> None:
        """Fill the panel for `location` (in the background: 2,000 mentions take a while)."""
        kind = kind_of(location)
        self._session, self._location = session, location
        if session is None or location is None or kind.mentions_label is None:
            self.clear("No backlinks for this page")
            return
        label = kind.mentions_label

        def rows_of(vault: Vault) -> list[MentionRow] | None:
            if location.kind == NOTE_PAGE and location.key not in vault.notes:
                return None  # a deleted note: its page says so, and so does the panel
            # A source note may hold a million links, parsed into as many short-lived
            # objects: the GUI thread's collector waits until they are gone again rather
            # than walk them (0.07-0.14 s a collection).
            with gc_paused():
                return mention_rows(vault, location)

        def show(rows: list[MentionRow] | None) -> None:
            if rows is None:
                self.clear(NOT_IN_VAULT)
            else:
                self.show_mentions(rows, unlinked=kind.unlinked, label=label)

        session.read("backlinks", rows_of, show)

    def focus_target(self) -> QWidget:
        return self.tree

    # -- content -----------------------------------------------------------------------------

    def show_mentions(
        self, rows: list[MentionRow], *, unlinked: bool = True, label: str = "Linked mentions"
    ) -> None:
        """List `rows` grouped by note; offer the unlinked section when `unlinked`."""
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for row in rows:
            group = groups.get(row.source)
            if group is None:
                group = QTreeWidgetItem([row.title])
                group.setFont(0, self._bold)
                group.setToolTip(0, row.source)
                group.setData(0, MentionRole, MentionRow(row.source, row.title, 0, "", ""))
                groups[row.source] = group
            child = QTreeWidgetItem([row.context or f"line {row.line}"])
            child.setToolTip(0, f"{row.source}, line {row.line}")
            child.setData(0, MentionRole, row)
            rich = row.html or bold_terms(row.context, [row.needle, *row.terms])
            child.setData(0, RichTextRole, rich)
            group.addChild(child)
        for group in groups.values():
            if group.childCount() > 1:
                group.setText(0, f"{group.text(0)}  ({group.childCount()})")
        self.tree.addTopLevelItems(list(groups.values()))
        for group in groups.values():
            group.setExpanded(True)
        notes = len(groups)
        self.heading.setText(
            f"{label} ({len(rows):,})" + (f" in {plural(notes, 'note')}" if notes > 1 else "")
            if rows
            else f"{label}: none"
        )
        self._unlinked_root = None
        self._unlinked_requested = False
        if unlinked:
            self._unlinked_root = QTreeWidgetItem(["Unlinked mentions"])
            self._unlinked_root.setFont(0, self._bold)
            self._unlinked_root.setChildIndicatorPolicy(
                QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator
            )
            self._unlinked_root.setToolTip(0, "Find the title or aliases written without a link")
            self.tree.addTopLevelItem(self._unlinked_root)
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))  # type: ignore[arg-type]

    def show_unlinked(self, rows: list[MentionRow]) -> None:
        root = self._unlinked_root
        if root is None:
            return
        root.takeChildren()
        if not rows:
            empty = QTreeWidgetItem(["None found"])
            empty.setDisabled(True)
            root.addChild(empty)
        for row in rows:
            item = QTreeWidgetItem([f"{row.title}: {row.context}"])
            item.setToolTip(0, f"{row.source}, line {row.line}")
            item.setData(0, MentionRole, row)
            rich = row.html or bold_terms(row.context, [row.needle, *row.terms])
            item.setData(0, RichTextRole, f"<b>{html.escape(row.title)}</b>: {rich}")
            root.addChild(item)
        root.setText(0, f"Unlinked mentions ({len(rows)})")
        root.setExpanded(True)

    def clear(self, message: str = "") -> None:
        self.tree.clear()
        self._unlinked_root = None
        self.heading.setText(message or "Linked mentions")

    def mention_count(self) -> int:
        groups = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return sum(
            group.childCount()
            for group in groups
            if group is not None and group is not self._unlinked_root
        )

    # -- events ------------------------------------------------------------------------------

    def _expanded(self, item: QTreeWidgetItem) -> None:
        if item is self._unlinked_root and not self._unlinked_requested:
            self._unlinked_requested = True
            searching = QTreeWidgetItem(["Searching the vault…"])
            searching.setDisabled(True)
            item.addChild(searching)
            session, location = self._session, self._location
            if session is not None and location is not None:
                session.read(
                    "unlinked", lambda vault: unlinked_rows(vault, location.key), self.show_unlinked
                )

    def _activate(self, item: QTreeWidgetItem, _column: int = 0, where: str | None = None) -> None:
        row = item.data(0, MentionRole)
        if isinstance(row, MentionRow):
            child = item.child(0) if row.line == 0 else None
            if child is not None:
                first = child.data(0, MentionRole)
                if isinstance(first, MentionRow):
                    row = first
            self.mentionActivated.emit(row, where or placement())
