"""Published patterns: no hostile string makes any engine match them in super-linear time.

Every ``pattern``, ``patternProperties`` key and ``propertyNames`` rule the schema
generator publishes is run by Python's ``re`` (the loader and python-jsonschema), the Rust
``regex`` crate or fancy-regex (jsonschema-rs) and ECMAScript (ajv). Python's and
ECMAScript's engines backtrack alike, so a pattern in which two quantifiers can share
characters takes quadratic time or worse on a string that almost matches. These tests
build such strings from each pattern's own structure and compare the time at two
lengths, so that a pattern added later is checked without anyone writing its attack by
hand.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ngomodel
from ngomodel import Link, ValidationError, from_dict, schema
from ngomodel._constraints import Pattern
from ngomodel._scalars import URL

# The stdlib's own parser is the one way to walk a pattern's structure without writing a
# second regex grammar; it moved from sre_parse to re._parser in Python 3.11.
try:
    _parser: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - Python 3.10
    _parser = importlib.import_module("sre_parse")

#: Characters tried wherever a pattern has a class, in order of preference: the first
#: one a class accepts stands for it in the witnesses. It has white space of each kind
#: the patterns spell out, the URL and id delimiters, and characters outside ASCII.
PROBES = "aZ1x023456789-./:?#&|_é中 \t\n\v\u0085\u00a0\u2028\u3000!"
#: What ends a family: nothing, or a character that breaks most patterns.
BREAKERS = ("", "!", " ", "\n", "-")
#: The longest stretch of a witness repeated as a unit.
LONGEST_PUMP = 6
#: The lengths each family is tried at, shortest first: small steps while the strings are
#: short, so that an exponential pattern is caught before it runs for hours, then four
#: times longer each time up to LONG.
LONG = 16_000
LADDER = (4, 6, 8, 12, 16, 24, 32, 48, 64, 250, 1_000, 4_000, LONG)
#: Time at 8n over time at n above which matching is super-linear (8 is linear).
RATIO = 8 * 3
#: Below this a string took microseconds: linear enough whatever the ratio says.
FLOOR = 0.002


# -- what is published -----------------------------------------------------------------


def _rules(node: Any, where: str) -> Iterator[tuple[str, str]]:
    """Yield (location, regex) for every pattern in a schema document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield f"{where}/pattern", value
            if key == "patternProperties" and isinstance(value, dict):
                yield from ((f"{where}/patternProperties", regex) for regex in value)
            # propertyNames holds a schema: its patterns are found by walking into it.
            yield from _rules(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _rules(item, f"{where}/{index}")


def published() -> dict[str, str]:
    """Return every distinct published regex → the first place it appears."""
    found: dict[str, str] = {}
    for path, document in schema.schema_documents().items():
        for where, regex in _rules(document, f"{path}#"):
            found.setdefault(regex, where)
    return found


PUBLISHED = published()


# -- strings that reach deep into a pattern ---------------------------------------------


def _accepts(items: Any, char: str) -> bool:
    """Whether the parsed character class *items* accepts *char*."""
    negate = False
    hit = False
    for op, arg in items:
        name = op.name
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            hit = hit or char == chr(arg)
        elif name == "RANGE":
            hit = hit or arg[0] <= ord(char) <= arg[1]
        elif name == "CATEGORY":
            category = {"DIGIT": r"\d", "SPACE": r"\s", "WORD": r"\w"}
            spelled = arg.name.removeprefix("CATEGORY_")
            base = category[spelled.removeprefix("NOT_")]
            inside = re.fullmatch(base, char) is not None
            hit = hit or inside != spelled.startswith("NOT_")
        else:
            raise AssertionError(f"teach _accepts the class item {name}")
    return hit != negate


def _stand_in(items: Any) -> str:
    """The first probe character a class accepts."""
    for char in PROBES:
        if _accepts(items, char):
            return char
    raise AssertionError(f"no probe character is in the class {items}")


def _render(parsed: Any, choices: dict[int, int], rich: bool) -> str:
    """Spell one string of *parsed*, taking alternative ``choices[id(branch)]`` (else the first).

    A rich witness repeats each quantified part twice (or as often as it must, within its
    bounds); a plain one as few times as it may.
    """
    out: list[str] = []
    for op, arg in parsed:
        name = op.name
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append(next(c for c in PROBES if c != chr(arg)))
        elif name == "ANY":
            out.append(PROBES[0])
        elif name == "IN":
            out.append(_stand_in(arg))
        elif name == "BRANCH":
            out.append(_render(arg[1][choices.get(id(arg), 0)], choices, rich))
        elif name == "SUBPATTERN":
            out.append(_render(arg[-1], choices, rich))
        elif name == "ATOMIC_GROUP":
            out.append(_render(arg, choices, rich))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = arg
            out.append(_render(body, choices, rich) * (min(high, max(low, 2)) if rich else low))
        elif name not in ("AT", "ASSERT", "ASSERT_NOT"):  # assertions consume nothing
            raise AssertionError(f"teach _render the regex construct {name}")
    return "".join(out)


def _choices(parsed: Any, path: dict[int, int]) -> Iterator[dict[int, int]]:
    """Yield, for each alternative of each alternation (nested ones too), the choices that
    take it: that alternative there, and the way to it in the alternations around it."""
    for op, arg in parsed:
        name = op.name
        if name == "BRANCH":
            for k, alternative in enumerate(arg[1]):
                way = {**path, id(arg): k}
                yield way
                yield from _choices(alternative, way)
        elif name in ("SUBPATTERN", "ASSERT", "ASSERT_NOT"):
            yield from _choices(arg[-1], path)
        elif name == "ATOMIC_GROUP":
            yield from _choices(arg, path)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            yield from _choices(arg[2], path)


def witnesses(regex: str) -> list[str]:
    """Strings built from *regex*'s structure: each alternative taken once, rich and plain."""
    parsed = _parser.parse(regex)
    variants = [{}, *_choices(parsed, {})]
    found = {_render(parsed, v, rich) for v in variants for rich in (True, False)}
    return sorted(found, key=lambda w: (-len(w), w))


def _classes(parsed: Any) -> Iterator[Any]:
    """Yield every character class of *parsed* as class items, a literal as a class of one."""
    for op, arg in parsed:
        name = op.name
        if name == "LITERAL":
            yield [(op, arg)]
        elif name == "IN":
            yield arg
        elif name == "BRANCH":
            for alternative in arg[1]:
                yield from _classes(alternative)
        elif name in ("SUBPATTERN", "ASSERT", "ASSERT_NOT"):
            yield from _classes(arg[-1])
        elif name == "ATOMIC_GROUP":
            yield from _classes(arg)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            yield from _classes(arg[2])


def families(regex: str) -> list[tuple[str, str, str]]:
    """(prefix, unit, end) triples: a prefix of a witness, a unit repeated, an end.

    The unit is either what the witness goes on with after the prefix (pumping a part of
    a near match, as the pumping lemma does) or any probe character that one of the
    pattern's classes or literals accepts.
    """
    classes = list(_classes(_parser.parse(regex)))
    # Probes that exactly the same classes accept are interchangeable: keep the first.
    kinds = {tuple(_accepts(items, c) for items in classes): c for c in reversed(PROBES)}
    singles = [c for kind, c in kinds.items() if any(kind)]
    out: dict[tuple[str, str, str], None] = {}
    for witness in witnesses(regex):
        for cut in range(len(witness) + 1):
            prefix = witness[:cut]
            pumps = {witness[cut : cut + size] for size in range(1, LONGEST_PUMP + 1)}
            pumps.discard("")
            for unit in (*sorted(pumps), *singles):
                for end in BREAKERS:
                    out.setdefault((prefix, unit, end), None)
    return list(out)


def build(family: tuple[str, str, str], length: int) -> str:
    """The family's string with its unit repeated to about *length* characters."""
    prefix, unit, end = family
    return prefix + unit * max(1, length // len(unit)) + end


def _best(run: Callable[[str], Any], text: str, repeats: int) -> float:
    """The shortest time *run* takes on *text* in *repeats* tries."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run(text)
        best = min(best, time.perf_counter() - start)
    return best


def super_linear(run: Callable[[str], Any], regex: str) -> str | None:
    """Describe the first family on which *run* takes super-linear time, or return None.

    Each family's string is timed once at each length of LADDER, until one takes longer
    than FLOOR (for a linear pattern none does). That length n and n / 8 are then timed
    again, best of five, and compared: linear time is 8 times longer at 8 times the
    length, and anything above RATIO is not.
    """
    for family in families(regex):
        for length in LADDER:
            if _best(run, build(family, length), 1) < FLOOR:
                continue
            long_time = _best(run, build(family, length), 5)
            short_time = _best(run, build(family, length // 8), 5)
            if long_time >= FLOOR and long_time > RATIO * short_time:
                prefix, unit, end = family
                return (
                    f"{prefix!r} + {unit!r} * n + {end!r}: {short_time * 1e3:.2f} ms at "
                    f"{length // 8} characters, {long_time * 1e3:.2f} ms at {length}"
                )
            break
    return None


# -- the tests --------------------------------------------------------------------------


def test_every_pattern_constant_is_published() -> None:
    """Each Pattern the library checks strings with appears in the generated schemas."""
    for module in pkgutil.walk_packages(ngomodel.__path__, "ngomodel."):
        if not module.name.endswith("__main__"):  # that one runs the command line
            importlib.import_module(module.name)
    constants = {
        value.regex
        for name, module in list(sys.modules.items())
        if name.startswith("ngomodel")
        for value in vars(module).values()
        if isinstance(value, Pattern)
    }
    assert constants
    assert constants <= set(PUBLISHED)


@pytest.mark.parametrize("regex", PUBLISHED, ids=PUBLISHED.values())
def test_witnesses_reach_the_end(regex: str) -> None:
    """Some witness of each pattern matches it, so the families start from near matches."""
    assert any(re.search(regex, w) for w in witnesses(regex))


@pytest.mark.parametrize("regex", PUBLISHED, ids=PUBLISHED.values())
def test_python_re_is_linear(regex: str) -> None:
    """Python's re searches in linear time (ajv's ECMAScript engine backtracks alike)."""
    compiled = re.compile(regex)
    found = super_linear(compiled.search, regex)
    assert found is None, f"{regex!r} is super-linear on {found}"


#: jsonschema-rs's regex engines: the ``regex`` crate, as :mod:`ngomodel.schema` runs it,
#: and fancy-regex, its default, which integrators may keep.
_RS_ENGINES = {"regex": jsonschema_rs.RegexOptions(), "fancy-regex": None}


@pytest.mark.parametrize("engine", _RS_ENGINES)
@pytest.mark.parametrize("regex", PUBLISHED, ids=PUBLISHED.values())
def test_jsonschema_rs_is_linear(regex: str, engine: str) -> None:
    """jsonschema-rs validates in linear time and never gives up at a backtracking limit.

    The regex crate matches in linear time by construction and has no such limit. At
    fancy-regex's (a million steps by default) jsonschema-rs reports an error whether or
    not the string matches, so a pattern that reached it on LONG characters would be both
    slow and wrong there.
    """
    validator = jsonschema_rs.validator_for(
        {"type": "object", "properties": {"value": {"type": "string", "pattern": regex}}},
        pattern_options=_RS_ENGINES[engine],
    )
    for family in families(regex):
        kinds = {e.kind for e in validator.iter_errors({"value": build(family, LONG)})}
        assert not any(
            isinstance(kind, jsonschema_rs.ValidationErrorKind.BacktrackLimitExceeded)
            for kind in kinds
        ), f"{regex!r} gives up on {family}"
    found = super_linear(lambda text: validator.is_valid({"value": text}), regex)
    assert found is None, f"{regex!r} is super-linear on {found}"


#: The Url pattern before issue 9: the two quantified classes overlap, which is
#: quadratic on a long host followed by a space. (Python reads its look-ahead.)
_OLD_URL = (
    r"^https?://[^\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    r"/?#]+[^\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$(?!\n)"
)
#: Letters, the URL delimiters, every kind of white space the pattern names, and U+200B
#: (next to the U+2000-U+200A range, and not white space).
_URL_ALPHABET = (
    "aZh:/?#.%\n \t\v\f\r\u0085\u00a0\u1680\u2000\u2005\u200a\u200b\u2028\u2029\u202f\u205f\u3000"
)


@given(
    st.sampled_from(["", "http://", "https://", "http:/", "https:"]),
    st.text(alphabet=_URL_ALPHABET),
)
def test_url_pattern_matches_what_it_matched(scheme: str, rest: str) -> None:
    """The Url type accepts exactly the strings the quadratic pattern accepted."""
    text = scheme + rest
    assert URL.matches(text) == (re.search(_OLD_URL, text) is not None)


def test_url_pattern_matches_what_it_matched_at_the_end() -> None:
    """Line feeds at the end, which the drawn strings rarely hold, are refused as before."""
    for text in ("http://a", "http://a\n", "http://a\n\n", "http://\n", "http://a \n"):
        assert URL.matches(text) == (re.search(_OLD_URL, text) is not None), text


def test_hostile_url_is_rejected() -> None:
    """A 16,000-character host followed by a space is an invalid URL at /url, both ways."""
    payload = {"url": "http://" + "a" * 16_000 + " "}
    with pytest.raises(ValidationError) as caught:
        from_dict(payload, type=Link)
    assert [(p.path, p.code) for p in caught.value.errors] == [("/url", "invalid_url")]
    found = schema.validate(payload, Link)
    assert [(p.path, p.code) for p in found] == [("/url", "invalid_url")]
