"""A QAbstractItemModel over the core's TreeNode structure, without copying it.

Qt asks for rows lazily (only expanded folders are ever visited), so a 21,000-note vault costs
no widgets and no per-row Qt objects; each index points at its TreeNode.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractEventDispatcher,
    QAbstractItemModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QIcon

from ..core.tree import CHANNEL, EPISODE, FOLDER, NOTE, SECTION, TAG, TOPIC, TreeNode
from ..core.wording import plural

NodeRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2
KeyRole = Qt.ItemDataRole.UserRole + 3
NoteRole = Qt.ItemDataRole.UserRole + 4
LabelRole = Qt.ItemDataRole.UserRole + 5  # the name alone (the display text adds the count)
CountRole = Qt.ItemDataRole.UserRole + 6  # the count drawn beside the name, "" for none

# Plain ints, compared per row and role while painting (an enum member is a slower lookup).
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)

_Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()  # the invalid index Qt passes for "top level"


_SERVED_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.AccessibleTextRole,
        NodeRole,
        KindRole,
        KeyRole,
        NoteRole,
        LabelRole,
        CountRole,
    )
)


class TreeModel(QAbstractItemModel):
    """Read-only tree of notes, folders, topics and other navigation nodes."""

    def __init__(self, icons: dict[str, QIcon] | None = None, parent=None) -> None:
        super().__init__(parent)
        self._root = TreeNode(label="", kind=FOLDER, key="")
        self._icons = icons or {}
        self._section_font = QFont()
        self._section_font.setBold(True)
        # A replaced tree is freed in the event loop's next turn, after the new one painted:
        # freeing 100,000 rows takes the GUI thread about 30 ms.
        self._retired: list[TreeNode] = []
        self._free_retired = QTimer(self)
        self._free_retired.setSingleShot(True)
        self._free_retired.setInterval(0)
        self._free_retired.timeout.connect(self._retired.clear)

    # -- structure ---------------------------------------------------------------------------

    def set_icons(self, icons: dict[str, QIcon]) -> None:
        self._icons = icons
        if self._root.children:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._root.children) - 1, 0),
                [Qt.ItemDataRole.DecorationRole],
            )

    def set_root(self, root: TreeNode) -> None:
        self.beginResetModel()
        retired, self._root = self._root, root
        self.endResetModel()
        # (Without an event loop, as in a script, it is freed here.)
        if retired is not root and QAbstractEventDispatcher.instance(self.thread()) is not None:
            self._retired.append(retired)
            self._free_retired.start()

    def root(self) -> TreeNode:
        return self._root

    def node(self, index: _Index) -> TreeNode:
        if index.isValid():
            node = index.internalPointer()
            if isinstance(node, TreeNode):
                return node
        return self._root

    def index_of(self, node: TreeNode) -> QModelIndex:
        if node is self._root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    # -- QAbstractItemModel ------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = _NO_PARENT) -> QModelIndex:
        # Qt asks once for each row of a folder it opens (6,000 for the largest folder of
        # 100,000 notes): the parent's node is read inline, not through `node` (46 -> 31 ms).
        node = parent.internalPointer() if parent.isValid() else self._root
        children = node.children if isinstance(node, TreeNode) else ()
        if 0 <= row < len(children) and column == 0:
            return self.createIndex(row, 0, children[row])
        return QModelIndex()

    def parent(self, index: _Index = _NO_PARENT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self.node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: _Index = _NO_PARENT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: _Index = _NO_PARENT) -> int:
        return 1

    # Qt asks these for every row it lays out (expanding a folder of 6,000 notes asks 6,000
    # times each, and each call waits its turn for the interpreter while a worker runs): one
    # column only, so no column checks. `flags` is left to the C++ base class, which answers
    # "enabled, selectable" for every valid index, as a Python override would (it was half
    # of those calls).

    def hasChildren(self, parent: _Index = _NO_PARENT) -> bool:
        if not parent.isValid():
            return bool(self._root.children)
        node = parent.internalPointer()
        return bool(node.children) if isinstance(node, TreeNode) else False

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask roles no row has (alignment, colours, check state, size): those are
        # answered before any other work.
        if role not in _SERVED_ROLES or not index.isValid():
            return None
        return self._value(self.node(index), role)

    def multiData(self, index: _Index, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        """Qt 6 asks the roles a row paints with in one call (the delegate's
        `initStyleOption`): one call into Python per row instead of seven, each of which
        waited its turn for the interpreter while a worker ran (the tree's repaint was most
        of a note switch's stall on 100,000 notes)."""
        node = self.node(index) if index.isValid() else None
        # The span is indexable at run time; its type stubs do not say so.
        slots = cast(Sequence[QModelRoleData], roleDataSpan)
        for position in range(len(slots)):
            slot = slots[position]
            role = slot.role()
            value = None
            if node is not None and role in _SERVED_ROLES:
                value = self._value(node, role)
            if value is None:
                slot.clearData()
            else:
                slot.setData(value)

    def _value(self, node: TreeNode, role: int) -> Any:
        """What the row of `node` shows for `role` (None for nothing)."""
        if role == _DISPLAY:
            if node.kind == SECTION:
                return f"{node.label} ({node.count})"
            if _counted(node):
                return f"{node.label}  ·  {node.count}"
            return node.label
        if role == LabelRole:
            return node.label
        if role == CountRole:
            return count_text(node)
        if role == _TOOLTIP:
            return _tooltip(node)
        if role == _DECORATION:
            kind = node.kind
            if kind == FOLDER and node.note:
                kind = "folder-note"
            return self._icons.get(kind)
        if role == _FONT and node.kind == SECTION:
            return self._section_font
        if role == _ACCESSIBLE:
            return _tooltip(node)
        if role == NodeRole:
            return node
        if role == KindRole:
            return node.kind
        if role == KeyRole:
            return node.key
        if role == NoteRole:
            return node.note
        return None


def count_text(node: TreeNode) -> str:
    """The count drawn beside the row's name ("" for a row without one)."""
    return f"{node.count:,}" if _counted(node) or node.kind == SECTION else ""


def _counted(node: TreeNode) -> bool:
    """Whether the row shows a count: a topic's mentions, a folder's, channel's, episode's
    or tag's notes."""
    return node.kind == TOPIC or bool(node.count and node.kind != NOTE)


def _tooltip(node: TreeNode) -> str:
    if node.kind == TOPIC:
        times = "once" if node.count == 1 else f"{node.count:,} times"
        return f"{node.label}: no note; mentioned {times}"
    if node.kind == SECTION:
        return f"{node.label}: {node.count}"
    if node.kind == FOLDER:
        page = f" (page: {node.note})" if node.note else ""
        return f"{node.key or 'Vault'}{page}"
    if node.kind == EPISODE:  # the key is only a video id: say what the episode is
        return f"{node.label}\n{plural(node.count, 'topic note')} · video {node.key}"
    if node.kind == CHANNEL:
        page = f" (page: {node.note})" if node.note else ""
        return f"{node.key or node.label}: {plural(node.count, 'episode')}{page}"
    if node.kind == TAG:
        return f"#{node.key}: {plural(node.count, 'note')}"
    return node.key
