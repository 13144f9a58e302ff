"""Strict loading: every kind of bad input is rejected at the right JSON Pointer."""

from __future__ import annotations

import copy
import gc
import json
from decimal import Decimal
from typing import Any

import pytest

import ngomodel
from ngomodel import (
    Dataset,
    Money,
    Organization,
    Program,
    ReportedFigure,
    ValidationError,
    dumps,
    from_dict,
    loads,
    to_dict,
)
from ngomodel._reference import reference_bytes


def reference() -> dict[str, Any]:
    """A fresh, mutable copy of the reference dataset as plain JSON values."""
    return json.loads(reference_bytes())  # type: ignore[no-any-return]


def problems(data: Any, type: type = Dataset) -> list[tuple[str, str]]:
    """Load *data* expecting failure; return its problems as (path, code) pairs."""
    with pytest.raises(ValidationError) as caught:
        from_dict(data, type=type)
    assert isinstance(caught.value, ValueError)
    return [(p.path, p.code) for p in caught.value.errors]


def test_reference_loads() -> None:
    """The reference dataset loads without a problem."""
    assert loads(reference_bytes()).schema_version == "1.1"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        pytest.param(
            lambda d: d["figures"][0].__setitem__("value", "265"),
            ("/figures/0/value", "wrong_type"),
            id="string-for-integer",
        ),
        pytest.param(
            lambda d: d["figures"][3]["share"].__setitem__("fraction", True),
            ("/figures/3/share/fraction", "wrong_type"),
            id="boolean-for-number",
        ),
        pytest.param(
            lambda d: d["figures"][0].__setitem__("value", True),
            ("/figures/0/value", "wrong_type"),
            id="boolean-for-integer",
        ),
        pytest.param(
            lambda d: d["figures"][0].__setitem__("value", 265.5),
            ("/figures/0/value", "wrong_type"),
            id="fraction-for-integer",
        ),
        pytest.param(
            lambda d: d["programs"][0].__setitem__("agreement_ids", "agreement-xingfu-quan"),
            ("/programs/0/agreement_ids", "wrong_type"),
            id="string-for-list",
        ),
        pytest.param(
            lambda d: d["networks"][0].__setitem__("founding_date", 2005),
            ("/networks/0/founding_date", "wrong_type"),
            id="number-for-string",
        ),
        pytest.param(
            lambda d: d["programs"][1]["participants"][0].__setitem__("organization_id", 7),
            ("/programs/1/participants/0/organization_id", "wrong_type"),
            id="number-for-id",
        ),
        pytest.param(
            lambda d: d.__setitem__("colour", "red"),
            ("/colour", "unknown_key"),
            id="unknown-key-top-level",
        ),
        pytest.param(
            lambda d: d["programs"][0]["results"][0]["indicators"][0].__setitem__("colour", 1),
            ("/programs/0/results/0/indicators/0/colour", "unknown_key"),
            id="unknown-key-nested",
        ),
        pytest.param(
            lambda d: d["persons"][0].pop("name"),
            ("/persons/0/name", "missing_key"),
            id="missing-required-key",
        ),
        pytest.param(
            lambda d: d.pop("schema_version"),
            ("/schema_version", "missing_key"),
            id="missing-root-key",
        ),
        pytest.param(
            lambda d: d["organizations"][0].__setitem__("organization_type", "99"),
            ("/organizations/0/organization_type", "unknown_code"),
            id="unknown-code",
        ),
        pytest.param(
            lambda d: d["organizations"][0].__setitem__("country", "XX"),
            ("/organizations/0/country", "unknown_code"),
            id="unknown-country",
        ),
        pytest.param(
            lambda d: d["programs"][0]["sectors"][0].__setitem__("code", "99999"),
            ("/programs/0/sectors/0/code", "unknown_code"),
            id="unknown-sector-in-dac-vocabulary",
        ),
        pytest.param(
            lambda d: d["programs"][0]["title"].__setitem__("zh_CN", "幸福泉"),
            ("/programs/0/title/zh_CN", "invalid_language_tag"),
            id="malformed-language-tag",
        ),
        pytest.param(
            lambda d: d["networks"][0].__setitem__("founding_date", "2019-02-29"),
            ("/networks/0/founding_date", "invalid_date"),
            id="impossible-date",
        ),
        pytest.param(
            lambda d: d["networks"][0].__setitem__("founding_date", "2005\n"),
            ("/networks/0/founding_date", "invalid_date"),
            id="date-with-trailing-newline",
        ),
        pytest.param(
            lambda d: d["figures"][0].__setitem__("value", -1),
            ("/figures/0/value", "too_small"),
            id="negative-count",
        ),
        pytest.param(
            lambda d: d["persons"][0]["name"].__setitem__("en", "   "),
            ("/persons/0/name/en", "empty_text"),
            id="blank-name",
        ),
        pytest.param(
            lambda d: d["persons"][0].__setitem__("name", {}),
            ("/persons/0/name", "too_few_items"),
            id="name-without-languages",
        ),
        pytest.param(
            lambda d: d["persons"][0].__setitem__("id", "liu kaiyang"),
            ("/persons/0/id", "invalid_id"),
            id="id-with-space",
        ),
        pytest.param(
            lambda d: d["agreements"][0].__setitem__("parties", d["agreements"][0]["parties"][:1]),
            ("/agreements/0/parties", "too_few_items"),
            id="one-party",
        ),
        pytest.param(
            lambda d: d["programs"][0]["results"][0].__setitem__("indicators", []),
            ("/programs/0/results/0/indicators", "too_few_items"),
            id="no-indicator",
        ),
        pytest.param(
            lambda d: d["organizations"][0].__setitem__("country", None),
            ("/organizations/0/country", "null_value"),
            id="null-for-optional",
        ),
        pytest.param(
            lambda d: d["programs"][0]["recipient_countries"][0].__setitem__("percentage", 100.5),
            ("/programs/0/recipient_countries/0/percentage", "too_large"),
            id="percentage-over-100",
        ),
        pytest.param(
            lambda d: d["figures"][3]["share"].__setitem__("located_in", "CN"),
            ("/figures/3/share", "exactly_one_required"),
            id="class-rule-exactly-one",
        ),
        pytest.param(
            lambda d: d["agreements"][0]["parties"][0].pop("description"),
            ("/agreements/0/parties/0", "at_least_one_required"),
            id="class-rule-at-least-one",
        ),
        pytest.param(
            lambda d: d.__setitem__("schema_version", "2.0"),
            ("/schema_version", "unknown_version"),
            id="unsupported-schema-version",
        ),
        pytest.param(
            lambda d: d.__setitem__("programs", {}),
            ("/programs", "wrong_type"),
            id="object-for-list",
        ),
        pytest.param(
            lambda d: d["programs"].__setitem__(0, "program-xingfu-quan"),
            ("/programs/0", "wrong_type"),
            id="string-for-object",
        ),
    ],
)
def test_rejected_at_pointer(mutate: Any, expected: tuple[str, str]) -> None:
    """Each bad input is rejected with the expected code at the expected JSON Pointer."""
    data = reference()
    mutate(data)
    assert problems(data) == [expected]


