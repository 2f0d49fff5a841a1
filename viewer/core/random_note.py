"""A random note to read next ("Random Note" command): uniform over the vault's notes."""

from __future__ import annotations

import random
from collections.abc import Iterable


def random_note(
    paths: Iterable[str], current: str | None = None, rng: random.Random | None = None
) -> str | None:
    """A note path chosen uniformly from `paths` (e.g. `vault.notes`), never `current` (so the
    command always moves); None when there is no other note. `rng` makes tests repeatable."""
    candidates = [path for path in paths if path != current]
    if not candidates:
        return None
    return (rng or random).choice(candidates)
