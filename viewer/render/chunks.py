"""A page body cut into chunks that Qt can each take in one short step.

Qt imports HTML and lays it out on the GUI thread, holding the interpreter lock, and its cost
grows faster than the text in places (a list's items, a paragraph's lines, a table's nesting):
a 700 KB page was more than a second of frozen window in one `setHtml`. The window shows a
page's first chunk, then appends the others one per event-loop turn (`QTextCursor.insertHtml`),
so no turn holds the window long.

A chunk ends between top-level elements, or inside a top-level element that outgrew a chunk
by itself, where it can be cut without a visible seam: a paragraph after a line break or at a
space, a list between two of its items (an ordered one numbered on; a list nested in items
too, the items around it opened again on it), a quote, callout or embed
frame between two blocks of its cell (what is still open there, frames nested in frames
included, is closed at the seam and opened again at the start of the next chunk, the frames'
edge cells with it). Elements closed at a seam get the class `joined` (no bottom margin or
padding) and those opened again `cont` (no top margin or padding, see theme.py), so the
pieces read as one. Nothing is cut inside a list item, a table of data, code or a heading.
Input is sanitized HTML (`sanitize`): allow-listed tags, well nested, attribute values
escaped, so a tag never holds a ``>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CHUNK_CHARS = 8_000  # HTML characters a chunk aims at (Qt takes about 1-3 µs a character)
JOINED = "joined"
CONTINUED = "cont"
GAP = "gap"
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)[^>]*>")
_VOID = frozenset({"br", "img", "hr"})
_LISTS = frozenset({"ul", "ol"})
_FRAMES = frozenset({"quote", "callout", "embed"})  # table classes that may be cut across
_CONTAINERS = frozenset({"div", "blockquote", "tr", "td", *_LISTS})
_CLASS = re.compile(r'\sclass="([^"]*)"')
_START = re.compile(r'\sstart="(\d{1,9})"')
MAX_REPLAYED_CELL = 400  # characters of a row's earlier cell (a frame's edge) opened again


@dataclass
class _Open:
    """An element open at the current place: its name and opening tag, where that tag is
    (its offset in `body`, or -1 when the current chunk's prefix opened it again)."""

    name: str
    tag: str
    at: int
    items: int = 0  # a list's items so far
    children: int = 0  # elements opened in it since the current chunk started
    cells: list[str] = field(default_factory=list)  # a row's closed cells (small ones)
    cuttable: bool = True  # the element may be closed and opened again at a seam
    last: bool = False  # an item: the last of its list (see `_Splitter.keeps_margin`)


def split_html(body: str, budget: int = CHUNK_CHARS) -> list[str]:
    """`body` in chunks of about `budget` characters or less, cut only where the seam does
    not show (see the module docstring); a body within `budget` is one chunk."""
    if len(body) <= budget:
        return [body]
    return _Splitter(body, budget).run()


class _Splitter:
    def __init__(self, body: str, budget: int) -> None:
        self.body, self.budget = body, budget
        self.chunks: list[str] = []
        self.start = 0  # where the current chunk's own text starts in `body`
        self.prefix: list[tuple[_Open | None, str]] = []  # what the chunk opens again
        self.stack: list[_Open] = []
        self.top_at = 0  # where the open top-level element starts in the current chunk
        self.last_items: frozenset[int] | None = None  # see `_mark_last_items`

    def size(self, position: int) -> int:
        return position - self.start + sum(len(text) for _, text in self.prefix)

    def limit(self) -> int:
        """The budget where the walk is: Qt lays a table's content out again for each table
        around it (a quote four deep: four times), so nested frames get a smaller one."""
        tables = sum(element.name == "table" for element in self.stack)
        return self.budget // (1 + tables)

    def top_size(self, position: int) -> int:
        """Characters of the open top-level element in the current chunk: an element is cut
        only once it outgrew a chunk by itself (a smaller one moves to the next chunk)."""
        return position - max(self.top_at, self.start) + sum(len(t) for _, t in self.prefix)

    def inner_size(self, position: int) -> int:
        """Characters of the innermost open element in the current chunk (a paragraph is
        cut at a space only once it is long itself)."""
        return position - max(self.stack[-1].at, self.start)

    def run(self) -> list[str]:
        body = self.body
        text_from = 0
        for match in _TAG.finditer(body):
            closing, name = match.group(1), match.group(2)
            position = match.start()
            if self._in_paragraph():
                # A paragraph's long text, cut at a space once well past the budget (a line
                # break before that is the better seam: it shows none).
                while self.inner_size(position) >= self.limit() * 3 // 2:
                    low = max(text_from, self.start)
                    space = _space(body, low, position, self.start + self.limit())
                    if space < 0:
                        break
                    self.cut(space)
            text_from = match.end()
            if name in _VOID:
                at_limit = self.top_size(position) >= self.limit()
                if name == "br" and self._in_paragraph() and at_limit:
                    self.cut(position, resume=match.end())  # the break becomes the seam
                continue
            if closing:
                self._close(name, match.end())
                continue
            self._open(name, match.group(), position)
        self.chunks.append(self._prefix_text(set()) + body[self.start :])
        return [chunk for chunk in self.chunks if chunk.strip()]

    # -- the walk ------------------------------------------------------------------------------

    def _open(self, name: str, tag: str, position: int) -> None:
        stack, budget = self.stack, self.budget
        if not stack:
            if self.size(position) >= budget and position > self.start:
                self.cut(position)
            self.top_at = position
        elif (
            self._all_cuttable() or (name == "li" and self._between_nested_items())
        ) and self.top_size(position) >= self.limit():
            inner = stack[-1]  # cut only after something of it: no empty piece
            between_items = inner.name in _LISTS and name == "li"
            inline = self.inner_size(position) >= 2 * self.limit() and name not in ("p", "table")
            if inner.children and (
                between_items
                or inner.name in ("td", "div", "blockquote")
                or (inner.name == "p" and inline)
            ):
                self.cut(position)
        if stack:
            stack[-1].children += 1
            stack[-1].items += stack[-1].name in _LISTS and name == "li"
        opened = _Open(name, tag, position, cuttable=_may_cut(name, tag, stack))
        if name == "li" and self.last_items is not None:
            opened.last = position in self.last_items
        stack.append(opened)

    def _close(self, name: str, end: int) -> None:
        stack = self.stack
        for index in range(len(stack) - 1, -1, -1):
            if stack[index].name == name:
                break
        else:
            return
        closed = stack[index:]
        del stack[index:]
        if stack and stack[-1].name == "tr" and name == "td":
            cell = closed[0]
            text = self.body[cell.at : end] if cell.at >= 0 else ""
            if cell.at >= 0 and len(text) <= MAX_REPLAYED_CELL:
                stack[-1].cells.append(text)
        if not stack and self.size(end) >= self.budget:
            self.cut(end)

    def _in_paragraph(self) -> bool:
        return bool(self.stack) and self.stack[-1].name == "p" and self._all_cuttable()

    def _all_cuttable(self) -> bool:
        return all(element.cuttable for element in self.stack)

    def _between_nested_items(self) -> bool:
        """Whether the walk is in a list nested in items, each of which holds the next one
        open: an item opened again on its list adds no line and no marker in Qt, so a deep
        list is cut between its items like a flat one (a 300-deep list was one 30,000-character
        chunk, 60 ms of Qt)."""
        stack = self.stack
        return bool(stack) and all(
            element.cuttable
            or (element.name == "li" and index + 1 < len(stack) and stack[index + 1].name in _LISTS)
            for index, element in enumerate(stack)
        )

    # -- cutting -------------------------------------------------------------------------------

    def cut(self, at: int, resume: int | None = None) -> None:
        """End the current chunk at `at`: what is open there is closed (marked `joined`)
        and opened again (marked `cont`) at the start of the next chunk."""
        body, start, stack = self.body, self.start, self.stack
        if any(element.name == "li" for element in stack):
            self._mark_last_items()
        still_open = {
            id(element) for index, element in enumerate(stack) if not self.keeps_margin(index)
        }
        text = body[start:at]
        for element in sorted(
            (e for e in stack if e.at >= start and id(e) in still_open),
            key=lambda e: e.at,
            reverse=True,
        ):  # opening tags in this chunk's own text: marked from the last, offsets hold
            offset = element.at - start
            marked = _with_class(element.tag, JOINED)
            text = text[:offset] + marked + text[offset + len(element.tag) :]
        closing = "".join(f"</{element.name}>" for element in reversed(stack))
        self.chunks.append(self._prefix_text(still_open) + text + closing)
        self.start = at if resume is None else resume
        self.prefix = []
        cells = [element for element in stack if element.name == "td"]
        for element in stack:
            tag = _with_class(element.tag, CONTINUED)
            if (
                cells
                and element is cells[-1]
                and (resume or at) < len(body)
                and (body.startswith(("<p", "<table", "<ul", "<ol"), resume or at))
            ):
                tag = _with_class(tag, GAP)  # Qt drops the margin of a cell's last block
            if element.name == "ol":
                tag = _numbered(tag, element.items)
            element.at, element.children = -1, 0
            self.prefix.append((element, tag))
            if element.name == "tr":
                self.prefix.extend((None, cell) for cell in element.cells)
        if stack:
            self.top_at = self.start

    def keeps_margin(self, index: int) -> bool:
        """Whether the list at `stack[index]` keeps its bottom margin at a seam inside one of
        its items: Qt gives a list's margin to the line of its last item, even when a nested
        list follows that line, so a list whose open item is its last keeps it, as whole."""
        stack = self.stack
        return (
            stack[index].name in _LISTS
            and index + 2 < len(stack)
            and stack[index + 1].name == "li"
            and stack[index + 1].last
        )

    def _mark_last_items(self) -> None:
        """Find, once, every item that is the last of its list, and flag the open ones (all
        opened in the body itself: no seam falls inside an item before the first such cut)."""
        if self.last_items is None:
            last: set[int] = set()
            lists: list[int] = []  # per open list, its last item's offset so far (-1: none)
            for match in _TAG.finditer(self.body):
                closing, name = match.group(1), match.group(2)
                if name in _LISTS:
                    if not closing:
                        lists.append(-1)
                    elif lists:
                        last.add(lists.pop())
                elif name == "li" and not closing and lists:
                    lists[-1] = match.start()
            self.last_items = frozenset(last)
            for element in self.stack:
                if element.name == "li":
                    element.last = element.at in self.last_items

    def _prefix_text(self, still_open: set[int]) -> str:
        """The current chunk's prefix; elements still open at its end marked `joined`."""
        return "".join(
            _with_class(text, JOINED) if element is not None and id(element) in still_open else text
            for element, text in self.prefix
        )


def _may_cut(name: str, tag: str, stack: list[_Open]) -> bool:
    """Whether an element may be closed at a seam and opened again: frames (quote, callout
    and embed tables, their rows and cells), lists not inside an item, paragraphs."""
    if name == "table":
        found = _CLASS.search(tag)
        return found is not None and bool(_FRAMES & set(found.group(1).split()))
    if name in ("tr", "td"):
        return bool(stack) and stack[-1].cuttable
    return name in _CONTAINERS or name == "p"


def _space(body: str, low: int, high: int, aim: int) -> int:
    """Just after the last space (or zero-width space) in body[low:high] before `aim`, or
    the first after it; -1 when there is none."""
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


def _numbered(tag: str, items: int) -> str:
    """An ordered list's opening tag, numbered on past its first `items` items."""
    first = _START.search(tag)
    number = (int(first.group(1)) if first else 1) + items
    return f'{_START.sub("", tag)[:-1]} start="{number}">'


def _with_class(tag: str, name: str) -> str:
    """`tag` (an opening tag) with the class `name` added."""
    found = _CLASS.search(tag)
    if found is None:
        return f'{tag[:-1]} class="{name}">'
    classes = found.group(1).split()
    if name in classes:
        return tag
    return f'{tag[: found.start()]} class="{" ".join([*classes, name])}"{tag[found.end() :]}'
