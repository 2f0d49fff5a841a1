"""Page structure after inline parsing: heading ids, the title, the byline, task lists and
table attributes.

- Headings get ``id = heading_anchor(visible text)``, the function links use, so
  ``[[note#Heading]]`` always finds its target (duplicates get ``-2``, ``-3``...). Embedded
  sections get none: their ids would collide with the host note's.
- The note's title (frontmatter ``title`` or file name, as the core reads it) becomes the
  h1 unless the note starts with its own h1, as in Obsidian's reading view.
- ``From: [[channel]] <br/>``, the first line of generated topic notes, reads as a byline:
  only that part (text running on after the ``<br/>`` is the intro paragraph, and keeps the
  look of one), with the channel link styled as a link (``a.channel``).
- Task items (``- [ ]``, ``- [x]``, and Obsidian's ``[/] [-] [?] [!] [>] [<]``) get a mark
  per state and a class (``task-todo``, ``task-done``, ``task-doing``...).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions.footnotes import FootnoteReorderingProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, STX, AtomicString

from . import marks
from .blocks import inset, parent_map, split_block
from .context import Heading, RenderContext
from .hrefs import heading_anchor

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Headings that get an `id` on one page, at most: Qt gives every anchor a text format of its
# own and finds formats by a hash that ignores anchor names, so its import cost grows with the
# square of a page's anchors (20,000 headings: 80 s on the GUI thread). A heading past these
# is still in the outline (found by its line anchor); a link to it opens the note at the top.
MAX_HEADING_IDS = 400
# Columns a table shows at most: Qt's table layout grows faster than its columns (5,000
# columns held the GUI thread 3.6 s) and no reader follows a row that wide.
MAX_TABLE_COLUMNS = 64
_TASK = re.compile(r"\[([^\]\n])\][ \t]+")
# Obsidian's task states (any other character reads as done): mark, class, title.
TASK_STATES = {
    " ": ("☐", "todo", "To do"),
    "x": ("☑", "done", "Done"),
    "/": ("◐", "doing", "In progress"),
    "-": ("☒", "cancelled", "Cancelled"),
    "?": ("⍰", "question", "Question"),
    "!": ("⚠", "important", "Important"),
    ">": ("↦", "forwarded", "Forwarded"),
    "<": ("◷", "scheduled", "Scheduled"),
}
_BYLINE = re.compile(r"\s*From:\s", re.IGNORECASE)
INLINE_IMAGE_HEIGHT = 32  # px: a taller image gets a block of its own
MIN_IMAGE_ROOM = 48
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


class FootnotesElsewhere(Treeprocessor):
    """In a part of a note rendered in parts, the footnote list waits for the last part."""

    def run(self, root: etree.Element) -> None:
        ctx: RenderContext = self.md.vv  # type: ignore[attr-defined]
        if ctx.footnotes is not None and not ctx.footnotes.last:
            for child in [c for c in root if c.tag == "div" and c.get("class") == "footnote"]:
                root.remove(child)


class FootnoteOrder(FootnoteReorderingProcessor):
    """Python-Markdown's reordering (3.9 to 3.11 at least) assumes every footnote item holds
    a back-reference; an empty definition right after a raw HTML block (``<div></div>[^1]: ``)
    yields one without, and its ``backlink.set`` raised ``AttributeError``. Same order, same
    titles, and an item without a back-reference is moved rather than fatal."""

    def reorder_footnotes(self, parent: etree.Element) -> None:
        old_list = parent.find("ol")
        if old_list is None:
            return
        order = {name: index for index, name in enumerate(self.footnotes.footnote_order)}
        separator = self.footnotes.get_separator()
        unknown = len(self.footnotes.footnotes)

        def position(item: etree.Element) -> int:
            return order.get(item.get("id", "").split(separator, 1)[-1], unknown)

        items = sorted(old_list.findall("li"), key=position)
        parent.remove(old_list)
        new_list = etree.SubElement(parent, "ol")
        title = self.footnotes.getConfig("BACKLINK_TITLE")
        for index, item in enumerate(items, start=1):
            backlink = item.find('.//a[@class="footnote-backref"]')
            if backlink is not None:
                backlink.set("title", title.format(index))
            new_list.append(item)


class Structure(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        ctx: RenderContext = self.md.vv  # type: ignore[attr-defined]
        if ctx.snippet:
            _images_as_words(root)
            return
        if ctx.part > 0:
            pass  # a later part of a note: the title and byline are in the first
        elif ctx.title is not None:
            first = root[0] if len(root) else None
            if first is None or first.tag != "h1":
                title = etree.Element("h1", {"class": "title"})
                title.text = AtomicString(ctx.title)
                root.insert(0, title)
            _byline(root, self.md)
            if ctx.properties:  # under the title, as Obsidian shows them
                block = etree.Element("p")
                block.text = self.md.htmlStash.store(ctx.properties)
                root.insert(1, block)
        elif len(root):  # an embedded section: no gap above its first block
            first = root[0]
            first.set("class", f"{first.get('class') or ''} first".strip())
        _fit_images(root, ctx.options.image_width)
        _isolate_tall_images(root)
        used = ctx.heading_ids
        for element in root.iter():
            tag = element.tag
            if tag in _HEADINGS and ctx.depth == 0:
                written = "".join(element.itertext())
                text = " ".join(marks.strip(written).split())
                anchor = heading_anchor(text)
                count = used.get(anchor, 0) + 1
                used[anchor] = count
                anchor = anchor if count == 1 else f"{anchor}-{count}"
                if ctx.heading_ids_given < MAX_HEADING_IDS:
                    element.set("id", anchor)
                    ctx.heading_ids_given += 1
                if element.get("class") != "title":  # (the title shown above a note is no heading)
                    lines = [n for n in marks.names(written) if n[:1] == "L" and n[1:].isdigit()]
                    line = int(lines[0][1:]) if lines else None
                    ctx.headings.append(Heading(int(tag[1]), text, anchor, line))
            elif tag == "li":
                _task(element)
            elif tag == "p" and len(element) and _only_images(element):
                element.set("class", "image")
            elif tag == "ul" and len(element):
                for item in element:
                    _task(item)  # before the list is visited as a whole: done once
                if all("task" in (li.get("class") or "") for li in element):
                    element.set("class", "tasks")
            elif tag == "table" and element.get("class") is None:
                _cap_columns(element)
                element.set("class", "md")
                element.set("cellspacing", "0")
                element.set("cellpadding", "5")
                element.set("border", "1")
            elif tag == "th" and element.get("align") is None:
                element.set("align", "left")  # Qt centres headers; Obsidian does not


def _cap_columns(table: etree.Element, limit: int = MAX_TABLE_COLUMNS) -> None:
    """Keep a table's first `limit` columns; a last cell says how many more there are."""
    for row in table.iter("tr"):
        cells = list(row)
        if len(cells) <= limit:
            continue
        for cell in cells[limit:]:
            row.remove(cell)
        more = etree.SubElement(row, cells[limit].tag)
        more.text = AtomicString(f"… {len(cells) - limit:,} more columns")


