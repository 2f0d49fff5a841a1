"""Where readers get their pages: rendered from the open vault in a worker thread (under the
vault's read lock), or at once for pages that need no vault (messages, the welcome text)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject

from ..core.vault import Vault
from ..render.episode_page import LocalCopies
from ..render.options import RenderOptions
from ..render.parts import PART_CHARS, splits
from ..session.location import MESSAGE_PAGE, NOTE_PAGE, Location
from ..session.pages import Page, PageRenderer, message_page
from .navigator import Done, More, RenderFn
from .vault_session import VaultSession

BIG_NOTE_BYTES = 300_000  # notes this large come in parts, with a "Rendering…" notice
# Smaller notes come in smaller parts: a 61 KB channel index took 130 ms to render whole (note
# switches over 200 notes: p99 120-130 ms); a part of the render that long is a note switch.
SHORT_PART_CHARS = 12_000
# A note's first part: about a screenful of a typical note (citations' markup included) in a
# 1400 x 900 window. The reader waits for it alone; the rest follows while they read (on the
# benchmark vault, the median note switch went from 28 to 15-16 ms, p99 from 90 to 38-46).
FIRST_SCREEN_CHARS = 3_000


class PageSource(QObject):
    """Renders for the readers with what the window knows: the theme, the reading column
    (images are scaled to it), the folds the reader flipped in each note this session,
    and the local copies of videos."""

    def __init__(
        self,
        theme: Callable[[], str],
        column: Callable[[], int],
        notice: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._theme, self._column, self._notice = theme, column, notice
        self.session: VaultSession | None = None
        self.media: LocalCopies | None = None
        self._folds: dict[str, frozenset[str]] = {}

    def set_session(self, session: VaultSession | None) -> None:
        self.session = session
        self._folds = {}

    def flip_fold(self, page_key: str, block_id: str) -> None:
        """Open a folded callout (or fold an open one) in a note, for the rest of the session."""
        self._folds[page_key] = self._folds.get(page_key, frozenset()) ^ {block_id}

    def options(self, location: Location) -> RenderOptions:
        return RenderOptions(
            image_width=self._column(), toggled=self._folds.get(location.key, frozenset())
        )

    def renderer(self, channel: str) -> RenderFn:
        """A render function for one reader: its requests supersede only each other."""
        return lambda location, done, more: self.render(channel, location, done, more)

    def render(self, channel: str, location: Location, done: Done, more: More) -> None:
        theme = self._theme()
        session = self.session
        if location.kind == MESSAGE_PAGE:
            done(message_page(location.key, location.text, theme))
            return
        if session is None or (session.pages is None and not self._previewed(location)):
            done(message_page("Opening the vault…", "The page follows in a moment.", theme))
            return
        with session.reading() as vault:
            size = _note_size(vault, location)
        if size > BIG_NOTE_BYTES:
            self._notice(f"Rendering a large note ({size / 1e6:.1f} MB)…")
        options, media = self.options(location), self.media

        def work(pages: PageRenderer) -> Page:
            return pages.render(location, theme, options, media)

        def failed(error: str) -> None:
            done(message_page("This page could not be shown", error, theme))

        channel = f"render:{channel}"
        pages = session.pages
        if (
            pages is not None
            and location.kind == NOTE_PAGE
            and splits(size, SHORT_PART_CHARS, FIRST_SCREEN_CHARS)
        ):
            part_chars = PART_CHARS if size > BIG_NOTE_BYTES else SHORT_PART_CHARS
            self._in_parts(session, channel, pages, location, part_chars, done, more, failed)
            return
        if pages is not None:
            session.read(channel, lambda _vault: work(pages), done, failed)
            return
        preview = session.preview  # the note alone, before the index: no one changes it
        assert preview is not None
        session.tasks.run(channel, lambda: work(preview), done, failed)

    def _in_parts(
        self,
        session: VaultSession,
        channel: str,
        pages: PageRenderer,
        location: Location,
        part_chars: int,
        done: Done,
        more: More,
        failed: Callable[[str], None],
    ) -> None:
        """A note in parts: its first screen shown before the rest is rendered, each later
        part appended as it comes (small enough for Qt to take on the GUI thread: documents
        are never built in a worker, which would leave a Qt object for a worker thread to
        delete)."""
        theme, options = self._theme(), self.options(location)
        first = [True]

        def parts(_vault: Vault) -> Iterator[Page]:
            return pages.note_parts(location, theme, options, part_chars, FIRST_SCREEN_CHARS)

        def arrived(page: Page) -> None:
            if first:
                first.clear()
                done(page)
                return
            chunks = (page.html, *page.rest)
            for number, chunk in enumerate(chunks, start=1):
                more(chunk, not page.partial and number == len(chunks))

        session.stream(channel, parts, arrived, lambda _none: None, failed, first_alone=True)

    def _previewed(self, location: Location) -> bool:
        """Whether the note at `location` can be shown before the index exists."""
        preview = self.session.preview if self.session is not None else None
        return (
            preview is not None
            and location.key in preview.vault.notes
            and (location.kind == NOTE_PAGE)
        )


def _note_size(vault: Vault | None, location: Location) -> int:
    entry = vault.files.get(location.key) if vault is not None else None
    return entry.size if entry is not None else 0
