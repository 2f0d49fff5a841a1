"""Small JSON state files (bookmarks, the open workspace) kept safe against crashes and damage.

A reader's state outlives any one window: a crash mid-write must not leave half a file, two
windows must never interleave their bytes, and a file that is damaged anyway (a full disk, an
editor, a newer version) must neither stop the viewer nor be silently lost. So writes go to a
temporary file that replaces the old one in one step, and a file that cannot be read is moved
aside as `<name>.bak` before the viewer starts afresh.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# A state file is a few kilobytes; anything far larger is not one of ours.
MAX_STATE_BYTES = 16 * 1024 * 1024


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def keep_backup(path: Path, reason: str, *, move: bool = True) -> Path | None:
    """Set a damaged state file aside as `<name>.bak` (replacing an older backup) so the next
    save cannot overwrite what it held: moved away, or with `move=False` copied (for a file
    that still reads in part, which other windows keep using until it is saved again).
    Returns the backup's path, None if it could not be made."""
    backup = backup_path(path)
    try:
        if move:
            os.replace(path, backup)
        else:
            shutil.copyfile(path, backup)
    except OSError as error:
        log.warning("could not keep a backup of %s (%s): %s", path, reason, error)
        return None
    log.warning("state file %s set aside as %s: %s", path, backup.name, reason)
    return backup


def load_json(path: Path) -> Any | None:
    """The JSON value stored at `path`; None when there is none. A file that exists but is not
    readable JSON is backed up (see `keep_backup`) and also reads as None."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_STATE_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        log.warning("cannot read state file %s: %s", path, error)
        return None  # unreadable but maybe intact (permissions): leave it where it is
    if len(data) > MAX_STATE_BYTES:
        keep_backup(path, "larger than any state file")
        return None
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        keep_backup(path, f"not valid JSON ({error.__class__.__name__})")
        return None


def save_json(path: Path, data: Any) -> bool:
    """Write `data` as JSON to `path` atomically (creating its folder); False, with a warning
    logged, when it cannot be written. Readers see the old file or the new one, never a part."""
    # ASCII with escapes: a note path that is not valid UTF-8 (a lone surrogate in Python)
    # survives the round trip exactly, where UTF-8 output could not encode it.
    encoded = json.dumps(data, ensure_ascii=True, indent=1).encode("ascii")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        log.warning("cannot save %s: %s", path, error)
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(encoded)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        log.warning("cannot save %s: %s", path, error)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    return True
