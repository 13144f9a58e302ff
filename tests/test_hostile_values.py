"""Hostile values: every entry point answers with an object or a located ValidationError.

The contract of issue 9, part by part: one number contract (integers within the
safe range, numbers within the float range) in the constructors, both loader
paths and the published schemas; Python values that are not JSON data, which
``from_dict`` and ``schema.validate`` report alike; messages and error texts of
bounded size; amounts that can always be written out; and input to ``loads``
that is not JSON text.
"""

from __future__ import annotations

import collections
import enum
import json
import math
import sys
import time
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import ngomodel
from ngomodel import (
    BeneficiaryGroup,
    Disaggregation,
    LocalizedText,
    Money,
    Organization,
    Problem,
    ReportedFigure,
    ValidationError,
    dumps,
    from_dict,
    loads,
    schema,
    to_dict,
)
from ngomodel._fastload import loader_for
from ngomodel._json import MAX_DEPTH, _structure, json_problems, parse_json, surely_plain
from ngomodel.errors import brief
from ngomodel.strategies import STRATEGIES

from .mutations import RaisingKey, replace, walk
from .properties import examples
from .test_schema_agreement import rs_verdict


def located(call: Any) -> list[tuple[str, str]]:
    """The (path, code) of each problem *call* raises; [] when it returns."""
    try:
        call()
    except ValidationError as error:
        return [(p.path, p.code) for p in error.errors]
    return []


def schema_located(payload: Any, cls: type, *, formats: bool = False) -> list[tuple[str, str]]:
    """The (path, code) of each problem ``schema.validate`` finds."""
    return [(p.path, p.code) for p in schema.validate(payload, cls, formats=formats)]


# -- 1. the number contract ----------------------------------------------------------------

SAFE = 2**53 - 1
FLOAT_MAX = sys.float_info.max


def figure(value: Any) -> dict[str, Any]:
    """A ReportedFigure payload whose Count is *value*."""
    return {"id": "f", "subject_id": "n", "metric": "member_count", "value": value}


def group(count: Any) -> dict[str, Any]:
    """A BeneficiaryGroup payload whose planned Count is *count*."""
    return {"label": {"en": "Farmers"}, "planned_count": count}


def share(value: Any) -> dict[str, Any]:
    """A Disaggregation payload whose number (a plain float field) is *value*."""
    return {"value": value, "sex": "female"}


NUMBER_CASES = [
    # (class, payload, path of the number, expected code or None)
    (ReportedFigure, figure(SAFE), "/value", None),
    (ReportedFigure, figure(float(SAFE)), "/value", None),
    (ReportedFigure, figure(SAFE + 1), "/value", "too_large"),
    (ReportedFigure, figure(2.0**53), "/value", "too_large"),
    (ReportedFigure, figure(-1), "/value", "too_small"),
    (ReportedFigure, figure(2**64), "/value", "too_large"),
    (ReportedFigure, figure(1e300), "/value", "too_large"),
    (ReportedFigure, figure(10**400), "/value", "too_large"),
    (ReportedFigure, figure(10**5000), "/value", "too_large"),
    (ReportedFigure, figure(-(10**4300)), "/value", "too_small"),
    (BeneficiaryGroup, group(SAFE), "/planned_count", None),
    (BeneficiaryGroup, group(-(2**53)), "/planned_count", "too_small"),
    (BeneficiaryGroup, group(10**5000), "/planned_count", "too_large"),
    (Disaggregation, share(-(2**70)), "/value", None),
    (Disaggregation, share(10**308), "/value", None),
    (Disaggregation, share(int(FLOAT_MAX)), "/value", None),
    (Disaggregation, share(-FLOAT_MAX), "/value", None),
    (Disaggregation, share(int(FLOAT_MAX) + 1), "/value", "too_large"),
    (Disaggregation, share(-(2**1024)), "/value", "too_small"),
    (Disaggregation, share(10**400), "/value", "too_large"),
    (Disaggregation, share(10**5000), "/value", "too_large"),
    (Disaggregation, share(-(10**5000)), "/value", "too_small"),
]


