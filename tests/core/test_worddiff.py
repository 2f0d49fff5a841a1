"""Word-level diff: exact reconstruction of both versions, readable segments, bounded work."""

from __future__ import annotations

import random
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.worddiff import DELETED, EQUAL, INSERTED, DiffSegment, tokens, word_diff


def words(text: str) -> list[str]:
    return [t.strip() for t in tokens(text) if t.strip()]


def assert_consistent(old: str, new: str, segments: list[DiffSegment]) -> None:
    assert "".join(s.text for s in segments if s.kind != DELETED) == new
    old_side = [w for s in segments if s.kind != INSERTED for w in words(s.text)]
    assert old_side == words(old)
    assert all(s.text for s in segments)
    assert all(a.kind != b.kind for a, b in pairwise(segments))


def test_a_changed_word_in_a_sentence():
    old = "The quick brown fox jumps over the lazy dog."
    new = "The quick red fox jumps over the very lazy dog!"
    assert word_diff(old, new) == [
        DiffSegment(EQUAL, "The quick"),
        DiffSegment(DELETED, " brown"),
        DiffSegment(INSERTED, " red"),
        DiffSegment(EQUAL, " fox jumps over the"),
        DiffSegment(INSERTED, " very"),
        DiffSegment(EQUAL, " lazy dog"),
        DiffSegment(DELETED, "."),
        DiffSegment(INSERTED, "!"),
    ]


def test_whitespace_alone_is_no_change():
    assert word_diff("one  two\nthree", "one two three") == [DiffSegment(EQUAL, "one two three")]


def test_empty_sides():
    assert word_diff("", "") == []
    assert word_diff("", "new text") == [DiffSegment(INSERTED, "new text")]
    assert word_diff("old text", "") == [DiffSegment(DELETED, "old text")]


def test_tokens_give_the_text_back():
    text = '  Hello, world!\n\n<a class="x">[01:02]</a>  \t'
    assert "".join(tokens(text)) == text


def test_a_paragraph_moved_and_edited_in_a_long_note():
    paragraphs = [
        " ".join(f"p{p}w{w}" for w in range(60)) + f" shared words the and of {p}."
        for p in range(120)
    ]
    old = "\n\n".join(paragraphs)
    edited = list(paragraphs)
    edited[10] = edited[10].replace("p10w5 ", "inserted words here p10w5 ")
    edited[70], edited[71] = edited[71], edited[70]
    del edited[100]
    new = "\n\n".join(edited)
    segments = word_diff(old, new)
    assert_consistent(old, new, segments)
    inserted = " ".join(s.text for s in segments if s.kind == INSERTED)
    assert "inserted words here" in inserted
    assert "p100w30" in " ".join(s.text for s in segments if s.kind == DELETED)
    # Precise: far less than the note is marked as changed.
    changed = sum(len(s.text) for s in segments if s.kind != EQUAL)
    assert changed < len(new) / 10


def test_adversarial_inputs_stay_correct_when_the_budget_runs_out():
    rng = random.Random(5)
    cases = [
        ("a " * 30_000, "b " * 30_000),
        ("a b " * 15_000, "b a " * 15_000),
        tuple(" ".join(rng.choice("abcdefgh") for _ in range(30_000)) for _ in "ab"),
        ("x" * 500_000, "x" * 499_999 + "y"),
        ("[" * 100_000, "[" * 100_001),
    ]
    for old, new in cases:
        assert_consistent(old, new, word_diff(old, new))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "c", "dd", "e,", "\n", "  ", "f.", "ü", "<x>"])),
    st.lists(st.sampled_from(["a", "b", "c", "dd", "e,", "\n", "  ", "g!", "ü", "<x>"])),
)
def test_any_pair_of_texts_reconstructs(old_parts, new_parts):
    old, new = " ".join(old_parts), " ".join(new_parts)
    assert_consistent(old, new, word_diff(old, new))
