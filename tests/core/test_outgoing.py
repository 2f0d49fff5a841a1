"""Outgoing links grouped (notes, topics with mention counts, URLs, attachments) and the names
of other notes a note mentions without linking them."""

from __future__ import annotations

import pytest

from viewer.core.outgoing import (
    ATTACHMENT,
    NOTE,
    TOPIC,
    URL,
    NameIndex,
    OutgoingTarget,
    name_index,
    name_tokens,
    outgoing_links,
    unlinked_outgoing,
)
from viewer.core.parse import ParsedNote
from viewer.core.vault import Vault

HUB = """---
title: Hub Note
aliases: [The Hub]
---
# Heading

Links: [[Elon Musk]] and [[elon musk|Elon]] again, [[Ghost Topic]] and [[Another Ghost]].
Pictures: ![[pic.png]] and ![[missing.png]]; [[#Heading]] and [[hub]] stay inside.
See [the docs](https://example.com/docs) and <https://auto.example/x>, also
https://en.wikipedia.org/wiki/Sleep_(journal). A [[Ghost Topic]] once more.
`https://in-code.example` is code, [mail](mailto:someone@example.org) is not.

```
https://fenced.example and Tesla Autopilot in a fence
```

I read about sleep and memory consolidation today, and tesla  autopilot! Also Ada.
Elon Musk again, unlinked this time (but linked above). AI is too short to count.
Dr. Jane Doe spoke, then Jane Doe did not: the name is the whole "Dr. Jane Doe".
Tesla Autopilot twice. <span title="Ada">no names in tags</span> [[Other|Ada]].
"""

FILES = {
    "notes/hub.md": HUB,
    "people/Elon Musk.md": "Elon.",
    "people/jane.md": "---\ntitle: Dr. Jane Doe\n---\nJane.",
    "topics/sleep_and_memory_consolidation.md": "Sleep.",
    "cars/autopilot.md": "---\ntitle: Tesla Autopilot\naliases: [TAP]\n---\nCars.",
    "x/ada.md": "---\ntitle: Ada\n---\n",
    "x/ai.md": "---\ntitle: AI\n---\n",
    "x/other.md": "Other, linking [[Ghost Topic]] and [[ghost_topic]].",
    "assets/pic.png": b"\x89PNG",
}


@pytest.fixture
def vault(make_vault) -> Vault:
    return Vault.load(make_vault(FILES))


def test_links_grouped_with_lines_in_reading_order(vault):
    links = outgoing_links(vault, "notes/hub.md")
    assert links.notes == (
        OutgoingTarget(NOTE, "people/Elon Musk.md", "Elon Musk", (7, 7)),
        OutgoingTarget(NOTE, "x/other.md", "other", (20,)),
    )
    assert links.topics == (
        OutgoingTarget(TOPIC, "Ghost Topic", "Ghost Topic", (7, 10), mentions=4),
        OutgoingTarget(TOPIC, "Another Ghost", "Another Ghost", (7,), mentions=1),
    )
    assert {u.kind for u in links.urls} == {URL}
    assert [(u.target, u.label, u.line) for u in links.urls] == [
        ("https://example.com/docs", "the docs", 9),
        ("https://auto.example/x", "https://auto.example/x", 9),
        (
            "https://en.wikipedia.org/wiki/Sleep_(journal)",
            "https://en.wikipedia.org/wiki/Sleep_(journal)",
            10,
        ),
        ("mailto:someone@example.org", "mail", 11),
    ]
    assert links.attachments == (
        OutgoingTarget(ATTACHMENT, "assets/pic.png", "pic.png", (8,)),
        OutgoingTarget(ATTACHMENT, "missing.png", "missing.png", (8,), missing=True),
    )
    assert len(links) == 10
    assert links.topics[0].line == 7


def test_unlinked_names_of_other_notes(vault):
    found = unlinked_outgoing(vault, "notes/hub.md")
    assert [(u.path, u.matched, u.line, u.count) for u in found] == [
        ("topics/sleep_and_memory_consolidation.md", "sleep and memory consolidation", 17, 1),
        ("cars/autopilot.md", "tesla  autopilot", 17, 2),
        ("x/ada.md", "Ada", 17, 1),
        ("people/jane.md", "Dr. Jane Doe", 19, 2),
    ]
    assert found[1].title == "Tesla Autopilot"
    # Left out: linked notes (Elon Musk, Other), names in code, links and tags, names under
    # three characters ("AI"), the note's own names, and words that only start a name.


def test_unlinked_names_stop_once_no_longer_wanted(make_vault, monkeypatch):
    from viewer.core import stopping

    monkeypatch.setattr(stopping, "CHECK_EVERY", 5)
    lines = "\n\n".join(f"Paragraph {i} names Alpha Beta here." for i in range(50))
    vault = Vault.load(make_vault({"alpha beta.md": "x\n", "long.md": lines + "\n"}))
    assert len(unlinked_outgoing(vault, "long.md")) == 1
    with pytest.raises(InterruptedError):
        unlinked_outgoing(vault, "long.md", cancelled=lambda: True)


def test_a_name_shared_by_notes_goes_where_a_link_would(make_vault):
    vault = Vault.load(
        make_vault(
            {
                "a/future_of_work.md": "Here, the future of work.",
                "b/future_of_work.md": "Elsewhere.",
                "a/reader.md": "On the future of work.",
                "b/reader.md": "On the Future of Work.",
            }
        )
    )
    assert [u.path for u in unlinked_outgoing(vault, "a/reader.md")] == ["a/future_of_work.md"]
    assert [u.path for u in unlinked_outgoing(vault, "b/reader.md")] == ["b/future_of_work.md"]
    assert unlinked_outgoing(vault, "a/future_of_work.md") == []  # its own name


