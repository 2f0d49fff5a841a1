"""Inline patterns for Obsidian's syntax: wikilinks and embeds, citations, ==highlights==,
~~strikethrough~~, #tags, bare web addresses and soft line breaks.

Wikilinks are resolved by the core (`Vault.resolve_link` on a `Link` built from the same
pieces the parser records), so a rendered link always lands where the index says it does.
Citations use the core's `resolve_seconds`, so a rendered time is the time `doctor` checks.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown.inlinepatterns import InlineProcessor
from markdown.util import STX, AtomicString

# The parser's own reading of `target#heading | alias`: the renderer must split a link exactly
# as the index did, so it uses the very same function.
from viewer.core.names import file_name
from viewer.core.parse import Link, split_wikilink
from viewer.core.resolve import attachment_suffix
from viewer.core.timestamps import Timestamp, format_time, parse_time, resolve_seconds

from . import marks
from .context import RenderContext, is_image
from .hrefs import file_href, link_anchor, note_href, tag_href, time_href, topic_href
from .links import image_element, restore_escapes, size_hint

# What an inline processor returns: the element (or None), and where the match starts and ends.
Handled = tuple[etree.Element | str | None, int | None, int | None]

# A wikilink, optionally as the destination of a markdown link (`[label]([[target]])`).
WIKILINK = r"(\[([^\[\]\n]*)\]\(\s*)?(!?)\[\[([^\[\]\n]+)\]\]"
# A citation, optionally as the destination of a markdown link (`[label](<a ...>[..]</a>)`, a
# generator quirk the core reads as a citation).
TIMESTAMP = r"(?i)(\[([^\[\]\n]*)\]\(\s*)?<a\s([^>]*)>(.*?)</a\s*>"
# Tempered (no `==` inside): each attempt stops at the next `==`, so a line of openers that
# never close is read once, not once per opener.
HIGHLIGHT = r"==(?=\S)((?:(?!==).)+?)(?<=\S)=="
STRIKE = r"~~(?=\S)((?:(?!~~).)+?)(?<=\S)~~"
TAG = r"#([\w/\-]*[^\W\d][\w/\-]*)"
SOFT_BREAK = r"\n"
# A bare web address in running text (GFM's autolink literal, which Obsidian follows).
BARE_URL = r"(?<![\w/<\"'=@])https?://[^\s<>\[\]\"'`]+"

_DATA_T = re.compile(r"""\bdata-t\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_MARKUP = re.compile(r"<[^<>]*>")
_LINK_CLOSE = re.compile(r"\s*\)")
NBSP = "\u00a0"

EMBED_TAG = "vv-embed"  # placeholder element, replaced by the embeds treeprocessor


def visible_text(markup: str) -> str:
    """Text of inline HTML (tags dropped, entities decoded), as the core reads link text."""
    if "<" in markup:
        markup = _MARKUP.sub("", markup)
    return html.unescape(markup).strip() if "&" in markup else markup.strip()


class _Processor(InlineProcessor):
    @property
    def ctx(self) -> RenderContext:
        return self.md.vv  # type: ignore[attr-defined]

    def source(self, text: str) -> str:
        """`text` as the note wrote it: escapes the escape pattern already took out (a
        table's ``[[a\\|b]]``) come back with their backslash, as the core reads them."""
        if STX not in text:
            return text
        return restore_escapes(self.unescape(text), "\\")


class TimestampProcessor(_Processor):
    """``<a class="yt-timestamp" data-t="01:18:18">[01:18:18]</a>`` -> a ``time:`` link."""

    def handleMatch(self, m: re.Match[str], data: str) -> Handled:  # type: ignore[override]
        attributes = m.group(3)
        if "yt-timestamp" not in attributes:
            return None, None, None
        found = _DATA_T.search(attributes)
        data_t = visible_text(next(g for g in found.groups() if g is not None)) if found else None
        text = visible_text(m.group(4))
        seconds = resolve_seconds(data_t, text)
        element = self._citation(data_t, text, seconds)
        start, end = m.start(0), m.end(0)
        if m.group(1):
            close = _LINK_CLOSE.match(data, end)
            if close is None:  # not a link after all: only the citation
                return element, m.end(1), end
            end = close.end()
            label = m.group(2).strip()
            if label and parse_time(label) != seconds:  # keep words, drop a repeated time
                wrapper = etree.Element("span")
                wrapper.text = label + " "
                wrapper.append(element)
                element = wrapper
        return element, start, end

    def _citation(self, data_t: str | None, text: str, seconds: int | None) -> etree.Element:
        ctx = self.ctx
        if seconds is None:
            label = Timestamp(text, data_t, None, 0, 0).label
            ctx.warn(f"invalid timestamp: {label}")
            element = etree.Element("span", {"class": "ts-invalid", "title": "Invalid timestamp"})
            element.text = AtomicString(label)
            return element
        when = format_time(seconds)
        if not ctx.video_id:
            element = etree.Element(
                "span", {"class": "ts-plain", "title": "No video for this note"}
            )
            element.text = AtomicString(when)
            return element
        element = etree.Element(
            "a",
            {"class": "ts", "href": time_href(ctx.video_id, seconds), "title": f"Open at {when}"},
        )
        element.text = AtomicString(f"{NBSP}▶{NBSP}{when}{NBSP}")
        return element


def _is_file_name(target: str) -> bool:
    """A link written as a slug-like file name rather than words (`future_of_work`)."""
    name = file_name(target)
    return " " not in name and "_" in name


