"""The user's folders for Vault Viewer's own files: caches and per-vault state.

The viewer never writes inside a vault; everything it keeps about one (the index cache,
bookmarks, the open tabs, what was last read) lives here, keyed by the vault's resolved path.
Each folder can be moved with an environment variable (tests and portable installs use them).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

APP_FOLDER = "vault-viewer"


def cache_root() -> Path:
    """The user's cache folder for Vault Viewer (overridable with VAULT_VIEWER_CACHE_DIR)."""
    override = os.environ.get("VAULT_VIEWER_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs  # deferred: start-up cost, and most commands never need it

    return Path(platformdirs.user_cache_dir(APP_FOLDER, appauthor=False))


def config_root() -> Path:
    """The user's configuration folder for Vault Viewer (VAULT_VIEWER_CONFIG_DIR overrides)."""
    override = os.environ.get("VAULT_VIEWER_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_FOLDER, appauthor=False))


def vault_key(vault_root: str | os.PathLike[str]) -> str:
    """A stable file-name-safe key for a vault: any folder name works, even one that is not
    valid UTF-8, and two vaults never share one."""
    resolved = str(Path(vault_root).resolve())
    return hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:20]


def vault_state_dir(vault_root: str | os.PathLike[str]) -> Path:
    """Where per-vault reading state lives (bookmarks, workspace, changes baseline), in the
    config folder; created by whoever writes there first."""
    return config_root() / "vaults" / vault_key(vault_root)
