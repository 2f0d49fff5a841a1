"""Which files of a vault a click may open with the system's default application.

A link to a file in the vault (`[Episode notes](run.bat)`, `[[setup.desktop]]`) opens with
whatever the system associates with it, and on Windows that handler runs `.bat`, `.js` or
`.lnk` files; on Linux a `.desktop` file launches a program. Only documents and media open
that way (an allow-list); executables, scripts, launchers and shortcuts never do, whatever
their name says, and neither does any file with an execute bit.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

# Documents and media: what a reader means to look at or listen to.
OPENABLE = frozenset(
    (
        *("png", "jpg", "jpeg", "gif", "webp", "bmp", "svg", "avif", "tif", "tiff", "ico"),
        *("heic", "pdf", "epub", "djvu"),
        *("mp3", "m4a", "ogg", "oga", "opus", "flac", "wav", "aac"),
        *("mp4", "m4v", "mkv", "webm", "mov", "avi", "ogv"),
        *("txt", "csv", "tsv", "json", "xml", "yaml", "yml", "log", "srt", "vtt"),
        *("doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "ppt", "pptx", "odp"),
    )
)
# Never opened by a click, named so the dialog can say what they are.
EXECUTABLE = frozenset(
    (
        *("exe", "bat", "cmd", "com", "ps1", "vbs", "js", "jse", "wsf", "hta", "msi", "scr"),
        *("lnk", "url", "desktop", "sh", "command", "app", "jar", "py", "pl", "rb"),
    )
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a click may open the file, and if not, why (for people)."""

    openable: bool
    reason: str = ""


def click_verdict(path: str | os.PathLike[str]) -> Verdict:
    """May a click on a link open the file at `path` with the default application?"""
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if suffix in EXECUTABLE:
        return Verdict(False, f"“{path.name}” is a program, script or shortcut ({suffix}).")
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return Verdict(False, f"“{path.name}” cannot be read ({error.strerror or error}).")
    if not stat.S_ISREG(mode):
        return Verdict(False, f"“{path.name}” is not a regular file.")
    if mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH):
        return Verdict(False, f"“{path.name}” is marked executable.")
    if suffix not in OPENABLE:
        kind = f"a .{suffix} file" if suffix else "a file without an extension"
        return Verdict(False, f"“{path.name}” is {kind}, not a document or media file.")
    return Verdict(True)
