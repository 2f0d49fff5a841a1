"""Citation timestamps: one parser decides the second every view and the CLI links to."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.parse import parse_note
from viewer.core.report import show
from viewer.core.timestamps import (
    Timestamp,
    format_hms,
    format_time,
    parse_time,
    resolve_seconds,
    video_url,
)
from viewer.core.vault import Vault

FAST = settings(max_examples=300, deadline=None, database=None)


def citation(data_t: str, text: str) -> str:
    return f'<a class="yt-timestamp" data-t="{data_t}">{text}</a>'


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("01:18:18", 4698),
        ("1:18:18", 4698),
        ("00:00:00", 0),
        ("41:50", 2510),  # two parts are MM:SS, never HH:MM
        ("41:00", 2460),
        ("75:00", 4500),  # MM:SS minutes may pass an hour: there is no hours part to overflow
        ("00:12:30:15", 750),  # a fourth part is a frame count and is dropped
        ("00:07:05]", 425),  # stray bracket left by a generator
        ("[00:07:05]", 425),
        ("[ 00:07:05 ]", 425),
        ("00:07:05:", 425),  # trailing colon
        (" 00:07:05 ", 425),
        ("100:00:00", 360000),
    ],
)
def test_valid_times(text, seconds):
    assert parse_time(text) == seconds


@pytest.mark.parametrize(
    "text",
    [
        "HH:MM:SS",
        "N/A",
        "",
        "   ",
        "[]",
        "https://www.youtube.com/watch?v=abc&t=90s",
        "-00:01:00",
        "-1:00",
        "00:00:60",  # seconds >= 60
        "01:60:00",  # minutes >= 60 after an hours part
        "00:61",
        "12",  # a single number is not a time
        "1:2:3:4:5",
        "1.5:00",
        "01:18:18 extra",
        "1" * 5000 + ":00",  # int() would refuse this many digits: invalid, not a crash
    ],
)
def test_invalid_times(text):
    assert parse_time(text) is None


def test_data_t_wins_and_the_link_text_is_the_fallback():
    assert resolve_seconds("00:01:00", "[00:02:00]") == 60
    assert resolve_seconds("HH:MM:SS", "[00:44:10]") == 2650
    assert resolve_seconds("N/A", "[00:00:05]") == 5
    assert resolve_seconds(None, "[00:00:05]") == 5
    assert resolve_seconds("HH:MM:SS", "[HH:MM:SS]") is None
    assert resolve_seconds("N/A", "[N/A]") is None


def test_formats():
    assert format_hms(4698) == "01:18:18"
    assert format_hms(0) == "00:00:00"
    assert format_time(4698) == "1:18:18"
    assert format_time(2510) == "41:50"
    assert format_time(5) == "0:05"
    assert video_url("p0Wz_7HnYtE") == "https://www.youtube.com/watch?v=p0Wz_7HnYtE"
    assert video_url("p0Wz_7HnYtE", 4698) == "https://www.youtube.com/watch?v=p0Wz_7HnYtE&t=4698s"
    assert video_url("-j0tc0Y1CIE", 0) == "https://www.youtube.com/watch?v=-j0tc0Y1CIE&t=0s"
    # Anything unusual in an id is escaped rather than allowed to add query parameters.
    assert video_url("a&t=1", 5) == "https://www.youtube.com/watch?v=a%26t%3D1&t=5s"


def test_label_is_normalised_or_the_raw_text():
    assert Timestamp("[01:18:18]", "01:18:18", 4698, 1, 0).label == "1:18:18"
    assert Timestamp("[N/A]", "N/A", None, 1, 0).label == "N/A"
    assert Timestamp("[]", "", None, 1, 0).label == "(empty)"
    assert not Timestamp("[]", "", None, 1, 0).valid


@FAST
@given(st.integers(min_value=0, max_value=10**7))
def test_hms_round_trips(seconds):
    assert parse_time(format_hms(seconds)) == seconds
    assert parse_time(format_time(seconds)) == seconds


@FAST
@given(
    st.integers(0, 999),
    st.integers(0, 59),
    st.integers(0, 59),
    st.integers(0, 99),
    st.sampled_from(["", "]", ":", " ] ", ":]"]),
)
def test_any_valid_time_reads_as_its_seconds(hours, minutes, seconds, frames, junk):
    expected = hours * 3600 + minutes * 60 + seconds
    assert parse_time(f"{hours}:{minutes:02d}:{seconds:02d}{junk}") == expected
    assert parse_time(f"{hours:02d}:{minutes:02d}:{seconds:02d}:{frames:02d}") == expected
    assert parse_time(f"[{minutes:02d}:{seconds:02d}]") == minutes * 60 + seconds


@FAST
@given(st.integers(0, 99), st.integers(60, 999), st.integers(0, 999))
def test_overflowing_parts_are_invalid(hours, big, small):
    assert parse_time(f"{hours}:{big}:{small % 60:02d}") is None  # minutes >= 60
    assert parse_time(f"{hours}:{small % 60:02d}:{big}") is None  # seconds >= 60
    assert parse_time(f"{small}:{big}") is None  # MM:SS with seconds >= 60


@FAST
@given(st.text(max_size=60) | st.from_regex(r"[\d:\[\] -]{0,40}", fullmatch=True))
def test_random_text_never_raises(text):
    seconds = parse_time(text)
    assert seconds is None or (isinstance(seconds, int) and seconds >= 0)
    resolve_seconds(text, text)


def test_sample_vault_special_citations(sample_vault):
    def stamp(path: str, line: int) -> Timestamp:
        (found,) = [t for t in sample_vault.notes[path].timestamps if t.line == line]
        return found

    assert stamp("makers-hour/pricing_handmade_work.md", 16).seconds == 2510
    assert stamp("makers-hour/pricing_handmade_work.md", 16).text == "[41:50]"
    assert stamp("deepcast/future_of_work.md", 20).seconds == 4698
    assert stamp("field-signals/hydrophone_recording.md", 18).seconds == 750
    placeholder = stamp("deepcast/sleep_and_memory_consolidation.md", 18)
    assert (placeholder.data_t, placeholder.text, placeholder.seconds) == (
        "HH:MM:SS",
        "[00:44:10]",
        2650,
    )
    invalid = stamp("field-signals/bat_echolocation.md", 18)
    assert (invalid.data_t, invalid.seconds, invalid.valid) == ("N/A", None, False)
    assert stamp("makers-hour/glaze_chemistry_for_potters.md", 10).seconds == 425
    assert stamp("deepcast/grid_scale_energy_storage.md", 18).seconds == 1300  # inside <sup>
    invalid_everywhere = [
        (path, t.line)
        for path, note in sample_vault.notes.items()
        for t in note.timestamps
        if not t.valid
    ]
    assert invalid_everywhere == [("field-signals/bat_echolocation.md", 18)]


def test_citation_columns_and_lines(sample_vault):
    note = sample_vault.notes["deepcast/future_of_work.md"]
    first = note.timestamps[0]
    assert (first.line, first.data_t, first.seconds) == (10, "00:06:40", 400)
    line = sample_vault.line_of("deepcast/future_of_work.md", 10)
    assert line[first.column :].startswith('<a class="yt-timestamp" data-t="00:06:40">')


def test_general_citation_forms_are_read():
    text = "\n".join(
        [
            "---",
            "videoId: abc",
            "---",
            "Reversed <a data-t='00:01:05' class=\"yt-timestamp\">[00:01:05]</a>.",
            'Markup <a class="yt-timestamp" data-t="bad"><b>[00:02:00]</b></a> inside.',
            'Unquoted <a class="yt-timestamp" data-t=00:03:00>[x]</a>.',
            '`<a class="yt-timestamp" data-t="00:09:00">[00:09:00]</a>` is code.',
        ]
    )
    note = parse_note("n.md", text.encode())
    assert [(t.line, t.seconds, t.text) for t in note.timestamps] == [
        (4, 65, "[00:01:05]"),
        (5, 120, "[00:02:00]"),
        (6, 180, "[x]"),
    ]


def test_urls_carry_the_video_id_and_need_one(make_vault):
    root = make_vault(
        {
            "with.md": "---\nvideoId: p0Wz_7HnYtE\n---\n"
            + f"A {citation('00:01:40', '[00:01:40]')} and {citation('N/A', '[N/A]')}.\n",
            "without.md": f"No id here {citation('00:01:40', '[00:01:40]')}.\n",
            "url-id.md": "---\nvideoId: https://youtu.be/Zc2-qF6yWhP\n---\n"
            + citation("41:50", "[41:50]")
            + "\n",
        }
    )
    vault = Vault.load(root, workers=1)
    with_id = show(vault, "with")["timestamps"]
    assert [(t["seconds"], t["url"], t["line"]) for t in with_id] == [
        (100, "https://www.youtube.com/watch?v=p0Wz_7HnYtE&t=100s", 4),
        (None, None, 4),
    ]
    without = show(vault, "without.md")
    assert without["video_id"] is None
    assert [(t["seconds"], t["url"]) for t in without["timestamps"]] == [(100, None)]
    from_url = show(vault, "url-id")
    assert from_url["video_id"] == "Zc2-qF6yWhP"
    assert from_url["timestamps"][0]["url"] == "https://www.youtube.com/watch?v=Zc2-qF6yWhP&t=2510s"
