"""The quick paths of reading JSON never disagree with the exact ones.

The quick parse (orjson) never disagrees with the exact parse (stdlib json).

``parse_json`` tries orjson first and keeps its result only when it must equal
what the exact parser gives; otherwise the exact parser decides, and reports.
These tests compare the two on generated and hand-picked texts: whenever the
quick parse keeps a value, the exact parser accepts the text and gives the same
value, with the same types; whenever the exact parser rejects a text, the quick
parse gives it up. Likewise, the fast loader's reading of dates and its shortcut
for text agree with the patterns they stand in for.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ngomodel import ValidationError
from ngomodel._fastload import SPACES, Reject, _date
from ngomodel._json import (
    _UNPARSED,
    MAX_DEPTH,
    _parse,
    _parse_quick,
    _parse_text,
    json_problems,
    parse_json,
)
from ngomodel._scalars import DATE, TEXT, PartialDate


def same(a: Any, b: Any) -> bool:
    """Equal values of the very same types, all the way down (1, 1.0 and True differ)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return repr(a) == repr(b)
    return bool(a == b)


def exact(text: str | bytes) -> Any:
    """The exact parser's value, or the ValidationError it raises."""
    try:
        return parse_json_exact(text)
    except ValidationError as error:
        return error


def parse_json_exact(text: str | bytes) -> Any:
    return _parse_text(text.decode("utf-8") if isinstance(text, bytes) else text)


def agree(text: str | bytes) -> None:
    quick = _parse_quick(text)
    reference = exact(text)
    if isinstance(reference, ValidationError):
        assert quick is _UNPARSED, (text, reference)
        with pytest.raises(ValidationError) as caught:
            parse_json(text)
        assert caught.value.errors == reference.errors
    else:
        if quick is not _UNPARSED:
            assert same(quick, reference), (text, quick, reference)
        assert same(parse_json(text), reference)


keys = st.text(alphabet=st.sampled_from(list('ab:"\\\u00e9\u4e2d')), max_size=3)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.sampled_from(list('x:"\\\u00e9\u4e2d\U0001f600 ')), max_size=5)
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    """JSON texts, some with repeated keys, escaped characters or odd spacing."""
    value = draw(values)
    text = json.dumps(value, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()) and "{" in text:
        # Repeat the first member of some object: `{"k": v, ...` -> `{"k": v, "k": v, ...`.
        start = text.index("{")
        inner = draw(st.sampled_from([i for i, c in enumerate(text) if c == "{"] or [start]))
        decoded = json.JSONDecoder().raw_decode(text, inner)[0]
        if isinstance(decoded, dict) and decoded:
            key, item = next(iter(decoded.items()))
            member = f"{json.dumps(key)}: {json.dumps(item)}, "
            text = text[: inner + 1] + member + text[inner + 1 :]
    if draw(st.booleans()):
        text = text.replace(":", draw(st.sampled_from([" :", ": ", "\\u003a", "\\u003A"])), 1)
    return text


