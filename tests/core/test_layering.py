"""The core and the renderer must work where Qt cannot even be imported."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import REPO


def test_core_and_render_import_and_index_with_qt_unimportable():
    script = textwrap.dedent(
        """
        import sys

        class BlockQt:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6"):
                    raise ImportError(f"Qt is blocked in this test: {name}")
                return None

        sys.meta_path.insert(0, BlockQt())
        import pkgutil, importlib
        import viewer.core
        import viewer.render
        for package in (viewer.core, viewer.render):
            for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
                importlib.import_module(module.name)
        from viewer.core.vault import Vault
        vault = Vault.load("resources/sample-vault")
        assert vault.notes, "the sample vault indexed no notes"
        assert not [m for m in sys.modules if m.startswith(("PySide6", "shiboken6"))]
        print("ok", len(vault.notes))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok ")