def case_id(case: Any) -> str:
    """A readable test id: class, and the number's size."""
    cls, payload, path, _ = case
    number = payload[path.strip("/")]
    return f"{cls.__name__}-{brief(number).replace(' ', '_')}"


@pytest.mark.parametrize(
    ("cls", "payload", "path", "code"), NUMBER_CASES, ids=[case_id(c) for c in NUMBER_CASES]
)
def test_number_contract_is_one_everywhere(
    cls: type, payload: Any, path: str, code: str | None
) -> None:
    """Loader (both paths), constructor and schema (both validators) take the same numbers."""
    expected = [] if code is None else [(path, code)]
    assert located(lambda: from_dict(payload, type=cls)) == expected
    assert located(lambda: _structure(payload, cls)) == expected  # the reference path alone
    assert schema_located(payload, cls) == expected
    assert schema_located(payload, cls, formats=True) == expected  # python-jsonschema alone
    assert rs_verdict(payload, cls) is (code is None)
    number = payload[path.strip("/")]
    if type(number) is int:  # the constructor takes Python values: no float for a Count
        fields = (
            {**payload, "label": LocalizedText(payload["label"])} if "label" in payload else payload
        )
        assert located(lambda: cls(**fields)) == expected
    if code is None:
        obj = from_dict(payload, type=cls)
        assert loads(dumps(obj), type=cls) == obj
        assert repr(obj)  # no field holds an integer too long to write out
    elif abs(number) < 10**4000:  # JSON text Python's parser still reads
        assert located(lambda: loads(json.dumps(payload), type=cls)) == expected


def test_number_messages_name_the_bound_and_never_the_digits() -> None:
    """A number out of range is described in a few words, with the bound it breaks."""
    with pytest.raises(ValidationError) as caught:
        from_dict(figure(-(10**5000)), type=ReportedFigure)
    assert caught.value.errors[0].message == (
        "a negative integer of 5001 digits is less than the minimum of 0"
    )
    with pytest.raises(ValidationError) as caught:
        from_dict(share(10**400), type=Disaggregation)
    assert caught.value.errors[0].message == (
        "an integer of 401 digits is greater than the maximum of 1.7976931348623157e+308"
    )
    with pytest.raises(ValidationError) as caught:
        from_dict(figure(1e300), type=ReportedFigure)
    assert caught.value.errors[0].message == (
        "1e+300 is greater than the maximum of 9007199254740991"
    )


def test_published_schemas_carry_the_number_bounds() -> None:
    """Every integer in the schemas has the safe bounds; every number the float range."""
    documents = schema.schema_documents()
    integers, numbers = [], []
    for document in documents.values():
        for _, node in walk(document):
            if isinstance(node, dict) and node.get("type") == "integer":
                integers.append(node)
            if isinstance(node, dict) and node.get("type") == "number":
                numbers.append(node)
    assert integers
    assert numbers
    for node in integers:
        assert node["maximum"] == SAFE
        assert node["minimum"] >= -SAFE
    for node in numbers:
        assert -FLOAT_MAX <= node["minimum"] <= node["maximum"] <= FLOAT_MAX
    amount = documents["types.schema.json"]["$defs"]["Amount"]
    assert amount["maxLength"] == 100


# -- 2. values that are not JSON data ---------------------------------------------------------


class Colour(enum.Enum):
    """A plain enum: its members are not JSON values, whatever they hold."""

    RED = "red"


class Metric(str, enum.Enum):
    """A string enum: a member is a str subclass, not a str."""

    MEMBERS = "member_count"


class Text(str):
    """A string subclass."""


def nested(depth: int) -> Any:
    """Lists nested *depth* levels deep."""
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


