"""Opening vaults, and keeping the window's parts in step with the open one.

The controller asks the `VaultHost` for a session, saves the workspace of the vault it leaves
and clears what that vault showed, then follows the new session's signals: the file-name tree
first, progress, the indexed vault (its tree, counts, and its saved workspace or first page),
live changes (counts, recent notes, the pages shown), a vault folder that vanished, and
faults of the cache or search index (said once). It owns the status bar's progress bar,
counts and fault notice."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QWidget

from ..core.locate import vault_for_path
from ..core.names import stem_of
from ..core.tree import FOLDER, TreeNode
from ..core.vault import Vault
from ..core.wording import plural
from ..session.faults import Fault, outside_links_warning
from ..session.location import (
    MESSAGE_PAGE,
    NEW_TAB,
    NOTE_PAGE,
    WELCOME_PAGE,
    Location,
    message,
)
from ..session.start import first_note
from ..session.workspace_state import WorkspaceState, load_workspace, save_workspace
from .fault_notice import FaultNotice
from .finding import Finder
from .page_source import PageSource
from .reader_area import ReaderArea
from .settings import Settings
from .side_panels import SidePanels
from .tree_area import TreeArea
from .vault_host import VaultHost
from .vault_session import Indexed, VaultSession

log = logging.getLogger(__name__)


class VaultController(QObject):
    """Signals: `loaded(Vault)` once a vault's first page is on its way, `changed(paths)` after
    live changes, `treeShown(mode)` when a tree is shown, `notice(text)` for the status bar,
    `message(title, text)` for a message page."""

    loaded = Signal(object)
    changed = Signal(list)
    vanished = Signal(str)  # the open vault's folder was moved or deleted: its path
    treeShown = Signal(str)
    notice = Signal(str)
    message = Signal(str, str)

    def __init__(
        self,
        parent: QWidget,
        host: VaultHost,
        settings: Settings,
        area: ReaderArea,
        tree_area: TreeArea,
        side_panels: SidePanels,
        finder: Finder,
        pages: PageSource,
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.host, self.settings, self.area = host, settings, area
        self.panel_sizes: Callable[[], dict[str, list[int] | bytes]] = dict
        self.restore_panel_sizes: Callable[[dict[str, list[int] | bytes]], None] = lambda _s: None
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
        self.progress.setFormat("Indexing…")
        self.progress.hide()
        self.counts = QLabel(parent)
        self.counts.setObjectName("vaultCounts")
        self.faults = FaultNotice(parent)
        host.opened.connect(self._opened)
        area.on_new_reader(lambda reader: reader.pane.set_vault_root(self._root()))
        area.titles = self._title_of
        tree_area.modeChanged.connect(self._mode_changed)

    # -- the open vault ------------------------------------------------------------------------

    @property
    def session(self) -> VaultSession | None:
        return self.host.current

    def _root(self) -> Path | None:
        session = self.host.current
        return session.root if session is not None else None

    @contextlib.contextmanager
    def reading(self) -> Iterator[Vault | None]:
        """The open vault for a quick read on the GUI thread (None until it is indexed)."""
        session = self.session
        if session is None:
            yield None
            return
        with session.reading() as vault:
            yield vault

    def _title_of(self, location: Location) -> str:
        """A note's title for a restored tab not yet shown (its file name otherwise)."""
        with self.reading() as vault:
            if vault is not None and location.kind == NOTE_PAGE and location.key in vault.notes:
                return vault.title_of(location.key)
        return stem_of(location.key)

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
        self.save_workspace()
        self.host.open(
            root,
            self.tree_area.mode(),
            self._first_choices(root, note),
            allow_outside=self.settings.follows_outside_links(root),
        )

    def follow_outside_links(self, follow: bool) -> bool:
        """Turn following symlinks out of the open vault on or off, for this vault only, and
        open it again so the tree and links agree. Turning it on asks first, with a warning.
        True when the setting changed."""
        session = self.session
        if session is None:
            self.notice.emit("Open a vault first")
            return False
        root = session.root
        if follow == self.settings.follows_outside_links(root):
            return False
        if follow and not self.confirm_outside(root):
            return False
        self.settings.set_follows_outside_links(root, follow)
        self.open_vault(root)
        if not follow:
            self.notice.emit(f"{root.name} no longer follows links out of its folder")
        return True

    def confirm_outside(self, root: Path) -> bool:
        answer = QMessageBox.warning(
            self.parent_widget,
            "Follow links out of this vault?",
            f"Notes and folders in {root.name} that are symlinks to places outside it will "
            "be read and shown, and an export can carry their text.\n\nOnly do this for a "
            "vault you trust. It applies to this vault alone and can be turned off in the "
            "File menu.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _first_choices(self, root: Path, note: str | None) -> tuple[str | None, ...]:
        """The notes to show while the vault indexes, best first: the one asked for, the
        front tab of the saved workspace, the one read last."""
        state = load_workspace(root)
        front = None
        if state.groups:
            group = state.groups[min(state.active_group, len(state.groups) - 1)]
            if group.tabs:
                page = group.tabs[min(group.active, len(group.tabs) - 1)].page
                front = page.key if page.kind == NOTE_PAGE else None
        return (note, front, self.settings.last_note(root))

    # -- a session's life ----------------------------------------------------------------------

    def _opened(self, session: VaultSession) -> None:
        """Clear what the last vault showed and follow the new one."""
        self.pages.set_session(session)
        self.side_panels.set_session(session)
        self.finder.set_session(session)
        self.area.reset(message(f"Opening {session.root.name}…", f"Indexing {session.root}"))
        for reader in self.area.readers():
            reader.pane.set_vault_root(session.root)
        self.counts.clear()
        self.faults.clear_faults()
        if session.allow_outside:
            self.faults.say(outside_links_warning(session.root.name))
        self.tree_area.set_root(TreeNode("", FOLDER, ""))
        self.progress.setRange(0, 0)
        self.progress.show()
        session.listed.connect(self.tree_area.set_root)
        session.previewed.connect(self._previewed)
        session.progress.connect(self._progress)
        session.ready.connect(self._indexed)
        session.failed.connect(self._failed)
        session.changed.connect(self._changed)
        session.vanished.connect(self._vanished)
        session.treeReady.connect(self._tree_ready)
        session.fault.connect(self._fault)

    def _fault(self, fault: Fault) -> None:
        """The cache or search index had to recover: said once, in the status bar."""
        self.faults.say(fault)
        self.notice.emit(fault.text)

    def _previewed(self, path: str) -> None:
        """The first note can be read before the index: show it (unless the reader went
        elsewhere meanwhile)."""
        navigator = self.area.active.navigator
        if navigator.shown is None or navigator.shown.kind == MESSAGE_PAGE:
            navigator.navigate(Location(NOTE_PAGE, path))

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(f"Indexing {done:,} of {total:,}")

    def _failed(self, text: str) -> None:
        self.progress.hide()
        self.message.emit("The vault could not be opened", text)

    def _indexed(self, indexed: Indexed) -> None:
        self.progress.hide()
        seconds = indexed.seconds
        took = f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"
        cached = f" ({indexed.from_cache:,} from the cache)" if indexed.from_cache else ""
        self.notice.emit(f"Indexed {plural(indexed.notes, 'note')} in {took}{cached}")
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
        self._show_first_pages(session.root, note, bool(wanted) and not problem)
        self.loaded.emit(vault)

    def _show_first_pages(self, root: Path, note: str | None, asked: bool) -> None:
        """The tabs saved for this vault, as they were; a note asked for (a file opened from
        outside) in a tab of its own; else the first note."""
        state = load_workspace(root)
        restored = self.area.restore(state)
        if restored:
            self.restore_panel_sizes(state.panels)
            if asked and note is not None:
                location = Location(NOTE_PAGE, note)
                open_already = self.area.reader_showing(location)  # a tab of its own, but only one
                if open_already is not None:
                    self.area.activate(open_already)
                else:
                    self.area.open(location, NEW_TAB)
            return
        first = Location(NOTE_PAGE, note) if note else Location(WELCOME_PAGE)
        navigator = self.area.active.navigator
        if first.same_page(navigator.shown):
            navigator.refresh()  # shown before the index: again with links and titles, in place
        else:
            navigator.navigate(first, push=bool(note))

    def save_workspace(self) -> None:
        """Keep the open tabs, the split, panel sizes and tree mode of the open vault (in the
        config folder, never in the vault)."""
        session = self.session
        if session is None or session.shared is None:
            return
        state = WorkspaceState(
            self.area.state(),
            self.area.active_group(),
            self.panel_sizes(),
            self.tree_area.mode(),
        )
        if not save_workspace(session.root, state):
            log.warning("the workspace of %s could not be saved", session.root)

    def _count(self, vault: Vault | None) -> None:
        """The counts line (the index thread counted the links: no vault-wide walk here)."""
        if vault is None:
            self.counts.clear()
            return
        self.counts.setText(_counts_text(vault))

    def _changed(self, paths: list[str]) -> None:
        with self.reading() as vault:
            if vault is not None:
                self.finder.forget_missing(vault.notes.__contains__)
        session = self.session
        if session is not None:  # counted again over every note's links: in a worker
            session.read("counts", _counts_text, self.counts.setText)
        self.area.refresh_all()
        self.changed.emit(paths)

    def _vanished(self) -> None:
        """The vault's folder was moved or deleted: its session ends (nothing is left to
        watch or read) and the window offers to open it again or another vault."""
        session = self.session
        if session is None:
            return
        self.progress.hide()
        self.counts.clear()
        self.host.close_current()
        self.vanished.emit(str(session.root))

    # -- trees ---------------------------------------------------------------------------------

    def _tree_ready(self, tree: TreeNode, mode: str) -> None:
        if mode == self.tree_area.mode():
            self.tree_area.set_root(tree, self.area.active.navigator.shown)
            self.treeShown.emit(mode)

    def _mode_changed(self, mode: str) -> None:
        session = self.session
        if session is not None:
            session.build_tree(mode)


def _counts_text(vault: Vault) -> str:
    """ "21,273 notes · 214,829 links · 20,223 topics without a note"."""
    total, _resolved = vault.link_counts()  # a walk over every note's links after a change
    topics = vault.topic_count()  # `topics()` would sort 20,000 of them after each save
    return (
        f"{plural(len(vault.notes), 'note')} · {plural(total, 'link')} · "
        f"{plural(topics, 'topic')} without a note"
    )
