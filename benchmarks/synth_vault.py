#!/usr/bin/env python3
"""Deterministic generator of synthetic podcast-wiki vaults for benchmarks.

Why this exists: the real vault we can test against (``../shared/vaults/
tubegraph-lexfridman``) is one channel of the published wiki, too small to expose scaling
problems, and its text is not ours to redistribute. This module writes a vault with the
*shape* of the whole published wiki, from a small built-in vocabulary, so benchmarks are
repeatable on any machine without network access.

The default shape ("real", issue 11) is the full wiki as measured: 21,273 notes, about 166 MB,
81 channel folders of very different sizes (the largest about 2,250 notes, the smallest under
a hundred); per note on average 10 wikilinks and 35 ``yt-timestamp`` citations (4.5 per KB);
20 % of link targets unresolved, about 20,000 distinct unresolved topics, a few of them
mentioned from hundreds of notes; about 11 % of notes that need the full parse (code spans,
markdown links, or a body wrapped whole in a ```` ```markdown ```` fence, about 4 %). Its
largest folder also holds the notes that once froze the window: a 1 MB note, a note with a
60,000-character table rule line, and a 3 MB note of 30,000 short paragraphs (their paths are
in the marker file, see ``specials``).

The "small" shape (issue 16: 100,000 small notes) keeps the same structure with ~1 KB notes.

Everything is driven by one ``random.Random(seed)``; no ``set`` is ever iterated, so the
output is byte-identical across runs and ``PYTHONHASHSEED`` values.

Usage::

    python benchmarks/synth_vault.py DEST [--notes N] [--seed S] [--small-notes] [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import random
import shutil
import string
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Dot-file so vault scanners (which skip hidden files) never index it.
MARKER_NAME = ".synth-params.json"
#: Smallest vault we can shape sensibly: root notes, one channel index, a few topics.
MIN_NOTES = 8
#: Below this many notes the special notes are left out (they would dwarf the vault).
SPECIALS_MIN_NOTES = 1000


@dataclass(frozen=True)
class Shape:
    """What a generated vault looks like; the probabilities are per sentence unless named
    otherwise, calibrated against the measured output (see ``stats``)."""

    name: str
    notes: int  # default number of .md files
    notes_per_channel: float  # channel folders = notes / this
    channel_skew: float  # Zipf exponent of channel sizes: the largest holds ~10 %
    size_median: float  # topic note bytes, log-normal
    size_sigma: float
    size_min: int
    size_max: int
    sentences: tuple[int, int]  # per paragraph
    p_cite: float  # a citation after a sentence
    p_link: float  # an inline wikilink in a sentence
    p_dangling: float  # an inline link that names a topic with no note
    related: tuple[int, int]  # links in the closing related-topics block
    unresolved_per_note: float  # distinct unresolved names in the pool, per note
    p_popular: float  # a dangling link to one of a few very popular topics
    p_fenced: float  # a note wrapped whole in ```markdown
    p_slow: float  # a note with code spans or markdown links (full parse)
    specials: bool  # the 1 MB, wide-table and 3 MB notes


REAL = Shape(
    name="real",
    notes=21273,
    notes_per_channel=21273 / 81,
    channel_skew=0.705,
    size_median=6060.0,
    size_sigma=0.55,
    size_min=1800,
    size_max=48000,
    sentences=(2, 5),
    p_cite=0.74,
    p_link=0.046,
    p_dangling=0.5,
    related=(3, 6),
    unresolved_per_note=1.15,
    p_popular=0.06,
    p_fenced=0.04,
    p_slow=0.075,
    specials=True,
)
SMALL = Shape(
    name="small",
    notes=100_000,
    notes_per_channel=21273 / 81,
    channel_skew=0.705,
    size_median=800.0,
    size_sigma=0.35,
    size_min=300,
    size_max=4000,
    sentences=(1, 3),
    p_cite=0.4,
    p_link=0.1,
    p_dangling=0.4,
    related=(1, 3),
    unresolved_per_note=0.5,
    p_popular=0.06,
    p_fenced=0.02,
    p_slow=0.05,
    specials=False,
)
SHAPES = {shape.name: shape for shape in (REAL, SMALL)}

#: The special notes of the real shape: exact sizes the issues name.
BIG_NOTE_BYTES = 1_000_000
TABLE_NOTE_BYTES = 330_000
TABLE_RULE_CHARS = 60_000
HUGE_NOTE_PARAGRAPHS = 30_000
HUGE_NOTE_BYTES = 3_000_000

_P_DOUBLE_TIMESTAMP = 0.05  # "...text <a>[..]</a> <a>[..]</a>."
_P_NO_TIMESTAMPS = 0.055  # whole note without any timestamp
_P_TWO_PART = 0.11  # MM:SS
_P_ODD_TS = 0.003  # HH:MM:SS placeholder, N/A, unpadded hour, URL
_P_ALIAS = 0.45  # [[file | Alias]] rather than [[file]]
_P_SIBLING = 0.35  # link target from the same episode rather than anywhere in the channel
_P_CROSS_CHANNEL_NAME = 0.03  # topic file name reused from another channel
_P_RELATED_DANGLING = 0.05
_P_QUOTE = 0.13  # note has a > [!quote] callout
_P_INFO = 0.25  # note has a non-"Related" > [!info] callout in the body
_P_LIST = 0.18  # section carries a bullet/numbered list
_P_INDEX_DUPLICATE = 0.03  # per episode: index also lists a topic of another episode
_P_INDEX_NO_ALIAS = 0.001  # channel index entry without " | Title"
_POPULAR_TOPICS = 40  # the few topics a large share of dangling links go to
_SENTENCE_POOL = 12000

# --- Vocabulary (our own words; nothing is taken from the real vault) ---------------------


def _words(text: str) -> tuple[str, ...]:
    """Split a comma-separated word list; keeps the vocabulary compact under ruff format."""
    return tuple(w.strip() for w in text.split(",") if w.strip())


NOUNS = _words(
    """
    memory, language, energy, market, network, history, science, music, culture, economy,
    ocean, forest, planet, engine, signal, library, garden, bridge, harbor, village, city,
    river, mountain, machine, robot, algorithm, theory, experiment, method, pattern, habit,
    sleep, nutrition, exercise, training, learning, teaching, school, university, research,
    discovery, invention, design, architecture, software, hardware, computer, data,
    privacy, security, trust, freedom, justice, law, policy, government, election,
    democracy, power, war, peace, diplomacy, trade, money, currency, investment, startup,
    company, leadership, management, strategy, competition, cooperation, community, family,
    friendship, love, grief, courage, fear, anxiety, happiness, meaning, purpose, ethics,
    morality, religion, faith, philosophy, logic, mathematics, physics, chemistry, biology,
    evolution, genetics, medicine, health, disease, vaccines, brain, mind, consciousness,
    perception, emotion, creativity, art, painting, literature, poetry, film, comedy,
    sport, chess, boxing, wrestling, travel, exploration, space, rockets, satellites,
    telescopes, stars, galaxies, cosmology, gravity, time, climate, weather,
    agriculture, food, water, electricity, batteries, transport, aviation, shipping, media,
    journalism, internet culture, social media, attention, storytelling, identity, education,
    childhood, aging, longevity, risk, uncertainty, probability, statistics, complexity,
    simulation, intelligence, automation, manufacturing, supply chains, infrastructure,
    nuclear power, solar power, hunting, cooking, craftsmanship, negotiation, persuasion,
    conflict, revolution, empires, migration, language models, neural networks,
    open source, programming, cryptography, archaeology, geology, astronomy, psychology,
    sociology, anthropology
    """
)
ADJECTIVES = _words(
    """
    modern, ancient, global, local, human, digital, early, future, hidden, public, private,
    personal, social, political, economic, scientific, cultural, moral, practical, simple,
    complex, strange, quiet, bold, careful, rapid, slow, deep, broad, fragile, resilient,
    open, closed, natural, artificial, physical, mental, emotional, creative, critical,
    historical, technical, informal, rural, urban, collective, individual, long-term,
    short-term, unexpected, familiar, radical, gradual, competitive, honest, curious,
    distant, central, popular, rare
    """
)
VERBS = _words(
    """
    shapes, explains, reveals, challenges, supports, changes, drives, limits, connects,
    questions, transforms, reflects, builds, undermines, strengthens, follows, creates,
    requires, suggests, describes, influences, balances, measures, improves, protects,
    replaces, rewards, tests, guides, frames, defines, extends, reshapes, complicates,
    clarifies, mirrors, outlines, highlights, explores, examines, inspires, predicts,
    accelerates, slows, absorbs, organizes, captures, sustains, weakens
    """
)
SPEECH_VERBS = _words(
    """
    argued, noted, suggested, explained, observed, recalled, admitted, claimed,
    pointed out, emphasized, warned, joked
    """
)
ADVERBS = _words(
    """
    often, rarely, quietly, slowly, quickly, carefully, clearly, deeply, gradually, openly,
    largely, partly, still, always, sometimes, usually, increasingly, surprisingly,
    naturally, honestly, directly, mostly
    """
)
SUBJECTS = _words(
    """
    the guest, the host, the speaker, the team, one critic, a young engineer,
    every founder, the author, a historian, the coach, a skeptic, the doctor,
    the interviewer, a former student, the researcher, an early investor
    """
)
OPENERS = _words(
    """
    Over time, In practice, At the same time, For many people, According to the guest,
    In this view, Historically, By contrast, In the long run, More broadly,
    During the conversation, Looking back, From this perspective, Later in the episode,
    In simple terms, Even so
    """
)
LINK_LEADS: tuple[str, ...] = (
    ", especially in",
    ", as explored in",
    " (see",
    ", which ties into",
    " through",
    ", a theme that returns in",
    ", closely related to",
    ", building on",
)
HEADING_FIXED = _words(
    """
    Background, Key Ideas, Conclusion, Legacy and Influence, Looking Ahead, Early Life,
    Personal Reflections, Criticism and Debate, Practical Advice, Historical Context,
    Open Questions, Summary
    """
)
INFO_TITLES = _words(
    """
    Key Insight, Did You Know?, Definition, Key Takeaway, Conclusion, Note
    """
)
RELATED_TITLES = _words(
    """
    Related Topics, Related Topics, Related Topics, Related Topics, Related Topics,
    Related Topics, Further Reading, Explore More, Related Topics of Interest, Learn More,
    Further Exploration
    """
)
_FIRST_A = _words(
    """
    Ma, Ka, Lo, Ve, Ti, Ra, No, Sa, De, Jo, Ele, Ari, Bo, Cy, Fe, Ha, Ilo, Ju, Mi, Ori, Pa,
    Ro, Si, Ta, Ul, Va, Wi, Ya, Ze, Re
    """
)
_FIRST_B = _words(
    """
    ren, la, mir, ko, dra, vin, lia, son, tor, na, ris, bel, tan, mo, dek, ryn, née, lo
    """
)
_LAST_A = _words(
    """
    Dov, Kel, Mar, Bren, Ost, Vel, Har, Quin, Tal, Ros, Fen, Lund, Corv, Ash, Pell, Vor,
    Stra, Gal, Mer, Thal, Oak, Brum, Sel
    """
)
_LAST_B = _words(
    """
    aline, ber, sky, ford, wick, ström, ovic, ard, enko, mont, ez, ley, holt, ani, ero,
    sen, ville, ton, ida, aro
    """
)
_SYLLABLES = _words(
    """
    vor, na, kel, bri, tal, mo, zen, ru, qua, dex, li, om, sar, pe, tro, vi, ka, lun, ex,
    dor
    """
)
_SHOW_SUFFIX = ("pod", "cast", "show", "talks", "", "fm", "lab")
_ID_ALPHABET = string.ascii_letters + string.digits + "-_"
_FILE_CHARS = frozenset(string.ascii_lowercase + string.digits + " ")


@dataclass
class _Topic:
    """A topic note: its file stem doubles as the wikilink target, like the real vault."""

    file: str
    title: str
    episode: int
    special: str = ""  # "big", "table" or "huge" for the notes that stress a viewer


@dataclass
class _Episode:
    """One video: the index lists its topics; its id and length feed the topic notes."""

    title: str
    video_id: str
    duration: int
    topics: list[int] = field(default_factory=list)


@dataclass
class _Channel:
    """A channel folder ``<handle>/`` holding ``<handle>.md`` plus its topic notes."""

    handle: str
    display: str
    episodes: list[_Episode] = field(default_factory=list)
    topics: list[_Topic] = field(default_factory=list)


def shared_vault() -> Path | None:
    """Return the real reference vault next to the repo checkout, or None when absent.

    Benchmarks compare against it when available; CI machines usually don't have it.
    """
    path = Path(__file__).resolve().parents[1].parent / "shared/vaults/tubegraph-lexfridman"
    return path if path.is_dir() else None


def _snake(title: str) -> str:
    """File stem the way the real wiki derives it: lower-case, drop punctuation, ``_``."""
    return "_".join("".join(ch for ch in title.lower() if ch in _FILE_CHARS).split())


def _cap(text: str) -> str:
    """Capitalise only the first character (``str.capitalize`` would lower the rest)."""
    return text[:1].upper() + text[1:]


def _an(word: str) -> str:
    """Indefinite article + word; cheap polish so the prose reads like prose."""
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _title_case(text: str) -> str:
    """Capitalise every word, as about a quarter of the real titles are."""
    return " ".join(_cap(word) for word in text.split(" "))


def channel_sizes(topics: int, channels: int, skew: float) -> list[int]:
    """Topic notes per channel, largest first: Zipf-like, as a wiki that grew channel by
    channel is (one channel of ~2,250 notes beside many of a hundred or two)."""
    weights = [(rank + 1) ** -skew for rank in range(channels)]
    total = sum(weights)
    sizes = [max(3, int(topics * weight / total)) for weight in weights]
    sizes[0] += topics - sum(sizes)
    return sizes


class _Builder:
    """Holds the RNG and the word pools; every random decision goes through ``self.rng``."""

    def __init__(self, notes: int, seed: int, shape: Shape) -> None:
        self.rng = random.Random(seed)
        self.notes = notes
        self.shape = shape
        self.people = self._make_people(max(300, notes // 20))
        self.places = self._make_places(120)
        self.sentences = [self._sentence() for _ in range(_SENTENCE_POOL)]
        self.headings = [self._heading() for _ in range(1500)]
        self.unresolved = self._make_unresolved(max(200, int(notes * shape.unresolved_per_note)))
        popular = min(_POPULAR_TOPICS, len(self.unresolved))
        self._popular = self.unresolved[:popular]
        self._popular_weights = list(
            itertools.accumulate(1 / (rank + 1) for rank in range(popular))
        )

    # -- pools -----------------------------------------------------------------------------
    def _person(self) -> str:
        rng = self.rng
        first = rng.choice(_FIRST_A) + rng.choice(_FIRST_B)
        last = rng.choice(_LAST_A) + rng.choice(_LAST_B)
        return f"{first} {last}"

    def _make_people(self, count: int) -> list[str]:
        """Made-up full names for sentences and list leads."""
        rng_names: dict[str, None] = {}
        while len(rng_names) < count:
            rng_names[self._person()] = None
        return list(rng_names)

    def _make_places(self, count: int) -> list[str]:
        """Made-up place names for titles and sentences."""
        rng = self.rng
        return [
            _cap("".join(rng.choices(_SYLLABLES, k=rng.randint(2, 3))))
            + rng.choice(("", "", "holm", "ia", " Valley", " Bay"))
            for _ in range(count)
        ]

    def _make_unresolved(self, count: int) -> list[str]:
        """Distinct names of topics that get links but no note: people and things, as in
        the real wiki (which links ~20,000 of them)."""
        rng = self.rng
        found: dict[str, str] = {}  # folded -> as written (ordered, never a set)
        while len(found) < count:
            roll = rng.random()
            if roll < 0.55:
                name = self._person()
            elif roll < 0.8:
                name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
            else:
                name = f"{rng.choice(NOUNS)} of {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
            name = _title_case(name) if rng.random() < 0.5 else _cap(name)
            found.setdefault(_snake(name), name)
        return list(found.values())

    def _sentence(self) -> str:
        """One sentence without its final period, so a timestamp can go before the dot."""
        rng = self.rng
        n1, n2, n3 = rng.choice(NOUNS), rng.choice(NOUNS), rng.choice(NOUNS)
        a1, a2 = rng.choice(ADJECTIVES), rng.choice(ADJECTIVES)
        v1, v2 = rng.choice(VERBS), rng.choice(VERBS)
        subj, adv = rng.choice(SUBJECTS), rng.choice(ADVERBS)
        person = rng.choice(self.people)
        k = rng.randrange(13)
        if k == 0:
            s = f"{rng.choice(OPENERS)}, {subj} {adv} {v1} the {a1} {n1} of {n2}"
        elif k == 1:
            s = f"The {a1} {n1} {v1} how people think about {n2} and {n3}"
        elif k == 2:
            s = f"{subj} {rng.choice(SPEECH_VERBS)} that {n1} {v1} {n2} in {a1} ways"
        elif k == 3:
            s = f"This {n1} {v1} the {n2} behind {a1} {n3}, and {subj} {adv} {v2} its {a2} side"
        elif k == 4:
            s = f"{person} described {n1} as {_an(a1)} kind of {n2} that {v1} {n3}"
        elif k == 5:
            s = f"When {n1} {v1} {n2}, the {a1} {n3} {adv} {v2} everything around it"
        elif k == 6:
            s = f"There is {_an(a1)} link between {n1} and {n2}, which {v1} the {a2} {n3}"
        elif k == 7:
            s = f"{subj} {adv} {v1} {n1} — {_an(a1)} {n2} that {v2} {n3}"
        elif k == 8:
            year = rng.randint(1890, 2024)
            s = f"In {year}, {person} started working on {a1} {n1} in {rng.choice(self.places)}"
        elif k == 9:
            s = f"{person}’s view of {n1} {v1} the {a1} {n2} at the center of {n3}"
        elif k == 10:
            s = f"Questions about {n1} and {n2} {adv} lead back to {a1} {n3}"
        elif k == 11:
            s = f"{rng.choice(OPENERS)}, the {a1} {n1} {v1} {n2} more than {a2} {n3} does"
        else:
            s = f"Without {a1} {n1}, {subj} {adv} {v1} the {n2} of {a2} {n3}"
        return _cap(s)

    def _heading(self) -> str:
        """Section heading text; about a third in Title Case like the real notes."""
        rng = self.rng
        n1, n2, a1 = rng.choice(NOUNS), rng.choice(NOUNS), rng.choice(ADJECTIVES)
        k = rng.randrange(8)
        if k == 0:
            text = rng.choice(HEADING_FIXED)
        elif k == 1:
            text = f"{a1} {n1}"
        elif k == 2:
            text = f"the {n1} of {n2}"
        elif k == 3:
            text = f"{n1} and {n2}"
        elif k == 4:
            text = f"impact on {a1} {n1}"
        elif k == 5:
            text = f"challenges in {a1} {n1}"
        elif k == 6:
            text = f"{n1} as {_an(a1)} {n2}"
        else:
            text = f"lessons from {n1}"
        return _title_case(text) if rng.random() < 0.35 else _cap(text)

    def topic_title(self) -> str:
        """A topic title from one of the real wiki's recurring title shapes."""
        rng = self.rng
        n1, n2, n3 = rng.sample(NOUNS, 3)
        a1, a2 = rng.sample(ADJECTIVES, 2)
        person = rng.choice(self.people)
        k = rng.randrange(17)
        if k == 0:
            text = f"{a1} {n1} and {n2}"
        elif k == 1:
            text = f"the role of {n1} in {a1} {n2}"
        elif k == 2:
            text = f"{n1} and its implications for {n2}"
        elif k == 3:
            text = f"challenges and opportunities in {a1} {n1}"
        elif k == 4:
            text = f"history and development of {a1} {n1}"
        elif k == 5:
            text = f"impact of {n1} on {a1} {n2}"
        elif k == 6:
            text = f"{person}s views on {n1}"
        elif k == 7:
            text = f"{person}s experience with {a1} {n1}"
        elif k == 8:
            text = f"{a1} {n1} in {rng.choice(self.places)}"
        elif k == 9:
            text = f"the future of {n1} and {n2}"
        elif k == 10:
            text = f"ethical considerations in {a1} {n1}"
        elif k == 11:
            text = f"{n1} {n2} and {a1} {n3}"
        elif k == 12:
            text = f"comparison between {a1} {n1} and {n2}"
        elif k == 13:
            text = f"the connection between {n1}, {n2} and {n3}"
        elif k == 14:
            text = f"{rng.randint(1900, 2023)} {a1} {n1} crisis"
        elif k == 15:
            text = f"{a1} and {a2} insights including perspectives on {n1}, {n2} and {n3}"
        else:
            text = f"{a1} approaches to {n1} and {a2} {n2}"
        return _title_case(text) if rng.random() < 0.25 else _cap(text)

    # -- markup fragments ------------------------------------------------------------------
    def timestamp(self, duration: int) -> str:
        """A ``yt-timestamp`` anchor inside the episode, including the real odd variants."""
        rng = self.rng
        t = rng.randrange(duration)
        h, rem = divmod(t, 3600)
        m, s = divmod(rem, 60)
        r = rng.random()
        if r < _P_ODD_TS:
            k = rng.randrange(4)
            if k == 0:
                return f'<a class="yt-timestamp" data-t="HH:MM:SS">[{h:02d}:{m:02d}:00]</a>'
            if k == 1:
                return '<a class="yt-timestamp" data-t="N/A">[N/A]</a>'
            if k == 2:
                value = f"{h}:{m:02d}:{s:02d}"  # hour not zero-padded
                return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'
            return f'<a class="yt-timestamp" data-t="https://youtu.be/XYZ">{h:02d}:{m:02d}:00</a>'
        value = f"{m:02d}:{s:02d}" if r < _P_ODD_TS + _P_TWO_PART else f"{h:02d}:{m:02d}:{s:02d}"
        return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'

    def dangling_link(self) -> str:
        """A link to a topic that has no note: a few very popular ones (mentioned from
        hundreds of notes), the rest spread thin, as in the real wiki."""
        rng = self.rng
        if rng.random() < self.shape.p_popular:
            index = rng.choices(
                range(len(self._popular_weights)), cum_weights=self._popular_weights
            )
            name = self.unresolved[index[0]]
        else:
            name = rng.choice(self.unresolved)
        return f"[[{_snake(name)}]]" if rng.random() < 0.2 else f"[[{name}]]"

    def topic_link(self, channel: _Channel, topic: _Topic, alias_p: float = _P_ALIAS) -> str:
        """A link to another topic note of the same channel, by file stem, maybe aliased."""
        rng = self.rng
        siblings = channel.episodes[topic.episode].topics
        if len(siblings) > 1 and rng.random() < _P_SIBLING:
            target = channel.topics[rng.choice(siblings)]
        else:
            target = rng.choice(channel.topics)
        if rng.random() >= alias_p:
            return f"[[{target.file}]]"
        k = rng.randrange(3)
        if k == 0:
            alias = target.title
        elif k == 1:
            alias = target.title.lower()
        else:
            alias = _title_case(target.title)
        return f"[[{target.file} | {alias}]]"

    def link(self, channel: _Channel, topic: _Topic) -> str:
        """Any inline wikilink: mostly same-channel topics, some dangling."""
        if self.rng.random() < self.shape.p_dangling:
            return self.dangling_link()
        return self.topic_link(channel, topic)

    def slow_fragment(self, channel: _Channel, topic: _Topic, video_id: str) -> str:
        """What sends a note down the full parse: a code span or a markdown link."""
        rng = self.rng
        k = rng.randrange(4)
        if k == 0:
            return f" (written `{_snake(rng.choice(NOUNS))}_{rng.randrange(100)}` in the notes)"
        if k == 1:
            seconds = rng.randrange(3600)
            url = f"https://www.youtube.com/watch?v={video_id}&t={seconds}s"
            return f" ([watch the moment]({url}))"
        if k == 2:
            return f", as [the episode page](https://example.com/{channel.handle}) puts it"
        other = rng.choice(channel.topics)
        return f" (see [{other.title}]({other.file}.md))"

    def paragraph(
        self, channel: _Channel, topic: _Topic, duration: int, stamps: bool, opener: str = ""
    ) -> str:
        """A prose paragraph: sentences with inline links, and citations before their dots."""
        rng, shape = self.rng, self.shape
        sents = rng.choices(self.sentences, k=rng.randint(*shape.sentences))
        if opener:
            sents[0] = opener
        for index, sentence in enumerate(sents):
            if rng.random() < shape.p_link:
                lead = rng.choice(LINK_LEADS)
                tail = ")" if lead.endswith("(see") else ""
                sentence = f"{sentence}{lead} {self.link(channel, topic)}{tail}"
            if stamps and rng.random() < shape.p_cite:
                sentence = f"{sentence} {self.timestamp(duration)}"
                if rng.random() < _P_DOUBLE_TIMESTAMP:
                    sentence = f"{sentence} {self.timestamp(duration)}"
            sents[index] = sentence
        return ". ".join(sents) + "."

    def bullet_list(self, channel: _Channel, topic: _Topic, prefix: str = "") -> str:
        """Bold-lead bullet or numbered list, as in the real "Key Figures" style blocks."""
        rng = self.rng
        numbered = rng.random() < 0.35
        lines = []
        for i in range(rng.randint(3, 5)):
            mark = f"{i + 1}." if numbered else "-"
            lead = rng.choice(self.people) if rng.random() < 0.5 else rng.choice(self.headings)
            body = rng.choice(self.sentences)
            if rng.random() < 0.3:
                lead_in = rng.choice(LINK_LEADS)
                tail = ")" if lead_in.endswith("(see") else ""
                body = f"{body}{lead_in} {self.link(channel, topic)}{tail}"
            lines.append(f"{prefix}{mark} **{lead}**: {body}.")
        return "\n".join(lines)

    def related_block(self, channel: _Channel, topic: _Topic) -> str:
        """The closing related-topics list in one of the real vault's four shapes."""
        rng = self.rng
        links = []
        for _ in range(rng.randint(*self.shape.related)):
            if rng.random() < _P_RELATED_DANGLING:
                links.append(self.dangling_link())
            else:
                links.append(self.topic_link(channel, topic, alias_p=0.5))
        r = rng.random()
        if r < 0.80:
            title = rng.choice(RELATED_TITLES)
            head = f"> [!info] {title}\n> \n"
            items = []
            for link in links:
                if rng.random() < 0.25:
                    items.append(f"> - Explore {link} for more on {rng.choice(NOUNS)}.")
                else:
                    items.append(f"> - {link}")
            return head + "\n".join(items)
        items = "\n".join(f"- {link}" for link in links)
        if r < 0.83:
            return f"### [!info] Related Topics\n{items}"
        if r < 0.91:
            return f"## Related Topics\n\n{items}"
        return f"**Explore further** on related topics:\n{items}"

    def _front(self, channel: _Channel, topic: _Topic, episode: _Episode) -> str:
        return (
            f"---\ntitle: {topic.title}\nvideoId: {episode.video_id}\n---\n\n"
            f"From: [[{channel.handle}]] <br/> \n"
        )

    def topic_note(self, channel: _Channel, topic: _Topic, size: int | None = None) -> str:
        """Full text of one topic note, sized by a log-normal draw (or `size` bytes)."""
        rng, shape = self.rng, self.shape
        episode = channel.episodes[topic.episode]
        duration = episode.duration
        if size is None:
            size = int(rng.lognormvariate(math.log(shape.size_median), shape.size_sigma))
            size = min(max(size, shape.size_min), shape.size_max)
        target = size - 120 * (shape.related[0] + shape.related[1]) // 2
        stamps = rng.random() >= _P_NO_TIMESTAMPS
        fenced = rng.random() < shape.p_fenced
        slow = not fenced and rng.random() < shape.p_slow
        quote_at = rng.random() < _P_QUOTE
        info_at = rng.random() < _P_INFO

        parts = [self._front(channel, topic, episode), "```markdown\n\n" if fenced else "\n"]
        opener = f"{topic.title} {rng.choice(VERBS)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        first = self.paragraph(channel, topic, duration, stamps, opener)
        if slow:
            first = first[:-1] + self.slow_fragment(channel, topic, episode.video_id) + "."
        parts.append(first)
        written = sum(len(p) for p in parts)
        section = 0
        while written < target:
            level = "##" if section == 0 or rng.random() < 0.7 else "###"
            block = [f"{level} {rng.choice(self.headings)}"]
            for _ in range(rng.randint(1, 3)):
                block.append(self.paragraph(channel, topic, duration, stamps))
            if rng.random() < _P_LIST:
                block.append(self.bullet_list(channel, topic))
            if quote_at and section == 2:
                quote = rng.choice(self.sentences)
                stamp = f" {self.timestamp(duration)}" if stamps else ""
                block.append(f"> [!quote] {rng.choice(self.people)}\n> \n> “{quote}.”{stamp}")
            if info_at and section == 1:
                body = self.paragraph(channel, topic, duration, stamps)
                block.append(f"> [!info] {rng.choice(INFO_TITLES)}\n>\n> {body}")
            text = "\n\n".join(block)
            parts.append(text)
            written += len(text) + 2
            section += 1
        parts.append(self.related_block(channel, topic))
        if fenced:
            parts.append("```")
        return parts[0] + parts[1] + "\n\n".join(parts[2:])

    def table_note(self, channel: _Channel, topic: _Topic) -> str:
        """A long note with a table whose rule line is 60,000 characters (a generator padded
        each column's dashes): the line that made a quadratic regex freeze the window."""
        text = self.topic_note(channel, topic, TABLE_NOTE_BYTES - TABLE_RULE_CHARS)
        columns = ("Moment", "Speaker", "Subject")
        widths = [TABLE_RULE_CHARS // 3 - 2] * 3
        widths[0] += TABLE_RULE_CHARS - sum(w + 1 for w in widths) - 1  # exactly the length
        rule = "|" + "|".join("-" * width for width in widths) + "|"
        duration = channel.episodes[topic.episode].duration
        rows = [
            f"| {self.timestamp(duration)} | {self.rng.choice(self.people)} | "
            f"{self.rng.choice(self.headings)} |"
            for _ in range(12)
        ]
        table = "\n".join(["## Moments", "", "| " + " | ".join(columns) + " |", rule, *rows])
        cut = text.find("\n## ", len(text) // 2)
        cut = cut if cut > 0 else len(text)
        return f"{text[:cut]}\n\n{table}\n{text[cut:]}"

    def huge_note(self, channel: _Channel, topic: _Topic) -> str:
        """3 MB of 30,000 short paragraphs: the note a viewer must show progressively."""
        rng = self.rng
        episode = channel.episodes[topic.episode]
        head = self._front(channel, topic, episode) + "\n"
        # Bytes per paragraph, less its blank line and the citation a third of them carry.
        room = (HUGE_NOTE_BYTES - len(head.encode())) // HUGE_NOTE_PARAGRAPHS - 2 - 16
        paragraphs = []
        for _ in range(HUGE_NOTE_PARAGRAPHS):
            text = rng.choice(self.sentences)
            while len(text) < room:
                text = f"{text}; {rng.choice(self.sentences).lower()}"
            text = text[:room].rstrip()
            if rng.random() < 0.3:
                text = f"{text} {self.timestamp(episode.duration)}"
            paragraphs.append(text + ".")
        return head + "\n\n".join(paragraphs) + "\n"

    def note_text(self, channel: _Channel, topic: _Topic) -> str:
        if topic.special == "big":
            return self.topic_note(channel, topic, BIG_NOTE_BYTES)
        if topic.special == "table":
            return self.table_note(channel, topic)
        if topic.special == "huge":
            return self.huge_note(channel, topic)
        return self.topic_note(channel, topic)

    # -- structure -------------------------------------------------------------------------
    def channels(self) -> list[_Channel]:
        """Plan channels, episodes and topics before any text is written."""
        rng = self.rng
        n_channels = max(1, int(self.notes / self.shape.notes_per_channel + 0.5))
        n_topics = self.notes - n_channels - 2  # minus channel indexes and two root notes
        handles: list[str] = []
        while len(handles) < n_channels:
            handle = "".join(rng.choices(_SYLLABLES, k=rng.randint(2, 3)))
            handle += rng.choice(_SHOW_SUFFIX)
            if handle not in handles:
                handles.append(handle)
        counts = channel_sizes(n_topics, n_channels, self.shape.channel_skew)

        channels: list[_Channel] = []
        used_files: set[str] = set()
        ids: set[str] = set()
        earlier: list[_Topic] = []
        for handle, count in zip(handles, counts, strict=True):
            stem = handle[:1].upper() + handle[1:]
            display = rng.choice(
                (f"The {stem} Podcast", f"{stem} Show", f"{stem} Conversations", stem)
            )
            channel = _Channel(handle, display)
            local: set[str] = set()
            p_copy = _P_CROSS_CHANNEL_NAME * n_channels / max(1, n_channels - 1)
            remaining = count
            while remaining > 0:
                size = min(remaining, rng.choice((3, 4, 5, 5, 5, 5, 5, 6)))
                if 0 < remaining - size < 3:  # never leave a 1-2 topic episode at the end
                    size = remaining if remaining <= 6 else remaining - 3
                guest = rng.choice(self.people)
                subjects = ", ".join(_title_case(n) for n in rng.sample(NOUNS, rng.randint(2, 5)))
                title = f"{guest}: {subjects} | {display} #"  # number appended below
                while True:
                    vid = "".join(rng.choices(_ID_ALPHABET, k=11))
                    if vid not in ids:
                        ids.add(vid)
                        break
                episode = _Episode(title, vid, rng.randint(40 * 60, 4 * 3600 + 30 * 60))
                for _ in range(size):
                    if earlier and rng.random() < p_copy:
                        src = rng.choice(earlier)
                        if src.file not in local:
                            file, ttl = src.file, src.title
                        else:
                            file, ttl = self._unique_title(used_files)
                    else:
                        file, ttl = self._unique_title(used_files)
                    local.add(file)
                    episode.topics.append(len(channel.topics))
                    channel.topics.append(_Topic(file, ttl, len(channel.episodes)))
                channel.episodes.append(episode)
                remaining -= size
            # Show numbers: unique, a few gaps, unrelated to the index order, like a real feed.
            n_eps = len(channel.episodes)
            numbers = rng.sample(range(1, n_eps + n_eps // 10 + 2), k=n_eps)
            for episode, number in zip(channel.episodes, numbers, strict=True):
                episode.title += str(number)
            channels.append(channel)
            earlier.extend(channel.topics)
        if self.shape.specials and self.notes >= SPECIALS_MIN_NOTES:
            largest = channels[0].topics
            picks = rng.sample(range(len(largest)), 3)
            for kind, index in zip(("big", "table", "huge"), picks, strict=True):
                largest[index].special = kind
        return channels

    def _unique_title(self, used: set[str]) -> tuple[str, str]:
        """Draw titles until the file stem is new across the whole vault."""
        while True:
            title = self.topic_title()
            file = _snake(title)
            if file not in used:
                used.add(file)
                return file, title

    def channel_index(self, channel: _Channel) -> str:
        """``<ch>/<ch>.md``: every episode as an ``###`` link followed by its topic links."""
        rng = self.rng
        order = list(range(len(channel.episodes)))
        rng.shuffle(order)  # the real index is not in episode order
        blocks = []
        for e in order:
            ep = channel.episodes[e]
            lines = [f"### [{ep.title}](https://www.youtube.com/watch?v={ep.video_id})"]
            listed = [channel.topics[i] for i in ep.topics]
            if rng.random() < _P_INDEX_DUPLICATE:
                listed.append(rng.choice(channel.topics))
            for t in listed:
                if rng.random() < _P_INDEX_NO_ALIAS:
                    lines.append(f"- [[{t.file}]]")
                else:
                    lines.append(f"- [[{t.file} | {t.title}]]")
            blocks.append("\n".join(lines))
        return f"---\ntitle: {channel.handle}\n---\n" + "\n\n".join(blocks)


def _params(notes: int, seed: int, shape: Shape) -> dict[str, object]:
    """Marker content.

    It includes a digest of this source file, so editing the generator invalidates cached
    vaults without anyone having to remember to bump a version number.
    """
    digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return {
        "generator": "synth_vault",
        "source": digest,
        "notes": notes,
        "seed": seed,
        "shape": asdict(shape),
    }


def _marker(dest: Path) -> dict:
    try:
        data = json.loads((dest / MARKER_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _is_current(dest: Path, notes: int, seed: int, shape: Shape) -> bool:
    """True when ``dest`` holds a finished vault for exactly these parameters."""
    marker = _marker(dest)
    marker.pop("specials", None)
    return marker == _params(notes, seed, shape)


def specials(dest: Path) -> dict[str, str]:
    """Vault-relative paths of a generated vault's notable notes: ``big`` (1 MB), ``table``
    (the 60,000-character rule line), ``huge`` (3 MB of 30,000 paragraphs), ``largest_folder``
    and a ``typical`` note of it (empty when the vault has none)."""
    found = _marker(Path(dest)).get("specials", {})
    return dict(found) if isinstance(found, dict) else {}


def _write(path: Path, text: str) -> None:
    """One open + one write per file: the cheapest way to emit ~20k files from Python."""
    with open(path, "wb") as fh:
        fh.write(text.encode("utf-8"))


def generate(
    dest: Path,
    notes: int | None = None,
    seed: int = 7,
    *,
    shape: str | Shape = REAL,
    force: bool = False,
) -> Path:
    """Write a synthetic vault of ``notes`` markdown files (the shape's default when None)
    into ``dest`` and return it.

    ``notes`` counts every ``.md`` file (root notes and channel indexes included), so a
    benchmark can assert the file count.  An existing vault with the same parameters is
    reused unless ``force``; a vault with other parameters is wiped and rebuilt.  A
    non-empty directory without our marker is refused unless ``force``, so a typo in DEST
    can't delete someone's real notes.  The marker is written last, so an interrupted run
    is never mistaken for a finished one.
    """
    dest = Path(dest)
    shape = SHAPES[shape] if isinstance(shape, str) else shape
    notes = shape.notes if notes is None else notes
    if notes < MIN_NOTES:
        raise ValueError(f"notes must be >= {MIN_NOTES}, got {notes}")
    if not force and _is_current(dest, notes, seed, shape):
        return dest
    if dest.exists():
        if not dest.is_dir():
            raise NotADirectoryError(dest)
        ours = (dest / MARKER_NAME).exists()
        if not ours and not force and any(dest.iterdir()):
            raise FileExistsError(
                f"{dest} is not empty and was not made by synth_vault; "
                "pass force=True (--force) to wipe it"
            )
        shutil.rmtree(dest)
    dest.mkdir(parents=True)

    builder = _Builder(notes, seed, shape)
    channels = builder.channels()
    found = {"largest_folder": channels[0].handle}
    for channel in channels:
        folder = dest / channel.handle
        folder.mkdir()
        _write(folder / f"{channel.handle}.md", builder.channel_index(channel))
        for topic in channel.topics:
            _write(folder / f"{topic.file}.md", builder.note_text(channel, topic))
            if topic.special:
                found[topic.special] = f"{channel.handle}/{topic.file}.md"
            elif "typical" not in found and channel is channels[0]:
                found["typical"] = f"{channel.handle}/{topic.file}.md"

    entries = []
    for i, channel in enumerate(channels):
        no_alias = i == len(channels) - 1 and len(channels) > 1
        entries.append(
            f"- [[{channel.handle}]]" if no_alias else f"- [[{channel.handle} | {channel.display}]]"
        )
    _write(dest / "index.md", "---\ntitle: Synthgraph\n---\n")
    _write(
        dest / "directory.md",
        "---\ntitle: Synthgraph\n---\n\n### Any podcast **_mapped._**\n\n" + "\n".join(entries),
    )
    marker = {**_params(notes, seed, shape), "specials": found}
    _write(dest / MARKER_NAME, json.dumps(marker, indent=2) + "\n")
    return dest


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point; prints what it did so benchmark logs show cache hits."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="directory to (re)create the vault in")
    parser.add_argument("--notes", type=int, help="number of .md files (default: the shape's)")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    parser.add_argument(
        "--small-notes",
        action="store_true",
        help=f"the small-notes shape ({SMALL.notes:,} notes of ~1 KB) instead of the real one",
    )
    parser.add_argument("--force", action="store_true", help="regenerate / wipe regardless")
    args = parser.parse_args(argv)
    shape = SMALL if args.small_notes else REAL
    notes = shape.notes if args.notes is None else args.notes
    if not args.force and _is_current(args.dest, notes, args.seed, shape):
        print(f"{args.dest}: up to date ({notes} notes, seed {args.seed}, {shape.name})")
        return 0
    start = time.perf_counter()
    try:
        generate(args.dest, notes, args.seed, shape=shape, force=args.force)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    total = sum(p.stat().st_size for p in args.dest.rglob("*.md"))
    print(f"{args.dest}: {notes} notes, {total / 1e6:.1f} MB in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
