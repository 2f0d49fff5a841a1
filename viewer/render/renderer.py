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
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from viewer.core.parse import ParsedNote, parse_note
from viewer.core.record import NoteInfo

from .context import RenderContext, read_note
from .engine import render_body
from .episode_page import LocalCopies, episode_body
from .pages import document, message_body, topic_body
from .sanitize import sanitize
from .theme import THEMES

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

    def render(self, path: str) -> RenderedNote:
        """The note at vault-relative `path` (KeyError when the vault has no such note)."""
        note = self.vault.notes[path]
        theme = self._theme
        try:
            info = (self.vault.root / path).stat()
            stamp = (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp = (0, 0)
        key = (path, *stamp, theme, self.vault.generation)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        rendered = self._render(read_note(self.vault, path), note, theme)
        with self._lock:
            self._cache[key] = rendered
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return rendered

    def render_text(self, text: str, path: str = "") -> RenderedNote:
        """`text` rendered as if it were the note at `path` (not cached)."""
        note = parse_note(path or "untitled.md", text.encode("utf-8"))
        note.path = path
        return self._render(text, note, self._theme)

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

    def _render(self, text: str, note: ParsedNote | NoteInfo, theme: str) -> RenderedNote:
        ctx = RenderContext(
            vault=self.vault,
            path=note.path,
            theme=theme,
            video_id=note.video_id,
            title=note.title,
            stack=((note.path, None),),
            strict_line_breaks=self.strict_line_breaks,
        )
        ctx.warnings.extend(f"{p.kind}: {p.detail}" for p in note.problems)
        body = render_body(text, ctx)
        if not body:  # nothing below the frontmatter: Python-Markdown skips its processors
            body = f'<h1 class="title">{escape(note.title)}</h1>'
        html = document(sanitize(body, self.vault.root), theme, note.title)
        return RenderedNote(note.path, note.title, html, theme, tuple(ctx.warnings))

    def _page(self, title: str, body: str) -> RenderedNote:
        html = document(sanitize(body, self.vault.root), self._theme, title)
        return RenderedNote("", title, html, self._theme)


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
