"""What the Markdown extensions need to know about the note being rendered.

One `RenderContext` per conversion (an embed gets its own), set on the thread's Markdown
instance for the duration of `engine.convert`; the extensions read it, never global state,
which is what makes rendering safe in worker threads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

from viewer.core.parse import Link, decode
from viewer.core.resolve import attachment_suffix

from .boundary import inside_file
from .options import DEFAULT, RenderOptions

if TYPE_CHECKING:
    from viewer.core.vault import Vault

EMBED_BUDGET = 1_000_000  # characters of embedded HTML one page may hold, all embeds together
MAX_EMBEDS = 200  # framed embeds on one page, all depths together
# `^block` ids anchored on one page, at most: Qt's import cost grows with the square of a
# page's named anchors (20,000 ids: over a second of the GUI thread); a link to a block past
# these opens the note at its top.
MAX_BLOCK_ANCHORS = 400


@dataclass(slots=True)
class Budget:
    """What is left of a page's embed budget (shared by the page and all its embeds)."""

    left: int = EMBED_BUDGET
    frames: int = MAX_EMBEDS
    noticed: bool = False  # the page already says that it stopped embedding

    def spend(self, html: str) -> str:
        self.left -= len(html)
        return html


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of a rendered note, for an outline: `anchor` is its element id (what
    ``[[note#Heading]]`` links to), `line` its source line (None in generated text)."""

    level: int
    text: str
    anchor: str
    line: int | None


@dataclass(slots=True)
class Footnotes:
    """A note's footnotes while it renders in parts: every definition (read from the whole
    note, plus inline ones as they are met) and the order their references were read in, so
    numbers run on from part to part and the last part lists them all."""

    definitions: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    last: bool = False  # rendering the last part


IMAGE_SUFFIXES = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "avif", "ico"})


@dataclass(slots=True)
class RenderContext:
    vault: Vault | None
    path: str  # vault-relative path of the note ('' for text that belongs to none)
    theme: str = "light"
    video_id: str | None = None
    title: str | None = None  # shown as h1 unless the note starts with its own; None in embeds
    first_line: int | None = 1  # source line of the text's first line; None: no line anchors
    # Lines apart that line anchors may be: Qt's HTML import cost grows with the square of
    # the anchors it holds, so a long note gets one per `line_stride` lines, not one a line.
    line_stride: int = 1
    last_anchor: int = -(10**9)  # the last line given an anchor (carried across parts)
    block_anchors_left: int = MAX_BLOCK_ANCHORS  # `^id` anchors this page may still give
    depth: int = 0  # embed depth (0: the note itself)
    part: int = 0  # which part of a note rendered in parts (only part 0 has the title)
    stack: tuple[tuple[str, str | None], ...] = ()  # (path, section) of the embeds around us
    strict_line_breaks: bool = False
    snippet: bool = False  # a context snippet: one line of inline markdown, no blocks
    options: RenderOptions = DEFAULT
    warnings: list[str] = field(default_factory=list)
    # Ids of foldable blocks given out on this page (shared with its embeds): id -> count.
    block_ids: dict[str, int] = field(default_factory=dict)
    embed_budget: Budget = field(default_factory=Budget)
    heading_ids: dict[str, int] = field(default_factory=dict)  # heading id -> times given
    heading_ids_given: int = 0  # ids on this page's headings so far (see MAX_HEADING_IDS)
    inline_notes: int = 0  # inline footnotes numbered so far
    footnotes: Footnotes | None = None  # set when the note renders in parts
    references: dict[str, tuple[str, str]] = field(default_factory=dict)  # [id]: (url, title)
    properties: str = ""  # HTML of the Properties block, shown under the title
    headings: list[Heading] = field(default_factory=list)  # the note's, in reading order
    # Renders an embedded note: (path, section heading or ^block, line, width its containers
    # take from the column) -> HTML.
    embed: Callable[[RenderContext, str, str | None, int | None, int], str] | None = None

    @property
    def root(self) -> Path | None:
        return self.vault.root if self.vault is not None else None

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def resolve(self, link: Link) -> str | None:
        """The vault path `link` means, by the core's rules (so render and index agree)."""
        if self.vault is None:
            return None
        return self.vault.resolve_link(self.path, link)

    def read(self, path: str) -> str:
        return read_note(self.vault, path) if self.vault is not None else ""

    def is_note(self, path: str | None) -> TypeGuard[str]:
        return path is not None and self.vault is not None and path in self.vault.notes

    def vault_file(self, path: str) -> Path | None:
        """Real path of the vault-relative `path` when it is a file inside the vault."""
        root = self.root
        if root is None or not path or path.startswith("/") or "\\" in path:
            return None
        return inside_file(root, root / path)


def read_note(vault: Vault, path: str) -> str:
    """Text of the vault note at `path`, read now ('' when unreadable or when its real path
    lies outside the vault: a symlinked note never shows what it points at, unless the vault
    was opened to follow links out).

    Read here rather than through `Vault.read_text`, whose cache is not thread-safe and may
    hold text older than the modification time the renderer's cache is keyed by."""
    real = inside_file(vault.root, vault.root / path)
    if real is None:
        if not (vault.allow_outside and path in vault.notes):
            return ""
        real = vault.root / path  # the reader chose to follow this vault's links out
    try:
        return decode(real.read_bytes())[0] or ""
    except OSError:
        return ""


def is_image(path: str) -> bool:
    return attachment_suffix(path) in IMAGE_SUFFIXES
