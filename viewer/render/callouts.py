"""Callouts (``> [!type]- Title``) and plain blockquotes, drawn as one-row tables.

Qt draws neither borders nor padding on a ``div``, and its ``blockquote`` is only an indent,
so each callout becomes a table: a thin cell in the type's colour beside a tinted content
cell (classes ``edge-<colour>`` and ``callout-<colour>``, coloured by the theme's CSS).
Runs before inline parsing, so the title's markdown (links, emphasis) is still parsed.
Nested callouts work because the walk continues inside each new table.

A foldable callout (``-``: starts closed, ``+``: starts open) gets a stable id
(`callout_id`) and a fold marker at the end of its title, a ``callout:<id>`` link; the
window flips the id in `RenderOptions.toggled` and renders again. A closed callout keeps
only its title.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockQuoteProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from viewer.core.context import plain

from . import marks
from .context import RenderContext
from .hrefs import callout_href, heading_anchor
from .options import APP
from .theme import callout_type

MAX_ID = 60  # characters of the title kept in a callout's id

_HEAD = re.compile(r"\[!([^\]\s]+)\]([+-]?)[ \t]*([^\n]*)(?:\n(.*))?", re.DOTALL)


def frame(edge_class: str, body_class: str) -> tuple[etree.Element, etree.Element]:
    """(table, content cell) of a one-row frame with a coloured left edge."""
    table = etree.Element(
        "table", {"class": "callout", "width": "100%", "cellspacing": "0", "cellpadding": "0"}
    )
    row = etree.SubElement(table, "tr")
    etree.SubElement(row, "td", {"class": edge_class, "width": "4"})
    body = etree.SubElement(row, "td", {"class": body_class})
    return table, body


class BlockQuotes(BlockQuoteProcessor):
    """Blockquotes as CommonMark reads them: a blank line ends one, so two callouts in a row
    stay two (Python-Markdown would merge them into the first)."""

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = self.RE.search(block)
        if match:
            self.parser.parseBlocks(parent, [block[: match.start()]])
            block = "\n".join(self.clean(line) for line in block[match.start() :].split("\n"))
        quote = etree.SubElement(parent, "blockquote")
        self.parser.state.set("blockquote")
        self.parser.parseChunk(quote, block)
        self.parser.state.reset()


def callout_id(title: str, used: dict[str, int]) -> str:
    """Stable id of a foldable callout: ``c-`` and the slug of its visible title, numbered
    from the second callout of the same title on the page (``c-why``, ``c-why-2``)."""
    key = "c-" + heading_anchor(plain(marks.strip(title)))[:MAX_ID]
    count = used.get(key, 0) + 1
    used[key] = count
    return key if count == 1 else f"{key}-{count}"


def fold_marker(block_id: str, is_open: bool) -> etree.Element:
    """The link that opens or closes a foldable block."""
    marker = etree.Element(
        "a",
        {
            "class": "fold",
            "href": callout_href(block_id),
            "title": "Fold" if is_open else "Unfold",
        },
    )
    marker.text = AtomicString("▾" if is_open else "▸")
    return marker


class Callouts(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root, self.md.vv)  # type: ignore[attr-defined]

    def _walk(self, parent: etree.Element, ctx: RenderContext) -> None:
        for index, child in enumerate(parent):
            if child.tag == "blockquote":
                table, body = _convert(child, ctx)
                table.tail = child.tail
                parent[index] = table
                self._walk(body, ctx)
            else:
                self._walk(child, ctx)


def _convert(quote: etree.Element, ctx: RenderContext) -> tuple[etree.Element, etree.Element]:
    first = quote[0] if len(quote) and quote[0].tag == "p" else None
    leading, text = marks.split_leading(first.text or "") if first is not None else ("", "")
    head = _HEAD.fullmatch(text) if text.startswith("[!") else None
    if head is None:
        table, body = frame("edge-grey", "quote")
        table.set("class", "quote")
        body.extend(list(quote))
        body.text = quote.text
        return table, body
    assert first is not None  # a callout head was read from the first paragraph
    kind, fold, title, rest = head.groups()
    canonical, colour, icon = callout_type(kind)
    table, body = frame(f"edge-{colour}", f"callout callout-{colour}")
    table.set("class", f"callout callout-{canonical}")
    heading = etree.SubElement(body, "p", {"class": f"callout-title title-{colour}"})
    name = title.strip() or kind.strip().capitalize()
    heading.text = f"{leading}{icon}\u2002{name}"
    is_open = True
    if fold and ctx.options.target == APP:  # (on paper and in an export, all are open)
        block_id = callout_id(name, ctx.block_ids)
        is_open = (fold == "+") != (block_id in ctx.options.toggled)
        heading.text += "\u2002"
        heading.append(fold_marker(block_id, is_open))
        if not is_open:
            table.set("class", f"{table.get('class')} folded")
    children = list(quote)
    if rest and rest.strip():
        first.text = rest
    else:
        children = children[1:]
    if is_open:
        body.extend(children)
    return table, body
