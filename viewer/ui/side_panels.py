"""The panels beside the note: each follows the page shown and reads what it lists from the
open vault in the background.

A side panel is a widget with a `title`, a `show_page(session, location)` that fills it for
the page on screen, and a `focus_target()` for the pane keys (Ctrl+3, F6). To add one: write
its module, add its class to `PANELS` here, and wire any signal it emits in the window.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QTabWidget, QWidget

from ..session.location import Location
from .backlinks import BacklinksPanel
from .graph_panel import GraphPanel
from .outgoing_panel import OutgoingPanel
from .outline_panel import OutlinePanel
from .timestamps_panel import TimestampsPanel
from .vault_session import VaultSession


class SidePanel(Protocol):
    title: str

    def show_page(self, session: VaultSession | None, location: Location | None) -> None: ...

    def focus_target(self) -> QWidget: ...


P = TypeVar("P", bound=QWidget)

# How long the panels not in front wait for the reader to settle on a page: one flipping
# through notes fills only the panel in view, the others once, when the flipping stops.
HIDDEN_PANELS_DELAY_MS = 300

PANELS: tuple[type, ...] = (
    BacklinksPanel,
    TimestampsPanel,
    OutlinePanel,
    OutgoingPanel,
    GraphPanel,
)


class SidePanels(QTabWidget):
    """The tabbed side area. `panel(cls)` finds one panel by its class."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sideTabs")
        self.setDocumentMode(True)
        self.setUsesScrollButtons(False)  # a narrow panel elides its tab titles instead
        self.tabBar().setElideMode(Qt.TextElideMode.ElideRight)
        self.panels: list[QWidget] = []
        for panel_class in PANELS:
            panel = panel_class(self)
            self.panels.append(panel)
            index = self.addTab(panel, panel.title)
            self.setTabToolTip(index, panel.title)  # the whole title where a narrow bar elides it
        self._session: VaultSession | None = None
        self._location: Location | None = None
        self._behind: set[QWidget] = set()  # panels not in front still showing an older page
        self._catch_up = QTimer(self)
        self._catch_up.setSingleShot(True)
        self._catch_up.setInterval(HIDDEN_PANELS_DELAY_MS)
        self._catch_up.timeout.connect(self._fill_behind)
        self.currentChanged.connect(lambda _index: self._fill(self.currentWidget()))

    def panel(self, panel_class: type[P]) -> P:
        return next(p for p in self.panels if isinstance(p, panel_class))

    def set_session(self, session: VaultSession | None) -> None:
        self._session = session
        self.show_page(None)

    def show_page(self, location: Location | None, *, complete: bool = True) -> None:
        """The panel in front follows `location` now, the others once the reader settles
        (or as soon as one of them comes to the front). No page (another vault): all now.
        A page still coming in (a long note's parts) keeps the others waiting until
        `page_completed`: their workers would compete with its parts for the interpreter."""
        self._location = location
        front = self.currentWidget()
        self._behind = {p for p in self.panels if p is not front} if location else set()
        for panel in self.panels:
            if panel not in self._behind:
                panel.show_page(self._session, location)  # type: ignore[attr-defined]
        if self._behind and complete:
            self._catch_up.start()
        else:
            self._catch_up.stop()

    def page_completed(self, location: Location) -> None:
        """The page `show_page(location, complete=False)` announced is all there."""
        if location is self._location and self._behind:
            self._catch_up.start()

    def _fill(self, panel: QWidget | None) -> None:
        if panel in self._behind:
            self._behind.discard(panel)
            panel.show_page(self._session, self._location)  # type: ignore[attr-defined]

    def _fill_behind(self) -> None:
        for panel in [p for p in self.panels if p in self._behind]:
            self._fill(panel)

    def focus_target(self) -> QWidget:
        return focus_target(self.currentWidget())


def focus_target(panel: QWidget) -> QWidget:
    """Where the focus goes in a panel (its list, its query field): the panel's
    `focus_target()` when it has one."""
    return panel.focus_target() if hasattr(panel, "focus_target") else panel
