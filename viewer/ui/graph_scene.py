"""The local graph as scene items: what a worker hands over (`graph_picture`), and how it is
drawn (`draw_graph`), in a theme's colours.

Drawing stays cheap at any size the core allows: every node is a standard ellipse item and
every label a simple text item on a rectangle (painted by Qt, no Python `paint`), and all
edges are one path item, so a full graph is a few hundred C++ items made in milliseconds.
Nodes and labels keep their size on screen (they ignore the view's zoom, which spreads the
graph out instead)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from ..core.graph import TOPIC, GraphNode, LocalGraph, local_graph
from ..core.graph_layout import layout_graph
from ..core.vault import Vault
from .theme import chrome

RADIUS = (11.0, 7.0, 5.0)  # by depth: the centre, the first ring, the second
LABEL_CHARS = 28
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


def radius(node: GraphNode) -> float:
    return RADIUS[min(node.depth, 2)]


@dataclass(slots=True)
class GraphItems:
    """The items of a drawn graph: a dot and a label (a backing holding its text) per node,
    in the graph's order, the edges, the lit edges of one node, and the focus ring."""

    dots: list[QGraphicsEllipseItem]
    labels: list[QGraphicsRectItem]
    edges: QGraphicsPathItem
    lit: QGraphicsPathItem
    ring: QGraphicsEllipseItem


def draw_graph(scene: QGraphicsScene, picture: GraphPicture, theme: str, font: QFont) -> GraphItems:
    """Add the graph's items to an empty scene (node `index` has `data(0) == index`)."""
    c = chrome(theme)
    graph, positions = picture.graph, picture.positions
    edges = QPainterPath()
    for edge in graph.edges:
        edges.moveTo(*positions[edge.source])
        edges.lineTo(*positions[edge.target])
    line = QColor(c.muted)
    line.setAlpha(90)
    accent = QColor(c.accent)
    accent.setAlpha(170)
    items = GraphItems(
        [],
        [],
        scene.addPath(edges, _pen(line, 1.0)),
        scene.addPath(QPainterPath(), _pen(accent, 1.4)),
        scene.addEllipse(QRectF(), _pen(QColor(c.accent), 2.2)),
    )
    items.lit.setZValue(1)
    items.ring.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
    items.ring.setZValue(4)
    colours = channel_colours(graph, theme)
    base = QColor(c.base)
    halo = QColor(c.panel)
    halo.setAlpha(210)
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
    bold = QFont(small)
    bold.setBold(True)
    bold.setPointSizeF(small.pointSizeF() * 1.1)
    for index, (node, (x, y)) in enumerate(zip(graph.nodes, positions, strict=True)):
        size = radius(node)
        dot = scene.addEllipse(QRectF(-size, -size, 2 * size, 2 * size))
        dot.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        dot.setPos(x, y)
        if node.hollow:
            dot.setPen(_pen(QColor(c.muted), 1.6, dashed=True))
            dot.setBrush(QBrush(base))
        else:
            dot.setPen(_pen(base, 1.4))
            dot.setBrush(QBrush(colours.get(node.channel, QColor(c.muted))))
        dot.setZValue(2 if node.depth else 3)
        # The label: a backing (it hides the edges) holding the text, above every node.
        backing = QGraphicsRectItem()
        backing.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        label = QGraphicsSimpleTextItem(_short(node.label), backing)
        label.setFont(bold if node.depth == 0 else small)
        label.setBrush(QColor(c.text if node.depth < 2 else c.muted))
        box = label.boundingRect()
        label.setPos(-box.width() / 2, size + 1)
        backing.setRect(box.translated(label.pos()).adjusted(-2, 0, 2, 0))
        backing.setPen(Qt.PenStyle.NoPen)
        backing.setBrush(halo)
        backing.setPos(x, y)
        backing.setZValue(5)
        scene.addItem(backing)
        for item in (dot, backing, label):
            item.setToolTip(node_tip(node))
            item.setData(0, index)
        items.dots.append(dot)
        items.labels.append(backing)
    return items


def edges_of(picture: GraphPicture, index: int) -> QPainterPath:
    """The edges that touch node `index` (to light them)."""
    path = QPainterPath()
    positions = picture.positions
    for edge in picture.graph.edges:
        if index in (edge.source, edge.target):
            path.moveTo(*positions[edge.source])
            path.lineTo(*positions[edge.target])
    return path


def nearest(positions: list[tuple[float, float]], current: int, dx: float, dy: float) -> int | None:
    """The node to go to from `current` in direction (dx, dy): ahead of it, the nearest with
    sideways distance counting double; None when nothing lies that way."""
    cx, cy = positions[current]
    best: tuple[float, int] | None = None
    for index, (x, y) in enumerate(positions):
        vx, vy = x - cx, y - cy
        ahead = vx * dx + vy * dy
        if index == current or ahead <= 1e-6:
            continue
        cost = ahead + 2 * abs(vx * dy - vy * dx)
        if best is None or cost < best[0]:
            best = (cost, index)
    return best[1] if best is not None else None


def _pen(colour: QColor, width: float, *, dashed: bool = False) -> QPen:
    pen = QPen(colour, width)
    pen.setCosmetic(True)  # the same width at any zoom
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setDashPattern([2.5, 2.0])
    return pen