def _byline(root: etree.Element, md: Markdown) -> None:
    """Mark the first paragraph after the title as a byline when it reads ``From: ...``;
    whatever follows its first line break (``<br/>`` or a new line) becomes a paragraph of
    its own: generated notes often run their intro straight on."""
    if len(root) < 2 or root[1].tag != "p" or not _BYLINE.match(marks.strip(root[1].text or "")):
        return
    byline = root[1]
    byline.set("class", "byline")
    intro = _split_at_break(byline, md)
    if intro is not None and ((intro.text or "").strip() or len(intro)):
        root.insert(2, intro)
    for child in byline:
        if child.tag == "a" and child.get("class") == "internal":
            child.set("class", "internal channel")


def _split_at_break(paragraph: etree.Element, md: Markdown) -> etree.Element | None:
    """Cut `paragraph` at its first line break; the part after it, as a new paragraph."""
    children = list(paragraph)
    for position in range(-1, len(children)):
        child = children[position] if position >= 0 else None
        text = (paragraph.text if child is None else child.tail) or ""
        if child is not None and child.tag == "br":
            after, moved = text, children[position + 1 :]
            paragraph.remove(child)
        else:
            span = _raw_break(text, md)
            if span is None:
                continue
            after, moved = text[span[1] :], children[position + 1 :]
            if child is None:
                paragraph.text = text[: span[0]]
            else:
                child.tail = text[: span[0]]
        intro = etree.Element("p")
        intro.text = after.lstrip(" \t\n")
        for element in moved:
            paragraph.remove(element)
        intro.extend(moved)
        while not intro.text.strip() and len(intro) and intro[0].tag == "br":
            intro.text = (intro[0].tail or "").lstrip(" \t\n")
            intro.remove(intro[0])
        return intro
    return None


