"""Reading aids beside the note: hover previews, the Outline and Outgoing panels, and printing.

Built and wired here, so the window adds them in a few lines: the previews follow every reader
of the note area and the rows of the backlinks list and the tree; the two panels live in the
side tabs (see `side_panels.PANELS`) and follow the active reader; choices from all of them
open through the note area, as the reader placed them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtWidgets import QWidget

from ..session.location import NOTE_PAGE, Location
from ..session.mentions import MentionRow
from ..session.previews import PreviewTarget, target_for_line, target_for_node
from .backlinks import BacklinksPanel, MentionRole
from .link_actions import LinkActions
from .link_preview import LinkPreviews
from .navigator import look_at
from .outgoing_panel import OutgoingPanel
from .outline_panel import OutlinePanel
from .printing import PagePrinter
from .reader import Reader
from .reader_area import ReaderArea
from .side_panels import SidePanels
from .tree_panel import TreePanel
from .vault_session import VaultSession


class ReadingAids(QObject):
    """`previews` (LinkPreviews: other parts hover a target with `previews.hover(target,
    global_rect, beside=True)` and `previews.hover(None, QRect())` when the pointer leaves),
    `outline`, `outgoing` (the two side panels), `printer` (PagePrinter); `handlers()` for
    the window's command table."""

    def __init__(
        self,
        window: QWidget,
        area: ReaderArea,
        side_panels: SidePanels,
        tree_panel: TreePanel,
        links: LinkActions,
        session: Callable[[], VaultSession | None],
        theme: Callable[[], str],
        zoom: Callable[[], int],
        notice: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._area, self._side, self._session = area, side_panels, session
        self.previews = LinkPreviews(window, area, session, theme, zoom)
        self.previews.notice.connect(notice)
        self.previews.attach_rows(side_panels.panel(BacklinksPanel).tree, _mention_target)
        model = tree_panel.model
        self.previews.attach_rows(
            tree_panel.view,
            lambda index: target_for_node(model.node(index)),
            Qt.KeyboardModifier.ControlModifier,
        )

        self.outline = side_panels.panel(OutlinePanel)
        self.outline.topicChosen.connect(area.open)
        area.activeChanged.connect(lambda reader: self.outline.follow(reader.pane))
        self.outline.follow(area.active.pane)

        self.outgoing = side_panels.panel(OutgoingPanel)
        self.outgoing.locationChosen.connect(area.open)
        self.outgoing.externalChosen.connect(links.open_external)
        self.outgoing.fileChosen.connect(lambda path: links.open_file(self._vault_file(path)))
        self.outgoing.lineChosen.connect(self._show_line)

        self.printer = PagePrinter(
            window, session, self._shown, lambda: area.active.pane.reading_font()
        )
        self.printer.notice.connect(notice)

    def handlers(self) -> dict[str, Callable[[], object]]:
        """The commands these aids add (see `ui.commands`)."""
        return {
            "preview-link": self.previews.preview_focused,
            "focus-outline": lambda: self._focus_panel(self.outline),
            "focus-outgoing": lambda: self._focus_panel(self.outgoing),
            "print": self.printer.print_page,
            "export-pdf": lambda: self.printer.export_pdf(),
        }

    def set_theme(self, theme: str) -> None:
        self.previews.set_theme(theme)

    def vault_opened(self) -> None:
        self.previews.close_all()

    # -- helpers -------------------------------------------------------------------------------

    def _focus_panel(self, panel: QWidget) -> None:
        self._side.setCurrentWidget(panel)
        panel.focus_target().setFocus()  # type: ignore[attr-defined]

    def _shown(self) -> tuple[Location | None, str]:
        navigator = self._area.active.navigator
        page = navigator.page
        return navigator.shown, page.title if page is not None else ""

    def _show_line(self, line: int, text: str) -> None:
        """A line row of the Outgoing panel: scroll the note shown to it, the link marked."""
        reader: Reader = self._area.active
        shown = reader.navigator.shown
        if shown is not None and shown.kind == NOTE_PAGE:
            look_at(reader.pane, Location(NOTE_PAGE, shown.key, line=line, highlight=text or None))

    def _vault_file(self, path: str) -> str:
        session = self._session()
        return str(Path(session.root) / path) if session is not None else path


def _mention_target(index: QModelIndex) -> PreviewTarget | None:
    row = index.data(MentionRole)
    if isinstance(row, MentionRow):
        return target_for_line(row.source, row.line, row.needle)
    return None
