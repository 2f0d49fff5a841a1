"""Ordered lists numbered ``1)`` as well as ``1.``, as CommonMark (and so Obsidian) reads
them. Python-Markdown's sane lists know only the period; these processors take their
place with the same rules otherwise (an ordered list does not continue an unordered one).
"""

from __future__ import annotations

import re

from markdown.blockparser import BlockParser
from markdown.extensions.sane_lists import SaneOListProcessor, SaneUListProcessor


class OrderedLists(SaneOListProcessor):
    def __init__(self, parser: BlockParser) -> None:
        super().__init__(parser)
        indent = self.tab_length - 1
        self.RE = re.compile(rf"^[ ]{{0,{indent}}}\d+[.)][ ]+(.*)")
        self.CHILD_RE = re.compile(rf"^[ ]{{0,{indent}}}((\d+[.)]))[ ]+(.*)")
        self.INDENT_RE = _nested(self.tab_length)


class UnorderedLists(SaneUListProcessor):
    def __init__(self, parser: BlockParser) -> None:
        super().__init__(parser)
        self.INDENT_RE = _nested(self.tab_length)


def _nested(tab: int) -> re.Pattern[str]:
    """A nested item of either kind, one indent deeper."""
    return re.compile(rf"^[ ]{{{tab},{tab * 2 - 1}}}((\d+[.)])|[*+-])[ ]+.*")
