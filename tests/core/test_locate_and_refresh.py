"""Finding a vault from a path, the vault boundary for file links, the tag query, the page
above a note, and what live reload re-reads."""

from __future__ import annotations

import os

from viewer.core.locate import inside_vault, vault_for_path
from viewer.core.refresh import changed_since, files_to_reread
from viewer.core.scan import FileEntry, scan
from viewer.core.tags import notes_with_tag
from viewer.core.tree import parent_page


def test_a_folder_is_a_vault_and_a_note_opens_in_the_nearest_obsidian_vault(tmp_path):
    (tmp_path / ".obsidian").mkdir()
    note = tmp_path / "a" / "b" / "Note.markdown"
    note.parent.mkdir(parents=True)
    note.write_text("# Note", encoding="utf-8")
    assert vault_for_path(tmp_path) == (tmp_path, None)
    assert vault_for_path(note) == (tmp_path, "a/b/Note.markdown")


def test_a_note_without_a_marked_vault_opens_in_its_folder(tmp_path):
    note = tmp_path / "loose.md"
    note.write_text("hi", encoding="utf-8")
    assert vault_for_path(note) == (tmp_path, "loose.md")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    assert vault_for_path(tmp_path / "image.png") is None
    assert vault_for_path(tmp_path / "missing.md") is None


def test_file_links_stay_inside_the_vault(tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "notes.pdf").write_bytes(b"%PDF")
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    os.symlink(secret, vault / "innocent.txt")
    assert inside_vault(vault, vault / "notes.pdf") == (vault / "notes.pdf").resolve()
    assert inside_vault(vault, vault / "innocent.txt") is None
    assert inside_vault(vault, vault / ".." / "secret.txt") is None
    assert inside_vault(vault, vault / "missing.pdf") is None


def test_tags_match_case_insensitively_with_their_nested_tags(sample_vault):
    design = notes_with_tag(sample_vault, "Design")
    assert [path for _title, path in design] == ["library/Design Notes.md"]
    assert notes_with_tag(sample_vault, "design/colour") == design
    assert notes_with_tag(sample_vault, "desig") == []
    assert notes_with_tag(sample_vault, "#") == []


def test_the_page_above_a_note_is_the_nearest_folder_note():
    notes = ["show/show.md", "show/topic.md", "show/season/season.md", "show/season/ep.md"]
    assert parent_page(notes, "show/topic.md") == "show/show.md"
    assert parent_page(notes, "show/season/ep.md") == "show/season/season.md"
    assert parent_page(notes, "show/season/season.md") == "show/show.md"
    assert parent_page(notes, "show/show.md") is None
    assert parent_page(notes, "top.md") is None


def test_a_saved_file_is_reread_alone(tmp_path):
    known = [f"big/{i}.md" for i in range(2000)]
    assert files_to_reread(tmp_path, ["big/7.md"], known) == ["big/7.md"]


def test_a_folder_that_moved_stands_for_its_files_before_and_after(tmp_path):
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "x.md").write_text("x", encoding="utf-8")
    known = ["old/x.md", "old/y.md", "keep.md"]
    paths = files_to_reread(tmp_path, ["old/", "new/", "keep.md", "old/x.md"], known)
    assert paths == ["keep.md", "old/x.md", "old/y.md", "new/x.md"]


def test_a_fresh_listing_shows_what_lost_events_would_have_said(tmp_path):
    (tmp_path / "same.md").write_text("same", encoding="utf-8")
    (tmp_path / "new.md").write_text("new", encoding="utf-8")
    listing = scan(tmp_path)
    same = next(e for e in listing.notes if e.path == "same.md")
    known = {
        "same.md": same,
        "gone.md": FileEntry("gone.md", 1, 1),
        "new.md": FileEntry("new.md", 0, 0),  # changed since
    }
    assert changed_since(known, listing) == ["gone.md", "new.md"]
