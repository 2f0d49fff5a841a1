"""Reading one note: title, aliases, tags, videoId, headings and every link with its line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.parse import Link, markdown_wrapper, parse_note

FAST = settings(max_examples=200, deadline=None, database=None)


def parse(text: str, path: str = "folder/note.md"):
    return parse_note(path, text.encode("utf-8"))


def links(text: str, path: str = "folder/note.md") -> list[tuple]:
    """(target, alias, heading, line, embed, markdown) of every link."""
    return [
        (link.target, link.alias, link.heading, link.line, link.embed, link.markdown)
        for link in parse(text, path).links
    ]


# -- metadata -------------------------------------------------------------------------------


def test_title_is_the_frontmatter_title_else_the_file_name():
    assert parse("---\ntitle: The Future of Work\n---\nbody\n").title == "The Future of Work"
    assert parse("---\ntitle: The Future of Work\n---\n").has_frontmatter_title
    untitled = parse("# A heading is not a title\n", "deepcast/future_of_work.md")
    assert untitled.title == "future_of_work"
    assert not untitled.has_frontmatter_title
    assert parse("---\ntitle: ''\n---\n", "x/Name.md").title == "Name"


def test_aliases_in_every_shape():
    assert parse("---\naliases: [Start Here, Home]\n---\n").aliases == ["Start Here", "Home"]
    assert parse("---\naliases:\n  - One\n  - Two\n---\n").aliases == ["One", "Two"]
    assert parse("---\nalias: Solo\n---\n").aliases == ["Solo"]
    assert parse("---\naliases: A, B\n---\n").aliases == ["A", "B"]
    assert parse("---\ntitle: x\n---\n").aliases == []


def test_tags_from_frontmatter_and_inline():
    note = parse(
        "---\ntags: [design, design/colour]\n---\n"
        "Text #inline and #nested/deeper/tag, #Design again, (#paren) and #under_score.\n"
    )
    assert note.tags == ["design", "design/colour", "inline", "nested/deeper/tag", "under_score"]
    assert parse("---\ntags: '#one, two'\n---\n").tags == ["one", "two"]
    assert parse("---\ntags:\n  - a/b\n---\n").tags == ["a/b"]


def test_what_is_not_a_tag():
    note = parse(
        "# Heading one\n"
        "## Heading two\n"
        "Issue #123 and #2024 are numbers, a#b is a word, [[Note#Section]] is a link,\n"
        "see https://example.org/#anchor and `#code` or ``#more code``.\n"
        "```\n#fenced\n```\n"
        "~~~\n#tilde\n~~~\n"
        "    \n"
        "#real\n"
    )
    assert note.tags == ["real"]


def test_video_id():
    assert parse("---\nvideoId: p0Wz_7HnYtE\n---\n").video_id == "p0Wz_7HnYtE"
    assert parse("---\nvideoId: -j0tc0Y1CIE\n---\n").video_id == "-j0tc0Y1CIE"
    assert parse("---\nvideo_id: Zc2-qF6yWhP\n---\n").video_id == "Zc2-qF6yWhP"
    url = "---\nvideoId: https://www.youtube.com/watch?v=Lr8uT1eXo5D&t=4s\n---\n"
    assert parse(url).video_id == "Lr8uT1eXo5D"
    assert parse("no frontmatter\n").video_id is None


def test_headings_with_lines_and_not_in_code():
    note = parse(
        "---\ntitle: t\n---\n# One\ntext\n## Two ##\n```\n# not a heading\n```\n"
        "###### Six\n####### seven is text\n#NoSpace\n"
    )
    assert [(h.level, h.text, h.line) for h in note.headings] == [
        (1, "One", 4),
        (2, "Two", 6),
        (6, "Six", 10),
    ]


def test_sample_welcome_note(sample_vault):
    note = sample_vault.notes["Welcome.md"]
    assert note.title == "Welcome"
    assert list(note.aliases) == ["Start Here", "Home"]
    assert list(note.tags) == ["guide", "guide/getting-started", "sample"]
    assert [(h.level, h.text, h.line) for h in note.headings] == [
        (1, "Welcome to Vault Viewer", 7),
        (2, "What is in here", 11),
        (2, "Getting around", 23),
        (2, "Markdown the viewer understands", 32),
    ]
    assert [(link.target, link.heading, link.line, link.embed) for link in note.links] == [
        ("directory.md", None, 13, False),
        ("deepcast", None, 17, False),
        ("makers-hour", None, 18, False),
        ("field-signals", None, 19, False),
        ("deepcast/future_of_work", None, 21, False),
        ("Design Notes", "Typography", 34, False),
        ("Design Notes", "^palette", 34, False),
        ("Design Notes", "Colour", 36, True),
        ("assets/waveform.png", None, 40, True),
    ]


def test_sample_vault_inline_tags_are_exactly_three(sample_vault):
    inline = set()
    for note in sample_vault.notes.values():
        inline.update(note.tags)
    assert inline == {
        "guide",
        "guide/getting-started",
        "sample",
        "design",
        "design/colour",
        "reading",
        "reading/queue",
    }
    # `#1e1f22` in inline code is not a tag
    assert list(sample_vault.notes["library/Design Notes.md"].tags) == ["design", "design/colour"]


# -- links -------------------------------------------------------------------------------------


def test_every_link_form_with_its_line():
    text = (
        "[[plain]]\n"
        "[[target | alias text]] and [[target|tight]]\n"
        "[[target#Some Heading]] and [[target#^block-id]]\n"
        "![[embedded note]] ![[picture.png]]\n"
        "[[#Local heading]]\n"
        "[[folder/deep/path.md | by path]]\n"
        "[[a#b | both]]\n"
    )
    assert links(text) == [
        ("plain", None, None, 1, False, False),
        ("target", "alias text", None, 2, False, False),
        ("target", "tight", None, 2, False, False),
        ("target", None, "Some Heading", 3, False, False),
        ("target", None, "^block-id", 3, False, False),
        ("embedded note", None, None, 4, True, False),
        ("picture.png", None, None, 4, True, False),
        ("", None, "Local heading", 5, False, False),
        ("folder/deep/path.md", "by path", None, 6, False, False),
        ("a", "both", "b", 7, False, False),
    ]


def test_link_columns_point_at_the_link():
    text = "intro\nSome words [[first]] then ![[second]].\n"
    note = parse(text)
    line = text.split("\n")[1]
    assert [line[link.column :][:3] for link in note.links] == ["[[f", "![["]


def test_escaped_pipe_in_tables():
    assert links("| [[target\\|alias]] | cell |\n") == [("target", "alias", None, 1, False, False)]


def test_markdown_links_to_notes_are_relative_to_the_note():
    text = (
        "[same folder](Other.md) [up](../Top.md#Part) [rooted](/x/Y.md)\n"
        "[spaces](Design%20Notes.md) [angle](<With Space.md>) [deeper](sub/Deep.md)\n"
        "[web](https://example.org/page.md) [mail](mailto:a@b.md) [anchor](#here)\n"
        "![image](picture.png) [not a note](file.txt)\n"
    )
    assert links(text, "library/reading/Note.md") == [
        ("library/reading/Other.md", "same folder", None, 1, False, True),
        ("library/Top.md", "up", "Part", 1, False, True),
        ("x/Y.md", "rooted", None, 1, False, True),
        ("library/reading/Design Notes.md", "spaces", None, 2, False, True),
        ("library/reading/With Space.md", "angle", None, 2, False, True),
        ("library/reading/sub/Deep.md", "deeper", None, 2, False, True),
    ]


def test_wikilinks_and_markdown_links_stay_in_reading_order():
    text = "[[b]] then [a](a.md)\n[c](c.md) then [[d]]\n"
    assert [(t, line) for t, _, _, line, _, _ in links(text, "n.md")] == [
        ("b", 1),
        ("a.md", 1),
        ("c.md", 2),
        ("d", 2),
    ]


def test_links_in_code_do_not_count():
    text = (
        "`[[span]]` and ``[[double `tick` span]]`` and [[real one]]\n"
        "```python\n"
        'x = "[[fenced]]"  # [md](fenced.md)\n'
        "```\n"
        "~~~\n"
        "[[tilde fenced]]\n"
        "~~~\n"
        "> ```\n"
        "> [[quoted fence]]\n"
        "> ```\n"
        "`[inline](code.md)` [[after]]\n"
    )
    assert [t for t, *_ in links(text)] == ["real one", "after"]


def test_unclosed_fence_runs_to_the_end():
    assert links("[[before]]\n```\n[[inside]]\n") == [("before", None, None, 1, False, False)]


def test_empty_and_odd_wikilinks():
    assert links("[[]] [[ ]] [[|alias]] [[#]]\n") == []
    assert links("[[a]]]] [[[b]]\n") == [
        ("a", None, None, 1, False, False),
        ("b", None, None, 1, False, False),
    ]


def test_sample_welcome_code_links_are_not_links(sample_vault):
    targets = [link.target for link in sample_vault.notes["Welcome.md"].links]
    assert "not_a_link" not in targets
    assert "also_not_a_link" not in targets


# -- ```markdown wrappers ----------------------------------------------------------------------


def test_a_note_wrapped_in_a_markdown_fence_is_read_as_markdown():
    text = (
        "---\ntitle: Wrapped\nvideoId: abc\n---\n"
        "```markdown\n"
        "# Inside\n"
        '[[linked]] at <a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a> #tagged\n'
        "~~~\n[[still code]]\n~~~\n"
        "```\n"
        "\n"
    )
    note = parse(text)
    assert markdown_wrapper(text) is not None
    assert [(link.target, link.line) for link in note.links] == [("linked", 7)]
    assert [(t.seconds, t.line) for t in note.timestamps] == [(60, 7)]
    assert [(h.text, h.line) for h in note.headings] == [("Inside", 6)]
    assert note.tags == ["tagged"]


def test_md_info_string_and_unclosed_wrapper():
    assert [t for t, *_ in links("```md\n[[a]]\n```\n")] == ["a"]
    assert [t for t, *_ in links("```Markdown\n[[b]]\n")] == ["b"]


def test_a_markdown_fence_with_text_after_it_is_code():
    text = "Intro\n```markdown\n[[example]]\n```\nMore text [[real]]\n"
    assert markdown_wrapper(text) is None
    assert [t for t, *_ in links(text)] == ["real"]
    assert [t for t, *_ in links("```python\n[[x]]\n```\n")] == []


# -- properties ----------------------------------------------------------------------------------

NAME_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
    blacklist_characters="[]|#^\\`<>!%*_~=$&\n\r",
)
NAME = st.text(NAME_CHARS, min_size=1, max_size=24).filter(lambda s: s.strip() != "")
FILLER = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="[]`~\r\n-!\x00"),
    max_size=40,
)


@FAST
@given(
    before=st.lists(FILLER, max_size=6),
    prefix=FILLER,
    target=NAME,
    alias=NAME,
    pad_left=st.sampled_from(["", " ", "  "]),
    pad_right=st.sampled_from(["", " ", "\t"]),
)
def test_a_generated_wikilink_is_extracted_with_its_exact_line(
    before, prefix, target, alias, pad_left, pad_right
):
    lines = [*before, f"{prefix}[[{target}{pad_left}|{pad_right}{alias}]] trailing", "end"]
    note = parse("\n".join(lines), "n.md")
    assert note.links == [
        Link(
            target.strip(),
            alias.strip(),
            None,
            len(before) + 1,
            len(prefix),
            False,
            False,
        )
    ]


@FAST
@given(st.text(max_size=300))
def test_random_text_never_raises(text):
    note = parse(text)
    for link in note.links:
        assert link.line >= 1 and link.column >= 0
    assert note.title


@FAST
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(data):
    note = parse_note("n.md", data)
    assert note.path == "n.md"


@FAST
@given(
    st.lists(
        st.sampled_from(
            ["[[a]]", "[b](b.md)", "`", "```", "~~~", "\n", "\n\n", "#t", "](", "[", "]", " x "]
        ),
        max_size=40,
    )
)
def test_markup_soup_never_raises_and_lines_are_right(pieces):
    text = "".join(pieces)
    note = parse(text, "n.md")
    split = text.split("\n")
    for link in note.links:
        assert split[link.line - 1][link.column] in "[!"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_notes_with_a_bom_are_read(encoding, make_vault):
    import codecs

    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }[encoding]
    text = "---\ntitle: Wide Note\n---\n# Héading\nSee [[other]] #tagged\n"
    note = parse_note("wide.md", bom + text.encode(encoding))
    assert note.title == "Wide Note"
    assert [link.target for link in note.links] == ["other"]
    assert note.tags == ["tagged"]
    assert not note.problems
    from viewer.core.vault import Vault

    vault = Vault.load(make_vault({"wide.md": bom + text.encode(encoding), "other.md": "x"}))
    assert vault.notes["wide.md"].title == "Wide Note"
    assert [m.source for m in vault.backlinks("other.md")] == ["wide.md"]


def test_fifty_thousand_distinct_tags_parse_in_linear_time():
    import time

    text = " ".join(f"#topic{i}" for i in range(50_000))
    started = time.perf_counter()
    note = parse_note("tags.md", text.encode())
    assert time.perf_counter() - started < 5  # was a minute: each tag compared with all
    assert len(note.tags) == 50_000


def test_fifty_thousand_unclosed_citations_on_one_line_parse_in_linear_time():
    import time

    unclosed = '<a class="yt-timestamp">' * 50_000
    for text in (unclosed, unclosed + '\n<a class="yt-timestamp" data-t="1:02">x</a>'):
        started = time.perf_counter()
        note = parse_note("c.md", text.encode())
        assert time.perf_counter() - started < 5  # was over two minutes
    assert [stamp.seconds for stamp in note.timestamps] == [62]  # none closes on line 1


def test_a_link_path_over_255_bytes_never_raises(make_vault, capsys):
    from viewer.cli import main
    from viewer.core.report import doctor, show
    from viewer.core.vault import Vault, read_change

    long_name = "segment/" * 40 + "n" * 300
    root = make_vault(
        {
            "long.md": f"[[{long_name}]] ![[{'x' * 300}.png]] [t]({'y' * 300}.md) ![[{'z' * 300}]]",
        }
    )
    vault = Vault.load(root)
    assert show(vault, "long.md")["links"][0]["resolved"] is None
    assert doctor(vault)["links"]["total"] == 4
    assert read_change(root, long_name + ".md").entry is None
    assert vault.refresh_file(long_name + ".md") == "ignored"
    for command in ("show", "render"):
        assert main([command, str(root), "long.md"]) == 0
    assert main(["show", str(root), long_name]) == 0  # the name as a topic
    assert "Traceback" not in "".join(capsys.readouterr())
