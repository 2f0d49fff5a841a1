"""Headings exposed for an Outline panel (issue 12 item 2): level, text, anchor and source
line, the anchors being the ids links land on."""

from __future__ import annotations

from viewer.core.vault import Vault
from viewer.render import Heading, NoteRenderer, parse_href


def test_headings_with_anchors_links_land_on(render_vault):
    note = (
        "---\ntitle: Outline\n---\n# Top *level*\n\ntext\n\n## Part [[x|Two]]\n\n### Deep\n\n"
        "## Part Two\n\n> [!note] Callout\n> ## Inside\n"
    )
    rendered, tree = render_vault(
        {"n.md": note, "links.md": "[[n#Part Two]] [[n#Top level]] [[n#Deep]]\n"}, "n.md"
    )
    assert rendered.headings == (
        Heading(1, "Top level", "top-level", 4),
        Heading(2, "Part Two", "part-two", 8),
        Heading(3, "Deep", "deep", 10),
        Heading(2, "Part Two", "part-two-2", 12),
        Heading(2, "Inside", "inside", 15),
    )
    ids = {node.get("id") for node in tree.iter() if node.get("id")}
    assert {h.anchor for h in rendered.headings} <= ids
    _, links = render_vault(
        {"n.md": note, "links.md": "[[n#Part Two]] [[n#Top level]]\n"}, "links.md"
    )
    anchors = [parse_href(a.get("href")).anchor for a in links.find_all("a", cls="internal")]
    assert anchors == ["part-two", "top-level"]


def test_the_shown_title_is_no_heading_and_parts_carry_theirs(make_vault):
    body = "\n\n".join(f"## Section {i}\n\n" + "Words here. " * 40 for i in range(30))
    vault = Vault.load(make_vault({"long.md": body}), workers=1)
    renderer = NoteRenderer(vault)
    parts = list(renderer.render_parts("long.md", part_chars=2000))
    assert len(parts) > 3
    from_parts = [h for part in parts for h in part.headings]
    assert [h.text for h in from_parts] == [f"Section {i}" for i in range(30)]
    assert renderer.render("long.md").headings == tuple(from_parts)
