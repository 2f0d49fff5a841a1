"""Print and standalone export (issue 12 item 6, issue 16 boundary): citations to the video at
that second, notes as relative .html links, images inlined from inside the vault only."""

from __future__ import annotations

import base64
import os
import re

import pytest

from tests.render.files import png
from tests.render.html_tree import body
from viewer.cli import main
from viewer.core.vault import Vault
from viewer.render import NoteRenderer
from viewer.render.export import printable, standalone

CITE = '<a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>'
NOTE = (
    "---\ntitle: Export Me\nvideoId: p0Wz_7HnYtE\n---\n"
    f"Said here {CITE}. See [[sub/Other Note#Part|other]] and [[Nowhere]] #tag.\n\n"
    "![[pic.png]] ![[ext/out.png]] Formula $x^2$.\n\n"
    "> [!faq]- Folded\n> Hidden answer.\n\n<script>alert(1)</script>\n"
)


@pytest.fixture
def vault(make_vault, tmp_path):
    root = make_vault({"a/n.md": NOTE, "a/pic.png": png(8, 4), "sub/Other Note.md": "## Part\n"})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "out.png").write_bytes(png(3, 3))
    if hasattr(os, "symlink"):
        (root / "a" / "ext").symlink_to(outside, target_is_directory=True)
    return Vault.load(root, workers=1)


def test_standalone_is_self_contained(vault):
    page = standalone(NoteRenderer(vault), "a/n.md")
    tree = body(page)
    hrefs = [a.get("href") for a in tree.find_all("a") if a.get("href")]
    assert "../sub/Other%20Note.html#part" in hrefs
    assert "https://www.youtube.com/watch?v=p0Wz_7HnYtE&t=65s" in hrefs
    assert "https://www.youtube.com/watch?v=p0Wz_7HnYtE&t=0s" in hrefs  # the Watch link
    assert not [h for h in hrefs if re.match(r"(note|topic|tag|time|callout|file):", h)]
    images = [img.get("src") for img in tree.find_all("img")]
    assert images and all(src.startswith("data:") for src in images)
    assert any(src.startswith("data:image/svg+xml") for src in images)  # the formula
    inlined = [base64.b64decode(src.split(",", 1)[1]) for src in images if "png" in src]
    assert inlined == [png(8, 4)]  # the symlinked image from outside is not inlined
    assert "<script" not in page and "Hidden answer." in tree.text()  # folds open on paper
    assert tree.find("a", cls="fold") is None
    assert "Nowhere" in tree.text() and "max-width" in page


def test_printable_points_citations_at_the_video(vault):
    renderer = NoteRenderer(vault)
    page = printable(renderer.render("a/n.md").html)
    hrefs = [a.get("href") for a in body(page).find_all("a") if a.get("href")]
    assert "https://www.youtube.com/watch?v=p0Wz_7HnYtE&t=65s" in hrefs
    assert not [h for h in hrefs if h.startswith(("time:", "callout:"))]
    assert "note:sub/Other%20Note.md#part" in hrefs  # the rest as in the pane


def test_cli_standalone_writes_a_file_but_never_into_the_vault(vault, tmp_path, capsys):
    target = tmp_path / "export.html"
    assert main(["render", str(vault.root), "a/n.md", "--standalone", "-o", str(target)]) == 0
    assert "data:image/png;base64," in target.read_text("utf-8")
    inside = vault.root / "a" / "export.html"
    assert main(["render", str(vault.root), "a/n.md", "--standalone", "-o", str(inside)]) == 2
    assert not inside.exists()
    assert "not writing into the vault" in capsys.readouterr().err
