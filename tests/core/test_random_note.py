"""Random note: uniform over the notes, never the current one, repeatable with a seed."""

from __future__ import annotations

import random
from collections import Counter

from viewer.core.random_note import random_note


def test_never_the_current_note(sample_vault):
    current = "Welcome.md"
    rng = random.Random(1)
    picks = {random_note(sample_vault.notes, current, rng) for _ in range(500)}
    assert current not in picks
    assert picks == set(sample_vault.notes) - {current}  # every other note can come up


def test_uniform_over_the_other_notes():
    paths = [f"n{i}.md" for i in range(5)]
    rng = random.Random(7)
    counts = Counter(random_note(paths, "n0.md", rng) for _ in range(8000))
    assert set(counts) == {"n1.md", "n2.md", "n3.md", "n4.md"}
    # 2,000 expected each; 5 standard deviations (about 5 x 39) either side.
    assert all(1800 < count < 2200 for count in counts.values()), counts


def test_repeatable_with_an_injected_source(sample_vault):
    first = [random_note(sample_vault.notes, None, random.Random(42)) for _ in range(3)]
    assert len(set(first)) == 1
    assert first[0] in sample_vault.notes


def test_no_other_note_gives_none():
    assert random_note([], None) is None
    assert random_note(["only.md"], "only.md") is None
    assert random_note(["only.md"], None) == "only.md"
