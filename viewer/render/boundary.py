"""The vault's boundary: a path a note names is used only when its real path lies inside the
vault root.

Checked on the real path (``..`` and every symlink resolved), so a symlinked file or folder
pointing out of the vault, ``../../etc/passwd`` or an absolute path never reaches the page or
an export. On a case-insensitive file system a path may spell the root differently
(``/Users/me/VAULT``); when the plain comparison fails, the folders above the real path are
compared with the root by identity (device and inode), which no spelling can fake.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=16)
def _real_root(root: str) -> tuple[Path, os.stat_result | None]:
    real = Path(os.path.realpath(root))
    try:
        return real, os.stat(real)
    except OSError:
        return real, None


def inside_root(root: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path | None:
    """The real path of `target` when it exists and lies inside the folder `root` once ``..``,
    symlinks and case are accounted for; None otherwise (also for a symlink loop)."""
    try:
        real = Path(os.path.realpath(target, strict=True))
    except (OSError, ValueError, RuntimeError):
        return None
    real_root, root_stat = _real_root(os.fspath(root))
    if real.is_relative_to(real_root):
        return real
    if root_stat is None:
        return None
    for folder in real.parents:  # the same folder spelt otherwise (case-insensitive)
        try:
            if os.path.samestat(os.stat(folder), root_stat):
                return real
        except OSError:
            return None
    return None


def inside_file(root: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path | None:
    """`inside_root`, for a regular file only (not a folder, device or pipe)."""
    real = inside_root(root, target)
    try:
        return real if real is not None and real.is_file() else None
    except OSError:
        return None
