"""Every page the note pane shows, as HTML: notes, topic, tag and episode pages, messages.

This is the seam between a reading session and the Qt-free renderer. It runs in worker
threads (rendering a large note must not freeze the window) and only reads the vault, which
its caller holds for reading (see `SharedVault`).
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from ..core.tags import notes_with_tag
from ..core.timestamps import format_time, video_url
from ..core.tree import EPISODE, TAG, TreeNode
from ..core.vault import Vault
from ..render import hrefs
from ..render.chunks import split_html
from ..render.episode_page import LocalCopies
from ..render.options import DEFAULT, RenderOptions
from ..render.pages import document
from ..render.parts import PART_CHARS
from ..render.renderer import NoteRenderer, body_of, render_message
from .location import (
    EPISODE_PAGE,
    MESSAGE_PAGE,
    NOTE_PAGE,
    TAG_PAGE,
    TOPIC_PAGE,
    WELCOME_PAGE,
    Location,
)


@dataclass(frozen=True, slots=True)
class Page:
    html: str
    title: str
    notice: str = ""  # a problem worth a line in the status bar (bad encoding, frontmatter)
    exists: bool = True  # False: the page stands in for a note or topic that is not there
    partial: bool = False  # the first part of a long note: the rest follows
    # Body chunks to append after `html`, one per event-loop turn (see render.chunks).
    rest: tuple[str, ...] = ()


Options = RenderOptions
Media = LocalCopies | None  # the video folders' local copies, for episode pages

# Problems that leave nothing to read: the page says so instead of showing an empty note.
UNREADABLE = {"binary": "it holds binary data, not text", "unreadable": "it cannot be read"}


def message_page(title: str, text: str, theme: str = "light", *, exists: bool = True) -> Page:
    """A page for errors and empty states; needs no vault."""
    return Page(render_message(title, text, theme).html, title, exists=exists)


def chunked(page: Page, theme: str) -> Page:
    """`page` with only its body's first chunk in `html` and the others in `rest`, when its
    body is too big for Qt to take in one step (see render.chunks)."""
    body = body_of(page.html)
    first, *rest = split_html(body)
    if not rest:
        return page
    html = document(first, theme, page.title)
    return replace(page, html=html, rest=tuple(rest))


def location_for_node(node: TreeNode) -> Location | None:
    """The page a tree row opens that is not a note (notes open by `node.note`)."""
    if node.kind == TAG:
        return Location(TAG_PAGE, node.key)
    if node.kind == EPISODE:
        return Location(EPISODE_PAGE, node.key)
    return None


class PageRenderer:
    """Renders `Location`s of one vault, in either theme; a renderer per theme is kept (each
    caches what it rendered)."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self._renderers: dict[str, NoteRenderer] = {}
        self._lock = threading.Lock()

    def renderer(self, theme: str) -> NoteRenderer:
        with self._lock:
            renderer = self._renderers.get(theme)
            if renderer is None:
                renderer = self._renderers[theme] = NoteRenderer(self.vault, theme=theme)
            return renderer

    def forget(self) -> None:
        """Drop cached renderings after live changes (embeds make any note depend on any)."""
        with self._lock:
            for renderer in self._renderers.values():
                renderer.clear_cache()

    def render(
        self,
        location: Location,
        theme: str,
        options: RenderOptions = DEFAULT,
        media: LocalCopies | None = None,
    ) -> Page:
        """The page at `location`; `options` say how wide images may be and which folds are
        flipped, `media` which videos have a local copy (an episode page names it)."""
        # Looked up by name, not kept as bound methods: a renderer must hold no reference
        # cycle, or a vault it was frozen with (see core.indexer.gc_paused) is never freed.
        method = _RENDERERS.get(location.kind)
        if method is None:
            return message_page(location.kind.capitalize(), location.key, theme)
        render: Callable[[Location, str, Options, Media], Page] = getattr(self, method)
        return chunked(render(location, theme, options, media), theme)

    def note_parts(
        self,
        location: Location,
        theme: str,
        options: RenderOptions = DEFAULT,
        part_chars: int = PART_CHARS,
        first_chars: int | None = None,
    ) -> Iterator[Page]:
        """A note in parts of about `part_chars` source characters, the first of about
        `first_chars` when given (see `NoteRenderer.render_parts`): the first page holds a
        whole document, each later one only its part; each but the last is `partial`. A note
        that cannot be shown gives its message page alone."""
        problem = self._note_problem(location, theme)
        if problem is not None:
            yield problem
            return
        renderer = self.renderer(theme)
        note = self.vault.notes[location.key]
        notice = "; ".join(f"{p.kind}: {p.detail}" for p in note.problems)
        for part in renderer.render_parts(location.key, options, part_chars, first_chars):
            first, *rest = split_html(part.html)
            html = document(first, theme, part.title) if part.index == 0 else first
            yield Page(html, part.title, notice, partial=not part.last, rest=tuple(rest))

    def _welcome(self, location: Location, theme: str, options: Options, media: Media) -> Page:
        return message_page(
            "Welcome", "Pick a note in the tree, or press Ctrl+O to find one.", theme
        )

    def _message(self, location: Location, theme: str, options: Options, media: Media) -> Page:
        return message_page(location.key, location.text, theme)

    # -- kinds -------------------------------------------------------------------------------

    def _note(self, location: Location, theme: str, options: Options, media: Media) -> Page:
        problem = self._note_problem(location, theme)
        if problem is not None:
            return problem
        note = self.vault.notes[location.key]
        rendered = self.renderer(theme).render(location.key, options)
        notice = "; ".join(f"{p.kind}: {p.detail}" for p in note.problems)
        return Page(rendered.html, rendered.title, notice)

    def _note_problem(self, location: Location, theme: str) -> Page | None:
        """The message page of a note that is gone or cannot be read (None: it can be shown).
        Gone means from the disk too: a reopen shows the index the cache last saw while it
        scans, and a file deleted meanwhile is still in it for a moment."""
        note = self.vault.notes.get(location.key)
        if note is None or not (self.vault.root / location.key).exists():
            return message_page(
                "This note is not in the vault",
                f"{location.key} does not exist (it may have been deleted or renamed). "
                "It opens again here as soon as it is back. Go back, or pick another note.",
                theme,
                exists=False,
            )
        for problem in note.problems:
            if problem.kind in UNREADABLE:
                return message_page(
                    f"{note.title} cannot be shown",
                    f"{location.key}: {UNREADABLE[problem.kind]} ({problem.detail}).",
                    theme,
                )
        return None

    def _topic(self, location: Location, theme: str, options: Options, media: Media) -> Page:
        rendered = self.renderer(theme).render_topic(location.key)
        return Page(rendered.html, location.key)

    def _episode(self, location: Location, theme: str, options: Options, media: Media) -> Page:
        rendered = self.renderer(theme).render_episode(
            location.key, media=media, open_note=location.origin
        )
        return Page(rendered.html, rendered.title)

    def _tag(self, location: Location, theme: str, options: Options, media: Media) -> Page:
        tag = location.key
        notes = notes_with_tag(self.vault, tag)
        count = f"{len(notes)} notes carry" if len(notes) != 1 else "1 note carries"
        lines = [f"# #{tag}", "", f"{count} this tag.", ""]
        lines += [f"- [[{path}|{title}]]" for title, path in notes]
        text = "\n".join(lines)
        return Page(self.renderer(theme).render_text(text, "").html, f"#{tag}")

    # -- hover texts ---------------------------------------------------------------------------

    def describe_href(self, url: str, time_target: Callable[[str, int], str] = video_url) -> str:
        """What a hovered link leads to, for the status bar; `time_target` says where a
        timestamp goes (the configured player)."""
        href = hrefs.parse_href(url)
        if href is None:
            return f"Blocked link: {url}"
        vault = self.vault
        if href.kind == hrefs.NOTE:
            where = f" › {href.anchor}" if href.anchor and not href.anchor.startswith("L") else ""
            return f"{vault.title_of(href.target)}{where}  —  {href.target}"
        if href.kind == hrefs.TOPIC:
            topic = vault.topic(href.target)
            count = ""
            if topic is not None:
                count = (
                    ", mentioned once"
                    if topic.mentions == 1
                    else (f", mentioned {topic.mentions} times")
                )
            return f"{href.target}  —  no note yet{count}"
        if href.kind == hrefs.TAG:
            return f"#{href.target}  —  notes with this tag"
        if href.kind == hrefs.TIME:
            seconds = href.seconds or 0
            return (
                f"Open the video at {format_time(seconds)}  —  {time_target(href.target, seconds)}"
            )
        if href.kind == hrefs.FILE:
            return f"File: {href.target}"
        return html.unescape(href.target)


_RENDERERS = {
    NOTE_PAGE: "_note",
    TOPIC_PAGE: "_topic",
    TAG_PAGE: "_tag",
    EPISODE_PAGE: "_episode",
    WELCOME_PAGE: "_welcome",
    MESSAGE_PAGE: "_message",
}
