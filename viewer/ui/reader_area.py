"""The note area: tabs of readers, in one group or two side by side (a split view).

Each tab is a `Reader` with its own history. The active reader (the tab the reader last used,
in the group that last had the focus) is the one the window's commands, the side panels and
the tree follow: `pageShown` and `historyChanged` are re-emitted for it alone, and again when
another tab becomes active. Closed tabs can be reopened (Ctrl+Shift+T); the open tabs, their
pages, scroll positions and histories are what the workspace saves per vault.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QSplitter, QTabBar, QTabWidget, QWidget

from ..core.names import stem_of
from ..session.location import HERE, OTHER_GROUP, WELCOME_PAGE, Location
from ..session.workspace_state import PageState, TabGroupState, TabState, WorkspaceState
from .navigator import RenderFn
from .reader import Reader

ACTIVE_PANE, OTHER_PANE = "notePane", "notePaneInactive"
CLOSED_LIMIT = 30
TITLE_CHARS = 28


class _TabBar(QTabBar):
    """Tabs that close on a middle-click, as in browsers and Obsidian."""

    middleClicked = Signal(int)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton:
            index = self.tabAt(event.position().toPoint())
            if index >= 0:
                self.middleClicked.emit(index)
                return
        super().mouseReleaseEvent(event)


class TabGroup(QTabWidget):
    """One group of reader tabs (reorderable by drag, closable)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteTabs")
        self.setAccessibleName("Open notes")
        bar = _TabBar(self)
        self.setTabBar(bar)
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.setMovable(True)
        self.setElideMode(Qt.TextElideMode.ElideRight)
        self.setUsesScrollButtons(True)
        self.middleClicked = bar.middleClicked

    def readers(self) -> list[Reader]:
        found = [self.widget(i) for i in range(self.count())]
        return [reader for reader in found if isinstance(reader, Reader)]

    def current(self) -> Reader | None:
        widget = self.currentWidget()
        return widget if isinstance(widget, Reader) else None


@dataclass
class _Closed:
    """A closed tab, kept to reopen: its history and where it stood."""

    entries: list[Location]
    index: int
    group: int


