"""A fake player program for tests: records the argv it was started with, as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def fake_player(folder: Path, name: str = "fakeplayer") -> tuple[Path, Path]:
    """(executable script, file it writes its argv to). The record is written to a temporary
    name and renamed, so a test polling for it never reads half a file."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    record = folder / f"{name}-argv.json"
    script = bin_dir / name
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        f"record = {str(record)!r}\n"
        "with open(record + '.part', 'w', encoding='utf-8') as out:\n"
        "    json.dump(sys.argv, out)\n"
        "os.replace(record + '.part', record)\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script, record


def recorded_argv(record: Path) -> list[str]:
    return json.loads(record.read_text(encoding="utf-8"))
