"""Bad input never stops indexing, is reported by doctor, and the vault is never written."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.conftest import write_files
from viewer.cli import main
from viewer.core.parse import parse_note
from viewer.core.report import HUGE_NOTE_BYTES, doctor, show
from viewer.core.tree import build_tree, find_node
from viewer.core.vault import Vault

CITE = '<a class="yt-timestamp" data-t="00:01:02">[00:01:02]</a>'
DEEP = "/".join(f"d{i}" for i in range(1, 41))
PROSE = "Plain words about nothing in particular, repeated to make the note big. "

BAD_FILES: dict[str, str | bytes] = {
    "links.md": (
        "[[malformed]] [[list-frontmatter]] [[scalar]] [[unclosed]] [[bom]] [[latin1]]\n"
        "[[binary]] [[empty]] [[deep]] [[🚀 Launch]] [[100% Done]] [[Q&A]] [[zerowidth]]\n"
        "[c sharp](C%23%20Notes.md) [[crlf]] [[cr-only]]\n"
    ),
    "malformed.md": "---\ntitle: [unclosed\n---\nBody [[links]] still count.\n",
    "list-frontmatter.md": "---\n- a\n- b\n---\n[[links]]\n",
    "scalar.md": "---\njust a sentence\n---\n[[links]]\n",
    "unclosed.md": "---\ntitle: Never Closed\n[[links]] on line 3\n",
    "bom.md": b"\xef\xbb\xbf---\ntitle: With BOM\n---\n# Heading\n[[links]]\n",
    "latin1.md": b"---\ntitle: Caf\xe9\n---\nCaf\xe9 cr\xe8me [[links]] here.\n",
    "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "empty.md": b"",
    f"{DEEP}/deep.md": "At the bottom. [[links]]\n",
    "🚀 Launch.md": "Emoji name. [[links]]\n",
    "C# Notes.md": "Hash in the name.\n",
    "100% Done.md": "Percent in the name.\n",
    "Q&A.md": "Ampersand in the name.\n",
    "zero\u200bwidth.md": "Invisible character in the name.\n",
    "crlf.md": (
        "---\r\ntitle: Windows\r\nvideoId: Lr8uT1eXo5D\r\n---\r\n# One\r\n\r\n"
        f"Line seven [[links]] at {CITE}.\r\n## Two\r\nLine nine [[links]].\r\n"
    ).encode(),
    "cr-only.md": (
        "---\rtitle: Old Mac\r---\r# One\r"
        f"Line five [[links]] at {CITE}.\r\rLine seven [[links]].\r"
    ).encode(),
}


def big_multiline() -> str:
    lines = ["---", "title: Big", "videoId: Kx3vR9tLmQa", "---"]
    for index in range(1, 60_001):
        if index % 1000 == 0:
            lines.append(f"Line {index + 4} cites [[links]] at {CITE}.")
        else:
            lines.append(PROSE)
    return "\n".join(lines) + "\n"


def big_single_line() -> str:
    sentence = f"A sentence about [[links]] at {CITE}. " + PROSE * 20
    return "---\ntitle: One Line\nvideoId: Kx3vR9tLmQa\n---\n" + sentence * 3000


@pytest.fixture(scope="module")
def bad_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bad") / "vault"
    files = {
        **BAD_FILES,
        "big/multiline.md": big_multiline(),
        "big/single-line.md": big_single_line(),
    }
    write_files(root, files)
    if hasattr(os, "symlink"):
        os.symlink(root / "nowhere.md", root / "dangling.md")
    return root


@pytest.fixture(scope="module")
def bad_vault(bad_root) -> Vault:
    return Vault.load(bad_root, workers=1)


@pytest.fixture(scope="module")
def report(bad_vault) -> dict:
    return doctor(bad_vault)


def problems_of(report: dict, path: str) -> list[tuple[str, str]]:
    return [(p["kind"], p["detail"]) for p in report["problems"] if p["path"] == path]


def test_every_file_is_indexed(bad_vault):
    assert len(bad_vault.notes) == len(BAD_FILES) + 2
    # Every link in links.md found its note, whatever the name.
    assert [target for _, target in bad_vault.resolved_links("links.md")] == [
        "malformed.md",
        "list-frontmatter.md",
        "scalar.md",
        "unclosed.md",
        "bom.md",
        "latin1.md",
        "binary.md",
        "empty.md",
        f"{DEEP}/deep.md",
        "🚀 Launch.md",
        "100% Done.md",
        "Q&A.md",
        "zero\u200bwidth.md",
        "C# Notes.md",
        "crlf.md",
        "cr-only.md",
    ]


def test_frontmatter_problems_are_reported_and_the_body_still_read(bad_vault, report):
    (kind, detail) = problems_of(report, "malformed.md")[0]
    assert kind == "frontmatter" and detail.startswith("malformed YAML frontmatter")
    assert problems_of(report, "list-frontmatter.md") == [
        ("frontmatter", "frontmatter is a list, not a mapping of keys")
    ]
    assert problems_of(report, "scalar.md") == [
        ("frontmatter", "frontmatter is a str, not a mapping of keys")
    ]
    assert problems_of(report, "unclosed.md") == [
        ("frontmatter", "unclosed frontmatter fence: the note is read as plain text")
    ]
    for path, line in (
        ("malformed.md", 4),
        ("list-frontmatter.md", 5),
        ("scalar.md", 4),
        ("unclosed.md", 3),
    ):
        assert [(link.target, link.line) for link in bad_vault.notes[path].links] == [
            ("links", line)
        ]
    assert bad_vault.notes["unclosed.md"].title == "unclosed"  # read as plain text
    assert bad_vault.notes["malformed.md"].title == "malformed"


def test_bom_is_invisible(bad_vault, report):
    note = bad_vault.notes["bom.md"]
    assert note.title == "With BOM"
    assert [(h.text, h.line) for h in note.headings] == [("Heading", 4)]
    assert note.links[0].line == 5
    assert problems_of(report, "bom.md") == []


def test_non_utf8_is_shown_with_replacements(bad_vault, report):
    assert problems_of(report, "latin1.md") == [
        ("encoding", "not valid UTF-8 at byte 14; shown with replacements")
    ]
    note = bad_vault.notes["latin1.md"]
    assert note.title == "Caf\ufffd"
    assert show(bad_vault, "latin1.md")["headings"] == []
    backlink = show(bad_vault, "links")["links"][5]
    assert backlink["resolved"] == "latin1.md"
    context = bad_vault.context("latin1.md", 4, note.links[0].column)
    assert context == "Caf\ufffd cr\ufffdme links here."


def test_binary_and_empty_notes(bad_vault, report):
    assert problems_of(report, "binary.md") == [("binary", "binary data in a .md file; not shown")]
    assert problems_of(report, "empty.md") == [("empty", "the note is empty")]
    assert bad_vault.notes["binary.md"].links == []
    assert bad_vault.read_text("binary.md") == ""
    assert show(bad_vault, "binary")["title"] == "binary"


def test_line_endings_keep_line_numbers(bad_vault):
    crlf = show(bad_vault, "crlf.md")
    assert crlf["title"] == "Windows"
    assert [(h["text"], h["line"]) for h in crlf["headings"]] == [("One", 5), ("Two", 8)]
    assert [link["line"] for link in crlf["links"]] == [7, 9]
    assert [(t["line"], t["seconds"], t["context"]) for t in crlf["timestamps"]] == [
        (7, 62, "Line seven links at [00:01:02].")
    ]
    cr = show(bad_vault, "cr-only.md")
    assert cr["title"] == "Old Mac"
    assert [(h["text"], h["line"]) for h in cr["headings"]] == [("One", 4)]
    assert [link["line"] for link in cr["links"]] == [5, 7]
    assert cr["timestamps"][0]["line"] == 5
    assert cr["timestamps"][0]["url"] is None  # no videoId
    assert "\r" not in bad_vault.line_of("cr-only.md", 5)


def test_deep_folders_and_odd_names(bad_vault):
    tree = build_tree({path: note.title for path, note in bad_vault.notes.items()})
    node = find_node(tree, f"{DEEP}/deep.md")
    assert node is not None
    assert len(list(node.ancestors())) == 41  # 40 folders and the root
    for name in ("🚀 Launch", "100% Done", "Q&A", "C# Notes.md", "zero\u200bwidth"):
        data = show(bad_vault, name)
        assert data is not None and data["path"] is not None, name
        assert data["backlinks"] and data["backlinks"][0]["path"] == "links.md", name
    assert show(bad_vault, "zerowidth")["path"] == "zero\u200bwidth.md"


def test_huge_notes_are_indexed_and_reported(bad_vault, bad_root, report):
    multi = bad_root / "big/multiline.md"
    single = bad_root / "big/single-line.md"
    for path in (multi, single):
        assert path.stat().st_size > HUGE_NOTE_BYTES
    huge = sorted(p["path"] for p in report["problems"] if p["kind"] == "huge")
    assert huge == ["big/multiline.md", "big/single-line.md"]

    lines = multi.read_text(encoding="utf-8").split("\n")
    note = bad_vault.notes["big/multiline.md"]
    assert len(note.links) == 60
    for link in note.links:
        assert lines[link.line - 1][link.column :].startswith("[[links]]")
        assert lines[link.line - 1].startswith(f"Line {link.line} ")

    one = bad_vault.notes["big/single-line.md"]
    assert len(one.links) == len(one.timestamps) == 3000
    text = single.read_text(encoding="utf-8").split("\n")[4]
    assert {link.line for link in one.links} == {5}
    for link in one.links[::300]:
        assert text[link.column :].startswith("[[links]]")


def test_huge_notes_show_quickly(bad_vault):
    started = time.perf_counter()
    single = show(bad_vault, "big/single-line.md")
    multi = show(bad_vault, "big/multiline.md")
    elapsed = time.perf_counter() - started
    assert len(single["timestamps"]) == 3000 and len(multi["timestamps"]) == 60
    expected = "A sentence about links at [00:01:02]."
    assert {t["context"] for t in single["timestamps"]} == {expected}
    assert single["timestamps"][0]["url"] == "https://www.youtube.com/watch?v=Kx3vR9tLmQa&t=62s"
    assert elapsed < 5, f"show took {elapsed:.1f} s"


def test_parsing_pathological_lines_is_linear():
    # Each of these took seconds to minutes per megabyte before the scanners were made linear.
    samples = {
        "brackets": "[a] [b] ]( " * 100_000,
        "nested": "[[[[[ " * 1000 + "](x) " * 100_000,
        "backticks": "` " + "``b`` " * 100_000,
        "fences": "```a``` " * 100_000,
        "links": "see [x](a.md) and [[y]] here. " * 50_000,
    }
    for name, text in samples.items():
        started = time.perf_counter()
        parse_note("n.md", text.encode())
        elapsed = time.perf_counter() - started
        assert elapsed < 3, f"{name}: {elapsed:.1f} s"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_dangling_symlinks_are_reported(report):
    assert problems_of(report, "dangling.md") == [
        ("dangling-symlink", "link target does not exist")
    ]


def test_doctor_counts_everything(report, bad_vault):
    assert report["notes"] == len(bad_vault.notes)
    assert report["links"]["unresolved"] == report["links"]["total"] - report["links"]["resolved"]
    assert report["timestamps"]["total"] == 2 + 60 + 3000
    assert report["timestamps"]["invalid"] == 0
    kinds = {p["kind"] for p in report["problems"]}
    assert {"frontmatter", "encoding", "binary", "empty", "huge"} <= kinds


def listing(root: Path) -> dict[str, tuple]:
    """Every file, folder and link under `root` with what a write would change."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            info = path.lstat()
            found[str(path.relative_to(root))] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return found


def test_the_viewer_never_writes_inside_the_vault(make_vault, capsys):
    files = {**BAD_FILES, ".obsidian/app.json": "{}", "assets/pic.png": b"\x89PNG"}
    root = make_vault(files)
    if hasattr(os, "symlink"):
        os.symlink(root / "nowhere.md", root / "dangling.md")
    before = listing(root)
    vault = Vault.load(root, workers=1)
    doctor(vault)
    for path in vault.notes:
        show(vault, path)
    for topic in vault.topics():
        show(vault, topic.name)
    assert main(["doctor", str(root), "--json"]) == 0  # with the index cache
    assert main(["show", str(root), "links", "--json"]) == 0
    assert main(["doctor", str(root)]) == 0  # a warm start from the cache
    capsys.readouterr()
    assert listing(root) == before
