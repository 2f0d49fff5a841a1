"""Page kinds, locations and back/forward history."""

from __future__ import annotations

from viewer.core.tree import EPISODE, NOTE, TAG, TOPIC
from viewer.session.history import History
from viewer.session.location import (
    EPISODE_PAGE,
    KINDS,
    MESSAGE_PAGE,
    NOTE_PAGE,
    TAG_PAGE,
    TOPIC_PAGE,
    Location,
    kind_of,
    message,
)


def test_every_page_kind_says_where_it_sits_and_what_follows_it():
    assert kind_of(Location(NOTE_PAGE, "a.md")).tree_kind == NOTE
    assert kind_of(Location(TOPIC_PAGE, "Elon Musk")).tree_kind == TOPIC
    assert kind_of(Location(TAG_PAGE, "design")).tree_kind == TAG
    assert kind_of(Location(EPISODE_PAGE, "abc")).tree_kind == EPISODE
    note, topic = KINDS[NOTE_PAGE], KINDS[TOPIC_PAGE]
    assert note.mentions_label == "Linked mentions" and note.unlinked and note.remembered
    assert topic.mentions_label == "Mentions" and not topic.unlinked and not topic.remembered
    assert KINDS[EPISODE_PAGE].citations and KINDS[NOTE_PAGE].citations
    assert not KINDS[TAG_PAGE].citations and KINDS[TAG_PAGE].mentions_label is None


def test_unknown_kinds_and_no_location_behave_as_messages():
    assert kind_of(None).name == MESSAGE_PAGE
    assert kind_of(Location("no-such-kind", "x")).name == MESSAGE_PAGE
    assert not kind_of(message("Oops", "It broke")).follows_vault


def test_a_message_carries_its_title_and_text():
    page = message("Vault not found", "The folder is gone.")
    assert (page.kind, page.key, page.text) == (
        MESSAGE_PAGE,
        "Vault not found",
        "The folder is gone.",
    )


def test_at_scroll_keeps_the_page_and_drops_where_to_look():
    place = Location(NOTE_PAGE, "a.md", anchor="h", line=3, highlight="x")
    moved = place.at_scroll(120)
    assert moved.same_page(place) and moved.scroll == 120
    assert (moved.anchor, moved.line, moved.highlight) == (None, None, None)


def test_history_goes_back_and_forward_and_drops_the_forward_branch():
    history = History()
    for key in ("a.md", "b.md", "c.md"):
        history.push(Location(NOTE_PAGE, key))
    assert history.back().key == "b.md" and history.back().key == "a.md"
    assert history.back() is None and not history.can_back()
    assert history.forward().key == "b.md"
    history.push(Location(NOTE_PAGE, "d.md"))
    assert not history.can_forward() and len(history) == 3
    assert [entry.key for entry in history.entries()[0]] == ["a.md", "b.md", "d.md"]


def test_history_skips_repeats_and_message_pages_and_remembers_scroll():
    history = History()
    history.push(Location(NOTE_PAGE, "a.md"))
    history.push(Location(NOTE_PAGE, "a.md"))
    history.push(message("About", "Version 1"))
    assert len(history) == 1
    history.remember_scroll(300)
    assert history.current.scroll == 300


def test_history_is_bounded_and_restores():
    history = History()
    for index in range(History.LIMIT + 20):
        history.push(Location(NOTE_PAGE, f"{index}.md"))
    assert len(history) == History.LIMIT
    assert history.current.key == f"{History.LIMIT + 19}.md"
    other = History()
    other.restore([Location(NOTE_PAGE, "x.md"), message("m", "t"), Location(NOTE_PAGE, "y.md")], 1)
    assert [e.key for e in other.entries()[0]] == ["x.md", "y.md"]
    assert other.current.key == "y.md"
