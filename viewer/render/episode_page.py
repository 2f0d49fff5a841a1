"""The page of an episode: one timeline of every citation of a video, from all its notes.

Each topic note tells one thread of an episode; read together in time order they are the
episode's table of contents, which no single note holds. The page is a table (Qt's rich text
lays tables out reliably, unlike floats or flex), with the same timestamp pills as the notes.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from viewer.core.episodes import Citation, Episode, channel_label, episodes, timeline
from viewer.core.timestamps import format_time

from .hrefs import line_anchor, note_href, time_href

if TYPE_CHECKING:
    from viewer.core.vault import Vault

NBSP = "\u00a0"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def _pill(video_id: str, seconds: int, text: str, title: str, extra: str = "") -> str:
    """A timestamp pill, exactly like the ones the renderer puts into notes."""
    classes = f"ts {extra}".strip()
    return (
        f'<a class="{classes}" href="{escape(time_href(video_id, seconds))}" '
        f'title="{escape(title)}">{NBSP}▶{NBSP}{escape(text)}{NBSP}</a>'
    )


def _note_link(path: str, title: str, line: int | None = None, kind: str = "internal") -> str:
    href = note_href(path, line_anchor(line) if line else None)
    return f'<a class="{kind}" href="{escape(href)}">{escape(title)}</a>'


def _header(vault: Vault, episode: Episode, citations: list[Citation]) -> list[str]:
    channel = channel_label(episode.channel)
    if episode.channel_note:
        channel = _note_link(
            episode.channel_note, vault.title_of(episode.channel_note), kind="internal channel"
        )
    else:
        channel = escape(channel)
    facts = [
        f"Episode in {channel}",
        _plural(len(episode.notes), "topic"),
        _plural(len(citations), "citation"),
    ]
    invalid = sum(vault.notes[p].stamps_total - vault.notes[p].stamps_valid for p in episode.notes)
    if invalid:
        facts.append(f"{_plural(invalid, 'invalid timestamp')} left out")
    parts = [
        f'<h1 class="title">{escape(episode.title)}</h1>',
        f'<p class="byline">{" · ".join(facts)}</p>',
        '<p class="watch">'
        + _pill(episode.video_id, 0, "Watch", "Open the video from the start", "watch")
        + f'{NBSP}{NBSP}<span class="video-id">{escape(episode.video_id)}</span></p>',
    ]
    if not episode.titled:
        parts.append(
            '<p class="notice">No link in the vault names this video, so its id stands in '
            "for the title.</p>"
        )
    return parts


def _topics(vault: Vault, episode: Episode, citations: list[Citation]) -> list[str]:
    counts: dict[str, int] = {}
    for citation in citations:
        counts[citation.path] = counts.get(citation.path, 0) + 1
    items = []
    for path in episode.notes:
        first = vault.notes[path].stamps_first
        count = counts.get(path, 0)
        when = (
            f"from {format_time(first)}, {_plural(count, 'citation')}"
            if first is not None
            else "no timestamps"
        )
        items.append(
            f"<li>{_note_link(path, vault.title_of(path))}"
            f'{NBSP}{NBSP}<span class="episode-meta">{escape(when)}</span></li>'
        )
    return ["<h2>Topics</h2>", f'<ul class="episode-topics">{"".join(items)}</ul>']


def _timeline(video_id: str, citations: list[Citation]) -> list[str]:
    if not citations:
        return ['<p class="notice">None of these notes cites a time in the video.</p>']
    rows = [
        '<table class="timeline" width="100%">',
        # Widths are set: left to itself, Qt gives long topic titles the room the sentences
        # need. The pills cannot wrap (no-break spaces), so the time column still fits them.
        '<tr><th class="time" align="left" width="12%">Time</th>'
        '<th class="topic" align="left" width="24%">Topic</th>'
        '<th align="left" width="64%">What is said</th></tr>',
    ]
    for citation in citations:
        pill = _pill(video_id, citation.seconds, citation.label, f"Open at {citation.label}")
        rows.append(
            '<tr valign="top">'
            f'<td class="time">{pill}</td>'
            f'<td class="topic">{_note_link(citation.path, citation.title, citation.line)}</td>'
            f'<td class="sentence">{escape(citation.context)}</td>'
            "</tr>"
        )
    rows.append("</table>")
    return ["<h2>Timeline</h2>", *rows]


def episode_body(vault: Vault, video_id: str) -> tuple[str, str]:
    """(title, body HTML) of the page of the episode `video_id` (not yet sanitized)."""
    episode = episodes(vault).get(video_id)
    if episode is None:
        title = video_id.strip() or "Unknown video"
        body = [
            f'<h1 class="title">{escape(title)}</h1>',
            f'<p class="topic-count">No note cites the video “{escape(video_id)}”.</p>',
        ]
        return title, "\n".join(body)
    citations = timeline(vault, video_id)
    parts = [
        *_header(vault, episode, citations),
        *_topics(vault, episode, citations),
        *_timeline(video_id, citations),
    ]
    return episode.title, "\n".join(parts)
