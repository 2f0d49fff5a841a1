"""The rules a reading session follows: mention rows, the first note, where a timestamp goes,
the trees of each mode."""

from __future__ import annotations

from viewer.core.player import BROWSER, COMMAND, PlayerConfig, open_target
from viewer.core.tree import EPISODE, FOLDER, TAG, TOPIC
from viewer.session.location import NOTE_PAGE, TOPIC_PAGE, Location
from viewer.session.mentions import mention_rows, unlinked_rows
from viewer.session.start import first_note, first_note_needs_names
from viewer.session.timestamps import timestamp_link
from viewer.session.trees import FOLDERS, TAGS, VIDEOS, mode_tree

FUTURE = "deepcast/future_of_work.md"


def test_mention_rows_of_a_note_are_in_reading_order_with_their_sentence(sample_vault):
    rows = mention_rows(sample_vault, Location(NOTE_PAGE, FUTURE))
    assert rows and all(row.context for row in rows)
    assert [(r.source, r.line) for r in rows] == sorted((r.source, r.line) for r in rows)
    assert {r.source for r in rows} == set(sample_vault.linking_notes(FUTURE))
    # A file-name link reads as the note's title, which is what the row marks.
    assert all(row.needle for row in rows)


def test_mention_rows_of_a_topic_list_every_mention(sample_vault):
    rows = mention_rows(sample_vault, Location(TOPIC_PAGE, "Ada Moreno"))
    topic = sample_vault.topic("Ada Moreno")
    assert topic is not None and len(rows) == topic.mentions
    assert all(row.terms == ("Ada Moreno",) or row.needle for row in rows)


def test_unlinked_rows_are_found_on_demand(sample_vault):
    assert unlinked_rows(sample_vault, "no-such-note.md") == []
    rows = unlinked_rows(sample_vault, FUTURE)
    assert all(row.source != FUTURE for row in rows)


def test_the_first_note_is_the_one_asked_for_then_the_last_then_a_front_page(sample_vault):
    assert first_note(sample_vault, "Design Notes", None) == ("library/Design Notes.md", "")
    note, notice = first_note(sample_vault, "Nothing Like This", FUTURE)
    assert note == FUTURE and "Nothing Like This" in notice
    assert first_note(sample_vault, None, "gone.md") == ("Welcome.md", "")
    assert first_note(sample_vault, None, None) == ("Welcome.md", "")


def test_the_first_note_needs_the_names_only_when_no_path_answers(sample_vault):
    assert not first_note_needs_names(sample_vault, "library/Design Notes", None)
    assert not first_note_needs_names(sample_vault, None, FUTURE)
    assert first_note_needs_names(sample_vault, "Design Notes", FUTURE)  # a name, not a path
    assert first_note_needs_names(sample_vault, None, "gone.md")  # then a front page by name
    assert first_note_needs_names(sample_vault, None, None)


def test_a_timestamp_goes_where_the_player_is_set(monkeypatch):
    youtube = PlayerConfig(BROWSER, "https://youtu.be/{id}?t={seconds}", "")
    assert timestamp_link(youtube, "Lr8uT1eXo5D", 61) == "https://youtu.be/Lr8uT1eXo5D?t=61"
    assert open_target(youtube, "Lr8uT1eXo5D", 61) == "https://youtu.be/Lr8uT1eXo5D?t=61"
    broken = PlayerConfig(BROWSER, "not a template", "")
    assert timestamp_link(broken, "Lr8uT1eXo5D", 5).startswith("https://www.youtube.com/watch?v=")
    monkeypatch.setattr("viewer.core.player.find_program", lambda name: f"/usr/bin/{name}")
    mpv = PlayerConfig(COMMAND, "", "mpv --start={seconds} https://youtu.be/{id}")
    assert open_target(mpv, "Lr8uT1eXo5D", 61) == (
        "runs /usr/bin/mpv --start=61 https://youtu.be/Lr8uT1eXo5D"
    )
    # A command line is no link: the shared link is YouTube's.
    assert timestamp_link(mpv, "Lr8uT1eXo5D", 61).startswith("https://www.youtube.com/")


def test_each_mode_has_its_tree(sample_vault):
    folders = mode_tree(sample_vault, FOLDERS)
    assert any(node.kind == TOPIC for node in folders.walk())
    videos = mode_tree(sample_vault, VIDEOS)
    assert any(node.kind == EPISODE for node in videos.walk())
    tags = mode_tree(sample_vault, TAGS)
    assert any(node.kind == TAG and node.key == "design" for node in tags.walk())
    early = mode_tree(None, FOLDERS, {"a/b.md": "b"})
    assert [child.kind for child in early.children] == [FOLDER]
    assert mode_tree(None, VIDEOS).children == []
