"""Block surgery on the element tree: which containers narrow the column, and splitting a
paragraph or list item around elements that must stand alone (tall images, embeds).

Qt lays out a line as tall as its tallest item and an embed frame cannot sit inside a line,
so such elements get a paragraph of their own while the text around them keeps its order
and its anchor marks.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

from . import marks

# Width Qt's layout takes for containers (see theme.py): a list level's indent, and a
# callout or quote frame (4 px edge and 14 px padding on each side).
LIST_INDENT = 40
FRAME_INSET = 32

Parents = dict[etree.Element, etree.Element]


def parent_map(root: etree.Element) -> Parents:
    return {child: parent for parent in root.iter() for child in parent}


def inset(element: etree.Element, parents: Parents) -> int:
    """Pixels the containers around `element` (callout and quote cells, list items) take
    from the width of the reading column."""
    total = 0
    node = parents.get(element)
    while node is not None:
        if node.tag == "li":
            total += LIST_INDENT
        elif node.tag == "td" and node.get("class", "").split()[:1] in (["callout"], ["quote"]):
            total += FRAME_INSET
        node = parents.get(node)
    return total


def split_block(
    parent: etree.Element,
    index: int,
    alone: Callable[[etree.Element], bool],
    css_class: str | None = None,
) -> list[etree.Element]:
    """Split the paragraph or list item `parent[index]` so each child for which `alone` holds
    gets a paragraph of its own (with `css_class`); a paragraph is replaced by the pieces, a
    list item holds them. Returns the pieces (nothing changes when there is one)."""
    block = parent[index]
    pieces = _pieces(block, alone, css_class)
    if len(pieces) < 2 and not (pieces and any(alone(child) for child in pieces[0])):
        return []
    if block.tag == "p":
        pieces[-1].tail = block.tail
        parent[index : index + 1] = pieces
    else:
        for child in list(block):
            block.remove(child)
        block.text = None
        block.extend(pieces)
    return pieces


def _pieces(
    block: etree.Element, alone: Callable[[etree.Element], bool], css_class: str | None
) -> list[etree.Element]:
    """`block`'s content as paragraphs: runs of text, and each `alone` element by itself.
    Line breaks next to such an element go; anchor marks of an emptied run move on."""
    pieces: list[etree.Element] = []
    carried = ""  # marks of a piece left empty

    def close(piece: etree.Element) -> None:
        nonlocal carried
        while len(piece) and piece[-1].tag == "br" and not (piece[-1].tail or "").strip():
            piece.text = (piece.text or "") + marks_only(piece[-1].tail)
            piece.remove(piece[-1])
        while len(piece) and piece[0].tag == "br" and not marks.strip(piece.text or "").strip():
            piece.text = (piece.text or "") + (piece[0].tail or "")
            piece.remove(piece[0])
        if not len(piece) and not marks.strip(piece.text or "").strip():
            carried += marks_only(piece.text)
            return
        piece.text = carried + (piece.text or "")
        carried = ""
        pieces.append(piece)

    current = etree.Element("p")
    current.text = block.text
    for child in list(block):
        if not alone(child):
            current.append(child)
            continue
        close(current)
        single = etree.Element("p", {"class": css_class} if css_class else {})
        single.text, carried = carried, ""
        tail, child.tail = child.tail, None
        single.append(child)
        pieces.append(single)
        current = etree.Element("p")
        current.text = (tail or "").lstrip(" \t\n")
    close(current)
    if carried and pieces:  # marks after the last element: they stay on its line
        last = pieces[-1][-1] if len(pieces[-1]) else None
        if last is not None:
            last.tail = (last.tail or "") + carried
        else:
            pieces[-1].text = (pieces[-1].text or "") + carried
    return pieces


def marks_only(text: str | None) -> str:
    """The anchor marks in `text`, without the text."""
    return "".join(marks.make(name) for name in marks.names(text or ""))
