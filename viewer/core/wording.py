"""Counts as English: the numbers the viewer shows a reader go through `plural`, so no row,
heading or status line says "1 notes" or "1 topics"."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 note``, ``2 notes``, ``1,234 notes``; `many` for a word whose plural is not
    `word` + "s" (``plural(2, "match", "matches")``)."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {many or word + 's'}"
