#!/usr/bin/env python3
"""Deterministic generator of a synthetic podcast-wiki vault for benchmarks.

Why this exists: the only real vault we can test against (``../shared/vaults/
tubegraph-lexfridman``, 2,249 notes, ~9.7 MB of text) is too small to expose scaling
problems, and its text is not ours to redistribute.  This module writes a vault with the
same *shape* -- channel folders, a channel index note listing episodes, topic notes with
frontmatter, ``From:`` lines, ``##``/``###`` sections, ``yt-timestamp`` anchors, wikilinks
(resolved, aliased and dangling), ``[!info]``/``[!quote]`` callouts and the real vault's
quirks -- at any size, from a small built-in vocabulary, so benchmarks are repeatable on
any machine without network access or third-party packages.

Targets per topic note, with the real vault's measured values in brackets: ~7.9 KB
[4.2 KB, 2.7-6.1 KB], so 20,000 notes come to ~160 MB as the benchmark brief asks; links
at the real vault's density per kilobyte (~7 per note [3.3 per 4.2 KB note]); ~6.8
timestamps [6.9], of which ~11 % are ``MM:SS`` [11 %] and ~0.3 % odd (``HH:MM:SS``,
``N/A``, ``1:12:05``, URLs) [0.2 %]; ~15 % of links dangle [6 %]; ~4 % of notes are
wrapped in a stray ```` ```markdown ```` fence [4 %]; ~6 % have no timestamp [5.6 %].
Notes are larger than the real vault's (the brief's size), so per note there is more text
to scan than in the real vault.

Everything is driven by one ``random.Random(seed)``; no ``set`` is ever iterated, so the
output is byte-identical across runs and ``PYTHONHASHSEED`` values.

Usage::

    python benchmarks/synth_vault.py DEST [--notes N] [--seed S] [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import shutil
import string
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Dot-file so vault scanners (which skip hidden files) never index it.
MARKER_NAME = ".synth-params.json"
#: One channel folder per this many notes (the real wiki has ~2,250 notes in one channel).
NOTES_PER_CHANNEL = 2500
#: Smallest vault we can shape sensibly: root notes, one channel index, a few topics.
MIN_NOTES = 8

# --- Size / density knobs (calibrated against the measured output, see module doc) -------
#: Log-normal note size: median ~6.7 KB; ~5 % under 3 KB, ~0.1 % over 35 KB.
_SIZE_MU = math.log(6750.0)
_SIZE_SIGMA = 0.55
_SIZE_MIN = 1800
_SIZE_MAX = 48000
#: Bytes the closing "Related Topics" block and loop overshoot add on top of the target.
_SIZE_TAIL = 900
_P_TIMESTAMP = 0.42  # per paragraph
_P_DOUBLE_TIMESTAMP = 0.05  # "...text <a>[..]</a> <a>[..]</a>."
_P_NO_TIMESTAMPS = 0.055  # whole note without any timestamp
_P_TWO_PART = 0.11  # MM:SS, as often as in the real vault
_P_ODD_TS = 0.003  # HH:MM:SS placeholder, N/A, unpadded hour, URL
# Mean ~0.08 per paragraph: with the From: line and the closing related-topics list, about
# 7 links per 7.9 KB note, the real vault's density (3.3 links per 4.2 KB note).
_LINKS_PER_PARAGRAPH = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
_P_DANGLING = 0.21  # link to a person/thing that has no note
_P_ALIAS = 0.45  # [[file | Alias]] rather than [[file]]
_P_SIBLING = 0.35  # link target from the same episode rather than anywhere in the channel
_P_CROSS_CHANNEL_NAME = 0.03  # topic file name reused from another channel
_P_FENCED = 0.04  # body wrapped in ```markdown ... ``` (a real-vault quirk)
_P_QUOTE = 0.13  # note has a > [!quote] callout
_P_INFO = 0.25  # note has a non-"Related" > [!info] callout in the body
_P_LIST = 0.18  # section carries a bullet/numbered list
_P_INDEX_DUPLICATE = 0.03  # per episode: index also lists a topic of another episode
_P_INDEX_NO_ALIAS = 0.001  # channel index entry without " | Title"
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


class _Builder:
    """Holds the RNG and the word pools; every random decision goes through ``self.rng``."""

    def __init__(self, notes: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.notes = notes
        self.people = self._make_people(max(300, notes // 20))
        self.places = self._make_places(120)
        self.sentences = [self._sentence() for _ in range(_SENTENCE_POOL)]
        self.headings = [self._heading() for _ in range(1500)]
        self.concepts = [self._concept() for _ in range(400)]

    # -- pools -----------------------------------------------------------------------------
    def _make_people(self, count: int) -> list[str]:
        """Made-up full names; uniqueness keeps dangling ``[[Person]]`` links varied."""
        rng, seen, people = self.rng, set(), []
        while len(people) < count:
            first = rng.choice(_FIRST_A) + rng.choice(_FIRST_B)
            last = rng.choice(_LAST_A) + rng.choice(_LAST_B)
            name = f"{first} {last}"
            if name not in seen:
                seen.add(name)
                people.append(name)
        return people

    def _make_places(self, count: int) -> list[str]:
        """Made-up place names for titles and sentences."""
        rng = self.rng
        return [
            _cap("".join(rng.choices(_SYLLABLES, k=rng.randint(2, 3))))
            + rng.choice(("", "", "holm", "ia", " Valley", " Bay"))
            for _ in range(count)
        ]

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

    def _concept(self) -> str:
        """Phrase for a dangling link to a thing that has no note (``[[Gravity wells]]``)."""
        rng = self.rng
        if rng.random() < 0.4:
            text = rng.choice(NOUNS)
        else:
            text = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        return _title_case(text) if rng.random() < 0.5 else _cap(text)

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
        """A link to a person or thing that has no note, as ~15 % of links are."""
        rng = self.rng
        if rng.random() < 0.6:
            name = rng.choice(self.people)
            return f"[[{_snake(name)}]]" if rng.random() < 0.2 else f"[[{name}]]"
        return f"[[{rng.choice(self.concepts)}]]"

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
        if self.rng.random() < _P_DANGLING:
            return self.dangling_link()
        return self.topic_link(channel, topic)

    def paragraph(
        self, channel: _Channel, topic: _Topic, duration: int, stamps: bool, opener: str = ""
    ) -> str:
        """A prose paragraph with inline links and (maybe) timestamps before its last dot."""
        rng = self.rng
        sents = rng.choices(self.sentences, k=rng.randint(2, 6))
        if opener:
            sents[0] = opener
        for _ in range(rng.choice(_LINKS_PER_PARAGRAPH)):
            i = rng.randrange(len(sents))
            lead = rng.choice(LINK_LEADS)
            tail = ")" if lead.endswith("(see") else ""
            sents[i] = f"{sents[i]}{lead} {self.link(channel, topic)}{tail}"
        if stamps and rng.random() < _P_TIMESTAMP:
            i = len(sents) - 1 if rng.random() < 0.7 else rng.randrange(len(sents))
            stamp = self.timestamp(duration)
            if rng.random() < _P_DOUBLE_TIMESTAMP:
                stamp = f"{stamp} {self.timestamp(duration)}"
            sents[i] = f"{sents[i]} {stamp}"
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
        for _ in range(rng.randint(3, 6)):
            if rng.random() < 0.05:
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

    def topic_note(self, channel: _Channel, topic: _Topic) -> str:
        """Full text of one topic note, sized by a log-normal draw."""
        rng = self.rng
        episode = channel.episodes[topic.episode]
        duration = episode.duration
        target = int(rng.lognormvariate(_SIZE_MU, _SIZE_SIGMA))
        target = min(max(target, _SIZE_MIN), _SIZE_MAX) - _SIZE_TAIL
        stamps = rng.random() >= _P_NO_TIMESTAMPS
        fenced = rng.random() < _P_FENCED
        quote_at = rng.random() < _P_QUOTE
        info_at = rng.random() < _P_INFO

        parts = [
            f"---\ntitle: {topic.title}\nvideoId: {episode.video_id}\n---\n\n"
            f"From: [[{channel.handle}]] <br/> \n",
            "```markdown\n\n" if fenced else "\n",
        ]
        opener = f"{topic.title} {rng.choice(VERBS)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        parts.append(self.paragraph(channel, topic, duration, stamps, opener))
        size = sum(len(p) for p in parts)
        section = 0
        while size < target:
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
            size += len(text) + 2
            section += 1
        parts.append(self.related_block(channel, topic))
        if fenced:
            parts.append("```")
        return parts[0] + parts[1] + "\n\n".join(parts[2:])

    # -- structure -------------------------------------------------------------------------
    def channels(self) -> list[_Channel]:
        """Plan channels, episodes and topics before any text is written."""
        rng = self.rng
        n_channels = max(1, int(self.notes / NOTES_PER_CHANNEL + 0.5))  # no banker's rounding
        n_topics = self.notes - n_channels - 2  # minus channel indexes and two root notes
        handles: list[str] = []
        while len(handles) < n_channels:
            handle = "".join(rng.choices(_SYLLABLES, k=rng.randint(2, 3)))
            handle += rng.choice(_SHOW_SUFFIX)
            if handle not in handles:
                handles.append(handle)
        # Uneven split (+-20 %) so channel folders are not all the same size.
        weights = [rng.uniform(0.8, 1.2) for _ in handles]
        counts = [int(n_topics * w / sum(weights)) for w in weights]
        counts[0] += n_topics - sum(counts)

        channels: list[_Channel] = []
        used_files: set[str] = set()
        ids: set[str] = set()
        for handle, count in zip(handles, counts, strict=True):
            stem = handle[:1].upper() + handle[1:]
            display = rng.choice(
                (f"The {stem} Podcast", f"{stem} Show", f"{stem} Conversations", stem)
            )
            channel = _Channel(handle, display)
            local: set[str] = set()
            earlier = [t for c in channels for t in c.topics]
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


def _params(notes: int, seed: int) -> dict[str, object]:
    """Marker content.

    It includes a digest of this source file, so editing the generator invalidates cached
    vaults without anyone having to remember to bump a version number.
    """
    digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return {"generator": "synth_vault", "source": digest, "notes": notes, "seed": seed}


def _is_current(dest: Path, notes: int, seed: int) -> bool:
    """True when ``dest`` holds a finished vault for exactly these parameters."""
    try:
        return json.loads((dest / MARKER_NAME).read_text("utf-8")) == _params(notes, seed)
    except (OSError, ValueError):
        return False


def _write(path: Path, text: str) -> None:
    """One open + one write per file: the cheapest way to emit ~20k files from Python."""
    with open(path, "wb") as fh:
        fh.write(text.encode("utf-8"))


def generate(dest: Path, notes: int = 21000, seed: int = 7, *, force: bool = False) -> Path:
    """Write a synthetic vault of ``notes`` markdown files into ``dest`` and return it.

    ``notes`` counts every ``.md`` file (root notes and channel indexes included), so a
    benchmark can assert the file count.  An existing vault with the same parameters is
    reused unless ``force``; a vault with other parameters is wiped and rebuilt.  A
    non-empty directory without our marker is refused unless ``force``, so a typo in DEST
    can't delete someone's real notes.  The marker is written last, so an interrupted run
    is never mistaken for a finished one.
    """
    dest = Path(dest)
    if notes < MIN_NOTES:
        raise ValueError(f"notes must be >= {MIN_NOTES}, got {notes}")
    if not force and _is_current(dest, notes, seed):
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

    builder = _Builder(notes, seed)
    channels = builder.channels()
    for channel in channels:
        folder = dest / channel.handle
        folder.mkdir()
        _write(folder / f"{channel.handle}.md", builder.channel_index(channel))
        for topic in channel.topics:
            _write(folder / f"{topic.file}.md", builder.topic_note(channel, topic))

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
    _write(dest / MARKER_NAME, json.dumps(_params(notes, seed), indent=2) + "\n")
    return dest


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point; prints what it did so benchmark logs show cache hits."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="directory to (re)create the vault in")
    parser.add_argument("--notes", type=int, default=21000, help="number of .md files")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    parser.add_argument("--force", action="store_true", help="regenerate / wipe regardless")
    args = parser.parse_args(argv)
    if not args.force and _is_current(args.dest, args.notes, args.seed):
        print(f"{args.dest}: up to date ({args.notes} notes, seed {args.seed})")
        return 0
    start = time.perf_counter()
    try:
        generate(args.dest, args.notes, args.seed, force=args.force)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    total = sum(p.stat().st_size for p in args.dest.rglob("*.md"))
    print(f"{args.dest}: {args.notes} notes, {total / 1e6:.1f} MB in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
