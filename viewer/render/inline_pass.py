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
_CUT_TRIES = 20  # spaces tried there
MAX_CHUNKS = 25  # chunks of one text that get inline formatting (100,000 characters)


class SplitLongText(Treeprocessor):
    """Cut each text longer than CHUNK_CHARS (a 10 MB single line) into chunk elements before
    the inline pass. Python-Markdown rebuilds a text around every match it makes and looks
    each new element up among its siblings, so one huge text costs the square of its length;
    chunks keep that cost per chunk. Cuts fall at a line break, else at a space outside
    brackets, code and tags, so links and emphasis stay whole (a run of pathological
    characters may be cut anywhere)."""

    def run(self, root: etree.Element) -> None:
        ctx = getattr(self.md, "vv", None)
        for element in list(root.iter()):
            text = element.text
            if text and len(text) > CHUNK_CHARS and not isinstance(text, util.AtomicString):
                chunks = [_chunk(piece) for piece in _pieces(text)]
                if len(chunks) > MAX_CHUNKS:  # past it, a text is shown as written
                    for chunk in chunks[MAX_CHUNKS:]:
                        chunk.text = util.AtomicString(chunk.text or "")
                    if ctx is not None:
                        ctx.warn("a very long paragraph: its end is shown without formatting")
                element.text = None
                for index, chunk in enumerate(chunks):
                    element.insert(index, chunk)


class JoinChunks(Treeprocessor):
    """Unwrap the chunk elements after the inline pass (their content stays in place)."""

    def run(self, root: etree.Element) -> None:
        for parent in [p for p in root.iter() if any(c.tag == CHUNK_TAG for c in p)]:
            _unwrap_chunks(parent)


def _unwrap_chunks(parent: etree.Element) -> None:
    # Text between elements is gathered in lists and joined once: appending chunk after
    # chunk to one string would copy it over and over.
    children = list(parent)
    for child in children:
        parent.remove(child)
    texts: list[str] = [parent.text or ""]
    kept: list[tuple[etree.Element, list[str]]] = []

    def add(text: str | None) -> None:
        if text:
            (kept[-1][1] if kept else texts).append(text)

    def keep(element: etree.Element) -> None:
        tail, element.tail = element.tail, None
        kept.append((element, []))
        add(tail)

    for child in children:
        if child.tag != CHUNK_TAG:
            keep(child)
            continue
        add(child.text)
        for inner in list(child):
            keep(inner)
        add(child.tail)
    parent.text = "".join(texts) or None
    for element, tails in kept:
        element.tail = "".join(tails) or None
        parent.append(element)


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
    """Where to end a chunk at or before `limit`: after a newline, else after a space before
    which the window opens no bracket, code span or tag it does not close; else at `limit`."""
    low = limit - _SPLIT_WINDOW
    newline = text.rfind("\n", low, limit)
    if newline >= 0:
        return newline + 1
    space = text.rfind(" ", low, limit)
    for _ in range(_CUT_TRIES):
        if space < 0:
            break
        before = text[low:space]
        if (
            before.count("[") <= before.count("]")
            and before.count("<") <= before.count(">")
            and before.count("`") % 2 == 0
        ):
            return space + 1
        space = text.rfind(" ", low, space)
    return limit
