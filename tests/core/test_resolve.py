"""Link resolution: which note a link means, decided the same way every time."""

from __future__ import annotations

import unicodedata

import pytest

from viewer.core.names import clean, fold, natural_key, slug, topic_key
from viewer.core.vault import Vault


@pytest.fixture
def resolve_in(make_vault):
    """Write `files`, add `source` linking to each target, and return {target: resolved}."""

    def run(files: dict[str, str], targets: list[str], source: str = "src/source.md") -> dict:
        body = "\n".join(f"[[{target}]]" for target in targets) + "\n"
        vault = Vault.load(make_vault({**files, source: body}), workers=1)
        resolved = vault.resolved_links(source)
        assert len(resolved) == len(targets)
        return {target: found for target, (_, found) in zip(targets, resolved, strict=True)}

    return run


def test_sample_vault_links_land_in_their_own_channel(sample_vault):
    for source in sample_vault.notes:
        for link, target in sample_vault.resolved_links(source):
            if link.target == "future_of_work":
                channel = source.split("/")[0]
                assert target == f"{channel}/future_of_work.md", (source, link.line)
    welcome = dict(
        ((link.target, link.heading), target)
        for link, target in sample_vault.resolved_links("Welcome.md")
    )
    assert welcome[("deepcast/future_of_work", None)] == "deepcast/future_of_work.md"
    assert welcome[("directory.md", None)] == "directory.md"
    assert welcome[("Design Notes", "^palette")] == "library/Design Notes.md"
    assert welcome[("assets/waveform.png", None)] == "assets/waveform.png"


def test_sample_vault_names(sample_vault):
    reading = dict(
        (link.target, target)
        for link, target in sample_vault.resolved_links("library/reading/2024/Reading List.md")
    )
    assert reading["Style Guide"] == "library/Design Notes.md"  # an alias
    assert reading["Welcome"] == "Welcome.md"
    assert reading["Café Notes"] == "library/reading/Café Notes.md"
    assert reading["grid_scale_energy_storage"] == "deepcast/grid_scale_energy_storage.md"
    assert sample_vault.find("Start Here") == "Welcome.md"
    assert sample_vault.find("home") == "Welcome.md"
    assert sample_vault.find("deepcast/future_of_work") == "deepcast/future_of_work.md"
    assert sample_vault.find("makers-hour/future_of_work.md") == "makers-hour/future_of_work.md"
    assert sample_vault.find("Nobody Here") is None


def test_vault_relative_paths_with_or_without_md(resolve_in):
    files = {"a/x.md": "", "b/x.md": "", "src/x.md": "", "deep/a/x.md": "", "x/y/Name.md": ""}
    found = resolve_in(files, ["a/x", "a/x.md", "b/x", "A/X", "y/Name", "src/x"])
    assert found == {
        "a/x": "a/x.md",
        "a/x.md": "a/x.md",
        "b/x": "b/x.md",  # a path beats the linking note's own folder
        "A/X": "a/x.md",
        "y/Name": "x/y/Name.md",  # a partial path matches the end of a path
        "src/x": "src/x.md",
    }


def test_file_names_match_without_case_composition_or_invisible_characters(resolve_in):
    nfd = unicodedata.normalize("NFD", "Café Notes")
    assert nfd != "Café Notes"
    files = {"lib/Café Notes.md": "", "Welcome.md": ""}
    targets = [
        "café notes",
        nfd,
        "Caf\u200bé Notes",
        "\ufeffCafé Notes",
        "Café\u200e Notes",
        "Wel\u2060come",
        "Welcome\u206f",
        "Wel\u200fcome",
        "WELCOME",
    ]
    found = resolve_in(files, targets)
    assert found == {
        t: "lib/Café Notes.md" if "caf" in t.casefold() else "Welcome.md" for t in targets
    }


def test_a_file_name_written_in_nfd_on_disk_matches_nfc_links(resolve_in):
    name = unicodedata.normalize("NFD", "Résumé") + ".md"
    found = resolve_in({name: ""}, ["Résumé", "résumé"])
    assert found == {"Résumé": name, "résumé": name}


def test_aliases_titles_and_slugs(resolve_in):
    files = {
        "Welcome.md": "---\naliases: [Start Here, Home]\n---\n",
        "x/abc123.md": "---\ntitle: Quantum Widgets\n---\n",
        "library/Design Notes.md": "",
        "q/Rock & Roll (Live).md": "",
    }
    found = resolve_in(
        files,
        [
            "Start Here",
            "home",
            "Quantum Widgets",
            "quantum widgets",
            "Design-Notes",
            "design_notes",
            "Design  Notes!",
            "rock roll live",
            "Rock-&-Roll-(Live)",
        ],
    )
    assert found == {
        "Start Here": "Welcome.md",
        "home": "Welcome.md",
        "Quantum Widgets": "x/abc123.md",
        "quantum widgets": "x/abc123.md",
        "Design-Notes": "library/Design Notes.md",
        "design_notes": "library/Design Notes.md",
        "Design  Notes!": "library/Design Notes.md",
        "rock roll live": "q/Rock & Roll (Live).md",
        "Rock-&-Roll-(Live)": "q/Rock & Roll (Live).md",
    }


