"""Note embeds: ``![[note]]``, ``![[note#Heading]]`` and ``![[note#^block]]`` shown in place.

The inline pattern leaves a placeholder element; this treeprocessor renders the embedded
note (or only the section under that heading, or only that block) with a Markdown instance
one level deeper, and frames it as a one-row table with a quiet left edge and a link to the
source. Embeds nest at most `MAX_DEPTH` deep, and an embed of a (note, section) already
being shown above is a cycle: a short notice replaces it, never a recursion. All the embeds
of a page share one budget of output (`context.EMBED_BUDGET`): notes that embed each other
many times over stop at it, with a notice, instead of multiplying into megabytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import replace
from html import escape

from markdown.treeprocessors import Treeprocessor

from viewer.core.context import plain
from viewer.core.parse import ParsedNote
from viewer.core.record import NoteInfo

from . import marks
from .blocks import inset, parent_map, split_block
from .context import RenderContext
from .hrefs import heading_anchor, line_anchor, link_anchor, note_href
from .inline import EMBED_TAG
from .source import body_source

MAX_DEPTH = 3
EMBED_INSET = 31  # px: the frame's 3 px edge and 14 px padding on each side (theme.py)
_LIST_ITEM = re.compile(r"\s*(?:[*+-]|\d{1,9}[.)])\s")
_HEADING = re.compile(r"\s{0,3}#{1,6}\s")
_ALONE_IN = frozenset({"p", "li", "td", "th", "dd"})
_SPLITTABLE = frozenset({"p", "li"})

Convert = Callable[[str, RenderContext], str]


class Embeds(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        ctx: RenderContext = self.md.vv  # type: ignore[attr-defined]
        holders = list(
            dict.fromkeys(p for p in root.iter() for child in p if child.tag == EMBED_TAG)
        )
        if not holders:
            return
        if ctx.snippet:  # a snippet is one line: every embed is a link there
            for parent in holders:
                for child in [c for c in parent if c.tag == EMBED_TAG]:
                    self._replace(ctx, parent, child, 0)
            return
        parents = parent_map(root)
        # An embed inside running text stands as a block between the words before and after
        # it, as in Obsidian: its paragraph (or list item's text) is split around it.
        splits: dict[etree.Element, list[etree.Element]] = {}
        for holder in holders:
            if holder.tag in _SPLITTABLE and holder in parents and not _alone(holder):
                splits.setdefault(parents[holder], []).append(holder)
        for container, blocks in splits.items():
            positions = {child: index for index, child in enumerate(container)}
            for block in sorted(blocks, key=positions.__getitem__, reverse=True):
                split_block(container, positions[block], _is_embed)
        if splits:
            parents = parent_map(root)
        placeholders = [(p, child) for p in root.iter() for child in p if child.tag == EMBED_TAG]
        for parent, child in placeholders:
            self._replace(ctx, parent, child, inset(child, parents))

    def _replace(
        self, ctx: RenderContext, parent: etree.Element, element: etree.Element, room: int
    ) -> None:
        path, section = element.get("path", ""), element.get("section") or None
        if ctx.snippet or not (parent.tag in _ALONE_IN and _alone(parent)):
            # In a heading or a table cell with words: a link (a frame cannot sit there).
            element.tag = "a"
            label = element.get("label") or path
            element.attrib.clear()
            element.set("class", "internal")
            element.set("href", note_href(path, link_anchor(section)))
            element.text = f"↪ {label}"
            return
        names = marks.names(parent.text or "")
        line = int(names[0][1:]) if names and names[0].startswith("L") else None
        html = ctx.embed(ctx, path, section, line, room) if ctx.embed else ""
        parent.remove(element)
        parent.text = self.md.htmlStash.store(html)


def _is_embed(element: etree.Element) -> bool:
    return element.tag == EMBED_TAG


def _alone(block: etree.Element) -> bool:
    """`block` holds one embed and nothing else but anchor marks."""
    return (
        len(block) == 1
        and block[0].tag == EMBED_TAG
        and not marks.strip(block.text or "").strip()
        and not marks.strip(block[0].tail or "").strip()
    )


def section_source(
    text: str, note: ParsedNote | NoteInfo | None, section: str | None
) -> str | None:
    """Markdown of the whole body, of the section under heading `section`, or of the block
    ``^id``; None when the note has no such section."""
    body, first_line = body_source(text)
    if not section:
        return body
    lines = body.split("\n")
    if section.startswith("^"):
        return _block(lines, section[1:])
    want = link_anchor(section)
    headings = note.headings if note is not None else []
    for index, heading in enumerate(headings):
        if heading_anchor(plain(heading.text)) != want:
            continue
        start = heading.line - first_line
        end = next(
            (h.line - first_line for h in headings[index + 1 :] if h.level <= heading.level),
            len(lines),
        )
        return "\n".join(lines[max(start, 0) : end])
    return None


def _block(lines: list[str], block_id: str) -> str | None:
    pattern = re.compile(rf"(?:^|\s)\^{re.escape(block_id)}[ \t]*$")
    for index, line in enumerate(lines):
        if not pattern.search(line):
            continue
        if _LIST_ITEM.match(line) or _HEADING.match(line):
            return line.strip()
        start = index
        while start > 0 and lines[start - 1].strip() and not _HEADING.match(lines[start - 1]):
            start -= 1
            if _LIST_ITEM.match(lines[start]):
                break  # a list item with lazy continuation lines
        return "\n".join(lines[start : index + 1])
    return None


def embed_html(
    ctx: RenderContext,
    path: str,
    section: str | None,
    line: int | None,
    taken: int,
    convert: Convert,
) -> str:
    """The framed embed of `path` (or its `section`), or a notice saying why not; `taken` is
    the width the host's containers take from the column where the embed sits."""
    anchor = marks.make(line_anchor(line)) if line is not None else ""
    note = ctx.vault.notes.get(path) if ctx.vault is not None else None
    title = note.title if note is not None else path
    label = f"{title} › {section.lstrip('^')}" if section else title
    source_link = (
        f'<a class="internal" href="{escape(note_href(path, link_anchor(section)))}">'
        f"{escape(label)}</a>"
    )
    budget = ctx.embed_budget
    if budget.left <= 0 or budget.frames <= 0:  # past it: one notice, then only links
        if budget.noticed:
            return _notice(anchor, f"↪ {source_link}")
        budget.noticed = True
        ctx.warn("embeds left out: the page holds as much embedded text as it may")
        return _notice(anchor, f"{source_link} and later embeds not shown: enough is embedded.")
    key = (path, section)
    if key in ctx.stack:
        ctx.warn(f"embed cycle: {label}")
        return budget.spend(_notice(anchor, f"↻ Embed cycle: {source_link} is already shown."))
    if ctx.depth >= MAX_DEPTH:
        ctx.warn(f"embeds nested deeper than {MAX_DEPTH}: {label}")
        return budget.spend(
            _notice(anchor, f"Embeds nest at most {MAX_DEPTH} deep: {source_link} not shown.")
        )
    source = section_source(ctx.read(path), note, section) if ctx.vault else None
    if source is None:
        ctx.warn(f"missing embedded section: {label}")
        return _notice(anchor, f"No section “{escape(section or '')}” in {source_link}.")
    budget.left -= len(source)  # before converting: the embeds inside it see what is left
    budget.frames -= 1
    child = RenderContext(
        vault=ctx.vault,
        path=path,
        theme=ctx.theme,
        video_id=note.video_id if note is not None else None,
        title=None,
        first_line=None,
        depth=ctx.depth + 1,
        stack=(*ctx.stack, key),
        strict_line_breaks=ctx.strict_line_breaks,
        options=replace(ctx.options, image_width=ctx.options.image_width - taken - EMBED_INSET),
        warnings=ctx.warnings,
        block_ids=ctx.block_ids,
        embed_budget=budget,
        embed=ctx.embed,
    )
    inner = convert(source, child)
    budget.left -= max(0, len(inner) - len(source))
    return (
        '<table class="embed" width="100%" cellspacing="0" cellpadding="0"><tr>'
        '<td class="embed-edge" width="3"></td><td class="embed">'
        f'<p class="embed-source">{anchor}{source_link}</p>{inner}</td></tr></table>'
    )


def _notice(anchor: str, html: str) -> str:
    return f'<p class="notice">{anchor}{html}</p>'
