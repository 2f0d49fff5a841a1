"""The main window: the topic tree, the rendered note and the backlinks, and the vault they
show. Navigation, commands and live reload live in mixins beside this module."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME
from ..core.indexer import gc_paused
from ..core.loader import LoadResult
from ..core.scan import ScanResult
from ..core.tree import TreeNode
from ..core.vault import Vault
from .background import Background, settled
from .backlinks import BacklinksPanel
from .commands import install_commands
from .find_bar import FindBar
from .finding import Finder
from .history import WELCOME_PAGE, History, Location
from .indexing import IndexThread
from .live_reload import LiveReloadMixin
from .navigation import NavigationMixin
from .note_pane import NotePane
from .pages import Pages, vault_for_path
from .player import load_player
from .search_panel import SearchPanel
from .settings import Settings
from .theme import apply_theme, icons_for
from .timestamps_panel import TimestampsPanel
from .tree_mode import TreeModeBar, mode_tree, save_mode, saved_mode
from .tree_panel import TreePanel
from .watcher import VaultWatcher
from .welcome import WelcomePage
from .window_commands import CommandsMixin

log = logging.getLogger(__name__)

FINDER_DELAY_MS = 250


class MainWindow(NavigationMixin, CommandsMixin, LiveReloadMixin, QMainWindow):
    """Signals tell tests and other parts when background work has landed."""

    vaultLoaded = Signal(object)  # Vault
    pageShown = Signal(object)  # Location
    vaultChanged = Signal(list)  # vault-relative paths applied by live reload
    message = Signal(str)
    treeRefreshed = Signal()

    def __init__(
        self,
        settings: Settings | None = None,
        parent: QWidget | None = None,
        *,
        use_cache: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings or Settings()
        self.use_cache = use_cache
        self.vault: Vault | None = None
        self.vault_root: Path | None = None
        self.cache = None  # the vault's IndexCache when indexed with the cache on
        self.history = History()
        self.background = Background(self)
        self.pages = Pages()
        self._index_thread: IndexThread | None = None
        self._pending_note: str | None = None
        self._shown: Location | None = None
        self._closed = False
        self._theme = self.settings.theme
        self.player = load_player(self.settings)

        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self._build_widgets()
        self.actions = install_commands(self)
        self.finder = Finder(self, self.background, self.search_panel, lambda: self.actions)
        self.finder.openNote.connect(
            lambda path, term: self.open_note(path, highlight=term or None)
        )
        self.finder.openTopic.connect(self.open_topic)
        self._finish_menus()
        self._build_status_bar()
        self.watcher = VaultWatcher(self)
        self.watcher.changed.connect(self._files_changed)
        self.apply_theme(self._theme)
        self._restore_layout()
        QApplication.instance().installEventFilter(self)

    # -- construction --------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.tree_panel = TreePanel(icons_for(self), self)
        self.tree_panel.activated.connect(self._tree_activated)
        self.tree_mode = TreeModeBar(self, saved_mode(self.settings), shortcuts=False)
        self.tree_mode.modeChanged.connect(self._tree_mode_changed)
        self.notes_tab = notes_tab = QWidget(self)
        notes_layout = QVBoxLayout(notes_tab)
        notes_layout.setContentsMargins(6, 6, 0, 0)
        notes_layout.setSpacing(0)
        notes_layout.addWidget(self.tree_mode)
        notes_layout.addWidget(self.tree_panel)
        self.search_panel = SearchPanel(self)
        self.left_tabs = QTabWidget(self)
        self.left_tabs.setObjectName("leftTabs")
        self.left_tabs.setDocumentMode(True)
        self.left_tabs.addTab(notes_tab, "Notes")
        self.left_tabs.addTab(self.search_panel, "Search")

        self.note_pane = NotePane(self)
        self.note_pane.linkActivated.connect(self.follow_link)
        self.note_pane.linkHovered.connect(self._link_hovered)
        self.note_pane.escapePressed.connect(lambda: self.find_bar.close_bar())
        self.note_pane.contextMenuForLink.connect(self._timestamp_menu)
        self.find_bar = FindBar(self.note_pane, self)
        self.reader = QWidget(self)
        self.reader.setObjectName("reader")
        reader_layout = QVBoxLayout(self.reader)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.setSpacing(0)
        reader_layout.addWidget(self.note_pane)
        reader_layout.addWidget(self.find_bar)

        self.welcome = WelcomePage(self)
        self.welcome.openVault.connect(self.choose_vault)
        self.welcome.openSample.connect(self.open_sample_vault)
        self.welcome.openRecent.connect(lambda path: self.open_path(Path(path)))
        self.center = QStackedWidget(self)
        self.center.setObjectName("centerStack")
        self.center.addWidget(self.reader)
        self.center.addWidget(self.welcome)

        self.backlinks = BacklinksPanel(self)
        self.backlinks.mentionActivated.connect(self._mention_activated)
        self.backlinks.unlinkedRequested.connect(self._find_unlinked)
        self.side_tabs = QTabWidget(self)
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(self.backlinks, "Backlinks")
        self.timestamps = TimestampsPanel(self)
        self.timestamps.openRequested.connect(self.open_timestamp)
        self.timestamps.citationSelected.connect(self._citation_selected)
        self.timestamps.menuRequested.connect(self._show_timestamp_menu)
        self.timestamps.notice.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.side_tabs.addTab(self.timestamps, "Timestamps")

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        for widget in (self.left_tabs, self.center, self.side_tabs):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([290, 760, 330])
        self.setCentralWidget(self.splitter)

    def _finish_menus(self) -> None:
        file_menu = self.menus["File"]
        self.recent_menu = QMenu("Recent &Vaults", self)
        self.recent_menu.setObjectName("recentVaultsMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.insertMenu(self.actions.action("quit"), self.recent_menu)
        file_menu.insertSeparator(self.actions.action("quit"))
        toolbar = QToolBar("Navigation", self)
        toolbar.setObjectName("navigationToolbar")
        toolbar.setMovable(False)
        style = self.style()
        back, forward = self.actions.action("back"), self.actions.action("forward")
        back.setIcon(style.standardIcon(style.StandardPixmap.SP_ArrowBack))
        forward.setIcon(style.standardIcon(style.StandardPixmap.SP_ArrowForward))
        back.setEnabled(False)
        forward.setEnabled(False)
        toolbar.addAction(back)
        toolbar.addAction(forward)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("indexProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setFormat("Indexing %v / %m")
        self.progress.hide()
        self.counts = QLabel(self)
        self.counts.setObjectName("vaultCounts")
        status.addPermanentWidget(self.counts)
        status.addPermanentWidget(self.progress)

    def _restore_layout(self) -> None:
        geometry, state, splitter = self.settings.window_state()
        if geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1380, 860)
        if state:
            self.restoreState(state)
        if splitter:
            self.splitter.restoreState(splitter)
        if self.settings.zoom:
            self.note_pane.zoom(self.settings.zoom)

    # -- vaults --------------------------------------------------------------------------------

    def show_welcome(self) -> None:
        """The page for no vault: open a folder, a recent vault or the sample vault."""
        self.welcome.set_recent(self.settings.recent_vaults())
        self.center.setCurrentWidget(self.welcome)
        self._show_panes(False)
        self.setWindowTitle(APP_NAME)
        self.welcome.focus_first()

    def _show_panes(self, visible: bool) -> None:
        """The tree and side panels only make sense with a vault; the welcome page has the
        window to itself."""
        self.left_tabs.setVisible(visible)
        self.side_tabs.setVisible(visible)

    def choose_vault(self) -> None:
        start = str(self.vault_root or Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open Vault", start)
        if folder:
            self.open_path(Path(folder))

    def open_path(self, path: Path, note: str | None = None) -> bool:
        """Open a vault folder, or a note file inside its vault. False, with a message, when
        the path is neither."""
        path = Path(path).expanduser()
        if not path.exists():
            self.show_message("Not found", f"{path} does not exist.")
            return False
        found = vault_for_path(path)
        if found is None:
            self.show_message("Cannot open", f"{path} is not a folder or a markdown note.")
            return False
        root, note_in_vault = found
        self.open_vault(root, note or note_in_vault)
        return True

    def open_vault(self, root: Path, note: str | None = None) -> None:
        root = Path(root).expanduser()
        if not root.is_dir():
            self.show_message("Vault not found", f"The folder {root} does not exist.")
            return
        self._stop_indexing()
        self.watcher.stop()
        self._show_panes(True)
        self.finder.set_vault(None, None)
        self.vault = None
        self.cache = None
        self.vault_root = root
        self.pages.set_vault(None)
        self.note_pane.set_vault_root(root)
        self.history.clear()
        self._update_history_actions()
        self._pending_note = note
        self.setWindowTitle(f"{root.name} — {APP_NAME}")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.statusBar().showMessage(f"Indexing {root}…")
        thread = IndexThread(root, self, use_cache=self.use_cache, tree_mode=self.tree_mode.mode())
        thread.listed.connect(self._listed)
        thread.progress.connect(self._index_progress)
        thread.indexed.connect(self._indexed)
        thread.failed.connect(self._index_failed)
        thread.finished.connect(self._index_thread_finished)
        self._index_thread = thread
        self._tree_built_as = self.tree_mode.mode()
        thread.start()

    def _stop_indexing(self) -> None:
        thread, self._index_thread = self._index_thread, None
        if thread is not None:
            thread.requestInterruption()
            thread.wait()

    def _index_thread_finished(self) -> None:
        thread = self.sender()
        if thread is self._index_thread:
            self._index_thread = None
        if thread is not None:
            thread.deleteLater()

    def _listed(self, listing: ScanResult, tree: TreeNode) -> None:
        """File names are known: show the tree at once; titles follow."""
        if self.sender() is not self._index_thread:
            return
        self.tree_panel.set_root(tree)
        self.progress.setRange(0, max(1, len(listing.notes)))

    def _index_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _index_failed(self, text: str) -> None:
        self.progress.hide()
        self.statusBar().clearMessage()
        self.show_message("The vault could not be opened", text)

    def _indexed(self, result: LoadResult, tree: TreeNode) -> None:
        if self.sender() is not self._index_thread:
            return
        vault = result.vault
        self.vault, self.cache = vault, result.cache
        self.pages.set_vault(vault)
        self.progress.hide()
        took = (
            f"{result.seconds:.2f} s" if result.seconds >= 1 else f"{result.seconds * 1000:.0f} ms"
        )
        self.statusBar().showMessage(
            f"Indexed {len(vault.notes):,} notes in {took}"
            + (f" ({result.from_cache:,} from the cache)" if result.from_cache else ""),
            6000,
        )
        self.settings.remember_vault(vault.root)
        if self._tree_built_as == self.tree_mode.mode():
            self.tree_panel.set_root(tree)
            self._check_tree_mode()
        else:
            self._refresh_trees()
        self._update_counts()
        self.watcher.watch(vault.root)
        # The switcher and search indexes are built in the background; starting them once
        # the first page is on screen keeps their work from competing with it.
        QTimer.singleShot(FINDER_DELAY_MS, self, lambda: self._start_finder(vault, result.cache))
        note = self._initial_note(vault)
        if note:
            self.open_note(note)
        else:
            self.navigate(Location(WELCOME_PAGE))
        self.vaultLoaded.emit(vault)

    def _start_finder(self, vault: Vault, cache) -> None:
        if vault is self.vault and not self._closed:
            self.finder.set_vault(vault, cache)

    def _initial_note(self, vault: Vault) -> str | None:
        wanted, self._pending_note = self._pending_note, None
        if wanted:
            found = vault.find(wanted)
            if found:
                return found
            self.statusBar().showMessage(f"No note named {wanted!r} in this vault", 8000)
        last = self.settings.last_note(vault.root)
        if last and last in vault.notes:
            return last
        for name in ("Welcome", "index", "README", "Home"):
            found = vault.find(name)
            if found:
                return found
        return min(vault.notes, default=None)

    def _refresh_trees(self) -> None:
        """Rebuild the tree in the background (20,000 nodes take a part of a second)."""
        self._check_tree_mode()
        vault, mode = self.vault, self.tree_mode.mode()
        if vault is None:
            return

        def build() -> TreeNode:
            with gc_paused():  # see gc_paused: no collection should walk 20,000 fresh nodes
                return mode_tree(vault, mode)

        self.background.run("tree", settled(build), lambda tree: self._tree_ready(vault, tree))

    def _tree_ready(self, vault: Vault, tree: TreeNode) -> None:
        if vault is self.vault:
            self.tree_panel.set_root(tree)
            shown = self._shown
            if shown is not None and shown.kind == "note":
                self.tree_panel.reveal(shown.key)
            self.treeRefreshed.emit()

    def _tree_mode_changed(self, mode: str) -> None:
        save_mode(self.settings, mode)
        self._refresh_trees()

    def _check_tree_mode(self) -> None:
        modes = ("folders", "videos", "tags")
        self.actions.check_one([f"tree-{m}" for m in modes], f"tree-{self.tree_mode.mode()}")

    def _update_counts(self) -> None:
        vault = self.vault
        if vault is None:
            self.counts.clear()
            return
        total, _resolved = vault.link_counts()
        self.counts.setText(
            f"{len(vault.notes):,} notes · {total:,} links · "
            f"{len(vault.topics()):,} topics without a note"
        )

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_vaults()
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(Path(p)))
        if not recent:
            self.recent_menu.addAction("No recent vaults").setEnabled(False)

    # -- messages and theme --------------------------------------------------------------------

    def show_message(self, title: str, text: str) -> None:
        page = self.pages.message(title, text, self.effective_theme())
        self.center.setCurrentWidget(self.reader)
        self.note_pane.show_html(page.html)
        self._shown = Location("message", title)
        self.backlinks.clear("")
        self.message.emit(f"{title}: {text}")

    def effective_theme(self) -> str:
        if self._theme in ("light", "dark"):
            return self._theme
        hints = QGuiApplication.styleHints()
        scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else None
        return "dark" if scheme == Qt.ColorScheme.Dark else "light"

    def set_theme(self, theme: str) -> None:
        self._theme = theme
        self.settings.theme = theme
        self.apply_theme(theme)
        shown = self._shown
        if shown is not None and shown.kind != "message":
            scroll = self.note_pane.scroll_position()
            self._render(Location(shown.kind, shown.key, scroll=scroll))

    def apply_theme(self, theme: str) -> None:
        themes = ("system", "light", "dark")
        self.actions.check_one([f"theme-{t}" for t in themes], f"theme-{theme}")
        effective = self.effective_theme()
        apply_theme(self, effective)
        self.note_pane.set_theme(effective)

    # -- events --------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonPress
            and isinstance(watched, QWidget)
            and watched.window() is self
        ):
            button = event.button()  # type: ignore[attr-defined]
            if button == Qt.MouseButton.BackButton:
                self.back()
                return True
            if button == Qt.MouseButton.ForwardButton:
                self.forward()
                return True
        return super().eventFilter(watched, event)

    def dragEnterEvent(self, event) -> None:
        if _dropped_path(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = _dropped_path(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_path(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.save_window_state(
            self.saveGeometry(), self.saveState(), self.splitter.saveState()
        )
        self.settings.sync()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop watching and wait for background work (also used by tests)."""
        self._closed = True
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.watcher.stop()
        self._stop_indexing()
        self.finder.close()
        for channel in ("render", "search-sync", "search", "switcher"):
            self.background.cancel(channel)
        self.background.wait(10_000)


def _dropped_path(mime) -> Path | None:
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.is_dir() or path.suffix.lower() in (".md", ".markdown"):
                return path
    return None
