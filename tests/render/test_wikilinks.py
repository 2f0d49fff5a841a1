"""Wikilinks and markdown links resolve through the core, so render and index agree."""

from __future__ import annotations

from tests.render.html_tree import Node, body
from viewer.core.resolve import attachment_suffix
from viewer.render.hrefs import NOTE, TOPIC, parse_href


def link_targets(tree: Node) -> list[tuple[str, str]]:
    """(kind, target) of every note/topic link in reading order, embeds' own links aside."""
    found = []
    for a in tree.find_all("a"):
        if any("embed" in node.classes for node in a.ancestors()):
            continue
        parsed = parse_href(a.get("href") or "")
        if parsed and parsed.kind in (NOTE, TOPIC) and "line" not in a.classes:
            found.append((parsed.kind, parsed.target))
    return found


def index_targets(vault, path: str) -> list[tuple[str, str]]:
    expected = []
    for link, resolved in vault.resolved_links(path):
        if link.embed or attachment_suffix(link.target):
            continue
        if resolved is not None:
            expected.append((NOTE, resolved))
        else:
            target = link.target.rsplit("/", 1)[-1][:-3] if link.markdown else link.target
            expected.append((TOPIC, target))
    return expected


def test_every_sample_note_links_where_the_index_says(sample_vault, renderer):
    renderer.theme = "light"
    for path in sample_vault.notes:
        tree = body(renderer.render(path).html)
        assert link_targets(tree) == index_targets(sample_vault, path), path


def test_resolved_link_with_heading_and_alias(sample_page, renderer):
    page = sample_page("Welcome.md")
    link = page.find("a", href="note:library/Design%20Notes.md#typography")
    assert link is not None and "internal" in link.classes
    assert link.text() == "Design Notes › Typography"
    target = body(renderer.render("library/Design Notes.md").html)
    assert "typography" in target.anchors()
    block = page.find("a", href="note:library/Design%20Notes.md#^palette")
    assert block is not None and "^palette" in target.anchors()


def test_alias_with_spaces_and_channel_local_resolution(sample_page):
    page = sample_page("deepcast/future_of_work.md")
    link = page.find("a", href="note:deepcast/automation_and_skill_formation.md")
    assert link.text() == "automation and skill formation"
    makers = sample_page("makers-hour/pricing_handmade_work.md")
    hrefs = {a.get("href") for a in makers.find_all("a", cls="internal")}
    assert "note:makers-hour/future_of_work.md" in hrefs
    assert "note:deepcast/future_of_work.md" not in hrefs


def test_unresolved_links_look_different_and_open_the_topic(sample_page):
    link = sample_page("deepcast/future_of_work.md").find("a", cls="unresolved")
    assert link.get("href") == "topic:Tomas%20Reyes"
    assert link.text() == "Tomas Reyes"
    assert "internal" not in link.classes


def test_link_forms(render_vault):
    _, tree = render_vault(
        {
            "note.md": (
                "## Here\n\n[[other | Shown text]] [[other#Part Two|part]] [[#Here]] "
                "[[missing note]] [[other]] [[docs/file.pdf]] [[gone.png]] "
                "[md](other.md#Part%20Two) [md2](<sub dir/deep.md>) [nomd](nothing.md) "
                "[[ spaced  |  alias  ]] `[[code]]` \\[[escaped]]\n"
            ),
            "other.md": "## Part Two\n",
            "sub dir/deep.md": "deep\n",
            "docs/file.pdf": b"%PDF-1.4",
        },
        "note.md",
    )
    links = [(a.text(), a.get("href")) for a in tree.find_all("a") if a.get("href")]
    assert links[:5] == [
        ("Shown text", "note:other.md"),
        ("part", "note:other.md#part-two"),
        ("Here", "note:note.md#here"),
        ("missing note", "topic:missing%20note"),
        ("other", "note:other.md"),
    ]
    assert links[5][1].startswith("file:///") and links[5][1].endswith("/docs/file.pdf")
    assert links[6:] == [
        ("md", "note:other.md#part-two"),
        ("md2", "note:sub%20dir/deep.md"),
        ("nomd", "topic:nothing"),
        ("alias", "topic:spaced"),
    ]
    missing = tree.find("span", cls="missing")
    assert missing.text() == "gone.png"
    assert "[[code]]" in tree.find("code").text()
    assert "[[escaped]]" in tree.text()