def test_all_problems_reported_together() -> None:
    """Several problems in one payload are all reported, in document order."""
    data = reference()
    data["organizations"][0]["country"] = "XX"
    data["organizations"][1]["founding_date"] = "2018-13"
    data["persons"][0]["name"]["en"] = ""
    data["programs"][0]["results"][0]["indicators"][0]["periods"][0]["target"]["value"] = "200"
    data["surplus"] = 1
    assert problems(data) == [
        ("/organizations/0/country", "unknown_code"),
        ("/organizations/1/founding_date", "invalid_date"),
        ("/persons/0/name/en", "empty_text"),
        ("/programs/0/results/0/indicators/0/periods/0/target/value", "wrong_type"),
        ("/surplus", "unknown_key"),
    ]


def test_several_problems_in_one_object() -> None:
    """Type errors and constraint errors in one object are reported side by side."""
    data = {"id": "a b", "name": {"en": ""}, "country": 5, "founding_date": "1999-02-29"}
    assert problems(data, Organization) == [
        ("/id", "invalid_id"),
        ("/name/en", "empty_text"),
        ("/country", "wrong_type"),
        ("/founding_date", "invalid_date"),
    ]


def test_pointer_escapes_special_characters() -> None:
    """Keys with ``/`` and ``~`` are escaped in paths as RFC 6901 says."""
    data = reference()
    data["a/b~c"] = 1
    assert problems(data) == [("/a~1b~0c", "unknown_key")]


