"""How a timestamp opens: a URL template for the browser, a player program, or one player
window kept open (mpv or VLC) that every citation seeks.

Readers differ: some want YouTube, some a privacy front end (youtube-nocookie, an Invidious
host), some a local player such as mpv. The browser and command forms take the placeholders
{id}, {seconds} and {hms}. The persistent players (`mpv.py`, `vlc.py`) take no template: they
are sent a validated YouTube address or a local copy's path and an integer second. Everything
is validated here, without Qt, so the settings dialog, the context menu and the window share
one set of rules and one wording for every mistake. Commands are split into an argument list
and run without a shell: a video id from a note can never become a command or an option.
"""

from __future__ import annotations

import os
import shlex
import shutil
import string
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from .media import is_video_id, normalise_folders
from .timestamps import format_hms, video_url

BROWSER, COMMAND, MPV, VLC = "browser", "command", "mpv", "vlc"
MODES = (BROWSER, COMMAND, MPV, VLC)
PERSISTENT = (MPV, VLC)  # modes that keep one player running and play local copies
MODE_LABELS = {
    BROWSER: "Web browser",
    COMMAND: "A program, started for each citation",
    MPV: "mpv (one window, seeks)",
    VLC: "VLC (one window, remote control)",
}
DEFAULT_CLIP_SECONDS = 30
MAX_CLIP_SECONDS = 3600
DEFAULT_TEMPLATE = "https://www.youtube.com/watch?v={id}&t={seconds}s"
DEFAULT_COMMAND = "mpv --start={seconds} https://youtu.be/{id}"
PLACEHOLDERS = ("id", "seconds", "hms")

# Preset name -> URL template, in the order a settings dialog offers them.
PRESETS: dict[str, str] = {
    "YouTube": DEFAULT_TEMPLATE,
    "YouTube (no cookies)": "https://www.youtube-nocookie.com/embed/{id}?start={seconds}&autoplay=1",
    "youtu.be": "https://youtu.be/{id}?t={seconds}",
}

_PLACEHOLDER_HELP = "use {id}, {seconds} or {hms}"
_FORMATTER = string.Formatter()


class PlayerError(ValueError):
    """A template or command that cannot open a timestamp; the message says why, for people."""


@dataclass(frozen=True, slots=True)
class PlayerConfig:
    """The reader's choice. Both the template and the command are kept whichever mode is on,
    so switching modes back and forth loses nothing."""

    mode: str = BROWSER
    template: str = DEFAULT_TEMPLATE
    command: str = ""
    mpv_program: str = "mpv"
    mpv_options: str = ""  # extra --options for the persistent mpv, as a shell would split them
    vlc_program: str = "vlc"
    vlc_remote: bool = True  # VLC's remote-control interface; off: restart at --start-time
    video_folders: tuple[str, ...] = ()
    clip_seconds: int = DEFAULT_CLIP_SECONDS  # Play All: each cited moment's length

    def preset(self) -> str | None:
        """The preset name of the template, or None for a custom one."""
        return preset_of(self.template)

    @property
    def persistent(self) -> bool:
        return self.mode in PERSISTENT


def preset_of(template: str) -> str | None:
    stripped = template.strip()
    return next((name for name, value in PRESETS.items() if value == stripped), None)


def _fields(text: str, what: str) -> set[str]:
    """Placeholders used in `text`; PlayerError for unknown ones or broken braces."""
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError:
        raise PlayerError(
            f"The {what} has an unmatched {{ or }}. Write {{{{ or }}}} for a literal brace."
        ) from None
    used: set[str] = set()
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "")
            shown += (f":{spec}" if spec else "") + "}"
            raise PlayerError(f"Unknown placeholder {shown} in the {what}: {_PLACEHOLDER_HELP}.")
        used.add(name)
    return used


def _values(video_id: str, seconds: int) -> dict[str, str]:
    if not video_id:
        raise PlayerError("No video id: this note has no videoId.")
    seconds = max(0, int(seconds))
    # The id comes from a note: quoted, it can add no path, query or argument separators.
    return {"id": quote(video_id, safe="-_"), "seconds": str(seconds), "hms": format_hms(seconds)}


