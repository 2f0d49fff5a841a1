"""Moving around in one note pane: history, link routing, and showing a page where the reader
asked to look (an anchor, a line with its mention marked, a remembered scroll position).

The navigator knows nothing of panels or trees: it emits `pageShown(Location)` once a page is
on screen, and whatever follows the page (backlinks, timestamps, the tree's selection, the
window title) subscribes. Links that leave the vault are handed on by signal, so the window
decides how videos, web pages and files open.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, QUrl, Signal

from ..render import hrefs
from ..session.history import History
from ..session.location import (
    HERE,
    NOTE_PAGE,
    TAG_PAGE,
    TOPIC_PAGE,
    Location,
    kind_of,
    message,
)
from ..session.pages import Page
from .interpreter import page_asked, page_shown
from .note_pane import NotePane

# Renders a location and calls back with the page; a long note comes in parts: the first as
# the page, each later one through `more(html, last)`.
Done = Callable[[Page], None]
More = Callable[[str, bool], None]
RenderFn = Callable[[Location, Done, More], None]

# Blocks (paragraphs, list items, rows) of a long note appended without the reader asking
# for more. Qt keeps about 7 KB of layout a block: a 30,000-paragraph note, laid out whole,
# took 216 MB. Past this many, the rest comes as the reader scrolls near the end (the 1 MB
# note of the benchmark vault, 3,610 blocks, still comes whole).
ON_DEMAND_BLOCKS = 5_000
NEAR_END_SCREENS = 2  # how close to the end the reader scrolls to bring the next blocks


def href_of(url: QUrl) -> hrefs.Href | None:
    """A clicked link read back through the renderer's contract (see hrefs.parse_href)."""
    return hrefs.parse_href(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))


def look_at(pane: NotePane, location: Location) -> None:
    """Scroll a pane that shows `location` to where the reader asked to look: a remembered
    scroll position, a line (with its mention marked), an anchor, or a marked text."""
    if location.scroll is not None:
        pane.verticalScrollBar().setValue(location.scroll)
    elif location.line is not None:
        cursor = pane.scroll_to_line(location.line)
        if location.highlight:
            pane.highlight(location.highlight, cursor)
    elif location.anchor:
        if not pane.scroll_to_anchor(location.anchor):
            pane.scrollToAnchor(location.anchor)
    elif location.highlight:
        pane.highlight(location.highlight)


