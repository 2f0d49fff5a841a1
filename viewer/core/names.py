"""Normalised keys for matching link targets to notes.

Links are typed by people (and generators) who disagree about case, Unicode composition,
invisible characters and word separators; every lookup goes through these keys so that the
disagreement never decides where a link lands.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width and bidi marks (U+200B-U+200F), word joiners and invisible operators
# (U+2060-U+206F) and the byte-order mark: they render as nothing, so they must match as nothing.
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u206f\ufeff]")
_SEPARATORS = re.compile(r"[\s_\-]+")
_NOT_WORD = re.compile(r"[^\w\s\-]")


def clean(text: str) -> str:
    """NFC-normalise, drop invisible format characters and surrounding whitespace."""
    if not text.isascii():
        text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return text.strip()


def fold(text: str) -> str:
    """Case-insensitive key: the clean text, case-folded."""
    return clean(text).casefold()


def topic_key(text: str) -> str:
    """Key of an unresolved topic: case, spaces, underscores and hyphens do not matter."""
    return _SEPARATORS.sub("_", fold(text)).strip("_")


def slug(text: str) -> str:
    """Loosest key: lower case, separators unified, other punctuation dropped."""
    return _SEPARATORS.sub("_", _NOT_WORD.sub("", fold(text))).strip("_")


# The one note-file rule: which files are notes. Everything that turns a path into a name
# (scan, titles, resolution, the switcher, rendering) goes through the helpers below, so
# `[[Other]]` finds `Other.markdown` exactly as it finds `Other.md`.
NOTE_SUFFIXES = (".md", ".markdown")


def is_note_name(name: str) -> bool:
    """True for a file name (or path) with a note extension, in any case."""
    return name.lower().endswith(NOTE_SUFFIXES)


def note_suffix(name: str) -> str:
    """The note extension `name` ends with, as written ('' when it has none)."""
    # On the indexing hot path: the last letter rules out most names without lower-casing.
    last = name[-1:]
    if last in ("d", "D") and name[-3:].lower() == ".md":
        return name[-3:]
    if last in ("n", "N") and name[-9:].lower() == ".markdown":
        return name[-9:]
    return ""


def strip_note_suffix(name: str) -> str:
    """`name` without its note extension (`a/Other.markdown` -> `a/Other`)."""
    suffix = note_suffix(name)
    return name[: -len(suffix)] if suffix else name


def file_name(path: str) -> str:
    """Last part of a vault-relative `/`-separated path (the whole path at the root)."""
    return path.rsplit("/", 1)[-1]


def stem_of(path: str) -> str:
    """File name without folder and without a note extension: a note's title when its
    frontmatter gives none."""
    return strip_note_suffix(file_name(path))


def parent_of(path: str) -> str:
    """Folder part of a vault-relative path ('' for the vault root)."""
    return path.rsplit("/", 1)[0] if "/" in path else ""


def top_folder(path: str) -> str:
    """First folder of a vault-relative path ('' for a file at the vault root): the channel
    of a generated wiki, where each channel has one folder."""
    return path.split("/", 1)[0] if "/" in path else ""


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key that orders 'Episode 2' before 'Episode 10' and ignores case."""
    # split() alternates text and digit runs, so equal positions always hold equal types.
    # (ASCII text folds without `fold`'s calls: a 100,000-note tree sorts every title.)
    parts = _DIGITS.split(text.strip().casefold() if text.isascii() else fold(text))
    if len(parts) == 1:  # no digits (most titles): skip the conversion loop
        return (parts[0],)
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))
