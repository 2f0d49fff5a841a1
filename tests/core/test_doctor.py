"""`doctor` reports from what indexing knows and parses only the notes it must show."""

from __future__ import annotations

import pytest

from viewer.core import vault as vault_module
from viewer.core.loader import load_vault
from viewer.core.report import doctor

CITE = '<a class="yt-timestamp" data-t="{}">[{}]</a>'


@pytest.fixture
def counted_parses(monkeypatch):
    """Paths of the notes the vault parses fully from their files."""
    parsed: list[str] = []
    real = vault_module.parse_text

    def counting(note, text):
        parsed.append(note.path)
        return real(note, text)

    monkeypatch.setattr(vault_module, "parse_text", counting)
    return parsed


def test_doctor_parses_only_notes_with_problems(make_vault, counted_parses):
    healthy = {
        f"ch/topic_{i}.md": (
            f"---\ntitle: Topic {i}\nvideoId: abcdefghijk\n---\n"
            f"Text [[topic_{(i + 1) % 40}]] and [[Someone Unknown]] "
            + CITE.format("00:01:02", "00:01:02")
            + "\n"
        )
        for i in range(40)
    }
    broken = {
        "ch/bad_time.md": "---\nvideoId: abcdefghijk\n---\nx " + CITE.format("N/A", "N/A") + "\n",
        "ch/no_video.md": "no id " + CITE.format("00:00:05", "00:00:05") + "\n",
        "ch/embeds.md": "![[missing picture.png]] and [[topic_1#No Such Heading]]\n",
        "ch/heading_ok.md": "[[topic_2#Real]]\n",
        "ch/topic_2.md": "---\ntitle: Topic 2\nvideoId: abcdefghijk\n---\n## Real\n",
    }
    root = make_vault({**healthy, **broken})
    vault = load_vault(root, use_cache=False, workers=1).vault
    counted_parses.clear()
    report = doctor(vault)

    kinds = {(p["path"], p["kind"]) for p in report["problems"]}
    assert ("ch/embeds.md", "missing-embed") in kinds
    assert ("ch/embeds.md", "missing-heading") in kinds
    assert ("ch/no_video.md", "no-video-id") in kinds
    assert not any(p["path"] == "ch/heading_ok.md" for p in report["problems"])
    assert report["timestamps"]["invalid"] == 1
    assert report["timestamps"]["examples"][0]["path"] == "ch/bad_time.md"
    assert report["unresolved_topics"] == len(vault.topics()) == 1
    # Parsed: the notes holding a problem or an example, and the targets of heading links.
    assert set(counted_parses) <= {
        "ch/bad_time.md",
        "ch/embeds.md",
        "ch/heading_ok.md",
        "ch/topic_1.md",
        "ch/topic_2.md",
    }
    assert "ch/topic_7.md" not in counted_parses


def test_doctor_from_the_cache_equals_doctor_from_files(make_vault):
    root = make_vault(
        {
            "a.md": "[[b#Gone]] ![[c.png]] [[Nobody]] " + CITE.format("99:99", "x") + "\n",
            "b.md": "# Here\n[[a]]\n",
            "sub/b.md": "twin name\n",
        }
    )
    cold = load_vault(root, use_cache=True, workers=1)
    cold.write_cache()
    warm = load_vault(root, use_cache=True, workers=1)
    assert warm.from_cache == 3 and warm.links_from_cache
    assert doctor(warm.vault) == doctor(cold.vault)


def test_names_that_differ_only_in_case_or_note_suffix_are_ambiguous(make_vault):
    root = make_vault(
        {
            "a/Topic.md": "A.\n",
            "b/topic.MARKDOWN": "B.\n",
            "c/TOPIC.Md": "C.\n",
            "d/topic.md.md": "Not the same name: its stem is 'topic.md'.\n",
            "e/topic-two.md": "Another name.\n",
        }
    )
    report = doctor(load_vault(root, use_cache=False, workers=1).vault)
    ambiguous = sorted(p["path"] for p in report["problems"] if p["kind"] == "ambiguous-name")
    assert ambiguous == ["a/Topic.md", "b/topic.MARKDOWN", "c/TOPIC.Md"]
