"""Subtitles: WebVTT and SubRip read into spoken lines, and the lines around a cited second."""

from __future__ import annotations

import os

from viewer.core.subtitles import (
    SpokenLine,
    SubtitleLibrary,
    excerpt,
    parse_subtitles,
    read_subtitles,
)

SRT = """1
00:00:01,000 --> 00:00:03,500
Jobs are bundles of tasks.

2
00:00:04,000 --> 00:00:06,000
<i>Technology</i> picks off
the routine pieces &amp; leaves the rest.

3
00:01:10,000 --> 00:01:12,000
Make training portable.
"""

# YouTube's automatic captions: each line scrolls up into the next cue, with word timings, and
# lines of one space (written ␠ here) inside cues.
AUTO_VTT = """WEBVTT
Kind: captions
Language: en

00:00:00.000 --> 00:00:02.000 align:start position:0%
␠
so<00:00:00.400><c> the</c><00:00:00.800><c> question</c>

00:00:02.000 --> 00:00:02.010 align:start position:0%
so the question
␠

00:00:02.010 --> 00:00:04.000 align:start position:0%
so the question
is<00:00:02.500><c> which</c><00:00:03.000><c> jobs</c>

NOTE a comment block
with two lines

00:00:04.000 --> 00:00:06.000
is which jobs
""".replace("␠", " ")


def texts(lines):
    return [line.text for line in lines]


def test_srt_cues_become_lines_with_their_times():
    lines = parse_subtitles(SRT)
    assert lines == [
        SpokenLine(1.0, 3.5, "Jobs are bundles of tasks."),
        SpokenLine(4.0, 6.0, "Technology picks off"),
        SpokenLine(4.0, 6.0, "the routine pieces & leaves the rest."),
        SpokenLine(70.0, 72.0, "Make training portable."),
    ]
    assert lines[-1].label == "1:10"


def test_automatic_captions_say_each_line_once():
    lines = parse_subtitles(AUTO_VTT)
    assert texts(lines) == ["so the question", "is which jobs"]
    assert (lines[0].start, lines[0].end) == (0.0, 4.0)
    assert (lines[1].start, lines[1].end) == (2.01, 6.0)


def test_vtt_without_hours_and_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "x.vtt"
    path.write_bytes("\ufeffWEBVTT\n\n01:02.5 --> 01:04.250\nshort clock\n".encode())
    assert read_subtitles(path) == [SpokenLine(62.5, 64.25, "short clock")]


def test_broken_files_keep_what_can_be_read(tmp_path):
    broken = (
        "1\n00:00:01,000 --> garbage\nlost text\n\n"
        "2\n00:99:01,000 --> 00:99:02,000\nimpossible minutes\n\n"
        "3\n00:00:05,000 --> 00:00:04,000\nend before start\n\n"
        "text outside any cue\n\n"
        "4\n00:00:09,000 --> 00:00:10,000\nkept" + "<" * 5000 + "\n"
    )
    lines = parse_subtitles(broken)
    assert lines[0] == SpokenLine(5.0, 5.0, "end before start")
    assert len(lines) == 2 and lines[1].text.startswith("kept<")
    assert len(lines[1].text) == 2000  # a megabyte line is cut, not carried around
    assert parse_subtitles("") == [] and parse_subtitles("WEBVTT\n") == []
    binary = tmp_path / "binary.srt"
    binary.write_bytes(b"\0\1\2" * 1000)
    assert read_subtitles(binary) == []
    assert read_subtitles(tmp_path / "missing.vtt") == []


def test_adversarial_lines_parse_in_one_pass():
    # Near-misses of every pattern, long: a backtracking pattern would never finish these.
    hostile = "\n".join(
        [
            "1" * 100_000 + ":00:00,000 -->",
            "00:00:01," + "0" * 100_000 + " --> 00:00:02,000",
            "-->" * 50_000,
            "00:00:01,000 --> 00:00:02,000",
            "<" + "a" * 100_000,
            "<" * 100_000 + ">" * 100_000,
        ]
    )
    lines = parse_subtitles(hostile)
    assert len(lines) == 2


def test_excerpt_centres_on_the_line_said_at_the_second():
    lines = [SpokenLine(float(10 * i), float(10 * i + 8), f"line {i}") for i in range(20)]
    found = excerpt(lines, 55, before=2, after=3)  # line 5 is said from 50 to 58
    assert texts(found.lines) == ["line 3", "line 4", "line 5", "line 6", "line 7", "line 8"]
    assert found.lines[found.current].text == "line 5"
    between = excerpt(lines, 59, before=1, after=1)  # a pause: the next line that starts
    assert texts(between.lines) == ["line 5", "line 6", "line 7"] and between.current == 1
    start = excerpt(lines, 0, before=2, after=1)
    assert texts(start.lines) == ["line 0", "line 1"] and start.current == 0
    end = excerpt(lines, 200, before=1, after=2)  # 12 s after the last line ended
    assert texts(end.lines) == ["line 18", "line 19"] and end.current == 1
    assert excerpt(lines, 10_000) is None  # far past the end: not about this citation
    assert excerpt([SpokenLine(500.0, 501.0, "late")], 10) is None
    assert excerpt([], 5) is None
    assert found.text().splitlines()[2] == "line 5"


def test_excerpt_leaves_out_lines_said_far_from_the_second():
    lines = [
        SpokenLine(0.0, 4.0, "an hour before"),
        SpokenLine(3590.0, 3595.0, "just before"),
        SpokenLine(3600.0, 3604.0, "at the second"),
        SpokenLine(3610.0, 3614.0, "just after"),
        SpokenLine(7200.0, 7204.0, "an hour after"),
    ]
    found = excerpt(lines, 3601, before=2, after=2)  # a sparse file: counts alone reach far
    assert texts(found.lines) == ["just before", "at the second", "just after"]
    assert found.lines[found.current].text == "at the second"
    alone = excerpt(lines, 7203, before=2, after=2)
    assert texts(alone.lines) == ["an hour after"] and alone.current == 0


def test_library_reads_the_first_file_that_says_something(tmp_path):
    empty = tmp_path / "a.vtt"
    empty.write_text("WEBVTT\n", encoding="utf-8")
    srt = tmp_path / "b.srt"
    srt.write_text(SRT, encoding="utf-8")
    library = SubtitleLibrary()
    found = library.excerpt([tmp_path / "missing.vtt", empty, srt], 71)
    assert found is not None and found.lines[found.current].text == "Make training portable."
    assert library.lines(srt) is library.lines(srt)  # parsed once
    srt.write_text("1\n00:00:01,000 --> 00:00:02,000\nchanged\n", encoding="utf-8")
    stamp = os.stat(srt).st_mtime_ns + 1_000_000_000
    os.utime(srt, ns=(stamp, stamp))
    assert texts(library.lines(srt)) == ["changed"]