def _raw_break(text: str, md: Markdown) -> tuple[int, int] | None:
    """(start, end) of the first raw ``<br>`` (a stashed HTML placeholder) in `text`."""
    if STX not in text:
        return None
    blocks = md.htmlStash.rawHtmlBlocks
    for match in HTML_PLACEHOLDER_RE.finditer(text):
        index = int(match.group(1))
        if index < len(blocks) and _BR.fullmatch(str(blocks[index]).strip()):
            return match.start(), match.end()
    return None


def _task(item: etree.Element) -> None:
    if item.tag != "li" or "task" in (item.get("class") or ""):
        return
    holder = item[0] if len(item) and item[0].tag == "p" and not (item.text or "").strip() else item
    leading, text = marks.split_leading(holder.text or "")
    match = _TASK.match(text)
    if not match:
        return
    state = match.group(1)
    mark, name, title = TASK_STATES.get(state.lower(), TASK_STATES["x"])
    holder.text = leading
    glyph = etree.Element("span", {"class": f"task-mark mark-{name}", "title": title})
    glyph.text = AtomicString(mark)
    glyph.tail = "\u2002" + text[match.end() :]
    holder.insert(0, glyph)
    item.set("class", f"task task-{name}")


def _images_as_words(root: etree.Element) -> None:
    """A snippet names its images instead of drawing them in a list row."""
    for parent in list(root.iter()):
        for index, child in enumerate(parent):
            if child.tag == "img":
                words = etree.Element("span", {"class": "remote"})
                words.text = AtomicString(f"[{child.get('alt') or 'image'}]")
                words.tail = child.tail
                parent[index] = words


def _fit_images(root: etree.Element, column: int) -> None:
    """Scale down (aspect kept) each image wider than the room its containers leave."""
    images = [element for element in root.iter("img") if element.get("width", "").isdigit()]
    if not images:
        return
    parents = parent_map(root)
    for image in images:
        room = max(MIN_IMAGE_ROOM, column - inset(image, parents))
        width = int(image.get("width") or 0)
        if width <= room:
            continue
        image.set("width", str(room))
        height = image.get("height", "")
        if height.isdigit():
            image.set("height", str(max(1, round(int(height) * room / width))))


def _isolate_tall_images(root: etree.Element) -> None:
    """Give each tall image a paragraph of its own. Qt spaces lines in proportion to the
    tallest thing on them (``line-height: 155%``), so text sharing a block with a picture
    would sit far below or above it."""
    for parent in list(root.iter()):
        for index, block in reversed(list(enumerate(parent))):
            if block.tag in ("p", "li") and any(_tall(child) for child in block):
                split_block(parent, index, _tall, "image")


def _tall(element: etree.Element) -> bool:
    if element.tag != "img":
        return False
    height = element.get("height")
    return not height or not height.isdigit() or int(height) > INLINE_IMAGE_HEIGHT


def _only_images(paragraph: etree.Element) -> bool:
    """A paragraph of images alone: its line height must not scale with the picture."""
    if marks.strip(paragraph.text or "").strip():
        return False
    return all(child.tag in ("img", "br") and not (child.tail or "").strip() for child in paragraph)
