"""Every command of the window, declared once: id, menu text, menu, shortcuts, handler.

`install_commands` turns this table into QActions (through the ActionRegistry) and builds the
menu bar from it; the command palette and Help > Keyboard Shortcuts read the same registry.
Shortcuts follow Obsidian, QOwnNotes and Trilium where they agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from .actions import ActionRegistry, Command

MENUS = ("File", "Edit", "Go", "View", "Help")
SUBMENUS = {"Theme": "View", "Tree": "View", "Tabs": "Go"}


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(n, f"{n}th")


# Every command once: its id names its handler in the window's table (see MainWindow).
COMMANDS: tuple[Command, ...] = (
    Command(
        "open-vault", "&Open Vault…", "File", ("Ctrl+Shift+O",), "Open a folder of markdown notes"
    ),
    Command("open-sample", "Open &Sample Vault", "File", (), "Open the bundled sample vault"),
    Command("new-tab", "New &Tab", "File", ("Ctrl+T",), "A new tab: choose its note by name"),
    Command("close-tab", "&Close Tab", "File", ("Ctrl+W",), "Close the tab in front"),
    Command(
        "reopen-tab",
        "Reopen Closed T&ab",
        "File",
        ("Ctrl+Shift+T",),
        "Open the last closed tab again, with its history",
    ),
    Command("print", "&Print…", "File", ("Ctrl+Alt+P",), "Print the page shown"),
    Command(
        "export-pdf",
        "&Export to PDF…",
        "File",
        ("Ctrl+Shift+E",),
        "Save the page shown as a PDF; its timestamps link to the video at that second",
    ),
    Command(
        "outside-links",
        "Follow &Links Out of This Vault…",
        "File",
        (),
        "Read notes and folders that are symlinks to places outside this vault (off by default)",
    ),
    Command("quit", "&Quit", "File", ("Ctrl+Q",), "Quit Vault Viewer"),
    Command("find", "&Find in Note…", "Edit", ("Ctrl+F",), "Find text in this note"),
    Command("find-next", "Find &Next", "Edit", ("F3",), "Next match in this note"),
    Command(
        "find-previous", "Find &Previous", "Edit", ("Shift+F3",), "Previous match in this note"
    ),
    Command("search", "&Search Vault…", "Edit", ("Ctrl+Shift+F",), "Search the text of every note"),
    Command(
        "quick-switcher", "&Quick Switcher…", "Go", ("Ctrl+O",), "Open a note or topic by name"
    ),
    Command("command-palette", "&Command Palette…", "Go", ("Ctrl+P",), "Run any command by name"),
    Command("back", "&Back", "Go", ("Alt+Left",), "Go back"),
    Command("forward", "&Forward", "Go", ("Alt+Right",), "Go forward"),
    Command("next-tab", "Ne&xt Tab", "Go", ("Ctrl+Tab", "Ctrl+PgDown"), "The tab to the right"),
    Command(
        "previous-tab",
        "Previous Ta&b",
        "Go",
        ("Ctrl+Shift+Tab", "Ctrl+PgUp"),
        "The tab to the left",
    ),
    *(
        Command(
            f"tab-{n}",
            f"Tab &{n}" if n < 9 else "&Last Tab",
            "Tabs",
            (f"Alt+{n}",),
            f"The {_ordinal(n)} tab" if n < 9 else "The last tab",
        )
        for n in range(1, 10)
    ),
    Command(
        "parent", "&Parent Page", "Go", ("Alt+Up",), "Open the folder or channel page of this note"
    ),
    Command("reveal", "&Reveal in Tree", "Go", ("Ctrl+.",), "Show the open note in the tree"),
    Command(
        "bookmark",
        "Bookmark &This Page",
        "Go",
        ("Ctrl+D",),
        "Bookmark the page shown (from the search panel: the search); again to remove it",
    ),
    Command(
        "bookmark-heading",
        "Bookmark &Heading",
        "Go",
        ("Ctrl+Shift+D",),
        "Bookmark the heading the note is scrolled to",
    ),
    Command("bookmarks", "Boo&kmarks", "Go", ("Ctrl+Shift+B",), "Show the bookmarks list"),
    Command("random-note", "Ra&ndom Note", "Go", ("Ctrl+Shift+R",), "Open a note chosen at random"),
    Command(
        "changes",
        "What &Changed",
        "Go",
        ("Ctrl+Shift+C",),
        "Notes added, changed and removed since you last read",
    ),
    Command(
        "mark-all-read",
        "&Mark All Read",
        "Go",
        (),
        "The vault as it is now counts as read: the changes list empties",
    ),
    Command(
        "split-right",
        "&Split Right",
        "View",
        ("Ctrl+\\",),
        "Two tab groups side by side; the new one shows this page",
    ),
    Command(
        "local-graph", "Local &Graph", "View", ("Ctrl+G",), "The links of this page as a graph"
    ),
    Command(
        "graph-depth",
        "Graph: T&wo Steps",
        "View",
        (),
        "The local graph also shows the neighbours of the neighbours",
    ),
    Command("focus-tree", "Focus &Tree", "View", ("Ctrl+1",), "Move focus to the tree"),
    Command("focus-note", "Focus &Note", "View", ("Ctrl+2",), "Move focus to the note"),
    Command(
        "focus-side", "Focus &Backlinks", "View", ("Ctrl+3",), "Move focus to the backlinks panel"
    ),
    Command(
        "focus-outline",
        "Focus O&utline",
        "View",
        ("Ctrl+Shift+H",),
        "Move focus to the outline: the note's headings, an episode's topics",
    ),
    Command(
        "focus-outgoing",
        "Focus Outgoin&g Links",
        "View",
        (),
        "Move focus to the outgoing links: where this note leads, and names it leaves unlinked",
    ),
    Command(
        "preview-link",
        "Pre&view Link",
        "View",
        ("Ctrl+Shift+Space",),
        "Preview the focused link or row without opening it; again to pin the preview",
    ),
    Command("next-pane", "Next &Pane", "View", ("F6",), "Tree, note, backlinks in turn"),
    Command(
        "previous-pane", "Previous Pa&ne", "View", ("Shift+F6",), "Backlinks, note, tree in turn"
    ),
    Command("zoom-in", "Zoom &In", "View", ("Ctrl+=", "Ctrl++"), "Larger text"),
    Command("zoom-out", "Zoom &Out", "View", ("Ctrl+-",), "Smaller text"),
    Command("zoom-reset", "&Reset Zoom", "View", ("Ctrl+0",), "Default text size"),
    Command("tree-folders", "&Folders", "Tree", ("Ctrl+Shift+1",), "Tree of folders and notes"),
    Command("tree-videos", "&Videos", "Tree", ("Ctrl+Shift+2",), "Channels, episodes, topics"),
    Command("tree-tags", "&Tags", "Tree", ("Ctrl+Shift+3",), "Notes by nested tag"),
    Command(
        "play-all",
        "Play &All Citations",
        "View",
        ("Ctrl+Shift+L",),
        "Every cited moment of this note, topic or episode, one after another in mpv or VLC",
    ),
    Command(
        "player",
        "Timestamp &Player…",
        "View",
        (),
        "Choose how a cited second opens: browser URL or a program",
    ),
    Command("theme-system", "&System Theme", "Theme", (), "Follow the system's light or dark"),
    Command("theme-light", "&Light Theme", "Theme", (), "Use the light theme"),
    Command("theme-dark", "&Dark Theme", "Theme", (), "Use the dark theme"),
    Command("shortcuts", "&Keyboard Shortcuts", "Help", ("F1",), "Every command and its keys"),
    Command("about", "&About Vault Viewer", "Help", (), "Version and credits"),
)

CHECKABLE = {
    "bookmark",
    "outside-links",
    "graph-depth",
    "theme-system",
    "theme-light",
    "theme-dark",
    "tree-folders",
    "tree-videos",
    "tree-tags",
}


def install_commands(
    window: QMainWindow, handlers: Mapping[str, Callable[[], object]]
) -> tuple[ActionRegistry, dict[str, QMenu]]:
    """Create the window's actions from COMMANDS, each running `handlers[command.id]`, and
    the menu bar from them; returns the registry and the menus by name."""
    missing = {command.id for command in COMMANDS} - set(handlers)
    if missing:
        raise KeyError(f"commands without a handler: {sorted(missing)}")
    registry = ActionRegistry(window)
    for command in COMMANDS:
        action = registry.add(command, handlers[command.id])
        if command.id in CHECKABLE:
            action.setCheckable(True)
    bar = window.menuBar()
    menus: dict[str, QMenu] = {}
    for name in MENUS:
        menus[name] = bar.addMenu(f"&{name}")
    for name, parent in SUBMENUS.items():
        if registry.in_menu(name):
            menus[name] = menus[parent].addMenu(f"&{name}")
    for command, action in registry:
        menu = menus.get(command.menu)
        if menu is None:
            continue
        if command.id == "quit":
            menu.addSeparator()
        menu.addAction(action)
    return registry, menus


def navigation_toolbar(window: QMainWindow, registry: ActionRegistry) -> QToolBar:
    """The toolbar's back and forward buttons: the registry's own actions (their arrows are
    drawn in the theme's colours: `ui.theme.navigation_icons`), disabled until there is
    somewhere to go."""
    toolbar = QToolBar("Navigation", window)
    toolbar.setObjectName("navigationToolbar")
    toolbar.setMovable(False)
    for name in ("back", "forward"):
        action = registry.action(name)
        action.setEnabled(False)
        toolbar.addAction(action)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return toolbar


class ChoiceMenu(QMenu):
    """A submenu of entries read afresh each time it opens (recent vaults, recent notes);
    `entries()` gives (text, value) pairs; emits `chosen(value)`."""

    chosen = Signal(str)

    def __init__(
        self,
        title: str,
        object_name: str,
        entries: Callable[[], list[tuple[str, str]]],
        empty: str,
        parent: QWidget,
    ) -> None:
        super().__init__(title, parent)
        self.setObjectName(object_name)
        self._entries, self._empty = entries, empty
        self.aboutToShow.connect(self._fill)

    def _fill(self) -> None:
        self.clear()
        entries = self._entries()
        for text, value in entries:
            action = self.addAction(text)
            action.triggered.connect(lambda _checked=False, v=value: self.chosen.emit(v))
        if not entries:
            self.addAction(self._empty).setEnabled(False)


class RecentVaultsMenu(ChoiceMenu):
    """File › Recent Vaults, filled from the settings each time it opens; emits `chosen(path)`."""

    def __init__(self, recent: Callable[[], list[str]], parent: QMainWindow) -> None:
        super().__init__(
            "Recent &Vaults",
            "recentVaultsMenu",
            lambda: [(path, path) for path in recent()],
            "No recent vaults",
            parent,
        )
