"""Long reads that stop once their result is no longer wanted (a reader moved on)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

# Items read between two looks at `cancelled`: a 1 MB note cites thousands of moments and
# names thousands of notes, and asking after each would cost more than the reading.
CHECK_EVERY = 200


def until_unwanted(items: Iterable[T], cancelled: Callable[[], bool], what: str) -> Iterator[T]:
    """`items`, raising InterruptedError ("`what` no longer wanted") once `cancelled()`,
    asked before every CHECK_EVERY-th item."""
    for number, item in enumerate(items):
        if number % CHECK_EVERY == CHECK_EVERY - 1 and cancelled():
            raise InterruptedError(f"{what} no longer wanted")
        yield item
