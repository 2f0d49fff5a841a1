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
    listing = scan(root, allow_outside=True)
    notes = paths(listing.notes)
    assert "note.md" in notes
    # The same real folder under two names is indexed once; the second is a loop problem.
    shared = [p for p in notes if p.endswith("inner/shared.md")]
    assert len(shared) == 1
    kinds = sorted(kind for _, kind, _ in listing.problems)
    assert kinds == ["outside-link", "outside-link", "symlink-loop"]


def test_missing_root_raises(tmp_path):
    with pytest.raises(OSError):
        scan(tmp_path / "absent")
    with pytest.raises(OSError):
        Vault.load(tmp_path / "absent", workers=1)


needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")


@pytest.fixture
def bordered(make_vault, tmp_path):
    """A vault with symlinks out of it (a file, a folder, the file system root, a folder
    holding the vault), symlinks within it, and FIFOs."""
    secret = tmp_path / "outside"
    (secret / "deep").mkdir(parents=True)
    (secret / "secret.md").write_text("password: hunter2", encoding="utf-8")
    (secret / "deep" / "more.md").write_text("more secrets", encoding="utf-8")
    root = make_vault({"note.md": "[[secret]] [[more]]", "inner/kept.md": "x"})
    os.symlink(secret / "secret.md", root / "secret.md")
    os.symlink(secret, root / "linked-folder")
    os.symlink("/", root / "everything")
    os.symlink(tmp_path, root / "above")
    os.symlink("../inner/kept.md", root / "inner" / "again.md")  # inside, via ..
    os.symlink(root / "inner", root / "inner-alias")
    os.mkfifo(root / "pipe.md")
    os.symlink(root / "pipe.md", root / "to-pipe.md")
    return root


@needs_symlinks
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_symlinks_out_of_the_vault_are_not_followed(bordered):
    listing = scan(bordered)
    notes = paths(listing.notes)
    assert "note.md" in notes and not any("secret" in p or "more" in p for p in notes)
    # `inner` is read once, under whichever of its two names the walk meets first.
    assert sorted(p.split("/", 1)[1] for p in notes if "/" in p) == ["again.md", "kept.md"]
    kinds = {path: kind for path, kind, _ in listing.problems}
    assert kinds["secret.md"] == "outside-link"
    assert kinds["linked-folder"] == "outside-link"
    assert kinds["everything"] == "outside-link"
    assert kinds["above"] == "outside-link"
    assert kinds["pipe.md"] == "not-a-file"
    assert kinds["to-pipe.md"] == "not-a-file"  # a FIFO, not a dangling link
    vault = Vault.load(bordered)
    assert "secret.md" not in vault.notes
    assert vault.topic("secret") is not None  # the link names a topic, not the outside file


@needs_symlinks
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_allowed_outside_links_are_read_but_never_crawl_everything(bordered):
    import time

    started = time.perf_counter()
    listing = scan(bordered, allow_outside=True)
    assert time.perf_counter() - started < 5  # `everything` -> / is not walked
    notes = paths(listing.notes)
    assert "secret.md" in notes and "linked-folder/deep/more.md" in notes
    details = {path: detail for path, kind, detail in listing.problems if kind == "outside-link"}
    assert details["secret.md"].endswith("; read")
    assert details["everything"].endswith("not walked")
    assert details["above"].endswith("not walked")


@needs_symlinks
def test_live_changes_keep_to_the_boundary(bordered):
    from viewer.core.vault import read_change

    assert read_change(bordered, "secret.md").entry is None
    assert read_change(bordered, "secret.md", allow_outside=True).entry is not None
    assert read_change(bordered, "inner/again.md").entry is not None


@needs_symlinks
def test_the_command_line_lists_and_can_allow_outside_links(bordered, capsys):
    import json

    from viewer.cli import main

    assert main(["doctor", str(bordered), "--json", "--no-cache"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {p["path"] for p in report["problems"] if p["kind"] == "outside-link"} >= {
        "secret.md",
        "linked-folder",
        "everything",
    }
    assert main(["show", str(bordered), "secret.md", "--no-cache", "--allow-outside-links"]) == 0
    out, err = capsys.readouterr()
    assert "secret.md" in out and "outside" in err
    assert main(["show", str(bordered), "secret.md", "--no-cache"]) == 0
    assert "no note" in capsys.readouterr().out  # only the topic the link names