HOSTILE_CASES = [
    # (payload, class, the problems both from_dict and schema.validate report)
    ({**figure(1), 1: "x"}, ReportedFigure, [("", "invalid_key")]),
    ({**figure(1), ("a",): 1}, ReportedFigure, [("", "invalid_key")]),
    (
        {"id": "o", "name": {"en": "x", None: "y"}},
        Organization,
        [("/name", "invalid_key")],
    ),
    (figure(math.nan), ReportedFigure, [("/value", "not_finite")]),
    (share(math.inf), Disaggregation, [("/value", "not_finite")]),
    (share(-math.inf), Disaggregation, [("/value", "not_finite")]),
    (figure(Decimal(5)), ReportedFigure, [("/value", "wrong_type")]),
    (share(Decimal("1.5")), Disaggregation, [("/value", "wrong_type")]),
    ({**figure(1), "sources": ({"title": "x"},)}, ReportedFigure, [("/sources", "wrong_type")]),
    ({**figure(1), "sources": {1}}, ReportedFigure, [("/sources", "wrong_type")]),
    ({**figure(1), "id": object()}, ReportedFigure, [("/id", "wrong_type")]),
    ({**figure(1), "id": Text("f")}, ReportedFigure, [("/id", "wrong_type")]),
    ({**figure(1), "id": b"f"}, ReportedFigure, [("/id", "wrong_type")]),
    ({**figure(1), "metric": Metric.MEMBERS}, ReportedFigure, [("/metric", "wrong_type")]),
    ({**figure(1), "metric": Colour.RED}, ReportedFigure, [("/metric", "wrong_type")]),
    (collections.OrderedDict(figure(1)), ReportedFigure, [("", "wrong_type")]),
    ({"a": ({},), "b": {2: 3}}, ReportedFigure, [("/a", "wrong_type"), ("/b", "invalid_key")]),
    (
        {"schema_version": "1.1", "persons": nested(990)},
        ngomodel.Dataset,
        [("/persons" + "/0" * (MAX_DEPTH - 1), "too_deep")],
    ),
]


@pytest.mark.parametrize(("payload", "cls", "expected"), HOSTILE_CASES)
def test_values_that_are_not_json_are_located_alike(payload: Any, cls: type, expected: Any) -> None:
    """from_dict and schema.validate report a non-JSON value with the same located problems."""
    assert sorted(located(lambda: from_dict(payload, type=cls))) == sorted(expected)
    assert schema_located(payload, cls) == sorted(expected)
    assert schema_located(payload, cls, formats=True) == sorted(expected)


def test_nesting_up_to_the_limit_is_judged_by_the_schema() -> None:
    """Nesting at the limit is plain JSON, so the schema and the loader judge it as usual."""
    payload = {"schema_version": "1.1", "persons": nested(MAX_DEPTH - 1)}
    assert json_problems(payload) == []
    assert located(lambda: from_dict(payload)) == [("/persons/0", "wrong_type")]
    assert schema_located(payload, ngomodel.Dataset) == [("/persons/0", "wrong_type")]


def test_a_key_that_raises_when_compared_is_reported() -> None:
    """A key whose __eq__ raises becomes an invalid_key problem, never the exception."""
    payload = figure(1)
    payload[RaisingKey("qualifier")] = "exact"  # looked up by the fast path, as absent
    expected = [("", "invalid_key")]
    assert located(lambda: from_dict(payload, type=ReportedFigure)) == expected
    assert schema_located(payload, ReportedFigure) == expected


HOSTILE_SCALARS = st.sampled_from(
    [
        math.nan,
        math.inf,
        -math.inf,
        Decimal("1"),
        Decimal("NaN"),
        (),
        ("x",),
        {1, 2},
        frozenset(),
        b"bytes",
        bytearray(b"x"),
        1j,
        object(),
        Text("x"),
        Metric.MEMBERS,
        Colour.RED,
        collections.OrderedDict(),
        collections.UserDict(),
        type("Int", (int,), {})(3),
        type("Float", (float,), {})(1.5),
        ...,
    ]
)
HOSTILE_KEYS = st.sampled_from([1, 1.5, None, True, ("k",), Text("k"), Metric.MEMBERS, b"k"])
JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()


