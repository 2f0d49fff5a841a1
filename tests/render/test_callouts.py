"""Callouts: every Obsidian type and alias, unknown types, fold markers, nesting."""

from __future__ import annotations

import pytest

from viewer.render.hrefs import CALLOUT, parse_href
from viewer.render.options import RenderOptions
from viewer.render.theme import callout_type

TYPES = {
    "note": "blue",
    "abstract": "cyan",
    "summary": "cyan",
    "tldr": "cyan",
    "info": "blue",
    "todo": "blue",
    "tip": "cyan",
    "hint": "cyan",
    "important": "cyan",
    "success": "green",
    "check": "green",
    "done": "green",
    "question": "orange",
    "help": "orange",
    "faq": "orange",
    "warning": "orange",
    "caution": "orange",
    "attention": "orange",
    "failure": "red",
    "fail": "red",
    "missing": "red",
    "danger": "red",
    "error": "red",
    "bug": "red",
    "example": "purple",
    "quote": "grey",
    "cite": "grey",
}


@pytest.mark.parametrize(("kind", "colour"), TYPES.items())
def test_every_type_and_alias(kind, colour, render_one):
    tree = render_one(f"> [!{kind.upper() if kind == 'tip' else kind}] Title for {kind}\n> Body\n")
    table = tree.find("table", cls="callout")
    assert table is not None
    assert f"callout-{callout_type(kind)[0]}" in table.classes
    assert tree.find("td", cls=f"edge-{colour}") is not None
    body = tree.find("td", cls=f"callout-{colour}")
    title = body.find("p", cls="callout-title")
    assert title.text().endswith(f"Title for {kind}")
    assert "Body" in body.text() and "[!" not in body.text()


def test_unknown_types_fold_markers_and_default_titles(render_one):
    tree = render_one(
        "> [!banana] Odd one\n> text\n\n> [!faq]- Folded\n> hidden?\n\n"
        "> [!tip]+\n> open\n\n> [!Info]\n> no title\n"
    )
    tables = tree.find_all("table", cls="callout")
    assert [t.find("p", cls="callout-title").text()[2:].strip() for t in tables] == [
        "Odd one",
        "Folded\u2002▸",
        "Tip\u2002▾",
        "Info",
    ]
    assert "callout-note" in tables[0].classes and tables[0].find("td", cls="edge-blue")
    assert "hidden?" not in tables[1].text() and "folded" in tables[1].classes
    assert "open" in tables[2].text()
    assert tables[0].find("a", cls="fold") is None and tables[3].find("a", cls="fold") is None


def test_nested_callouts(sample_page):
    page = sample_page("deepcast/circadian_rhythms_in_shift_work.md")
    outer = [t for t in page.find_all("table", cls="callout") if "callout-note" in t.classes]
    assert len(outer) == 1
    inner = outer[0].find("table", cls="callout-example")
    assert inner is not None
    assert inner.find("p", cls="callout-title").text().endswith("A forward rotation")


def test_title_markdown_and_lists_inside(render_one):
    tree = render_one("> [!warning] Mind **this** [[link]]\n> - one\n> - two\n")
    title = tree.find("p", cls="callout-title")
    assert title.find("strong").text() == "this"
    assert title.find("a", cls="unresolved").get("href") == "topic:link"
    assert [li.text() for li in tree.find("td", cls="callout").find_all("li")] == ["one", "two"]


def test_plain_blockquotes_get_a_bar(render_one):
    tree = render_one("> quoted words\n> more\n")
    table = tree.find("table", cls="quote")
    assert table is not None and table.find("td", cls="edge-grey") is not None
    assert "quoted words" in table.text()


def test_sample_vault_callouts(sample_page):
    assert sample_page("field-signals/bat_echolocation.md").find("table", cls="callout-note")
    glaze = sample_page("makers-hour/glaze_chemistry_for_potters.md")
    warning = glaze.find("table", cls="callout-warning")
    assert warning.find("p", cls="callout-title").text().endswith("Lead and barium")
    assert sample_page("field-signals/winter_soundscapes.md").find("table", cls="callout-quote")
    question = sample_page("deepcast/materials_discovery_with_machine_learning.md")
    assert question.find("table", cls="callout-question") is not None


def test_blank_line_separates_quotes_but_a_bare_marker_does_not(render_one):
    tree = render_one("> [!note] One\n> a\n\n> [!tip] Two\n> b\n\n> one quote\n>\n> two paras\n")
    assert len(tree.find_all("table", cls="callout")) == 2
    quote = tree.find("table", cls="quote")
    assert len(tree.find_all("table", cls="quote")) == 1
    assert len(quote.find_all("p")) == 2


FOLDS = (
    "> [!faq]- Why fold?\n> The hidden answer.\n\n"
    "> [!tip]+ Open tip\n> The open text.\n\n"
    "> [!faq]- Why fold?\n> A second answer.\n"
)


def fold_state(tree) -> dict[str, bool]:
    """{callout id: shown open} read from the fold markers."""
    states = {}
    for table in tree.find_all("table", cls="callout"):
        marker = table.find("a", cls="fold")
        states[parse_href(marker.get("href")).target] = "folded" not in table.classes
    return states


def test_fold_ids_are_stable_and_toggled_ones_flip(render_vault):
    _, tree = render_vault({"n.md": FOLDS})
    assert fold_state(tree) == {"c-why-fold": False, "c-open-tip": True, "c-why-fold-2": False}
    assert "The hidden answer." not in tree.text() and "The open text." in tree.text()
    options = RenderOptions().flipped("c-why-fold").flipped("c-open-tip")
    _, tree = render_vault({"n.md": FOLDS}, options=options)
    assert fold_state(tree) == {"c-why-fold": True, "c-open-tip": False, "c-why-fold-2": False}
    assert "The hidden answer." in tree.text() and "The open text." not in tree.text()
    assert "A second answer." not in tree.text()
    assert options.flipped("c-why-fold").toggled == frozenset({"c-open-tip"})


def test_fold_marker_link_reads_back_through_qt(qtbot, render_vault):
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QTextBrowser

    rendered, _ = render_vault({"n.md": "Intro\n\n" * 60 + FOLDS})
    view = QTextBrowser()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.setHtml(rendered.html)
    cursor = view.document().find("▸")
    href = parse_href(cursor.charFormat().anchorHref())
    assert href is not None and href.kind == CALLOUT and href.target == "c-why-fold"
    url = QUrl(cursor.charFormat().anchorHref())
    assert parse_href(url.toString(QUrl.ComponentFormattingOption.FullyEncoded)) == href


def test_a_markdown_link_cannot_pose_as_a_fold_marker(render_one):
    # (Raw HTML could: harmless, a `callout:` link only flips a fold of the page.)
    tree = render_one("[flip](callout:c-x)\n")
    assert tree.find("a", href="callout:c-x") is None and "flip" in tree.text()
