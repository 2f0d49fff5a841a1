"""Python-Markdown's inline pass, made cheaper for long notes and bounded for long texts.

`InlinePass` replaces the ``inline`` treeprocessor. It runs the same patterns in the same
order, but skips a pattern when the text lacks the characters every match of it needs (most
paragraphs have no ``[``, ``<``, ``*`` or ``==``): on a 1 MB note that saves most of 21
patterns times 10,000 text nodes.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import util
from markdown.treeprocessors import InlineProcessor, Treeprocessor

# Substrings without which a pattern cannot match (patterns not named here always run).
TRIGGERS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_reference": ("[",),
    "short_image_ref": ("![",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
    "footnote": ("[^",),
    "vv_timestamp": ("<",),
    "vv_wikilink": ("[[",),
    "vv_bare_url": ("http",),
    "vv_highlight": ("==",),
    "vv_strike": ("~~",),
    "vv_tag": ("#",),
    "vv_soft_break": ("\n",),
}


class InlinePass(InlineProcessor):
    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        registry = self.inlinePatterns
        self._patterns = list(registry)
        self._needles: list[str | tuple[str, ...] | None] = [None] * len(self._patterns)
        for name, needles in TRIGGERS.items():
            if name in registry:
                single = needles[0] if len(needles) == 1 else needles
                self._needles[registry.get_index_for_name(name)] = single
        return super().run(tree, ancestors)

    # Python-Markdown calls its private `__handleInline` (name-mangled) for every text: this
    # is that method, with the cheap test in front of each pattern.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        patterns, needles = self._patterns, self._needles
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        start = 0
        index = patternIndex
        while index < len(patterns):
            wanted = needles[index]
            if wanted is not None and not (
                wanted in data if type(wanted) is str else any(n in data for n in wanted)
            ):
                index += 1
                start = 0
                continue
            data, matched, start = apply(patterns[index], data, index, start)
            if not matched:
                index += 1
        return data


CHUNK_TAG = "vv-chunk"
CHUNK_CHARS = 4000  # inline patterns see at most about this much text at a time
_SPLIT_WINDOW = 1000  # characters before a chunk's end searched for a good place to cut


class SplitLongText(Treeprocessor):
    """Cut each text longer than CHUNK_CHARS (a 10 MB single line) into chunk elements before
    the inline pass. Python-Markdown rebuilds a text around every match it makes and looks
    each new element up among its siblings, so one huge text costs the square of its length;
    chunks keep that cost per chunk. Cuts fall at a line break, else at a space outside
    brackets, code and tags, so links and emphasis stay whole (a run of pathological
    characters may be cut anywhere)."""

    def run(self, root: etree.Element) -> None:
        for element in list(root.iter()):
            text = element.text
            if text and len(text) > CHUNK_CHARS and not isinstance(text, util.AtomicString):
                chunks = [_chunk(piece) for piece in _pieces(text)]
                element.text = None
                for index, chunk in enumerate(chunks):
                    element.insert(index, chunk)


class JoinChunks(Treeprocessor):
    """Unwrap the chunk elements after the inline pass (their content stays in place)."""

    def run(self, root: etree.Element) -> None:
        for parent in [p for p in root.iter() if any(c.tag == CHUNK_TAG for c in p)]:
            children = list(parent)
            for child in children:
                parent.remove(child)
            last: etree.Element | None = None
            for child in children:
                if child.tag != CHUNK_TAG:
                    parent.append(child)
                    last = child
                    continue
                _append_text(parent, last, child.text)
                for inner in list(child):
                    parent.append(inner)
                    last = inner
                _append_text(parent, last, child.tail)


def _append_text(parent: etree.Element, last: etree.Element | None, text: str | None) -> None:
    if not text:
        return
    if last is None:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _chunk(text: str) -> etree.Element:
    chunk = etree.Element(CHUNK_TAG)
    chunk.text = text
    return chunk


def _pieces(text: str) -> list[str]:
    pieces = []
    start = 0
    while len(text) - start > CHUNK_CHARS:
        end = _cut(text, start + CHUNK_CHARS)
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def _cut(text: str, limit: int) -> int:
    """Where to end a chunk at or before `limit`: after a newline, else after a space at
    which no bracket, code span or tag is open; else at `limit`."""
    low = limit - _SPLIT_WINDOW
    newline = text.rfind("\n", low, limit)
    if newline >= 0:
        return newline + 1
    window = text[low:limit]
    depth = 0
    ticks = 0
    angle = 0
    best = -1
    for index, char in enumerate(window):
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == "`":
            ticks += 1
        elif char == "<":
            angle += 1
        elif char == ">":
            angle = max(0, angle - 1)
        elif char == " " and not depth and not ticks % 2 and not angle:
            best = index
    return low + best + 1 if best >= 0 else limit
