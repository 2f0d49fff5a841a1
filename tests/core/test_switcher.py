"""Quick-switcher matching over titles, aliases, file names and topics."""

from __future__ import annotations

from viewer.core.switcher import ALIAS, FILE, NOTE, TOPIC, Entry, SwitcherIndex


def test_sample_vault_entries(sample_vault):
    index = SwitcherIndex.from_vault(sample_vault)
    assert index.search("Start Here")[0].target == "Welcome.md"
    assert index.search("Start Here")[0].kind == ALIAS
    assert index.search("hydrophone")[0].target == "field-signals/hydrophone_recording.md"
    assert index.search("glaze_chemistry")[0].target == "makers-hour/glaze_chemistry_for_potters.md"
    topic = index.search("priya nat")[0]
    assert (topic.kind, topic.target) == (TOPIC, "Priya Natarajan-Cole")


def test_tiers_exact_prefix_word_start_substring_letters():
    entries = [
        Entry("Notation", NOTE, "a.md", ""),
        Entry("Annotations in Context", NOTE, "b.md", ""),
        Entry("Note", NOTE, "c.md", ""),
        Entry("A Quiet Note Taker", NOTE, "d.md", ""),
        Entry("Nothing Else", NOTE, "e.md", ""),
    ]
    index = SwitcherIndex(entries)
    order = [e.target for e in index.search("note")]
    assert order[0] == "c.md"  # exact
    assert order.index("d.md") < order.index("b.md")  # a word start beats inside a word
    letters = [e.target for e in index.search("ntn")]
    assert "b.md" in letters and "a.md" in letters  # letters in order


def test_one_row_per_note_and_recent_first_when_empty():
    entries = [
        Entry("Future of Work", NOTE, "f.md", ""),
        Entry("Future of Work", FILE, "f.md", "", "future_of_work"),
        Entry("Other", NOTE, "o.md", ""),
    ]
    index = SwitcherIndex(entries)
    assert [e.target for e in index.search("future")] == ["f.md"]
    assert [e.target for e in index.search("", recent=["o.md", "f.md"])] == ["o.md", "f.md"]


def test_narrowing_while_typing_gives_the_same_results_as_a_fresh_search():
    entries = [
        Entry(f"Topic number {i} about {w}", NOTE, f"{i}.md", "")
        for i, w in enumerate(["energy", "enzymes", "entropy", "engines"] * 50)
    ]
    typing = SwitcherIndex(entries)
    for prefix in ("e", "en", "ent", "entr"):
        typed = typing.search(prefix)
    fresh = SwitcherIndex(entries).search("entr")
    assert typed == fresh
    assert typing.search("en") == SwitcherIndex(entries).search("en")  # deleting works too


def test_entries_are_kept_shortest_name_first_then_by_name_and_target():
    """Sorted a name length at a time (no single long sort holds the interpreter lock): the
    order is exactly that of one sort by (length, name, target, kind, label)."""
    import random

    from viewer.core.switcher import _normalise

    rng = random.Random(5)
    words = ["ai", "Energy", "the_future", "Model-Trust", "music", "x", "Data Science", "ai"]
    entries = [
        Entry(
            " ".join(rng.sample(words, rng.randint(1, 3))),
            rng.choice([NOTE, FILE, ALIAS, TOPIC]),
            f"{rng.choice('abc')}/{rng.randint(0, 40)}.md",
            "",
        )
        for _ in range(400)
    ]
    expected = sorted(
        entries,
        key=lambda e: (len(_normalise(e.name)), _normalise(e.name), e.target, e.kind, e.label),
    )
    assert SwitcherIndex(entries).entries == expected
