"""A scratch folder and an offscreen screen of desktop size, set up before Qt is imported.

The offscreen platform's default screen is 800 x 600: previews and popups would have no room
to stand beside their links as they do on a desktop. Caches and settings go to the scratch
folder, never to the user's."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def offscreen_desktop(prefix: str) -> Path:
    """Make the scratch folder, point Qt and the viewer at it, and return it."""
    scratch = Path(tempfile.mkdtemp(prefix=prefix))
    (scratch / "screens.json").write_text(
        '{"screens": [{"name": "shot", "x": 0, "y": 0, "width": 1920, "height": 1200,'
        ' "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}'
    )
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={scratch / 'screens.json'}"
    os.environ["VAULT_VIEWER_CACHE_DIR"] = str(scratch / "cache")
    os.environ["VAULT_VIEWER_CONFIG_DIR"] = str(scratch / "config")
    return scratch
