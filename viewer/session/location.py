"""Places a reader can be, and the table of page kinds: the one place that says what each
kind of page is titled, which panels it feeds, where it sits in the tree and what opening it
means for the session.

A window, a tab or a bookmark only ever holds a `Location`; everything else about a page is
looked up here, so adding a page kind is one entry in `KINDS` plus its renderer in `pages`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..core.tree import EPISODE, NOTE, TAG, TOPIC

NOTE_PAGE, TOPIC_PAGE, TAG_PAGE, EPISODE_PAGE, FOLDER_PAGE = (
    "note",
    "topic",
    "tag",
    "episode",
    "folder",
)
MESSAGE_PAGE, WELCOME_PAGE = "message", "welcome"

# Where a chosen page opens: in the reader it was chosen from, in a new tab beside it
# (Ctrl+click, middle-click, Ctrl+Enter), or in the other tab group of a split (Ctrl+Alt).
HERE, NEW_TAB, OTHER_GROUP = "here", "new-tab", "other-group"


@dataclass(frozen=True, slots=True)
class Location:
    """A place to show. `anchor`, `line` and `highlight` say where to look once it is shown;
    `scroll` remembers where the reader was when they left it. A message page keeps its
    title in `key` and what it says in `text`."""

    kind: str
    key: str = ""
    anchor: str | None = None
    line: int | None = None
    highlight: str | None = None
    scroll: int | None = None
    text: str = ""
    origin: str | None = None  # the note the reader came from (an episode marks its ticks)

    def same_page(self, other: Location | None) -> bool:
        return other is not None and (self.kind, self.key) == (other.kind, other.key)

    def at_scroll(self, scroll: int) -> Location:
        """The same page, to be shown at `scroll` and nothing else (no anchor, no mark)."""
        return replace(self, anchor=None, line=None, highlight=None, scroll=scroll)


@dataclass(frozen=True, slots=True)
class PageKind:
    """What the session does with one kind of page."""

    name: str
    tree_kind: str | None = None  # the tree node kind that shows this page (for Reveal)
    mentions_label: str | None = None  # the backlinks panel's heading; None: no backlinks
    unlinked: bool = False  # offers unlinked mentions (a note's title written without a link)
    citations: bool = False  # the Timestamps panel lists this page's citations
    remembered: bool = False  # reopened at the next launch, listed among recent notes
    follows_vault: bool = True  # re-rendered when the vault changes under it
    history: bool = True  # takes a place in back/forward


KINDS: dict[str, PageKind] = {
    kind.name: kind
    for kind in (
        PageKind(
            NOTE_PAGE,
            tree_kind=NOTE,
            mentions_label="Linked mentions",
            unlinked=True,
            citations=True,
            remembered=True,
        ),
        PageKind(TOPIC_PAGE, tree_kind=TOPIC, mentions_label="Mentions", citations=True),
        PageKind(TAG_PAGE, tree_kind=TAG),
        PageKind(EPISODE_PAGE, tree_kind=EPISODE, citations=True),
        PageKind(FOLDER_PAGE),
        PageKind(MESSAGE_PAGE, follows_vault=False, history=False),
        PageKind(WELCOME_PAGE, follows_vault=False),
    )
}


def kind_of(location: Location | None) -> PageKind:
    """The kind of `location` (a message page's for None or an unknown kind)."""
    if location is None:
        return KINDS[MESSAGE_PAGE]
    return KINDS.get(location.kind, KINDS[MESSAGE_PAGE])


def message(title: str, text: str) -> Location:
    """A page that only says something (an error, an empty state); needs no vault."""
    return Location(MESSAGE_PAGE, title, text=text)
