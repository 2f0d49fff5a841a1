"""A page body cut into chunks that Qt can each take in one short step.

Qt imports HTML and lays it out on the GUI thread, holding the interpreter lock, and its cost
grows faster than the text in places (a list's items, a paragraph's lines): a 700 KB page was
more than a second of frozen window in one `setHtml`. The window shows a page's first chunk,
then appends the others one per event-loop turn (`QTextCursor.insertHtml`), so no turn holds
the window long.

A chunk ends between top-level elements, or inside a top-level element that outgrew a chunk
where it can be cut without a visible seam: a list between two of its items (the next chunk
reopens the list, an ordered one at the number it reached), a paragraph after a line break or
at a space (the next chunk reopens the paragraph). The pieces before a seam get the class
`joined`, which takes away their bottom margin (see theme.py), so a cut paragraph or list
reads as one. Input is sanitized HTML (`sanitize`): allow-listed tags, well nested, attribute
values escaped, so a tag never holds a ``>``.
"""

from __future__ import annotations

import re

CHUNK_CHARS = 12_000  # HTML characters a chunk aims at (Qt takes about 1-3 µs a character)
JOINED = "joined"
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)[^>]*>")
_VOID = frozenset({"br", "img", "hr"})
_LISTS = frozenset({"ul", "ol"})
_CLASS = re.compile(r'\sclass="([^"]*)"')
_START = re.compile(r'\sstart="(\d{1,9})"')


def split_html(body: str, budget: int = CHUNK_CHARS) -> list[str]:
    """`body` in chunks of about `budget` characters or less, cut only where the seam does
    not show (see the module docstring); a body within `budget` is one chunk."""
    if len(body) <= budget:
        return [body]
    chunks: list[str] = []
    start = 0  # where the current chunk's own text starts in `body`
    prefix = ""  # the reopened element the current chunk starts with
    top: tuple[str, int, int] | None = None  # the open top-level element: tag, opening span
    depth = 0
    items = 0  # items of the open top-level list so far

    def cut(at: int, closing: str, reopen: str, resume: int | None = None) -> None:
        nonlocal start, prefix
        text = body[start:at]
        if closing and top is not None:
            _, open_start, open_end = top
            if open_start >= start:  # the element opens in this chunk: mark its opening
                offset = open_start - start
                text = text[:offset] + _joined(body[open_start:open_end]) + text[open_end - start :]
            else:
                prefix = _joined(prefix)
        chunks.append(prefix + text + closing)
        start, prefix = at if resume is None else resume, reopen

    text_from = 0  # where the text before the next tag starts
    for match in _TAG.finditer(body):
        closing, name = match.group(1), match.group(2)
        position = match.start()
        if depth == 1 and top is not None and top[0] == "p":
            # A paragraph's long text, cut at a space once well past the budget (a line break
            # before that is the better seam: it shows none).
            while _inside(top, start, prefix, position) >= budget + budget // 2:
                space = _space(body, max(text_from, start), position, start + budget)
                if space < 0:
                    break
                cut(space, "</p>", _reopen(body, top))
        text_from = match.end()
        size = position - start + len(prefix)
        if name in _VOID:
            if (
                name == "br"
                and depth == 1
                and top is not None
                and top[0] == "p"
                and _inside(top, start, prefix, position) >= budget
            ):
                # the line break becomes the seam (not kept: it would draw an empty line)
                cut(position, "</p>", _reopen(body, top), resume=match.end())
            continue
        if closing:
            depth -= 1
            if depth == 0:
                top = None
                if match.end() - start + len(prefix) >= budget:
                    cut(match.end(), "", "")
            continue
        if depth == 0:
            top = (name, position, match.end())
            items = 0
            if size >= budget and position > start:
                cut(position, "", "")
        elif depth == 1 and top is not None and top[0] in _LISTS and name == "li":
            if _inside(top, start, prefix, position) >= budget and items:
                cut(position, f"</{top[0]}>", _reopen(body, top, items))
            items += 1
        depth += 1
    if start < len(body) or prefix:
        chunks.append(prefix + body[start:])
    return [chunk for chunk in chunks if chunk.strip()]


def _inside(top: tuple[str, int, int], start: int, prefix: str, position: int) -> int:
    """Characters of the open top-level element `top` in the current chunk up to `position`:
    an element is cut only once it outgrew a chunk by itself (a smaller one waits for the
    next chunk, cut before it)."""
    return position - max(top[1], start) + len(prefix)


def _space(body: str, low: int, high: int, aim: int) -> int:
    """Just after the last space (or zero-width space) in body[low:high] before `aim`, or
    the first after it; -1 when there is none or it would leave an empty chunk."""
    aim = max(low, min(aim, high))
    for found in (
        max(body.rfind(" ", low, aim), body.rfind("\u200b", low, aim)),
        _first(body.find(" ", aim, high), body.find("\u200b", aim, high)),
    ):
        if found >= low:
            return found + 1
    return -1


def _first(*positions: int) -> int:
    found = [p for p in positions if p >= 0]
    return min(found) if found else -1


def _reopen(body: str, top: tuple[str, int, int], items: int = 0) -> str:
    """The opening tag that continues `top` in the next chunk (an ordered list numbered on)."""
    name, open_start, open_end = top
    tag = body[open_start:open_end]
    if name == "ol":
        first = _START.search(tag)
        number = (int(first.group(1)) if first else 1) + items
        tag = _START.sub("", tag)
        tag = f'{tag[:-1]} start="{number}">'
    return tag


def _joined(tag: str) -> str:
    """`tag` (an opening tag) with the class that takes its bottom margin away."""
    found = _CLASS.search(tag)
    if found is None:
        return f'{tag[:-1]} class="{JOINED}">'
    if JOINED in found.group(1).split():
        return tag
    classes = f"{found.group(1)} {JOINED}".strip()
    return f'{tag[: found.start()]} class="{classes}"{tag[found.end() :]}'
