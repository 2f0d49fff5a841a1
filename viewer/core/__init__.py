"""The vault core: scanning, parsing, link resolution, backlinks, timestamps and tree data.

Pure Python by design (never imports Qt), so it is tested without a display and reused by the CLI.
"""
