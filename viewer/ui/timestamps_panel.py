"""The timestamps panel: the open note's citations in time order, each with its sentence.

A topic note cites its video out of order (it follows the argument, not the clock); listed by
time, the citations read as the note's path through the episode. Choosing a row marks the
citation in the note; Enter or a double-click opens the video there. When a local copy of the
video has subtitles, each row shown gets the line spoken at its second as a second line, and
the lines around it as its tooltip: read in a worker, only for the rows on screen.
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.episodes import Citation, note_citations, timeline, topic_citations
from ..core.subtitles import Excerpt
from ..core.vault import Vault
from ..session.location import EPISODE_PAGE, TOPIC_PAGE, Location, kind_of
from .delegates import DetailRole, RichTextRole, SnippetTree
from .panel_parts import Slices
from .player_controller import excerpt_html
from .tasks import superseded

if TYPE_CHECKING:
    from .note_pane import NotePane
    from .vault_session import VaultSession

CitationRole = Qt.ItemDataRole.UserRole + 30
SpokenRole = Qt.ItemDataRole.UserRole + 31  # the row's Excerpt once read; False: no line there
FILL_DELAY_MS = 40  # a scroll or resize settles before the rows on screen are read
ROWS_AT_ONCE = 250  # rows of citations added per turn of the event loop, at most
ROWS_SLICE_S = 0.015  # ... and for this long at most
MAX_DETAIL = 160  # characters of the spoken line under a row
NO_VIDEO = "This note has no videoId, so its times cannot open a video."
SEPARATOR = "  —  "
# How the renderer starts a citation it can open ("▶" and a no-break space, see render.inline);
# QTextDocument.find matches a no-break space only when searching for a plain one.
PILL = "▶ "


def row_text(citation: Citation) -> str:
    return f"{citation.label}{SEPARATOR}{citation.context or f'line {citation.line}'}"


def row_html(citation: Citation) -> str:
    sentence = html.escape(citation.context or f"line {citation.line}")
    return f"<b>{html.escape(citation.label)}</b>&nbsp;&nbsp;—&nbsp;&nbsp;{sentence}"


def _plain_tip(citation: Citation, has_video: bool) -> str:
    action = f"Enter opens the video at {citation.label}" if has_video else NO_VIDEO
    return f"{citation.title}, line {citation.line}. {action}"


def highlight_citation(pane: NotePane, citation: Citation, has_video: bool) -> bool:
    """Scroll the note pane to `citation` and mark its time there. The renderer writes
    "▶ 1:18:18" in a pill when the note has a video and a plain "1:18:18" otherwise; the
    search starts at the citation's line, so the right one of equal times is marked."""
    cursor = pane.scroll_to_line(citation.line)
    if has_video and pane.highlight(PILL + citation.label, cursor):
        return True
    return pane.highlight(citation.label, cursor)


class SubtitleSource(Protocol):
    """What the panel reads spoken lines from (`PlayerController`); thread-safe."""

    def has_subtitles(self, video_id: str) -> bool: ...

    def subtitle_excerpt(
        self, video_id: str, seconds: int, before: int = 2, after: int = 4
    ) -> Excerpt | None: ...


def _detail(excerpt: Excerpt) -> str:
    text = excerpt.lines[excerpt.current].text
    return f"“{text[:MAX_DETAIL]}…”" if len(text) > MAX_DETAIL else f"“{text}”"


