"""Embeds: sections, blocks, depth and cycles; images from the vault only."""

from __future__ import annotations

from tests.render.files import png
from viewer.render.embeds import MAX_DEPTH


def test_heading_embed_shows_only_that_section(sample_page):
    page = sample_page("Welcome.md")
    frame = page.find("table", cls="embed")
    assert frame is not None
    text = frame.text()
    assert "The palette is deliberately quiet" in text
    assert "Typography" not in text and "Spacing" not in text
    source = frame.find("p", cls="embed-source").find("a", cls="internal")
    assert source.get("href") == "note:library/Design%20Notes.md#colour"
    assert "L36" in frame.anchors()  # the embed's line, inside the frame


def test_whole_note_and_block_embeds(render_vault):
    _, tree = render_vault(
        {
            "host.md": "Intro\n\n![[guest]]\n\n![[guest#^key]]\n\n![[guest#Nope]]\n",
            "guest.md": (
                "---\ntitle: Guest\n---\n# Guest heading\n\nFirst para.\n\n"
                "Second para\ncontinues here. ^key\n\n- item ^other\n"
            ),
        },
        "host.md",
    )
    frames = tree.find_all("table", cls="embed")
    assert len(frames) == 2
    assert "First para." in frames[0].text() and "Second para" in frames[0].text()
    assert frames[1].text().count("para") == 1 and "continues here." in frames[1].text()
    assert "^key" not in tree.text()
    assert "No section “Nope”" in tree.find("p", cls="notice").text()
    assert not {"first-para", "guest-heading"} & set(tree.anchors())  # no ids from embeds


def test_embed_cycles_stop_with_a_notice(render_vault):
    rendered, tree = render_vault(
        {"a.md": "A text\n\n![[b]]\n", "b.md": "B text\n\n![[a]]\n", "self.md": "![[self]]\n"},
        "a.md",
    )
    assert tree.text().count("B text") == 1
    notice = tree.find("p", cls="notice")
    assert "Embed cycle" in notice.text()
    assert notice.find("a").get("href") == "note:a.md"
    assert any("embed cycle" in warning for warning in rendered.warnings)
    _, tree = render_vault({"self.md": "Me\n\n![[self]]\n"}, "self.md")
    assert "Embed cycle" in tree.find("p", cls="notice").text()


def test_section_of_the_same_note_is_not_a_cycle(render_vault):
    _, tree = render_vault({"n.md": "## One\n\nfirst [[x]]\n\n## Two\n\n![[#One]]\n"}, "n.md")
    frame = tree.find("table", cls="embed")
    assert frame is not None and "first" in frame.text()


def test_embeds_nest_at_most_three_deep(render_vault):
    files = {f"n{i}.md": f"level {i}\n\n![[n{i + 1}]]\n" for i in range(6)}
    _, tree = render_vault(files, "n0.md")
    assert len(tree.find_all("table", cls="embed")) == MAX_DEPTH
    assert "level 3" in tree.text() and "level 4" not in tree.text()
    assert "nest at most 3 deep" in tree.find("p", cls="notice").text()


def test_image_embeds_and_markdown_images(sample_page, sample_vault_path):
    page = sample_page("Welcome.md")
    images = page.find_all("img")
    assert [img.get("src") for img in images] == [
        (sample_vault_path / "assets" / "waveform.png").resolve().as_uri(),
        (sample_vault_path / "assets" / "diagram.png").resolve().as_uri(),
    ]
    assert (images[0].get("width"), images[0].get("height")) == ("480", "120")
    assert images[1].get("alt") == "Signal diagram"
    assert all("image" in img.parent.classes for img in images)


def test_images_resolve_relative_scaled_and_inside_the_vault_only(render_vault, tmp_path):
    (tmp_path / "outside.png").write_bytes(png(2, 2))
    _, tree = render_vault(
        {
            "notes/n.md": (
                "![rel](pic.png) ![[wide.png]] ![[wide.png|200]] ![by name](wide.png)\n\n"
                "![escape](../../outside.png) ![abs](/etc/passwd.png) ![gone](nope.png)\n\n"
                f"![[../outside.png]] <img src='{(tmp_path / 'outside.png').as_uri()}'>\n"
            ),
            "notes/pic.png": png(10, 5),
            "media/wide.png": png(1360, 100),
        },
        "notes/n.md",
    )
    images = tree.find_all("img")
    assert [(img.get("alt"), img.get("width"), img.get("height")) for img in images] == [
        ("rel", "10", "5"),
        ("wide.png", "680", "50"),
        ("wide.png", "200", "15"),
        ("by name", "680", "50"),
    ]
    text = tree.text()
    assert "Missing image: escape" in text and "Missing image: gone" in text
    assert tree.find("span", cls="missing") is not None  # ![[../outside.png]]
    assert "outside" not in "".join(img.get("src") for img in images)
