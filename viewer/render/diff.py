"""A word diff (`core.worddiff`) as HTML for QTextBrowser: inserted words marked green,
deleted words red and struck through, long unchanged stretches cut down to the words around
each change. The output is bounded, so even a rewritten 3 MB note is quick to show."""

from __future__ import annotations

import re
from html import escape

from ..core.worddiff import EQUAL, INSERTED, DiffSegment
from .theme import mix, palette

CONTEXT_CHARS = 140  # unchanged text kept on each side of a change
MAX_CHARS = 60_000  # text shown in all; the rest is counted, not drawn
MAX_RUNS = 1_500  # marked runs shown in all (each is a span to lay out)
GAP = " … "


def _around(text: str, *, head: bool, tail: bool) -> str:
    """An unchanged stretch cut down to its start (`head`), its end (`tail`) or both, at
    word boundaries."""
    if len(text) <= CONTEXT_CHARS * (head + tail) + len(GAP):
        return text
    start = text[:CONTEXT_CHARS].rsplit(" ", 1)[0] if head else ""
    end = text[-CONTEXT_CHARS:].split(" ", 1)[-1] if tail else ""
    return start + GAP + end if head and tail else (start + GAP if head else GAP + end)


# Markup in the context around a change, shown as what it means: a timestamp link as its
# time, any other anchor tag dropped (its text stays). Tags inside a change are kept, so a
# changed time shows. Each pattern's runs stop at the next '<' or '>', where the next match
# could start: linear on any input.
_LINKED_TIME = re.compile(r"<a\s([^<>]*)>(\[[^<>\[\]]*\])</a>")
_ANCHOR_TAG = re.compile(r"</?a\b[^<>]*>")


def _time(match: re.Match[str]) -> str:
    return match.group(2) if "yt-timestamp" in match.group(1) else match.group(0)


def _plain(text: str) -> str:
    return _ANCHOR_TAG.sub("", _LINKED_TIME.sub(_time, text))


def _block(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def diff_html(segments: list[DiffSegment], theme: str = "light") -> str:
    """The segments as one HTML paragraph flow; empty segments give a "no change" line."""
    p = palette(theme)
    inserted = f"background-color: {mix(p.callouts['green'], p.background, 0.22)}; color: {p.text}"
    deleted = (
        f"background-color: {mix(p.callouts['red'], p.background, 0.2)}; color: {p.muted};"
        " text-decoration: line-through"
    )
    if not any(kind != EQUAL for kind, _text in segments):
        return f"<p style='color: {p.muted}'>No words changed (only spacing or line breaks).</p>"
    parts: list[str] = []
    shown = 0
    left = 0
    last = len(segments) - 1
    runs = 0
    for index, (kind, text) in enumerate(segments):
        if shown >= MAX_CHARS or runs >= MAX_RUNS:
            left += kind != EQUAL
            continue
        if kind == EQUAL:
            text = _around(_plain(text), head=index > 0, tail=index < last)
            parts.append(_block(text))
        else:
            style = inserted if kind == INSERTED else deleted
            text = text[: MAX_CHARS - shown]
            runs += 1
            parts.append(f"<span style='{style}'>{_block(text)}</span>")
        shown += len(text)
    if left:
        parts.append(
            f"<br><br><i style='color: {p.muted}'>… and {left:,} more changes, not shown.</i>"
        )
    return f"<p style='color: {p.text}; line-height: 140%'>{''.join(parts)}</p>"
