"""Published patterns are portable: every regex engine gives each one the same verdict.

Every ``pattern`` the schemas of the current version publish (each string type's, the
``not`` that refuses line feeds, any under ``propertyNames`` or ``patternProperties``) is
compiled and searched by Python's ``re`` (python-jsonschema and the loader), ECMAScript
with the ``u`` flag (ajv), the Rust ``regex`` crate (jsonschema-rs with ``RegexOptions``,
and pydantic) and RE2, over strings that reach where the engines differ: trailing line
feeds (Python's ``$`` also matches before a final one), every character some engine
takes for white space (``\\s`` differs), characters beyond the Basic Multilingual Plane,
and each type's own valid and invalid values. Then each string type's ``$defs`` entry as
a whole is checked against the loader: python-jsonschema, jsonschema-rs with either
regex engine and ajv accept exactly what :meth:`Pattern.problem` accepts, and the errors
are worded as the loader words them.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import jsonschema
import jsonschema_rs
import pytest
import re2
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import SchemaValidator, core_schema

import ngomodel
from ngomodel import _scalars, schema
from ngomodel._constraints import Pattern

from . import ajv
from .test_patterns import PUBLISHED, witnesses

RUNNER = Path(__file__).with_name("regexp_runner.mjs")
SCHEMAS = Path(__file__).resolve().parents[1] / "schemas" / ngomodel.SCHEMA_VERSION

#: Every character some engine takes for white space: Unicode's White_Space, what Python's
#: ``str.isspace`` adds (U+001C to U+001F), and the format characters that ECMAScript or
#: older Unicode counted (U+180E, U+200B, U+2060, U+FEFF).
SPACES = sorted(
    {chr(c) for c in range(0x3001) if chr(c).isspace()} | set("\u180e\u200b\u2060\ufeff")
)
#: Ends that engines read differently: line feeds (Python's ``$`` matches before a final
#: one), a carriage return, NUL, and characters beyond the BMP (one code point, two
#: UTF-16 units).
ENDS = ("\n", "\n\n", "\r\n", "\r", "\x00", "\U0001f600", "\U0010ffff", "\n\U0001f600")
#: Valid and invalid values of each string type, near their edges.
EXAMPLES = (
    *("", "a", "org-1", "a b", "a/b", "a&b", "a|b", "a?b", "幸福泉", "GB-CHC-202918-UK-PRJ/1"),
    *("en", "zh-Hans", "zh-Latn-pinyin", "abc-Defg-419-x-1", "x-whatever", "e", "en-", "en--US"),
    *("english!", "i-klingon", "de-CH-1901", "sl-rozaj-biske", "en-a-bbb-x-a-ccc", "EN-us"),
    *("2019", "2019-04", "2019-04-30", "2019-04-31", "2019-02-29", "2020-02-29", "1900-02-29"),
    *("2000-02-29", "0400-02-29", "0004-02-29", "0000", "0000-01", "0000-02-29", "0001"),
    *("9999-12-31", "2019-13", "2019-00", "2019-04-00", "19", "20190", "2019-4", "２０１９"),
    *("http://example.org", "https://a/b?c#d", "http://", "https://", "ftp://a", "http:///x"),
    *("http://a b", "HTTP://a", "http://?", "http://#", "https://例え.jp/パス"),
    *("0", "00", "1500.00", "-858096", "-0", "1.", ".5", "1e5", "+1", "0.0000000", "١٢٣"),
    *("charity_register", "Charity", "a" * 64, "a" * 65, "_a", "a-b", "a1_"),
    *("1" * 100, "1" * 101, "-" + "1" * 100, "x" * 200, "x" * 201),
)


def _texts() -> list[str]:
    """The strings every engine is asked about: examples, witnesses, spaces, and each of
    them with each end or space after it and a line feed, a space or an emoji before it."""
    bases = {*EXAMPLES, *SPACES, *(f"a{space}b" for space in SPACES)}
    bases |= {witness for regex in PUBLISHED for witness in witnesses(regex)}
    texts = set(bases)
    for base in bases:
        texts |= {base + end for end in (*ENDS, *SPACES)}
        texts |= {start + base for start in ("\n", " ", "\U0001f600")}
    return sorted(texts)


TEXTS = _texts()


# -- the engines --------------------------------------------------------------------------


def _python_re(regex: str) -> Callable[[str], bool]:
    compiled = re.compile(regex)
    return lambda text: compiled.search(text) is not None


def _re2(regex: str) -> Callable[[str], bool]:
    compiled = re2.compile(regex)
    return lambda text: compiled.search(text) is not None


def _rust_regex(regex: str) -> Callable[[str], bool]:
    options = jsonschema_rs.RegexOptions()
    validator = jsonschema_rs.validator_for({"pattern": regex}, pattern_options=options)
    return validator.is_valid  # type: ignore[no-any-return]


def _pydantic(regex: str) -> Callable[[str], bool]:
    validator = SchemaValidator(core_schema.str_schema(pattern=regex))  # the regex crate
    return validator.isinstance_python


#: The engines that run in this process: name → a function that compiles a pattern into
#: a search. ECMAScript runs in node, on all patterns and strings at once.
ENGINES: dict[str, Callable[[str], Callable[[str], bool]]] = {
    "Python re": _python_re,
    "RE2": _re2,
    "Rust regex (jsonschema-rs, RegexOptions)": _rust_regex,
    "Rust regex (pydantic)": _pydantic,
}


@functools.cache
def _searches(regex: str) -> dict[str, Callable[[str], bool]]:
    return {name: compile_(regex) for name, compile_ in ENGINES.items()}


def _ecmascript(patterns: list[str], texts: list[str]) -> list[list[bool]]:
    """Search every text with every pattern as ajv does: ``new RegExp(p, "u").test(s)``."""
    result = subprocess.run(
        [ajv.node(), str(RUNNER)],
        input=json.dumps({"patterns": patterns, "strings": texts}).encode(),
        capture_output=True,
        check=False,
    )
    if result.returncode != 0 or result.stderr:
        raise AssertionError(f"node failed:\n{result.stderr.decode()}")
    return list(json.loads(result.stdout)["verdicts"])


# -- every published pattern --------------------------------------------------------------


def test_every_engine_gives_every_published_pattern_the_same_verdict() -> None:
    """Python's re, ECMAScript (u flag), the Rust regex crate and RE2 compile each published
    pattern and find a match in exactly the same strings; each pattern matches some and
    not others, so the comparison says something."""
    patterns = list(PUBLISHED)
    disagreements = []
    for regex, in_ecmascript in zip(patterns, _ecmascript(patterns, TEXTS), strict=True):
        searches = _searches(regex)
        for text, found in zip(TEXTS, in_ecmascript, strict=True):
            verdicts = {name: search(text) for name, search in searches.items()}
            verdicts["ECMAScript"] = found
            if len(set(verdicts.values())) != 1:
                disagreements.append(f"{PUBLISHED[regex]} on {text!r}: {verdicts}")
        assert any(in_ecmascript), f"{PUBLISHED[regex]} matches none of the strings"
        assert not all(in_ecmascript), f"{PUBLISHED[regex]} matches every string"
    assert not disagreements, "\n".join(disagreements[:20])


#: Characters drawn into strings: the ones engines read differently, and the ones the
#: patterns are made of.
_CHARACTERS = st.sampled_from([*SPACES, "\r", "\x00", "\U0001f600", *"aZz09-_./:?#&|%éx中"])


@given(
    st.sampled_from(sorted(PUBLISHED)),
    st.sampled_from(TEXTS) | st.just(""),
    st.text(_CHARACTERS | st.characters(codec="utf-8"), max_size=12),
)
def test_the_engines_in_this_process_agree_on_any_string(regex: str, base: str, tail: str) -> None:
    """Python's re, the Rust regex crate and RE2 agree on any string, not just the chosen."""
    text = base + tail
    verdicts = {name: search(text) for name, search in _searches(regex).items()}
    assert len(set(verdicts.values())) == 1, f"{text!r}: {verdicts}"


