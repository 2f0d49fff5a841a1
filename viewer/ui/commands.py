"""Every command of the window, declared once: id, menu text, menu, shortcuts, handler.

`install_commands` turns this table into QActions (through the ActionRegistry) and builds the
menu bar from it; the command palette and Help > Keyboard Shortcuts read the same registry.
Shortcuts follow Obsidian, QOwnNotes and Trilium where they agree.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMenu

from .actions import ActionRegistry, Command

MENUS = ("File", "Edit", "Go", "View", "Help")
SUBMENUS = {"Theme": "View", "Tree": "View"}

# (command, name of the window method that runs it)
COMMANDS: tuple[tuple[Command, str], ...] = (
    (
        Command(
            "open-vault",
            "&Open Vault…",
            "File",
            ("Ctrl+Shift+O",),
            "Open a folder of markdown notes",
        ),
        "choose_vault",
    ),
    (
        Command("open-sample", "Open &Sample Vault", "File", (), "Open the bundled sample vault"),
        "open_sample_vault",
    ),
    (Command("quit", "&Quit", "File", ("Ctrl+Q",), "Quit Vault Viewer"), "close"),
    (
        Command("find", "&Find in Note…", "Edit", ("Ctrl+F",), "Find text in this note"),
        "find_in_note",
    ),
    (Command("find-next", "Find &Next", "Edit", ("F3",), "Next match in this note"), "find_next"),
    (
        Command(
            "find-previous", "Find &Previous", "Edit", ("Shift+F3",), "Previous match in this note"
        ),
        "find_previous",
    ),
    (
        Command(
            "search", "&Search Vault…", "Edit", ("Ctrl+Shift+F",), "Search the text of every note"
        ),
        "search_vault",
    ),
    (
        Command(
            "quick-switcher", "&Quick Switcher…", "Go", ("Ctrl+O",), "Open a note or topic by name"
        ),
        "quick_switcher",
    ),
    (
        Command(
            "command-palette", "&Command Palette…", "Go", ("Ctrl+P",), "Run any command by name"
        ),
        "command_palette",
    ),
    (Command("back", "&Back", "Go", ("Alt+Left",), "Go back"), "back"),
    (Command("forward", "&Forward", "Go", ("Alt+Right",), "Go forward"), "forward"),
    (
        Command(
            "parent",
            "&Parent Page",
            "Go",
            ("Alt+Up",),
            "Open the folder or channel page of this note",
        ),
        "go_parent",
    ),
    (
        Command("reveal", "&Reveal in Tree", "Go", ("Ctrl+.",), "Show the open note in the tree"),
        "reveal_current",
    ),
    (
        Command("focus-tree", "Focus &Tree", "View", ("Ctrl+1",), "Move focus to the tree"),
        "focus_tree",
    ),
    (
        Command("focus-note", "Focus &Note", "View", ("Ctrl+2",), "Move focus to the note"),
        "focus_note",
    ),
    (
        Command(
            "focus-side",
            "Focus &Backlinks",
            "View",
            ("Ctrl+3",),
            "Move focus to the backlinks panel",
        ),
        "focus_side",
    ),
    (
        Command("next-pane", "Next &Pane", "View", ("F6",), "Tree, note, backlinks in turn"),
        "focus_next_pane",
    ),
    (
        Command(
            "previous-pane",
            "Previous Pa&ne",
            "View",
            ("Shift+F6",),
            "Backlinks, note, tree in turn",
        ),
        "focus_previous_pane",
    ),
    (Command("zoom-in", "Zoom &In", "View", ("Ctrl+=", "Ctrl++"), "Larger text"), "zoom_in"),
    (Command("zoom-out", "Zoom &Out", "View", ("Ctrl+-",), "Smaller text"), "zoom_out"),
    (Command("zoom-reset", "&Reset Zoom", "View", ("Ctrl+0",), "Default text size"), "zoom_reset"),
    (
        Command("tree-folders", "&Folders", "Tree", ("Ctrl+Shift+1",), "Tree of folders and notes"),
        "tree_folders",
    ),
    (
        Command("tree-videos", "&Videos", "Tree", ("Ctrl+Shift+2",), "Channels, episodes, topics"),
        "tree_videos",
    ),
    (
        Command("tree-tags", "&Tags", "Tree", ("Ctrl+Shift+3",), "Notes by nested tag"),
        "tree_tags",
    ),
    (
        Command(
            "player",
            "Timestamp &Player…",
            "View",
            (),
            "Choose how a cited second opens: browser URL or a program",
        ),
        "choose_player",
    ),
    (
        Command("theme-system", "&System Theme", "Theme", (), "Follow the system's light or dark"),
        "theme_system",
    ),
    (Command("theme-light", "&Light Theme", "Theme", (), "Use the light theme"), "theme_light"),
    (Command("theme-dark", "&Dark Theme", "Theme", (), "Use the dark theme"), "theme_dark"),
    (
        Command("shortcuts", "&Keyboard Shortcuts", "Help", ("F1",), "Every command and its keys"),
        "show_shortcuts",
    ),
    (Command("about", "&About Vault Viewer", "Help", (), "Version and credits"), "show_about"),
)

CHECKABLE = {
    "theme-system",
    "theme-light",
    "theme-dark",
    "tree-folders",
    "tree-videos",
    "tree-tags",
}


def install_commands(
    window: QMainWindow, extra: tuple[tuple[Command, str], ...] = ()
) -> ActionRegistry:
    """Create the window's actions and menu bar from COMMANDS (+ `extra`)."""
    registry = ActionRegistry(window)
    for command, method in (*COMMANDS, *extra):
        action = registry.add(command, getattr(window, method))
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
    window.menus = menus  # type: ignore[attr-defined]
    return registry
