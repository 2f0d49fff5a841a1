"""Local copies of cited videos: downloaded files found by the video id in their names.

Readers who keep an episode on disk (yt-dlp names it `Title [ID].ext`, some setups just
`ID.ext`) want a citation to play that file, offline, at the cited second. The folders they
name are scanned here without Qt, off the GUI thread by the caller; the result is cached in
the user's cache folder and reused while no scanned folder's modification time moved (adding,
removing or renaming a file changes its folder's time), so a restart does not walk a large
video library again. Subtitles beside a video (`Title [ID].en.vtt`) are indexed the same way.

Names are matched without regular expressions: the id is the text inside the last `[...]` of
the stem, or the whole stem, and must be exactly YouTube's 11 characters of `[A-Za-z0-9_-]`.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .userdirs import cache_root

# Preferred first: a video file beats an audio-only download of the same episode.
VIDEO_EXTENSIONS = ("mkv", "mp4", "webm", "m4a", "opus", "mp3")
SUBTITLE_EXTENSIONS = ("vtt", "srt")
ID_LENGTH = 11
_ID_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
# A language tag such as `en`, `en-US`, `pt-BR`, `en-orig`: short, letters/digits/hyphens.
_LANGUAGE_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
MAX_LANGUAGE = 16
# Bounds on a scan: a reader who picks their home folder (or `/`) gets a partial library and
# a note saying so, not a viewer that walks the whole disk.
MAX_DEPTH = 6
MAX_ENTRIES = 200_000
CACHE_VERSION = 1


def is_video_id(text: str) -> bool:
    """Whether `text` is a YouTube video id: exactly 11 of `A-Z a-z 0-9 _ -`."""
    return len(text) == ID_LENGTH and all(char in _ID_ALPHABET for char in text)


def _stem_id(stem: str) -> str | None:
    """The id a downloader put in `stem`: inside its last `[...]`, or the whole stem."""
    if stem.endswith("]"):
        opening = stem.rfind("[")
        candidate = stem[opening + 1 : -1] if opening >= 0 else ""
    else:
        candidate = stem
    return candidate if is_video_id(candidate) else None


def _split_extension(name: str, extensions: Sequence[str]) -> tuple[str, str] | None:
    stem, dot, extension = name.rpartition(".")
    extension = extension.lower()
    if not dot or not stem or extension not in extensions:
        return None
    return stem, extension


def media_id(name: str) -> str | None:
    """Video id of a media file name (`Title [ID].mp4`, `ID.webm`), else None."""
    split = _split_extension(name, VIDEO_EXTENSIONS)
    return _stem_id(split[0]) if split else None


def subtitle_id(name: str) -> tuple[str, str] | None:
    """(video id, language or '') of a subtitle file name: `Title [ID].en.vtt`, `ID.srt`."""
    split = _split_extension(name, SUBTITLE_EXTENSIONS)
    if split is None:
        return None
    stem = split[0]
    found = _stem_id(stem)
    if found is not None:
        return found, ""
    rest, dot, language = stem.rpartition(".")
    if (
        dot
        and 0 < len(language) <= MAX_LANGUAGE
        and all(char in _LANGUAGE_ALPHABET for char in language)
    ):
        found = _stem_id(rest)
        if found is not None:
            return found, language
    return None


def _subtitle_rank(language: str, path: str) -> tuple:
    """Subtitles without a language tag first, then English, then the rest by name."""
    lowered = language.lower()
    english = lowered == "en" or lowered.startswith("en-")
    return (bool(language), not english, lowered != "en", lowered, path)


@dataclass(frozen=True, slots=True)
class LocalCopy:
    """A video on disk and the subtitles found for it (best first)."""

    video_id: str
    path: Path | None
    subtitles: tuple[Path, ...] = ()


@dataclass(frozen=True)
class MediaLibrary:
    """What a scan found: {video id: file} and {video id: subtitle files, best first}.

    Immutable, so the GUI thread and workers can read one while a newer scan builds the next.
    `notes` says what was left out (an unreadable folder, a scan cut short by its bounds)."""

    folders: tuple[str, ...] = ()
    videos: dict[str, Path] = field(default_factory=dict)
    subtitles: dict[str, tuple[Path, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    scanned: tuple[str, ...] = ()  # every folder walked, sub-folders too (what to watch)

    def local_file(self, video_id: str) -> Path | None:
        return self.videos.get(video_id)

    def subtitle_files(self, video_id: str) -> tuple[Path, ...]:
        return self.subtitles.get(video_id, ())

    def copy_of(self, video_id: str) -> LocalCopy | None:
        """The local copy of `video_id` (a file, subtitles, or both), or None."""
        path, subtitles = self.videos.get(video_id), self.subtitles.get(video_id, ())
        if path is None and not subtitles:
            return None
        return LocalCopy(video_id, path, subtitles)

    def __len__(self) -> int:
        return len(self.videos)


EMPTY_LIBRARY = MediaLibrary()


class _Walk:
    """One bounded walk over the folders: files by id, and every folder's modification time."""

    def __init__(self, cancel: threading.Event | None) -> None:
        self.cancel = cancel
        self.videos: dict[str, tuple[int, str]] = {}  # id -> (extension rank, path)
        self.subtitles: dict[str, list[tuple[tuple, str]]] = {}
        self.folder_times: dict[str, int] = {}
        self.notes: list[str] = []
        self.entries = 0
        self.stopped = False

    def walk(self, folder: str, depth: int = 0) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise InterruptedError("media scan cancelled")
        try:
            self.folder_times[folder] = os.stat(folder).st_mtime_ns
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as error:
            self.notes.append(f"Cannot read {folder}: {error.strerror or error}")
            return
        for entry in sorted(listed, key=lambda e: e.name):
            self.entries += 1
            if self.entries > MAX_ENTRIES:
                if not self.stopped:
                    self.stopped = True
                    self.notes.append(
                        f"Stopped after {MAX_ENTRIES:,} files: name a smaller folder."
                    )
                return
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if entry.name.startswith("."):
                    continue
                if depth + 1 > MAX_DEPTH:
                    continue
                self.walk(entry.path, depth + 1)
            else:
                self._file(entry.name, entry.path)

    def _file(self, name: str, path: str) -> None:
        if any(ord(char) < 32 for char in path):
            return  # a control character in a path would break the lines of a playlist
        found = media_id(name)
        if found is not None:
            rank = VIDEO_EXTENSIONS.index(name.rpartition(".")[2].lower())
            known = self.videos.get(found)
            if known is None or (rank, path) < known:
                self.videos[found] = (rank, path)
            return
        subtitle = subtitle_id(name)
        if subtitle is not None:
            video_id, language = subtitle
            self.subtitles.setdefault(video_id, []).append((_subtitle_rank(language, path), path))

    def library(self, folders: tuple[str, ...]) -> MediaLibrary:
        return MediaLibrary(
            folders=folders,
            scanned=tuple(self.folder_times),
            videos={video_id: Path(path) for video_id, (_rank, path) in self.videos.items()},
            subtitles={
                video_id: tuple(Path(path) for _rank, path in sorted(found))
                for video_id, found in self.subtitles.items()
            },
            notes=tuple(self.notes),
        )


