"""The page of an episode: one timeline of every citation of a video, from all its notes.

Each topic note tells one thread of an episode; read together in time order they are the
episode's table of contents, which no single note holds. The page is a table (Qt's rich text
lays tables out reliably, unlike floats or flex), with the same timestamp pills as the notes.

Above it, the citation strip shows where in the episode each topic is discussed: a bar from
0 to the last cited second with one tick per citation (citations in the same percent of the
episode share one), coloured by topic note (the topic list below is its legend). Qt's rich
text has no positioning, so the bar is one table row of proportional cells: empty gaps and
one-glyph tick cells, widths in whole percent (what the sanitizer and Qt both accept), each
tick a `time:` link whose title is the cited sentence.
The colours are text colours, not backgrounds, so the strip also prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Protocol

from viewer.core.episodes import Citation, Episode, channel_label, episodes, timeline
from viewer.core.timestamps import format_time
from viewer.core.wording import plural

from .hrefs import line_anchor, note_href, time_href
from .theme import mix, palette

if TYPE_CHECKING:
    from viewer.core.media import LocalCopy
    from viewer.core.vault import Vault

NBSP = "\u00a0"
STRIP_SLOTS = 100  # the bar's width in slots of one percent...
MAX_CELLS = 50  # ...or of two, when that many cells would not fit a narrow page
TICK, EMPHASIZED_TICK, SWATCH = "▍", "█", "■"
# One colour per topic note, in the order the episode reaches them; told apart also by
# readers with the common colour-vision deficiencies (after Okabe and Ito), per theme.
TOPIC_COLOURS = {
    "light": ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#b8860b", "#56b4e9", "#7852ee",
              "#e0313f"),
    "dark": ("#56b4e9", "#ff8c42", "#3cc476", "#e394c4", "#f0c23c", "#8fd3ff", "#a995ff",
             "#ee5a66"),
}  # fmt: skip


class LocalCopies(Protocol):
    """What the page asks of the video folders (`core.media.MediaLibrary` answers)."""

    def copy_of(self, video_id: str) -> LocalCopy | None: ...


@dataclass(frozen=True, slots=True)
class StripCell:
    """One cell of the strip, `width` whole percent: a gap (no citations) or a tick for the
    citations whose seconds fall in its slot (usually one)."""

    width: int
    citations: tuple[Citation, ...] = ()


def topic_colour(index: int, theme: str = "light") -> str:
    colours = TOPIC_COLOURS.get(theme, TOPIC_COLOURS["light"])
    return colours[index % len(colours)]


def _cells(citations: list[Citation], slots: int) -> list[StripCell]:
    last = max(citation.seconds for citation in citations) or 1
    by_slot: dict[int, list[Citation]] = {}
    for citation in citations:
        by_slot.setdefault(round(citation.seconds * (slots - 1) / last), []).append(citation)
    cells: list[StripCell] = []
    cursor = 0
    for slot in sorted(by_slot):
        if slot > cursor:
            cells.append(StripCell(slot - cursor))
        cells.append(StripCell(1, tuple(by_slot[slot])))
        cursor = slot + 1
    if cursor < slots:
        cells.append(StripCell(slots - cursor))
    scale = 100 // slots
    return [StripCell(cell.width * scale, cell.citations) for cell in cells]


def strip_cells(citations: list[Citation]) -> list[StripCell]:
    """The strip's cells for `citations` (in time order), widths in percent summing to 100,
    on a scale from 0 to the last cited second: each tick sits in the slot of its second
    (the last one ends the bar), and citations in one slot share its tick.

    Slots are 1% of the bar, or 2% when that would make more than MAX_CELLS cells: Qt gives
    every table cell a minimum width (about 7 px), so a bar of 100 cells would push a page
    narrower than 700 px sideways."""
    if not citations:
        return []
    cells = _cells(citations, STRIP_SLOTS)
    return cells if len(cells) <= MAX_CELLS else _cells(citations, MAX_CELLS)


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


def _local_copy(copy: LocalCopy | None) -> list[str]:
    """The line "Local copy: PATH" (and the subtitles beside it), when the folders have one."""
    if copy is None:
        return []
    parts = []
    if copy.path is not None:
        parts.append(f'Local copy: <span class="local-path">{escape(str(copy.path))}</span>')
    if copy.subtitles:
        names = ", ".join(path.name for path in copy.subtitles)
        count = plural(len(copy.subtitles), "subtitle file")
        parts.append(f'<span title="{escape(names)}">{escape(count)}</span>')
    return [f'<p class="local-copy">{" · ".join(parts)}</p>']


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
        plural(len(episode.notes), "topic"),
        plural(len(citations), "citation"),
    ]
    invalid = sum(vault.notes[p].stamps_total - vault.notes[p].stamps_valid for p in episode.notes)
    if invalid:
        facts.append(f"{plural(invalid, 'invalid timestamp')} left out")
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


def _colours(episode: Episode, theme: str) -> dict[str, str]:
    """{note path: its colour}, in the order the episode reaches the notes."""
    return {path: topic_colour(index, theme) for index, path in enumerate(episode.notes)}


def _topics(
    vault: Vault,
    episode: Episode,
    citations: list[Citation],
    colours: dict[str, str],
    open_note: str | None,
) -> list[str]:
    counts: dict[str, int] = {}
    for citation in citations:
        counts[citation.path] = counts.get(citation.path, 0) + 1
    items = []
    for path in episode.notes:
        first = vault.notes[path].stamps_first
        count = counts.get(path, 0)
        when = (
            f"from {format_time(first)}, {plural(count, 'citation')}"
            if first is not None
            else "no timestamps"
        )
        # The swatch makes this list the strip's legend (only notes with ticks get one).
        swatch = (
            f'<span class="swatch" style="color: {colours[path]}">{SWATCH}</span>{NBSP}'
            if count
            else ""
        )
        link = _note_link(path, vault.title_of(path))
        if path == open_note:
            link = f"<b>{link}</b>"
        items.append(
            f'<li>{swatch}{link}{NBSP}{NBSP}<span class="episode-meta">{escape(when)}</span></li>'
        )
    return ["<h2>Topics</h2>", f'<ul class="episode-topics">{"".join(items)}</ul>']


def _strip(
    video_id: str,
    citations: list[Citation],
    colours: dict[str, str],
    theme: str,
    open_note: str | None,
) -> list[str]:
    if not citations:
        return []
    track = palette(theme).inline_code
    cells = []
    for cell in strip_cells(citations):
        if not cell.citations:
            # Content in the tick's small size: an empty cell would be a line of body text
            # high, and the bar would be twice the height of its ticks.
            cells.append(
                f'<td class="gap" width="{cell.width}%" bgcolor="{track}">'
                f'<span class="gap">{NBSP}</span></td>'
            )
            continue
        first = cell.citations[0]
        shown = next((c for c in cell.citations if c.path == open_note), first)
        colour = colours.get(shown.path, topic_colour(0, theme))
        glyph = TICK
        if open_note is not None:
            if shown.path == open_note:
                glyph = EMPHASIZED_TICK
            else:  # the open note's moments stand out; the others step back
                colour = mix(colour, track, 0.55)
        title = "\n".join(f"{c.label} · {c.title} — {c.context}" for c in cell.citations)
        cells.append(
            f'<td class="tick" width="{cell.width}%" bgcolor="{track}">'
            f'<a class="tick" href="{escape(time_href(video_id, first.seconds))}" '
            f'title="{escape(title)}" style="color: {colour}">{glyph}</a></td>'
        )
    last = format_time(max(citation.seconds for citation in citations))
    return [
        '<table class="strip" width="100%" cellspacing="0" cellpadding="0">'
        f"<tr>{''.join(cells)}</tr></table>",
        '<table class="strip-axis" width="100%" cellspacing="0" cellpadding="0"><tr>'
        f'<td class="axis" align="left">0:00</td>'
        f'<td class="axis" align="right">{escape(last)}</td></tr></table>',
    ]


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


def episode_body(
    vault: Vault,
    video_id: str,
    *,
    theme: str = "light",
    media: LocalCopies | None = None,
    open_note: str | None = None,
) -> tuple[str, str]:
    """(title, body HTML) of the page of the episode `video_id` (not yet sanitized).

    `media` says where a local copy is (the page names it); the ticks of `open_note` (the
    note the reader came from) are emphasized in the strip."""
    episode = episodes(vault).get(video_id)
    if episode is None:
        title = video_id.strip() or "Unknown video"
        body = [
            f'<h1 class="title">{escape(title)}</h1>',
            f'<p class="topic-count">No note cites the video “{escape(video_id)}”.</p>',
        ]
        return title, "\n".join(body)
    citations = timeline(vault, video_id)
    colours = _colours(episode, theme)
    if open_note not in episode.notes:
        open_note = None
    parts = [
        *_header(vault, episode, citations),
        *_local_copy(media.copy_of(video_id) if media is not None else None),
        *_strip(video_id, citations, colours, theme, open_note),
        *_topics(vault, episode, citations, colours, open_note),
        *_timeline(video_id, citations),
    ]
    return episode.title, "\n".join(parts)