@given(texts())
@example('{"a": 1, "a": 2}')
@example('{"a": "x:y", "a": "x"}')
@example('{"a": 1, "\\u0061": 2}')
@example('{"a": "\\u003a", "a": 1}')
@example('{"a": "\\u003a\\u003a", "a": 1, "b": 2}')
@example("123456789012345678901234567890")
@example("[18446744073709551615, -9223372036854775808, 18446744073709551616]")
@example("1.2345678901234567890123e5")
@example('"\\ud800"')
@example('"\\ud83d\\ude00"')
@example("1e999")
@example("-0")
@example("[" * 2000 + "]" * 2000)
@example('{"a": NaN}')
@example('{"a": 1,}')
@example(" \t\n{}\r\n ")
@example('"\x01"')
@example("")
def test_quick_parse_agrees_with_exact_parse(text: str) -> None:
    agree(text)
    agree(text.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize(
    "text",
    [
        b'{"a": 1, "a": 2}',
        b'{"x": {"a": "p:q", "b": 1, "a": "r"}}',
        b'[{"k": 1}, {"k": 2, "k": 3}]',
        b'{"\\u006b": 1, "k": 2}',
    ],
)
def test_repeated_keys_are_never_kept(text: bytes) -> None:
    assert _parse_quick(text) is _UNPARSED
    with pytest.raises(ValidationError) as caught:
        parse_json(text)
    assert [p.code for p in caught.value.errors] == ["duplicate_key"]


@pytest.mark.parametrize(
    "text",
    [b'{"url": "https://example.org/a:b", "n": 1}', b'[":", {"a:b": ":"}]', b"{}", b"3"],
)
def test_colons_in_strings_keep_the_quick_parse(text: bytes) -> None:
    assert same(_parse_quick(text), json.loads(text))


def test_big_integers_stay_integers() -> None:
    value = parse_json(b"[123456789012345678901234567890, 1.5]")
    assert same(value, [123456789012345678901234567890, 1.5])


def test_spaces_are_every_space_the_text_pattern_knows() -> None:
    """The text check's shortcut relies on SPACES holding every white-space character."""
    search = TEXT._compiled.search
    assert {chr(c) for c in range(0x110000) if search(chr(c)) is None} == SPACES


def date_verdict(text: str) -> PartialDate | None:
    try:
        return _date(text)
    except Reject:
        return None


def pattern_verdict(text: str) -> PartialDate | None:
    return PartialDate.parse(text) if DATE.matches(text) else None


def test_fast_dates_agree_with_the_pattern_on_every_day_of_leap_and_common_years() -> None:
    """Years, months and days around every boundary, including leap-year rules."""
    for year in ("0000", "0001", "0004", "0100", "0400", "1900", "2000", "2019", "2024", "9999"):
        assert date_verdict(year) == pattern_verdict(year)
        for month in range(14):
            text = f"{year}-{month:02d}"
            assert date_verdict(text) == pattern_verdict(text), text
            for day in range(33):
                text = f"{year}-{month:02d}-{day:02d}"
                assert date_verdict(text) == pattern_verdict(text), text


@given(
    st.text(alphabet=st.sampled_from(list("0123456789-+ T:Wx\u0661\uff12\n")), max_size=12)
    | st.dates().map(lambda d: d.isoformat())
)
@example("20190430xx")
@example("2019-04-30\n")
@example("2019-04-3\u0661")
@example("2019-W01-11")
def test_fast_dates_agree_with_the_pattern(text: str) -> None:
    fast = date_verdict(text)
    assert fast == pattern_verdict(text)
    if fast is not None:
        assert str(fast) == text


@pytest.mark.parametrize("data", [None, 1, [b"{}"], {"a": 1}, memoryview(b"{}")])
def test_only_text_is_parsed(data: object) -> None:
    """Anything but str or bytes is answered as input is: a wrong_type problem at the root."""
    with pytest.raises(ValidationError) as caught:
        parse_json(data)  # type: ignore[arg-type]
    (problem,) = caught.value.errors
    assert (problem.path, problem.code) == ("", "wrong_type")
    assert problem.message.startswith("expected JSON text (str or UTF-8 bytes), got ")


@pytest.mark.parametrize("depth", [253, 254, 300, 600])
def test_nesting_orjson_reads_but_will_not_write(depth: int) -> None:
    """orjson reads 1024 levels but writes only 254: the exact parser takes over."""
    text = "[" * depth + '{"a": 1}' + "]" * depth
    expected = json.dumps(_parse_text(text))  # too deep for `same`: compare the writing
    assert json.dumps(parse_json(text)) == expected
    assert json.dumps(parse_json(text.encode())) == expected


@pytest.mark.parametrize("depth", [1, 85, 86, 253, 254, 255, 256, 257, 300])
@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(("[", "]"), id="arrays"),
        pytest.param(('{"a":', "}"), id="objects"),
        pytest.param(('{"a":' + "[" * 2, "]" * 2 + "}"), id="mixed"),
    ],
)
def test_the_parser_vouches_only_for_what_the_walk_passes(depth: int, shape: Any) -> None:
    """A value the parser calls plain has no problem for json_problems, however deep.

    Arrays alone have no colon to count, so their nesting is checked on its own.
    """
    opening, closing = shape
    text = opening * depth + "0" + closing * depth
    value, plain = _parse(text)
    found = [problem.code for problem in json_problems(value)]
    if plain:
        assert found == []
    nesting = depth * (opening.count("[") + opening.count("{"))
    assert found == (["too_deep"] if nesting > MAX_DEPTH else [])