def hostile_values() -> st.SearchStrategy[Any]:
    """JSON-like values with, here and there, something no JSON parser gives."""
    return st.recursive(
        JSON_SCALARS | HOSTILE_SCALARS,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.text(max_size=3) | HOSTILE_KEYS, inner, max_size=3)
            | st.lists(inner, max_size=2).map(tuple)
        ),
        max_leaves=8,
    )


@st.composite
def payloads_with_a_hostile_value(draw: st.DrawFn, cls: type) -> Any:
    """A valid payload of *cls* with one place replaced by a hostile value."""
    payload = to_dict(draw(STRATEGIES[cls]()))
    path, _ = draw(st.sampled_from(list(walk(payload))))
    return replace(payload, path, draw(hostile_values()))


HOSTILE_CLASSES = [ReportedFigure, BeneficiaryGroup, Disaggregation, Organization, Money]


@pytest.mark.parametrize("cls", HOSTILE_CLASSES, ids=lambda cls: cls.__name__)
def test_hostile_values_same_verdict(cls: type) -> None:
    """For any mix of JSON and non-JSON values, from_dict and schema.validate agree."""

    @examples(150)
    @given(payloads_with_a_hostile_value(cls))
    def check(payload: Any) -> None:
        try:
            from_dict(payload, type=cls)
        except ValidationError as error:
            loaded, problems = False, sorted((p.path, p.code) for p in error.errors)
        else:
            loaded, problems = True, []
        found = schema_located(payload, cls)
        assert (found == []) == loaded
        assert (schema_located(payload, cls, formats=True) == []) == loaded
        not_json = json_problems(payload)
        if not_json:  # reported alone, and alike
            assert problems == found == sorted((p.path, p.code) for p in not_json)

    check()


@given(hostile_values())
@example(nested(300))
@example({"a": Decimal(1)})
@example({"a": [1, 2**64]})
@example({"a": None})
@example({Text("k"): 1})
@example(())
def test_the_quick_check_never_passes_what_the_walk_refuses(value: Any) -> None:
    """surely_plain is only ever a shortcut: when it says yes, json_problems finds nothing."""
    if surely_plain(value):
        assert json_problems(value) == []


def test_the_walk_is_linear_and_iterative() -> None:
    """A million-item list and a 100,000-deep one are walked quickly, without recursion."""
    assert json_problems([1.5] * 1_000_000) == []
    deep = nested(100_000)
    start = time.perf_counter()
    expected = [("/0" * MAX_DEPTH, "too_deep")]
    assert [(p.path, p.code) for p in json_problems(deep)] == expected
    assert located(lambda: from_dict(deep)) == expected
    assert schema_located(deep, ngomodel.Dataset) == expected
    assert time.perf_counter() - start < 5


# -- 3. messages of bounded size -----------------------------------------------------------------

HUGE = "x" * 10_000_000


@pytest.mark.parametrize(
    ("payload", "cls", "path", "code"),
    [
        ({"id": HUGE + " ", "name": {"en": "x"}}, Organization, "/id", "invalid_id"),
        ({**figure(1), "metric": HUGE}, ReportedFigure, "/metric", "unknown_code"),
        ({**figure(1), "qualifier": HUGE}, ReportedFigure, "/qualifier", "unknown_code"),
        (
            {"id": "o", "name": {"en": "x"}, "country": HUGE},
            Organization,
            "/country",
            "unknown_code",
        ),
        ({**figure(1), HUGE: 1}, ReportedFigure, "/" + HUGE, "unknown_key"),
        ({"amount": "1" * 1_000_000, "currency": "USD"}, Money, "/amount", "too_long"),
        ({"id": "o", "name": {HUGE: "x"}}, Organization, "/name/" + HUGE, "invalid_language_tag"),
    ],
    ids=["pattern", "codelist", "literal", "country", "unknown-key", "amount", "language-tag"],
)
def test_messages_never_repeat_a_long_value(payload: Any, cls: type, path: str, code: str) -> None:
    """A 10 MB value gives a message of a few lines at most, from loader and schema alike."""
    with pytest.raises(ValidationError) as caught:
        from_dict(payload, type=cls)
    problems = [*caught.value.errors, *schema.validate(payload, cls)]
    assert {(p.path, p.code) for p in problems} == {(path, code)}
    assert all(len(p.message) < 300 for p in problems)
    assert len(str(caught.value)) < 1000


