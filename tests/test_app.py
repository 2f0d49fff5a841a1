"""The launch imports the Qt-free layers before Qt: once PySide6 is loaded, it reads the
source of each module imported after it."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO

LAUNCH_UNTIL_QT = """
import json, sys
import viewer.app as app

def qt_comes_now():
    print(json.dumps({
        "qt_loaded": "PySide6" in sys.modules,
        "layers": sorted({m.rsplit(".", 1)[0] for m in sys.modules if m.count(".") == 2
                          and m.split(".")[1] in ("core", "render", "session")}),
    }))
    raise SystemExit(0)

app._application = qt_comes_now
app.main([])
"""


def test_the_launch_imports_every_layer_below_the_ui_before_qt():
    done = subprocess.run(
        [sys.executable, "-c", LAUNCH_UNTIL_QT],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {
        "qt_loaded": False,
        "layers": ["viewer.core", "viewer.render", "viewer.session"],
    }