def test_names_fold_case_unicode_and_separators():
    assert name_tokens("Sleep_and-Memory  CONSOLIDATION") == (
        "sleep",
        "and",
        "memory",
        "consolidation",
    )
    assert name_tokens("Straße & Café") == ("strasse", "&", "café")
    assert name_tokens("Cafe\u0301") == name_tokens("Café")  # NFC: one spelling
    index = NameIndex(Vault("/nonexistent", [ParsedNote("c.md", "Café Culture")]))
    text = "A CAFE\u0301  culture, written decomposed."
    assert [text[s:e] for _, s, e in index.find(text)] == ["CAFE\u0301  culture"]


def test_longest_name_wins_and_names_never_overlap():
    notes = [
        ParsedNote("a.md", "New York"),
        ParsedNote("b.md", "New York City"),
        ParsedNote("c.md", "City Hall"),
        ParsedNote("d.md", "York"),
    ]
    index = NameIndex(Vault("/nonexistent", notes))
    text = "From New York City Hall to York."
    assert [(name, text[s:e]) for name, s, e in index.find(text)] == [
        (("new", "york", "city"), "New York City"),
        (("york",), "York"),
    ]


def test_twenty_one_thousand_titles_in_a_long_note():
    titles = [f"Topic {i} of the {['red', 'blue', 'green'][i % 3]} series" for i in range(21_000)]
    notes = [ParsedNote(f"c/t{i}.md", title) for i, title in enumerate(titles)]
    vault = Vault("/nonexistent", notes)
    index = NameIndex(vault)
    assert len(index) == 21_000
    text = " ".join(
        f"We discussed topic {i} of the blue series, then moved on." for i in range(1, 3000, 3)
    )
    found = index.find(text)
    assert len(found) == 1000
    assert found[0][0] == ("topic", "1", "of", "the", "blue", "series")


def test_the_index_is_rebuilt_after_a_change(vault):
    first = name_index(vault)
    assert name_index(vault) is first
    vault.upsert(ParsedNote("x/new.md", "Brand New Name"))
    assert name_index(vault) is not first
    assert len(name_index(vault)) == len(first) + 1


@pytest.mark.parametrize(
    "body",
    [
        "[" * 200_000,
        "[[" * 100_000 + "Ada",
        "<" * 200_000 + " Ada",
        "](" * 100_000,
        "`" * 100_001 + " Ada",
        "https://" * 50_000,
        "https://x.org/" + "(" * 100_000,
        "Ada " * 50_000,
    ],
)
def test_hostile_notes_are_read_in_linear_time(make_vault, body):
    vault = Vault.load(make_vault({"n.md": body, "ada.md": "---\ntitle: Ada\n---\n"}))
    outgoing_links(vault, "n.md")
    found = unlinked_outgoing(vault, "n.md")
    assert all(u.path == "ada.md" for u in found)


def test_empty_and_binary_notes(make_vault):
    vault = Vault.load(make_vault({"empty.md": "", "binary.md": b"\x00\x01\x02", "x.md": "x"}))
    for path in ("empty.md", "binary.md"):
        assert len(outgoing_links(vault, path)) == 0
        assert unlinked_outgoing(vault, path) == []


def test_names_are_looked_for_in_the_first_megabyte_of_a_note(make_vault):
    """A hostile 10 MB note kept a worker, and through the interpreter the window, busy for
    seconds: names past UNLINKED_SCAN_CHARS are not looked for."""
    from viewer.core.outgoing import UNLINKED_SCAN_CHARS

    padding = "word " * (UNLINKED_SCAN_CHARS // 5)
    vault = Vault.load(
        make_vault(
            {
                "early.md": "Early Bird",
                "late.md": "Late Comer",
                "long.md": f"Early Bird flies.\n\n{padding}\n\nLate Comer arrives.\n",
            }
        )
    )
    assert [u.path for u in unlinked_outgoing(vault, "long.md")] == ["early.md"]


def test_callers_that_arrive_during_a_build_share_it(sample_vault, monkeypatch):
    """Note switches right after a reopen each asked for the name index while the first
    build ran, and each built its own (on 100,000 notes: seconds and hundreds of MB each)."""
    import threading
    import time
    import weakref

    from viewer.core import outgoing

    builds: list[int] = []
    release = threading.Event()
    arrived: list[str] = []
    real_init, real_current = outgoing.NameIndex.__init__, outgoing._current

    def slow_init(self, vault) -> None:
        builds.append(1)
        release.wait(10)
        real_init(self, vault)

    def counting_current(vault):
        arrived.append(threading.current_thread().name)
        return real_current(vault)

    monkeypatch.setattr(outgoing, "_indexes", weakref.WeakKeyDictionary())  # none built yet
    monkeypatch.setattr(outgoing.NameIndex, "__init__", slow_init)
    monkeypatch.setattr(outgoing, "_current", counting_current)
    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(outgoing.name_index(sample_vault)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while len(set(arrived)) < 4 and time.monotonic() < deadline:  # every caller is waiting
        time.sleep(0.01)
    release.set()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert len(results) == 4 and all(index is results[0] for index in results)


def test_names_in_a_long_note_are_found_a_line_at_a_time(make_vault):
    """No name crosses a line: the tokens of a 1 MB note are not listed all at once (they
    were 25-34 MB of a worker's memory, freed a moment later)."""
    import tracemalloc

    line = "plain words about Early Bird and nothing else of note here\n"
    text = line * (1_000_000 // len(line))
    vault = Vault.load(make_vault({"early.md": "Early Bird", "long.md": text}))
    index = name_index(vault)
    tracemalloc.start()
    try:
        found = index.find(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(found) == text.count("Early Bird")
    assert peak < 8_000_000  # the text's lower-case copy and the names found, not every token
