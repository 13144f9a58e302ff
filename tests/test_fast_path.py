"""The loader's fast path never disagrees with the reference (cattrs) path.

The fast path may give up on anything (the reference path then judges), but
whatever it accepts, the reference path must accept too, building an equal object.
"""

from __future__ import annotations

import collections
import json
from typing import Any

import orjson
import pytest
from hypothesis import given

import ngomodel
from ngomodel import LocalizedText, PartialDate, ValidationError, dumps, to_dict
from ngomodel._fastdump import orjson_default
from ngomodel._fastload import Reject, loader_for
from ngomodel._json import _CONVERTER, _structure
from ngomodel._model import doc, model
from ngomodel.strategies import STRATEGIES

from .mutations import mutations
from .properties import RECORD_CLASSES, examples


def fast(payload: Any, cls: type) -> Any:
    """The fast path's result, or None when it gives up."""
    try:
        return loader_for(cls)(payload)
    except Reject:
        return None


def reference(payload: Any, cls: type) -> Any:
    """The reference path's result (as from_dict runs it), or None when it rejects."""
    try:
        return _structure(payload, cls)
    except ValidationError:
        return None


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_valid_payloads_take_the_fast_path(cls: type) -> None:
    """Every valid payload is accepted by the fast path, as the same object."""

    @examples(20 if cls.__name__ == "Dataset" else 80)
    @given(STRATEGIES[cls]())
    def check(obj: Any) -> None:
        payload = to_dict(obj)
        result = fast(payload, cls)
        assert result == obj == reference(payload, cls)
        assert type(result) is type(obj)
        assert to_dict(result) == payload

    check()


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_fast_path_never_accepts_more(cls: type) -> None:
    """On mutated payloads the fast path accepts only what the reference accepts, equally."""

    @examples(30 if cls.__name__ == "Dataset" else 150)
    @given(STRATEGIES[cls]().map(to_dict).flatmap(mutations))
    def check(case: tuple[str, Any]) -> None:
        description, payload = case
        expected = reference(payload, cls)
        assert fast(payload, cls) == expected, description

    check()


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_generated_dumpers_match_the_converter(cls: type) -> None:
    """to_dict and dumps give exactly what the cattrs converter's policy gives."""

    @examples(20 if cls.__name__ == "Dataset" else 80)
    @given(STRATEGIES[cls]())
    def check(obj: Any) -> None:
        expected = in_order(_CONVERTER.unstructure(obj))
        assert in_order(to_dict(obj)) == expected
        assert in_order(json.loads(dumps(obj))) == expected

    check()


def in_order(value: Any) -> Any:
    """JSON values with every object as its list of (key, value) pairs: order counts."""
    if isinstance(value, dict):
        return [(key, in_order(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [in_order(item) for item in value]
    return value


def test_failed_generation_leaves_no_placeholder() -> None:
    """A class that cannot get a loader or dumper fails the same way every time."""
    from ngomodel._fastdump import dumper_for

    class Plain:
        pass

    for _ in range(2):
        with pytest.raises(Exception, match="attrs"):
            loader_for(Plain)
        with pytest.raises(Exception, match="attrs"):
            dumper_for(Plain)


@model
class Sample:
    """A model with the field kinds no domain class has yet, to exercise the generators."""

    dates: tuple[PartialDate, ...] = doc("Dates.", default=())
    counts: tuple[int, ...] = doc("Integers, within the safe range.", default=())
    numbers: tuple[float, ...] = doc("Numbers, integers of any size within the floats.", default=())
    titles: tuple[LocalizedText, ...] = doc("Texts.", default=())


def test_generators_handle_tuples_of_value_types() -> None:
    """Tuples of dates, integers, numbers and texts load and dump as the reference path does."""
    obj = Sample(
        dates=(PartialDate(year=2019), PartialDate.parse("2020-02-29")),
        counts=(1, -(2**53 - 1), 2**53 - 1),
        numbers=(1.5, -(2**70), 2**64, 10**308),
        titles=(LocalizedText({"en": "Wells", "zh": "水井"}),),
    )
    expected = _CONVERTER.unstructure(obj)
    assert expected["numbers"] == [1.5, -(2**70), 2**64, 10**308]
    assert to_dict(obj) == expected
    assert json.loads(dumps(obj)) == expected
    assert fast(expected, Sample) == reference(expected, Sample) == obj
    for bad in ({"counts": [1.5]}, {"counts": [2**53]}, {"numbers": [10**309]}):
        assert fast(bad, Sample) is None
        assert reference(bad, Sample) is None


def test_orjson_hook_refuses_what_is_not_a_model() -> None:
    """orjson hands unknown objects to the hook, which names the type it cannot write."""
    with pytest.raises(TypeError, match="set is not a model class"):
        orjson_default({1})
    with pytest.raises(orjson.JSONEncodeError):
        orjson.dumps({"a": object()}, default=orjson_default)


class LooksLikeEn:
    """Hashes and compares like the tag "en" without being a string."""

    def __hash__(self) -> int:
        return hash("en")

    def __eq__(self, other: object) -> bool:
        return other == "en"


def test_known_tags_are_only_ever_strings() -> None:
    """The cache of well-formed tags cannot be fooled by an object that equals one."""
    from ngomodel import Source

    assert fast({"title": "x", "language": "en"}, Source) is not None  # "en" is now known
    payload = {"label": {LooksLikeEn(): "Farmers"}}
    assert fast(payload, ngomodel.BeneficiaryGroup) is None
    assert reference(payload, ngomodel.BeneficiaryGroup) is None


def test_objects_are_dumped_as_their_fields_declare() -> None:
    """A tuple subclass is written as a list; keys keep the field order."""
    Pair = collections.namedtuple("Pair", "first second")
    dataset = ngomodel.Dataset(
        schema_version="1.1",
        organizations=(ngomodel.Organization(id="o", name=LocalizedText({"en": "O"})),),
    )
    location = ngomodel.Location(id="loc-1", admin_areas=Pair("Siem Reap", "Kralanh"))
    region = ngomodel.Classification(vocabulary="99", code="x")
    for obj in (dataset, location, region):
        expected = in_order(_CONVERTER.unstructure(obj))
        assert in_order(json.loads(dumps(obj))) == expected
        assert in_order(to_dict(obj)) == expected
    assert json.loads(dumps(location))["admin_areas"] == ["Siem Reap", "Kralanh"]
    assert dumps(region) == b'{"vocabulary":"99","code":"x"}'


def test_int_subclass_beyond_64_bits_is_refused_as_the_converter_refuses_it() -> None:
    """Only a plain int is written digit by digit; a subclass's own str is never trusted."""

    class Shouting(int):
        def __str__(self) -> str:
            return "BIG!"

    value = ngomodel.Disaggregation(value=Shouting(2**70), sex="female")
    with pytest.raises(TypeError):
        orjson.dumps(_CONVERTER.unstructure(value))
    with pytest.raises(TypeError):
        dumps(value)
