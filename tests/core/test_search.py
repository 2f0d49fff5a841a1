"""Full-text search: ranking, snippets, query syntax, and input that must never break it."""

from __future__ import annotations

import json

import pytest

from viewer.core.cache import IndexCache
from viewer.core.search import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, SearchIndex, to_fts_query
from viewer.core.vault import Vault


@pytest.fixture(scope="module")
def index(tmp_path_factory, sample_vault_path):
    vault = Vault.load(sample_vault_path)
    cache = IndexCache(vault.root, tmp_path_factory.mktemp("search") / "index.sqlite3")
    search = SearchIndex(cache)
    titles = {path: note.title for path, note in vault.notes.items()}
    assert search.sync(vault.root, vault.files, titles) == len(vault.notes)
    return search


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Prussian blue", "deepcast/sodium_ion_batteries.md"),
        ("pyrometric", "makers-hour/glaze_chemistry_for_potters.md"),
        ("water boatmen", "field-signals/hydrophone_recording.md"),
        ("Lombard effect", "field-signals/anthropogenic_noise.md"),
        ('"bank teller"', "deepcast/future_of_work.md"),
        ("almond croissant", "library/reading/Café Notes.md"),
    ],
)
def test_distinctive_words_rank_their_note_first(index, query, expected):
    hits = index.search(query)
    assert hits and hits[0].path == expected


def test_titles_weigh_more_than_bodies(index):
    hits = index.search("echolocation")
    assert hits[0].path == "field-signals/bat_echolocation.md"
    assert hits[0].title == "Bat Echolocation"
    assert hits[0].score > hits[-1].score or len(hits) == 1


def test_snippets_mark_the_matched_terms(index):
    hit = index.search("water boatmen")[0]
    assert f"{HIGHLIGHT_OPEN}water{HIGHLIGHT_CLOSE}" in hit.snippet.lower()
    assert hit.snippet_marked("[", "]").lower().count("[water]") >= 1


def test_prefix_phrase_and_boolean_operators(index):
    prefix = {h.path for h in index.search("pyrometr*")}
    assert "makers-hour/glaze_chemistry_for_potters.md" in prefix
    either = {h.path for h in index.search("pyrometric OR boatmen")}
    assert {
        "makers-hour/glaze_chemistry_for_potters.md",
        "field-signals/hydrophone_recording.md",
    } <= either
    without = {h.path for h in index.search("kiln NOT pyrometric")}
    assert "makers-hour/glaze_chemistry_for_potters.md" not in without
    assert not index.search('"teller bank"')  # a phrase keeps its word order


def test_title_column_filter(index):
    paths = [h.path for h in index.search("title:future")]
    assert set(paths) == {"deepcast/future_of_work.md", "makers-hour/future_of_work.md"}


@pytest.mark.parametrize(
    "query",
    [
        "foo-bar",
        '"unclosed',
        "(((",
        "*",
        "title:",
        "'; DROP TABLE docs; --",
        "NOT",
        "AND OR",
        '"',
        "^",
        "a:b:c",
        "NEAR(x y)",
        "\x00",
        "é*",
        "-",
        "{col}: x",
        "x" * 5000,
    ],
)
def test_hostile_queries_return_normally(index, query):
    results = index.search(query)
    assert isinstance(results, list)
    assert index.count() == 29  # nothing was dropped by a query


def test_query_translation_quotes_every_term():
    assert to_fts_query("foo-bar") == '"foo-bar"'
    assert to_fts_query('"unclosed phrase') == '"unclosed phrase"'
    assert to_fts_query("(((") is None
    assert to_fts_query("*") is None
    assert to_fts_query("a b*", prefix_last=False) == '"a" AND "b"*'
    assert to_fts_query("a b", prefix_last=True) == '"a" AND "b"*'
    assert to_fts_query("NOT a") == '"a"'
    assert to_fts_query('say "hi"') == '"say" AND "hi"'


