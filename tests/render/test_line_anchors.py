"""`<a name="L<n>">` starts each block at source line n, counting frontmatter lines."""

from __future__ import annotations

import textwrap

from tests.render.html_tree import Node, body


def anchored(tree: Node, line: int) -> Node:
    """The element that holds the anchor of `line`."""
    anchor = tree.find("a", name=f"L{line}")
    assert anchor is not None, f"no anchor L{line}"
    return anchor.parent


def test_every_block_kind_starts_with_its_line(render_one):
    text = textwrap.dedent(
        """\
        ---
        title: Lines
        ---

        # Heading five

        Paragraph seven
        continues on eight.

        - item ten
          - nested eleven
        1. ordered twelve

        | h | fourteen |
        |---|---|
        | row | sixteen |

        > quote eighteen
        > quote nineteen

        > [!note] callout twenty-one
        > body twenty-two

        ```python
        code = 25
        ```

        [^1]: footnote twenty-eight

        Text with a note[^1].
        """
    )
    tree = render_one(text)
    assert anchored(tree, 5).tag == "h1"
    assert anchored(tree, 7).tag == "p" and "Paragraph seven" in anchored(tree, 7).text()
    assert anchored(tree, 8).tag == "p"  # soft-wrapped lines are anchored too
    assert anchored(tree, 10).tag == "li" and anchored(tree, 11).tag == "li"
    assert anchored(tree, 12).tag == "li"
    assert anchored(tree, 14).tag == "th"
    assert anchored(tree, 16).tag == "td"
    assert anchored(tree, 18).tag == "p" and anchored(tree, 19).tag == "p"
    assert "callout-title" in anchored(tree, 21).classes
    assert anchored(tree, 22).tag == "p"
    assert anchored(tree, 24).tag == "pre"  # a code block begins at its fence
    assert anchored(tree, 28).tag == "p" and "footnote twenty-eight" in anchored(tree, 28).text()
    assert "L15" not in tree.anchors()  # the table rule is no block


def test_anchors_are_never_empty_blocks_before_tables(render_one):
    tree = render_one("> [!info] T\n> x\n\n```\ncode\n```\n")
    for anchor in tree.find_all("a"):
        if anchor.get("name", "").startswith("L"):
            assert anchor.parent.tag not in ("body", "#root", "td", "table", "tr"), anchor.parent


def test_sample_links_and_citations_have_their_line(sample_vault, renderer):
    renderer.theme = "light"
    for path, note in sample_vault.notes.items():
        anchors = set(body(renderer.render(path).html).anchors())
        lines = {link.line for link in note.links} | {t.line for t in note.timestamps}
        lines |= {heading.line for heading in note.headings}
        missing = sorted(line for line in lines if f"L{line}" not in anchors)
        assert not missing, (path, missing)


def test_wrapped_note_keeps_file_line_numbers(render_one):
    tree = render_one("---\ntitle: W\n---\n```markdown\n## Two\n\nSeven [[x]]\n```\n")
    assert anchored(tree, 5).tag == "h2"
    assert anchored(tree, 7).tag == "p"


def test_comments_do_not_shift_lines(render_one):
    tree = render_one("one %%a\nb\nc%% still one\n\nfive\n")
    assert "still one" in anchored(tree, 1).text()
    assert anchored(tree, 5).text().strip() == "five"
    assert not {"L2", "L3"} & set(tree.anchors())