def test_order_of_evidence(resolve_in):
    files = {
        # file name beats alias
        "Home.md": "",
        "Welcome.md": "---\naliases: [Home, Foo]\n---\n",
        # alias beats title
        "titled.md": "---\ntitle: Foo\n---\n",
        # title beats slug
        "foo-bar.md": "",
        "other.md": "---\ntitle: Foo Bar\n---\n",
        # path beats file name
        "p/target.md": "",
        "target.md": "",
    }
    found = resolve_in(files, ["Home", "Foo", "Foo Bar", "foo_bar", "p/target", "target"])
    assert found == {
        "Home": "Home.md",
        "Foo": "Welcome.md",
        "Foo Bar": "other.md",
        "foo_bar": "foo-bar.md",
        "p/target": "p/target.md",
        "target": "target.md",  # shortest path among equals
    }


def test_exact_case_first(resolve_in):
    files = {"x/acquiredFM.md": "", "x/acquiredfm.md": ""}
    found = resolve_in(files, ["acquiredFM", "acquiredfm", "ACQUIREDFM"], source="x/src.md")
    assert found == {
        "acquiredFM": "x/acquiredFM.md",
        "acquiredfm": "x/acquiredfm.md",
        "ACQUIREDFM": "x/acquiredFM.md",  # no exact match: alphabetical ("F" < "f")
    }
    # Exact case outranks the linking note's own folder.
    found = resolve_in({"src/topic.md": "", "far/away/Topic.md": ""}, ["Topic", "topic"])
    assert found == {"Topic": "far/away/Topic.md", "topic": "src/topic.md"}


def test_exact_case_of_aliases(resolve_in):
    files = {"a.md": "---\naliases: [GPU]\n---\n", "b.md": "---\naliases: [gpu]\n---\n"}
    assert resolve_in(files, ["GPU", "gpu", "Gpu"]) == {"GPU": "a.md", "gpu": "b.md", "Gpu": "a.md"}


def test_own_folder_then_shared_prefix_then_shortest_then_alphabetical(make_vault):
    files = {
        "a/b/c/source.md": "[[t]]",
        "a/b/x/t.md": "",
        "a/t.md": "",
        "t.md": "",
        "z/y/w/t.md": "",
        "q/source.md": "[[u]] [[v]] [[w]]",
        "z/y/u.md": "",
        "long/u.md": "",
        "bb/v.md": "",
        "c/v.md": "",
        "n/w.md": "",
        "m/w.md": "",
        "own/source.md": "[[t]]",
        "own/t.md": "",
    }
    vault = Vault.load(make_vault(files), workers=1)

    def targets(source: str) -> list[str | None]:
        return [target for _, target in vault.resolved_links(source)]

    assert targets("own/source.md") == ["own/t.md"]  # own folder
    assert targets("a/b/c/source.md") == ["a/b/x/t.md"]  # longest shared folder prefix
    assert targets("q/source.md") == [
        "long/u.md",  # fewer folders first
        "c/v.md",  # then the shorter path
        "m/w.md",  # then alphabetical
    ]


def test_attachments_resolve_by_path_name_or_relative_folder(make_vault):
    root = make_vault(
        {
            "notes/page.md": "![[img.png]] ![[assets/img.png]] ![[missing.png]] ![[local.png]]",
            "assets/img.png": b"\x89PNG",
            "notes/local.png": b"\x89PNG",
        }
    )
    vault = Vault.load(root, workers=1)
    assert [target for _, target in vault.resolved_links("notes/page.md")] == [
        "assets/img.png",
        "assets/img.png",
        None,
        "notes/local.png",
    ]
    assert vault.topics() == []  # a missing attachment is not a topic


def test_markdown_links_resolve_relative_to_their_note(make_vault):
    root = make_vault(
        {
            "library/reading/Note.md": (
                "[up](../Guide.md) [here](Sibling.md) [root](/Top.md) [gone](Missing.md)"
            ),
            "library/Guide.md": "",
            "library/reading/Sibling.md": "",
            "Top.md": "",
        }
    )
    vault = Vault.load(root, workers=1)
    assert [target for _, target in vault.resolved_links("library/reading/Note.md")] == [
        "library/Guide.md",
        "library/reading/Sibling.md",
        "Top.md",
        None,
    ]
    assert [t.name for t in vault.topics()] == ["Missing"]


def test_heading_only_links_mean_the_same_note(make_vault):
    vault = Vault.load(make_vault({"n.md": "# Top\n[[#Top]] [[#^blk]]\n"}), workers=1)
    assert [target for _, target in vault.resolved_links("n.md")] == ["n.md", "n.md"]


def test_name_keys():
    assert clean("  Cafe\u0301\u200b  ") == "Café"
    assert fold("ÉCOLE") == "école"
    assert topic_key("Elon Musk") == topic_key("elon_musk") == topic_key("elon-musk") == "elon_musk"
    assert topic_key("  Elon  -_ Musk ") == "elon_musk"
    assert slug("Rock & Roll (Live)!") == "rock_roll_live"
    assert slug("Design-Notes") == slug("design notes") == slug("DESIGN_NOTES")
    assert sorted(["Episode 10", "episode 2", "Episode 1"], key=natural_key) == [
        "Episode 1",
        "episode 2",
        "Episode 10",
    ]