def test_repeated_long_keys_are_named_briefly() -> None:
    """The parser's duplicate-key problem names a long key in a few words."""
    key = "k" * 1_000_000
    with pytest.raises(ValidationError) as caught:
        parse_json(f'{{"{key}": 1, "{key}": 2}}')
    (problem,) = caught.value.errors
    assert problem.code == "duplicate_key"
    assert len(problem.message) < 150


def test_error_text_lists_twenty_problems_and_counts_the_rest() -> None:
    """A ValidationError with many problems keeps them all, but its text shows twenty."""
    problems = [Problem(path=f"/{i}", code="c", message="m") for i in range(300_000)]
    error = ValidationError(problems)
    assert len(error.errors) == 300_000
    lines = str(error).splitlines()
    assert lines[0] == "300000 problems found"
    assert lines[1:21] == [f"  /{i}: m [c]" for i in range(20)]
    assert lines[21:] == ["  ... and 299980 more"]


def test_error_text_shortens_long_paths() -> None:
    """A problem's text shortens a very long path; the problem keeps the whole of it."""
    problem = Problem(path="/" + "k" * 1_000_000, code="unknown_key", message="unknown key")
    assert len(str(problem)) < 300
    assert len(problem.path) == 1_000_001


class BadRepr:
    """An object whose repr raises."""

    def __repr__(self) -> str:
        raise RuntimeError("no repr")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("short", "'short'"),
        (12345, "12345"),
        (-(10**19), "-10000000000000000000"),
        (10**20, "an integer of 21 digits"),
        (-(10**5000), "a negative integer of 5001 digits"),
        (10**5000 - 1, "an integer of 5000 digits"),
        (True, "True"),
        (1.5, "1.5"),
        (BadRepr(), "<BadRepr object>"),
        ([1, 2, 3, 4, 5], "[1, 2, 3, 4, ...]"),
        ({"a": 10**5000}, "{'a': an integer of 5001 digits}"),
    ],
    ids=lambda value: brief(value)[:30],  # pytest's own str() refuses the longest integers
)
def test_brief_renders_any_value(value: Any, text: str) -> None:
    """brief writes any value in a few words, never raising and never writing long numbers."""
    assert brief(value) == text


@given(st.integers(min_value=1, max_value=6000))
def test_brief_counts_digits_exactly(digits: int) -> None:
    """Integers are described by their exact number of digits, at each power of ten."""
    for number in (10 ** (digits - 1), 10**digits - 1):
        if digits > 20:
            assert brief(number) == f"an integer of {digits} digits"


def test_brief_is_cheap_for_enormous_values() -> None:
    """A 100-million-bit integer and a 100 MB string are described in milliseconds."""
    big = 1 << 100_000_000
    text = "y" * 100_000_000
    start = time.perf_counter()
    assert brief(big).startswith("an integer of")
    assert len(brief(text)) < 100
    assert time.perf_counter() - start < 0.5


