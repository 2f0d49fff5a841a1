"""Where a cited second goes: the link to share and what a click will do, as the reader set
the player up. The window, the context menu and hover texts all ask here."""

from __future__ import annotations

from ..core.player import (
    BROWSER,
    COMMAND,
    PlayerConfig,
    PlayerError,
    timestamp_command,
    timestamp_url,
)
from ..core.timestamps import video_url


def timestamp_link(config: PlayerConfig, video_id: str, seconds: int) -> str:
    """The link to share: the configured site's URL in browser mode; the YouTube watch URL
    otherwise (a command line is no link), and also when the template cannot make one."""
    if config.mode == BROWSER:
        try:
            return timestamp_url(config.template, video_id, seconds)
        except PlayerError:
            pass
    return video_url(video_id, seconds)


def time_target(config: PlayerConfig, video_id: str, seconds: int) -> str:
    """What a click on the citation does, in words for a status line: the URL it opens, or
    the command it runs (or why it cannot)."""
    if config.mode == COMMAND:
        try:
            return "runs " + " ".join(timestamp_command(config.command, video_id, seconds))
        except PlayerError as error:
            return str(error)
    return timestamp_link(config, video_id, seconds)
