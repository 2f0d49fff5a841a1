"""Frozen entry point: the window, or a headless command (`vault-viewer doctor VAULT`, ...).

`multiprocessing.freeze_support()` runs first: index workers, the fork server and the
resource tracker start by running this executable again, and must be diverted to their job
before anything else happens (PyInstaller's runtime hook does the diverting).
"""

import multiprocessing
import os
import sys

multiprocessing.freeze_support()

# On Linux the bootloader points LD_LIBRARY_PATH at the bundle for this process. Programs the
# app starts (xdg-open, a browser, a video player) must see the user's own value, or they
# would load the bundle's Qt, ICU and friends instead of their own libraries.
if sys.platform.startswith("linux"):
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is None:
        os.environ.pop("LD_LIBRARY_PATH", None)
    else:
        os.environ["LD_LIBRARY_PATH"] = original

from viewer.__main__ import run  # noqa: E402

sys.exit(run(sys.argv[1:]))
