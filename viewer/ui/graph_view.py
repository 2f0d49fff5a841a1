"""The local graph, drawn: a QGraphicsView of the neighbourhood that `core.graph` selects and
`core.graph_layout` places, both in a worker (see `graph_picture`).

Drawing stays cheap at any size the core allows: every node is a standard ellipse item and
every label a simple text item (painted by Qt, no Python `paint`), and all edges are one path
item, so a full graph is a few hundred C++ items built in a few milliseconds. The view pans by
dragging and zooms with the wheel around the pointer; the keyboard moves to the nearest node
in the arrow's direction, Enter opens it (Ctrl+Enter in a new tab). Hovering a node shows its
title and emits `nodeHovered`, the hook for a preview popup.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from ..core.graph import TOPIC, GraphNode, LocalGraph, local_graph
from ..core.graph_layout import layout_graph
from ..core.vault import Vault
from .placement import placement
from .theme import chrome, widget_theme

RADIUS = (11.0, 7.0, 5.0)  # by depth: the centre, the first ring, the second
LABEL_CHARS = 28
ZOOM_STEP = 1.2
MIN_SCALE, MAX_SCALE, FIT_MAX_SCALE = 0.1, 8.0, 3.0
FIT_MARGIN_X, FIT_MARGIN_Y = 24, 24  # room for the labels of nodes at the edges (pixels)
HIT_PIXELS = 7  # a click this close to a node (on screen) hits it
# Channel colours, distinct in both themes; a graph gives them out in order of node count.
CHANNEL_COLOURS = {
    "light": ("#5b43c9", "#0b7fc0", "#d0701a", "#23965a", "#cf3f5f", "#8c6b12", "#009e9a"),
    "dark": ("#a995ff", "#5cb3ef", "#f0a35a", "#5cc98a", "#f07a90", "#d6b65e", "#35c3bf"),
}


@dataclass(frozen=True, slots=True)
class GraphPicture:
    """A local graph and its node positions (scene pixels), as a worker hands them over."""

    graph: LocalGraph
    positions: list[tuple[float, float]]


def graph_picture(vault: Vault, kind: str, key: str, depth: int) -> GraphPicture | None:
    """Select and lay out the neighbourhood of a note or topic (run in a worker)."""
    graph = local_graph(vault, kind, key, depth=depth)
    if graph is None:
        return None
    return GraphPicture(graph, layout_graph(graph))


def channel_colours(graph: LocalGraph, theme: str) -> dict[str, QColor]:
    """A colour per channel of the graph's notes: the centre's first, then by node count; the
    top level ('') in a muted grey. Topics have no channel (they are drawn hollow)."""
    counts: dict[str, int] = {}
    for node in graph.nodes:
        if node.kind != TOPIC:
            counts[node.channel] = counts.get(node.channel, 0) + 1
    centre = graph.center.channel if graph.center.kind != TOPIC else None
    order = sorted(counts, key=lambda c: (c != centre, -counts[c], c))
    colours = CHANNEL_COLOURS["dark" if theme == "dark" else "light"]
    named = [c for c in order if c]
    found = {channel: QColor(colours[i % len(colours)]) for i, channel in enumerate(named)}
    if "" in counts:
        found[""] = QColor(chrome(theme).muted)
    return found


def node_tip(node: GraphNode) -> str:
    if node.kind == TOPIC:
        return f"{node.label}\nA topic without a note yet"
    where = node.channel or "top level"
    episode = f"\nEpisode {node.episode}" if node.episode else ""
    return f"{node.label}\n{node.key} ({where}){episode}"


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


class LocalGraphView(QGraphicsView):
    """Signals: `nodeActivated(kind, key, placement)` (click, Enter), `nodeHovered(kind, key,
    global position)` ('' kind and key when the pointer leaves the nodes: a preview popup
    follows this), `currentChanged(index)` as the keyboard moves."""

    nodeActivated = Signal(str, str, str)
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
        self._dots: list[QGraphicsEllipseItem] = []
        self._labels: list[QGraphicsRectItem] = []  # label backings, each holding its text
        self._edges: QGraphicsPathItem | None = None
        self._lit: QGraphicsPathItem | None = None
        self._ring: QGraphicsEllipseItem | None = None
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
        self._dots, self._labels = [], []
        self._edges = self._lit = self._ring = self._message = None
        picture = self.picture
        self._theme = widget_theme(self)
        if picture is None:
            return
        c = chrome(self._theme)
        graph, positions = picture.graph, picture.positions
        edges = QPainterPath()
        for edge in graph.edges:
            edges.moveTo(*positions[edge.source])
            edges.lineTo(*positions[edge.target])
        line = QColor(c.muted)
        line.setAlpha(90)
        self._edges = scene.addPath(edges, _pen(line, 1.0))
        accent = QColor(c.accent)
        accent.setAlpha(170)
        self._lit = scene.addPath(QPainterPath(), _pen(accent, 1.4))
        self._lit.setZValue(1)
        colours = channel_colours(graph, self._theme)
        base = QColor(c.base)
        halo = QColor(c.panel)
        halo.setAlpha(210)
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        bold = QFont(font)
        bold.setBold(True)
        bold.setPointSizeF(font.pointSizeF() * 1.1)
        for index, (node, (x, y)) in enumerate(zip(graph.nodes, positions, strict=True)):
            # Nodes and labels keep their size on screen (zoom spreads the graph out); each
            # label is a child of its dot, on a translucent backing that hides the edges.
            radius = RADIUS[min(node.depth, 2)]
            dot = scene.addEllipse(QRectF(-radius, -radius, 2 * radius, 2 * radius))
            dot.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            dot.setPos(x, y)
            if node.hollow:
                dot.setPen(_pen(QColor(c.muted), 1.6, dashed=True))
                dot.setBrush(QBrush(base))
            else:
                dot.setPen(_pen(base, 1.4))
                dot.setBrush(QBrush(colours.get(node.channel, QColor(c.muted))))
            dot.setZValue(2 if node.depth else 3)
            dot.setToolTip(node_tip(node))
            dot.setData(0, index)
            # The label: a backing (hides the edges) holding the text, both above every
            # node, at the node's place and of a constant size on screen.
            backing = QGraphicsRectItem()
            backing.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            label = QGraphicsSimpleTextItem(_short(node.label), backing)
            label.setFont(bold if node.depth == 0 else font)
            label.setBrush(QColor(c.text if node.depth < 2 else c.muted))
            box = label.boundingRect()
            label.setPos(-box.width() / 2, radius + 1)
            backing.setRect(box.translated(label.pos()).adjusted(-2, 0, 2, 0))
            backing.setPen(Qt.PenStyle.NoPen)
            backing.setBrush(halo)
            backing.setPos(x, y)
            backing.setZValue(5)
            scene.addItem(backing)
            for item in (backing, label):
                item.setToolTip(node_tip(node))
                item.setData(0, index)
            self._dots.append(dot)
            self._labels.append(backing)
        self._ring = scene.addEllipse(QRectF(), _pen(QColor(c.accent), 2.2))
        self._ring.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._ring.setZValue(4)
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
        if not self._dots:
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
        if not self._labels or self.picture is None:
            return
        dots = [self._screen_rect(dot) for dot in self._dots]
        view = QRectF(self.viewport().rect())
        order = [self.current] if self.hasFocus() else []
        if self._hovered is not None:
            order.insert(0, self._hovered)
        order += range(len(self._labels))
        placed: list[QRectF] = []
        seen: set[int] = set()
        for index in order:
            if index in seen:
                continue
            seen.add(index)
            rect = self._screen_rect(self._labels[index])
            chosen = index == self._hovered or (index == self.current and self.hasFocus())
            free = chosen or (
                view.contains(rect)
                and not any(rect.intersects(other) for other in placed)
                and not any(rect.intersects(d) for i, d in enumerate(dots) if i != index)
            )
            if free:
                placed.append(rect.adjusted(-3, -1, 3, 1))
            self._labels[index].setVisible(free)

    def _screen_rect(self, item: QGraphicsItem) -> QRectF:
        """Where an item (of constant screen size) is drawn, in viewport pixels."""
        at = self.mapFromScene(item.scenePos())
        return item.boundingRect().translated(at.x(), at.y())

    def _mark_current(self) -> None:
        """The focus ring on the current node (while the view has the focus), its edges (or
        the hovered node's) lit, and its name in the accessible description."""
        ring, lit = self._ring, self._lit
        if ring is None or lit is None or self.picture is None:
            return
        x, y = self.picture.positions[self.current]
        radius = RADIUS[min(self.nodes[self.current].depth, 2)] + 4
        ring.setRect(QRectF(-radius, -radius, 2 * radius, 2 * radius))
        ring.setPos(x, y)
        ring.setVisible(self.hasFocus())
        lighted = self._hovered if self._hovered is not None else self.current
        lit.setPath(
            self._edges_of(lighted)
            if self.hasFocus() or self._hovered is not None
            else QPainterPath()
        )
        node = self.nodes[self.current]
        self.setAccessibleDescription(
            f"{node.label}: {'topic' if node.hollow else node.channel or 'note'}. "
            "Arrows move between nodes, Enter opens, Ctrl+Enter opens in a new tab"
        )

    def _edges_of(self, index: int) -> QPainterPath:
        path = QPainterPath()
        if self.picture is None:
            return path
        positions = self.picture.positions
        for edge in self.picture.graph.edges:
            if index in (edge.source, edge.target):
                path.moveTo(*positions[edge.source])
                path.lineTo(*positions[edge.target])
        return path

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
        """The node to go to from the current one in direction (dx, dy): ahead of it, the
        nearest with sideways distance counting double; None when nothing lies that way."""
        if self.picture is None:
            return None
        cx, cy = self.picture.positions[self.current]
        best: tuple[float, int] | None = None
        for index, (x, y) in enumerate(self.picture.positions):
            vx, vy = x - cx, y - cy
            ahead = vx * dx + vy * dy
            if index == self.current or ahead <= 1e-6:
                continue
            cost = ahead + 2 * abs(vx * dy - vy * dx)
            if best is None or cost < best[0]:
                best = (cost, index)
        return best[1] if best is not None else None

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
            distance -= RADIUS[min(node.depth, 2)]
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


def _pen(colour: QColor, width: float, *, dashed: bool = False) -> QPen:
    pen = QPen(colour, width)
    pen.setCosmetic(True)  # the same width at any zoom
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setDashPattern([2.5, 2.0])
    return pen
