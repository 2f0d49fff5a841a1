"""The left pane: a filter field above the topic tree."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from ..core.tree import FOLDER, SECTION, NodeIndex, TreeNode, filter_tree, node_index
from ..session.location import NEW_TAB
from .history_buttons import let_through
from .interpreter import gui_first
from .placement import placement
from .row_pointer import PointerRows
from .tree_delegate import CountDelegate
from .tree_model import TreeModel

FILTER_DELAY_MS = 120
EXPAND_ALL_LIMIT = 400  # a filtered tree with more matches expands one level only


class TreeView(PointerRows, QTreeView):
    """Lets the mouse's history buttons through, reports a middle-click on a row and the row
    the pointer rests on (with a modifier, it previews)."""

    middleClicked = Signal(QModelIndex)
    rowUnderPointer = Signal(QModelIndex, object)  # invalid off the rows; modifiers held

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.track_pointer()

    @gui_first()  # each row painted asks the model and the delegate, in Python
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not let_through(event):
            super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton:
            index = self.indexAt(event.position().toPoint())
            if index.isValid():
                self.middleClicked.emit(index)
                return
        super().mouseReleaseEvent(event)


class FilterField(QLineEdit):
    """The filter: Esc clears it (and, when already empty, goes on to the window); Down goes
    into the tree (`downPressed`)."""

    downPressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if event.key() == Qt.Key.Key_Down:
            self.downPressed.emit()
            return
        super().keyPressEvent(event)


class TreePanel(QWidget):
    """Emits `activated(TreeNode, placement)` when a row is chosen by click, Enter or
    double-click (a new tab with Ctrl, or a middle-click: see `ui.placement`)."""

    activated = Signal(object, str)

    def __init__(self, icons=None, parent=None) -> None:
        super().__init__(parent)
        self._full = TreeNode(label="", kind=FOLDER, key="")
        self._first: TreeNode | None = None  # the filter's first match
        self.filter = FilterField(self)
        self.filter.setObjectName("topicFilter")
        self.filter.setPlaceholderText("Filter notes and topics")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter the topic tree")
        self.model = TreeModel(icons, self)
        self.view = TreeView(self)
        self.view.setObjectName("topicTree")
        self.view.setAccessibleName("Topic tree")
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)  # lets Qt skip measuring 20,000 rows
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setExpandsOnDoubleClick(False)
        self.view.setAnimated(False)
        self.view.setIndentation(14)
        self.view.setItemDelegate(CountDelegate(self.view))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.setSpacing(6)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(self._timer.start)
        self.filter.returnPressed.connect(self._open_first_match)
        self.filter.downPressed.connect(self._enter_tree)
        self.view.activated.connect(self._on_activated)
        self.view.clicked.connect(self._on_activated)
        self.view.middleClicked.connect(lambda index: self._on_activated(index, NEW_TAB))

    # -- content -----------------------------------------------------------------------------

    def set_root(self, root: TreeNode) -> None:
        """Show a new tree, keeping what was expanded and selected where it still exists."""
        expanded = self._expanded_keys()
        selected = self.current_node()
        selected_key = (selected.kind, selected.key) if selected else None
        self._full = root
        self._apply_filter(expanded)
        if selected_key:
            node = self._index().node_for_key(*selected_key)
            if node is not None:
                self._select(node)

    def clear_filter(self) -> None:
        """Show the whole tree again at once (no debounce)."""
        self._timer.stop()
        self.filter.clear()
        self._apply_filter()

    def full_root(self) -> TreeNode:
        return self._full

    def current_node(self) -> TreeNode | None:
        index = self.view.currentIndex()
        return self.model.node(index) if index.isValid() else None

    def reveal(self, note_path: str) -> bool:
        """Select and scroll to the node that opens `note_path`; False (and no row selected)
        if the tree has none or the filter hides it."""
        return self._select_or_clear(self._index().node_for_note(note_path))

    def reveal_key(self, kind: str, key: str) -> bool:
        return self._select_or_clear(self._index().node_for_key(kind, key))

    def _select_or_clear(self, node: TreeNode | None) -> bool:
        """Select `node`; without one, no row stays selected (a row left from the page before
        would claim to be the page shown)."""
        if node is None:
            self.view.selectionModel().clear()
            return False
        self._select(node)
        return True

    def _index(self) -> NodeIndex:
        """The shown tree's node index (a full tree's is made with it, in the worker)."""
        return node_index(self.model.root())

    @gui_first()  # Qt asks the model about every row of each folder it opens
    def _select(self, node: TreeNode) -> None:
        """Make `node` current, expanded down to and shown with its parent row (a note among
        an episode's forty shows under which episode it is) when both fit."""
        for ancestor in reversed(list(node.ancestors())):
            index = self.model.index_of(ancestor)
            if index.isValid():
                self.view.expand(index)
        index = self.model.index_of(node)
        self.view.setCurrentIndex(index)
        if index.parent().isValid():
            self.view.scrollTo(index.parent(), QAbstractItemView.ScrollHint.EnsureVisible)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    # -- filtering ---------------------------------------------------------------------------

    def _expanded_keys(self) -> set[tuple[str, str]]:
        """(kind, key) of every expanded row, under collapsed rows too. Only rows with rows
        in them can be expanded: the walk goes down those alone (a note's row among 21,000
        is looked at, not visited)."""
        keys = set()
        stack = [self.model.root()]
        while stack:
            for child in stack.pop().children:
                if child.children:
                    stack.append(child)
                    if self.view.isExpanded(self.model.index_of(child)):
                        keys.add((child.kind, child.key))
        return keys

    @gui_first()  # Qt asks the model about every row of each folder it opens
    def _apply_filter(self, expanded: set[tuple[str, str]] | None = None) -> None:
        self._timer.stop()
        query = self.filter.text().strip()
        self._first = None
        if not query:
            keep = self._expanded_keys() if expanded is None else expanded
            filtering = self.model.root() is not self._full
            self.model.set_root(self._full)
            self._restore_expanded(keep)
            current = self.view.currentIndex()
            if filtering and current.isValid():  # back from a filter: where the reader was
                self.view.scrollTo(current, QAbstractItemView.ScrollHint.PositionAtCenter)
            return
        filtered = filter_tree(self._full, query)
        self._first = filtered.first
        self.model.set_root(filtered.root)
        if filtered.matches <= EXPAND_ALL_LIMIT:
            self.view.expandAll()
        else:
            for child in filtered.root.children:
                self.view.expand(self.model.index_of(child))
        if filtered.first is not None:
            # Only its folders come before the first match: from the top, it is in view.
            for ancestor in filtered.first.ancestors():
                self.view.expand(self.model.index_of(ancestor))
            self.view.scrollToTop()
            self.view.scrollTo(self.model.index_of(filtered.first))

    def _restore_expanded(self, keys: set[tuple[str, str]]) -> None:
        """Expand the rows of `keys` that the tree shown has (looked up, not walked to),
        parents first."""
        index = self._index()
        nodes = [index.node_for_key(kind, key) for kind, key in keys]
        found = [node for node in nodes if node is not None and node.children]
        for node in sorted(found, key=lambda node: sum(1 for _ in node.ancestors())):
            self.view.expand(self.model.index_of(node))

    def _opens_page(self, node: TreeNode) -> bool:
        return (
            node.parent is not None
            and node.kind != SECTION
            and (node.kind != FOLDER or bool(node.note))
        )

    def _first_page(self) -> TreeNode | None:
        """The filter's first match when it opens a page, else the first row that does."""
        if self._timer.isActive():  # typed and pressed a key at once: filter first
            self._apply_filter()
        if self._first is not None and self._opens_page(self._first):
            return self._first
        return next((n for n in self.model.root().walk() if self._opens_page(n)), None)

    def _open_first_match(self) -> None:
        node = self._first_page()
        if node is not None:
            self._select(node)
            self.activated.emit(node, placement())
            self.view.setFocus()

    def _enter_tree(self) -> None:
        """Down in the filter: into the tree, at the first match (else where it was)."""
        if self._timer.isActive():
            self._apply_filter()
        node = self._first
        if node is None and not self.view.currentIndex().isValid():
            node = self._first_page()
        if node is not None:
            self._select(node)
        self.view.setFocus(Qt.FocusReason.TabFocusReason)

    @gui_first()  # Qt asks the model about every row of each folder it opens
    def _on_activated(self, index: QModelIndex, where: str | None = None) -> None:
        node = self.model.node(index)
        if node.kind == SECTION:
            self.view.setExpanded(index, not self.view.isExpanded(index))
            return
        if node.kind == FOLDER and not node.note:
            self.view.setExpanded(index, not self.view.isExpanded(index))
            return
        if node.children and not self.view.isExpanded(index):
            self.view.expand(index)
        self.activated.emit(node, where or placement())