def test_error_is_value_error_with_readable_message() -> None:
    """The error is a ValueError whose message lists every problem with its path."""
    with pytest.raises(ValueError, match=r"/id: .* \[invalid_id\]"):
        from_dict({"id": "a b", "name": {"en": "x"}}, type=Organization)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param(b"\xff\xfe{}", "invalid_encoding", id="not-utf8"),
        pytest.param(b"\xef\xbb\xbf{}", "invalid_encoding", id="bom-bytes"),
        pytest.param("\ufeff{}", "invalid_encoding", id="bom-text"),
        pytest.param('{"schema_version": "1.0"', "invalid_json", id="truncated"),
        pytest.param("", "invalid_json", id="empty"),
        pytest.param('{"a": NaN}', "invalid_number", id="nan"),
        pytest.param('{"a": -Infinity}', "invalid_number", id="infinity"),
        pytest.param('{"a": 1e400}', "invalid_number", id="float-overflow"),
        pytest.param('{"a": ' + "9" * 5000 + "}", "invalid_number", id="huge-integer-text"),
        pytest.param("[" * 200_000 + "]" * 200_000, "too_deep", id="deep-nesting"),
        pytest.param('{"a": 1, "a": 2}', "duplicate_key", id="duplicate-key"),
    ],
)
def test_hostile_json(text: str | bytes, code: str) -> None:
    """Hostile JSON text is reported as one problem with a stable code, never a crash."""
    with pytest.raises(ValidationError) as caught:
        loads(text)
    assert [p.code for p in caught.value.errors] == [code]


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (b'{"id": "o", "name": {"en": "\\ud800"}}', "/name/en"),
        (b'{"id": "o\\udc00", "name": {"en": "x"}}', "/id"),
    ],
)
def test_lone_surrogates_rejected(text: bytes, path: str) -> None:
    """A lone surrogate escape is not Unicode text: rejected where it stands."""
    with pytest.raises(ValidationError) as caught:
        loads(text, type=Organization)
    assert [(p.path, p.code) for p in caught.value.errors] == [(path, "invalid_encoding")]


def test_surrogate_pairs_accepted() -> None:
    """An escaped surrogate pair is one character, and round-trips."""
    org = loads(b'{"id": "o", "name": {"en": "\\ud83d\\ude00"}}', type=Organization)
    assert org.name["en"] == "\U0001f600"
    assert loads(ngomodel.dumps(org), type=Organization) == org


def test_duplicate_key_located() -> None:
    """A repeated key is reported at the object it is repeated in."""
    with pytest.raises(ValidationError) as caught:
        loads('{"programs": [{"id": "a", "id": "b"}]}')
    assert [(p.path, p.code) for p in caught.value.errors] == [("/programs/0", "duplicate_key")]


def test_invalid_json_gives_line_and_column() -> None:
    """Malformed JSON is reported with its line and column."""
    with pytest.raises(ValidationError, match="line 2, column 1"):
        loads('{"a": 1,\n}')


def test_big_integers_survive_in_number_fields() -> None:
    """Integers larger than any machine integer load and dump exactly where a number goes."""
    value = loads(
        '{"value": 123456789012345678901234567890, "sex": "female"}',
        type=ngomodel.Disaggregation,
    )
    assert value.value == 123456789012345678901234567890
    assert b"123456789012345678901234567890" in ngomodel.dumps(value)


