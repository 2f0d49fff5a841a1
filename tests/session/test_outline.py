"""The outline of a page: a note's headings with their lines and link anchors (the ids the
renderer gives them), an episode's topics in the order the video reaches them."""

from __future__ import annotations

from viewer.core.vault import Vault
from viewer.render.hrefs import link_anchor
from viewer.session.location import EPISODE_PAGE, NOTE_PAGE, TAG_PAGE, Location
from viewer.session.outline import OutlineEntry, outline
from viewer.session.pages import PageRenderer


def test_a_notes_headings_with_lines_and_anchors(sample_vault):
    entries = outline(sample_vault, Location(NOTE_PAGE, "deepcast/future_of_work.md"))
    assert entries == [
        OutlineEntry(2, "Tasks, not jobs", 8, "tasks-not-jobs"),
        OutlineEntry(2, "The middle of the ladder", 14, "the-middle-of-the-ladder"),
        OutlineEntry(2, "What policy can do", 18, "what-policy-can-do"),
    ]


def test_anchors_are_the_ids_the_rendered_headings_carry(make_vault):
    text = "# Top\n\n## The *first* [[link|part]]\n\ntext\n\n### `code` & more\n\n## Top\n"
    vault = Vault.load(make_vault({"n.md": text}))
    entries = outline(vault, Location(NOTE_PAGE, "n.md"))
    assert [e.text for e in entries][2:] == ["code & more", "Top"]
    assert "[[" not in entries[1].text and entries[1].text.endswith("part")  # read as text
    assert [e.level for e in entries] == [1, 2, 3, 2]
    html = PageRenderer(vault).render(Location(NOTE_PAGE, "n.md"), "light").html
    for entry in entries:
        assert f'id="{entry.anchor}"' in html
        assert entry.anchor == link_anchor(entry.text)
        assert f'<a name="L{entry.line}"></a>' in html  # where the panel finds the heading


def test_an_episode_lists_its_topics(sample_vault):
    entries = outline(sample_vault, Location(EPISODE_PAGE, "p0Wz_7HnYtE"))
    assert [e.text for e in entries] == ["The Future of Work", "Automation and Skill Formation"]
    assert entries[0].opens == Location(NOTE_PAGE, "deepcast/future_of_work.md")
    assert entries[0].detail == "from 6:40"


def test_pages_without_an_outline(sample_vault):
    assert outline(sample_vault, Location(TAG_PAGE, "design")) == []
    assert outline(sample_vault, Location(NOTE_PAGE, "gone.md")) == []
    assert outline(sample_vault, Location(EPISODE_PAGE, "nope")) == []


def test_a_note_of_thousands_of_headings_lists_the_first_and_says_how_many_more(make_vault):
    from viewer.session.outline import MAX_ENTRIES

    text = "".join(f"## Heading {i}\n" for i in range(MAX_ENTRIES + 250))
    vault = Vault.load(make_vault({"n.md": text}))
    entries = outline(vault, Location(NOTE_PAGE, "n.md"))
    assert len(entries) == MAX_ENTRIES + 1
    assert entries[MAX_ENTRIES - 1].text == f"Heading {MAX_ENTRIES - 1}"
    assert entries[-1] == OutlineEntry(1, "… and 250 more headings, not listed")
