"""Properties of every model class, over the strategies of :mod:`ngomodel.strategies`."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ngomodel
from ngomodel import (
    Dataset,
    ExtensionData,
    IndicatorValue,
    LocalizedText,
    PartialDate,
    Program,
    Source,
    dumps,
    from_dict,
    loads,
    to_dict,
)
from ngomodel.strategies import STRATEGIES, datasets, language_tags, programs

#: A program takes tens of milliseconds to draw, a dataset hundreds: their tests run a tenth
#: of the examples the profile asks for, so that the whole file takes under a minute in CI.
FEWER = settings(max_examples=max(10, settings.default.max_examples // 10))
#: Every class but those two, which have tests of their own.
CLASSES = sorted(
    (cls for cls in STRATEGIES if cls not in (Dataset, Program)), key=lambda cls: cls.__name__
)

#: The Python types that :func:`json.loads` gives.
JSON_TYPES = (dict, list, str, int, float, bool)

#: Text in scripts written right to left (Arabic, Hebrew), in CJK, with combining marks and emoji.
WORLD_TEXT = st.text(
    st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),  # Arabic
        st.characters(min_codepoint=0x0590, max_codepoint=0x05FF),  # Hebrew
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK ideographs
        st.characters(min_codepoint=0x3040, max_codepoint=0x30FF),  # kana
        st.characters(min_codepoint=0x0300, max_codepoint=0x036F),  # combining marks
        st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),  # emoji
        st.sampled_from("\u200d\u200e\u200f\u202b\u202e\ufe0f"),  # joiner, direction marks
    ),
    min_size=1,
).filter(lambda text: not text.isspace())


def strategy_of(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Return the strategy that :data:`STRATEGIES` names for *cls*."""
    return STRATEGIES[cls]()


def test_every_exported_class_has_a_strategy() -> None:
    """STRATEGIES maps every class ngomodel exports, errors aside, to a strategy function."""
    exported = {
        value
        for name in ngomodel.__all__
        if isinstance(value := getattr(ngomodel, name), type)
        and value.__module__ != "ngomodel.errors"
    }
    assert set(STRATEGIES) == exported


def assert_plain(value: Any, path: str = "", nulls: bool = False) -> None:
    """Assert that *value* holds only the types JSON has: no Decimal or tuple, and no None
    but inside extension data (*nulls*), whose members may be any JSON value."""
    types = (*JSON_TYPES, type(None)) if nulls else JSON_TYPES
    assert type(value) in types, f"{path or '(root)'}: {type(value).__name__}"
    if isinstance(value, dict):
        for key, item in value.items():
            assert type(key) is str, f"{path}: key {key!r}"
            assert_plain(item, f"{path}/{key}", nulls or key == "extensions")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            assert_plain(item, f"{path}/{index}", nulls)


def assert_defaults_left_out(obj: Any, data: Any, path: str = "") -> None:
    """Assert that *data*, from ``to_dict(obj)``, has a key for each field not at its default."""
    if isinstance(obj, tuple):
        assert len(data) == len(obj), path
        for index, (item, item_data) in enumerate(zip(obj, data, strict=True)):
            assert_defaults_left_out(item, item_data, f"{path}/{index}")
    elif attrs.has(type(obj)) and not isinstance(obj, PartialDate):
        fields = [field for field in attrs.fields(type(obj)) if field.init]
        assert set(data) <= {field.name for field in fields}, path
        for field in fields:
            value = getattr(obj, field.name)
            if field.default is not attrs.NOTHING and value == field.default:
                assert field.name not in data, f"{path}/{field.name} is at its default"
            else:
                assert field.name in data, f"{path}/{field.name} is missing"
                assert_defaults_left_out(value, data[field.name], f"{path}/{field.name}")


