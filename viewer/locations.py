"""Where bundled resources live: a source checkout, an installed package or a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path

from . import APP_ID


def resources_dir() -> Path:
    """The folder holding `sample-vault/`, `icons/` and `linux/` desktop metadata."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen) / "resources")
    here = Path(__file__).resolve().parent
    candidates += [here / "resources", here.parent / "resources"]
    for candidate in candidates:
        if (candidate / "sample-vault").is_dir():
            return candidate
    return candidates[-1]


def sample_vault() -> Path:
    return resources_dir() / "sample-vault"


def icon_path(name: str = f"{APP_ID}.svg") -> Path:
    """The app icon; `{APP_ID}-{size}.png` renderings of it sit in the same folder."""
    return resources_dir() / "icons" / name
