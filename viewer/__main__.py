"""`python -m viewer`: the window, or a headless command when the first argument names one."""

from __future__ import annotations

import sys


def run(argv: list[str]) -> int:
    from .cli import COMMANDS

    if argv and argv[0] in COMMANDS:
        from .cli import main as cli_main

        return cli_main(argv)
    from .app import main as app_main

    return app_main(argv)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
