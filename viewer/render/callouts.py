"""Callouts (``> [!type]- Title``) and plain blockquotes, drawn as one-row tables.

Qt draws neither borders nor padding on a ``div``, and its ``blockquote`` is only an indent,
so each callout becomes a table: a thin cell in the type's colour beside a tinted content
cell (classes ``edge-<colour>`` and ``callout-<colour>``, coloured by the theme's CSS).
Runs before inline parsing, so the title's markdown (links, emphasis) is still parsed.
Nested callouts work because the walk continues inside each new table.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockQuoteProcessor
from markdown.treeprocessors import Treeprocessor

from . import marks
from .theme import callout_type

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


class Callouts(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, parent: etree.Element) -> None:
        for index, child in enumerate(parent):
            if child.tag == "blockquote":
                table, body = _convert(child)
                table.tail = child.tail
                parent[index] = table
                self._walk(body)
            else:
                self._walk(child)


def _convert(quote: etree.Element) -> tuple[etree.Element, etree.Element]:
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
    heading.text = f"{leading}{icon}\u2002{name}" + (" ▾" if fold else "")
    children = list(quote)
    if rest and rest.strip():
        first.text = rest
    else:
        children = children[1:]
    body.extend(children)
    return table, body
