"""Scanning a folder: what counts as the vault, and odd file systems never stop it."""

from __future__ import annotations

import os

import pytest

from viewer.core.names import is_note_name
from viewer.core.scan import is_hidden_path, scan
from viewer.core.vault import Vault


def paths(entries) -> list[str]:
    return [entry.path for entry in entries]


def test_sample_vault_listing(sample_vault_path):
    listing = scan(sample_vault_path)
    assert len(listing.notes) == 29
    assert paths(listing.attachments) == ["assets/diagram.png", "assets/waveform.png"]
    assert listing.problems == []
    assert all(not p.startswith(".obsidian") for p in paths(listing.notes + listing.attachments))
    assert paths(listing.notes) == sorted(paths(listing.notes))
    note = next(e for e in listing.notes if e.path == "Welcome.md")
    assert note.size == (sample_vault_path / "Welcome.md").stat().st_size
    assert note.mtime_ns == (sample_vault_path / "Welcome.md").stat().st_mtime_ns


def test_dot_folders_and_dot_files_are_skipped(make_vault):
    root = make_vault(
        {
            "note.md": "[[hidden]]",
            ".obsidian/workspace.md": "x",
            ".git/HEAD.md": "x",
            ".trash/deleted.md": "x",
            ".anything/else.md": "x",
            "sub/.hidden-note.md": "x",
            "sub/.cache/deep.md": "x",
            "sub/visible.markdown": "x",
            "sub/picture.png": b"\x89PNG",
        }
    )
    listing = scan(root)
    assert paths(listing.notes) == ["note.md", "sub/visible.markdown"]
    assert paths(listing.attachments) == ["sub/picture.png"]
    assert is_hidden_path(".obsidian/app.json")
    assert is_hidden_path("a/.trash/x.md")
    assert not is_hidden_path("a/b.c/x.md")
    assert is_note_name("X.MD") and is_note_name("y.markdown") and not is_note_name("z.txt")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_symlink_loops_are_not_followed_and_dangling_links_are_reported(make_vault):
    root = make_vault({"a/note.md": "[[b]]", "b.md": "x"})
    os.symlink(root, root / "a" / "loop")  # a/loop -> the vault itself
    os.symlink(root / "a", root / "a" / "self")  # a/self -> a
    os.symlink(root / "missing.md", root / "dangling.md")
    os.symlink(root / "nowhere", root / "a" / "dangling-folder")
    listing = scan(root)
    assert paths(listing.notes) == ["a/note.md", "b.md"]
    problems = sorted(listing.problems)
    assert problems == [
        ("a/dangling-folder", "dangling-symlink", "link target does not exist"),
        ("a/loop", "symlink-loop", "folder already visited"),
        ("a/self", "symlink-loop", "folder already visited"),
        ("dangling.md", "dangling-symlink", "link target does not exist"),
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_a_symlinked_folder_is_followed_once(make_vault, tmp_path):
    outside = tmp_path / "elsewhere"
    (outside / "inner").mkdir(parents=True)
    (outside / "inner" / "shared.md").write_text("[[note]]", encoding="utf-8")
    root = make_vault({"note.md": "x"})
    os.symlink(outside, root / "linked")
    os.symlink(outside, root / "linked-again")
    listing = scan(root)
    notes = paths(listing.notes)
    assert "note.md" in notes
    # The same real folder under two names is indexed once; the second is a loop problem.
    shared = [p for p in notes if p.endswith("inner/shared.md")]
    assert len(shared) == 1
    assert [kind for _, kind, _ in listing.problems] == ["symlink-loop"]


def test_missing_root_raises(tmp_path):
    with pytest.raises(OSError):
        scan(tmp_path / "absent")
    with pytest.raises(OSError):
        Vault.load(tmp_path / "absent", workers=1)
