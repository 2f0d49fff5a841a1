"""Math (issue 12 item 5): $inline$ and $$display$$ drawn as SVG in both themes, dollar
signs in prose left alone, bad LaTeX kept as source; Mermaid shown as labelled source."""

from __future__ import annotations

import pytest

from tests.render.html_tree import body
from viewer.render import formulas
from viewer.render.formulas import inline_formulas


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("$x$", ["x"]),
        ("Costs $5 and $10 today.", []),
        ("From $5 to $6 range", []),
        ("a $x_1$ and $y^2$ b", ["x_1", "y^2"]),
        ("`$not math$` and \\$5", []),
        ("$ spaced $ no", []),
        ("inline $$\\int f$$ display", ["\\int f"]),
        ("$x$5 is not closed by a digit", []),
    ],
)
def test_obsidian_dollar_rules(line, found):
    assert [tex for _, _, tex, _ in inline_formulas(line)] == found


def test_formulas_render_as_svg_pictures_in_both_themes(render_vault):
    text = "Energy $E = mc^2$ here.\n\n$$\n\\frac{a}{b} + \\sum_{i=1}^{n} x_i\n$$\n\nAfter.\n"
    sources = {}
    for theme in ("light", "dark"):
        _, tree = render_vault({"n.md": text}, theme=theme)
        images = tree.find_all("img", cls="math")
        assert [img.get("alt") for img in images] == [
            "E = mc^2",
            "\\frac{a}{b} + \\sum_{i=1}^{n} x_i",
        ]
        assert tree.find("p", cls="math-display").find("img") is images[1]
        sources[theme] = [img.get("src") for img in images]
        for img in images:
            svg = formulas.svg_for(img.get("src").split(":", 1)[1])
            assert svg is not None and svg.startswith(b"<svg") and b"<script" not in svg
            assert int(img.get("width")) > 0 and int(img.get("height")) > 0
    assert sources["light"] != sources["dark"]  # drawn in each theme's text colour
    light = formulas.svg_for(sources["light"][0].split(":", 1)[1])
    dark = formulas.svg_for(sources["dark"][0].split(":", 1)[1])
    assert b"#2e3338" in light and b"#d6d8dc" in dark


def test_bad_latex_stays_visible_as_source(render_one):
    tree = render_one("Broken $\\frac{a$ here and $\\notacommand{x}$ there.\n")
    errors = tree.find_all("code", cls="math-error")
    assert errors and errors[0].text() == "$\\frac{a$"
    assert "Broken" in tree.text() and "there." in tree.text()


def test_math_is_not_markdown_and_code_is_not_math(render_one):
    tree = render_one("$a_b * c_d$ and `$x$`\n\n```\n$$y$$\n```\n")
    assert tree.find("em") is None
    assert tree.find("img", cls="math").get("alt") == "a_b * c_d"
    assert [code.text() for code in tree.find_all("code")] == ["$x$"]
    assert "$$y$$" in tree.find("pre").text()


def test_mermaid_is_its_source_in_a_labelled_box(render_one):
    tree = render_one("```mermaid\ngraph TD; A-->B\n```\n")
    cell = tree.find("td", cls="code")
    assert "Mermaid diagram" in cell.find("p", cls="code-label").text()
    assert cell.find("pre").text() == "graph TD; A-->B"
    assert tree.find("img") is None


def test_the_note_pane_paints_formulas(qtbot, render_vault):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    from viewer.ui.note_pane import NotePane

    rendered, tree = render_vault({"n.md": "Inline $x^2$.\n"}, theme="dark")
    pane = NotePane()
    qtbot.addWidget(pane)
    pane.show_html(rendered.html)
    src = tree.find("img", cls="math").get("src")
    image = pane.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(src))
    assert image is not None and not image.isNull()
    assert pane.loadResource(QTextDocument.ResourceType.ImageResource, QUrl("math:0000")) is None
    assert body(rendered.html).find("img", cls="math") is not None
