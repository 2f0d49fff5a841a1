"""`NoteRenderer`: a note of the vault as the HTML document the note pane shows.

Safe to call from worker threads (Markdown instances are per thread, the cache is locked;
the vault must not change during a call, which is the UI's rule for every reader). Results
are cached by (path, modification time, size, theme, vault generation): the generation moves
whenever any note changes, which is also when links may resolve elsewhere.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from viewer.core.parse import ParsedNote, parse_note
from viewer.core.record import NoteInfo

from .context import Heading, RenderContext, read_note
from .engine import body_parts
from .episode_page import LocalCopies, episode_body
from .options import DEFAULT, RenderOptions
from .pages import document, message_body, topic_body
from .parts import PART_CHARS
from .sanitize import sanitize
from .theme import THEMES

# Line anchors a page holds at most (see RenderContext.line_stride): a 30,000-paragraph note
# with one per line took Qt minutes to import; a few hundred cost next to nothing.
MAX_LINE_ANCHORS = 400

if TYPE_CHECKING:
    from viewer.core.vault import Vault

CACHE_SIZE = 64


@dataclass(frozen=True, slots=True)
class RenderedNote:
    """What the pane shows: `html` is a complete, sanitized document."""

    path: str  # vault-relative path; '' for generated pages
    title: str
    html: str
    theme: str
    warnings: tuple[str, ...] = ()
    headings: tuple[Heading, ...] = ()  # for an outline: level, text, anchor, source line


@dataclass(frozen=True, slots=True)
class RenderedPart:
    """One part of a note rendered in parts (`NoteRenderer.render_parts`).

    `html` is a sanitized body fragment, valid on its own: show part 0 as a document
    (`pages.document(part.html, theme, title)`, or `document_for`), then append each later
    part at the end (``QTextCursor.insertHtml``, with the theme's `stylesheet` set as the
    document's default stylesheet so its classes are styled). Line anchors (``L<n>``) of
    `first_line` to `last_line` are in it; `last` says the note is complete."""

    path: str
    title: str
    index: int
    html: str
    first_line: int
    last_line: int
    last: bool
    warnings: tuple[str, ...] = ()
    headings: tuple[Heading, ...] = ()  # the headings in this part


class NoteRenderer:
    """Renders notes, topic pages and messages of one vault in a switchable theme."""

    def __init__(self, vault: Vault, theme: str = "light") -> None:
        self.vault = vault
        self._theme = "light"
        self.theme = theme
        self.strict_line_breaks = _strict_line_breaks(vault)
        self._cache: OrderedDict[tuple, RenderedNote] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def theme(self) -> str:
        return self._theme

    @theme.setter
    def theme(self, theme: str) -> None:
        if theme not in THEMES:
            raise ValueError(f"unknown theme {theme!r}: expected one of {THEMES}")
        self._theme = theme

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()

    def render(self, path: str, options: RenderOptions = DEFAULT) -> RenderedNote:
        """The note at vault-relative `path` (KeyError when the vault has no such note)."""
        key = self._key(path, options)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        note = self.vault.notes[path]
        parts = list(self._parts(read_note(self.vault, path), note, key[-3], options))
        return self._remember(key, self._joined(note, parts, key[-3]))

    def render_parts(
        self,
        path: str,
        options: RenderOptions = DEFAULT,
        part_chars: int = PART_CHARS,
        first_chars: int | None = None,
    ) -> Iterator[RenderedPart]:
        """The note at `path` in parts (see `RenderedPart`), for a window that shows a long
        note's beginning at once and the rest as it comes; a part holds about `part_chars`
        characters of the source. A note shorter than `parts.SPLIT_PARTS` parts, or one
        already rendered, comes as one part; with `first_chars`, the first part ends sooner
        and the note splits when `parts.REST_CHARS` follow it. When the
        last part is out, the whole note is in the cache (`render` returns it at once)."""
        key = self._key(path, options)
        note = self.vault.notes[path]
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            yield RenderedPart(
                path,
                note.title,
                0,
                body_of(cached.html),
                1,
                1,
                True,
                cached.warnings,
                cached.headings,
            )
            return
        parts: list[RenderedPart] = []
        for part in self._parts(
            read_note(self.vault, path), note, key[-3], options, part_chars, first_chars
        ):
            parts.append(part)
            yield part
        self._remember(key, self._joined(note, parts, key[-3]))

    def document_for(self, part: RenderedPart) -> str:
        """A complete HTML document holding `part` (what to show before appending the rest)."""
        return document(part.html, self._theme, part.title)

    def render_text(
        self, text: str, path: str = "", options: RenderOptions = DEFAULT
    ) -> RenderedNote:
        """`text` rendered as if it were the note at `path` (not cached)."""
        note = parse_note(path or "untitled.md", text.encode("utf-8"))
        note.path = path
        return self._render(text, note, self._theme, options)

    def render_topic(self, name: str) -> RenderedNote:
        """The page of an unresolved topic: every mention, with its context and line."""
        title, body = topic_body(self.vault, name)
        return self._page(title, body)

    def render_episode(
        self, video_id: str, *, media: LocalCopies | None = None, open_note: str | None = None
    ) -> RenderedNote:
        """The page of an episode: title, channel, Watch link, the citation strip (the ticks
        of `open_note` emphasized), the local copy `media` knows of, and one timeline of
        every citation of the video from all its topic notes, in time order."""
        title, body = episode_body(
            self.vault, video_id, theme=self._theme, media=media, open_note=open_note
        )
        return self._page(title, body)

    def render_message(self, title: str, text: str) -> RenderedNote:
        """A page for errors, empty states and the welcome text (plain text, escaped)."""
        return render_message(title, text, self._theme)

    # -- internals ---------------------------------------------------------------------------

    def _key(self, path: str, options: RenderOptions) -> tuple:
        try:
            info = (self.vault.root / path).stat()
            stamp = (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp = (0, 0)
        return (path, *stamp, self._theme, self.vault.generation, options)

    def _remember(self, key: tuple, rendered: RenderedNote) -> RenderedNote:
        with self._lock:
            self._cache[key] = rendered
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return rendered

    def _render(
        self, text: str, note: ParsedNote | NoteInfo, theme: str, options: RenderOptions
    ) -> RenderedNote:
        return self._joined(note, list(self._parts(text, note, theme, options)), theme)

    def _parts(
        self,
        text: str,
        note: ParsedNote | NoteInfo,
        theme: str,
        options: RenderOptions,
        part_chars: int = PART_CHARS,
        first_chars: int | None = None,
    ) -> Iterator[RenderedPart]:
        ctx = RenderContext(
            vault=self.vault,
            path=note.path,
            theme=theme,
            video_id=note.video_id,
            title=note.title,
            stack=((note.path, None),),
            strict_line_breaks=self.strict_line_breaks,
            options=options,
            line_stride=max(1, text.count("\n") // MAX_LINE_ANCHORS),
        )
        ctx.warnings.extend(f"{p.kind}: {p.detail}" for p in note.problems)
        parts = body_parts(text, ctx, part_chars, first_chars)
        for index, (html, first, last_line, last) in enumerate(parts):
            if index == 0 and not html:  # nothing below the frontmatter
                html = f'<h1 class="title">{escape(note.title)}</h1>'
            safe = sanitize(html, self.vault.root)
            headings, ctx.headings = tuple(ctx.headings), []
            yield RenderedPart(
                note.path,
                note.title,
                index,
                safe,
                first,
                last_line,
                last,
                tuple(ctx.warnings),
                headings,
            )

    def _joined(
        self, note: ParsedNote | NoteInfo, parts: list[RenderedPart], theme: str
    ) -> RenderedNote:
        html = document("\n".join(part.html for part in parts), theme, note.title)
        warnings = parts[-1].warnings if parts else ()
        headings = tuple(heading for part in parts for heading in part.headings)
        return RenderedNote(note.path, note.title, html, theme, warnings, headings)

    def _page(self, title: str, body: str) -> RenderedNote:
        html = document(sanitize(body, self.vault.root), self._theme, title)
        return RenderedNote("", title, html, self._theme)


def body_of(html: str) -> str:
    """The body fragment of a document `pages.document` made."""
    start, end = html.find("<body>"), html.rfind("</body>")
    return html[start + 6 : end].strip("\n") if 0 <= start < end else html


def render_message(title: str, text: str, theme: str = "light") -> RenderedNote:
    """A message page (plain text, escaped). Needs no vault: the window shows messages before
    one is open, and when it cannot be opened."""
    html = document(sanitize(message_body(title, text), None), theme, title)
    return RenderedNote("", title, html, theme)


def _strict_line_breaks(vault: Vault) -> bool:
    """Obsidian's "strict line breaks" setting of the vault (off unless the vault says so)."""
    try:
        settings = json.loads((vault.root / ".obsidian" / "app.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(settings, dict) and settings.get("strictLineBreaks") is True
