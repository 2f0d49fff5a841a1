"""The Changes tab on the left: notes added, changed and removed since the reader last read
the vault, grouped by channel, with a word diff on demand.

`core.changes.ChangeTracker` keeps the baseline (in the cache folder) and does the work; this
asks it in workers, through the session's read lock. The first look at a vault reads every
note (seconds on a large one) and lists nothing; it is cancelled with the session. Opening an
added or changed note marks it read: its row stays, greyed, until the next look, and the diff
it had is kept so it can still be shown.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.changes import ADDED, CHANGED, REMOVED, Changes, ChangeTracker, ChannelChanges
from ..core.vault import Vault
from ..core.worddiff import DiffSegment
from ..render.diff import diff_html
from ..render.theme import palette
from .changes_list import ChangesTree
from .theme import widget_theme
from .vault_session import VaultSession

REFRESH_MS = 800  # live changes come in bursts: one look after the burst
DIFFS_KEPT = 50


@dataclass(frozen=True, slots=True)
class Listed:
    """A look's answer: the changes, grouped by channel, and the titles of the notes still
    there (both made in the worker: tens of thousands of paths take a while to group)."""

    changes: Changes
    groups: list[ChannelChanges]
    titles: dict[str, str]


def look(tracker: ChangeTracker, vault: Vault, cancelled=lambda: False) -> Listed:
    """Ask the tracker (in a worker, under the vault's read lock)."""
    changes = tracker.changes(vault, cancelled)
    titles = {path: vault.title_of(path) for path in (*changes.added, *changes.changed)}
    return Listed(changes, changes.by_channel(), titles)


def diff_and_mark(
    tracker: ChangeTracker, vault: Vault, path: str, *, mark: bool
) -> list[DiffSegment] | None:
    """The note's diff against the version last read; with `mark`, then marked read."""
    segments = tracker.diff(vault, path)
    if mark:
        tracker.mark_read(vault, path)
    return segments


class ChangesPanel(QWidget):
    """Signals: `openRequested(path, placement)`, `countChanged(unread)`."""

    title = "Changes"
    openRequested = Signal(object, str)  # a path (str), where
    countChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changesPanel")
        self.setAccessibleName("What changed since you last read")
        self.heading = QLabel("", self)
        self.heading.setObjectName("panelHeading")
        self.heading.setWordWrap(True)
        self.tree = ChangesTree(self)
        self.diff = QTextBrowser(self)
        self.diff.setObjectName("changesDiff")
        self.diff.setAccessibleName("Changed words")
        self.diff.setOpenLinks(False)
        self.diff.hide()
        self.show_button = _button(self, "changesShowDiff", "Show Changes", "The changed words")
        self.show_button.setCheckable(True)
        self.mark_button = _button(self, "changesMarkAll", "Mark All Read", "Clear the list")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        buttons.addWidget(self.mark_button)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("changesSplitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.diff)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 6)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)
        self.session: VaultSession | None = None
        self.tracker: ChangeTracker | None = None
        self.listed: Listed | None = None
        self._read: set[str] = set()
        self._diffs: dict[str, list[DiffSegment] | None] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.tree.rowActivated.connect(self._activate)
        self.tree.currentItemChanged.connect(lambda *_: self._follow())
        self.tree.diffRequested.connect(lambda: self.show_button.setChecked(True))
        self.tree.markRequested.connect(self._mark_current)
        self.show_button.toggled.connect(self._diff_toggled)
        self.mark_button.clicked.connect(self.mark_all_read)
        self._show_state("Changes of the open vault are listed here")

    # -- the vault -------------------------------------------------------------------------------

    def set_session(self, session: VaultSession | None) -> None:
        """Follow another vault: its first look runs once it is indexed."""
        self.session, self.listed = session, None
        self.tracker = ChangeTracker(session.root) if session is not None else None
        self._read.clear()
        self._diffs.clear()
        self._fill()
        if session is not None:
            self._show_state("Looking for changes once the vault is indexed…")
            # A moment after indexing, not at once: the first look reads every note, Python
            # that competed with the window's first tree for the interpreter.
            session.ready.connect(lambda _indexed: self._timer.start())
            session.changed.connect(lambda _paths: self._timer.start())

    def focus_target(self) -> QWidget:
        return self.tree

    def refresh(self) -> None:
        """Look again (in a worker): what changed against the baseline."""
        session, tracker = self.session, self.tracker
        if session is None or tracker is None:
            return
        token = session.token
        session.read(
            "changes-list",
            lambda vault: look(tracker, vault, token),
            self._listed,
            lambda error: self._show_state(f"Changes cannot be tracked here: {error}"),
            background=True,  # reads every note the first time
        )

    def note_opened(self, path: str) -> None:
        """A note was opened: if it is listed as new or changed, it is read now (its diff is
        kept first, for Show Changes)."""
        listed = self.listed
        if listed is None or path in self._read:
            return
        if listed.changes.status(path) in (ADDED, CHANGED):
            self._now_read(path)

    def mark_all_read(self) -> None:
        """The vault as it is now becomes the baseline; the list empties."""
        session, tracker = self.session, self.tracker
        if session is None or tracker is None:
            return
        token = session.token
        self._show_state("Marking everything read…")
        session.read(
            "changes-mark-all",
            lambda vault: tracker.mark_all_read(vault, token),
            lambda _none: self.refresh(),
            lambda error: self._show_state(f"Could not mark the changes read: {error}"),
            background=True,
        )

    def unread(self) -> int:
        if self.listed is None:
            return 0
        changes = self.listed.changes
        return len(changes) - len(self._read)

    # -- the list --------------------------------------------------------------------------------

    def _listed(self, listed: Listed) -> None:
        self.listed = listed
        self._read.clear()
        self._fill()

    def _fill(self) -> None:
        self.countChanged.emit(self.unread())
        listed = self.listed
        if listed is None:
            self.tree.clear()
            return
        changes = listed.changes
        self.tree.show_changes(listed.groups, listed.titles, self._read)
        if changes.first_run:
            self._show_state(
                "First visit: from now on, notes added, changed or removed between two "
                "sessions are listed here"
            )
        elif not changes:
            self._show_state("Nothing changed since you last read this vault")
        else:
            self._show_counts()

    def _show_counts(self) -> None:
        changes = self.listed.changes if self.listed is not None else Changes()
        read = f" ({len(self._read)} read now)" if self._read else ""
        self._show_state(
            f"Since you last read: {len(changes.added)} new, {len(changes.changed)} changed, "
            f"{len(changes.removed)} removed{read}"
        )

    def _now_read(self, path: str) -> None:
        """A row was read: greyed at once; its diff is kept before the baseline moves."""
        self._read.add(path)
        self.tree.restyle(path)
        self._show_counts()
        self.countChanged.emit(self.unread())
        self._ask_diff(path, mark=True)

    def _show_state(self, text: str) -> None:
        self.heading.setText(text)

    # -- acting on a row ---------------------------------------------------------------------------

    def _activate(self, path: str, status: str, where: str) -> None:
        if status == REMOVED:
            self.show_button.setChecked(True)  # what it said is all there is to see
            self._follow()
        else:
            self.openRequested.emit(path, where)

    def _mark_current(self) -> None:
        current = self.tree.current_change()
        if current is not None and current[0] not in self._read:
            self._now_read(current[0])

    def _diff_toggled(self, on: bool) -> None:
        self.diff.setVisible(on)
        if on:
            self.splitter.setSizes([3, 2])
            self._follow()

    def _follow(self) -> None:
        """The diff pane shows the current row's changes while it is open."""
        if not self.diff.isVisible():
            return
        current = self.tree.current_change()
        if current is None:
            self.diff.clear()
            return
        path, status = current
        if status == ADDED:
            self.diff.setHtml(self._note("A new note: there is no earlier version to compare."))
        elif path in self._diffs:
            self._show_diff(path, self._diffs[path])
        else:
            self.diff.setHtml(self._note("Comparing…"))
            self._ask_diff(path, mark=False)

    def _ask_diff(self, path: str, *, mark: bool) -> None:
        session, tracker = self.session, self.tracker
        if session is None or tracker is None:
            return
        session.read(
            f"changes-diff:{path}",
            lambda vault: diff_and_mark(tracker, vault, path, mark=mark),
            lambda segments: self._diff_ready(path, segments),
            lambda error: self.diff.setHtml(self._note(f"No diff: {error}")),
        )

    def _diff_ready(self, path: str, segments: list[DiffSegment] | None) -> None:
        self._diffs[path] = segments
        while len(self._diffs) > DIFFS_KEPT:
            del self._diffs[next(iter(self._diffs))]
        current = self.tree.current_change()
        if current is not None and current[0] == path and self.diff.isVisible():
            self._show_diff(path, segments)

    def _show_diff(self, path: str, segments: list[DiffSegment] | None) -> None:
        if segments is None:
            self.diff.setHtml(
                self._note(
                    "Changed, but the earlier version was not kept (it was too large, or "
                    "older than the texts kept for comparing)."
                )
            )
            return
        self.diff.setHtml(diff_html(segments, widget_theme(self)))

    def _note(self, text: str) -> str:
        return f"<p style='color:{palette(widget_theme(self)).muted}'>{html.escape(text)}</p>"

    def changeEvent(self, event: QEvent) -> None:
        """A new theme: the rows' colours follow."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.listed is not None:
            self.tree.restyle()
            self._follow()


def _button(parent: QWidget, name: str, text: str, tip: str) -> QToolButton:
    button = QToolButton(parent)
    button.setObjectName(name)
    button.setText(text)
    button.setToolTip(tip)
    return button
