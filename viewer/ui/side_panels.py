"""The panels beside the note: each follows the page shown and reads what it lists from the
open vault in the background.

A side panel is a widget with a `title`, a `show_page(session, location)` that fills it for
the page on screen, and a `focus_target()` for the pane keys (Ctrl+3, F6). To add one: write
its module, add its class to `PANELS` here, and wire any signal it emits in the window.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from PySide6.QtCore import Qt
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
            self.addTab(panel, panel.title)
        self._session: VaultSession | None = None

    def panel(self, panel_class: type[P]) -> P:
        return next(p for p in self.panels if isinstance(p, panel_class))

    def set_session(self, session: VaultSession | None) -> None:
        self._session = session
        self.show_page(None)

    def show_page(self, location: Location | None) -> None:
        for panel in self.panels:
            panel.show_page(self._session, location)  # type: ignore[attr-defined]

    def focus_target(self) -> QWidget:
        return focus_target(self.currentWidget())


def focus_target(panel: QWidget) -> QWidget:
    """Where the focus goes in a panel (its list, its query field): the panel's
    `focus_target()` when it has one."""
    return panel.focus_target() if hasattr(panel, "focus_target") else panel