class ReaderArea(QSplitter):
    """Signals (for the active reader): `pageShown(Location)`, `historyChanged()`,
    `activeChanged(Reader)`; (from any reader) `timestampRequested(video_id, seconds)`,
    `externalRequested(url)`, `fileRequested(path)`, `notice(text)`, `linkHovered(url)`,
    `contextMenuForLink(url, position)`."""

    pageShown = Signal(object)
    pageCompleted = Signal(object)
    pageSettled = Signal(object)
    historyChanged = Signal()
    activeChanged = Signal(object)
    timestampRequested = Signal(str, int)
    foldToggled = Signal(str, str)  # a page's key and the block to fold or unfold
    externalRequested = Signal(str)
    fileRequested = Signal(object)  # a path (str): object keeps a name that is not UTF-8
    notice = Signal(str)
    linkHovered = Signal(str)
    contextMenuForLink = Signal(QUrl, QPoint)

    def __init__(self, render_for: Callable[[str], RenderFn], parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("readerArea")
        self.setChildrenCollapsible(False)
        self._render_for = render_for
        self._made = 0
        self._closed: list[_Closed] = []
        self._stale: set[Reader] = set()
        self._unopened: set[Reader] = set()  # restored tabs not yet brought to the front
        self.titles: Callable[[Location], str] = _file_title
        self._setup: list[Callable[[Reader], None]] = []
        self.groups: list[TabGroup] = []
        self._active: Reader | None = None
        self._add_group()
        self.new_tab()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    # -- readers -------------------------------------------------------------------------------

    @property
    def active(self) -> Reader:
        assert self._active is not None  # a tab always exists after construction
        return self._active

    def readers(self) -> list[Reader]:
        return [reader for group in self.groups for reader in group.readers()]

    def on_new_reader(self, setup: Callable[[Reader], None]) -> None:
        """Run `setup(reader)` for every reader, those open now and those still to come
        (zoom, theme, the vault's image folder)."""
        self._setup.append(setup)
        for reader in self.readers():
            setup(reader)

    def new_tab(
        self,
        location: Location | None = None,
        group: TabGroup | None = None,
        *,
        at: int | None = None,
        current: bool = True,
    ) -> Reader:
        """A new tab after the current one of `group` (the active group), or at index `at`,
        made current unless `current` is False."""
        group = group or self._group_of(self._active) or self.groups[0]
        self._made += 1
        reader = Reader(self._render_for(f"tab{self._made}"), group)
        _name_pane(reader.pane, OTHER_PANE)
        navigator = reader.navigator
        navigator.pageShown.connect(lambda loc, r=reader: self._shown(r, loc))
        navigator.historyChanged.connect(lambda r=reader: self._history(r))
        navigator.pageCompleted.connect(
            lambda loc, r=reader: self.pageCompleted.emit(loc) if r is self._active else None
        )
        navigator.pageSettled.connect(
            lambda loc, r=reader: self.pageSettled.emit(loc) if r is self._active else None
        )
        navigator.openElsewhere.connect(lambda loc, where, r=reader: self.open(loc, where, r))
        navigator.timestampRequested.connect(self.timestampRequested)
        navigator.foldToggled.connect(lambda key, block, r=reader: self._fold(r, key, block))
        navigator.externalRequested.connect(self.externalRequested)
        navigator.fileRequested.connect(self.fileRequested)
        navigator.notice.connect(self.notice)
        reader.pane.linkHovered.connect(self.linkHovered)
        reader.pane.contextMenuForLink.connect(self.contextMenuForLink)
        for setup in self._setup:
            setup(reader)
        position = group.currentIndex() + 1 if at is None else at
        index = group.insertTab(position, reader, "New Tab")
        if current:
            group.setCurrentIndex(index)
        if location is not None:
            navigator.navigate(location)
        return reader

    def open(self, location: Location, where: str = HERE, origin: Reader | None = None) -> None:
        """Show `location` in the active reader, a new tab beside it, or the other group."""
        origin = origin or self.active
        if where == HERE:
            origin.navigator.navigate(location)
            return
        if where == OTHER_GROUP:
            if len(self.groups) == 1:
                self._add_group()
            mine = self._group_of(origin)
            group = next(g for g in self.groups if g is not mine)
        else:
            group = self._group_of(origin) or self.groups[0]
        reader = self.new_tab(location, group)
        self.activate(reader)

    def activate(self, reader: Reader) -> None:
        group = self._group_of(reader)
        if group is not None:
            group.setCurrentWidget(reader)
        if reader is not self._active:
            self._mark_active(reader)

    def _mark_active(self, reader: Reader) -> None:
        previous, self._active = self._active, reader
        if previous is not None and previous is not reader:
            _name_pane(previous.pane, OTHER_PANE)
        _name_pane(reader.pane, ACTIVE_PANE)
        if reader in self._unopened:
            self._unopened.discard(reader)
            current = reader.navigator.history.current
            if current is not None:
                reader.navigator.navigate(current, push=False)
        elif reader in self._stale:
            self._stale.discard(reader)
            reader.navigator.refresh()
        self.activeChanged.emit(reader)
        self.historyChanged.emit()
        if reader.navigator.shown is not None:
            self.pageShown.emit(reader.navigator.shown)

    def _group_of(self, reader: Reader | None) -> TabGroup | None:
        return next((g for g in self.groups if reader in g.readers()), None)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        for reader in self.readers():
            if reader is new or reader.isAncestorOf(new):
                if reader is not self._active:
                    self._mark_active(reader)
                return

    def _current_changed(self, group: TabGroup) -> None:
        """Another tab came to the front: it becomes the active reader when its group is the
        active one (or the active reader has just left)."""
        reader = group.current()
        leading = self._group_of(self._active) in (group, None)
        if reader is not None and reader is not self._active and leading:
            self._mark_active(reader)

    # -- following readers ---------------------------------------------------------------------

    def _shown(self, reader: Reader, location: Location) -> None:
        group = self._group_of(reader)
        if group is not None:
            page = reader.navigator.page
            self._title(group, reader, page.title if page is not None and page.title else "")
        if reader is self._active:
            self.pageShown.emit(location)

    @staticmethod
    def _title(group: TabGroup, reader: Reader, title: str) -> None:
        title = title or "New Tab"
        index = group.indexOf(reader)
        short = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"
        group.setTabText(index, short)
        group.setTabToolTip(index, title)

    def _history(self, reader: Reader) -> None:
        if reader is self._active:
            self.historyChanged.emit()

    def _fold(self, reader: Reader, key: str, block: str) -> None:
        """A fold marker was clicked: the window flips it; the page is shown again where it was
        in every tab showing it."""
        self.foldToggled.emit(key, block)
        for other in self.readers():
            shown = other.navigator.shown
            if shown is not None and shown.key == key:
                other.navigator.refresh()

    def refresh_all(self) -> None:
        """The vault or the theme changed: the readers on screen show their page again, the
        others when they next come to the front."""
        for group in self.groups:
            for reader in group.readers():
                if reader is group.current():
                    reader.navigator.refresh()
                elif reader not in self._unopened:  # that one renders when it comes forward
                    self._stale.add(reader)

    # -- tabs ------------------------------------------------------------------------------------

    def close_tab(self, reader: Reader | None = None) -> None:
        """Close a tab (the active one); its place can be reopened. The last tab of a group
        closes the group; the last tab of all leaves a new one."""
        reader = reader or self.active
        group = self._group_of(reader)
        if group is None:
            return
        entries, index = reader.navigator.history.entries()
        if entries:
            self._closed.append(_Closed(entries, index, self.groups.index(group)))
            del self._closed[:-CLOSED_LIMIT]
        group.removeTab(group.indexOf(reader))  # the next tab comes to the front
        self._stale.discard(reader)
        self._unopened.discard(reader)
        reader.navigator.detach()
        reader.deleteLater()
        if group.count() == 0:
            if len(self.groups) > 1:
                self.groups.remove(group)
                group.deleteLater()
            else:
                self.new_tab(Location(WELCOME_PAGE), group)
        if self._active is reader:
            survivor = self.groups[0].current()
            if survivor is not None:
                self._mark_active(survivor)

    def reopen_closed(self) -> bool:
        if not self._closed:
            return False
        closed = self._closed.pop()
        group = self.groups[min(closed.group, len(self.groups) - 1)]
        reader = self.new_tab(None, group)
        reader.navigator.history.restore(closed.entries, closed.index)
        current = reader.navigator.history.current
        if current is not None:
            reader.navigator.navigate(current, push=False)
        self.activate(reader)
        return True

    def cycle(self, step: int) -> None:
        group = self._group_of(self._active) or self.groups[0]
        if group.count() > 1:
            self.activate(group.readers()[(group.currentIndex() + step) % group.count()])

    def go_to(self, number: int) -> None:
        """The `number`th tab (1-based) of the active group; 9 is the last, as in browsers."""
        group = self._group_of(self._active) or self.groups[0]
        readers = group.readers()
        if readers:
            self.activate(readers[-1] if number >= 9 else readers[min(number, len(readers)) - 1])

    def split(self) -> Reader:
        """Two groups side by side; the new one opens on the page shown. Already split: the
        other group takes the focus."""
        mine = self._group_of(self._active)
        if len(self.groups) == 1:
            group = self._add_group()
            shown = self.active.navigator.shown
            reader = self.new_tab(shown.at_scroll(0) if shown else Location(WELCOME_PAGE), group)
        else:
            other = next(g for g in self.groups if g is not mine)
            reader = other.current() or self.new_tab(Location(WELCOME_PAGE), other)
        self.activate(reader)
        reader.pane.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return reader

    def _add_group(self) -> TabGroup:
        group = TabGroup(self)
        group.tabCloseRequested.connect(lambda index, g=group: self._close_at(g, index))
        group.middleClicked.connect(lambda index, g=group: self._close_at(g, index))
        group.currentChanged.connect(lambda _index, g=group: self._current_changed(g))
        self.groups.append(group)
        self.addWidget(group)
        if len(self.groups) > 1:
            self.setSizes([1] * len(self.groups))
        return group

    def _close_at(self, group: TabGroup, index: int) -> None:
        reader = group.widget(index)
        if isinstance(reader, Reader):
            self.close_tab(reader)

    def focus_panes(self) -> list[QWidget]:
        """The note pane of each group's current tab, left to right (for F6)."""
        return [reader.pane for reader in (g.current() for g in self.groups) if reader]

    # -- the workspace ---------------------------------------------------------------------------

    def reset(self, location: Location) -> None:
        """One tab showing the message `location`, nothing to reopen (another vault opens)."""
        self._closed.clear()
        self._stale.clear()
        self._unopened.clear()
        for group in self.groups[1:]:
            for reader in group.readers():
                reader.navigator.detach()
            group.deleteLater()
        self.groups = self.groups[:1]
        group = self.groups[0]
        fresh = self.new_tab(None, group)
        for reader in group.readers():
            if reader is not fresh:
                group.removeTab(group.indexOf(reader))
                reader.navigator.detach()
                reader.deleteLater()
        self.activate(fresh)
        fresh.navigator.show_message(location.key, location.text)

    def state(self) -> list[TabGroupState]:
        """The open tabs as plain data: pages, scroll positions, histories."""
        groups = []
        for group in self.groups:
            tabs = []
            for reader in group.readers():
                tab = _tab_state(reader)
                if tab is not None:
                    tabs.append(tab)
            if tabs:
                groups.append(TabGroupState(tabs, max(0, group.currentIndex())))
        return groups

    def active_group(self) -> int:
        group = self._group_of(self._active)
        return self.groups.index(group) if group in self.groups else 0

    def restore(self, state: WorkspaceState) -> bool:
        """Open the saved tabs (a note that is gone shows as a clear message page). False when
        the state holds no tab. The tab that already shows the saved front page (the note
        read from its file while the vault indexed) is kept and brought up to date in place,
        not replaced by a blank one."""
        groups = [g for g in state.groups if g.tabs]
        if not groups:
            return False
        first = self.groups[0].readers()
        kept = self._showing(first, groups[0])
        for number, saved in enumerate(groups[:2]):
            if number == len(self.groups):
                self._add_group()
            group = self.groups[number]
            reuse = kept if number == 0 else None
            before = 0 if reuse is not None else group.count()  # the "Opening…" tab
            front = min(saved.active, len(saved.tabs) - 1)
            for index, tab in enumerate(saved.tabs):
                if reuse is not None and index == front:
                    reader = reuse
                else:
                    # Not brought to the front one by one: each tab made current made the
                    # window follow it (panels, titles), 8 ms a tab, all in the moment the
                    # index arrives (15 saved tabs stalled the window 130 ms).
                    at = before + index
                    reader = self.new_tab(None, group, at=at, current=False)
                back = [_location(p) for p in tab.back]
                forward = [_location(p) for p in tab.forward]
                entries = [*back, _location(tab.page), *forward]
                reader.navigator.history.restore(entries, len(back))
                current = reader.navigator.history.current
                if current is None:
                    continue
                if index == front:
                    reader.navigator.navigate(current, push=False)
                else:  # rendered when it first comes to the front: ten tabs cost one page
                    self._unopened.add(reader)
                    self._title(group, reader, self.titles(current))
            group.setCurrentIndex(before + front)
        for reader in first:
            if reader is not kept:
                self.close_tab(reader)
        self._closed.clear()
        wanted = self.groups[min(state.active_group, len(self.groups) - 1)].current()
        if wanted is not None:
            self.activate(wanted)
        return True

    @staticmethod
    def _showing(readers: list[Reader], saved: TabGroupState) -> Reader | None:
        """The one open reader already showing `saved`'s front page, if there is one."""
        if len(readers) != 1 or not saved.tabs:
            return None
        page = saved.tabs[min(saved.active, len(saved.tabs) - 1)].page
        shown = readers[0].navigator.shown
        if shown is None or (shown.kind, shown.key) != (page.kind, page.key):
            return None
        return readers[0]

    def reader_showing(self, location: Location) -> Reader | None:
        """A reader whose current page is `location`'s page."""
        for reader in self.readers():
            current = reader.navigator.history.current
            if current is not None and current.same_page(location):
                return reader
        return None


def _name_pane(pane: QWidget, name: str) -> None:
    """Name a note pane active or not; its style is worked out again (a style sheet's rules
    follow an object name only when the widget is polished anew)."""
    if pane.objectName() != name:
        pane.setObjectName(name)
        pane.style().unpolish(pane)
        pane.style().polish(pane)


def _file_title(location: Location) -> str:
    """A tab's title before its page is rendered, when nothing better is known."""
    return stem_of(location.key)


def _location(page: PageState) -> Location:
    return Location(page.kind, page.key, anchor=page.anchor, scroll=page.scroll or None)


def _page(location: Location, scroll: int | None = None) -> PageState:
    return PageState(location.kind, location.key, location.anchor, scroll or location.scroll or 0)


def _tab_state(reader: Reader) -> TabState | None:
    """A tab's page (with its scroll position now, when it is on screen) and its history;
    None for a tab that has been nowhere."""
    entries, index = reader.navigator.history.entries()
    if index < 0:
        return None
    current = entries[index]
    shown = reader.navigator.shown
    scroll = reader.pane.scroll_position() if current.same_page(shown) else None
    return TabState(
        _page(current, scroll),
        [_page(e) for e in entries[:index]],
        [_page(e) for e in entries[index + 1 :]],
    )
