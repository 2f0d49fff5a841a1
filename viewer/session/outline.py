"""The outline of a page: a note's headings, or an episode's topics (Qt-free, for the Outline
panel; built in a worker from the note's parse).

Each heading carries its source line, which the renderer writes as the line anchor at the
start of the heading's block, and its link anchor, the id `[[note#Heading]]` lands on; the
panel finds the heading in the rendered page by the line (unique even when two headings share
a text) and so lands exactly where a heading link does.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.context import plain
from ..core.episodes import episodes
from ..core.timestamps import format_time
from ..core.vault import Vault
from ..render.hrefs import link_anchor
from .location import EPISODE_PAGE, NOTE_PAGE, Location

# Headings an outline lists at most: a panel of 20,000 rows took seconds of the GUI thread to
# fill and follow, and no reader scans that many; the last row says how many are left out.
MAX_ENTRIES = 1000


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """One row: a heading of the page (`level` 1-6, its `line` and `anchor`), or a topic of
    an episode (level 1, line 0, `opens` the topic note; `detail` says when it starts)."""

    level: int
    text: str
    line: int = 0
    anchor: str = ""
    opens: Location | None = None
    detail: str = ""


def outline(vault: Vault, location: Location) -> list[OutlineEntry]:
    """The outline of the page at `location`: empty for pages without one."""
    if location.kind == NOTE_PAGE:
        note = vault.notes.get(location.key)
        if note is None:
            return []
        headings = note.headings
        entries = [
            OutlineEntry(
                heading.level,
                plain(heading.text) or heading.text,
                heading.line,
                link_anchor(heading.text) or "",
            )
            for heading in headings[:MAX_ENTRIES]
        ]
        if len(headings) > MAX_ENTRIES:
            more = len(headings) - MAX_ENTRIES
            entries.append(OutlineEntry(1, f"… and {more:,} more headings, not listed"))
        return entries
    if location.kind == EPISODE_PAGE:
        episode = episodes(vault).get(location.key)
        if episode is None:
            return []
        entries = []
        for path in episode.notes:
            first = vault.notes[path].stamps_first
            detail = f"from {format_time(first)}" if first is not None else "no timestamps"
            entries.append(
                OutlineEntry(
                    1, vault.title_of(path), opens=Location(NOTE_PAGE, path), detail=detail
                )
            )
        return entries
    return []