def normalise_folders(folders: Iterable[str]) -> tuple[str, ...]:
    """Absolute, user-expanded folder paths, in order, without repeats or blanks."""
    seen: dict[str, None] = {}
    for folder in folders:
        folder = folder.strip()
        if folder:
            seen.setdefault(os.path.abspath(os.path.expanduser(folder)), None)
    return tuple(seen)


def cache_file(folders: tuple[str, ...], cache_dir: Path | None = None) -> Path:
    """Where the scan of exactly these folders is cached (a key of the folder list)."""
    key = hashlib.sha256("\0".join(folders).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return (cache_dir or cache_root() / "media") / f"{key}.json"


def _folder_time(folder: str) -> int:
    """Modification time of a folder; -1 when it is missing (so its creation is a change)."""
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return -1


def _load_cached(path: Path, folders: tuple[str, ...]) -> MediaLibrary | None:
    """The cached library when every folder it walked still has the same modification time."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != CACHE_VERSION or tuple(data["folders"]) != folders:
            return None
        for folder, stamp in data["folder_times"].items():
            if _folder_time(folder) != stamp:
                return None
        return MediaLibrary(
            folders=folders,
            videos={key: Path(value) for key, value in data["videos"].items()},
            subtitles={
                key: tuple(Path(v) for v in value) for key, value in data["subtitles"].items()
            },
            notes=tuple(data.get("notes", ())),
            scanned=tuple(data["folder_times"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, stale or damaged: scan again


def _save(path: Path, library: MediaLibrary, folder_times: dict[str, int]) -> None:
    data = {
        "version": CACHE_VERSION,
        "folders": list(library.folders),
        "folder_times": folder_times,
        "videos": {key: str(value) for key, value in library.videos.items()},
        "subtitles": {key: [str(v) for v in value] for key, value in library.subtitles.items()},
        "notes": list(library.notes),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass  # a cache that cannot be written only costs the next start a scan


def scan_media(
    folders: Iterable[str],
    *,
    cache_dir: Path | None = None,
    cancel: threading.Event | None = None,
    use_cache: bool = True,
) -> MediaLibrary:
    """Every local video and subtitle file under `folders` (sub-folders included, hidden ones
    and symlinked folders skipped), from the cache when no folder changed since it was written.

    Raises InterruptedError when `cancel` is set during the walk."""
    folders = normalise_folders(folders)
    if not folders:
        return EMPTY_LIBRARY
    path = cache_file(folders, cache_dir)
    if use_cache:
        cached = _load_cached(path, folders)
        if cached is not None:
            return cached
    walk = _Walk(cancel)
    for folder in folders:
        if not os.path.isdir(folder):
            walk.notes.append(f"Not a folder: {folder}")
            walk.folder_times[folder] = _folder_time(folder)
            continue
        walk.walk(folder)
    library = walk.library(folders)
    _save(path, library, walk.folder_times)
    return library
