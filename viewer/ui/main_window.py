"""The main window: layout, menus, theme, and the wiring between its collaborators.

- `VaultHost` owns the open vault's `VaultSession` (indexing, watcher, search, background work);
- a `Reader` (note pane, find bar and its `Navigator`) shows pages and routes links;
- the `TreeArea`, the `SidePanels` and the `Finder` follow the page shown by signal;
- `LinkActions` opens what leaves the pane (videos, web pages, files).
The window keeps none of their state; the rules they follow live in `viewer.session`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QWidget,
)

from .. import APP_NAME, __version__
from ..core.locate import vault_for_path
from ..core.tree import FOLDER, SECTION, TOPIC, TreeNode, parent_page
from ..core.vault import Vault
from ..locations import sample_vault
from ..session.location import EPISODE_PAGE, NOTE_PAGE, WELCOME_PAGE, Location, kind_of
from ..session.pages import location_for_node
from ..session.start import first_note
from ..session.trees import FOLDERS, TAGS, VIDEOS
from .backlinks import BacklinksPanel
from .commands import install_commands
from .finding import Finder
from .link_actions import LinkActions
from .page_source import PageSource
from .pane_focus import PaneFocus
from .player import PlayerDialog, load_player, save_player
from .reader import Reader
from .search_panel import SearchPanel
from .settings import Settings
from .shortcuts_dialog import ShortcutsDialog
from .side_panels import SidePanels
from .theme import apply_theme
from .timestamps_panel import TimestampsPanel, highlight_citation
from .tree_area import TreeArea
from .vault_host import VaultHost
from .vault_session import Indexed, VaultSession
from .welcome import WelcomePage

log = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 2.5  # every way out ends within 3 s, the interpreter's own exit included
HISTORY_BUTTONS = (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton)


class MainWindow(QMainWindow):
    """Signals tell tests and other parts when background work has landed."""

    vaultLoaded = Signal(object)  # Vault
    pageShown = Signal(object)  # Location
    vaultChanged = Signal(list)  # vault-relative paths applied by live reload
    message = Signal(str)
    treeRefreshed = Signal()

    def __init__(
        self, settings: Settings | None = None, parent: QWidget | None = None, *, use_cache=True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings or Settings()
        self.player = load_player(self.settings)
        self._theme = self.settings.theme
        self._pending_note: str | None = None
        self._closed = False
        self.host = VaultHost(self, use_cache=use_cache)
        self.host.opened.connect(self._session_opened)
        self.links = LinkActions(self, lambda: self.player, lambda: self.session)
        self.links.notice.connect(self._notice)
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self._build_widgets()
        self.actions, self.menus = install_commands(self, self._handlers())
        self.finder = Finder(self, self.search_panel, lambda: self.actions)
        self.finder.openNote.connect(
            lambda path, term: self.open_note(path, highlight=term or None)
        )
        self.finder.openTopic.connect(self.navigator.open_topic)
        self._finish_menus()
        self.apply_theme(self._theme)
        self._restore_layout()

    # -- construction --------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.tree_area = TreeArea(self.settings, self)
        self.tree_panel = self.tree_area.panel
        self.tree_area.activated.connect(self._tree_activated)
        self.tree_area.modeChanged.connect(self._tree_mode_changed)
        self.search_panel = SearchPanel(self)
        self.left_tabs = QTabWidget(self)
        self.left_tabs.setObjectName("leftTabs")
        self.left_tabs.setDocumentMode(True)
        self.left_tabs.addTab(self.tree_area, "Notes")
        self.left_tabs.addTab(self.search_panel, "Search")

        self.pages = PageSource(
            self.effective_theme, lambda: self.note_pane.reading_font(), self._notice, self
        )
        self.reader = Reader(self.pages.renderer("main"), self)
        self.note_pane, self.find_bar = self.reader.pane, self.reader.find_bar
        self.navigator = navigator = self.reader.navigator
        navigator.pageShown.connect(self._page_shown)
        navigator.historyChanged.connect(self._update_history_actions)
        navigator.timestampRequested.connect(self.links.open_timestamp)
        navigator.externalRequested.connect(self.links.open_external)
        navigator.fileRequested.connect(self.links.open_file)
        navigator.notice.connect(self._notice)
        self.note_pane.linkHovered.connect(self._link_hovered)
        self.note_pane.contextMenuForLink.connect(self.links.menu_for_link)

        self.welcome = WelcomePage(self)
        self.welcome.openVault.connect(self.choose_vault)
        self.welcome.openSample.connect(self.open_sample_vault)
        self.welcome.openRecent.connect(lambda path: self.open_path(Path(path)))
        self.center = QStackedWidget(self)
        self.center.setObjectName("centerStack")
        self.center.addWidget(self.reader)
        self.center.addWidget(self.welcome)

        self.side_tabs = SidePanels(self)
        self.backlinks = self.side_tabs.panel(BacklinksPanel)
        self.backlinks.mentionActivated.connect(
            lambda row: self.open_note(row.source, line=row.line, highlight=row.needle)
        )
        self.timestamps = self.side_tabs.panel(TimestampsPanel)
        self.timestamps.openRequested.connect(self.links.open_timestamp)
        self.timestamps.citationSelected.connect(self._citation_selected)
        self.timestamps.menuRequested.connect(self.links.timestamp_menu)
        self.timestamps.notice.connect(self._notice)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        for index, widget in enumerate((self.left_tabs, self.center, self.side_tabs)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(index, 1 if widget is self.center else 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([290, 760, 330])
        self.setCentralWidget(self.splitter)
        self.focus = PaneFocus(
            lambda: [
                self.search_panel.query
                if self.left_tabs.currentWidget() is self.search_panel
                else self.tree_area.focus_target(),
                self.note_pane,
                self.side_tabs.focus_target(),
            ]
        )

    def _handlers(self) -> dict[str, Callable[[], object]]:
        """What each command of the registry (`ui.commands`) does."""
        navigator, find_bar, focus = self.navigator, self.find_bar, self.focus
        return {
            "open-vault": self.choose_vault,
            "open-sample": self.open_sample_vault,
            "quit": self.close,
            "find": find_bar.open_bar,
            "find-next": find_bar.next,
            "find-previous": find_bar.previous,
            "search": self.search_vault,
            "quick-switcher": lambda: self.finder.open_switcher(),
            "command-palette": lambda: self.finder.open_palette(),
            "back": navigator.back,
            "forward": navigator.forward,
            "parent": self.go_parent,
            "reveal": self.reveal_current,
            "focus-tree": self.focus_tree,
            "focus-note": lambda: focus.focus(1),
            "focus-side": lambda: focus.focus(2),
            "next-pane": lambda: focus.cycle(1),
            "previous-pane": lambda: focus.cycle(-1),
            "zoom-in": lambda: self._zoom(1),
            "zoom-out": lambda: self._zoom(-1),
            "zoom-reset": lambda: self._zoom(0),
            "tree-folders": lambda: self.tree_area.set_mode(FOLDERS),
            "tree-videos": lambda: self.tree_area.set_mode(VIDEOS),
            "tree-tags": lambda: self.tree_area.set_mode(TAGS),
            "player": self.choose_player,
            "theme-system": lambda: self.set_theme("system"),
            "theme-light": lambda: self.set_theme("light"),
            "theme-dark": lambda: self.set_theme("dark"),
            "shortcuts": lambda: ShortcutsDialog(self.actions, self).exec(),
            "about": lambda: self.show_message(
                f"{APP_NAME} {__version__}",
                "A fast, native viewer for linked markdown vaults. It reads your notes and never "
                "changes them; its caches and settings live in your user folders.",
            ),
        }

    def _finish_menus(self) -> None:
        quit_action = self.actions.action("quit")
        self.recent_menu = QMenu("Recent &Vaults", self)
        self.recent_menu.setObjectName("recentVaultsMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.menus["File"].insertMenu(quit_action, self.recent_menu)
        self.menus["File"].insertSeparator(quit_action)
        self.toolbar = QToolBar("Navigation", self)
        self.toolbar.setObjectName("navigationToolbar")
        self.toolbar.setMovable(False)
        style = self.style()
        for name, icon in (("back", "SP_ArrowBack"), ("forward", "SP_ArrowForward")):
            action = self.actions.action(name)
            action.setIcon(style.standardIcon(getattr(style.StandardPixmap, icon)))
            action.setEnabled(False)
            self.toolbar.addAction(action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("indexProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setFormat("Indexing %v / %m")
        self.progress.hide()
        self.counts = QLabel(self)
        self.counts.setObjectName("vaultCounts")
        self.statusBar().addPermanentWidget(self.counts)
        self.statusBar().addPermanentWidget(self.progress)

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

    @property
    def session(self) -> VaultSession | None:
        return self.host.current

    @property
    def vault(self) -> Vault | None:
        """The open vault, for a quick read on the GUI thread (None until indexed)."""
        with self._reading() as vault:
            return vault

    @property
    def vault_root(self) -> Path | None:
        return self.session.root if self.session is not None else None

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Vault | None]:
        session = self.session
        if session is None:
            yield None
            return
        with session.reading() as vault:
            yield vault

    def show_welcome(self) -> None:
        """The page for no vault: open a folder, a recent vault or the sample vault."""
        self.welcome.set_recent(self.settings.recent_vaults())
        self.center.setCurrentWidget(self.welcome)
        self.left_tabs.setVisible(False)
        self.side_tabs.setVisible(False)
        self.setWindowTitle(APP_NAME)
        self.welcome.focus_first()

    def choose_vault(self) -> None:
        start = str(self.vault_root or Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open Vault", start)
        if folder:
            self.open_path(Path(folder))

    def open_sample_vault(self) -> None:
        self.open_vault(sample_vault())

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
        self._pending_note = note
        self.host.open(root, self.tree_area.mode())

    def _session_opened(self, session: VaultSession) -> None:
        """Clear what the last vault showed and follow the new one's signals."""
        self.left_tabs.setVisible(True)
        self.side_tabs.setVisible(True)
        self.pages.set_session(session)
        self.side_tabs.set_session(session)
        self.finder.set_session(session)
        self.navigator.reset()
        self.counts.clear()
        self.tree_area.set_root(TreeNode("", FOLDER, ""))
        self.show_message(f"Opening {session.root.name}…", f"Indexing {session.root}")
        self.setWindowTitle(f"{session.root.name} — {APP_NAME}")
        self.progress.setRange(0, 0)
        self.progress.show()
        session.listed.connect(self.tree_area.set_root)
        session.progress.connect(self._index_progress)
        session.ready.connect(self._indexed)
        session.failed.connect(self._index_failed)
        session.changed.connect(self._vault_changed)
        session.vanished.connect(self._vault_vanished)
        session.treeReady.connect(self._tree_ready)

    def _index_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _index_failed(self, text: str) -> None:
        self.progress.hide()
        self.show_message("The vault could not be opened", text)

    def _indexed(self, indexed: Indexed) -> None:
        session = self.session
        self.progress.hide()
        seconds = indexed.seconds
        took = f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"
        cached = f" ({indexed.from_cache:,} from the cache)" if indexed.from_cache else ""
        self._notice(f"Indexed {indexed.notes:,} notes in {took}{cached}")
        if session is None:
            return
        self.settings.remember_vault(session.root)
        self._tree_ready(indexed.tree, indexed.tree_mode)
        with session.reading() as vault:
            self._update_counts(vault)
            wanted, self._pending_note = self._pending_note, None
            note, problem = first_note(vault, wanted, self.settings.last_note(session.root))
        if problem:
            self._notice(problem)
        self.navigator.navigate(
            Location(NOTE_PAGE, note) if note else Location(WELCOME_PAGE), push=bool(note)
        )
        self.vaultLoaded.emit(self.vault)

    def _update_counts(self, vault: Vault | None) -> None:
        if vault is None:
            self.counts.clear()
            return
        total, _resolved = vault.link_counts()
        topics = len(vault.topics())
        self.counts.setText(
            f"{len(vault.notes):,} notes · {total:,} links · "
            f"{topics:,} {'topic' if topics == 1 else 'topics'} without a note"
        )

    def _vault_changed(self, paths: list[str]) -> None:
        with self._reading() as vault:
            self._update_counts(vault)
            if vault is not None:
                self.finder.forget_missing(vault.notes.__contains__)
        self.navigator.refresh()
        self.vaultChanged.emit(paths)

    def _vault_vanished(self) -> None:
        root = self.vault_root
        self.show_message(
            "The vault folder is gone",
            f"{root} was moved or deleted. Open it again from File › Recent Vaults once it is "
            "back, or open another vault (Ctrl+Shift+O).",
        )

    def _tree_ready(self, tree: TreeNode, mode: str) -> None:
        if mode == self.tree_area.mode():
            self.tree_area.set_root(tree, self.shown)
            self.actions.check_one([f"tree-{m}" for m in (FOLDERS, VIDEOS, TAGS)], f"tree-{mode}")
            self.treeRefreshed.emit()

    def _tree_mode_changed(self, mode: str) -> None:
        if self.session is not None:
            self.session.build_tree(mode)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_vaults()
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(Path(p)))
        if not recent:
            self.recent_menu.addAction("No recent vaults").setEnabled(False)

    # -- pages ---------------------------------------------------------------------------------

    @property
    def shown(self) -> Location | None:
        return self.navigator.shown

    def open_note(self, path: str, **where) -> None:
        self.navigator.open_note(path, **where)

    def show_message(self, title: str, text: str) -> None:
        self.navigator.show_message(title, text)
        self.message.emit(f"{title}: {text}")

    def _notice(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)

    def _page_shown(self, location: Location) -> None:
        self.center.setCurrentWidget(self.reader)
        page = self.navigator.page
        title = page.title if page is not None else ""
        root = self.vault_root.name if self.vault_root else ""
        self.setWindowTitle(" — ".join(part for part in (title, root, APP_NAME) if part))
        self.tree_area.reveal(location)
        self.side_tabs.show_page(location)
        if kind_of(location).remembered and page is not None and page.exists and self.vault_root:
            self.settings.set_last_note(self.vault_root, location.key)
            self.finder.note_shown(location.key)
        self.pageShown.emit(location)

    def _update_history_actions(self) -> None:
        self.actions.action("back").setEnabled(self.navigator.history.can_back())
        self.actions.action("forward").setEnabled(self.navigator.history.can_forward())

    def go_parent(self) -> None:
        shown = self.shown
        with self._reading() as vault:
            parent = None
            if vault is not None and shown is not None and shown.kind == NOTE_PAGE:
                parent = parent_page(vault.notes, shown.key)
        if parent:
            self.open_note(parent)
        else:
            self._notice("This page has no folder or channel page above it")

    def reveal_current(self) -> None:
        shown = self.shown
        if shown is not None:
            self.left_tabs.setCurrentWidget(self.tree_area)
            if self.tree_area.reveal(shown, clear_filter=True):
                self.tree_panel.view.setFocus()

    def _tree_activated(self, node: TreeNode) -> None:
        if node.kind == TOPIC:
            self.navigator.open_topic(node.key)
        elif node.note:
            self.open_note(node.note)
        elif node.kind not in (SECTION, FOLDER):
            location = location_for_node(node)
            if location is not None:
                self.navigator.navigate(location)

    def _link_hovered(self, url: str) -> None:
        text = self.links.describe(url) if url else ""
        if text:
            self.statusBar().showMessage(text)
        else:
            self.statusBar().clearMessage()

    def _citation_selected(self, citation) -> None:
        shown = self.shown
        if shown is not None and (shown.key == citation.path or shown.kind == EPISODE_PAGE):
            highlight_citation(self.note_pane, citation, bool(self.timestamps.video_id))

    # -- commands ------------------------------------------------------------------------------

    def focus_tree(self) -> None:
        self.left_tabs.setCurrentWidget(self.tree_area)
        self.focus.focus(0)

    def search_vault(self) -> None:
        self.left_tabs.setCurrentWidget(self.search_panel)
        self.search_panel.focus_query()

    def _zoom(self, steps: int) -> None:
        self.note_pane.zoom(steps)
        self.settings.zoom = self.note_pane.zoom_level

    def choose_player(self) -> None:
        dialog = PlayerDialog(self.player, self)
        if dialog.exec():
            self.player = dialog.config()
            save_player(self.settings, self.player)

    # -- theme ---------------------------------------------------------------------------------

    def effective_theme(self) -> str:
        if self._theme in ("light", "dark"):
            return self._theme
        hints = QGuiApplication.styleHints()
        scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else None
        return "dark" if scheme == Qt.ColorScheme.Dark else "light"

    def set_theme(self, theme: str) -> None:
        self._theme = self.settings.theme = theme
        self.apply_theme(theme)
        self.navigator.refresh()

    def apply_theme(self, theme: str) -> None:
        themes = ("system", "light", "dark")
        self.actions.check_one([f"theme-{t}" for t in themes], f"theme-{theme}")
        effective = self.effective_theme()
        apply_theme(self, effective)
        self.note_pane.set_theme(effective)

    # -- events and the way out ----------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """The mouse's back and forward buttons, wherever in the window (panes let them
        through: see `passes_history_buttons`)."""
        if event.button() == Qt.MouseButton.BackButton:
            self.navigator.back()
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.navigator.forward()
        else:
            super().mousePressEvent(event)

    def dragEnterEvent(self, event) -> None:
        if _dropped_path(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = _dropped_path(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_path(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        try:
            self.settings.save_window_state(
                self.saveGeometry(), self.saveState(), self.splitter.saveState()
            )
            self.settings.sync()
        except Exception as error:  # a settings file that cannot be written: still quit
            log.warning("the window layout could not be saved: %s", error)
        finally:
            self.shutdown()
        super().closeEvent(event)

    def shutdown(self, seconds: float = SHUTDOWN_SECONDS) -> bool:
        """Stop every thread, watcher and child process the window owns, within `seconds`;
        every way out runs this (close, Ctrl+Q, signals, the application quitting). Safe to
        call more than once."""
        if self._closed:
            return True
        self._closed = True
        return self.host.shutdown(seconds)


def _dropped_path(mime) -> Path | None:
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if vault_for_path(path) is not None:
                return path
    return None