def test_counts_stop_at_the_safe_integers() -> None:
    """A count loads up to 2**53 - 1, what every JSON reader holds exactly, and no further."""
    text = '{"id": "f", "subject_id": "s", "metric": "member_count", "value": %d}'
    assert loads(text % (2**53 - 1), type=ReportedFigure).value == 2**53 - 1
    with pytest.raises(ValidationError) as caught:
        loads(text % 2**53, type=ReportedFigure)
    assert [(p.path, p.code) for p in caught.value.errors] == [("/value", "too_large")]


def test_money_is_exact() -> None:
    """Money amounts are decimal strings and never pass through a binary float."""
    money = loads('{"amount": "0.10", "currency": "USD"}', type=Money)
    assert money.amount == Decimal("0.10")
    assert ngomodel.dumps(money) == b'{"amount":"0.10","currency":"USD"}'
    assert problems({"amount": 0.1, "currency": "USD"}, Money) == [("/amount", "wrong_type")]
    assert problems({"amount": "-1", "currency": "USD"}, Money) == [("/amount", "invalid_amount")]
    assert problems({"amount": "1e3", "currency": "XYZ"}, Money) == [
        ("/amount", "invalid_amount"),
        ("/currency", "unknown_code"),
    ]


@pytest.mark.parametrize("value", ["0.0", True, None, [1]])
def test_plain_number_field_is_strict(value: object) -> None:
    """A field typed plain ``float`` refuses strings, booleans, null and lists."""
    data = {"value": value, "sex": "female"}
    assert problems(data, ngomodel.Disaggregation)[0][0] == "/value"


def test_integer_accepted_where_number_expected() -> None:
    """A JSON integer is a number: it loads into a float field and dumps unchanged."""
    data = reference()
    data["programs"][0]["recipient_countries"][0]["percentage"] = 100
    dataset = from_dict(data)
    assert dataset.programs[0].recipient_countries[0].percentage == 100
    assert ngomodel.to_dict(dataset) == data


def test_default_values_are_omitted_on_dump() -> None:
    """Fields equal to their default (None, empty lists, default codes) are left out."""
    data = reference()
    data["memberships"][0]["role"] = "member"
    dataset = from_dict(data)
    assert "role" not in ngomodel.to_dict(dataset)["memberships"][0]


def test_constructor_reports_every_field() -> None:
    """Building an object in Python reports all bad fields, at their paths."""
    with pytest.raises(ValidationError) as caught:
        Program(id="", title=ngomodel.LocalizedText({"en": "x"}), sectors=("14031",))  # type: ignore[arg-type]
    assert [(p.path, p.code) for p in caught.value.errors] == [
        ("/id", "invalid_id"),
        ("/sectors/0", "wrong_type"),
    ]


def test_input_is_not_modified() -> None:
    """Loading leaves the caller's data untouched."""
    data = reference()
    before = copy.deepcopy(data)
    from_dict(data)
    assert data == before


def test_integers_past_the_text_limit_are_refused_by_the_constructor() -> None:
    """An integer longer than Python's int-to-text limit is out of range, said in a few words."""
    with pytest.raises(ValidationError) as caught:
        ReportedFigure(id="f", subject_id="o", metric="member_count", value=10**5000 + 7)
    (problem,) = caught.value.errors
    assert (problem.path, problem.code) == ("/value", "too_large")
    assert problem.message.startswith("an integer of 5001 digits is greater than the maximum")


@pytest.mark.parametrize("enabled", [True, False], ids=["gc-on", "gc-off"])
def test_garbage_collector_is_left_as_found(enabled: bool) -> None:
    """Loading and dumping pause the collector and restore it, even when they fail."""
    program = json.loads(reference_bytes())["programs"][0]
    good = [
        lambda: loads(json.dumps(program), type=Program),
        lambda: from_dict(program, type=Program),
        lambda: dumps(from_dict(program, type=Program)),
        lambda: to_dict(from_dict(program, type=Program)),
    ]
    bad = [
        lambda: loads(b'{"id": 1}', type=Program),
        lambda: loads(b"{", type=Program),
        lambda: from_dict({"id": 1}, type=Program),
    ]
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        for call in good:
            call()
            assert gc.isenabled() is enabled
        for call in bad:
            with pytest.raises(ValidationError):
                call()
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
