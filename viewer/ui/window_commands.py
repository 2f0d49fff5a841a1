"""What each command of the registry (`ui.commands`) does in a window.

The window declares no command logic of its own: this module maps every command id to a call
on one of the window's collaborators (the reader area, the finder, the focus ring, the link
actions, the workspace and reading-aid panels), so the window class stays a composition.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import APP_NAME, __version__
from ..session.location import WELCOME_PAGE, Location
from ..session.trees import FOLDERS, TAGS, VIDEOS
from .shortcuts_dialog import ShortcutsDialog

if TYPE_CHECKING:
    from .main_window import MainWindow

ABOUT = (
    "A fast, native viewer for linked markdown vaults. It reads your notes and never changes "
    "them; its caches and settings live in your user folders."
)


def show_outside_links_setting(window: MainWindow) -> None:
    """Tick File > Follow Links Out of This Vault as the open vault is set."""
    session = window.session
    action = window.commands.action("outside-links")
    action.blockSignals(True)
    action.setChecked(session is not None and session.allow_outside)
    action.blockSignals(False)


def command_handlers(window: MainWindow) -> dict[str, Callable[[], object]]:
    """{command id: what it does} for `window` (looked up when the command runs, so the
    active tab at that moment is the one acted on)."""
    area, focus = window.area, window.focus

    def new_tab() -> None:
        """A new tab in front, and the quick switcher to choose what it shows (Ctrl+T)."""
        area.activate(area.new_tab(Location(WELCOME_PAGE)))
        window.finder.open_switcher()

    def reveal() -> None:
        window.left_tabs.setCurrentWidget(window.tree_area)
        if window.routes.reveal():
            window.tree_panel.view.setFocus()

    def zoom(steps: int) -> None:
        pane = window.note_pane
        pane.zoom(steps)
        level = window.settings.zoom = pane.zoom_level
        for reader in area.readers():
            reader.pane.zoom_to(level)

    def outside_links() -> None:
        """The menu item's tick follows the open vault's setting, whatever the reader chose
        in the warning."""
        action = window.commands.action("outside-links")
        window.vaults.follow_outside_links(action.isChecked())
        show_outside_links_setting(window)

    handlers: dict[str, Callable[[], object]] = {
        "open-vault": window.choose_vault,
        "open-sample": window.open_sample_vault,
        "new-tab": new_tab,
        "close-tab": lambda: area.close_tab(),
        "reopen-tab": lambda: area.reopen_closed(),
        "outside-links": outside_links,
        "quit": window.close,
        "find": lambda: window.find_bar.open_bar(),
        "find-next": lambda: window.find_bar.next(),
        "find-previous": lambda: window.find_bar.previous(),
        "search": window.search_vault,
        "quick-switcher": lambda: window.finder.open_switcher(),
        "command-palette": lambda: window.finder.open_palette(),
        "back": lambda: window.navigator.back(),
        "forward": lambda: window.navigator.forward(),
        "parent": lambda: window.routes.go_parent(),
        "reveal": reveal,
        "next-tab": lambda: area.cycle(1),
        "previous-tab": lambda: area.cycle(-1),
        "split-right": lambda: area.split(),
        "focus-tree": window.focus_tree,
        "focus-note": lambda: focus.focus_widget(window.note_pane),
        "focus-side": lambda: focus.focus_widget(window.side_tabs.focus_target()),
        "next-pane": lambda: focus.cycle(1),
        "previous-pane": lambda: focus.cycle(-1),
        "zoom-in": lambda: zoom(1),
        "zoom-out": lambda: zoom(-1),
        "zoom-reset": lambda: zoom(0),
        "tree-folders": lambda: window.tree_area.set_mode(FOLDERS),
        "tree-videos": lambda: window.tree_area.set_mode(VIDEOS),
        "tree-tags": lambda: window.tree_area.set_mode(TAGS),
        "player": window.links.choose_player,
        "play-all": lambda: window.links.play_all(window.shown),
        "theme-system": lambda: window.set_theme("system"),
        "theme-light": lambda: window.set_theme("light"),
        "theme-dark": lambda: window.set_theme("dark"),
        "shortcuts": lambda: ShortcutsDialog(window.commands, window).exec(),
        "about": lambda: window.show_message(f"{APP_NAME} {__version__}", ABOUT),
        **window.aids.handlers(),
        **window.workspace.handlers(),
    }
    for number in range(1, 10):
        handlers[f"tab-{number}"] = functools.partial(area.go_to, number)
    return handlers