def timestamp_url(template: str, video_id: str, seconds: int) -> str:
    """The URL that opens `video_id` at `seconds` under `template`.

    Raises PlayerError when the template uses unknown placeholders, has no {id} (every
    timestamp would open the same page) or does not make an http(s) address with a host."""
    template = template.strip()
    if not template:
        raise PlayerError("The URL template is empty.")
    if "id" not in _fields(template, "URL template"):
        raise PlayerError("The URL template has no {id}: every timestamp would open one page.")
    url = template.format_map(_values(video_id, seconds))
    scheme, host = _scheme_and_host(url)
    if scheme not in ("http", "https") or not host:
        raise PlayerError(
            "The URL template must make a web address with a host, "
            "such as https://www.youtube.com/watch?v={id}&t={seconds}s."
        )
    # The host must be written out: one taken from the id would let a note pick the site.
    if _scheme_and_host(template.format_map(_values("other", seconds + 1)))[1] != host:
        raise PlayerError("The URL template must name its host; put {id} after it.")
    if any(char.isspace() or ord(char) < 32 for char in url):
        raise PlayerError("The URL template must not contain spaces or control characters.")
    return url


def _scheme_and_host(url: str) -> tuple[str, str | None]:
    try:
        parts = urlsplit(url)
        return parts.scheme.lower(), parts.hostname
    except ValueError:  # e.g. a malformed port or IPv6 host
        return "", None


def find_program(program: str) -> str | None:
    """Full path of `program`: found on PATH, or a path to an existing executable file."""
    expanded = os.path.expanduser(program)
    if os.path.dirname(expanded):  # a path: it must exist and be executable
        found = shutil.which(expanded)
        return os.path.abspath(found) if found else None
    return shutil.which(expanded)


def timestamp_command(command: str, video_id: str, seconds: int) -> list[str]:
    """The argument list that plays `video_id` from `seconds`: `command` split like a shell
    would (but never run by one), placeholders filled in each argument, the program resolved
    to its full path.

    Raises PlayerError for an empty command, unmatched quotes, unknown placeholders, a
    placeholder in the program name, an id that would read as an option, or a program that
    is not installed."""
    try:
        words = shlex.split(command)
    except ValueError:
        raise PlayerError("The player command has an unmatched quote.") from None
    if not words:
        raise PlayerError("The player command is empty.")
    program, *arguments = words
    if _fields(program, "player command"):
        raise PlayerError("The program name cannot contain a placeholder.")
    for argument in arguments:
        _fields(argument, "player command")
    values = _values(video_id, seconds)
    filled = []
    for argument in arguments:
        value = argument.format_map(values)
        if value.startswith("-") and not argument.startswith("-"):
            raise PlayerError(
                f"The video id {video_id!r} would be read as an option; "
                "put {id} inside a URL, e.g. https://youtu.be/{id}."
            )
        filled.append(value)
    found = find_program(program)
    if found is None:
        raise PlayerError(
            f"Program '{program}' not found. "
            "Install it or change the player in View › Timestamp Player…"
        )
    return [found, *filled]


SAMPLE_ID, SAMPLE_SECONDS = "VIDEO_ID", 4698  # what a preview shows: 1:18:18 into a video


# -- the persistent players -------------------------------------------------------------------


def checked_seconds(seconds: object) -> int:
    """A cited second as the integer a player is sent; PlayerError for anything else."""
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
        raise PlayerError(f"Not a time in the video: {seconds!r}.")
    return seconds


def checked_video_id(video_id: str) -> str:
    """`video_id` when it is a YouTube id (11 of A-Z a-z 0-9 _ -); a player is only ever sent
    an address built from such an id, so nothing else a note writes can reach it."""
    if not is_video_id(video_id):
        shown = video_id if len(video_id) <= 40 else video_id[:40] + "…"
        raise PlayerError(
            f"“{shown}” is not a YouTube video id (11 letters, digits, - or _), "
            "so no player is sent it."
        )
    return video_id


