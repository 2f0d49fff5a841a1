"""Everything the note pane shows, as HTML: notes, topic and tag pages, messages.

This is the seam between the window and the Qt-free renderer. Its methods run in worker
threads (rendering a large note must not freeze the window), so it only reads the vault.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.mentions import unlinked_mentions
from ..core.names import parent_of, stem_of
from ..core.timestamps import format_time, video_url
from ..core.tree import EPISODE, TreeNode, is_folder_note
from ..core.vault import Vault
from ..render import hrefs
from ..render.renderer import NoteRenderer, render_message
from .backlinks import MentionRow
from .history import EPISODE_PAGE, NOTE_PAGE, TAG_PAGE, TOPIC_PAGE, WELCOME_PAGE, Location

MAX_MENTION_ROWS = 2000


@dataclass(frozen=True, slots=True)
class Page:
    html: str
    title: str
    notice: str = ""  # a problem worth a line in the status bar (bad encoding, frontmatter)


# Problems that leave nothing to read: the page says so instead of showing an empty note.
UNREADABLE = {"binary": "it holds binary data, not text", "unreadable": "it cannot be read"}


def vault_for_path(path: Path) -> tuple[Path, str | None] | None:
    """(vault root, note path inside it) for a folder or a note file; None otherwise.

    A note opens in the nearest ancestor folder that holds `.obsidian`, else in its own folder.
    """
    path = path.expanduser()
    if path.is_dir():
        return path, None
    if path.is_file() and path.suffix.lower() in (".md", ".markdown"):
        folder = path.parent
        for candidate in (folder, *folder.parents):
            if (candidate / ".obsidian").is_dir():
                return candidate, path.relative_to(candidate).as_posix()
        return folder, path.name
    return None


class Pages:
    def __init__(self) -> None:
        self.vault: Vault | None = None
        self._renderers: dict[str, NoteRenderer] = {}
        self._lock = threading.Lock()

    def set_vault(self, vault: Vault | None) -> None:
        with self._lock:
            self.vault = vault
            self._renderers = {}

    def _renderer(self, theme: str) -> NoteRenderer:
        with self._lock:
            if self.vault is None:
                raise LookupError("no vault is open")
            renderer = self._renderers.get(theme)
            if renderer is None:
                renderer = self._renderers[theme] = NoteRenderer(self.vault, theme=theme)
            return renderer

    def invalidate(self, paths: list[str]) -> None:
        """Forget cached renderings after live changes (embeds make any note depend on any)."""
        with self._lock:
            for renderer in self._renderers.values():
                renderer.clear_cache()

    # -- pages -------------------------------------------------------------------------------

    def render(self, location: Location, theme: str) -> Page:
        vault = self.vault
        if location.kind == NOTE_PAGE:
            if vault is None or location.key not in vault.notes:
                return self.message(
                    "Note not found", f"There is no note {location.key} in this vault.", theme
                )
            note = vault.notes[location.key]
            for problem in note.problems:
                if problem.kind in UNREADABLE:
                    return self.message(
                        f"{note.title} cannot be shown",
                        f"{location.key}: {UNREADABLE[problem.kind]} ({problem.detail}).",
                        theme,
                    )
            rendered = self._renderer(theme).render(location.key)
            notice = "; ".join(f"{p.kind}: {p.detail}" for p in note.problems)
            return Page(rendered.html, rendered.title, notice)
        if location.kind == TOPIC_PAGE:
            return Page(self._renderer(theme).render_topic(location.key).html, location.key)
        if location.kind == TAG_PAGE:
            return self._tag_page(location.key, theme)
        if location.kind == EPISODE_PAGE:
            rendered = self._renderer(theme).render_episode(location.key)
            return Page(rendered.html, rendered.title)
        if location.kind == WELCOME_PAGE:
            return self.message(
                "Welcome", "Pick a note in the tree, or press Ctrl+O to find one.", theme
            )
        return self.message(location.kind.capitalize(), location.key, theme)

    def message(self, title: str, text: str, theme: str = "light") -> Page:
        """A page for errors and empty states; needs no vault."""
        return Page(render_message(title, text, theme).html, title)

    def _tag_page(self, tag: str, theme: str) -> Page:
        vault = self.vault
        notes = []
        if vault is not None:
            wanted = tag.casefold()
            for path, note in vault.notes.items():
                if any(
                    t.casefold() == wanted or t.casefold().startswith(wanted + "/")
                    for t in note.tags
                ):
                    notes.append((note.title, path))
        notes.sort(key=lambda item: item[0].casefold())
        lines = [f"# #{tag}", "", f"{len(notes)} notes carry this tag.", ""]
        lines += [f"- [[{path}|{title}]]" for title, path in notes]
        text = "\n".join(lines)
        return Page(self._renderer(theme).render_text(text, "").html, f"#{tag}")

    def parent_page(self, path: str) -> str | None:
        """The folder (channel) page above a note: the nearest folder note."""
        vault = self.vault
        if vault is None:
            return None
        folder = parent_of(path)
        if is_folder_note(path):
            folder = parent_of(folder)
        while folder:
            candidate = f"{folder}/{folder.rsplit('/', 1)[-1]}.md"
            found = next((p for p in vault.notes if p.casefold() == candidate.casefold()), None)
            if found and found != path:
                return found
            folder = parent_of(folder)
        return None

    def location_for_node(self, node: TreeNode) -> Location | None:
        if node.kind == "tag":
            return Location(TAG_PAGE, node.key)
        if node.kind == EPISODE:
            return Location(EPISODE_PAGE, node.key)
        return None

    # -- mentions ------------------------------------------------------------------------------

    def mention_rows(self, location: Location) -> list[MentionRow]:
        vault = self.vault
        if vault is None:
            return []
        if location.kind == NOTE_PAGE:
            mentions = vault.backlinks(location.key)
        else:
            mentions = vault.topic_mentions(location.key)
        shown_as = vault.title_of(location.key) if location.kind == NOTE_PAGE else location.key
        rows = []
        for mention in mentions[:MAX_MENTION_ROWS]:
            link = mention.link
            written = link.target.rsplit("/", 1)[-1] or stem_of(location.key)
            if location.kind == NOTE_PAGE and " " not in written and "_" in written:
                written = shown_as  # the renderer shows file-name links by title
            rows.append(
                MentionRow(
                    mention.source,
                    vault.title_of(mention.source),
                    mention.line,
                    vault.context(mention.source, mention.line, mention.column),
                    link.alias or written,
                    (link.alias or shown_as,),
                )
            )
        return rows

    def unlinked_rows(self, path: str) -> list[MentionRow]:
        vault = self.vault
        if vault is None or path not in vault.notes:
            return []
        return [
            MentionRow(m.source, m.title, m.line, m.context, m.matched, (m.matched,))
            for m in unlinked_mentions(vault, path)
        ]

    # -- status bar ----------------------------------------------------------------------------

    def describe_href(self, url: str, time_target: Callable[[str, int], str] = video_url) -> str:
        """What a hovered link leads to, for the status bar; `time_target` says where a
        timestamp goes (the configured player)."""
        href = hrefs.parse_href(url)
        if href is None:
            return f"Blocked link: {url}"
        vault = self.vault
        if href.kind == hrefs.NOTE:
            title = vault.title_of(href.target) if vault else href.target
            where = f" › {href.anchor}" if href.anchor and not href.anchor.startswith("L") else ""
            return f"{title}{where}  —  {href.target}"
        if href.kind == hrefs.TOPIC:
            topic = vault.topic(href.target) if vault else None
            count = f", mentioned {topic.mentions} times" if topic else ""
            return f"{href.target}  —  no note yet{count}"
        if href.kind == hrefs.TAG:
            return f"#{href.target}  —  notes with this tag"
        if href.kind == hrefs.TIME:
            seconds = href.seconds or 0
            target = time_target(href.target, seconds)
            return f"Open the video at {format_time(seconds)}  —  {target}"
        if href.kind == hrefs.FILE:
            return f"File: {href.target}"
        return html.unescape(href.target)
