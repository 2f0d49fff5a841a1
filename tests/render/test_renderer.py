"""NoteRenderer's API: themes, cache, generated pages, threads."""

from __future__ import annotations

import ast
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.render.html_tree import body, parse
from viewer.core.vault import Vault
from viewer.render import NoteRenderer, RenderedNote, stylesheet
from viewer.render.theme import LIGHT, palette


def test_render_returns_a_complete_document(renderer):
    renderer.theme = "light"
    rendered = renderer.render("deepcast/future_of_work.md")
    assert isinstance(rendered, RenderedNote)
    assert rendered.path == "deepcast/future_of_work.md"
    assert rendered.title == "The Future of Work"
    assert rendered.theme == "light"
    tree = parse(rendered.html)
    assert tree.find("title").text() == "The Future of Work"
    assert tree.find("style").text().strip() == stylesheet("light").strip()
    assert tree.find("body").find("h1").text() == "The Future of Work"


def test_themes_switch_and_are_validated(renderer):
    renderer.theme = "dark"
    try:
        dark = renderer.render("Welcome.md")
    finally:
        renderer.theme = "light"
    light = renderer.render("Welcome.md")
    assert dark.theme == "dark" and light.theme == "light"
    dark_body = f"background-color: {palette('dark').background}"
    assert dark_body in dark.html and dark_body not in light.html
    assert LIGHT.background in stylesheet("light")
    with pytest.raises(ValueError):
        renderer.theme = "sepia"
    with pytest.raises(ValueError):
        NoteRenderer(renderer.vault, theme="blue")


def test_unknown_path_is_a_key_error(renderer):
    with pytest.raises(KeyError):
        renderer.render("no/such/note.md")


def test_cache_by_path_mtime_and_theme(make_vault):
    root = make_vault({"n.md": "first version\n"})
    vault = Vault.load(root, workers=1)
    renderer = NoteRenderer(vault)
    first = renderer.render("n.md")
    assert renderer.render("n.md") is first
    renderer.theme = "dark"
    assert renderer.render("n.md") is not first
    renderer.theme = "light"
    assert renderer.render("n.md") is first
    path = root / "n.md"
    path.write_text("second version, longer\n", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    vault.refresh_file("n.md")
    second = renderer.render("n.md")
    assert "second version" in second.html
    renderer.clear_cache()
    assert renderer.render("n.md") is not second


def test_render_text_uses_the_vault_for_links(renderer):
    rendered = renderer.render_text(
        "---\ntitle: Draft\nvideoId: abc\n---\n[[Welcome]] [[nobody]] "
        '<a class="yt-timestamp" data-t="00:00:30">[00:00:30]</a>\n',
        "drafts/draft.md",
    )
    tree = body(rendered.html)
    assert rendered.title == "Draft" and rendered.path == "drafts/draft.md"
    assert tree.find("a", cls="internal").get("href") == "note:Welcome.md"
    assert tree.find("a", cls="unresolved").get("href") == "topic:nobody"
    assert tree.find("a", cls="ts").get("href") == "time:abc/30"


def test_topic_page(renderer):
    page = renderer.render_topic("ada_moreno")
    tree = body(page.html)
    assert page.title == "Ada Moreno" and page.path == ""
    assert "Mentioned in 5 notes, 6 times" in tree.find("p", cls="topic-count").text()
    lines = [a.get("href") for a in tree.find_all("a", cls="line")]
    assert len(lines) == 6
    assert "note:deepcast/grid_scale_energy_storage.md#L22" in lines
    assert "note:makers-hour/glaze_chemistry_for_potters.md#L12" in lines
    snippets = tree.find_all("p", cls="snippet")
    assert all(s.text().strip() for s in snippets)
    missing = body(renderer.render_topic("Nobody At All").html)
    assert "No note links to" in missing.text()


def test_message_page_is_plain_text(renderer):
    page = renderer.render_message("Cannot open <vault>", "Line one\nline <b>two</b>\n\nPara two")
    tree = body(page.html)
    assert tree.find("h1").text() == "Cannot open <vault>"
    assert [p.text() for p in tree.find_all("p")] == ["Line oneline <b>two</b>", "Para two"]
    assert tree.find("b") is None


def test_warnings_name_what_went_wrong(render_vault):
    rendered, _ = render_vault(
        {
            "n.md": "---\nvideoId: x\n---\n![r](https://e.example/i.png) ![[gone note]] "
            '<a class="yt-timestamp" data-t="N/A">[N/A]</a>\n'
        }
    )
    assert any(w.startswith("remote image not loaded") for w in rendered.warnings)
    assert any(w.startswith("missing embed") for w in rendered.warnings)
    assert any(w.startswith("invalid timestamp") for w in rendered.warnings)


def test_rendering_in_threads_gives_the_same_html(sample_vault):
    renderer = NoteRenderer(sample_vault)
    paths = sorted(sample_vault.notes)
    expected = {path: renderer.render(path).html for path in paths}

    def render(path: str) -> tuple[str, str]:
        fresh = NoteRenderer(sample_vault)
        return path, fresh.render(path).html

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(render, paths * 4))
    assert all(html == expected[path] for path, html in results)


def test_render_package_never_imports_qt():
    for source in Path(REPO, "viewer", "render").glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("PySide", "shiboken", "PyQt", "viewer.ui")), source
