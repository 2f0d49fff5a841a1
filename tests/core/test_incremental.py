"""Incremental updates: after any change the index equals a fresh load of the same folder."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from tests.conftest import write_files
from viewer.core.parse import parse_note
from viewer.core.record import NoteInfo, read_note_info
from viewer.core.report import doctor, show
from viewer.core.scan import FileEntry, scan
from viewer.core.vault import Vault


def assert_equivalent(vault: Vault) -> Vault:
    """Everything a view can ask of `vault` equals what a fresh `Vault.load` answers."""
    fresh = Vault.load(vault.root, workers=1)
    assert sorted(vault.notes) == sorted(fresh.notes)
    assert sorted(vault.attachments) == sorted(fresh.attachments)
    assert sorted(vault.files) == sorted(fresh.files)
    for path, note in fresh.notes.items():
        mine = vault.notes[path]
        assert (mine.title, list(mine.aliases), list(mine.tags), mine.links) == (
            note.title,
            list(note.aliases),
            list(note.tags),
            note.links,
        ), path
        assert vault.resolved_links(path) == fresh.resolved_links(path), path
        assert vault.backlinks(path) == fresh.backlinks(path), path
        assert vault.linking_notes(path) == fresh.linking_notes(path), path
        assert show(vault, path) == show(fresh, path), path
    assert vault.topics() == fresh.topics()
    for topic in fresh.topics():
        assert vault.topic_mentions(topic.name) == fresh.topic_mentions(topic.name), topic
        assert show(vault, topic.name) == show(fresh, topic.name), topic
    assert vault.link_counts() == fresh.link_counts()
    assert doctor(vault) == doctor(fresh)
    return fresh


class Disk:
    """Change files in a vault folder and tell the vault, as a file watcher would."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.vault = Vault.load(root, workers=1)
        assert_equivalent(self.vault)

    def write(self, rel: str, content: str | bytes) -> str:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")
        return self.vault.refresh_file(rel)

    def delete(self, rel: str) -> str:
        (self.root / rel).unlink()
        return self.vault.refresh_file(rel)

    def move(self, old: str, new: str) -> tuple[str, str]:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.root / old, self.root / new)
        return self.vault.refresh_file(old), self.vault.refresh_file(new)

    def check(self) -> Vault:
        return assert_equivalent(self.vault)


@pytest.fixture
def disk(make_vault):
    def start(files: dict[str, str | bytes]) -> Disk:
        return Disk(make_vault(files))

    return start


def topic_names(vault: Vault) -> list[str]:
    return [t.name for t in vault.topics()]


def test_a_new_note_claims_a_topic_and_removing_it_makes_the_topic_again(disk):
    d = disk(
        {
            "a.md": "[[Elon Musk]] and [[elon_musk]]\n",
            "sub/b.md": "- [[elon-musk | him]]\n- [[Elon Musk#Early life]]\n",
        }
    )
    assert topic_names(d.vault) == ["Elon Musk"]
    assert d.write("people/Elon Musk.md", "# Early life\n") == "updated"
    assert d.vault.topics() == []
    assert len(d.vault.backlinks("people/Elon Musk.md")) == 4
    d.check()
    assert d.delete("people/Elon Musk.md") == "removed"
    assert topic_names(d.vault) == ["Elon Musk"]
    assert d.vault.topic("elon musk").mentions == 4
    d.check()


def test_a_slug_match_claims_a_topic(disk):
    d = disk({"a.md": "[[Elon Musk]] [[Elon Musk!]]\n"})
    d.write("elon-musk.md", "x")
    assert [target for _, target in d.vault.resolved_links("a.md")] == [
        "elon-musk.md",
        "elon-musk.md",
    ]
    d.check()


def test_changed_links_move_backlinks(disk):
    d = disk({"a.md": "[[b]] [[c]]\n", "b.md": "", "c.md": ""})
    d.write("a.md", "[[c]]\n\n[[d]] [[missing]]\n")
    assert d.vault.backlinks("b.md") == []
    assert [(m.source, m.line) for m in d.vault.backlinks("c.md")] == [("a.md", 1)]
    assert topic_names(d.vault) == ["d", "missing"]
    d.check()
    d.write("d.md", "[[a]]")
    assert topic_names(d.vault) == ["missing"]
    d.check()