# -- 4. amounts that can be written out ------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (Decimal("1E+999999999999"), "too_long"),
        (Decimal("1E-999999999999"), "too_long"),
        (Decimal("1" * 101), "too_long"),
        (Decimal("0." + "1" * 99), "too_long"),
        (Decimal("1E+100"), "too_long"),
        (Decimal("1E+99"), None),
        (Decimal("0." + "1" * 98), None),
        (Decimal("0E+999999999999"), None),
        (Decimal("Infinity"), "invalid_amount"),
        (Decimal("-1"), "invalid_amount"),
    ],
)
def test_amounts_too_long_to_write_are_refused(amount: Decimal, code: str | None) -> None:
    """An amount whose plain decimal form passes 100 characters is refused when built."""
    expected = [] if code is None else [("/amount", code)]
    assert located(lambda: Money(amount=amount, currency="USD")) == expected
    if code is None:
        money = Money(amount=amount, currency="USD")
        assert len(to_dict(money)["amount"]) <= 100
        assert loads(dumps(money), type=Money) == money


@pytest.mark.parametrize(("length", "code"), [(100, None), (101, "too_long"), (10**6, "too_long")])
def test_amount_strings_stop_at_100_characters(length: int, code: str | None) -> None:
    """The loader, both schema validators and ajv's schema take amounts up to 100 characters."""
    payload = {"amount": "9" * length, "currency": "USD"}
    expected = [] if code is None else [("/amount", code)]
    assert located(lambda: from_dict(payload, type=Money)) == expected
    assert located(lambda: _structure(payload, Money)) == expected
    assert schema_located(payload, Money) == expected
    assert schema_located(payload, Money, formats=True) == expected
    assert rs_verdict(payload, Money) is (code is None)


@given(
    st.integers(min_value=0, max_value=10**120),
    st.integers(min_value=-(10**6), max_value=10**6) | st.integers(min_value=-150, max_value=150),
)
@example(0, 10**6)
@example(10**99, 0)
@example(1, -98)
def test_every_amount_the_constructor_takes_round_trips(digits: int, exponent: int) -> None:
    """Whatever Decimal the constructor accepts dumps and loads back equal; the rest is refused."""
    amount = Decimal(f"{digits}E{exponent}")
    problems = located(lambda: Money(amount=amount, currency="EUR"))
    if problems:
        assert problems == [("/amount", "too_long")]
        if abs(exponent) < 10**4:  # small enough to write out and count
            assert len(format(amount, "f")) > 100
        return
    money = Money(amount=amount, currency="EUR")
    assert len(format(amount, "f")) <= 100
    assert loads(dumps(money), type=Money) == money
    assert from_dict(to_dict(money), type=Money) == money


# -- 5. input to loads that is not JSON text -------------------------------------------------------


@pytest.mark.parametrize("data", [None, 42, 1.5, ["{}"], {"a": 1}, {1, 2}])
def test_loads_answers_anything_with_a_problem(data: Any) -> None:
    """loads of something that is not text gives a wrong_type problem at the root."""
    assert located(lambda: loads(data)) == [("", "wrong_type")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": "\x01"}', "Invalid control character at line 1, column 8"),
        ('{"a": "x', "Unterminated string starting at line 1, column 7"),
        ("{} x", "Extra data at line 1, column 4"),
        ('{"a" 1}', "Expecting ':' delimiter at line 1, column 6"),
    ],
)
def test_parse_messages_read_well(text: str, message: str) -> None:
    """Every parser message reads as one phrase followed by the position, never 'at at'."""
    with pytest.raises(ValidationError) as caught:
        loads(text)
    (problem,) = caught.value.errors
    assert (problem.code, problem.message) == ("invalid_json", message)


def test_the_fast_path_never_lets_an_exception_out() -> None:
    """Whatever the generated loader meets, from_dict raises nothing but ValidationError."""
    with pytest.raises(RuntimeError):  # the lookup of "id" finds the key, which raises
        loader_for(ReportedFigure)({RaisingKey("id"): "f"})
    assert located(lambda: from_dict({RaisingKey("id"): "f"}, type=ReportedFigure)) == [
        ("", "invalid_key")
    ]
