"""Bookmarks: order, add/remove/move/rename, persistence per vault, damaged files."""

from __future__ import annotations

import json
import threading

import pytest

from viewer.core.userdirs import config_root
from viewer.session.bookmarks import (
    EPISODE,
    HEADING,
    NOTE,
    SEARCH,
    Bookmark,
    Bookmarks,
    bookmarks_path,
)
from viewer.session.state_files import backup_path

NOTE_MARK = Bookmark(NOTE, "deepcast/future_of_work.md", title="Future of work")
HEADING_MARK = Bookmark(HEADING, "deepcast/future_of_work.md", heading="Automation")
EPISODE_MARK = Bookmark(EPISODE, "dQw4w9WgXcQ")
SEARCH_MARK = Bookmark(SEARCH, 'title:"sleep" memory')


@pytest.fixture
def store(tmp_path) -> Bookmarks:
    return Bookmarks(tmp_path / "state" / "bookmarks.json")


def stored(store: Bookmarks) -> Bookmarks:
    """The list as another window (or the next launch) reads it from disk."""
    return Bookmarks(store.path)


def test_every_kind_round_trips_in_order(store):
    for mark in (NOTE_MARK, HEADING_MARK, EPISODE_MARK, SEARCH_MARK):
        store.add(mark)
    again = stored(store)
    assert again.items == [NOTE_MARK, HEADING_MARK, EPISODE_MARK, SEARCH_MARK]
    assert again[1].heading == "Automation"
    assert store.saved


def test_the_same_place_is_not_bookmarked_twice(store):
    assert store.add(NOTE_MARK) == 0
    assert store.add(EPISODE_MARK) == 1
    assert store.add(Bookmark(NOTE, NOTE_MARK.target, title="another name")) == 0
    assert len(store) == 2
    # A heading of the note is a different place from the note itself.
    assert store.add(HEADING_MARK) == 2


def test_add_at_a_position_and_toggle(store):
    store.add(NOTE_MARK)
    store.add(SEARCH_MARK)
    assert store.add(EPISODE_MARK, index=1) == 1
    assert [b.kind for b in store] == [NOTE, EPISODE, SEARCH]
    assert store.toggle(HEADING_MARK) is True
    assert HEADING_MARK in store
    assert store.toggle(Bookmark(HEADING, HEADING_MARK.target, "Automation", "x")) is False
    assert HEADING_MARK not in store
    assert [b.kind for b in stored(store)] == [NOTE, EPISODE, SEARCH]


def test_remove_move_and_rename_are_saved(store):
    for mark in (NOTE_MARK, HEADING_MARK, EPISODE_MARK, SEARCH_MARK):
        store.add(mark)
    store.move(0, 3)
    assert [b.kind for b in stored(store)] == [HEADING, EPISODE, SEARCH, NOTE]
    store.move(3, -5)  # clamped to the top
    assert [b.kind for b in stored(store)] == [NOTE, HEADING, EPISODE, SEARCH]
    assert store.remove(2) == EPISODE_MARK
    store.rename(0, "  My favourite  ")
    again = stored(store)
    assert [b.kind for b in again] == [NOTE, HEADING, SEARCH]
    assert again[0].title == "My favourite"
    assert again[0].label == "My favourite"
    store.rename(0, "")
    assert stored(store)[0].label == NOTE_MARK.target


def test_label_falls_back_to_the_target_and_heading():
    assert HEADING_MARK.label == "deepcast/future_of_work.md › Automation"
    assert EPISODE_MARK.label == "dQw4w9WgXcQ"


def test_per_vault_file_lives_in_the_config_folder_never_in_the_vault(sample_copy):
    marks = Bookmarks.for_vault(sample_copy)
    before = sorted(p.relative_to(sample_copy) for p in sample_copy.rglob("*"))
    marks.add(NOTE_MARK)
    assert marks.path == bookmarks_path(sample_copy)
    assert marks.path.is_file()
    assert config_root() in marks.path.parents
    assert sorted(p.relative_to(sample_copy) for p in sample_copy.rglob("*")) == before
    assert Bookmarks.for_vault(sample_copy).items == [NOTE_MARK]
    assert Bookmarks.for_vault(sample_copy.parent).items == []  # another vault, another list


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00garbage",
        b"",
        b'["a list, not an object"]',
        b'{"version": 1, "bookmarks": {"not": "a list"}}',
        b"[" * 100_000,
    ],
)
def test_a_damaged_file_starts_empty_and_is_kept_as_a_backup(store, content):
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(content)
    marks = Bookmarks(store.path)
    assert marks.items == []
    assert backup_path(store.path).read_bytes() == content
    marks.add(NOTE_MARK)
    assert stored(marks).items == [NOTE_MARK]
    assert backup_path(store.path).read_bytes() == content  # the save did not touch it