@pytest.mark.parametrize(
    "regex",
    [r"^a$(?!\n)", r"^(?!0000)[0-9]{4}$", r"^[^\u0085]$", r"^(a)\1$"],
    ids=["look-ahead at the end", "look-ahead on the year", "u escape", "backreference"],
)
def test_re2_refuses_what_is_not_portable(regex: str) -> None:
    """RE2 refuses look-around, ``\\u`` and backreferences, so it checks the published
    patterns for them; the Rust regex crate refuses the look-around and backreferences."""
    re.compile(regex)  # Python takes them all
    with pytest.raises(re2.error):
        re2.compile(regex)
    if r"\u" not in regex:  # the regex crate reads \u0085 as the character
        with pytest.raises(jsonschema_rs.ValidationError):
            _rust_regex(regex)


def test_published_files_write_invisible_characters_as_escapes() -> None:
    """Schema files write white space and format characters as JSON escapes, so that a
    pattern's white-space class can be read, and other characters as themselves."""
    for path in SCHEMAS.rglob("*.json"):
        text = path.read_text(encoding="utf-8")
        hidden = {c for c in text if c not in " \n" and unicodedata.category(c)[0] in "CZ"}
        assert not hidden, f"{path.name} holds {sorted(hidden)} unescaped"
    types = (SCHEMAS / "types.schema.json").read_text(encoding="utf-8")
    assert r"\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000" in types
    assert "→" in types  # written as itself


