"""The note shown before the index: chosen from the listing, rendered with its links live."""

from __future__ import annotations

from viewer.core.preview import first_in_listing, preview_vault
from viewer.core.scan import scan
from viewer.render.renderer import NoteRenderer


def test_the_first_choice_the_listing_holds_wins(sample_vault_path):
    listing = scan(sample_vault_path)
    assert first_in_listing(listing, [None, "gone.md", "directory.md"]) == "directory.md"
    assert first_in_listing(listing, []) == "Welcome.md"


def test_a_vault_without_a_front_page_opens_its_first_note(make_vault, tmp_path):
    root = make_vault({"b/two.md": "two", "a/one.md": "one"})
    assert first_in_listing(scan(root), ["missing.md"]) == "a/one.md"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert first_in_listing(scan(empty), []) is None


def test_a_previewed_note_resolves_its_links_by_file_name(sample_vault_path):
    listing = scan(sample_vault_path)
    vault = preview_vault(sample_vault_path, listing, "directory.md")
    assert "directory.md" in vault.notes and len(vault.notes) < len(listing.notes)
    html = NoteRenderer(vault).render("directory.md").html
    assert 'href="note:deepcast/deepcast.md' in html  # a live link, not an unresolved topic
    assert 'class="unresolved"' not in html


def test_a_previewed_note_keeps_its_citations(sample_vault_path):
    listing = scan(sample_vault_path)
    path = "makers-hour/pricing_handmade_work.md"
    html = NoteRenderer(preview_vault(sample_vault_path, listing, path)).render(path).html
    assert "time:Lr8uT1eXo5D/" in html
