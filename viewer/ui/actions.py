"""One registry of commands: every command is a named QAction with its shortcuts.

Menus, the command palette and Help > Keyboard Shortcuts are all built from this registry, so
a command and its shortcut are written down exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True, slots=True)
class Command:
    id: str
    text: str  # menu text, with & for the mnemonic
    menu: str  # the menu it belongs to ("File", "Go", "View", "Help", ...), "" for none
    shortcuts: tuple[str, ...] = ()
    tip: str = ""

    @property
    def label(self) -> str:
        """Menu text without the mnemonic marker, as the palette shows it."""
        return self.text.replace("&&", "\0").replace("&", "").replace("\0", "&")


class ActionRegistry:
    """Create actions on `owner` (so their shortcuts work anywhere in the window)."""

    def __init__(self, owner: QWidget) -> None:
        self._owner = owner
        self._commands: dict[str, Command] = {}
        self._actions: dict[str, QAction] = {}

    def add(
        self,
        command: Command,
        triggered: Callable[[], object],
        *,
        checkable: bool = False,
    ) -> QAction:
        if command.id in self._commands:
            raise ValueError(f"command {command.id!r} registered twice")
        action = QAction(command.text, self._owner)
        action.setObjectName(f"action-{command.id}")
        if command.shortcuts:
            action.setShortcuts([QKeySequence(s) for s in command.shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if command.tip:
            action.setStatusTip(command.tip)
            action.setToolTip(
                f"{command.label} ({command.shortcuts[0]})" if command.shortcuts else command.label
            )
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(lambda _checked: triggered())
        else:
            action.triggered.connect(lambda _checked=False: triggered())
        self._owner.addAction(action)
        self._commands[command.id] = command
        self._actions[command.id] = action
        return action

    def check_one(self, command_ids: Iterable[str], chosen: str) -> None:
        """Show `chosen` as the checked one of a group of checkable commands, without running
        any of them (they run on toggle)."""
        for command_id in command_ids:
            action = self._actions[command_id]
            action.blockSignals(True)
            action.setChecked(command_id == chosen)
            action.blockSignals(False)

    def action(self, command_id: str) -> QAction:
        return self._actions[command_id]

    def command(self, command_id: str) -> Command:
        return self._commands[command_id]

    def __iter__(self) -> Iterator[tuple[Command, QAction]]:
        for command_id, command in self._commands.items():
            yield command, self._actions[command_id]

    def in_menu(self, menu: str) -> list[tuple[Command, QAction]]:
        return [(c, a) for c, a in self if c.menu == menu]

    def shortcut_table(self) -> list[tuple[str, str, str]]:
        """(menu, command, shortcuts) for every command that has a shortcut."""
        rows = []
        for command, action in self:
            keys = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()]
            if keys:
                rows.append((command.menu, command.label, ", ".join(keys)))
        return rows
