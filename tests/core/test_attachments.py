"""Only documents and media open on a click; programs, scripts, launchers never do."""

from __future__ import annotations

import os

import pytest

from viewer.core.attachments import EXECUTABLE, OPENABLE, click_verdict


@pytest.mark.parametrize("suffix", sorted(OPENABLE))
def test_documents_and_media_open(tmp_path, suffix):
    path = tmp_path / f"file.{suffix}"
    path.write_bytes(b"data")
    path.chmod(0o644)
    assert click_verdict(path).openable


@pytest.mark.parametrize("suffix", sorted(EXECUTABLE))
def test_programs_scripts_and_shortcuts_never_open(tmp_path, suffix):
    path = tmp_path / f"run.{suffix}"
    path.write_bytes(b"data")
    path.chmod(0o644)
    verdict = click_verdict(path)
    assert not verdict.openable and "program, script or shortcut" in verdict.reason


def test_an_execute_bit_wins_over_the_name(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF")
    path.chmod(0o755)
    verdict = click_verdict(path)
    assert not verdict.openable and "executable" in verdict.reason


def test_unknown_kinds_and_odd_files_stay_closed(tmp_path):
    plain = tmp_path / "thing.xyz"
    plain.write_bytes(b"x")
    plain.chmod(0o644)
    assert "not a document or media file" in click_verdict(plain).reason
    bare = tmp_path / "README"
    bare.write_bytes(b"x")
    bare.chmod(0o644)
    assert "without an extension" in click_verdict(bare).reason
    assert not click_verdict(tmp_path / "missing.pdf").openable
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in click_verdict(fifo).reason


def test_case_does_not_disguise_a_program(tmp_path):
    path = tmp_path / "Setup.BAT"
    path.write_bytes(b"x")
    path.chmod(0o644)
    assert not click_verdict(path).openable
