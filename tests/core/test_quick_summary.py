"""The index's summaries without a full parse (the quick one over bytes, the code-aware one)
must agree exactly with the full parse they stand in for: link targets in the same order
(backlinks refer to links by index), same counts, names and link flags."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.parse import parse_note
from viewer.core.record import (
    NoteInfo,
    code_aware_summary,
    quick_summary,
    read_note_info,
    summary,
)
from viewer.core.report import doctor
from viewer.core.vault import Vault

PIECES = [
    "[[a]]",
    "[[b | B]]",
    "[[c#h]]",
    "![[d]]",
    "[[#self]]",
    "[[ | x]]",
    "[[e\\|f]]",
    '<a class="yt-timestamp" data-t="01:02:03">[01:02:03]</a>',
    '<a class="yt-timestamp" data-t="41:50">[41:50]</a>',
    '<a class="yt-timestamp" data-t="N/A">[N/A]</a>',
    '<a data-t="1:00" class="yt-timestamp">x</a>',
    "#tag",
    " #a/b ",
    "#123",
    "`code [[z]]`",
    "```\n[[q]]\n```",
    "[md](m.md)",
    "\n",
    " ",
    "---\ntitle: T\n---\n",
    "word",
    "\r\n",
    "> [!info] x\n> - [[g]]\n",
    "~~~",
    "\x00",
    "é",
    "[[日本]]",
    "[a [b](x.md)](y.md)",
    "![img](pic.png)",
    "![[e.md#h]]",
    "[v](https://youtu.be/abcdefghijk)",
    '`<a class="yt-timestamp" data-t="00:00:01">[00:00:01]</a>`',
    "[[x#^block]]",
    "\xff",
    "[`",
]


def assert_agrees(path: str, data: bytes) -> None:
    full = summary(parse_note(path, data))
    quick = quick_summary(path, data)
    if quick is not None:
        assert quick == full
    aware = code_aware_summary(path, data)
    if aware is not None:
        assert aware == full


@given(st.lists(st.sampled_from(PIECES), max_size=30))
@settings(max_examples=800, deadline=None)
def test_quick_summary_agrees_with_the_full_parse(pieces):
    assert_agrees("folder/note.md", "".join(pieces).encode("utf-8"))


def test_every_sample_note_agrees(sample_vault_path):
    quick = 0
    for file in sorted(sample_vault_path.rglob("*.md")):
        data = file.read_bytes()
        path = file.relative_to(sample_vault_path).as_posix()
        assert_agrees(path, data)
        quick += quick_summary(path, data) is not None
    assert quick >= 15  # most topic notes take the quick path


def test_every_shared_note_agrees(shared_vault_path):
    for file in sorted(shared_vault_path.rglob("*.md")):
        assert_agrees(file.relative_to(shared_vault_path).as_posix(), file.read_bytes())


@pytest.mark.parametrize(
    ("text", "full"),
    [
        ("```markdown\n[[a]]\n```", False),
        ("[x](y.md) [[a]]", False),
        ("plain", False),
        ('<a data-t="1:00" class="yt-timestamp">x</a>', True),
        ("", True),
    ],
)
def test_the_full_parse_is_used_only_when_needed(text, full):
    _fields, packed = read_note_info("n.md", text.encode())
    assert (packed != b"") == full


def test_a_summarised_note_parses_its_file_when_details_are_asked(tmp_path: Path):
    (tmp_path / "n.md").write_text("Intro [[a | A]] and [[b]].\n## Head\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    fields, packed = read_note_info("n.md", (tmp_path / "n.md").read_bytes())
    assert packed == b""
    vault = Vault(tmp_path, [NoteInfo(fields, packed), NoteInfo(*read_note_info("a.md", b"x"))])
    note = vault.notes["n.md"]
    assert [link.alias for link in note.links] == ["A", None]
    assert [h.text for h in note.headings] == ["Head"]
    assert vault.backlinks("a.md")[0].link.line == 1


def test_a_note_stored_and_restored_keeps_its_summary_without_copies(tmp_path: Path):
    import marshal

    from viewer.core.record import NoteInfo

    (tmp_path / "a.md").write_text(
        "---\naliases: [Ay]\ntags: [x]\nvideoId: abcdefghijk\n---\n"
        "[[b#Part]] ![[pic.png]] [[c]] ![[gone.md]]\n"
        '<a class="yt-timestamp" data-t="00:01:02">[00:01:02]</a> '
        '<a class="yt-timestamp" data-t="N/A">[N/A]</a>\n',
        encoding="utf-8",
    )
    (tmp_path / "plain.md").write_text("Nothing to say.\n", encoding="utf-8")
    vault = Vault.load(tmp_path, workers=1)
    for note in vault.notes.values():
        stored = marshal.loads(marshal.dumps(note.fields()))
        again = NoteInfo(stored, b"")
        assert again.fields() == note.fields()
        for name in ("aliases", "tags", "problems", "video_links", "link_flags", "title"):
            assert getattr(again, name) == getattr(note, name), name
    # A snapshot makes no containers of its own for what a note lacks (most notes lack most).
    plain = vault.notes["plain.md"].fields()
    assert all(part == () for part in (plain[2], plain[3], plain[8], plain[12], plain[13]))
    assert vault.notes["a.md"].fields()[2] is vault.notes["a.md"].aliases


def test_passes_over_every_note_leave_no_split_targets_behind(tmp_path: Path):
    # Linking, the link-key index, ranking topics and `doctor` read every note's targets;
    # kept on the notes they cost 18 MB on 21,273 notes that no reader asked for.
    for i in range(30):
        (tmp_path / f"n{i}.md").write_text(
            f"[[n{(i + 1) % 30}]] [[Topic {i % 3}]] [[Someone]]\n", encoding="utf-8"
        )
    vault = Vault.load(tmp_path, workers=1)
    vault.prepare_for_changes()
    assert [t.name for t in vault.topics()][:1] == ["Someone"]
    assert doctor(vault)["links"]["unresolved"] == 60  # looks at each unresolved link
    assert all(note._targets is None for note in vault.notes.values())
    note = vault.notes["n0.md"]
    assert note.targets == ["n1", "Topic 0", "Someone"]  # asked for: split, then kept
    assert note._targets is note.targets