def test_title_and_alias_changes(disk):
    d = disk(
        {
            "x.md": "plain\n",
            "y.md": "---\naliases: [Home]\n---\n",
            "links.md": "[[Quantum Widgets]] [[Start Here]] [[Home]]\n",
        }
    )
    assert topic_names(d.vault) == ["Quantum Widgets", "Start Here"]
    d.write("x.md", "---\ntitle: Quantum Widgets\naliases: [Start Here, Home]\n---\n")
    resolved = [target for _, target in d.vault.resolved_links("links.md")]
    assert resolved == ["x.md", "x.md", "x.md"]  # two notes say Home: alphabetical decides
    d.check()
    d.write("y.md", "no more aliases\n")
    assert [target for _, target in d.vault.resolved_links("links.md")] == ["x.md"] * 3
    d.check()
    d.write("x.md", "---\ntitle: Something Else\n---\n")
    assert topic_names(d.vault) == ["Home", "Quantum Widgets", "Start Here"]
    d.check()


def test_renames_through_refresh_and_through_rename(disk):
    d = disk({"a/x.md": "---\naliases: [Ex]\n---\n", "l.md": "[[x]] [[Ex]] [[a/x]]\n"})
    assert d.move("a/x.md", "b/x.md") == ("removed", "updated")
    assert [target for _, target in d.vault.resolved_links("l.md")] == [
        "b/x.md",
        "b/x.md",
        "b/x.md",  # `a/x` still ends like no path, but the name x is enough
    ]
    d.check()
    # The API a watcher uses when it sees a move as one event.
    os.replace(d.root / "b/x.md", d.root / "b/renamed.md")
    info = (d.root / "b/renamed.md").stat()
    note = parse_note("b/renamed.md", (d.root / "b/renamed.md").read_bytes())
    d.vault.rename("b/x.md", note, FileEntry("b/renamed.md", info.st_mtime_ns, info.st_size))
    assert [target for _, target in d.vault.resolved_links("l.md")] == [
        None,
        "b/renamed.md",
        None,
    ]
    # Unresolved again: [[x]] and [[a/x]] are two topics (a path is part of a topic's key).
    assert [(t.key, t.name) for t in d.vault.topics()] == [("a/x", "x"), ("x", "x")]
    d.check()


