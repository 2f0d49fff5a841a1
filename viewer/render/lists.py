"""Ordered lists numbered ``1)`` as well as ``1.``, as CommonMark (and so Obsidian) reads
them. Python-Markdown's sane lists know only the period; these processors take their
place with the same rules otherwise (an ordered list does not continue an unordered one).

Their `get_items` gathers an item's lines in a list and joins them once: Python-Markdown
appends each line to the item's string, copying it again for every line.
"""

from __future__ import annotations

import re

from markdown.blockparser import BlockParser
from markdown.extensions.sane_lists import SaneOListProcessor, SaneUListProcessor

_INTEGER = re.compile(r"\d+")


class _LinearItems:
    """`get_items` in linear time (see the module docstring)."""

    CHILD_RE: re.Pattern[str]
    INDENT_RE: re.Pattern[str]
    TAG: str
    STARTSWITH: str
    tab_length: int

    def get_items(self, block: str) -> list[str]:
        items: list[list[str]] = []
        indent = " " * self.tab_length
        for line in block.split("\n"):
            item = self.CHILD_RE.match(line)
            if item:
                if not items and self.TAG == "ol":
                    number = _INTEGER.match(item.group(1))
                    self.STARTSWITH = number.group() if number else "1"
                items.append([item.group(3)])
            elif self.INDENT_RE.match(line) and not (items and items[-1][0].startswith(indent)):
                items.append([line])  # a nested item after an item of this list
            elif items:
                items[-1].append(line)  # a nested item's next line, or a continuation
            else:
                items.append([line])
        return ["\n".join(item) for item in items]


class OrderedLists(_LinearItems, SaneOListProcessor):
    def __init__(self, parser: BlockParser) -> None:
        super().__init__(parser)
        indent = self.tab_length - 1
        self.RE = re.compile(rf"^[ ]{{0,{indent}}}\d+[.)][ ]+(.*)")
        self.CHILD_RE = re.compile(rf"^[ ]{{0,{indent}}}((\d+[.)]))[ ]+(.*)")
        self.INDENT_RE = _nested(self.tab_length)


class UnorderedLists(_LinearItems, SaneUListProcessor):
    def __init__(self, parser: BlockParser) -> None:
        super().__init__(parser)
        self.INDENT_RE = _nested(self.tab_length)


def _nested(tab: int) -> re.Pattern[str]:
    """A nested item of either kind, one indent deeper."""
    return re.compile(rf"^[ ]{{{tab},{tab * 2 - 1}}}((\d+[.)])|[*+-])[ ]+.*")
