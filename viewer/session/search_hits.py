"""Search results as the panel lists them: each hit's context read like the note.

FTS gives a plain-text snippet of its own index (link syntax reduced to words, markup gone).
The panel shows instead the sentence of the note where the first matched word stands,
rendered as the note renders it (bold, code, links, citations as pills) with that word
marked; the snippet stays the fallback when the word cannot be placed (a title-only match).
Made in a worker, under the vault's read lock, like every other row of a side panel.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.metadata import split as split_frontmatter
from ..core.search import BYLINE, Hit, SearchIndex
from ..core.vault import Vault
from ..render.snippets import link_around, snippet_html

MAX_TRIES = 50  # places of a word looked at before the snippet is left to FTS


@dataclass(frozen=True, slots=True)
class SearchResults:
    """What a search found: the best `hits` (at most the limit asked for), how many notes
    match in all, and each hit's context as HTML ("" where the FTS snippet must do)."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    html: tuple[str, ...]


def search_vault(
    vault: Vault,
    index: SearchIndex,
    query: str,
    limit: int,
    *,
    prefix_last: bool = True,
    contexts: int | None = None,
) -> SearchResults:
    """The best `limit` hits for `query`, how many notes match in all, and the contexts of
    the first `contexts` hits (all when None): a context costs a few milliseconds to render,
    so the rows on screen get theirs at once and the rest follow (`hits_html`)."""
    hits = index.search(query, limit=limit, prefix_last=prefix_last)
    total = len(hits)
    if total >= limit:
        total = max(total, index.match_count(query, prefix_last=prefix_last))
    first = hits if contexts is None else hits[:contexts]
    return SearchResults(query, tuple(hits), total, hits_html(vault, first))


def hits_html(vault: Vault, hits: Sequence[Hit]) -> tuple[str, ...]:
    return tuple(hit_html(vault, hit) for hit in hits)


def hit_html(vault: Vault, hit: Hit) -> str:
    """The sentence around the hit's first matched word in its note, rendered, the word (or
    the link holding it) marked; "" when no matched word is found in the note's text."""
    if hit.path not in vault.notes:
        return ""
    text = vault.read_text(hit.path)
    found = find_term(text, hit.terms())
    if found is None:
        return ""
    number, start, end = found
    line = vault.line_of(hit.path, number)
    mark = link_around(line, start, end) or (start, end)
    return snippet_html(vault, hit.path, line, start, mark)


def find_term(text: str, terms: list[str]) -> tuple[int, int, int] | None:
    """(1-based line, start column, end column) of the first place in the note's body where
    one of `terms` stands as a word, trying them in order; outside the frontmatter, the
    byline and HTML tags, where a reader does not see it as text."""
    _, body, _ = split_frontmatter(text)
    for term in dict.fromkeys(t.casefold() for t in terms if t.strip()):
        pattern = re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)", re.IGNORECASE)
        for tries, match in enumerate(pattern.finditer(text, body)):
            if tries == MAX_TRIES:  # a word only ever in tags of a huge line: give up
                break
            at = match.start()
            start = text.rfind("\n", 0, at) + 1
            byline = BYLINE.match(text, start)  # a word in it is the channel's, not the note's
            if byline is not None and at < byline.end():
                continue
            if text.rfind("<", start, at) > text.rfind(">", start, at):  # in a tag's attributes
                continue
            column = at - start
            return text.count("\n", 0, start) + 1, column, column + len(match.group())
    return None
