"""The local graph in a view: the neighbourhood that `core.graph` selects and
`core.graph_layout` places, both in a worker, drawn by `graph_scene`.

The view pans by dragging and zooms with the wheel around the pointer (nodes and labels keep
their size: zoom spreads the graph out), and shows the labels that fit without overlapping.
The keyboard moves to the nearest node in the arrow's direction and Enter opens it
(Ctrl+Enter in a new tab). Hovering a node shows its title and emits `nodeHovered`, the hook
for a preview popup.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from ..core.graph import GraphNode
from .graph_scene import GraphItems, GraphPicture, draw_graph, edges_of, nearest, radius
from .placement import placement
from .theme import chrome, widget_theme

ZOOM_STEP = 1.2
MIN_SCALE, MAX_SCALE, FIT_MAX_SCALE = 0.1, 8.0, 3.0
FIT_MARGIN_X, FIT_MARGIN_Y = 24, 24  # room for the labels of nodes at the edges (pixels)
HIT_PIXELS = 7  # a click this close to a node (on screen) hits it


class LocalGraphView(QGraphicsView):
    """Signals: `nodeActivated(kind, key, placement)` (click, Enter), `nodeHovered(kind, key,
    global position)` ('' kind and key when the pointer leaves the nodes: a preview popup
    follows this), `currentChanged(index)` as the keyboard moves."""

    nodeActivated = Signal(str, object, str)  # kind, key (a path: object keeps surrogates), where
    nodeHovered = Signal(str, str, QPoint)
    currentChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("localGraph")
        self.setAccessibleName("Local graph")
        self.setAccessibleDescription(
            "Arrows move between nodes, Enter opens, Ctrl+Enter opens in a new tab"
        )
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.picture: GraphPicture | None = None
        self.current = 0
        self._theme = "light"
        self._items: GraphItems | None = None
        self._hovered: int | None = None
        self._pressed: tuple[int | None, QPoint] | None = None
        self._fitted = True  # follows the widget's size until the reader zooms or pans
        self._message: QGraphicsSimpleTextItem | None = None

    # -- content -------------------------------------------------------------------------------

    @property
    def theme(self) -> str:
        """The theme the graph is drawn in ("light" or "dark"), from the palette."""
        return self._theme

    @property
    def graph_items(self) -> GraphItems | None:
        """The scene items of the graph shown (None without one)."""
        return self._items

    @property
    def nodes(self) -> tuple[GraphNode, ...]:
        return self.picture.graph.nodes if self.picture is not None else ()

    def show_picture(self, picture: GraphPicture) -> None:
        """Draw a graph; the same centre again (the vault changed) keeps zoom and the node
        the keyboard was on."""
        previous = self.nodes[self.current] if self.picture is not None else None
        same_centre = previous is not None and picture.graph.center == self.nodes[0]
        self.picture = picture
        self.current = 0
        if same_centre and previous is not None:
            index = picture.graph.index_of(previous.kind, previous.key)
            self.current = index if index is not None else 0
        else:
            self._fitted = True
        self._hovered = None
        self._draw()

    def show_message(self, text: str) -> None:
        """An empty graph with a line of text (no page, a page without a graph)."""
        self.picture = None
        self.current = 0
        self._hovered = None
        self._draw()
        message = self.scene().addSimpleText(text)
        message.setBrush(QColor(chrome(self._theme).muted))
        self._message = message
        self.setSceneRect(message.boundingRect().adjusted(-20, -20, 20, 20))
        self.resetTransform()
        self.centerOn(message)

    def _draw(self) -> None:
        scene = self.scene()
        scene.clear()
        self._items = self._message = None
        self._theme = widget_theme(self)
        if self.picture is None:
            return
        self._items = draw_graph(scene, self.picture, self._theme, self.font())
        bounds = self._bounds()
        reach = max(bounds.width(), bounds.height(), 400.0)
        self.setSceneRect(bounds.adjusted(-reach, -reach, reach, reach))
        self._mark_current()
        if self._fitted:
            self.fit()
        else:
            self._declutter()

    def _bounds(self) -> QRectF:
        """The rectangle of the node positions (scene units)."""
        positions = self.picture.positions if self.picture is not None else [(0.0, 0.0)]
        xs = [x for x, _ in positions]
        ys = [y for _, y in positions]
        return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    def fit(self) -> None:
        """The whole graph in view (room left for the labels), never magnified past a
        comfortable spread."""
        if self._items is None:
            return
        bounds = self._bounds()
        room_x = max(40.0, self.viewport().width() - 2 * FIT_MARGIN_X)
        room_y = max(40.0, self.viewport().height() - 2 * FIT_MARGIN_Y)
        scale = min(
            room_x / max(bounds.width(), 1.0), room_y / max(bounds.height(), 1.0), FIT_MAX_SCALE
        )
        self.resetTransform()
        self.scale(max(scale, MIN_SCALE), max(scale, MIN_SCALE))
        self.centerOn(bounds.center())
        self._fitted = True
        self._declutter()

    def _declutter(self) -> None:
        """Show the labels that fit: none over another label or a node, or outside the view;
        the current and hovered nodes' first, then the centre's, then by relevance (the
        core orders nodes that way). The others show on hover."""
        items = self._items
        if items is None:
            return
        dots = [self._screen_rect(dot) for dot in items.dots]
        view = QRectF(self.viewport().rect())
        order = [self.current] if self.hasFocus() else []
        if self._hovered is not None:
            order.insert(0, self._hovered)
        order += range(len(items.labels))
        placed: list[QRectF] = []
        seen: set[int] = set()
        for index in order:
            if index in seen:
                continue
            seen.add(index)
            rect = self._screen_rect(items.labels[index])
            chosen = index == self._hovered or (index == self.current and self.hasFocus())
            free = chosen or (
                view.contains(rect)
                and not any(rect.intersects(other) for other in placed)
                and not any(rect.intersects(d) for i, d in enumerate(dots) if i != index)
            )
            if free:
                placed.append(rect.adjusted(-3, -1, 3, 1))
            items.labels[index].setVisible(free)

    def _screen_rect(self, item: QGraphicsItem) -> QRectF:
        """Where an item (of constant screen size) is drawn, in viewport pixels."""
        at = self.mapFromScene(item.scenePos())
        return item.boundingRect().translated(at.x(), at.y())

    def _mark_current(self) -> None:
        """The focus ring on the current node (while the view has the focus), its edges (or
        the hovered node's) lit, and its name in the accessible description."""
        if self._items is None or self.picture is None:
            return
        ring, lit = self._items.ring, self._items.lit
        x, y = self.picture.positions[self.current]
        size = radius(self.nodes[self.current]) + 4
        ring.setRect(QRectF(-size, -size, 2 * size, 2 * size))
        ring.setPos(x, y)
        ring.setVisible(self.hasFocus())
        lighted = self._hovered if self._hovered is not None else self.current
        lit.setPath(
            edges_of(self.picture, lighted)
            if self.hasFocus() or self._hovered is not None
            else QPainterPath()
        )
        node = self.nodes[self.current]
        self.setAccessibleDescription(
            f"{node.label}: {'topic' if node.hollow else node.channel or 'note'}. "
            "Arrows move between nodes, Enter opens, Ctrl+Enter opens in a new tab"
        )

    def set_current(self, index: int) -> None:
        if not 0 <= index < len(self.nodes) or index == self.current:
            return
        self.current = index
        self._mark_current()
        self._declutter()
        x, y = self.picture.positions[index] if self.picture else (0.0, 0.0)
        self.ensureVisible(QRectF(x - 30, y - 30, 60, 60), 20, 20)
        self.currentChanged.emit(index)

    # -- keyboard ------------------------------------------------------------------------------

    def nearest(self, dx: float, dy: float) -> int | None:
        """The node the arrow (dx, dy) goes to from the current one, if any."""
        if self.picture is None:
            return None
        return nearest(self.picture.positions, self.current, dx, dy)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        steps = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if key in steps and self.picture is not None:
            target = self.nearest(*steps[key])  # type: ignore[index]
            if target is not None:
                self.set_current(target)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.picture is not None:
            self._activate(self.current, placement(event.modifiers()))
        elif key == Qt.Key.Key_Home and self.picture is not None:
            self.set_current(0)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_Asterisk:
            self.fit()
        else:
            super().keyPressEvent(event)  # (arrows would scroll: handled above)
            return
        event.accept()

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self._mark_current()
        self._declutter()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self._mark_current()
        self._declutter()

    # -- mouse ---------------------------------------------------------------------------------

    def node_at(self, point: QPoint) -> int | None:
        """The node under (or within a few pixels of) a viewport point, or whose label is."""
        if self.picture is None:
            return None
        best: tuple[float, int] | None = None
        for index, ((x, y), node) in enumerate(
            zip(self.picture.positions, self.nodes, strict=True)
        ):
            at = self.mapFromScene(QPointF(x, y))
            distance = math.hypot(point.x() - at.x(), point.y() - at.y())
            distance -= radius(node)
            if distance <= HIT_PIXELS and (best is None or distance < best[0]):
                best = (distance, index)
        if best is not None:
            return best[1]
        item = self.itemAt(point)
        found = item.data(0) if item is not None and item.isVisible() else None
        return found if isinstance(found, int) else None

    def viewport_point(self, index: int) -> QPoint:
        """Where node `index` is drawn in the viewport (tests click there)."""
        x, y = self.picture.positions[index] if self.picture else (0.0, 0.0)
        return self.mapFromScene(QPointF(x, y))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        self._pressed = (self.node_at(point), point)
        if event.button() == Qt.MouseButton.MiddleButton:
            event.accept()
            return
        super().mousePressEvent(event)  # a drag pans (ScrollHandDrag)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pressed, self._pressed = self._pressed, None
        if event.button() != Qt.MouseButton.MiddleButton:
            super().mouseReleaseEvent(event)
        if pressed is None or pressed[0] is None:
            return
        moved = (event.position().toPoint() - pressed[1]).manhattanLength()
        if moved < QApplication.startDragDistance():
            self.set_current(pressed[0])
            self._activate(pressed[0], placement(event.modifiers(), event.button()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._fitted = False  # panned
        self._hover(self.node_at(event.position().toPoint()), event.globalPosition().toPoint())

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        self._hover(None, QPoint())

    def _hover(self, index: int | None, where: QPoint) -> None:
        if index == self._hovered:
            return
        self._hovered = index
        self._mark_current()
        self._declutter()
        if index is None:
            self.nodeHovered.emit("", "", where)
        else:
            node = self.nodes[index]
            self.nodeHovered.emit(node.kind, node.key, where)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP**steps)
        event.accept()

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11()
        factor = max(MIN_SCALE / scale, min(MAX_SCALE / scale, factor))
        self.scale(factor, factor)
        self._fitted = False
        self._declutter()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self.fit()

    def changeEvent(self, event: QEvent) -> None:
        """A new theme: draw again in its colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.picture is not None:
            self._draw()

    def _activate(self, index: int, where: str) -> None:
        node = self.nodes[index]
        self.nodeActivated.emit(node.kind, node.key, where)
