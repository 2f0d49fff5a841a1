"""The main window: topic tree, rendered note, backlinks; vault loading and navigation."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication
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
    QWidget,
)

from .. import APP_NAME
from ..core.loader import LoadResult
from ..core.scan import ScanResult
from ..core.timestamps import format_time, video_url
from ..core.tree import FOLDER, NOTE, SECTION, TOPIC, TreeNode
from ..core.vault import Change, Vault, read_change
from ..locations import sample_vault
from ..render import hrefs
from .actions import ActionRegistry, Command
from .background import Background
from .backlinks import BacklinksPanel, MentionRow
from .history import (
    NOTE_PAGE,
    TAG_PAGE,
    TOPIC_PAGE,
    WELCOME_PAGE,
    History,
    Location,
)
from .indexing import IndexThread
from .note_pane import NotePane
from .pages import Page, Pages, vault_for_path
from .settings import Settings
from .theme import apply_theme, icons_for
from .tree_panel import TreePanel
from .trees import vault_trees
from .watcher import VaultWatcher
from .welcome import WelcomePage

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Signals tell tests and other parts when work that runs in the background is done."""

    vaultLoaded = Signal(object)  # Vault
    pageShown = Signal(object)  # Location
    vaultChanged = Signal(list)  # vault-relative paths applied by live reload
    message = Signal(str)

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
        self.vault: Vault | None = None
        self.vault_root: Path | None = None
        self.history = History()
        self.background = Background(self)
        self.pages = Pages()
        self._index_thread: IndexThread | None = None
        self.use_cache = use_cache
        self.cache = None  # the vault's IndexCache, once indexed with the cache on
        self._pending_note: str | None = None
        self._shown: Location | None = None
        self._theme = self.settings.theme

        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self._build_widgets()
        self.actions = ActionRegistry(self)
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self.watcher = VaultWatcher(self)
        self.watcher.changed.connect(self._files_changed)
        self.apply_theme(self._theme)
        self._restore_layout()
        QApplication.instance().installEventFilter(self)

    # -- construction ------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.tree_panel = TreePanel(icons_for(self), self)
        self.tree_panel.activated.connect(self._tree_activated)
        self.note_pane = NotePane(self)
        self.note_pane.linkActivated.connect(self.follow_link)
        self.note_pane.linkHovered.connect(self._link_hovered)
        self.backlinks = BacklinksPanel(self)
        self.backlinks.mentionActivated.connect(self._mention_activated)
        self.backlinks.unlinkedRequested.connect(self._find_unlinked)
        self.welcome = WelcomePage(self)
        self.welcome.openVault.connect(self.choose_vault)
        self.welcome.openSample.connect(lambda: self.open_vault(sample_vault()))
        self.welcome.openRecent.connect(lambda path: self.open_path(Path(path)))
        self.center = QStackedWidget(self)
        self.center.setObjectName("centerStack")
        self.center.addWidget(self.note_pane)
        self.center.addWidget(self.welcome)
        self.side_tabs = QTabWidget(self)
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.addTab(self.backlinks, "Backlinks")
        self.side_tabs.setDocumentMode(True)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tree_panel)
        self.splitter.addWidget(self.center)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([280, 760, 320])
        self.setCentralWidget(self.splitter)

    def _build_actions(self) -> None:
        add = self.actions.add
        add(
            Command(
                "open-vault",
                "&Open Vault…",
                "File",
                ("Ctrl+Shift+O",),
                "Open a folder of markdown notes",
            ),
            self.choose_vault,
        )
        add(
            Command(
                "open-sample", "Open &Sample Vault", "File", (), "Open the bundled sample vault"
            ),
            lambda: self.open_vault(sample_vault()),
        )
        add(Command("quit", "&Quit", "File", ("Ctrl+Q",), "Quit Vault Viewer"), self.close)
        add(Command("back", "&Back", "Go", ("Alt+Left",), "Go back"), self.back)
        add(Command("forward", "&Forward", "Go", ("Alt+Right",), "Go forward"), self.forward)
        add(
            Command(
                "parent",
                "&Parent Page",
                "Go",
                ("Alt+Up",),
                "Open the folder or channel page of this note",
            ),
            self.go_parent,
        )
        add(
            Command("zoom-in", "Zoom &In", "View", ("Ctrl+=", "Ctrl++"), "Larger text"),
            lambda: self._zoom(1),
        )
        add(
            Command("zoom-out", "Zoom &Out", "View", ("Ctrl+-",), "Smaller text"),
            lambda: self._zoom(-1),
        )
        add(
            Command("zoom-reset", "&Reset Zoom", "View", ("Ctrl+0",), "Default text size"),
            lambda: self._zoom(0),
        )
        for theme in ("system", "light", "dark"):
            action = add(
                Command(
                    f"theme-{theme}",
                    f"{theme.capitalize()} Theme",
                    "Theme",
                    (),
                    f"Use the {theme} theme",
                ),
                lambda theme=theme: self.set_theme(theme),
            )
            action.setCheckable(True)
        self.actions.action("back").setEnabled(False)
        self.actions.action("forward").setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.recent_menu = QMenu("Recent &Vaults", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        for command, action in self.actions.in_menu("File"):
            if command.id == "quit":
                self.file_menu.addMenu(self.recent_menu)
                self.file_menu.addSeparator()
            self.file_menu.addAction(action)
        go_menu = bar.addMenu("&Go")
        for _command, action in self.actions.in_menu("Go"):
            go_menu.addAction(action)
        view_menu = bar.addMenu("&View")
        for _command, action in self.actions.in_menu("View"):
            view_menu.addAction(action)
        theme_menu = view_menu.addMenu("&Theme")
        for _command, action in self.actions.in_menu("Theme"):
            theme_menu.addAction(action)
        self.help_menu = bar.addMenu("&Help")
        toolbar = QToolBar("Navigation", self)
        toolbar.setObjectName("navigationToolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.actions.action("back"))
        toolbar.addAction(self.actions.action("forward"))
        style = self.style()
        self.actions.action("back").setIcon(style.standardIcon(style.StandardPixmap.SP_ArrowBack))
        self.actions.action("forward").setIcon(
            style.standardIcon(style.StandardPixmap.SP_ArrowForward)
        )
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("indexProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
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
            self.resize(1360, 860)
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
        self.setWindowTitle(APP_NAME)
        self.welcome.focus_first()

    def choose_vault(self) -> None:
        start = str(self.vault_root or Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open Vault", start)
        if folder:
            self.open_path(Path(folder))

    def open_path(self, path: Path, note: str | None = None) -> bool:
        """Open a vault folder, or a note file inside its vault. False with a message when
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
        if self._index_thread is not None:
            self._index_thread.requestInterruption()
            self._index_thread.wait()
        self.watcher.stop()
        self.vault = None
        self.vault_root = root
        self.pages.set_vault(None, root)
        self.note_pane.set_vault_root(root)
        self.history.clear()
        self._update_history_actions()
        self._pending_note = note
        self.setWindowTitle(f"{root.name} — {APP_NAME}")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.statusBar().showMessage(f"Indexing {root}…")
        thread = IndexThread(root, self, use_cache=self.use_cache)
        thread.listed.connect(self._listed)
        thread.progress.connect(self._index_progress)
        thread.indexed.connect(self._indexed)
        thread.failed.connect(self._index_failed)
        thread.finished.connect(self._index_thread_finished)
        self._index_thread = thread
        thread.start()

    def _index_thread_finished(self) -> None:
        thread = self.sender()
        if thread is self._index_thread:
            self._index_thread = None
        if thread is not None:
            thread.deleteLater()

    def _listed(self, listing: ScanResult) -> None:
        """File names are known: show the tree at once, titles follow."""
        if self.sender() is not self._index_thread:
            return
        titles = {entry.path: Path(entry.path).stem for entry in listing.notes}
        self.tree_panel.set_root(vault_trees(None, titles))
        self.progress.setRange(0, max(1, len(listing.notes)))

    def _index_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _index_failed(self, text: str) -> None:
        self.progress.hide()
        self.show_message("The vault could not be opened", text)

    def _indexed(self, result: LoadResult) -> None:
        if self.sender() is not self._index_thread:
            return
        vault = result.vault
        self.cache = result.cache
        self.vault = vault
        self.pages.set_vault(vault, vault.root)
        self.progress.hide()
        self.statusBar().clearMessage()
        self.settings.remember_vault(vault.root)
        self._refresh_trees()
        self._update_counts()
        self.watcher.watch(vault.root)
        note = self._initial_note(vault)
        if note:
            self.open_note(note)
        else:
            self.navigate(Location(WELCOME_PAGE))
        self.vaultLoaded.emit(vault)

    def _initial_note(self, vault: Vault) -> str | None:
        wanted = self._pending_note
        self._pending_note = None
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
        if self.vault is not None:
            self.tree_panel.set_root(vault_trees(self.vault))

    def _update_counts(self) -> None:
        if self.vault is None:
            self.counts.clear()
            return
        total, _resolved = self.vault.link_counts()
        self.counts.setText(
            f"{len(self.vault.notes):,} notes · {total:,} links · "
            f"{len(self.vault.topics()):,} topics without a note"
        )

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_vaults()
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(Path(p)))
        if not recent:
            self.recent_menu.addAction("No recent vaults").setEnabled(False)

    # -- navigation ----------------------------------------------------------------------------

    def navigate(self, location: Location, *, push: bool = True) -> None:
        current = self.history.current
        if current is not None and self._shown is not None and current.same_page(self._shown):
            self.history.remember_scroll(self.note_pane.scroll_position())
        if push:
            self.history.push(location)
        self._update_history_actions()
        self._render(location)

    def open_note(
        self,
        path: str,
        anchor: str | None = None,
        line: int | None = None,
        highlight: str | None = None,
    ) -> None:
        self.navigate(Location(NOTE_PAGE, path, anchor=anchor, line=line, highlight=highlight))

    def open_topic(self, name: str) -> None:
        self.navigate(Location(TOPIC_PAGE, name))

    def open_tag(self, tag: str) -> None:
        self.navigate(Location(TAG_PAGE, tag))

    def back(self) -> None:
        if self._shown is not None:
            self.history.remember_scroll(self.note_pane.scroll_position())
        location = self.history.back()
        if location is not None:
            self._update_history_actions()
            self._render(location)

    def forward(self) -> None:
        if self._shown is not None:
            self.history.remember_scroll(self.note_pane.scroll_position())
        location = self.history.forward()
        if location is not None:
            self._update_history_actions()
            self._render(location)

    def go_parent(self) -> None:
        shown = self._shown
        if shown is None or self.vault is None or shown.kind != NOTE_PAGE:
            return
        parent = self.pages.parent_page(shown.key)
        if parent:
            self.open_note(parent)

    def _update_history_actions(self) -> None:
        self.actions.action("back").setEnabled(self.history.can_back())
        self.actions.action("forward").setEnabled(self.history.can_forward())

    def _render(self, location: Location) -> None:
        pages, theme = self.pages, self.effective_theme()
        self.background.run(
            "render",
            lambda: pages.render(location, theme),
            lambda page: self._show_page(location, page),
            lambda error: self._show_page(
                location, pages.message("This page could not be shown", error, theme)
            ),
        )

    def _show_page(self, location: Location, page: Page) -> None:
        self.center.setCurrentWidget(self.note_pane)
        self.note_pane.show_html(page.html)
        self._shown = location
        title = page.title
        root_name = self.vault_root.name if self.vault_root else ""
        self.setWindowTitle(" — ".join(p for p in (title, root_name, APP_NAME) if p))
        if location.scroll is not None:
            self.note_pane.verticalScrollBar().setValue(location.scroll)
        elif location.line is not None:
            cursor = self.note_pane.scroll_to_line(location.line)
            if location.highlight:
                self.note_pane.highlight(location.highlight, cursor)
        elif location.anchor:
            if not self.note_pane.scroll_to_anchor(location.anchor):
                self.note_pane.scrollToAnchor(location.anchor)
        elif location.highlight:
            self.note_pane.highlight(location.highlight)
        if location.kind == NOTE_PAGE and self.vault_root is not None:
            self.settings.set_last_note(self.vault_root, location.key)
            self.tree_panel.reveal(location.key)
        elif location.kind == TOPIC_PAGE:
            self.tree_panel.reveal_key(TOPIC, location.key)
        self._refresh_backlinks(location)
        self.pageShown.emit(location)

    def follow_link(self, url: QUrl) -> None:
        href = hrefs.parse_href(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        if href is None:
            self.statusBar().showMessage(f"Not opened: {url.toString()}", 5000)
            return
        if href.kind == hrefs.NOTE:
            shown = self._shown
            if shown is not None and shown.kind == NOTE_PAGE and shown.key == href.target:
                if href.anchor:
                    self.note_pane.scroll_to_anchor(href.anchor) or self.note_pane.scrollToAnchor(
                        href.anchor
                    )
                return
            self.open_note(href.target, anchor=href.anchor)
        elif href.kind == hrefs.TOPIC:
            self.open_topic(href.target)
        elif href.kind == hrefs.TAG:
            self.open_tag(href.target)
        elif href.kind == hrefs.TIME:
            self.open_timestamp(href.target, href.seconds or 0)
        elif href.kind == hrefs.ANCHOR:
            self.note_pane.scrollToAnchor(href.target)
        elif href.kind == hrefs.EXTERNAL:
            QDesktopServices.openUrl(QUrl(href.target))
        elif href.kind == hrefs.FILE:
            self._open_vault_file(Path(href.target))

    def open_timestamp(self, video_id: str, seconds: int) -> None:
        url = video_url(video_id, seconds)
        if not QDesktopServices.openUrl(QUrl(url)):
            self.statusBar().showMessage(f"No browser could open {url}", 8000)
        else:
            self.statusBar().showMessage(f"Opening the video at {format_time(seconds)}", 4000)

    def _open_vault_file(self, path: Path) -> None:
        if self.vault_root is None:
            return
        try:
            inside = path.resolve().is_relative_to(self.vault_root.resolve())
        except OSError:
            inside = False
        if inside and path.exists():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        else:
            self.statusBar().showMessage(f"Not opened (outside the vault): {path}", 6000)

    def _link_hovered(self, url: str) -> None:
        if not url:
            self.statusBar().clearMessage()
            return
        self.statusBar().showMessage(self.pages.describe_href(url))

    def _tree_activated(self, node: TreeNode) -> None:
        if node.kind == TOPIC:
            self.open_topic(node.key)
        elif node.note and node.kind in (NOTE, FOLDER):
            self.open_note(node.note)
        elif node.kind not in (SECTION, FOLDER):
            location = self.pages.location_for_node(node)
            if location is not None:
                self.navigate(location)

    # -- backlinks -----------------------------------------------------------------------------

    def _refresh_backlinks(self, location: Location) -> None:
        pages = self.pages
        if location.kind not in (NOTE_PAGE, TOPIC_PAGE) or self.vault is None:
            self.backlinks.clear("No backlinks for this page")
            return
        self.background.run(
            "backlinks",
            lambda: pages.mention_rows(location),
            lambda rows: self.backlinks.show_mentions(
                rows,
                unlinked=location.kind == NOTE_PAGE,
                label="Linked mentions" if location.kind == NOTE_PAGE else "Mentions",
            ),
        )

    def _mention_activated(self, row: MentionRow) -> None:
        self.open_note(row.source, line=row.line, highlight=row.needle)

    def _find_unlinked(self) -> None:
        shown = self._shown
        if shown is None or shown.kind != NOTE_PAGE:
            return
        pages = self.pages
        self.background.run(
            "unlinked",
            lambda: pages.unlinked_rows(shown.key),
            self.backlinks.show_unlinked,
        )

    # -- live reload ---------------------------------------------------------------------------

    def _files_changed(self, paths: list[str]) -> None:
        vault = self.vault
        if vault is None:
            return
        if not vault.root.is_dir():
            self.watcher.stop()
            self.show_message(
                "The vault folder is gone",
                f"{vault.root} was moved or deleted. Open it again from File > Recent Vaults "
                "once it is back.",
            )
            return
        root = vault.root
        known = list(vault.notes) + list(vault.attachments)

        def read() -> list[Change]:
            return [read_change(root, p) for p in _expand_folders(root, paths, known)]

        self.background.run("changes", read, lambda changes: self._apply_changes(vault, changes))

    def _apply_changes(self, vault: Vault, changes: list[Change]) -> None:
        if vault is not self.vault:
            return
        applied = [c.path for c in changes if vault.apply(c) != "ignored"]
        if not applied:
            return
        self.pages.invalidate(applied)
        self._refresh_trees()
        self._update_counts()
        shown = self._shown
        if shown is not None:
            if shown.kind == NOTE_PAGE and shown.key not in vault.notes:
                self.show_message(
                    "This note was deleted",
                    f"{shown.key} no longer exists in the vault. Go back, or pick another note.",
                    push=False,
                )
            else:
                scroll = self.note_pane.scroll_position()
                self._render(Location(shown.kind, shown.key, scroll=scroll))
        self.vaultChanged.emit(applied)

    # -- messages, theme, zoom -------------------------------------------------------------------

    def show_message(self, title: str, text: str, *, push: bool = True) -> None:
        page = self.pages.message(title, text, self.effective_theme())
        self.center.setCurrentWidget(self.note_pane)
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
        if self._shown is not None and self.history.current is not None:
            scroll = self.note_pane.scroll_position()
            self._render(Location(self._shown.kind, self._shown.key, scroll=scroll))

    def apply_theme(self, theme: str) -> None:
        for name in ("system", "light", "dark"):
            action = self.actions.action(f"theme-{name}")
            action.blockSignals(True)
            action.setChecked(name == theme)
            action.blockSignals(False)
        apply_theme(self, self.effective_theme())
        self.note_pane.set_theme(self.effective_theme())

    def _zoom(self, steps: int) -> None:
        self.note_pane.zoom(steps)
        self.settings.zoom = self.note_pane.zoom_level

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
        QApplication.instance().removeEventFilter(self)
        self.watcher.stop()
        if self._index_thread is not None:
            self._index_thread.requestInterruption()
            self._index_thread.wait()
            self._index_thread = None
        self.background.cancel("render")
        self.background.wait(5000)


def _dropped_path(mime) -> Path | None:
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.is_dir() or path.suffix.lower() in (".md", ".markdown"):
                return path
    return None


def _expand_folders(root: Path, paths: list[str], known: list[str]) -> list[str]:
    """Paths of files to re-read: a changed folder (renamed, deleted) stands for every file
    the index knows under it and every file now in it."""
    from ..core.scan import scan

    files: list[str] = []
    for path in paths:
        if not path.endswith("/"):
            files.append(path)
            continue
        prefix = path
        files.extend(p for p in known if p.startswith(prefix))
        folder = root / path.rstrip("/")
        if folder.is_dir():
            try:
                listing = scan(folder)
            except OSError:
                continue
            files.extend(prefix + e.path for e in listing.notes + listing.attachments)
    return list(dict.fromkeys(files))
