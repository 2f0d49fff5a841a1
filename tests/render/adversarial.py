"""Adversarial lines for linear-time checks (issue 11 item 3): 100,000-character runs of the
characters markdown gives meaning to, each mixed with one closing character that does not
match it, in a few shapes (the run before it, after it, around it, alternating with it)."""

from __future__ import annotations

RUN = 100_000
# The run's character, and a closing character that does not close it.
CLOSERS = {
    "|": "x",
    "-": "|",
    ":": "-",
    " ": "x",
    "[": ")",
    "<": "]",
    "*": "_",
    "_": "*",
    "`": "'",
    "(": "]",
    ">": "x",
    "=": "~",
    "~": "=",
    "#": " ",
    "!": "[",
    "\\": "x",
    "^": "]",
    "%": "x",
    "$": "x",
    '"': "'",
    "&": ";",
    "\n": "x",
}
SHAPES = ("run+close", "close+run", "half+close+half", "alternating", "pairs")


def line(char: str, shape: str, length: int = RUN) -> str:
    closer = CLOSERS[char]
    half = length // 2
    if shape == "run+close":
        return char * length + closer
    if shape == "close+run":
        return closer + char * length
    if shape == "half+close+half":
        return char * half + closer + char * half
    if shape == "alternating":
        return (char + closer) * half
    if shape == "pairs":  # openers that look like constructs: "[[", "<a ", "**x", ...
        return (char * 2 + "a" + closer) * (length // 4)
    raise ValueError(shape)


def adversarial_lines(length: int = RUN) -> list[tuple[str, str]]:
    """(label, line) for every character and shape."""
    return [
        (f"{char!r} {shape}", line(char, shape, length)) for char in CLOSERS for shape in SHAPES
    ]
