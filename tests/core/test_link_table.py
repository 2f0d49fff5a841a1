"""Backlink rows kept marshalled until read: the same answers as a plain table."""

from __future__ import annotations

import marshal
import threading

from viewer.core.link_table import LinkTable


def packed_table() -> LinkTable:
    rows = {"a.md": {"b.md": [0, 2], "c.md": [1]}, "d.md": {"a.md": [0]}}
    return LinkTable({key: marshal.dumps(sources) for key, sources in rows.items()})


def test_a_packed_row_reads_as_the_row_it_was():
    table = packed_table()
    assert table.get("a.md") == {"b.md": [0, 2], "c.md": [1]}
    assert table.get("a.md") is table.get("a.md")  # unpacked once, then shared
    assert table.get("missing") is None and table.get("missing", {}) == {}
    assert "d.md" in table and "missing" not in table and len(table) == 2


def test_rows_are_added_to_removed_and_listed_like_a_dict():
    table = packed_table()
    table.row("d.md").setdefault("e.md", []).append(3)
    table.row("new.md").setdefault("a.md", []).append(0)
    assert table.pop("a.md") == {"b.md": [0, 2], "c.md": [1]}
    assert table.pop("a.md", {}) == {}
    assert sorted(table.keys()) == ["d.md", "new.md"]
    assert table.plain() == {"d.md": {"a.md": [0], "e.md": [3]}, "new.md": {"a.md": [0]}}


def test_rows_never_read_are_stored_back_as_they_were_read():
    stored = marshal.dumps({"b.md": [0]})
    table = LinkTable({"a.md": stored, "z.md": marshal.dumps({"y.md": [1]})})
    table.row("z.md")["x.md"] = [4]
    table.row("empty.md")  # made and left empty: nothing to store
    packed = table.packed()
    assert packed["a.md"] is stored
    assert marshal.loads(packed["z.md"]) == {"y.md": [1], "x.md": [4]}
    assert "empty.md" not in packed
    assert LinkTable(packed).plain() == {k: v for k, v in table.plain().items() if v}


def test_threads_reading_a_packed_row_at_once_share_one_row():
    rows = {f"n{i}.md": marshal.dumps({f"s{i}.md": list(range(50))}) for i in range(2000)}
    table = LinkTable(dict(rows))
    seen: list[list[object]] = [[], []]
    start = threading.Barrier(2)

    def read(into: list[object]) -> None:
        start.wait()
        into.extend(table.get(key) for key in rows)

    threads = [threading.Thread(target=read, args=(seen[n],)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(row is not None for row in seen[0] + seen[1])
    assert all(a is b for a, b in zip(seen[0], seen[1], strict=True))
