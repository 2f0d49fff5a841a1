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


def test_stand_ins_are_found_however_their_names_are_spelled(make_vault):
    # The listing is weighed by a quick key first; names that fold (case, Unicode forms,
    # edge spaces) must pass it exactly as the full comparison lets them.
    root = make_vault(
        {
            "start.md": "[[MIXED case]] [[café]] [[x/ spaced]] [[elsewhere]]",
            "b/Mixed Case.md": "m",
            "c/Cafe\u0301.md": "decomposed é",
            "x/ spaced.md": "s",
            "d/unrelated.md": "u",
        }
    )
    vault = preview_vault(root, scan(root), "start.md")
    assert set(vault.notes) == {"start.md", "b/Mixed Case.md", "c/Cafe\u0301.md", "x/ spaced.md"}
