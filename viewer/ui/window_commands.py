"""Handlers of the window's commands that are not navigation (a window mixin): focus,
find, search, zoom, theme, help."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from .. import APP_NAME, __version__
from ..locations import sample_vault
from .player import PlayerDialog, save_player
from .shortcuts_dialog import ShortcutsDialog
from .tree_mode import FOLDERS, TAGS, VIDEOS

THEMES = ("system", "light", "dark")


class CommandsMixin:
    # -- files ---------------------------------------------------------------------------------

    def open_sample_vault(self) -> None:
        self.open_vault(sample_vault())

    # -- focus ---------------------------------------------------------------------------------

    def _panes(self) -> list[QWidget]:
        left = self.left_tabs.currentWidget()
        left_focus = self.search_panel.query if left is self.search_panel else self.tree_panel.view
        side = self.side_tabs.currentWidget()
        side_focus = getattr(side, "tree", None) or getattr(side, "list", None) or side
        return [left_focus, self.note_pane, side_focus]

    def _focus(self, widget: QWidget) -> None:
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_tree(self) -> None:
        self.left_tabs.setCurrentWidget(self.notes_tab)
        self._focus(self.tree_panel.view)

    def focus_note(self) -> None:
        self._focus(self.note_pane)

    def focus_side(self) -> None:
        self._focus(self._panes()[2])

    def _cycle(self, step: int) -> None:
        panes = self._panes()
        focused = QGuiApplication.focusObject()
        current = (
            next(
                (
                    i
                    for i, pane in enumerate(panes)
                    if focused is pane or pane.isAncestorOf(focused)
                ),
                None,
            )
            if isinstance(focused, QWidget)
            else None
        )
        target = 0 if current is None else (current + step) % len(panes)
        self._focus(panes[target])

    def focus_next_pane(self) -> None:
        self._cycle(1)

    def focus_previous_pane(self) -> None:
        self._cycle(-1)

    # -- find and search -------------------------------------------------------------------------

    def find_in_note(self) -> None:
        self.find_bar.open_bar()

    def find_next(self) -> None:
        self.find_bar.next()

    def find_previous(self) -> None:
        self.find_bar.previous()

    def search_vault(self) -> None:
        self.left_tabs.setCurrentWidget(self.search_panel)
        self.search_panel.focus_query()

    def quick_switcher(self) -> None:
        self.finder.open_switcher()

    def command_palette(self) -> None:
        self.finder.open_palette()

    # -- view ----------------------------------------------------------------------------------

    def _zoom(self, steps: int) -> None:
        self.note_pane.zoom(steps)
        self.settings.zoom = self.note_pane.zoom_level

    def zoom_in(self) -> None:
        self._zoom(1)

    def zoom_out(self) -> None:
        self._zoom(-1)

    def zoom_reset(self) -> None:
        self._zoom(0)

    def tree_folders(self) -> None:
        self.tree_mode.set_mode(FOLDERS)

    def tree_videos(self) -> None:
        self.tree_mode.set_mode(VIDEOS)

    def tree_tags(self) -> None:
        self.tree_mode.set_mode(TAGS)

    def choose_player(self) -> None:
        dialog = PlayerDialog(self.player, self)
        if dialog.exec():
            self.player = dialog.config()
            save_player(self.settings, self.player)

    def theme_system(self) -> None:
        self.set_theme("system")

    def theme_light(self) -> None:
        self.set_theme("light")

    def theme_dark(self) -> None:
        self.set_theme("dark")

    # -- help ----------------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.actions, self).exec()

    def show_about(self) -> None:
        self.show_message(
            f"{APP_NAME} {__version__}",
            "A fast, native viewer for linked markdown vaults. It reads your notes and never "
            "changes them; its caches and settings live in your user folders.",
        )
