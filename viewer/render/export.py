"""Pages for paper and for other programs: print/PDF and one standalone HTML file.

`printable` turns a rendered page (note, episode or topic page) into one whose citations
point at the video's web address at that second, as a PDF reader can follow them; fold
markers go (a page on paper cannot unfold). `standalone` writes a note as one HTML file that
works in any browser: links to other notes become relative ``.html`` links, citations real
video addresses, images and formulas are inlined as data, and nothing is read from outside
the vault (the boundary check of `boundary`). No script is added, and the sanitizer has
already removed any a note held.

Both work on the sanitized HTML the renderer made, whose attributes are written one way
(`` name="escaped value"``), so rewriting them is exact.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from viewer.core.timestamps import video_url

from . import formulas
from .boundary import inside_file
from .hrefs import CALLOUT, FILE, NOTE, TAG, TIME, TOPIC, parse_href
from .options import EXPORT, RenderOptions

if TYPE_CHECKING:
    from .renderer import NoteRenderer

_ATTRIBUTE = re.compile(r' (href|src)="([^"]*)"')
MAX_INLINE = 20_000_000  # bytes of images one exported file may carry
_BROWSER_CSS = (
    "body { max-width: 46em; margin: 2em auto; padding: 0 1em;"
    " font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; }\n"
    "img { max-width: 100%; height: auto; }\n"
)

Rewrite = Callable[[str, str], str | None]  # (attribute, value) -> new value (None: drop)


def _rewrite(page: str, rewrite: Rewrite) -> str:
    def one(match: re.Match[str]) -> str:
        value = rewrite(match.group(1), html.unescape(match.group(2)))
        return "" if value is None else f' {match.group(1)}="{html.escape(value)}"'

    return _ATTRIBUTE.sub(one, page)


def _citation_or_fold(value: str) -> str | None:
    """A ``time:`` link's video address; None for a fold marker; else the link as it is."""
    href = parse_href(value)
    if href is not None and href.kind == TIME:
        return video_url(href.target, href.seconds)
    if href is not None and href.kind == CALLOUT:
        return None
    return value


def printable(page: str) -> str:
    """`page` (a rendered document) with citations linking the video at that second and no
    fold markers, for printing and PDF export."""
    return _rewrite(page, lambda name, value: _citation_or_fold(value) if name == "href" else value)


def standalone(renderer: NoteRenderer, path: str) -> str:
    """The note at `path` as one self-contained HTML file (see the module docstring)."""
    root = renderer.vault.root
    page = renderer.render(path, RenderOptions(target=EXPORT)).html
    folder = posixpath.dirname(path)
    budget = [MAX_INLINE]

    def rewrite(name: str, value: str) -> str | None:
        if name == "src":
            return _inline_image(root, value, budget)
        href = parse_href(value)
        if href is None:
            return value if value.startswith("#") else None
        if href.kind == NOTE:
            target = posixpath.splitext(href.target)[0] + ".html"
            relative = quote(posixpath.relpath(target, folder or "."))
            return relative + (f"#{quote(href.anchor, safe='^-_.')}" if href.anchor else "")
        if href.kind in (TOPIC, TAG):
            return None  # pages of the viewer, not files: the words stay, unlinked
        if href.kind == FILE:
            real = inside_file(root, href.target)
            if real is None:
                return None
            return posixpath.relpath(
                real.relative_to(Path(root).resolve()).as_posix(), folder or "."
            )
        return _citation_or_fold(value)

    page = _rewrite(page, rewrite)
    return page.replace("</style>", _BROWSER_CSS + "</style>", 1)


def _inline_image(root: Path, value: str, budget: list[int]) -> str | None:
    """A ``data:`` URL of an image file inside the vault, or of a drawn formula."""
    if value.startswith(f"{formulas.SCHEME}:"):
        svg = formulas.svg_for(value.split(":", 1)[1])
        return _data("image/svg+xml", svg, budget) if svg is not None else None
    href = parse_href(value)
    if href is None or href.kind != FILE:
        return None
    real = inside_file(root, href.target)
    if real is None:
        return None
    try:
        data = real.read_bytes()
    except OSError:
        return None
    kind = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
    return _data(kind, data, budget)


def _data(kind: str, data: bytes, budget: list[int]) -> str | None:
    if len(data) > budget[0]:
        return None
    budget[0] -= len(data)
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
