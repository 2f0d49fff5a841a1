"""Adversarial lines for linear-time checks (issue 11 item 3): long runs of the characters
markdown and HTML scanners care about, each mixed with one closing character that does not
match, plus the pathological constructs found in real and hostile vaults.

Every regular expression applied to note text must finish each line in LIMIT_MS: a pattern
that backtracks shows up as seconds here, not milliseconds. On a machine too busy or slow
for that, the limit grows with the time the same code takes on an ordinary line of the same
length (BENIGN_FACTOR times it): linear code stays within a few times that, a quadratic
pattern is thousands of times slower. Importable from any test (the render and window tests
use the same lines).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

LINE_CHARS = 100_000
LIMIT_MS = 50.0
BENIGN_FACTOR = 10.0
SLACK = 3.0  # over the limit by at most this much: judged by how time grows with length
LINEAR_GROWTH = 2.8  # doubling the line: linear code takes about 2x, quadratic 4x
GROWTH_ROUNDS = 3  # times the two lengths are timed in turn before growth counts as too fast
# The characters scanners branch on, and characters that close something else.
RUN_CHARS = "|-: [<*_`"
CLOSERS = "])>|`\n#"
# An ordinary line of a generated note: prose, links, a citation, emphasis, a tag.
BENIGN_UNIT = (
    "The guest explains how **memory** shapes [[the_role_of_memory | memory]] and "
    '[a talk](other.md) <a class="yt-timestamp" data-t="01:02:03">[01:02:03]</a>, '
    "with `code`, #tag and _more_ words. "
)


def benign_line(length: int = LINE_CHARS) -> str:
    return (BENIGN_UNIT * (length // len(BENIGN_UNIT) + 1))[:length]


def adversarial_lines(length: int = LINE_CHARS) -> Iterator[tuple[str, str]]:
    """(name, line) pairs, each line about `length` characters."""
    for run in RUN_CHARS:
        yield f"{run!r} x {length}", run * length
        yield f"{run!r} and spaces", (run + " ") * (length // 2)
        yield f"{run!r} pairs and a letter", (run * 2 + "a") * (length // 3)
        for closer in CLOSERS:
            if closer != run:
                yield f"{run!r} x {length} then {closer!r}", run * (length - 1) + closer
                yield f"{run!r} runs between {closer!r}", (run * 99 + closer) * (length // 100)
    yield from named_constructs(length)


def named_constructs(length: int = LINE_CHARS) -> Iterator[tuple[str, str]]:
    """The runs the speed and hostile-vault issues name."""
    yield "[[ repeated", "[[" * (length // 2)
    yield "![[ repeated", "![[" * (length // 3)
    yield "[[a repeated", "[[a" * (length // 3)
    yield "[[a| repeated", "[[a|" * (length // 4)
    yield "[x]( repeated", "[x](" * (length // 4)
    yield "]( repeated", "](" * (length // 2)
    yield "[ then ]( far away", "[" + "x" * (length - 3) + "](("
    yield "unclosed citations", '<a class="yt-timestamp">' * (length // 25)
    yield "unclosed citations with data-t", '<a class="yt-timestamp" data-t="1:0' * (length // 35)
    yield "citation openers without >", '<a class="yt-timestamp" data-t="' * (length // 33)
    yield "unclosed anchors", "<a " * (length // 3)
    yield "distinct inline tags", " ".join(f"#t{i}" for i in range(length // 7))
    yield "table rule", "|" + "|".join("-" * 997 for _ in range(length // 1000)) + "|"
    yield "table rule with colons", "|" + ":-:|" * (length // 4)
    yield "backticks of growing width", " ".join("`" * (i % 40 + 1) for i in range(length // 21))
    yield "unclosed code spans", "`a " * (length // 3)
    yield "emphasis openers", "**a " * (length // 4)
    yield "underscores and stars", "_*" * (length // 2)
    yield "nested quotes", ">" * length
    yield "nested list markers", "- " * (length // 2)
    yield "comment openers", "%%" * (length // 2)
    yield "html comment openers", "<!--" * (length // 4)
    yield "sentence ends", ".!?)" * (length // 4)
    yield "digits and colons", "1:" * (length // 2)
    yield "hashes", "#" * length
    yield "carets", "^" * length
    yield "frontmatter fences", "---\n" * (length // 4)


def best_ms(call: Callable[[], object], tries: int = 3, limit: float = 0.0) -> float:
    """The fastest of up to `tries` timed calls (stopping once one is within `limit`): a
    shared machine adds noise, never takes it away."""
    best = float("inf")
    for _ in range(tries):
        started = time.perf_counter()
        call()
        best = min(best, (time.perf_counter() - started) * 1000)
        if best <= limit:
            break
    return best


def slow_lines(apply: Callable[[str], object], length: int = LINE_CHARS) -> list[str]:
    """Names of the adversarial lines `apply` takes too long on: over LIMIT_MS, or on a busy
    machine over BENIGN_FACTOR times what it takes on an ordinary line. A line over that
    limit but under SLACK times it is timed again at half its length: linear code takes about
    half as long there (a busy machine slows both alike), superlinear code far less."""
    ordinary = benign_line(length)
    limit = max(LIMIT_MS, BENIGN_FACTOR * best_ms(lambda: apply(ordinary), tries=3))
    halves: list[str] = []  # made when a line first needs its half (names give lengths)
    slow = []
    for number, (name, line) in enumerate(adversarial_lines(length)):
        ms = best_ms(lambda line=line: apply(line), tries=5, limit=limit)
        if ms <= limit:
            continue
        if ms <= SLACK * limit:
            halves = halves or [half for _, half in adversarial_lines(length // 2)]
            # Timed in turns, GROWTH_ROUNDS times at most: a burst of noise that slowed every
            # try at one length (67 ms, then 18 ms at half length, once in CI) passes by.
            for _round in range(GROWTH_ROUNDS):
                half = best_ms(lambda line=halves[number]: apply(line), tries=5)
                if ms <= limit or ms <= LINEAR_GROWTH * max(half, 1.0):
                    break
                ms = min(ms, best_ms(lambda line=line: apply(line), tries=5))
            else:
                slow.append(
                    f"{name}: {ms:.0f} ms, {half:.0f} ms at half length (limit {limit:.0f} ms)"
                )
            continue
        slow.append(f"{name}: {ms:.0f} ms (limit {limit:.0f} ms)")
    return slow
