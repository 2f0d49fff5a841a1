"""The real 2,249-note wiki in ../shared (skipped when absent). Nothing of its text is copied
here: the tests check rules, counts and shapes only."""

from __future__ import annotations

import json
import re

import pytest

from viewer.cli import main
from viewer.core.context import MAX_SNIPPET
from viewer.core.report import doctor, show
from viewer.core.timestamps import video_url
from viewer.core.tree import build_tree, find_node
from viewer.core.vault import Vault

pytestmark = pytest.mark.shared

MARKUP = ("[[", "]]", "<a ", "</a>", "yt-timestamp")


@pytest.fixture(scope="module")
def vault(shared_vault_path) -> Vault:
    return Vault.load(shared_vault_path)


@pytest.fixture(scope="module")
def report(vault) -> dict:
    return doctor(vault)


def test_doctor(report):
    assert report["notes"] == 2249
    links = report["links"]
    assert links["total"] == links["resolved"] + links["unresolved"]
    assert links["resolved"] > 0.9 * links["total"]
    stamps = report["timestamps"]
    assert stamps["total"] == stamps["valid"] + stamps["invalid"]
    assert stamps["valid"] > 0.99 * stamps["total"]
    assert len(stamps["examples"]) == stamps["invalid"]  # a handful, each one listed
    assert report["unresolved_topics"] > 0
    assert all(set(p) == {"path", "kind", "detail"} for p in report["problems"])


def test_the_channel_index_collects_backlinks(vault):
    data = show(vault, "lexfridman")
    assert data["path"] == "lexfridman/lexfridman.md"
    assert len(data["backlinks"]) > 2000
    assert len({b["path"] for b in data["backlinks"]}) > 2000
    root = build_tree({path: note.title for path, note in vault.notes.items()})
    folder = find_node(root, "lexfridman/lexfridman.md")
    assert folder is not None and folder.kind == "folder"
    assert len(folder.children) == 2249 - 3  # every other note of the channel


def test_show_works_for_a_sample_of_notes(vault):
    paths = sorted(vault.notes)[::10]
    assert len(paths) > 200
    for path in paths:
        data = show(vault, path)
        assert data["path"] == path
        assert data["title"]
        note = vault.notes[path]
        for link in data["links"]:
            resolved = link["resolved"]
            assert resolved is None or resolved in vault.notes or resolved in vault.attachments
        for backlink in data["backlinks"]:
            assert 0 < len(backlink["context"]) <= MAX_SNIPPET
            assert not any(m in backlink["context"] for m in MARKUP), backlink
        for stamp in data["timestamps"]:
            if stamp["seconds"] is None:
                assert stamp["url"] is None
            else:
                assert note.video_id
                assert stamp["url"] == video_url(note.video_id, stamp["seconds"])
                assert f"v={note.video_id}&t={stamp['seconds']}s" in stamp["url"]
            assert len(stamp["context"]) <= MAX_SNIPPET
            assert not any(m in stamp["context"] for m in MARKUP), stamp


def test_two_part_citations_are_minutes_and_seconds(vault):
    two_part = [
        stamp
        for note in vault.notes.values()
        for stamp in note.timestamps
        if stamp.valid and re.fullmatch(r"\d+:\d+", stamp.data_t or "")
    ]
    assert len(two_part) > 100
    under_an_hour = 0
    for stamp in two_part:
        minutes, seconds = (int(p) for p in stamp.data_t.split(":"))
        assert stamp.seconds == minutes * 60 + seconds  # never hours and minutes
        if minutes < 60:  # `41:00` is 41 minutes
            under_an_hour += 1
            assert stamp.seconds < 3600
    assert under_an_hour > 100


def test_topics_have_their_backlinks(vault):
    topics = vault.topics()
    assert [t.mentions for t in topics] == sorted((t.mentions for t in topics), reverse=True)
    for topic in topics[:25]:
        data = show(vault, topic.name)
        assert data["path"] is None
        assert len(data["backlinks"]) == topic.mentions


def test_cli_show_on_the_shared_vault(shared_vault_path, capsys):
    assert main(["show", str(shared_vault_path), "lexfridman", "--json", "--no-cache"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["path"] == "lexfridman/lexfridman.md"
    assert len(data["backlinks"]) > 2000
