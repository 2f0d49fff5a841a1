"""Markdown links and images, rewritten to the href contract (see `hrefs`).

Runs after inline parsing, over every ``<a>`` and ``<img>`` Python-Markdown made:

- ``[text](Other Note.md#Heading)`` resolves through the core, like a wikilink;
  ``[text](#Heading)`` becomes ``#heading`` (a place in this page; ``[text](#)`` is no
  link); ``[text](assets/file.pdf)`` becomes a ``file:`` link when the file is inside the
  vault.
- http(s) and mailto links stay; every other scheme (``javascript:``, ``data:``...) turns
  the link into plain text.
- Images come only from the vault, sized from their header (`images`); a remote image is
  never fetched: a placeholder names the link instead.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as etree
from pathlib import Path
from urllib.parse import unquote

from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, ETX, STX, AtomicString

from viewer.core.names import is_note_name, parent_of
from viewer.core.parse import Link
from viewer.core.resolve import attachment_suffix

from .boundary import inside_root
from .context import RenderContext
from .hrefs import (
    EXTERNAL_SCHEMES,
    FILE,
    INTERNAL_SCHEMES,
    file_href,
    link_anchor,
    note_href,
    parse_href,
    scheme_of,
    topic_href,
)
from .images import MAX_WIDTH, fit, image_size

_IMAGE_SIZE = re.compile(r"(\d{1,5})(?:\s*x\s*(\d{1,5}))?")
_ESCAPED = re.compile(f"{STX}([0-9]{{1,7}}){ETX}")
_OWN_CLASSES = frozenset(
    {"internal", "unresolved", "ts", "tag", "footnote-ref", "footnote-backref", "fold"}
)


def restore_escapes(text: str, prefix: str = "") -> str:
    """`text` with the characters Python-Markdown's escape pattern stashed (a table's ``\\|``)
    back in place, each after `prefix` (a backslash gives the source as written)."""
    if STX not in text:
        return text
    return _ESCAPED.sub(lambda m: prefix + chr(int(m.group(1))), text)


def image_element(
    full: Path,
    alt: str,
    width: int | None = None,
    height: int | None = None,
    max_width: int = MAX_WIDTH,
) -> etree.Element:
    """``<img>`` of a vault file with pixel dimensions: the size hint (``|100``: that width,
    aspect kept; ``|100x50``: exactly that), else the file's own size; scaled down, aspect
    kept, to `max_width` (the reading column)."""
    attributes = {"src": file_href(full), "alt": alt, "title": alt}
    natural = image_size(full)
    size: tuple[int, int] | None
    if width and height:
        size = (width, height)
    elif width and natural:
        size = (width, max(1, round(natural[1] * width / natural[0])))
    else:
        size = natural
    size = fit(size, max_width)
    if size:
        attributes["width"] = str(size[0])
        attributes["height"] = str(size[1])
    elif width:
        attributes["width"] = str(min(width, max_width))
    return etree.Element("img", attributes)


def size_hint(text: str) -> tuple[int, int | None] | None:
    """(width, height or None) of an Obsidian size hint: ``100`` or ``100x50``."""
    match = _IMAGE_SIZE.fullmatch(text.strip())
    if match is None or not int(match.group(1)):
        return None
    height = int(match.group(2)) if match.group(2) else None
    return int(match.group(1)), height or None


class LinkRewriter(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        ctx: RenderContext = self.md.vv  # type: ignore[attr-defined]
        for parent in root.iter():
            for index, child in enumerate(parent):
                if child.tag == "a" and child.get("class") not in _OWN_CLASSES:
                    self._link(ctx, child)
                elif child.tag == "img" and not child.get("src", "").startswith("file:"):
                    replacement = self._image(ctx, child)
                    replacement.tail = child.tail
                    parent[index] = replacement

    # -- links -------------------------------------------------------------------------------

    def _link(self, ctx: RenderContext, element: etree.Element) -> None:
        href = (element.get("href") or "").strip()
        if AMP_SUBSTITUTE in href:  # <a@example.org>: Python-Markdown hides it in entities
            href = html.unescape(href.replace(AMP_SUBSTITUTE, "&"))
            element.set("href", href)
        if href.startswith("#"):  # a place in this page (not a link the core indexes)
            anchor = link_anchor(unquote(href[1:]))
            if anchor is None:
                _unlink(element, "Empty link")  # `[Name](#)`: a placeholder, not a link
                return
            element.set("href", f"#{anchor}")
            element.set("class", "internal")
            return
        scheme = scheme_of(href)
        if scheme in EXTERNAL_SCHEMES:
            element.set("class", "external")
            element.set("title", element.get("title") or href)
            return
        if scheme in INTERNAL_SCHEMES and parse_href(href) is not None:
            return
        if scheme == FILE:
            parsed = parse_href(href)
            root = ctx.root
            if parsed and root is not None and inside_root(root, parsed.target) is not None:
                return
            _unlink(element, "Link outside the vault")
            return
        if scheme is not None or not href:
            _unlink(element, "Link removed")
            return
        self._relative(ctx, element, href)

    def _relative(self, ctx: RenderContext, element: etree.Element, href: str) -> None:
        if href.startswith("<") and href.endswith(">"):
            href = href[1:-1]
        path, _, fragment = href.partition("#")
        path = unquote(path)
        heading = unquote(fragment) or None
        if is_note_name(path):
            target = (
                path.lstrip("/")
                if path.startswith("/")
                else posixpath.join(parent_of(ctx.path), path)
            )
            link = Link(posixpath.normpath(target), None, heading, 0, 0, False, True)
            resolved = ctx.resolve(link)
            if ctx.is_note(resolved):
                element.set("href", note_href(resolved, link_anchor(heading)))
                element.set("class", "internal")
            else:
                name = posixpath.basename(link.target)[:-3]
                element.set("href", topic_href(name))
                element.set("class", "unresolved")
            return
        full = _vault_file(ctx, path)
        if full is None:
            _unlink(element, "File not found in the vault", "missing")
            return
        element.set("href", file_href(full))
        element.set("class", "internal")

    # -- images ------------------------------------------------------------------------------

    def _image(self, ctx: RenderContext, element: etree.Element) -> etree.Element:
        src = (element.get("src") or "").strip()
        alt = restore_escapes(element.get("alt") or "")
        hint = None
        if "|" in alt:  # Obsidian's ![alt|300](src) and ![alt|300x200](src)
            label, _, size = alt.rpartition("|")
            hint = size_hint(size)
            if hint is not None:
                alt = label
        scheme = scheme_of(src)
        if scheme in ("http", "https"):
            ctx.warn(f"remote image not loaded: {src}")
            return _placeholder("Remote image not loaded", alt or src, src)
        if scheme is None and src:
            full = _vault_file(ctx, unquote(src))
            if full is not None:
                width, height = hint or (None, None)
                return image_element(
                    full,
                    alt or posixpath.basename(src),
                    width,
                    height,
                    ctx.options.image_width,
                )
            ctx.warn(f"missing image: {src}")
            return _placeholder("Missing image", alt or src, None)
        return _placeholder("Image blocked", alt or "image", None)


def _vault_file(ctx: RenderContext, path: str) -> Path | None:
    """A vault file a relative link means: next to the note, from the vault root, or (for an
    attachment) wherever the core's resolver finds it."""
    if not path or ctx.vault is None:
        return None
    candidates = [posixpath.normpath(posixpath.join(parent_of(ctx.path), path))]
    candidates.append(posixpath.normpath(path.lstrip("/")))
    if attachment_suffix(path):
        resolved = ctx.resolve(Link(path, None, None, 0, 0, True, True))
        if resolved:
            candidates.append(resolved)
    for candidate in candidates:
        if candidate.startswith("../") or candidate == "..":
            continue
        full = ctx.vault_file(candidate)
        if full is not None:
            return full
    return None


def _unlink(element: etree.Element, why: str, css_class: str = "") -> None:
    """Keep the link's text, drop the link."""
    element.tag = "span"
    element.attrib.clear()
    element.set("title", why)
    if css_class:
        element.set("class", css_class)


def _placeholder(why: str, label: str, url: str | None) -> etree.Element:
    element = etree.Element("span", {"class": "remote", "title": why})
    element.text = AtomicString(f"{why}: ")
    if url:
        link = etree.SubElement(element, "a", {"class": "external", "href": url, "title": url})
        link.text = AtomicString(label)
    else:
        element.text = AtomicString(f"{why}: {label}")
    return element