def test_index_follows_changes(tmp_path, make_vault):
    root = make_vault({"a.md": "alpha words", "b.md": "beta words"})
    vault = Vault.load(root)
    search = SearchIndex(IndexCache(root, tmp_path / "s.sqlite3"))
    titles = {p: n.title for p, n in vault.notes.items()}
    search.sync(root, vault.files, titles)
    assert [h.path for h in search.search("alpha")] == ["a.md"]
    (root / "a.md").write_text("gamma now", encoding="utf-8")
    (root / "b.md").unlink()
    vault = Vault.load(root)
    assert search.stale(vault.files) == (["a.md"], ["b.md"])
    search.sync(root, vault.files, {p: n.title for p, n in vault.notes.items()})
    assert search.search("alpha") == [] and search.search("beta") == []
    assert [h.path for h in search.search("gamma")] == ["a.md"]


def test_cli_search_json(sample_vault_path, capsys):
    from viewer.cli import main

    assert main(["search", str(sample_vault_path), "water boatmen", "--json", "--limit", "3"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["path"] == "field-signals/hydrophone_recording.md"
    assert set(hits[0]) == {"path", "title", "snippet", "score"}
    assert "**water**" in hits[0]["snippet"].lower()
    assert main(["search", str(sample_vault_path), "(((", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_plain_text_leaves_out_bylines_fences_heading_marks_and_citations():
    from viewer.core.search import plain_text

    note = (
        "---\ntitle: Kilns\n---\n```markdown\nFrom: [[studio]] <br/>\n## The firing\n"
        'Cone six **matters** `here` <a class="yt-timestamp" data-t="01:02:03">[01:02:03]</a>.\n'
        "```\n"
    )
    text = plain_text(note)
    assert "studio" not in text and "From" not in text
    assert "```" not in text and "markdown" not in text and "#" not in text
    assert "01:02:03" not in text and "**" not in text and "`" not in text
    assert "The firing" in text and "Cone six matters here" in text
    # An intro running on after the byline is the note's own words; a bare time link is a
    # citation too.
    text = plain_text('From: [[studio]] <br/>Kilns cool slowly <a href="#">[4:10]</a>.\n')
    assert text.strip() == "Kilns cool slowly  ."


def test_snippets_start_with_the_note_s_words(index):
    for hit in index.search("hydrophone", limit=20):
        assert "From:" not in hit.snippet and "field-signals" not in hit.snippet
        assert "00:38:20" not in hit.snippet and "[00:" not in hit.snippet


def test_match_count_counts_past_the_limit(index):
    everything = index.search("the", limit=1000)
    assert len(everything) > 5
    assert len(index.search("the", limit=5)) == 5
    assert index.match_count("the") == len(everything)
    assert index.match_count("(((") == 0 and index.match_count('"unclosed') == 0


def test_the_index_is_rebuilt_when_its_text_changes(tmp_path, make_vault, monkeypatch):
    from viewer.core import search as search_module

    root = make_vault({"a.md": "alpha words"})
    vault = Vault.load(root)
    path = tmp_path / "s.sqlite3"
    titles = {p: n.title for p, n in vault.notes.items()}
    first = SearchIndex(IndexCache(root, path))
    assert first.sync(root, vault.files, titles) == 1
    assert first.sync(root, vault.files, titles) == 0  # up to date
    first.cache.close_all()
    monkeypatch.setattr(search_module, "TEXT_VERSION", search_module.TEXT_VERSION + 1)
    again = SearchIndex(IndexCache(root, path))
    assert again.search("alpha") == []
    assert again.sync(root, vault.files, titles) == 1  # every note indexed anew
    assert [h.path for h in again.search("alpha")] == ["a.md"]


def test_snippets_never_start_with_the_from_line_or_citation_fragments(make_vault):
    from viewer.core.search import plain_text

    note = (
        "---\ntitle: Orchard Ecology\nvideoId: abcdefghijk\n---\n\n"
        "From: [[orchardcast]] <br/> \n\n"
        'Pollinators visit the orchard at dawn <a class="yt-timestamp" data-t="00:01:02">'
        "[00:01:02]</a>. Bees favour the old trees "
        '<a class="yt-timestamp" data-t="00:03:04">[00:03:04]</a>.\n'
    )
    text = plain_text(note)
    assert "From:" not in text and "orchardcast" not in text
    assert "[00:01:02]" not in text and "00:03:04" not in text
    root = make_vault({"orchard.md": note, "orchardcast.md": "The channel."})
    vault = Vault.load(root)
    cache = IndexCache(vault.root, root.parent / "search.sqlite3")
    index = SearchIndex(cache)
    index.sync(vault.root, vault.files, {p: n.title for p, n in vault.notes.items()})
    for query in ("pollinators", "orchard", "bees"):
        hit = index.search(query)[0]
        assert hit.path == "orchard.md"
        plain = hit.snippet_marked("", "")
        assert not plain.startswith("From") and "[00:" not in plain and "yt-timestamp" not in plain
    cache.close()


def test_children_share_a_large_build_and_find_what_one_sync_finds(
    tmp_path, sample_vault_path, monkeypatch
):
    """A large build is shared by SEARCH_CHILDREN processes, each a share of the notes (by
    bytes); together they index every note once, as a sync here would, and a note gone since
    the last build is dropped."""
    from viewer.core import search as search_module
    from viewer.core.scan import FileEntry

    vault = Vault.load(sample_vault_path)
    titles = {path: note.title for path, note in vault.notes.items()}
    here = SearchIndex(IndexCache(vault.root, tmp_path / "here.sqlite3"))
    here.sync(vault.root, vault.files, titles)
    elsewhere = SearchIndex(IndexCache(vault.root, tmp_path / "elsewhere.sqlite3"))
    gone = FileEntry("gone.md", 1, 1)  # indexed by an earlier build, deleted since
    elsewhere.sync(vault.root, {"gone.md": gone}, {"gone.md": "Gone"})
    monkeypatch.setattr(search_module, "PARALLEL_MIN_BYTES", 0)
    job = search_module._sync_job

    def counted(*args):  # each child leaves how many notes its share held
        (tmp_path / f"share-{args[5]}").write_text(str(len(args[2])), encoding="utf-8")
        job(*args)

    monkeypatch.setattr(search_module, "_sync_job", counted)
    count = elsewhere.sync_elsewhere(vault.root, vault.files, titles, start_method="fork")
    assert count == len(vault.notes) and elsewhere.problem is None
    assert elsewhere.count() == here.count() == len(vault.notes)
    for query in ("Prussian blue", "pyrometric", '"bank teller"', "almond croissant"):
        assert elsewhere.search(query) == here.search(query)
    assert elsewhere.progress() is None  # each child cleared its share's progress
    shares = [int(path.read_text()) for path in sorted(tmp_path.glob("share-*"))]
    assert len(shares) == search_module.SEARCH_CHILDREN and sum(shares) == len(vault.notes)
    # The children's segments were merged into one: merging again changes nothing.
    connection = elsewhere.cache.connect()
    merged = connection.execute("SELECT count(*), sum(length(block)) FROM fts_data").fetchone()
    connection.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    again = connection.execute("SELECT count(*), sum(length(block)) FROM fts_data").fetchone()
    assert again == merged


def test_shares_are_balanced_by_bytes_and_cover_every_path():
    from viewer.core.scan import FileEntry
    from viewer.core.search import _shares

    sizes = {"big.md": 900, "a.md": 300, "b.md": 300, "c.md": 300, "d.md": 10}
    files = {path: FileEntry(path, 0, size) for path, size in sizes.items()}
    shares = _shares(list(files), files, 2)
    assert sorted(path for share in shares for path in share) == sorted(files)
    weights = sorted(sum(sizes[path] for path in share) for share in shares)
    assert weights == [900, 910]
    assert _shares(["a.md"], files, 2) == [["a.md"]]  # never an empty share
