"""Mutations of valid payloads, for the schema/loader agreement tests.

Each mutation changes one place in a payload in one of the ways that real bad
data differs from good data: a wrong JSON type, an extra or a missing key, an
unknown code, a broken pattern, an empty string, a number out of range, an
impossible date, an empty list. Some mutations leave the payload valid (an
optional key dropped, an integer written as ``2.0``): the tests only ask that
the schema and the loader give the same verdict.

The numbers include each side of every bound the number contract sets: the
safe integers (2**53 - 1) and the float range, and integers far past both, up
to one Python will not write out (over 4,300 digits).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

Path = tuple[str | int, ...]

OTHER_VALUES: list[Any] = ["x", "", 0, 1, -1, 1.5, 2.0, True, False, None, [], {}, ["x"], {"x": 1}]
STRINGS = [
    "",
    " ",
    "ZZ",
    "unknown-code",
    "a b",
    "x\n",
    "2019-02-30",
    "1900-02-29",
    "2019-13",
    "0000",
    "2019-4-1",
    "en_US",
    "http://",
    "-1",
    "1e3",
    "01",
]
NUMBERS: list[Any] = [
    -1,
    -0.5,
    0,
    0.5,
    1,
    100,
    100.5,
    101,
    180.5,
    2**53 - 1,
    -(2**53 - 1),
    2**53,
    -(2**53),
    2.0**53,
    2**70,
    -(2**70),
    1e300,
    -1.7976931348623157e308,
    10**308,
    10**309,
    10**400,
    -(10**400),
    10**5000,
    -(10**5000),
]
NEW_KEYS = ["extra", "zz", "fr", "en", "x y", "id", "type", "EN"]


def walk(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Yield every place in a payload, parents before children."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, (*path, index))


def replace(payload: Any, path: Path, new: Any) -> Any:
    """Return a copy of *payload* with the value at *path* replaced by *new*."""
    if not path:
        return new
    out = copy.deepcopy(payload)
    parent = out
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = new
    return out


@st.composite
def mutations(draw: st.DrawFn, payload: Any) -> tuple[str, Any]:
    """Draw one mutation of *payload*: ``(description, mutated payload)``."""
    places = list(walk(payload))
    path, value = draw(st.sampled_from(places))
    kinds = ["other_value"]
    if isinstance(value, dict):
        kinds += ["extra_key", "drop_key"] if value else ["extra_key"]
    if isinstance(value, list):
        kinds += ["empty_list", "drop_item"] if value else []
    if isinstance(value, str):
        kinds += ["string", "append_space", "prepend_space", "append_newline"]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        kinds += ["number", "as_float", "plus_half", "as_string"]
    kind = draw(st.sampled_from(kinds))
    if kind == "other_value":
        new = draw(st.sampled_from(OTHER_VALUES))
    elif kind == "extra_key":
        key = draw(st.sampled_from(NEW_KEYS))
        new = {**value, key: draw(st.sampled_from(OTHER_VALUES[:4]))}
    elif kind == "drop_key":
        key = draw(st.sampled_from(sorted(value)))
        new = {k: v for k, v in value.items() if k != key}
    elif kind == "empty_list":
        new = []
    elif kind == "drop_item":
        index = draw(st.integers(0, len(value) - 1))
        new = value[:index] + value[index + 1 :]
    elif kind == "string":
        new = draw(st.sampled_from(STRINGS))
    elif kind == "append_space":
        new = value + " "
    elif kind == "prepend_space":
        new = " " + value
    elif kind == "append_newline":
        new = value + "\n"
    elif kind == "number":
        new = draw(st.sampled_from(NUMBERS))
    elif kind == "as_float":
        new = float(value) if isinstance(value, int) and abs(value) < 2**1000 else value
    elif kind == "plus_half":
        new = value + 0.5 if abs(value) < 2**1000 else value + 1
    else:
        new = str(value)
    where = "/" + "/".join(map(str, path))
    return f"{kind} at {where}", replace(payload, path, new)


class RaisingKey:
    """Hashes like a field name, and raises when compared: dict lookups meet it."""

    def __init__(self, like: str) -> None:
        self.like = like

    def __hash__(self) -> int:
        return hash(self.like)

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("compared")
