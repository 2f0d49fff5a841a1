"""Every note of the real vault renders, and agrees with the index (skipped without it)."""

from __future__ import annotations

import time

import pytest

from tests.render.html_tree import body
from tests.render.test_timestamps import rendered_times
from tests.render.test_wikilinks import index_targets, link_targets
from viewer.core.vault import Vault
from viewer.render import NoteRenderer, parse_href
from viewer.render.options import RenderOptions

pytestmark = pytest.mark.shared


def test_every_note_renders_and_agrees_with_the_index(shared_vault_path):
    vault = Vault.load(shared_vault_path)
    renderer = NoteRenderer(vault)
    started = time.perf_counter()
    disagreements = []
    for path in sorted(vault.notes):
        rendered = renderer.render(path)
        tree = body(rendered.html)
        folded = {
            parse_href(table.find("a", cls="fold").get("href")).target
            for table in tree.find_all("table", cls="folded")
        }
        if folded:  # open every folded callout: the index reads their text too
            tree = body(renderer.render(path, RenderOptions(toggled=frozenset(folded))).html)
            assert not tree.find_all("table", cls="folded"), path
        assert tree.find("h1") is not None, path
        if link_targets(tree) != index_targets(vault, path):
            disagreements.append(("links", path))
        note = vault.notes[path]
        expected = [t.seconds if note.video_id else None for t in note.timestamps]
        if rendered_times(tree) != expected:
            disagreements.append(("timestamps", path))
    assert not disagreements, disagreements[:10]
    assert time.perf_counter() - started < 60
