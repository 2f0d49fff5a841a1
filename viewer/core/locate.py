"""Which vault a path on disk belongs to.

People open a vault by its folder, or by a note they double-clicked in a file manager; both
the window and the command line take either. A note opens in the nearest folder above it that
holds `.obsidian/` (Obsidian's own marker of a vault root), else in its own folder.
"""

from __future__ import annotations

from pathlib import Path

from .names import is_note_name

VAULT_MARKER = ".obsidian"


def vault_for_path(path: str | Path) -> tuple[Path, str | None] | None:
    """(vault root, the note's vault-relative path or None) for a folder or a note file;
    None for anything else (a missing path, an attachment, a device)."""
    path = Path(path).expanduser()
    try:
        if path.is_dir():
            return path, None
        if not (path.is_file() and is_note_name(path.name)):
            return None
    except OSError:
        return None
    folder = path.parent
    for candidate in (folder, *folder.parents):
        try:
            if (candidate / VAULT_MARKER).is_dir():
                return candidate, path.relative_to(candidate).as_posix()
        except OSError:
            continue
    return folder, path.name


def inside_vault(root: str | Path, target: str | Path) -> Path | None:
    """The real path of the file `target` when it lies inside the vault `root` once symlinks
    and `..` are resolved, and exists; None otherwise (a link never reaches out of a vault)."""
    try:
        resolved = Path(target).resolve()
        if resolved.is_relative_to(Path(root).resolve()) and resolved.is_file():
            return resolved
    except (OSError, RuntimeError):  # a symlink loop, an unreadable folder
        pass
    return None
