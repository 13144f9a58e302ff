"""Fuzz targets for the contract of every entry point, and the inputs that feed them.

The contract: whatever it is given, an entry point answers with a loaded object, a
report, or a :class:`~ngomodel.ValidationError` whose problems are located (a JSON
Pointer, a stable code, a bounded message); never another exception. The command line
exits 0, 1 or 2 and, with ``--format json``, always writes one parseable JSON document.

``tests/test_fuzz.py`` runs each target briefly in ``make test``; ``make fuzz`` runs
them for long (the ``fuzz`` hypothesis profile, ``FUZZ_EXAMPLES`` examples each).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import ngomodel
from ngomodel import cli
from ngomodel._reference import reference_bytes
from ngomodel.errors import Problem
from ngomodel.schema import ENTITIES
from ngomodel.strategies import STRATEGIES
from ngomodel.validation import Limits, validate_lines, validate_text

#: The longest message a problem may carry: messages quote values, never whole.
MAX_MESSAGE = 1_000
_CODE = re.compile(r"[a-z][a-z0-9_]*\Z")

#: Byte strings that real and hostile JSON is made of: each one has broken something once.
TOKENS = [
    b'"\\ud800"',
    b'"\\udc00\\ud800"',
    b'"\\u0000"',
    b"1" + b"0" * 400,
    b"-1" + b"0" * 5000,
    b"9007199254740993",
    b"1e400",
    b"-0",
    b"0.1e-400",
    b"NaN",
    b"-Infinity",
    b"[" * 300,
    b"]" * 300,
    b'{"a": 1, "a": 2}',
    b'"\\u003a"',
    b"\xff",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\n",
    b'"',
    b",",
    b":",
    b"{",
    b"}",
    b"true",
    b"null",
    b"{}",
    b"[]",
    b'"' + b"a" * 3_000 + b' "',
    b'"http://' + b"a" * 2_000 + b' "',
    b'"en-' + b"a-" * 500 + b'!"',
    b'"2019-02-29"',
    b'"1E+999999"',
    b'{"\\ud800": 1}',
]


def _valid_payloads() -> st.SearchStrategy[bytes]:
    classes = sorted(STRATEGIES, key=lambda cls: cls.__name__)
    drawn = st.sampled_from(classes).flatmap(lambda cls: STRATEGIES[cls]())
    return st.one_of(st.just(reference_bytes()), drawn.map(ngomodel.dumps))


@st.composite
def _mutated(draw: st.DrawFn, base: st.SearchStrategy[bytes]) -> bytes:
    data = bytearray(draw(base))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "replace", "delete", "repeat"]))
        size = draw(st.integers(0, 16))
        if kind == "insert":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif kind == "replace":
            data[at : at + size] = draw(st.sampled_from(TOKENS) | st.binary(max_size=4))
        elif kind == "delete":
            del data[at : at + size]
        else:
            data[at:at] = data[at : at + size] * draw(st.integers(1, 50))
    return bytes(data)


#: Values that have broken a loader, a rule or a message once, put in place of good ones.
HOSTILE_VALUES: list[Any] = [
    10**400,
    -(10**400),
    2**53,
    -(2**53),
    10**4000,
    1e308,
    -1e-320,
    "a" * 20_000,
    "http://" + "a" * 20_000 + " ",
    "en-" + "a-" * 2_000 + "!",
    "\ud800",
    "x\udc00y",
    "1E+999999",
    "9" * 500,
    "",
    " ",
    [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
    {f"k{i}": i for i in range(300)},
    ["x"] * 3_000,
    {"\ud800": 1},
    None,
    True,
    0.5,
]


@st.composite
def _value_mutated(draw: st.DrawFn, base: st.SearchStrategy[bytes]) -> bytes:
    """A valid payload with values swapped for hostile ones, written out as JSON again."""
    payload = json.loads(draw(base))
    for _ in range(draw(st.integers(1, 3))):
        places = list(_places(payload))
        path = draw(st.sampled_from(places))
        new = copy.deepcopy(draw(st.sampled_from(HOSTILE_VALUES)))  # shared: never alias
        if path:
            parent = payload
            for step in path[:-1]:
                parent = parent[step]
            if isinstance(parent, dict) and draw(st.booleans()):
                parent[draw(st.sampled_from(["x", "id", "name", "\ud800", "a" * 5_000]))] = new
            else:
                parent[path[-1]] = new
        else:
            payload = new
    text = json.dumps(
        payload, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1]))
    )
    return text.encode("utf-8", "surrogatepass")


def _places(value: Any, path: tuple[Any, ...] = ()) -> Any:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:5]):
            yield from _places(item, (*path, index))


#: JSON texts: valid payloads, mutated ones (as bytes and as values), and plain noise.
texts = st.one_of(
    _mutated(_valid_payloads()),
    _value_mutated(_valid_payloads()),
    _valid_payloads(),
    st.binary(max_size=64),
)
#: The names of what a text may be checked as.
schema_names = st.sampled_from(sorted(ENTITIES))


def check_problems(problems: Any) -> None:
    """Assert the problem contract: located, coded, bounded."""
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path == "" or problem.path.startswith("/"), problem
        assert _CODE.match(problem.code), problem
        assert problem.severity in ("error", "warning")
        assert 0 < len(problem.message) <= MAX_MESSAGE, problem.code


def target_loads(data: bytes, schema_name: str) -> None:
    """``loads`` gives an object of the class, or a ValidationError; nothing else."""
    cls = ENTITIES[schema_name]
    failure: ngomodel.ValidationError | None = None
    try:
        obj = ngomodel.loads(data, type=cls)
    except ngomodel.ValidationError as error:
        failure = error
    if failure is None:
        assert isinstance(obj, cls)
        assert ngomodel.loads(ngomodel.dumps(obj), type=cls) == obj
    else:
        assert failure.errors
        check_problems(failure.errors)
        assert len(str(failure)) < 50 * MAX_MESSAGE  # the summary is bounded too


def target_validate_text(data: bytes, schema_name: str) -> None:
    """``validate_text`` reports, within its limits, and agrees with ``loads`` on errors."""
    limits = Limits(max_problems_per_record=10, max_problems=10)
    report = validate_text(data, schema_name, limits=limits)
    check_problems(report.problems)
    assert len(report.problems) <= 10
    empty = any(p.code == "empty_document" for p in report.problems)
    assert report.records == (0 if empty else 1)
    for problem in report.problems:
        if problem.line is not None:
            assert problem.line >= 1
            assert problem.column is not None
            assert problem.column >= 1
    try:
        ngomodel.loads(data, type=ENTITIES[schema_name])
        loaded = True
    except ngomodel.ValidationError:
        loaded = False
    if not loaded:
        assert not report.valid


def target_validate_lines(data: bytes, schema_name: str) -> None:
    """``validate_lines`` reports every record at its own line, within its limits."""
    lines = data.split(b"\n")
    report = validate_lines(io.BytesIO(data), schema_name, limits=Limits(max_bytes=4_000))
    check_problems(report.problems)
    for problem in report.problems:
        if problem.code != "empty_document":
            assert problem.line is not None
            assert 1 <= problem.line <= len(lines)


def target_cli(data: bytes, schema_name: str, as_lines: bool, fmt: str) -> None:
    """The command line exits 0 or 1 (2 never: the file is readable), and JSON parses."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("input.jsonl" if as_lines else "input.json")
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        argv = ["validate", "--schema", schema_name, "--format", fmt, str(path)]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(argv)
    assert status in (0, 1), err.getvalue()
    assert err.getvalue() == ""
    if fmt == "json":
        report = json.loads(out.getvalue())
        assert report["valid"] is (status == 0)
        (source,) = report["sources"]
        check_problems(Problem(**p) for p in source["problems"])
    else:
        assert out.getvalue().splitlines()[-1].startswith(("valid:", "invalid:"))