def test_a_closer_same_name_note_takes_over_and_gives_back(disk, sample_vault_path, tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(sample_vault_path, root)
    d = Disk(root)
    # Renaming the deepcast note away sends its channel's plain links to the other channel.
    d.move("deepcast/future_of_work.md", "deepcast/work_ahead.md")
    targets = {t for _, t in d.vault.resolved_links("deepcast/deepcast.md")}
    assert "makers-hour/future_of_work.md" in targets
    d.check()
    d.move("deepcast/work_ahead.md", "deepcast/future_of_work.md")
    targets = {t for _, t in d.vault.resolved_links("deepcast/deepcast.md")}
    assert "deepcast/future_of_work.md" in targets
    assert "makers-hour/future_of_work.md" not in targets
    d.check()
    # A note with the exact-case name appears elsewhere and wins over the channel's own.
    d.write("elsewhere/Future_Of_Work.md", "x")
    d.write("deepcast/deepcast.md", "[[Future_Of_Work]] [[future_of_work]]\n")
    assert [t for _, t in d.vault.resolved_links("deepcast/deepcast.md")] == [
        "elsewhere/Future_Of_Work.md",
        "deepcast/future_of_work.md",
    ]
    d.check()


def test_upsert_and_remove_called_directly(disk):
    d = disk({"a.md": "[[Topic Note]] [[b]]\n", "b.md": "[[a]]\n"})
    text = "---\naliases: [Topic Note]\n---\n[[a]]\n"
    (d.root / "c.md").write_text(text, encoding="utf-8")
    info = (d.root / "c.md").stat()
    d.vault.upsert(
        parse_note("c.md", text.encode()), FileEntry("c.md", info.st_mtime_ns, info.st_size)
    )
    assert d.vault.topics() == []
    assert [(m.source, m.line) for m in d.vault.backlinks("a.md")] == [("b.md", 1), ("c.md", 4)]
    d.check()
    (d.root / "b.md").unlink()
    d.vault.remove("b.md")
    d.vault.remove("b.md")  # twice is harmless
    assert [t for _, t in d.vault.resolved_links("a.md")] == ["c.md", None]
    assert topic_names(d.vault) == ["b"]
    d.check()


def test_exact_case_neighbours(disk):
    d = disk({"x/acquiredfm.md": "", "x/l.md": "[[acquiredFM]] [[acquiredfm]]\n"})
    d.write("x/acquiredFM.md", "")
    assert [t for _, t in d.vault.resolved_links("x/l.md")] == [
        "x/acquiredFM.md",
        "x/acquiredfm.md",
    ]
    d.check()
    d.delete("x/acquiredfm.md")
    assert [t for _, t in d.vault.resolved_links("x/l.md")] == ["x/acquiredFM.md"] * 2
    d.check()


def test_partial_paths_and_markdown_links_follow_changes(disk):
    d = disk({"l/n.md": "[[y/z]] [md](../y/z.md) [[q]]\n", "deep/y/z.md": ""})
    # Neither path exists yet: both fall back to the note whose path ends the same way.
    assert [t for _, t in d.vault.resolved_links("l/n.md")] == ["deep/y/z.md"] * 2 + [None]
    d.write("y/z.md", "")
    assert [t for _, t in d.vault.resolved_links("l/n.md")] == ["y/z.md", "y/z.md", None]
    d.check()
    d.delete("y/z.md")
    d.check()


def test_attachments_come_and_go(disk):
    d = disk({"n.md": "![[img.png]] ![[assets/img.png]]\n"})
    assert [t for _, t in d.vault.resolved_links("n.md")] == [None, None]
    assert d.write("assets/img.png", b"\x89PNG") == "updated"
    assert [t for _, t in d.vault.resolved_links("n.md")] == ["assets/img.png"] * 2
    d.check()
    assert d.write("assets/img.png", b"\x89PNG changed") == "ignored"
    d.check()
    assert d.delete("assets/img.png") == "removed"
    assert [t for _, t in d.vault.resolved_links("n.md")] == [None, None]
    d.check()


def test_what_refresh_ignores(disk):
    d = disk({"n.md": "[[a]]\n"})
    before = d.vault.generation
    (d.root / ".obsidian").mkdir()
    (d.root / ".obsidian" / "hidden.md").write_text("[[a]]", encoding="utf-8")
    assert d.vault.refresh_file(".obsidian/hidden.md") == "ignored"
    assert d.vault.refresh_file("never/existed.md") == "ignored"
    (d.root / "folder").mkdir()
    assert d.vault.refresh_file("folder") == "ignored"
    assert d.vault.generation == before
    assert d.write("n.md", "[[a]]\n") == "updated"
    assert d.vault.generation == before + 1
    d.check()


def test_bad_input_changes_stay_exact(disk):
    d = disk({"n.md": "[[a]]\n", "a.md": ""})
    d.write("a.md", b"\x00\x01binary")
    d.check()
    d.write("a.md", b"---\n[broken: yaml\n---\n[[n]]")
    d.check()
    d.write("a.md", "")
    assert [p.kind for p in d.vault.notes["a.md"].problems] == ["empty"]
    d.check()


NAMES = ["Alpha", "alpha", "Beta", "gamma-ray", "Gamma Ray", "Δelta", "Home", "Cafe\u0301"]
FOLDERS = ["", "one/", "one/two/", "three/"]


def random_note(rng: random.Random) -> str:
    lines = []
    if rng.random() < 0.5:
        lines += ["---", f"title: {rng.choice(NAMES)}"]
        if rng.random() < 0.5:
            lines.append(f"aliases: [{rng.choice(NAMES)}, {rng.choice(NAMES)}]")
        lines.append("---")
    for _ in range(rng.randint(0, 5)):
        target = rng.choice(NAMES)
        if rng.random() < 0.3:
            target = rng.choice(FOLDERS) + target
        form = rng.choice(["[[{}]]", "[[{} | alias]]", "![[{}#Part]]", "[[{}.md]]", "- [[{}]]"])
        if rng.random() < 0.2:
            form = "[md](<../{}.md>)"
        elif rng.random() < 0.1:
            target = target.replace("a", "a\u200b", 1).upper()
        lines.append(f"Text {form.format(target)} more.")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(4))
