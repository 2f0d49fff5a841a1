"""The Graph side panel: the local graph of the page shown, a legend and what the cap left out.

It follows the active tab like the other side panels, but only works while it is on screen:
a page shown meanwhile is drawn when the panel comes to the front. Selection and layout run
in a worker (`session.read`); the GUI thread only adds the items.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ..core.graph import NOTE, TOPIC, LocalGraph
from ..core.wording import plural
from ..session.location import NOTE_PAGE, TOPIC_PAGE, Location
from .graph_scene import GraphPicture, channel_colours, graph_picture
from .graph_view import LocalGraphView
from .theme import widget_theme
from .vault_session import VaultSession

_KINDS = {NOTE_PAGE: NOTE, TOPIC_PAGE: TOPIC}  # page kind -> graph node kind
_PAGES = {kind: page for page, kind in _KINDS.items()}


def more_text(graph: LocalGraph) -> str:
    """The "+N more" line: neighbours the cap left out, by direction."""
    parts = [
        (graph.more_incoming, "linking here"),
        (graph.more_outgoing, "linked from here"),
        (graph.more_second_ring, "two steps away"),
    ]
    return " · ".join(f"+{count:,} more {what}" for count, what in parts if count)


class GraphPanel(QWidget):
    """Signals: `openRequested(Location, placement)` for a node chosen; `nodeHovered(kind, key,
    global position)` (kind '' when the pointer left the nodes), for a preview popup."""

    title = "Graph"
    openRequested = Signal(object, str)
    nodeHovered = Signal(str, str, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("graphPanel")
        self.setAccessibleName("Local graph")
        self.heading = QLabel("Local graph", self)
        self.heading.setObjectName("panelHeading")
        self.depth_button = QToolButton(self)
        self.depth_button.setObjectName("graphDepth")
        self.depth_button.setText("2 steps")
        self.depth_button.setCheckable(True)
        self.depth_button.setToolTip("Also show the neighbours of the neighbours")
        self.depth_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.depth_button.toggled.connect(lambda _on: self._refresh())
        self.view = LocalGraphView(self)
        self.view.nodeActivated.connect(
            lambda kind, key, where: self.openRequested.emit(Location(_PAGES[kind], key), where)
        )
        self.view.nodeHovered.connect(self.nodeHovered)
        self.legend = QLabel("", self)
        self.legend.setObjectName("graphLegend")
        self.legend.setWordWrap(True)
        self.more = QLabel("", self)
        self.more.setObjectName("graphMore")
        self.more.setWordWrap(True)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.heading, 1)
        top.addWidget(self.depth_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.more)
        self._session: VaultSession | None = None
        self._location: Location | None = None
        self._stale = False

    @property
    def graph_depth(self) -> int:
        return 2 if self.depth_button.isChecked() else 1

    def toggle_depth(self) -> None:
        self.depth_button.toggle()

    def show_page(self, session: VaultSession | None, location: Location | None) -> None:
        self._session, self._location = session, location
        if self.isVisible():
            self._refresh()
        else:
            self._stale = True

    def focus_target(self) -> QWidget:
        return self.view

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._refresh()

    def _refresh(self) -> None:
        self._stale = False
        session, location = self._session, self._location
        kind = _KINDS.get(location.kind) if location is not None else None
        if session is None or location is None or kind is None:
            self._empty("The graph shows the links of a note or topic")
            return
        key, depth = location.key, self.graph_depth
        session.read(
            "graph",
            lambda vault: graph_picture(vault, kind, key, depth),
            self._drawn,
            lambda error: self._empty(f"The graph could not be drawn: {error}"),
        )

    def _empty(self, text: str) -> None:
        self.view.show_message(text)
        self.heading.setText("Local graph")
        self.legend.clear()
        self.more.clear()

    def _drawn(self, picture: GraphPicture | None) -> None:
        if picture is None:
            self._empty("This page is not in the vault's link graph")
            return
        self.view.show_picture(picture)
        graph = picture.graph
        neighbours = len(graph.nodes) - 1
        self.heading.setText(f"Local graph: {plural(neighbours, 'neighbour')}")
        self.more.setText(more_text(graph))
        self.legend.setText(self._legend(graph))

    def changeEvent(self, event: QEvent) -> None:
        """A new theme: the legend's colours follow the graph's."""
        super().changeEvent(event)
        picture = self.view.picture
        if event.type() == QEvent.Type.PaletteChange and picture is not None:
            self.legend.setText(self._legend(picture.graph))

    def _legend(self, graph: LocalGraph) -> str:
        theme = widget_theme(self)  # (the view may hear of a new theme after the panel)
        chips = [
            f"<span style='color:{colour.name()}'>●</span>&nbsp;"
            + html.escape(channel or "top level")
            for channel, colour in channel_colours(graph, theme).items()
        ]
        if any(node.hollow for node in graph.nodes):
            chips.append("○&nbsp;topic without a note")
        return "&nbsp;&nbsp; ".join(chips)
