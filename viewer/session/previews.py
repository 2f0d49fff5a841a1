"""What a hover preview shows: the target of a link, a backlink row or a tree row, as a small
page (Qt-free; built in a worker under the vault's read lock, see `ui.link_preview`).

A note previews as itself, to be scrolled to the heading, block or line the link names; an
unresolved topic as "No note · N mentions" with its first mentions; a tag as the notes that
carry it; a timestamp pill as its episode, channel, time and the sentence that cites it, and,
when a local copy of the video has subtitles, the lines spoken around that second.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..core.episodes import Citation, channel_label, episodes, note_citations, timeline
from ..core.subtitles import Excerpt
from ..core.tags import notes_with_tag
from ..core.timestamps import format_time
from ..core.tree import EPISODE, TAG, TOPIC, TreeNode
from ..core.vault import Vault
from ..core.wording import plural
from ..render import hrefs
from ..render.pages import document
from ..render.sanitize import sanitize
from .location import EPISODE_PAGE, NOTE_PAGE, TAG_PAGE, TOPIC_PAGE, Location
from .pages import Page, PageRenderer, message_page

FIRST_MENTIONS = 5  # a topic's preview lists this many mentions
FIRST_TAGGED = 12  # a tag's preview lists this many notes
NBSP = "\u00a0"


@dataclass(frozen=True, slots=True)
class PreviewTarget:
    """What to preview: a page (`location`, with the anchor, line or text to show), or a
    citation (`video_id` at `seconds`, cited in the note `source` when known)."""

    location: Location | None = None
    video_id: str = ""
    seconds: int = 0
    source: str = ""


@dataclass(frozen=True, slots=True)
class Preview:
    """A preview to show: a complete, safe HTML page, and the page it stands for (opening the
    preview goes there; its anchor, line and highlight say where the preview scrolls)."""

    title: str
    html: str
    location: Location | None


def target_for_href(href: str, shown: Location | None = None) -> PreviewTarget | None:
    """The preview of a link in the page `shown`; None for links that leave the vault
    (web pages and files say where they go in the status bar)."""
    parsed = hrefs.parse_href(href)
    if parsed is None:
        return None
    if parsed.kind == hrefs.NOTE:
        return PreviewTarget(Location(NOTE_PAGE, parsed.target, anchor=parsed.anchor))
    if parsed.kind == hrefs.TOPIC:
        return PreviewTarget(Location(TOPIC_PAGE, parsed.target))
    if parsed.kind == hrefs.TAG:
        return PreviewTarget(Location(TAG_PAGE, parsed.target))
    if parsed.kind == hrefs.TIME:
        source = shown.key if shown is not None and shown.kind == NOTE_PAGE else ""
        return PreviewTarget(video_id=parsed.target, seconds=parsed.seconds or 0, source=source)
    if parsed.kind == hrefs.ANCHOR and shown is not None and shown.kind == NOTE_PAGE:
        return PreviewTarget(Location(NOTE_PAGE, shown.key, anchor=parsed.target))
    return None


def target_for_node(node: TreeNode) -> PreviewTarget | None:
    """The preview of a tree row: its note, topic, tag or episode (folders have none)."""
    if node.kind == TOPIC:
        return PreviewTarget(Location(TOPIC_PAGE, node.key))
    if node.kind == TAG:
        return PreviewTarget(Location(TAG_PAGE, node.key))
    if node.kind == EPISODE:
        return PreviewTarget(Location(EPISODE_PAGE, node.key))
    if node.note:
        return PreviewTarget(Location(NOTE_PAGE, node.note))
    return None


def target_for_line(path: str, line: int, highlight: str = "") -> PreviewTarget:
    """The preview of a mention: its note, scrolled to `line`, `highlight` marked there."""
    if line <= 0:
        return PreviewTarget(Location(NOTE_PAGE, path))
    return PreviewTarget(Location(NOTE_PAGE, path, line=line, highlight=highlight or None))


def build_preview(
    pages: PageRenderer, target: PreviewTarget, theme: str, spoken: Excerpt | None = None
) -> Preview:
    """The preview of `target` in `theme` (a worker's job: the vault is held for reading);
    `spoken` is what the video says around a citation's second (its subtitles), if known."""
    location = target.location
    if location is None:
        return _citation(pages.vault, target, theme, spoken)
    if location.kind == TOPIC_PAGE:
        return _topic(pages.vault, location, theme)
    if location.kind == TAG_PAGE:
        return _tag(pages.vault, location, theme)
    page: Page = pages.render(location, theme)
    return Preview(page.title, page.html, location if page.exists else None)


# -- summaries ---------------------------------------------------------------------------------


def _page(vault: Vault, title: str, parts: list[str], theme: str) -> str:
    return document(sanitize("\n".join(parts), vault.root), theme, title)


def _note_link(path: str, title: str, line: int | None = None) -> str:
    href = hrefs.note_href(path, hrefs.line_anchor(line) if line else None)
    return f'<a class="internal" href="{escape(href)}">{escape(title)}</a>'


def _topic(vault: Vault, location: Location, theme: str) -> Preview:
    topic = vault.topic(location.key)
    name = topic.name if topic is not None else location.key.strip()
    parts = [f'<h1 class="title">{escape(name)}</h1>']
    if topic is None:
        parts.append('<p class="topic-count">No note · not mentioned</p>')
        return Preview(name, _page(vault, name, parts, theme), location)
    parts.append(
        f'<p class="topic-count">No note · {plural(topic.mentions, "mention")} in '
        f"{plural(topic.sources, 'note')}</p>"
    )
    mentions = vault.topic_mentions(location.key)
    for mention in mentions[:FIRST_MENTIONS]:
        context = vault.context(mention.source, mention.line, mention.column)
        link = _note_link(mention.source, vault.title_of(mention.source), mention.line)
        parts.append(f'<p class="snippet">{link}: {escape(context)}</p>')
    if len(mentions) > FIRST_MENTIONS:
        parts.append(f'<p class="topic-count">and {len(mentions) - FIRST_MENTIONS:,} more</p>')
    return Preview(name, _page(vault, name, parts, theme), location)


def _tag(vault: Vault, location: Location, theme: str) -> Preview:
    tag = location.key
    notes = notes_with_tag(vault, tag)
    title = f"#{tag}"
    parts = [
        f'<h1 class="title">{escape(title)}</h1>',
        f'<p class="topic-count">{plural(len(notes), "note")} with this tag</p>',
    ]
    if notes:
        items = "".join(f"<li>{_note_link(path, name)}</li>" for name, path in notes[:FIRST_TAGGED])
        parts.append(f"<ul>{items}</ul>")
    if len(notes) > FIRST_TAGGED:
        parts.append(f'<p class="topic-count">and {len(notes) - FIRST_TAGGED:,} more</p>')
    return Preview(title, _page(vault, title, parts, theme), location)


def cited_sentence(vault: Vault, video_id: str, seconds: int, source: str = "") -> Citation | None:
    """The citation of `video_id` at `seconds`: in the note `source` when it cites it there,
    else the first in the video's timeline."""
    if source in vault.notes and vault.notes[source].video_id == video_id:
        found = [c for c in note_citations(vault, source) if c.seconds == seconds]
        if found:
            return found[0]
    return next((c for c in timeline(vault, video_id) if c.seconds == seconds), None)


def spoken_html(spoken: Excerpt) -> str:
    """The lines said around a cited second, each after its time, the one said at it marked
    (a row of its own colour, and a `▸`, so it reads in print and without colour too).
    Subtitle files are untrusted: every line is escaped."""
    rows = []
    for index, line in enumerate(spoken.lines):
        now = index == spoken.current
        mark = "▸" if now else ""
        kind = "spoken-now" if now else "spoken"
        rows.append(
            f'<tr><td class="{kind}-time">{mark}{NBSP}{escape(line.label)}{NBSP}</td>'
            f'<td class="{kind}">{escape(line.text)}</td></tr>'
        )
    return (
        '<p class="spoken-head">Said in the video (subtitles of the local copy)</p>'
        f'<table class="spoken" cellspacing="0" width="100%">{"".join(rows)}</table>'
    )


def _citation(
    vault: Vault, target: PreviewTarget, theme: str, spoken: Excerpt | None = None
) -> Preview:
    video_id, seconds = target.video_id, target.seconds
    episode = episodes(vault).get(video_id)
    title = episode.title if episode is not None else video_id
    time = format_time(seconds)
    facts = []
    if episode is not None:
        channel = channel_label(episode.channel)
        if episode.channel_note:
            channel = _note_link(episode.channel_note, vault.title_of(episode.channel_note))
        else:
            channel = escape(channel)
        facts.append(f"Episode in {channel}")
    facts.append(f"at {escape(time)}")
    parts = [  # a smaller title than a page's: the moment, not the episode, is the point
        f'<h2 class="title first">{escape(title)}</h2>',
        f'<p class="byline">{" · ".join(facts)}</p>',
    ]
    citation = cited_sentence(vault, video_id, seconds, target.source)
    if citation is not None:
        link = _note_link(citation.path, citation.title, citation.line)
        parts.append(f"<blockquote><p>{escape(citation.context)}</p></blockquote>")
        parts.append(f'<p class="byline">Cited in {link}, line {citation.line}</p>')
    else:
        parts.append('<p class="notice">No note of the vault cites this second.</p>')
    href = hrefs.time_href(video_id, seconds)
    parts.append(
        f'<p class="watch"><a class="ts" href="{escape(href)}" title="Open at {escape(time)}">'
        f"{NBSP}▶{NBSP}Open the video at {escape(time)}{NBSP}</a></p>"
    )
    if spoken is not None:
        parts.append(spoken_html(spoken))
    location = Location(EPISODE_PAGE, video_id) if episode is not None else None
    return Preview(title, _page(vault, title, parts, theme), location)


def missing_preview(error: str, theme: str) -> Preview:
    """The preview of a target that could not be built: what went wrong, as a page."""
    page = message_page("No preview", f"This could not be previewed: {error}", theme)
    return Preview(page.title, page.html, None)
