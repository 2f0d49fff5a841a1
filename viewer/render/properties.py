"""The Properties block: a note's frontmatter as a compact, foldable table under its title,
as Obsidian's Properties view shows it.

Values are shown for what they are: text (its markdown read inline, so ``[[links]]`` and web
addresses are links), numbers, dates, lists, tags as tag pills, ``videoId`` as a Watch link
(a ``time:`` href at 0 s). Markup in a value is shown as written (no tag is read from
it), and the page's sanitizer sees the block like everything else.

Frontmatter is untrusted: YAML may alias one list into itself a billion times over, so the
walk stops after `MAX_VALUES` values and `MAX_DEPTH` levels; frontmatter over `MAX_SOURCE`
characters is not parsed here at all.
A block that cannot be read says so quietly. The fold marker (``callout:properties``)
closes and opens it like a folded callout.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from viewer.core import metadata

from . import marks
from .callouts import fold_marker
from .hrefs import tag_href, time_href

BLOCK_ID = "properties"
MAX_SOURCE = 64_000  # characters of frontmatter read here
MAX_VALUES = 200  # values shown, all keys and nesting together
MAX_DEPTH = 3
MAX_TEXT = 2_000  # characters of one value shown
_VIDEO_ID = re.compile(r"[A-Za-z0-9_\-]{11}")
_TAG_KEYS = frozenset({"tags", "tag"})
_VIDEO_KEYS = frozenset({"videoid", "video_id", "youtube_id"})

Inline = Callable[[str], str]  # markdown of one value -> inline HTML


class _Count:
    def __init__(self) -> None:
        self.left = MAX_VALUES


def properties_html(
    fm_text: str | None, inline: Inline, is_open: bool = True, foldable: bool = True
) -> str:
    """HTML of the Properties block for frontmatter `fm_text` ('' when there is none);
    `inline` renders a text value's markdown; `foldable`: with a fold marker."""
    if fm_text is None or not fm_text.strip():
        return ""
    rows: list[str] = []
    if len(fm_text) > MAX_SOURCE:
        rows.append(_notice(f"Not shown: the properties are {len(fm_text):,} characters long."))
        count = 0
    else:
        data, problem = metadata.parse(fm_text)
        if problem:
            rows.append(_notice(f"Not shown: {problem}."))
        budget = _Count()
        for key, value in list(data.items())[:MAX_VALUES]:
            if budget.left <= 0:
                rows.append(_notice("More properties are not shown."))
                break
            budget.left -= 1
            name = _key_text(key)
            cell = _value(name, value, inline, budget, 0)
            rows.append(
                f'<tr><td class="property-key" width="28%">{escape(name)}</td>'
                f'<td class="property-value">{cell}</td></tr>'
            )
        count = len(data)
    title = f"Properties ({count})" if count else "Properties"
    marker = _serialize_marker(is_open) if foldable else ""
    head = f'<tr><td class="properties-title" colspan="2">{escape(title)}\u2002{marker}</td></tr>'
    body = "".join(rows) if is_open else ""
    state = "properties" if is_open else "properties folded"
    return (
        f'<table class="{state}" width="100%" cellspacing="0" cellpadding="0">{head}{body}</table>'
    )


def _serialize_marker(is_open: bool) -> str:
    marker = fold_marker(BLOCK_ID, is_open)
    return (
        f'<a class="fold" href="{escape(marker.get("href") or "")}" '
        f'title="{escape(marker.get("title") or "")}">{marker.text}</a>'
    )


def _notice(text: str) -> str:
    return f'<tr><td class="property-notice" colspan="2">{escape(text)}</td></tr>'


def _value(key: str, value: Any, inline: Inline, budget: _Count, depth: int) -> str:
    folded = key.lower()
    if folded in _TAG_KEYS:
        tags = metadata.as_list(value) if not isinstance(value, Mapping) else []
        return " ".join(_tag(tag) for tag in tags[: max(budget.left, 1)]) or _empty()
    if folded in _VIDEO_KEYS and isinstance(value, str) and _VIDEO_ID.fullmatch(value.strip()):
        video = value.strip()
        return (
            f'<a class="watch" href="{escape(time_href(video, 0))}" title="Watch the video">'
            f"▶\u00a0Watch</a> <code>{escape(video)}</code>"
        )
    return _any(value, inline, budget, depth)


def _any(value: Any, inline: Inline, budget: _Count, depth: int) -> str:
    if value is None:
        return _empty()
    if isinstance(value, bool):
        return "✓ yes" if value else "✗ no"
    if isinstance(value, (int, float)):
        return escape(str(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return escape(value.isoformat())
    if isinstance(value, str):
        text = value[:MAX_TEXT] + ("…" if len(value) > MAX_TEXT else "")
        # Markup in a value is shown as written: "<" never opens a tag here.
        return inline(text.replace("<", marks.LT)) if text.strip() else _empty()
    if depth >= MAX_DEPTH:
        return "…"
    if isinstance(value, (list, tuple, set)):
        items = []
        for item in value:
            if budget.left <= 0:
                items.append("…")
                break
            budget.left -= 1
            items.append(_any(item, inline, budget, depth + 1))
        return ", ".join(items) if items else _empty()
    if isinstance(value, Mapping):
        pairs = []
        for key, item in value.items():
            if budget.left <= 0:
                pairs.append("…")
                break
            budget.left -= 1
            shown = _any(item, inline, budget, depth + 1)
            pairs.append(f"<i>{escape(_key_text(key))}</i>: {shown}")
        return "; ".join(pairs) if pairs else _empty()
    return escape(type(value).__name__)


def _key_text(key: Any) -> str:
    """A key as text; YAML allows lists as keys, and a list may alias itself many times over,
    so only plain scalars are spelt out."""
    if isinstance(key, (str, int, float, bool, datetime.date)):
        return str(key)[:MAX_TEXT]
    return f"({type(key).__name__})"


def _tag(tag: str) -> str:
    tag = tag.strip().lstrip("#")
    if not tag:
        return ""
    return f'<a class="tag" href="{escape(tag_href(tag))}">\u00a0#{escape(tag)}\u00a0</a>'


def _empty() -> str:
    return '<span class="property-empty">—</span>'