def test_bad_entries_are_dropped_and_the_original_kept(store):
    entries = [
        NOTE_MARK.to_json(),
        {"kind": "note"},
        "text",
        {"kind": "", "target": "x"},
        {"kind": "heading", "target": "a.md", "heading": 3},
        {"kind": "note", "target": "b.md", "title": 7},
        {"kind": "future-kind", "target": "x"},
    ]
    original = json.dumps({"version": 1, "bookmarks": entries}).encode()
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(original)
    marks = Bookmarks(store.path)
    assert marks.items == [NOTE_MARK, Bookmark(NOTE, "b.md"), Bookmark("future-kind", "x")]
    assert backup_path(store.path).read_bytes() == original
    assert Bookmarks(store.path).items == marks.items  # still readable before the next save


def test_a_newer_version_is_read_and_kept_as_a_backup(store):
    original = json.dumps({"version": 99, "bookmarks": [SEARCH_MARK.to_json()], "x": 1})
    store.path.parent.mkdir(parents=True)
    store.path.write_text(original)
    assert Bookmarks(store.path).items == [SEARCH_MARK]
    assert backup_path(store.path).read_text() == original


def test_hostile_targets_round_trip_exactly(store):
    hostile = [
        Bookmark(NOTE, "bad\udcffname.md"),  # a file name that is not valid UTF-8
        Bookmark(NOTE, "line\nbreak/\u202eevil.md", title="<script>alert(1)</script>"),
        Bookmark(SEARCH, '"quoted" \\ back\\slash \x00 nul'),
        Bookmark(HEADING, "ünïcödé/笔记.md", heading="🙂 " * 500),
    ]
    for mark in hostile:
        store.add(mark)
    assert stored(store).items == hostile


def test_an_unwritable_folder_keeps_the_list_in_memory(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the config folder should be")
    marks = Bookmarks(blocker / "state" / "bookmarks.json")
    assert marks.add(NOTE_MARK) == 0
    assert marks.saved is False
    assert marks.items == [NOTE_MARK]


def test_concurrent_saves_never_leave_a_partial_file(store):
    store.add(NOTE_MARK)
    errors: list[BaseException] = []

    def churn(seed: int) -> None:
        marks = Bookmarks(store.path)
        try:
            for round_ in range(40):
                marks.add(Bookmark(SEARCH, f"query {seed} {round_}"))
                reread = Bookmarks(store.path)  # must always parse
                assert not backup_path(store.path).exists()
                assert len(reread) >= 1
        except BaseException as error:  # reported to the main thread below
            errors.append(error)

    threads = [threading.Thread(target=churn, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert not [p for p in store.path.parent.iterdir() if p.name.startswith(".bookmarks")]


def test_pages_and_headings_map_to_bookmarks_and_back():
    from viewer.session.bookmarks import TAG, TOPIC, bookmark_for, heading_bookmark, location_of
    from viewer.session.location import Location, message

    for kind, bookmark_kind in (
        ("note", NOTE),
        ("episode", EPISODE),
        ("topic", TOPIC),
        ("tag", TAG),
    ):
        mark = bookmark_for(Location(kind, "a/key.md", anchor="x", scroll=40), "Title")
        assert mark == Bookmark(bookmark_kind, "a/key.md", title="Title")
        assert location_of(mark) == Location(kind, "a/key.md")  # the page, from its top
    assert bookmark_for(message("Oops", "text")) is None
    assert bookmark_for(Location("welcome")) is None
    assert bookmark_for(None) is None
    heading = heading_bookmark("a/key.md", "Tasks, not jobs")
    assert location_of(heading) == Location("note", "a/key.md", anchor="tasks-not-jobs")
    assert location_of(SEARCH_MARK) is None
    assert location_of(Bookmark("from-a-newer-version", "x")) is None
