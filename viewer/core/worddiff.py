"""Word-level differences between two versions of a note, in bounded time.

`difflib` alone is quadratic (or worse) on long, repetitive inputs, and a regenerated note can
be long and repetitive. So the texts are cut into words first, common prefixes and suffixes are
set aside, words that occur exactly once on both sides anchor the rest (patience diff), and
only gaps small enough to be cheap go to `difflib`. A work budget proportional to the input
turns whatever remains into "deleted, then inserted": a coarser answer, never a slow one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from difflib import SequenceMatcher
from itertools import pairwise
from typing import NamedTuple

EQUAL, INSERTED, DELETED = "equal", "inserted", "deleted"

# A word or a run of punctuation with the whitespace before it; whitespace at the very end
# is a token of its own. Disjoint classes after `\s*`: linear on any input.
_TOKEN = re.compile(r"\s*(?:\w+|[^\w\s]+)|\s+")
# Gaps with at most this many (old x new) word pairs are matched exactly by difflib.
EXACT_CELLS = 40_000
# Work allowed per word of input before the rest is shown coarsely.
WORK_PER_TOKEN = 40


class DiffSegment(NamedTuple):
    """A run of text: EQUAL (as it reads now), INSERTED (new) or DELETED (only in the old)."""

    kind: str
    text: str


def tokens(text: str) -> list[str]:
    """The text cut into words and punctuation runs, each with the whitespace before it;
    joined, they give the text back exactly."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[DiffSegment]:
    """How `new` differs from `old`, word by word: joining the EQUAL and INSERTED segments
    gives `new`; the words of the EQUAL and DELETED segments are those of `old`. Whitespace
    changes alone are not differences. Consecutive segments have different kinds."""
    old_tokens, new_tokens = tokens(old), tokens(new)
    old_keys = [t.strip() for t in old_tokens]
    new_keys = [t.strip() for t in new_tokens]
    ops = _Matcher(old_keys, new_keys).opcodes()
    segments: list[DiffSegment] = []
    for kind, a1, a2, b1, b2 in ops:
        if kind == EQUAL:
            _append(segments, EQUAL, "".join(new_tokens[b1:b2]))
        else:
            _append(segments, DELETED, "".join(old_tokens[a1:a2]))
            _append(segments, INSERTED, "".join(new_tokens[b1:b2]))
    return segments


def _append(segments: list[DiffSegment], kind: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].kind == kind:
        segments[-1] = DiffSegment(kind, segments[-1].text + text)
    else:
        segments.append(DiffSegment(kind, text))


_Op = tuple[str, int, int, int, int]


class _Matcher:
    """Patience diff over two key lists, with difflib for small gaps and a work budget."""

    def __init__(self, a: list[str], b: list[str]) -> None:
        self.a, self.b = a, b
        self.budget = WORK_PER_TOKEN * (len(a) + len(b)) + 10_000

    def opcodes(self) -> list[_Op]:
        """(kind, a1, a2, b1, b2) in order; kinds EQUAL, or "replace" for a changed gap."""
        ops: list[_Op] = []
        # An explicit stack rather than recursion: deep inputs cannot overflow it. Gaps are
        # pushed last-first so they come off in reading order.
        stack: list[tuple[int, int, int, int]] = [(0, len(self.a), 0, len(self.b))]
        while stack:
            self._gap(*stack.pop(), ops, stack)
        return ops

    def _gap(
        self,
        alo: int,
        ahi: int,
        blo: int,
        bhi: int,
        ops: list[_Op],
        stack: list[tuple[int, int, int, int]],
    ) -> None:
        a, b = self.a, self.b
        start_a, start_b = alo, blo
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            alo += 1
            blo += 1
        end_a, end_b = ahi, bhi
        while ahi > alo and bhi > blo and a[ahi - 1] == b[bhi - 1]:
            ahi -= 1
            bhi -= 1
        self.budget -= (ahi - alo) + (bhi - blo) + 1
        if alo > start_a:
            ops.append((EQUAL, start_a, alo, start_b, blo))
        suffix = (EQUAL, ahi, end_a, bhi, end_b) if ahi < end_a else None
        if alo < ahi or blo < bhi:
            self._middle(alo, ahi, blo, bhi, ops, stack, suffix)
        elif suffix:
            ops.append(suffix)

    def _middle(
        self,
        alo: int,
        ahi: int,
        blo: int,
        bhi: int,
        ops: list[_Op],
        stack: list[tuple[int, int, int, int]],
        suffix: _Op | None,
    ) -> None:
        if alo == ahi or blo == bhi or self.budget < 0:
            ops.append(("replace", alo, ahi, blo, bhi))
        elif (ahi - alo) * (bhi - blo) <= EXACT_CELLS:
            self.budget -= (ahi - alo) * (bhi - blo) // 8
            matcher = SequenceMatcher(None, self.a[alo:ahi], self.b[blo:bhi], autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                kind = EQUAL if tag == "equal" else "replace"
                ops.append((kind, alo + i1, alo + i2, blo + j1, blo + j2))
        else:
            anchors = self._anchors(alo, ahi, blo, bhi)
            if not anchors:
                ops.append(("replace", alo, ahi, blo, bhi))
            else:
                # The suffix goes on the stack first so it is emitted after every gap.
                if suffix:
                    stack.append((suffix[1], suffix[2], suffix[3], suffix[4]))
                    suffix = None
                bounds = [(alo - 1, blo - 1), *anchors, (ahi, bhi)]
                for (i0, j0), (i1, j1) in reversed(list(pairwise(bounds))):
                    # Each gap ends with its anchor (i1, j1), which its suffix scan matches.
                    stack.append((i0 + 1, min(i1 + 1, ahi), j0 + 1, min(j1 + 1, bhi)))
        if suffix:
            ops.append(suffix)

    def _anchors(self, alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int]]:
        """Positions (i, j) of keys found exactly once in each range, longest increasing run
        of them (patience sorting): they are matched for sure, and split the rest."""
        a, b = self.a, self.b
        self.budget -= 2 * ((ahi - alo) + (bhi - blo))
        counts: dict[str, int] = {}
        for key in a[alo:ahi]:
            counts[key] = counts.get(key, 0) + 1
        in_b: dict[str, int] = {}
        for j in range(blo, bhi):
            key = b[j]
            if counts.get(key) == 1:
                in_b[key] = -1 if key in in_b else j
        pairs = [(i, in_b[a[i]]) for i in range(alo, ahi) if in_b.get(a[i], -1) >= 0]
        # Longest increasing subsequence of j over pairs in i order.
        tails: list[int] = []  # smallest j ending a run of each length
        tail_index: list[int] = []
        previous: list[int] = []
        for index, (_, j) in enumerate(pairs):
            length = bisect_left(tails, j)
            if length == len(tails):
                tails.append(j)
                tail_index.append(index)
            else:
                tails[length] = j
                tail_index[length] = index
            previous.append(tail_index[length - 1] if length else -1)
        run: list[tuple[int, int]] = []
        index = tail_index[-1] if tail_index else -1
        while index >= 0:
            run.append(pairs[index])
            index = previous[index]
        run.reverse()
        return run
