"""The rows of the backlinks panel: each mention of a page, where it is and what it says.

Rows are plain data made in a worker thread from the vault; the panel only draws them, and
activating one opens its note at that line with `needle` marked.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.courtesy import paced
from ..core.mentions import unlinked_mentions
from ..core.names import file_name, stem_of
from ..core.vault import Vault
from ..render.snippets import link_span, snippet_html
from .location import NOTE_PAGE, Location

MAX_MENTION_ROWS = 2000
PACE_ROWS = 2  # rows between two looks at whether the reader waits on the window (courtesy)


@dataclass(frozen=True, slots=True)
class MentionRow:
    """One mention to list: where it is, what it says, and the text to highlight there."""

    source: str
    title: str
    line: int
    context: str
    needle: str  # the text to find and mark in the rendered note
    terms: tuple[str, ...] = ()  # words to show in bold in the snippet
    html: str = ""  # the context as the note renders it, the mention marked (render.snippets)


def mention_rows(vault: Vault, location: Location) -> list[MentionRow]:
    """Linked mentions of a note, or every mention of an unresolved topic, in reading order."""
    if location.kind == NOTE_PAGE:
        mentions = vault.backlinks(location.key, MAX_MENTION_ROWS, courteous=True)  # not a million
        shown_as = vault.title_of(location.key)
    else:
        mentions = vault.topic_mentions(location.key, MAX_MENTION_ROWS, courteous=True)
        shown_as = location.key
    rows = []
    # A row costs about 2 ms (its source note parsed, its line rendered): a note with dozens
    # of backlinks held the interpreter 50-100 ms just as the window drew the page and the
    # tree for the switch that asked for them (stalls of 100-170 ms on 100,000 notes). The
    # panel follows the page, so it waits for the window's burst to end, a few rows at a time.
    for mention in paced(mentions, every=PACE_ROWS):
        link = mention.link
        written = file_name(link.target) or stem_of(location.key)
        if location.kind == NOTE_PAGE and " " not in written and "_" in written:
            written = shown_as  # the renderer shows file-name links by title
        text = vault.line_of(mention.source, mention.line)
        rows.append(
            MentionRow(
                mention.source,
                vault.title_of(mention.source),
                mention.line,
                vault.context(mention.source, mention.line, mention.column),
                link.alias or written,
                (link.alias or shown_as,),
                snippet_html(
                    vault, mention.source, text, mention.column, link_span(text, mention.column)
                ),
            )
        )
    return rows


def unlinked_rows(vault: Vault, path: str) -> list[MentionRow]:
    """The note's title or aliases written as plain text elsewhere (found on demand)."""
    if path not in vault.notes:
        return []
    rows = []
    for m in unlinked_mentions(vault, path):
        text = vault.line_of(m.source, m.line)
        mark = (m.column, m.column + len(m.matched))
        html = snippet_html(vault, m.source, text, m.column, mark)
        rows.append(MentionRow(m.source, m.title, m.line, m.context, m.matched, (m.matched,), html))
    return rows
