"""The one note-file rule: `.md` and `.markdown` are notes everywhere, named the same way."""

from __future__ import annotations

import pytest

from viewer.core.names import (
    file_name,
    is_note_name,
    note_suffix,
    stem_of,
    strip_note_suffix,
)
from viewer.core.scan import scan
from viewer.core.switcher import SwitcherIndex
from viewer.core.vault import Vault


@pytest.mark.parametrize(
    ("path", "note", "stem"),
    [
        ("Other.md", True, "Other"),
        ("a/b/Other.markdown", True, "Other"),
        ("a/Other.MD", True, "Other"),
        ("a/Other.Markdown", True, "Other"),
        ("a/picture.png", False, "picture.png"),
        ("a/notes.md.txt", False, "notes.md.txt"),
        ("a/x.mdown", False, "x.mdown"),
        ("plain", False, "plain"),
    ],
)
def test_which_files_are_notes_and_their_stems(path, note, stem):
    assert is_note_name(path) is note
    assert stem_of(path) == stem
    assert bool(note_suffix(path)) is note


def test_path_helpers():
    assert file_name("a/b/c.md") == "c.md"
    assert file_name("c.md") == "c.md"
    assert file_name("a/b/") == ""
    assert strip_note_suffix("a/b/Other.markdown") == "a/b/Other"
    assert strip_note_suffix("a/b/Other.png") == "a/b/Other.png"


def test_markdown_extension_is_a_note_everywhere(make_vault):
    root = make_vault(
        {
            "Other.markdown": "# Other\n",
            "deep/Far.MD": "far away\n",
            "src.md": "[[Other]] [[Other.markdown]] [[Far]] [link](Other.markdown)\n",
        }
    )
    assert [entry.path for entry in scan(root).notes] == ["Other.markdown", "deep/Far.MD", "src.md"]
    vault = Vault.load(root, workers=1)
    assert vault.notes["Other.markdown"].title == "Other"
    assert vault.notes["deep/Far.MD"].title == "Far"
    resolved = [target for _, target in vault.resolved_links("src.md")]
    assert resolved == ["Other.markdown", "Other.markdown", "deep/Far.MD", "Other.markdown"]
    assert vault.find("Other") == "Other.markdown"
    assert vault.find("deep/Far") == "deep/Far.MD"
    assert not vault.topics()
    switcher = SwitcherIndex.from_vault(vault)
    assert switcher.search("other")[0].target == "Other.markdown"
