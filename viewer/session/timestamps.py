"""The link to share for a cited second, as the reader set the player up (the context menu's
"Copy Link at This Time"); what a click does is `core.player.open_target`."""

from __future__ import annotations

from ..core.player import (
    BROWSER,
    PlayerConfig,
    PlayerError,
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
