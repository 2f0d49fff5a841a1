"""Python-Markdown's link, image and reference patterns, in linear time.

Each of them starts at a ``[`` and scans forward for the ``]`` that closes it, then (links and
images) scans a ``(...)`` for the destination. On a line of openers that never close
(``[[[[...``, ``[x](((...``) every opener scans to the end: quadratic, 18 s for 8 KB. Here:

- `BracketMemo` pairs brackets once and remembers where each ``[`` closes, as distances from
  the end of the text: Python-Markdown only ever rewrites the text before the place it is
  looking at, so the memo stays right for the rest of the text (checked by comparing the
  rest, never assumed);
- the destination scan stops at the next ``](`` (where another link's text ends: a
  destination never holds one), so each character is scanned for one link at most.
"""

from __future__ import annotations

import re

from markdown import Markdown, inlinepatterns

_BRACKET = re.compile(r"[\[\]]")


class BracketMemo:
    """Where the ``]`` closing each ``[`` of a text is (see the module docstring)."""

    def __init__(self) -> None:
        self.text: str | None = None
        self.valid = 0  # entries for brackets this close to the end are right for `text`
        self.closes: dict[int, int] = {}  # distance of a "[" from the end -> of its "]" (-1)

    def close(self, data: str, index: int) -> int | None:
        """Position of the ``]`` that closes the ``[`` at ``index - 1`` in `data`, or None."""
        size = len(data)
        distance = size - index + 1
        if data is not self.text:
            old = self.text
            if not (
                old is not None
                and distance <= self.valid
                and data.endswith(old[len(old) - distance :])
            ):
                self.closes = {}
                distance_valid = size
            else:
                distance_valid = distance
            self.text, self.valid = data, distance_valid
        elif distance > self.valid:
            self.closes, self.valid = {}, size
        found = self.closes.get(distance)
        if found is None:
            self._scan(data, index - 1)
            found = self.closes[distance]
        return None if found < 0 else size - found

    def _scan(self, data: str, position: int) -> None:
        size = len(data)
        closes = self.closes
        stack: list[int] = []
        search = _BRACKET.search
        match = search(data, position)
        while match:
            at = match.start()
            if data[at] == "[":
                known = closes.get(size - at)
                if known is not None:
                    if known < 0:  # open to the end: so is every bracket still open
                        break
                    match = search(data, size - known + 1)
                    continue
                stack.append(size - at)
            elif stack:
                closes[stack.pop()] = size - at
                if not stack:
                    return
            match = search(data, at + 1)
        for distance in stack:
            closes[distance] = -1


class _Linear:
    """`getText` through a `BracketMemo`, `getLink` bounded by the next ``](``."""

    _memo: BracketMemo

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        memo = getattr(self, "_memo", None)
        if memo is None:
            memo = self._memo = BracketMemo()
        close = memo.close(data, index)
        if close is None:  # (the text of a failed match is never used)
            return "", len(data), False
        return data[index:close], close + 1, True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        stop = data.find("](", index)
        piece = data[index:] if stop < 0 else data[index : stop + 1]
        href, title, end, handled = super().getLink(piece, 0)  # type: ignore[misc]
        return href, title, index + end, handled


class Links(_Linear, inlinepatterns.LinkInlineProcessor):
    pass


class Images(_Linear, inlinepatterns.ImageInlineProcessor):
    pass


class References(_Linear, inlinepatterns.ReferenceInlineProcessor):
    pass


class ImageReferences(_Linear, inlinepatterns.ImageReferenceInlineProcessor):
    pass


class ShortReferences(_Linear, inlinepatterns.ShortReferenceInlineProcessor):
    pass


class ShortImageReferences(_Linear, inlinepatterns.ShortImageReferenceInlineProcessor):
    pass


def register(md: Markdown) -> None:
    """Put the linear patterns in place of Python-Markdown's, same names and priorities."""
    patterns = md.inlinePatterns
    for name, kind, regex, priority in (
        ("reference", References, inlinepatterns.REFERENCE_RE, 170),
        ("link", Links, inlinepatterns.LINK_RE, 160),
        ("image_link", Images, inlinepatterns.IMAGE_LINK_RE, 150),
        ("image_reference", ImageReferences, inlinepatterns.IMAGE_REFERENCE_RE, 140),
        ("short_reference", ShortReferences, inlinepatterns.REFERENCE_RE, 130),
        ("short_image_ref", ShortImageReferences, inlinepatterns.IMAGE_REFERENCE_RE, 125),
    ):
        patterns.register(kind(regex, md), name, priority)
