"""Which page a freshly opened vault shows first."""

from __future__ import annotations

from ..core.preview import FRONT_PAGES
from ..core.vault import Vault


def first_note(vault: Vault, wanted: str | None, last: str | None) -> tuple[str | None, str]:
    """(the note to open, a notice for the reader): the note asked for (by path or any link
    name), else the one read last in this vault, else a front page, else the first by path.
    The notice says when the note asked for does not exist."""
    notice = ""
    if wanted:
        found = vault.find(wanted)
        if found:
            return found, ""
        notice = f"No note named {wanted!r} in this vault"
    if last and last in vault.notes:
        return last, notice
    for name in FRONT_PAGES:
        found = vault.find(name)
        if found:
            return found, notice
    return min(vault.notes, default=None), notice


def first_note_needs_names(vault: Vault, wanted: str | None, last: str | None) -> bool:
    """Whether `first_note` will look a name up rather than a path: the resolver it asks is
    built over every note on first use (0.2 s on 21,000 notes), so the caller builds it off
    the GUI thread first."""
    if wanted:
        return vault.find_path(wanted) is None
    return not (last and last in vault.notes)