class WikilinkProcessor(_Processor):
    """``[[target#heading | alias]]`` and ``![[embed]]``."""

    def handleMatch(self, m: re.Match[str], data: str) -> Handled:  # type: ignore[override]
        parts = split_wikilink(self.source(m.group(4)))
        if parts is None:
            return None, None, None
        target, heading, alias = parts
        start, end = m.start(0), m.end(0)
        if m.group(1):
            close = _LINK_CLOSE.match(data, end)
            if close is None:  # not a link after all: only the wikilink
                start = m.end(1)
            else:
                end = close.end()
                alias = alias or m.group(2).strip() or None
        embed = bool(m.group(3))
        ctx = self.ctx
        link = Link(target, alias, heading, 0, 0, embed, False)
        resolved = ctx.resolve(link)
        element = self._embed(ctx, link, resolved) if embed else self._link(ctx, link, resolved)
        return element, start, end

    @staticmethod
    def _label(link: Link) -> str:
        if link.alias:
            return link.alias
        heading = (link.heading or "").strip()
        if not link.target:
            return heading.lstrip("^") if heading.startswith("^") else heading
        return f"{link.target} › {heading}" if heading else link.target

    def _link(self, ctx: RenderContext, link: Link, resolved: str | None) -> etree.Element:
        label = self._label(link)
        if ctx.is_note(resolved) and not link.alias and _is_file_name(link.target):
            # Generated wikis link by file name (`[[future_of_work]]`); a reader knows the
            # note by its title, as the backlinks panel shows it too.
            note = ctx.vault.notes.get(resolved) if ctx.vault is not None else None
            if note is not None and note.has_frontmatter_title:
                heading = (link.heading or "").strip()
                label = f"{note.title} › {heading}" if heading else note.title
        if ctx.is_note(resolved):
            element = etree.Element(
                "a",
                {
                    "class": "internal",
                    "href": note_href(resolved, link_anchor(link.heading)),
                    "title": resolved,
                },
            )
        elif resolved is not None and (full := ctx.vault_file(resolved)) is not None:
            element = etree.Element(
                "a", {"class": "internal", "href": file_href(full), "title": resolved}
            )
        elif attachment_suffix(link.target):
            element = etree.Element("span", {"class": "missing", "title": "File not found"})
        else:
            element = etree.Element(
                "a",
                {
                    "class": "unresolved",
                    "href": topic_href(link.target),
                    "title": f"No note named “{link.target}”",
                },
            )
        element.text = AtomicString(label)
        return element

    def _embed(self, ctx: RenderContext, link: Link, resolved: str | None) -> etree.Element:
        if resolved is not None and not ctx.is_note(resolved):
            full = ctx.vault_file(resolved)
            if full is not None and is_image(resolved):
                # `|100`, `|100x50`, or a caption then a size: `|A chart|100`.
                caption, _, size = (link.alias or "").rpartition("|")
                hint = size_hint(size)
                width, height = hint or (None, None)
                alt = (caption if hint else link.alias) or file_name(resolved)
                return image_element(full, alt, width, height, ctx.options.image_width)
            if full is not None:
                return self._link(ctx, link._replace(embed=False), resolved)
        if not ctx.is_note(resolved):
            element = etree.Element(
                "span", {"class": "missing", "title": "Embedded file not found"}
            )
            element.text = AtomicString(f"![[{link.target}]]")
            ctx.warn(f"missing embed: {link.target}")
            return element
        return etree.Element(
            EMBED_TAG,
            {"path": resolved, "section": link.heading or "", "label": self._label(link)},
        )


class HighlightProcessor(InlineProcessor):
    """``==text==`` -> a highlighted span (Qt has no ``<mark>``)."""

    def handleMatch(self, m: re.Match[str], data: str) -> Handled:  # type: ignore[override]
        element = etree.Element("span", {"class": "hl"})
        element.text = m.group(1)
        return element, m.start(0), m.end(0)


class StrikeProcessor(InlineProcessor):
    """``~~text~~`` -> struck-through text."""

    def handleMatch(self, m: re.Match[str], data: str) -> Handled:  # type: ignore[override]
        element = etree.Element("s")
        element.text = m.group(1)
        return element, m.start(0), m.end(0)


class TagProcessor(InlineProcessor):
    """``#tag`` after whitespace (or at a line start) -> a ``tag:`` link, as the core reads
    inline tags."""

    def handleMatch(self, m: re.Match[str], data: str) -> Handled:  # type: ignore[override]
        start = m.start(0)
        if start > 0 and not (data[start - 1].isspace() or data[start - 1] == marks.CLOSE):
            return None, None, None
        element = etree.Element("a", {"class": "tag", "href": tag_href(m.group(1).strip("/"))})
        element.text = AtomicString(f"{NBSP}#{m.group(1)}{NBSP}")  # a pill
        return element, start, m.end(0)


class SoftBreakProcessor(_Processor):
    """A newline inside a paragraph is a line break unless the vault asks for strict line
    breaks (Obsidian's default is not strict)."""

    def handleMatch(self, m: re.Match[str], data: str) -> Handled:  # type: ignore[override]
        if self.ctx.strict_line_breaks:
            return None, None, None
        return etree.Element("br"), m.start(0), m.end(0)


class BareUrlProcessor(InlineProcessor):
    """``https://example.org`` in running text -> an external link (trailing punctuation and
    an unbalanced closing parenthesis stay outside, as in GFM)."""

    def handleMatch(self, m: re.Match[str], data: str) -> Handled:  # type: ignore[override]
        url = m.group(0).rstrip(".,;:!?*_~")
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1].rstrip(".,;:!?*_~")
        element = etree.Element("a", {"href": url})
        element.text = AtomicString(url)
        return element, m.start(0), m.start(0) + len(url)