class TimestampsPanel(QWidget):
    """Signals: `openRequested(video_id, seconds)` on Enter or double-click;
    `citationSelected(Citation)` when the current row changes (keys or mouse);
    `menuRequested(video_id, seconds, global_pos)` on a right-click;
    `notice(text)` when a row cannot open (the note has no videoId)."""

    title = "Timestamps"
    openRequested = Signal(str, int)
    citationSelected = Signal(object)
    menuRequested = Signal(str, int, QPoint)
    notice = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timestampsPanel")
        self.setAccessibleName("Timestamps")
        self.heading = QLabel("Timestamps", self)
        self.heading.setObjectName("panelHeading")
        self.list = SnippetTree(self, "timestampsList", "Citations of the video, in time order")
        self.list.setAccessibleDescription("Enter opens the video at the selected time.")
        self.list.setRootIsDecorated(False)
        self.list.setIndentation(0)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.message = QLabel(self)
        self.message.setObjectName("timestampsMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        layout.addWidget(self.message)
        self.list.installEventFilter(self)
        self._video_id: str | None = None
        self._session: VaultSession | None = None
        self._subtitles: SubtitleSource | None = None
        self._generation = 0  # which list of rows a worker's spoken lines belong to
        self._fill = QTimer(self)
        self._fill.setSingleShot(True)
        self._fill.setInterval(FILL_DELAY_MS)
        self._fill.timeout.connect(self._fill_shown_rows)
        self._citations: list[Citation] = []
        self._listed = 0  # rows of `_citations` in the list so far
        self._more_rows = Slices(self)
        self.list.verticalScrollBar().valueChanged.connect(self._fill.start)
        self._per_row = False  # a topic page: each row opens its own note's video
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemDoubleClicked.connect(lambda item, _column: self._open(item))
        self.list.customContextMenuRequested.connect(self._context_menu)

    # -- the page shown ------------------------------------------------------------------------

    def show_page(self, session: VaultSession | None, location: Location | None) -> None:
        """List the citations of the note or episode shown (read in the background)."""
        self._session = session
        if session is None or location is None or not kind_of(location).citations:
            self.clear("No timestamps on this page")
            return
        key = location.key
        if location.kind == EPISODE_PAGE:
            session.read(
                "timestamps",
                lambda vault: timeline(vault, key),
                lambda rows: self.show_citations(key, rows),
            )
            return
        if location.kind == TOPIC_PAGE:  # from many notes: each row opens its own video
            session.read(
                "timestamps",
                lambda vault: topic_citations(vault, key),
                lambda rows: self.show_citations(None, rows, notes=True),
            )
            return

        def read(vault: Vault) -> tuple[str | None, list[Citation]]:
            note = vault.notes.get(key)
            # Stops early once another page asked: a long note's thousands of citations,
            # each with its sentence, kept a page worker from the next page.
            rows = note_citations(vault, key, cancelled=superseded)
            return (note.video_id if note is not None else None), rows

        session.read("timestamps", read, lambda found: self.show_citations(*found))

    def focus_target(self) -> QWidget:
        return self.list

    # -- content -----------------------------------------------------------------------------

    @property
    def video_id(self) -> str | None:
        return self._video_id

    def show_citations(
        self, video_id: str | None, citations: list[Citation], *, notes: bool = False
    ) -> None:
        """List `citations` (in the order given) of a note whose video is `video_id` (None:
        each row's own `video_id`, else the rows show but cannot open); with `notes`, each row
        names its note (a topic's citations come from many). No row is made current, so
        showing a page never moves its view; the first arrow key does. Rows come
        ROWS_AT_ONCE per turn of the event loop: a note citing 7,000 moments took the window
        0.8 s in one go. The same rows asked for again (a long note's last part came in) are
        left as they are: clearing thousands of rows costs as much as making them."""
        same_rows = citations == self._citations and notes == self._per_row
        if (video_id or None) == self._video_id and same_rows:
            return
        self._video_id = video_id or None
        self._per_row = notes
        self._generation += 1
        self._citations = list(citations)
        self._listed = 0
        self.message.hide()
        self.list.blockSignals(True)
        self.list.clear()
        self.list.setCurrentItem(None)  # type: ignore[call-overload]
        self.list.blockSignals(False)
        count = len(citations)
        self.heading.setText(f"Timestamps ({count})" if count else "Timestamps: none")
        self._more_rows.start(self._add_rows, ROWS_SLICE_S)

    def _add_rows(self, deadline: float) -> bool:
        """The next ROWS_AT_ONCE rows (fewer once `deadline` is past: each Qt call may wait
        for the interpreter while workers render); True once every row is in."""
        items = []
        for citation in self._citations[self._listed : self._listed + ROWS_AT_ONCE]:
            item = QTreeWidgetItem([row_text(citation)])
            item.setData(0, CitationRole, citation)
            item.setData(0, RichTextRole, row_html(citation))
            if self._per_row:
                item.setData(0, DetailRole, citation.title)
            item.setToolTip(0, _plain_tip(citation, bool(self._video_for(citation))))
            items.append(item)
            if time.perf_counter() > deadline:
                break
        self._listed += len(items)
        self.list.blockSignals(True)
        self.list.addTopLevelItems(items)
        self.list.blockSignals(False)
        self._fill.start()
        return self._listed >= len(self._citations)

    def clear(self, message: str = "") -> None:
        """Empty the panel (a page without citations: a topic, a tag, a message)."""
        self._video_id = None
        self._generation += 1
        self._citations, self._listed = [], 0
        self._more_rows.cancel()
        self.list.blockSignals(True)
        self.list.clear()
        self.list.blockSignals(False)
        self.message.hide()
        self.heading.setText(message or "Timestamps")

    def citations(self) -> list[Citation]:
        """Every citation of the page, listed or still to come."""
        return list(self._citations)

    def current_citation(self) -> Citation | None:
        item = self.list.currentItem()
        return item.data(0, CitationRole) if item is not None else None

    def open_current(self) -> bool:
        """Ask to open the current row's time (what Enter does); False when it cannot."""
        item = self.list.currentItem()
        return self._open(item) if item is not None else False

    # -- spoken lines ------------------------------------------------------------------------

    def set_subtitles(self, source: SubtitleSource) -> None:
        """Read the spoken line of each row shown from `source` (the window's player)."""
        self._subtitles = source

    def subtitles_changed(self) -> None:
        """The video folders were scanned again: read the rows' lines anew."""
        self._generation += 1
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item is not None and item.data(0, SpokenRole) is not None:
                item.setData(0, SpokenRole, None)
                item.setData(0, DetailRole, None)
                citation = item.data(0, CitationRole)
                item.setToolTip(0, _plain_tip(citation, bool(self._video_for(citation))))
        self._fill.start()

    def _shown_rows(self) -> Iterator[int]:
        """Rows drawn in the list's viewport now."""
        bottom = self.list.viewport().height()
        item = self.list.itemAt(QPoint(1, 1))
        while item is not None and self.list.visualItemRect(item).top() < bottom:
            yield self.list.indexOfTopLevelItem(item)
            item = self.list.itemBelow(item)

    def _fill_shown_rows(self) -> None:
        """Ask a worker for the spoken lines of the rows on screen not read yet. A file is
        parsed once (the source keeps it), then each row is a binary search."""
        source, session, video_id = self._subtitles, self._session, self._video_id
        if source is None or session is None or not video_id or not self.list.isVisible():
            return
        if not source.has_subtitles(video_id):
            return
        wanted = []
        for row in self._shown_rows():
            item = self.list.topLevelItem(row)
            if item is None or item.data(0, SpokenRole) is not None:
                continue
            citation = item.data(0, CitationRole)
            if isinstance(citation, Citation):
                wanted.append((row, citation.seconds))
        if not wanted:
            return
        generation = self._generation

        def read() -> list[tuple[int, Excerpt | None]]:
            return [(row, source.subtitle_excerpt(video_id, at, 1, 2)) for row, at in wanted]

        session.tasks.run("timestamps-spoken", read, lambda found: self._spoken(generation, found))

    def _spoken(self, generation: int, found: list[tuple[int, Excerpt | None]]) -> None:
        if generation != self._generation:
            return  # another list of rows since
        for row, excerpt in found:
            item = self.list.topLevelItem(row)
            if item is None:
                continue
            item.setData(0, SpokenRole, excerpt if excerpt is not None else False)
            if excerpt is not None:
                item.setData(0, DetailRole, _detail(excerpt))
                item.setToolTip(0, excerpt_html(excerpt, item.toolTip(0)))
        self._fill.start()  # rows grew: others may have scrolled into view, or out

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fill.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fill.start()

    # -- events ------------------------------------------------------------------------------

    def _current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        citation = current.data(0, CitationRole) if current is not None else None
        if isinstance(citation, Citation):
            self.citationSelected.emit(citation)

    def _video_for(self, citation: Citation) -> str | None:
        """The video a row opens: the page's (a note's, an episode's), or on a topic's page
        (rows from many notes) its own note's."""
        return citation.video_id if self._per_row else self._video_id

    def _open(self, item: QTreeWidgetItem) -> bool:
        citation = item.data(0, CitationRole)
        if not isinstance(citation, Citation):
            return False
        video_id = self._video_for(citation)
        if not video_id:
            self._show_message(NO_VIDEO)
            return False
        self.message.hide()
        self.openRequested.emit(video_id, citation.seconds)
        return True

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.notice.emit(text)

    def _context_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        citation = item.data(0, CitationRole) if item is not None else None
        if not isinstance(citation, Citation):
            return
        video_id = self._video_for(citation)
        if not video_id:
            self._show_message(NO_VIDEO)
            return
        global_pos = self.list.viewport().mapToGlobal(pos)
        self.menuRequested.emit(video_id, citation.seconds, global_pos)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier  # type: ignore[attr-defined]
        ):
            # Handled here rather than through `activated`, which some styles also emit on a
            # single click: opening a browser should take a deliberate Enter or double-click.
            self.open_current()
            return True
        return super().eventFilter(watched, event)