def assert_serialises_faithfully(obj: Any, cls: type[Any]) -> None:
    """Assert every property of writing *obj* out and reading it back as a *cls*."""
    assert type(obj) is cls, "the strategy drew another class"
    data = to_dict(obj)
    assert_plain(data, nulls=cls is ExtensionData)
    assert_defaults_left_out(obj, data)
    assert from_dict(data, type=cls) == obj
    text = dumps(obj)
    assert dumps(obj) == text, "dumps is not deterministic"
    again = loads(text, type=cls)
    assert again == obj
    assert hash(again) == hash(obj)
    assert dumps(again) == text, "dumps(loads(dumps(x))) differs from dumps(x)"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_serialises_faithfully(cls: type[Any], data: st.DataObject) -> None:
    """Objects of every class survive to_dict/from_dict and dumps/loads unchanged.

    The strategy draws the class itself; to_dict gives plain JSON values and leaves out
    exactly the fields at their defaults; both round trips give back an equal object with
    an equal hash; and dumps writes the same bytes every time, also for what it read back.
    """
    assert_serialises_faithfully(data.draw(strategy_of(cls)), cls)


@FEWER
@given(programs())
def test_programs_serialise_faithfully(program: Program) -> None:
    """Programs, too, survive to_dict/from_dict and dumps/loads unchanged."""
    assert_serialises_faithfully(program, Program)


def indicator_values(program: Program) -> list[IndicatorValue]:
    """Return every baseline, target and actual of a program's indicators."""
    found = []
    for result in program.results:
        for indicator in result.indicators:
            found.append(indicator.baseline)
            for period in indicator.periods:
                found += [period.target, period.actual]
    return [value for value in found if value is not None]


@FEWER
@given(datasets())
def test_datasets_are_whole_and_serialise_faithfully(dataset: Dataset) -> None:
    """Drawn datasets are whole (unique ids, resolving references) and serialise faithfully.

    The typed look-ups (``organization``, ``network``, ``person``…) raise KeyError for an
    id that names nothing or an entity of another kind; the queries (members of networks,
    officials, agreements and programs of an organization, figures about it) must see
    every reference too.
    """
    assert_serialises_faithfully(dataset, Dataset)
    entities = list(dataset.entities())
    place_ids = [place.id for program in dataset.programs for place in program.locations]
    every_id = [entity.id for entity in entities] + place_ids
    assert len(every_id) == len(set(every_id))
    for entity in entities:
        assert dataset.get(entity.id) is entity
    for membership in dataset.memberships:
        member = dataset.organization(membership.member_id)
        network = dataset.network(membership.network_id)
        assert member in dataset.members_of(network.id)
        assert network in dataset.networks_of(member.id)
        assert membership in dataset.memberships_of(member.id)
    for position in dataset.positions:
        dataset.organization(position.organization_id)
        person = dataset.person(position.person_id)
        assert (person, position) in dataset.officials_of(position.organization_id)
    for agreement in dataset.agreements:
        for party in agreement.parties:
            if party.organization_id is not None:
                dataset.organization(party.organization_id)
                assert agreement in dataset.agreements_of(party.organization_id)
        if agreement.network_id is not None:
            dataset.network(agreement.network_id)
            assert agreement in dataset.agreements_of(agreement.network_id)
        for program_id in agreement.program_ids:
            assert dataset.program(program_id) in dataset.programs_of_agreement(agreement.id)
    for program in dataset.programs:
        for agreement_id in program.agreement_ids:
            dataset.agreement(agreement_id)
            assert program in dataset.programs_of_agreement(agreement_id)
        for participant in program.participants:
            if participant.organization_id is not None:
                dataset.organization(participant.organization_id)
                assert program in dataset.programs_of(participant.organization_id)
        places = {place.id for place in program.locations}
        for group in program.beneficiary_groups:
            assert set(group.location_ids) <= places
        for value in indicator_values(program):
            assert set(value.location_ids) <= places
    for figure in dataset.figures:
        dataset.organization(figure.subject_id)
        assert figure in dataset.figures_about(figure.subject_id, figure.metric)


@given(st.dictionaries(language_tags(), WORLD_TEXT, min_size=1, max_size=4))
def test_world_text_survives_json(texts: dict[str, str]) -> None:
    """Right-to-left, CJK, combining and emoji text comes back from JSON character for character."""
    title = LocalizedText(texts)
    again = loads(dumps(title), type=LocalizedText)
    assert dict(again) == texts
    assert list(again) == list(texts)


@given(WORLD_TEXT, WORLD_TEXT)
def test_world_text_survives_json_in_plain_fields(title: str, author: str) -> None:
    """Right-to-left, CJK, combining and emoji text in plain string fields survives dumps/loads."""
    source = loads(dumps(Source(title=title, author=author)), type=Source)
    assert (source.title, source.author) == (title, author)
