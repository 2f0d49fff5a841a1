"""The index: backlinks with line and context, and unresolved topics as first-class pages."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.context import MAX_SNIPPET, WINDOW, plain, snippet
from viewer.core.report import show
from viewer.core.vault import Vault

FAST = settings(max_examples=150, deadline=None, database=None)
MARKUP = ("[[", "]]", "<a", "</a>", "yt-timestamp", "data-t")


def where(mentions) -> list[tuple[str, int]]:
    return [(m.source, m.line) for m in mentions]


# -- backlinks ---------------------------------------------------------------------------------


def test_sample_future_of_work_backlinks_stay_in_their_channels(sample_vault):
    assert where(sample_vault.backlinks("deepcast/future_of_work.md")) == [
        ("Welcome.md", 21),
        ("deepcast/automation_and_skill_formation.md", 20),
        ("deepcast/automation_and_skill_formation.md", 25),
        ("deepcast/circadian_rhythms_in_shift_work.md", 18),
        ("deepcast/circadian_rhythms_in_shift_work.md", 30),
        ("deepcast/deepcast.md", 10),
    ]
    assert where(sample_vault.backlinks("makers-hour/future_of_work.md")) == [
        ("makers-hour/apprenticeship_and_teaching.md", 24),
        ("makers-hour/apprenticeship_and_teaching.md", 27),
        ("makers-hour/hand_tools_versus_power_tools.md", 30),
        ("makers-hour/makers-hour.md", 8),
        ("makers-hour/pricing_handmade_work.md", 22),
        ("makers-hour/pricing_handmade_work.md", 27),
        ("makers-hour/seasonal_cash_flow.md", 26),
    ]
    assert sample_vault.linking_notes("library/Design Notes.md") == [
        "Welcome.md",
        "library/reading/2024/Reading List.md",
    ]


def test_backlinks_show_a_plain_context(sample_vault):
    data = show(sample_vault, "deepcast/future_of_work.md")
    contexts = {(b["path"], b["line"]): b["context"] for b in data["backlinks"]}
    assert contexts[("deepcast/deepcast.md", 10)] == "The Future of Work"  # a list item
    # A bare link reads as the title of the note it resolves to.
    assert contexts[("Welcome.md", 21)] == (
        "From anywhere else you can be explicit and link by path, as in The Future of Work."
    )
    assert all(b["title"] == sample_vault.title_of(b["path"]) for b in data["backlinks"])


def test_every_sample_context_is_short_plain_text(sample_vault):
    for path in sample_vault.notes:
        data = show(sample_vault, path)
        for item in data["backlinks"] + data["timestamps"]:
            context = item["context"]
            assert context, (path, item["line"])
            assert len(context) <= MAX_SNIPPET
            assert not any(markup in context for markup in MARKUP), context


def test_context_is_the_sentence_or_list_item():
    line = (
        "First sentence here. Second mentions [[Elon Musk | Musk]] and "
        '<a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>. Third one [[x]].'
    )
    assert snippet(line, line.index("[[Elon")) == "Second mentions Musk and [00:01:00]."
    assert snippet(line, line.index("<a")) == "Second mentions Musk and [00:01:00]."
    assert snippet(line, line.index("[[x")) == "Third one x."
    assert snippet("- [[future_of_work | The Future of Work]]", 2) == "The Future of Work"
    assert snippet("> - [ ] task [[a]] done", 12) == "task a done"
    assert snippet("## Heading with [[link]]", 16) == "Heading with link"
    assert snippet("1. Numbered [[x#Part]] item. Two.", 11) == "Numbered x › Part item. Two."
    assert plain("%%hidden%% ==marked== `code` &amp; <b>bold</b>") == "marked code & bold"


def test_citations_read_cleanly():
    cite = '<a class="yt-timestamp" data-t="00:59:01">[00:59:01]</a>'
    line = f'Lip service [{cite}]. Next ({cite}). The question {cite} "which jobs?" Other.'
    assert snippet(line, line.index("<a")) == "Lip service [00:59:01]."
    second = line.index("<a", line.index("Next"))
    assert snippet(line, second) == "Next ([00:59:01])."
    assert snippet(line, line.rindex("<a")) == 'The question [00:59:01] "which jobs?"'
    assert snippet(f"[{cite}][{cite}] end.", 1) == "[00:59:01][00:59:01] end."


def test_a_long_sentence_is_cut_with_the_link_in_view():
    line = "word " * 200 + "[[Target]] " + "more " * 200
    text = snippet(line, line.index("[[Target"))
    assert len(text) <= MAX_SNIPPET
    assert "Target" in text
    assert text.startswith("…") and text.endswith("…")


def test_a_huge_line_gives_the_same_snippet_as_a_short_one():
    sentence = 'Some fact about [[Target]] at <a class="yt-timestamp" data-t="1:00">[1:00]</a>. '
    short = snippet(sentence, sentence.index("[[Target"))
    huge = sentence * (3 * WINDOW // len(sentence) + 50)
    middle = len(huge) // 2
    column = huge.index("[[Target", middle)
    assert len(huge) > 2 * WINDOW
    assert snippet(huge, column) == short == "Some fact about Target at [1:00]."


WORD = st.sampled_from(["alpha", "beta.", "gamma,", "delta!", "- ", "> ", "**bold**", "`c`"])
LINK = st.sampled_from(
    [
        "[[Target]]",
        "[[Target | an alias]]",
        "[[Target#Heading]]",
        "![[Target]]",
        '<a class="yt-timestamp" data-t="00:01:02">[00:01:02]</a>',
        "[md](Target.md)",
    ]
)


@FAST
@given(st.lists(WORD, max_size=120), LINK, st.lists(WORD, max_size=120), st.lists(LINK))
def test_snippets_are_bounded_and_plain(before, link, after, others):
    prefix = " ".join(before + others) + " "
    line = prefix + link + " " + " ".join(after + others)
    text = snippet(line, len(prefix))
    assert len(text) <= MAX_SNIPPET
    assert not any(markup in text for markup in MARKUP)


# -- topics ----------------------------------------------------------------------------------------


def test_sample_topics_sorted_by_mentions(sample_vault):
    assert [(t.name, t.mentions, t.sources) for t in sample_vault.topics()] == [
        ("Ada Moreno", 6, 5),
        ("Priya Natarajan-Cole", 3, 3),
        ("Tomas Reyes", 3, 3),
    ]
    assert where(sample_vault.topic_mentions("ada_moreno")) == [
        ("deepcast/grid_scale_energy_storage.md", 10),
        ("deepcast/grid_scale_energy_storage.md", 22),
        ("deepcast/materials_discovery_with_machine_learning.md", 10),
        ("deepcast/sodium_ion_batteries.md", 10),
        ("field-signals/passive_acoustic_monitoring.md", 20),
        ("makers-hour/glaze_chemistry_for_potters.md", 12),
    ]


def test_spellings_of_one_topic_merge(make_vault):
    root = make_vault(
        {
            "a.md": "[[Elon Musk]] founded things.\n\nLater [[elon_musk]] again.\n",
            "b.md": "- [[elon-musk | the man]]\n- [[Elon Musk#Early life]]\n",
            "c.md": "[[ELON  MUSK]] and [[Someone Else]] and [[someone_else]]\n",
            "d.md": "[[Rare]]\n",
        }
    )
    vault = Vault.load(root, workers=1)
    topics = [(t.key, t.name, t.mentions, t.sources) for t in vault.topics()]
    assert topics == [
        ("elon_musk", "Elon Musk", 5, 3),
        ("someone_else", "Someone Else", 2, 1),
        ("rare", "Rare", 1, 1),
    ]
    for spelling in ("Elon Musk", "elon_musk", "elon-musk", "ELON MUSK", "Elon Musk.md"):
        assert vault.topic(spelling).key == "elon_musk"
    assert vault.topic("Nobody") is None
    assert where(vault.topic_mentions("elon-musk")) == [
        ("a.md", 1),
        ("a.md", 3),
        ("b.md", 1),
        ("b.md", 2),
        ("c.md", 1),
    ]


def test_a_topic_is_shown_with_its_backlinks(make_vault):
    root = make_vault(
        {
            "a.md": "Intro. [[Elon Musk]] founded things. Other sentence.\n",
            "b.md": "- [[elon_musk | the man]] in a list\n",
        }
    )
    data = show(Vault.load(root, workers=1), "elon-musk")
    assert data["path"] is None
    assert data["title"] == "Elon Musk"
    assert data["links"] == [] and data["timestamps"] == []
    assert data["backlinks"] == [
        {"path": "a.md", "title": "a", "line": 1, "context": "Elon Musk founded things."},
        {"path": "b.md", "title": "b", "line": 1, "context": "the man in a list"},
    ]


def test_a_note_claims_its_links_and_backlinks_include_itself(make_vault):
    root = make_vault(
        {
            "Elon Musk.md": "# Elon\nSee [[#Elon]] and [[Elon Musk]].\n",
            "a.md": "[[elon_musk]] and [[elon-musk]]\n",
        }
    )
    vault = Vault.load(root, workers=1)
    assert vault.topics() == []
    assert where(vault.backlinks("Elon Musk.md")) == [
        ("Elon Musk.md", 2),
        ("Elon Musk.md", 2),
        ("a.md", 1),
        ("a.md", 1),
    ]
    assert vault.link_counts() == (4, 4)


def test_link_counts_of_the_sample_vault(sample_vault):
    total, resolved = sample_vault.link_counts()
    assert total == sum(len(n.links) for n in sample_vault.notes.values())
    assert total - resolved == 12  # 6 + 3 + 3 mentions of people without a note


def test_link_key_index_keeps_each_holder_once_and_forgets_it_whole():
    from viewer.core.vault import LinkKeyIndex

    index = LinkKeyIndex()
    index.add("a.md", {"x", "y"})
    index.add("b.md", {"x"})
    assert sorted(index.get("x")) == ["a.md", "b.md"] and list(index.get("y")) == ["a.md"]
    index.discard("a.md", {"x", "y"})
    assert list(index.get("x")) == ["b.md"] and list(index.get("y")) == []
    index.discard("b.md", {"x"})
    index.discard("b.md", {"x", "never"})  # gone already: nothing to do
    assert list(index.get("x")) == []
