"""The main window: layout, menus, theme, and the wiring between its collaborators.

- `VaultHost` owns the open vault's `VaultSession` (indexing, watcher, search, background work);
- a `Reader` (note pane, find bar and its `Navigator`) shows pages and routes links;
- the `TreeArea`, the `SidePanels` and the `Finder` follow the page shown by signal;
- `LinkActions` opens what leaves the pane (videos, web pages, files);
- `window_commands` maps every command to a call on one of them.
The window keeps none of their state; the rules they follow live in `viewer.session`.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from .. import APP_NAME
from ..core.locate import vault_for_path
from ..core.vault import Vault
from ..locations import sample_vault
from ..session.location import Location
from ..session.trees import FOLDERS, TAGS, VIDEOS
from .backlinks import BacklinksPanel
from .commands import RecentVaultsMenu, install_commands, navigation_toolbar
from .delegates import WrappingDelegate
from .find_bar import FindBar
from .finding import Finder
from .link_actions import LinkActions
from .navigator import Navigator
from .note_pane import NotePane
from .page_routes import PageRoutes
from .page_source import PageSource
from .pane_focus import PaneFocus
from .reader import Reader
from .reader_area import ReaderArea
from .reading_aids import ReadingAids
from .search_panel import SearchPanel
from .settings import THEMES, Settings
from .side_panels import SidePanels, focus_target
from .theme import apply_theme, effective_theme
from .timestamps_panel import TimestampsPanel
from .tree_area import TreeArea
from .vault_controller import VaultController
from .vault_host import VaultHost
from .vault_session import VaultSession
from .welcome import WelcomePage
from .window_commands import command_handlers, show_outside_links_setting
from .workspace_panels import WorkspacePanels

log = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 2.5  # every way out ends within 3 s, the interpreter's own exit included


class MainWindow(QMainWindow):
    """Signals tell tests and other parts when background work has landed."""

    vaultLoaded = Signal(object)  # Vault
    pageShown = Signal(object)  # Location
    pageCompleted = Signal(object)  # Location: all of it is there (a long note's last part)
    vaultChanged = Signal(list)  # vault-relative paths applied by live reload
    message = Signal(str)
    treeRefreshed = Signal()

    def __init__(
        self, settings: Settings | None = None, parent: QWidget | None = None, *, use_cache=True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings or Settings()
        self._theme = self.settings.theme
        self._closed = False
        self.host = VaultHost(self, use_cache=use_cache)
        self.links = LinkActions(self, self.settings, lambda: self.session)
        self.links.notice.connect(self._notice)
        self.links.hovered.connect(self._hovered)
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self._build_widgets()
        self.pages.media = self.links.controller.media
        self.links.controller.mediaChanged.connect(self._media_changed)
        self.commands, self.menus = install_commands(self, command_handlers(self))
        self.finder = Finder(self, self.search_panel, lambda: self.commands)
        self.vaults = VaultController(
            self,
            self.host,
            self.settings,
            self.area,
            self.tree_area,
            self.side_tabs,
            self.finder,
            self.pages,
        )
        self.vaults.panel_sizes = lambda: {"main": self.splitter.sizes()}
        self.vaults.restore_panel_sizes = self._restore_panel_sizes
        self.vaults.loaded.connect(self.vaultLoaded)
        self.vaults.changed.connect(self.vaultChanged)
        self.vaults.treeShown.connect(self._tree_shown)
        self.vaults.notice.connect(self._notice)
        self.vaults.message.connect(self.show_message)
        self.vaults.vanished.connect(self._vault_vanished)
        self.host.opened.connect(lambda _session: self._show_panes(True))
        self.host.opened.connect(lambda _session: self.aids.vault_opened())
        self.host.opened.connect(lambda _session: show_outside_links_setting(self))
        self.routes = PageRoutes(
            self,
            self.area,
            self.vaults,
            self.tree_area,
            self.side_tabs,
            self.finder,
            self.settings,
        )
        self.routes.pageShown.connect(self._page_shown)
        self.routes.pageShown.connect(self.workspace.page_shown)
        self.routes.notice.connect(self._notice)
        self.backlinks.mentionActivated.connect(self.routes.open_mention)
        self.timestamps.citationSelected.connect(self.routes.mark_citation)
        self._finish_menus()
        self.apply_theme(self._theme)
        self._restore_layout()

    # -- construction --------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.tree_area = TreeArea(self.settings, self)
        self.tree_panel = self.tree_area.panel
        self.search_panel = SearchPanel(self)
        self.left_tabs = QTabWidget(self)
        self.left_tabs.setObjectName("leftTabs")
        self.left_tabs.setDocumentMode(True)
        self.left_tabs.addTab(self.tree_area, "Notes")
        self.left_tabs.addTab(self.search_panel, "Search")

        self.pages = PageSource(
            self.effective_theme,
            lambda: self.note_pane.reading_column(),
            self._notice,
            self,
        )
        self.area = area = ReaderArea(self.pages.renderer, self)
        area.historyChanged.connect(self._update_history_actions)
        area.pageCompleted.connect(self.pageCompleted)
        area.foldToggled.connect(self.pages.flip_fold)
        area.timestampRequested.connect(self.links.open_timestamp)
        area.externalRequested.connect(self.links.open_external)
        area.fileRequested.connect(self.links.open_file)
        area.notice.connect(self._notice)
        area.linkHovered.connect(self.links.hover)
        area.contextMenuForLink.connect(self.links.menu_for_link)
        area.on_new_reader(self._set_up_reader)

        self.welcome = WelcomePage(self)
        self.welcome.openVault.connect(self.choose_vault)
        self.welcome.openSample.connect(self.open_sample_vault)
        self.welcome.openRecent.connect(lambda path: self.open_path(Path(path)))
        self.center = QStackedWidget(self)
        self.center.setObjectName("centerStack")
        self.center.addWidget(self.area)
        self.center.addWidget(self.welcome)

        self.side_tabs = SidePanels(self)
        self.backlinks = self.side_tabs.panel(BacklinksPanel)
        for snippets in (self.backlinks.tree, self.search_panel.results):  # pills in contexts
            snippets.linkClicked.connect(lambda url: self.navigator.follow_link(url))
        self.timestamps = self.side_tabs.panel(TimestampsPanel)
        self.timestamps.openRequested.connect(self.links.open_timestamp)
        self.timestamps.menuRequested.connect(self.links.timestamp_menu)
        self.timestamps.notice.connect(self._notice)
        self.workspace = WorkspacePanels(self, self.host, area, self.left_tabs, self.side_tabs)
        self.workspace.notice.connect(self._notice)
        self.aids = ReadingAids(
            self, self.area, self.side_tabs, self.tree_panel, self.links, lambda: self.session,
            self.effective_theme, lambda: self.settings.zoom, self._notice,
        )  # fmt: skip

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        for index, widget in enumerate((self.left_tabs, self.center, self.side_tabs)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(index, 1 if widget is self.center else 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([280, 750, 370])  # the side tabs' five titles fit
        self.setCentralWidget(self.splitter)
        self.focus = PaneFocus(
            lambda: [
                focus_target(self.left_tabs.currentWidget()),
                *self.area.focus_panes(),
                self.side_tabs.focus_target(),
            ]
        )

    def _finish_menus(self) -> None:
        quit_action = self.commands.action("quit")
        self.recent_menu = RecentVaultsMenu(self.settings.recent_vaults, self)
        self.recent_menu.chosen.connect(self.open_path)
        self.menus["File"].insertMenu(quit_action, self.recent_menu)
        self.menus["File"].insertSeparator(quit_action)
        self.toolbar = navigation_toolbar(self, self.commands)
        self.workspace.bind(self.commands, self.menus["Go"], self.finder)
        self.statusBar().addPermanentWidget(self.vaults.faults)
        self.statusBar().addPermanentWidget(self.vaults.counts)
        self.statusBar().addPermanentWidget(self.vaults.progress)

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

    # -- vaults --------------------------------------------------------------------------------

    @property
    def session(self) -> VaultSession | None:
        return self.host.current

    @property
    def vault(self) -> Vault | None:
        """The open vault, for a quick read on the GUI thread (None until indexed)."""
        with self.vaults.reading() as vault:
            return vault

    @property
    def vault_root(self) -> Path | None:
        return self.session.root if self.session is not None else None

    def open_path(self, path: Path | str, note: str | None = None) -> bool:
        """Open a vault folder, or a note file inside its vault (see VaultController)."""
        return self.vaults.open_path(path, note)

    def open_vault(self, root: Path, note: str | None = None) -> None:
        self.vaults.open_vault(root, note)

    def open_sample_vault(self) -> None:
        self.open_vault(sample_vault())

    def choose_vault(self) -> None:
        start = str(self.vault_root or Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open Vault", start)
        if folder:
            self.open_path(Path(folder))

    def show_welcome(self, notice: str = "", reopen: str = "") -> None:
        """The page for no vault: open a folder, a recent vault or the sample vault."""
        self.welcome.show_notice(notice, reopen)
        self.welcome.set_recent(self.settings.recent_vaults())
        self.center.setCurrentWidget(self.welcome)
        self._show_panes(False)
        self.setWindowTitle(APP_NAME)
        self.welcome.focus_first()

    def _vault_vanished(self, root: str) -> None:
        self.show_welcome(
            f"The vault folder {root} was moved or deleted. Open it again once it is back, or "
            "open another vault.",
            root,
        )

    def _show_panes(self, visible: bool) -> None:
        """The tree and side panels only make sense with a vault."""
        self.left_tabs.setVisible(visible)
        self.side_tabs.setVisible(visible)

    def _tree_shown(self, mode: str) -> None:
        self.commands.check_one([f"tree-{m}" for m in (FOLDERS, VIDEOS, TAGS)], f"tree-{mode}")
        self.treeRefreshed.emit()

    # -- pages ---------------------------------------------------------------------------------

    @property
    def reader(self) -> Reader:
        """The active tab's reader (the one commands and panels follow)."""
        return self.area.active

    @property
    def navigator(self) -> Navigator:
        return self.area.active.navigator

    @property
    def note_pane(self) -> NotePane:
        return self.area.active.pane

    @property
    def find_bar(self) -> FindBar:
        return self.area.active.find_bar

    @property
    def shown(self) -> Location | None:
        return self.navigator.shown

    def _media_changed(self, library) -> None:
        """The video folders were scanned: episode pages name their local copies anew."""
        self.pages.media = library
        self.area.refresh_all()

    def _set_up_reader(self, reader: Reader) -> None:
        reader.pane.zoom_to(self.settings.zoom)
        reader.pane.set_theme(self.effective_theme())

    def open_note(self, path: str, **where) -> None:
        self.navigator.open_note(path, **where)

    def show_message(self, title: str, text: str) -> None:
        self.navigator.show_message(title, text)
        self.message.emit(f"{title}: {text}")

    def _notice(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)

    def _page_shown(self, location: Location) -> None:
        self.center.setCurrentWidget(self.area)
        page = self.navigator.page
        title = page.title if page is not None else ""
        root = self.vault_root.name if self.vault_root else ""
        app = "" if title.startswith(APP_NAME) else APP_NAME  # About says it already
        self.setWindowTitle(" — ".join(part for part in (title, root, app) if part))
        self.pageShown.emit(location)

    def _update_history_actions(self) -> None:
        self.commands.action("back").setEnabled(self.navigator.history.can_back())
        self.commands.action("forward").setEnabled(self.navigator.history.can_forward())

    def _hovered(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text)
        else:
            self.statusBar().clearMessage()

    # -- commands ------------------------------------------------------------------------------

    def focus_tree(self) -> None:
        self.left_tabs.setCurrentWidget(self.tree_area)
        self.focus.focus(0)

    def search_vault(self) -> None:
        self.left_tabs.setCurrentWidget(self.search_panel)
        self.search_panel.focus_query()

    def effective_theme(self) -> str:
        return effective_theme(self._theme)

    def set_theme(self, theme: str) -> None:
        self._theme = self.settings.theme = theme
        self.apply_theme(theme)
        self.area.refresh_all()

    def apply_theme(self, theme: str) -> None:
        self.commands.check_one([f"theme-{t}" for t in THEMES], f"theme-{theme}")
        effective = self.effective_theme()
        apply_theme(self, effective)
        WrappingDelegate.set_theme(effective)
        for reader in self.area.readers():
            reader.pane.set_theme(effective)
        self.aids.set_theme(effective)

    # -- events and the way out ----------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """The mouse's back and forward buttons, wherever in the window (the panes let them
        through: see `history_buttons`)."""
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
        """Closing returns at once: the vault's session is told to stop and winds down in the
        background; `shutdown` (run as the application quits) waits for it."""
        try:
            self.settings.save_window_state(
                self.saveGeometry(), self.saveState(), self.splitter.saveState()
            )
            self.settings.sync()
        except Exception as error:  # a settings file that cannot be written: still quit
            log.warning("the window layout could not be saved: %s", error)
        finally:
            self.vaults.save_workspace()
            self.host.close_current()
        super().closeEvent(event)

    def _restore_panel_sizes(self, panels: dict[str, list[int] | bytes]) -> None:
        sizes = panels.get("main")
        if isinstance(sizes, list) and len(sizes) == self.splitter.count():
            self.splitter.setSizes(sizes)

    def shutdown(self, seconds: float = SHUTDOWN_SECONDS) -> bool:
        """Stop every thread, watcher and child process the window owns and wait for them,
        within `seconds`; every way out ends here (a closed window, Ctrl+Q, signals, the
        application quitting). Safe to call more than once."""
        if self._closed:
            return True
        self._closed = True
        deadline = time.monotonic() + seconds
        vaults = self.host.shutdown(seconds * 0.8)
        player = self.links.shutdown(max(0, int((deadline - time.monotonic()) * 1000)))
        return vaults and player


def _dropped_path(mime) -> Path | None:
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if vault_for_path(path) is not None:
                return path
    return None