# -- each string type as a whole ----------------------------------------------------------


def _string_types() -> dict[str, Pattern]:
    """The string types of the types schema that have a pattern: ``$defs`` name → Pattern."""
    defs = schema.schema_documents()["types.schema.json"]["$defs"]
    by_name = {v.name: v for v in vars(_scalars).values() if isinstance(v, Pattern)}
    names = [name for name, definition in defs.items() if "pattern" in definition]
    assert set(names) <= set(by_name)
    return {name: by_name[name] for name in names}


STRING_TYPES = _string_types()


def _ref(name: str) -> str:
    return f"{schema.BASE_URI}types.schema.json#/$defs/{name}"


def _python_jsonschema(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({"$ref": _ref(name)}, registry=schema.registry())


def _jsonschema_rs(name: str, options: object) -> Callable[[str], bool]:
    documents = schema.schema_documents()
    registry = jsonschema_rs.Registry([(schema.BASE_URI + p, d) for p, d in documents.items()])
    validator = jsonschema_rs.validator_for(
        {"$ref": _ref(name)}, registry=registry, pattern_options=options
    )
    return validator.is_valid  # type: ignore[no-any-return]


def test_each_string_type_gives_the_loaders_verdict_in_every_validator() -> None:
    """Each string type's ``$defs`` entry (pattern, ``not`` and ``maxLength`` together)
    accepts exactly what the loader accepts, in python-jsonschema, jsonschema-rs with the
    regex crate and with fancy-regex, and ajv in strict mode; a trailing line feed is
    still refused, 0000 is still no year."""
    reason = ajv.available()
    if reason:
        pytest.skip(reason)
    wrappers = {
        f"portable/{name}.schema.json": {
            "$schema": schema.DIALECT,
            "$id": f"{schema.BASE_URI}portable/{name}.schema.json",
            "$ref": _ref(name),
        }
        for name in STRING_TYPES
    }
    cases = [(f"portable/{name}", text) for name in STRING_TYPES for text in TEXTS]
    in_ajv = iter(ajv.verdicts(cases, documents={**schema.schema_documents(), **wrappers}))
    disagreements = []
    for name, pattern in STRING_TYPES.items():
        validators = {
            "python-jsonschema": _python_jsonschema(name).is_valid,
            "jsonschema-rs (regex)": _jsonschema_rs(name, jsonschema_rs.RegexOptions()),
            "jsonschema-rs (fancy-regex)": _jsonschema_rs(name, jsonschema_rs.FancyRegexOptions()),
        }
        for text in TEXTS:
            verdicts = {which: valid(text) for which, valid in validators.items()}
            verdicts["ajv"] = next(in_ajv)
            loader = pattern.problem(text) is None
            if set(verdicts.values()) != {loader}:
                disagreements.append(f"{name} on {text!r}: loader {loader}, {verdicts}")
    assert not disagreements, "\n".join(disagreements[:20])
    assert not STRING_TYPES["PartialDate"].matches("2019\n")
    assert not STRING_TYPES["PartialDate"].matches("0000")


@pytest.mark.parametrize("name", STRING_TYPES)
def test_schema_errors_are_worded_as_the_loader_words_them(name: str) -> None:
    """A string a type refuses, by its pattern, its ``not`` or its length, gets from
    python-jsonschema's errors exactly the loader's code and message; a value that is no
    string breaks "type" alone."""
    pattern = STRING_TYPES[name]
    validator = _python_jsonschema(name)
    for value in (5, None, ["a\n"], {"a": "\n"}):
        assert [error.validator for error in validator.iter_errors(value)] == ["type"]
    for_line_feed_alone = 0
    for text in TEXTS:
        found = pattern.problem(text)
        problems = [p for e in validator.iter_errors(text) for p in schema.problems_from_error(e)]
        assert {(p.path, p.code, p.message) for p in problems} == (
            set() if found is None else {("", found.code, found.message)}
        ), text
        if found is not None and pattern.problem(text.rstrip("\n")) is None:
            for_line_feed_alone += 1  # only the "not" refuses it
    assert for_line_feed_alone or pattern.line_feeds
