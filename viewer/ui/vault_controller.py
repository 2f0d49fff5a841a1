"""Opening vaults, and keeping the window's parts in step with the open one.

The controller asks the `VaultHost` for a session, clears what the last vault showed, and
follows the session's signals: the file-name tree first, progress, the indexed vault (its tree,
counts and first page), live changes (counts, recent notes, the page shown), and a vault folder
that vanished. It owns the status bar's progress bar and counts."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from ..core.locate import vault_for_path
from ..core.tree import FOLDER, TreeNode
from ..core.vault import Vault
from ..session.location import NOTE_PAGE, WELCOME_PAGE, Location
from ..session.start import first_note
from .finding import Finder
from .navigator import Navigator
from .page_source import PageSource
from .settings import Settings
from .side_panels import SidePanels
from .tree_area import TreeArea
from .vault_host import VaultHost
from .vault_session import Indexed, VaultSession


class VaultController(QObject):
    """Signals: `loaded(Vault)` once a vault's first page is on its way, `changed(paths)` after
    live changes, `treeShown(mode)` when a tree is shown, `notice(text)` for the status bar,
    `message(title, text)` for a message page."""

    loaded = Signal(object)
    changed = Signal(list)
    treeShown = Signal(str)
    notice = Signal(str)
    message = Signal(str, str)

    def __init__(
        self,
        parent: QWidget,
        host: VaultHost,
        settings: Settings,
        navigator: Navigator,
        tree_area: TreeArea,
        side_panels: SidePanels,
        finder: Finder,
        pages: PageSource,
    ) -> None:
        super().__init__(parent)
        self.host, self.settings, self.navigator = host, settings, navigator
        self.tree_area, self.side_panels, self.finder, self.pages = (
            tree_area,
            side_panels,
            finder,
            pages,
        )
        self._pending_note: str | None = None
        self.progress = QProgressBar(parent)
        self.progress.setObjectName("indexProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setFormat("Indexing %v / %m")
        self.progress.hide()
        self.counts = QLabel(parent)
        self.counts.setObjectName("vaultCounts")
        host.opened.connect(self._opened)
        tree_area.modeChanged.connect(self._mode_changed)

    # -- the open vault ------------------------------------------------------------------------

    @property
    def session(self) -> VaultSession | None:
        return self.host.current

    @contextlib.contextmanager
    def reading(self) -> Iterator[Vault | None]:
        """The open vault for a quick read on the GUI thread (None until it is indexed)."""
        session = self.session
        if session is None:
            yield None
            return
        with session.reading() as vault:
            yield vault

    def open_path(self, path: Path | str, note: str | None = None) -> bool:
        """Open a vault folder, or a note file inside its vault. False, with a message, when
        the path is neither."""
        path = Path(path).expanduser()
        if not path.exists():
            self.message.emit("Not found", f"{path} does not exist.")
            return False
        found = vault_for_path(path)
        if found is None:
            self.message.emit("Cannot open", f"{path} is not a folder or a markdown note.")
            return False
        root, note_in_vault = found
        self.open_vault(root, note or note_in_vault)
        return True

    def open_vault(self, root: Path, note: str | None = None) -> None:
        root = Path(root).expanduser()
        if not root.is_dir():
            self.message.emit("Vault not found", f"The folder {root} does not exist.")
            return
        self._pending_note = note
        self.host.open(root, self.tree_area.mode())

    # -- a session's life ----------------------------------------------------------------------

    def _opened(self, session: VaultSession) -> None:
        """Clear what the last vault showed and follow the new one."""
        self.pages.set_session(session)
        self.side_panels.set_session(session)
        self.finder.set_session(session)
        self.navigator.reset()
        self.navigator.pane.set_vault_root(session.root)
        self.counts.clear()
        self.tree_area.set_root(TreeNode("", FOLDER, ""))
        self.message.emit(f"Opening {session.root.name}…", f"Indexing {session.root}")
        self.progress.setRange(0, 0)
        self.progress.show()
        session.listed.connect(self.tree_area.set_root)
        session.progress.connect(self._progress)
        session.ready.connect(self._indexed)
        session.failed.connect(self._failed)
        session.changed.connect(self._changed)
        session.vanished.connect(self._vanished)
        session.treeReady.connect(self._tree_ready)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _failed(self, text: str) -> None:
        self.progress.hide()
        self.message.emit("The vault could not be opened", text)

    def _indexed(self, indexed: Indexed) -> None:
        self.progress.hide()
        seconds = indexed.seconds
        took = f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"
        cached = f" ({indexed.from_cache:,} from the cache)" if indexed.from_cache else ""
        self.notice.emit(f"Indexed {indexed.notes:,} notes in {took}{cached}")
        session = self.session
        if session is None:
            return
        self.settings.remember_vault(session.root)
        self._tree_ready(indexed.tree, indexed.tree_mode)
        with session.reading() as vault:
            assert vault is not None
            self._count(vault)
            wanted, self._pending_note = self._pending_note, None
            note, problem = first_note(vault, wanted, self.settings.last_note(session.root))
        if problem:
            self.notice.emit(problem)
        self.navigator.navigate(
            Location(NOTE_PAGE, note) if note else Location(WELCOME_PAGE), push=bool(note)
        )
        self.loaded.emit(vault)

    def _count(self, vault: Vault | None) -> None:
        if vault is None:
            self.counts.clear()
            return
        total, _resolved = vault.link_counts()
        topics = len(vault.topics())
        self.counts.setText(
            f"{len(vault.notes):,} {'note' if len(vault.notes) == 1 else 'notes'} · "
            f"{total:,} {'link' if total == 1 else 'links'} · "
            f"{topics:,} {'topic' if topics == 1 else 'topics'} without a note"
        )

    def _changed(self, paths: list[str]) -> None:
        with self.reading() as vault:
            self._count(vault)
            if vault is not None:
                self.finder.forget_missing(vault.notes.__contains__)
        self.navigator.refresh()
        self.changed.emit(paths)

    def _vanished(self) -> None:
        session = self.session
        root = session.root if session is not None else ""
        self.message.emit(
            "The vault folder is gone",
            f"{root} was moved or deleted. Open it again from File › Recent Vaults once it is "
            "back, or open another vault (Ctrl+Shift+O).",
        )

    # -- trees ---------------------------------------------------------------------------------

    def _tree_ready(self, tree: TreeNode, mode: str) -> None:
        if mode == self.tree_area.mode():
            self.tree_area.set_root(tree, self.navigator.shown)
            self.treeShown.emit(mode)

    def _mode_changed(self, mode: str) -> None:
        session = self.session
        if session is not None:
            session.build_tree(mode)