class Navigator(QObject):
    """Signals: `pageShown(Location)`, `historyChanged()`, `openElsewhere(Location,
    placement)` for a page to open in another tab, `timestampRequested(video_id, seconds)`,
    `externalRequested(url)`, `fileRequested(path)`, `notice(text)`."""

    pageShown = Signal(object)
    pageCompleted = Signal(object)  # the page is all there (a long note's last part is in)
    # Nothing more comes until the reader asks: the page is all there, or a very long note
    # waits for the reader to scroll on (see ON_DEMAND_BLOCKS) with all its parts rendered.
    pageSettled = Signal(object)
    openElsewhere = Signal(object, str)
    historyChanged = Signal()
    timestampRequested = Signal(str, int)
    foldToggled = Signal(str, str)  # the page's key, the block whose fold the reader flipped
    externalRequested = Signal(str)
    fileRequested = Signal(object)  # a path (str): object keeps a name that is not UTF-8
    notice = Signal(str)

    def __init__(self, pane: NotePane, render: RenderFn, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pane = pane
        self._render = render
        self.history = History()
        self.shown: Location | None = None
        self.page: Page | None = None
        self._requested: Location | None = None
        self._chunks: deque[str] = deque()  # of the page shown, still to append
        self._last_in = True  # the last of them has arrived
        self._looked = 0  # where the page shown was scrolled to when it came (see look_at)
        self._budget = ON_DEMAND_BLOCKS  # blocks the page shown may have before the reader asks
        self._waiting_for_reader = False
        self._settled = False  # pageSettled was sent for the page shown
        self._to_the_end = False  # the reader went to the very end: shown there once all is in
        self._appender = QTimer(self)
        self._appender.setSingleShot(True)
        self._appender.setInterval(0)
        self._appender.timeout.connect(self._append_next)
        pane.linkActivated.connect(self.follow_link)
        pane.verticalScrollBar().valueChanged.connect(self._reader_scrolled)
        pane.endRequested.connect(self._to_end)

    # -- going places ------------------------------------------------------------------------

    def open(self, location: Location, where: str = HERE) -> None:
        """Go to `location` here, or hand it on to open in another tab."""
        if where == HERE:
            self.navigate(location)
        else:
            self.openElsewhere.emit(location, where)

    def navigate(self, location: Location, *, push: bool = True) -> None:
        self._remember_scroll()
        if push:
            self.history.push(location)
        self.historyChanged.emit()
        self._show(location)

    def open_note(
        self,
        path: str,
        anchor: str | None = None,
        line: int | None = None,
        highlight: str | None = None,
    ) -> None:
        self.navigate(Location(NOTE_PAGE, path, anchor=anchor, line=line, highlight=highlight))

    def open_topic(self, name: str) -> None:
        self.navigate(Location(TOPIC_PAGE, name))

    def open_tag(self, tag: str) -> None:
        self.navigate(Location(TAG_PAGE, tag))

    def show_message(self, title: str, text: str) -> None:
        """A message page: shown at once, kept out of history."""
        self.navigate(message(title, text), push=False)

    def back(self) -> None:
        self._step(self.history.back)

    def forward(self) -> None:
        self._step(self.history.forward)

    def _step(self, step: Callable[[], Location | None]) -> None:
        self._remember_scroll()
        location = step()
        if location is not None:
            self.historyChanged.emit()
            self._show(location)

    def refresh(self) -> None:
        """Show the current page again (the vault changed under it), where the reader was;
        a page asked for and still coming is asked for again instead (refreshing the page
        on screen would cancel it: a live change landing just after Back undid the Back)."""
        shown, requested = self.shown, self._requested
        if requested is not None and requested is not shown:
            again = replace(requested)  # anew: what is on its way may be stale
        elif shown is not None:
            again = shown.at_scroll(self.pane.scroll_position())
        else:
            return
        if kind_of(again).follows_vault:
            self._show(again)

    def detach(self) -> None:
        """The reader is closing: results still on their way are dropped."""
        self._requested = None

    def reset(self) -> None:
        """Forget history and the page shown (another vault is opening)."""
        self.history.clear()
        self.shown = self.page = self._requested = None
        self.historyChanged.emit()

    def _remember_scroll(self) -> None:
        current = self.history.current
        if current is not None and current.same_page(self.shown):
            self.history.remember_scroll(self.pane.scroll_position())

    # -- showing -----------------------------------------------------------------------------

    def _show(self, location: Location) -> None:
        self._requested = location
        page_asked()
        self._render(
            location,
            lambda page: self._rendered(location, page),
            lambda html, last: self._more(location, html, last),
        )

    def _more(self, location: Location, html: str, last: bool) -> None:
        """The next part of a long note: queued to be appended (see `_append_next`)."""
        if location is not self._requested or location is not self.shown:
            return
        self._chunks.append(html)
        self._last_in = last
        self._appender.start()

    def _append_next(self) -> None:
        """Append one queued chunk, and come back on the next event-loop turn for the next
        (Qt takes each chunk on the GUI thread: one turn each keeps the window responsive).
        Once the last is in, the place asked for (a line, an anchor) is shown if the reader
        has not moved meanwhile."""
        location = self.shown
        if location is None or location is not self._requested:
            self._chunks.clear()
            return
        if self._chunks:
            if self._over_budget(location):
                self._wait_for_reader(location)
                return
            self.pane.append_html(self._chunks.popleft())
            if self._chunks:
                self._appender.start()
                return
        if not self._last_in:
            return  # more parts are on their way
        self._waiting_for_reader = False
        # The line or anchor asked for may have come in a later part: the first look went
        # to the nearest place the first part had. Looked at again unless the reader moved.
        if self.pane.scroll_position() in (0, self._looked) and (location.line or location.anchor):
            look_at(self.pane, location)
        if self._to_the_end:
            self._to_the_end = False
            bar = self.pane.verticalScrollBar()
            bar.setValue(bar.maximum())
        if self.page is not None and self.page.partial:
            self.notice.emit("")
        self.pageCompleted.emit(location)
        self._settle(location)

    @property
    def complete(self) -> bool:
        """Whether the page shown is all there (no chunk or part of it still to come)."""
        return not self._chunks and self._last_in

    @property
    def settled(self) -> bool:
        """Whether nothing more of the page shown comes until the reader asks for it."""
        return self.complete or (self._waiting_for_reader and self._last_in)

    def load_rest(self) -> None:
        """Bring the rest of a very long note now (the reader looks for something in it)."""
        self._budget = 1 << 62
        if self._waiting_for_reader:
            self._waiting_for_reader = False
            self._appender.start()

    def _over_budget(self, location: Location) -> bool:
        """A place further on was asked for (a line, an anchor): everything comes."""
        if location.line is not None or location.anchor:
            return False
        return self.pane.document().blockCount() >= self._budget

    def _wait_for_reader(self, location: Location) -> None:
        if self._near_end():  # the reader is there already
            self._read_on()
            return
        if not self._waiting_for_reader:
            self._waiting_for_reader = True
            self.notice.emit(
                "A very long note: more comes as you scroll down (Ctrl+End: all of it)"
            )
        if self._last_in:
            self._settle(location)

    def _near_end(self) -> bool:
        bar = self.pane.verticalScrollBar()
        return bar.value() >= bar.maximum() - NEAR_END_SCREENS * bar.pageStep()

    def _reader_scrolled(self, _value: int) -> None:
        if self._waiting_for_reader and self._near_end():
            self.notice.emit("")
            self._read_on()

    def _to_end(self) -> None:
        """Ctrl+End in a very long note still coming: all of it, then its end."""
        if not self.complete:
            self._to_the_end = True
            self.notice.emit("Rendering the rest of the note…")
            self.load_rest()

    def _read_on(self) -> None:
        """The next ON_DEMAND_BLOCKS blocks."""
        self._waiting_for_reader = False
        self._budget = self.pane.document().blockCount() + ON_DEMAND_BLOCKS
        self._appender.start()

    def _settle(self, location: Location) -> None:
        if not self._settled:
            self._settled = True
            self.pageSettled.emit(location)

    def _rendered(self, location: Location, page: Page) -> None:
        if location is not self._requested:
            return  # the reader moved on meanwhile
        page_shown()
        pane = self.pane
        pane.show_html(page.html)  # its head's stylesheet also styles the parts that follow
        self.shown, self.page = location, page
        self._chunks = deque(page.rest)
        self._last_in = not page.partial
        self._budget, self._waiting_for_reader, self._settled = ON_DEMAND_BLOCKS, False, False
        self._to_the_end = False
        if page.notice:
            self.notice.emit(f"This note has a problem: {page.notice}")
        look_at(self.pane, location)
        self._looked = pane.scroll_position()
        if pane.isVisible():  # on screen before the tree and panels follow it (they paint later)
            pane.viewport().repaint()
        self.pageShown.emit(location)
        if self._chunks:
            self._appender.start()
        elif not page.partial:
            self.pageCompleted.emit(location)
            self._settle(location)

    # -- links -------------------------------------------------------------------------------

    def _note_location(self, href: hrefs.Href) -> Location:
        """Where a link to a note leads. A line link (a topic page's "line 12") goes to that
        line, marking the topic there: a line inside a paragraph has no anchor of its own,
        and a long note anchors only every so many lines (`NotePane.scroll_to_line`)."""
        line = hrefs.anchor_line(href.anchor)
        if line is None:
            return Location(NOTE_PAGE, href.target, anchor=href.anchor)
        shown = self.shown
        topic = shown.key if shown is not None and shown.kind == TOPIC_PAGE else None
        return Location(NOTE_PAGE, href.target, anchor=href.anchor, line=line, highlight=topic)

    def follow_link(self, url: QUrl, where: str = HERE) -> None:
        href = href_of(url)
        if href is None:
            self.notice.emit(f"Not opened: {url.toString()}")
            return
        if href.kind == hrefs.NOTE:
            shown = self.shown
            here = shown is not None and shown.kind == NOTE_PAGE and shown.key == href.target
            if here and where == HERE:
                if href.anchor and not self.pane.scroll_to_anchor(href.anchor):
                    self.pane.scrollToAnchor(href.anchor)
                return
            self.open(self._note_location(href), where)
        elif href.kind == hrefs.TOPIC:
            self.open(Location(TOPIC_PAGE, href.target), where)
        elif href.kind == hrefs.TAG:
            self.open(Location(TAG_PAGE, href.target), where)
        elif href.kind == hrefs.TIME:
            self.timestampRequested.emit(href.target, href.seconds or 0)
        elif href.kind == hrefs.CALLOUT:
            if self.shown is not None:
                self.foldToggled.emit(self.shown.key, href.target)
        elif href.kind == hrefs.ANCHOR:
            self.pane.scrollToAnchor(href.target)
        elif href.kind == hrefs.EXTERNAL:
            self.externalRequested.emit(href.target)
        elif href.kind == hrefs.FILE:
            self.fileRequested.emit(href.target)