def test_random_edits_always_match_a_fresh_load(disk, seed):
    rng = random.Random(seed)
    d = disk({"seed.md": "[[Alpha]] [[Home]]\n"})
    for _ in range(30):
        notes = sorted(d.vault.notes)
        action = rng.random()
        if action < 0.55 or not notes:
            d.write(rng.choice(FOLDERS) + rng.choice(NAMES) + ".md", random_note(rng))
        elif action < 0.75:
            d.delete(rng.choice(notes))
        elif action < 0.9:
            old = rng.choice(notes)
            new = rng.choice(FOLDERS) + rng.choice(NAMES) + ".md"
            if new not in d.vault.notes:
                d.move(old, new)
        elif "pic.png" in d.vault.attachments:
            d.delete("pic.png")
        else:
            d.write("pic.png", b"\x89PNG")
        d.check()


NAMES = ["alpha", "Beta Note", "gamma_ray", "Delta", "épée", "x/alpha", "y/Beta Note", "Omega"]


def _random_vault_files(rng: random.Random) -> dict[str, str]:
    files: dict[str, str] = {}
    for index in range(rng.randint(3, 12)):
        folder = rng.choice(["", "x/", "y/", "x/deep/"])
        stem = rng.choice(NAMES).split("/")[-1] + ("" if rng.random() < 0.7 else f" {index}")
        front = []
        if rng.random() < 0.4:
            front.append(f"title: {rng.choice(NAMES).split('/')[-1]} Title")
        if rng.random() < 0.4:
            front.append(f"aliases: [{rng.choice(NAMES).split('/')[-1]}, Omega]")
        head = "---\n" + "\n".join(front) + "\n---\n" if front else ""
        links = " ".join(
            f"[[{rng.choice([*NAMES, 'Omega', 'Delta Title', 'gamma ray', 'nobody'])}]]"
            for _ in range(rng.randint(0, 6))
        )
        suffix = ".md" if rng.random() < 0.8 else ".markdown"
        files[f"{folder}{stem}{suffix}"] = f"{head}{links}\n"
    return files


@pytest.mark.parametrize("seed", range(40))
def test_a_vault_built_in_batches_equals_one_built_at_once(tmp_path, seed):
    """Links decided by aliases and titles of notes in later batches are decided as if every
    note had been there from the start (see Vault.in_batches)."""
    rng = random.Random(seed)
    root = write_files(tmp_path / "vault", _random_vault_files(rng))
    listing = scan(root)
    notes = [
        NoteInfo(*read_note_info(entry.path, (root / entry.path).read_bytes()))
        for entry in listing.notes
    ]
    at_once = Vault(root, notes, listing.notes, listing.attachments)
    shuffled = [
        NoteInfo(*read_note_info(entry.path, (root / entry.path).read_bytes()))
        for entry in listing.notes
    ]
    rng.shuffle(shuffled)
    batched = Vault.in_batches(root, listing.notes, listing.attachments)
    cut = rng.randint(0, len(shuffled))
    batched.add_batch(shuffled[:cut])
    batched.add_batch(shuffled[cut:])
    batched.finish_batches()
    assert list(batched.notes) == list(at_once.notes)
    for path in at_once.notes:
        assert batched.resolved_targets(path) == at_once.resolved_targets(path), path
        assert batched.linking_notes(path) == at_once.linking_notes(path), path
    assert batched.topics() == at_once.topics()
    assert batched.link_counts() == at_once.link_counts()


def test_changes_after_prepare_for_changes_match_a_fresh_load(disk):
    """The tables a session builds in the background right after opening a vault are the
    ones changes then keep up to date."""
    d = disk({"a.md": "[[Elon Musk]] and [[b]]\n", "b.md": "# B\n[[a]]\n"})
    d.vault.prepare_for_changes()
    assert d.vault._key_index is not None and d.vault._resolver is not None
    assert d.write("people/Elon Musk.md", "[[a]]\n") == "updated"
    d.check()
    assert d.delete("b.md") == "removed"
    d.check()