def player_source(video_id: str, local_file: str | None = None) -> str:
    """What a persistent player opens: the local copy, else the video's YouTube address."""
    return local_file or video_url(checked_video_id(video_id))


def player_options(text: str, program: str = "mpv") -> list[str]:
    """Extra options for a persistent player, split like a shell would (never run by one).
    Each must be an `--option`: anything else would be opened as a file."""
    try:
        words = shlex.split(text)
    except ValueError:
        raise PlayerError(f"The {program} options have an unmatched quote.") from None
    for word in words:
        if not word.startswith("--") or len(word) < 3:
            raise PlayerError(f"The {program} options must each start with --, not {word!r}.")
        if word.split("=", 1)[0] in ("--input-ipc-server", "--idle", "--rc-unix", "--rc-host"):
            raise PlayerError(f"The viewer sets {word.split('=', 1)[0]} itself; remove it.")
    return words


def player_program(config: PlayerConfig) -> str:
    """Full path of the persistent player's program; PlayerError says it is not installed
    (the window then offers the browser)."""
    name, program = (
        ("mpv", config.mpv_program) if config.mode == MPV else ("VLC", config.vlc_program)
    )
    program = program.strip() or name.lower()
    found = find_program(program)
    if found is None:
        raise PlayerError(
            f"{name} is not installed (no program '{program}'). Install {name}, or choose "
            "another player in View › Timestamp Player…; the citation can open in the browser "
            "meanwhile."
        )
    return found


def check_folders(folders: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The video folders as absolute paths; PlayerError names the first that is no folder."""
    normalised = normalise_folders(folders)
    for folder in normalised:
        if not os.path.isdir(folder):
            raise PlayerError(f"Video folder not found: {folder}")
    return normalised


def check_clip_seconds(seconds: object) -> int:
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise PlayerError("The clip length must be a whole number of seconds.")
    if not 0 < seconds <= MAX_CLIP_SECONDS:
        raise PlayerError(f"The clip length must be 1 to {MAX_CLIP_SECONDS} seconds.")
    return seconds


def open_target(
    config: PlayerConfig, video_id: str, seconds: int, local_file: str | None = None
) -> str:
    """Where a citation goes under `config`, for a status bar or a tooltip (the URL, the
    command line, or the player and what it is sent); what is wrong when it cannot open.
    Cheap: nothing is started and no program is looked for in the persistent modes."""
    try:
        if config.mode == COMMAND:
            return "runs " + shlex.join(timestamp_command(config.command, video_id, seconds))
        if config.persistent:
            player = "mpv" if config.mode == MPV else "VLC"
            source = f"local copy {local_file}" if local_file else player_source(video_id)
            return f"{player} at {format_hms(seconds)}: {source}"
        return timestamp_url(config.template, video_id, seconds)
    except PlayerError as error:
        return str(error)


def check(config: PlayerConfig, video_id: str = SAMPLE_ID, seconds: int = SAMPLE_SECONDS) -> str:
    """What `config` would open (a URL, or the command line), for a settings dialog's
    preview. Raises PlayerError exactly as opening would."""
    check_folders(config.video_folders)
    check_clip_seconds(config.clip_seconds)
    if config.mode == COMMAND:
        return shlex.join(timestamp_command(config.command, video_id, seconds))
    if config.mode in PERSISTENT:
        program = player_program(config)
        if config.mode == MPV:
            extra = player_options(config.mpv_options)
            return f"{shlex.join([program, *extra])}, kept open: each citation seeks it"
        how = "remote control" if config.vlc_remote else "restarted at each citation"
        return f"{program} ({how})"
    if config.mode != BROWSER:
        raise PlayerError(f"Unknown player mode {config.mode!r}: use one of {', '.join(MODES)}.")
    return timestamp_url(config.template, video_id, seconds)
