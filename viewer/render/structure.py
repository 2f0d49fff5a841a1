"""Page structure after inline parsing: heading ids, the title, the byline, task lists and
table attributes.

- Headings get ``id = heading_anchor(visible text)``, the function links use, so
  ``[[note#Heading]]`` always finds its target (duplicates get ``-2``, ``-3``...). Embedded
  sections get none: their ids would collide with the host note's.
- The note's title (frontmatter ``title`` or file name, as the core reads it) becomes the
  h1 unless the note starts with its own h1, as in Obsidian's reading view.
- ``From: [[channel]] <br/>``, the first line of generated topic notes, reads as a byline.
- ``- [ ]`` and ``- [x]`` items become check boxes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from . import marks
from .context import RenderContext
from .hrefs import heading_anchor

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TASK = re.compile(r"\[([ xX])\][ \t]+")
_BYLINE = re.compile(r"\s*From:\s", re.IGNORECASE)


class Structure(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        ctx: RenderContext = self.md.vv  # type: ignore[attr-defined]
        if ctx.title is not None:
            first = root[0] if len(root) else None
            if first is None or first.tag != "h1":
                title = etree.Element("h1", {"class": "title"})
                title.text = AtomicString(ctx.title)
                root.insert(0, title)
            _byline(root)
        elif len(root):  # an embedded section: no gap above its first block
            first = root[0]
            first.set("class", f"{first.get('class') or ''} first".strip())
        used: dict[str, int] = {}
        for element in root.iter():
            tag = element.tag
            if tag in _HEADINGS and ctx.depth == 0:
                anchor = heading_anchor(marks.strip("".join(element.itertext())))
                count = used.get(anchor, 0) + 1
                used[anchor] = count
                element.set("id", anchor if count == 1 else f"{anchor}-{count}")
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
                element.set("class", "md")
                element.set("cellspacing", "0")
                element.set("cellpadding", "5")
                element.set("border", "1")
            elif tag == "th" and element.get("align") is None:
                element.set("align", "left")  # Qt centres headers; Obsidian does not


def _byline(root: etree.Element) -> None:
    """Mark the first paragraph after the title as a byline when it reads ``From: ...``."""
    if len(root) > 1 and root[1].tag == "p" and _BYLINE.match(marks.strip(root[1].text or "")):
        root[1].set("class", "byline")


def _task(item: etree.Element) -> None:
    if item.tag != "li" or "task" in (item.get("class") or ""):
        return
    holder = item[0] if len(item) and item[0].tag == "p" and not (item.text or "").strip() else item
    leading, text = marks.split_leading(holder.text or "")
    match = _TASK.match(text)
    if not match:
        return
    done = match.group(1) != " "
    holder.text = leading + ("☑\u2002" if done else "☐\u2002") + text[match.end() :]
    item.set("class", "task task-done" if done else "task")


def _only_images(paragraph: etree.Element) -> bool:
    """A paragraph of images alone: its line height must not scale with the picture."""
    if marks.strip(paragraph.text or "").strip():
        return False
    return all(child.tag in ("img", "br") and not (child.tail or "").strip() for child in paragraph)
