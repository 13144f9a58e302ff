"""Differential tests: the published schemas accept exactly what the library loads.

Three directions, each over hundreds of examples:

* everything the strategies produce dumps to a payload valid under its schema;
* for mutations of valid payloads, python-jsonschema, jsonschema-rs, ajv and the
  loader all give the same verdict, each validator with the split files and with the
  one-file bundle (loaded as it is, with no registry);
* payloads drawn from the schemas themselves load with the library.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ngomodel import ValidationError, from_dict, schema, to_dict
from ngomodel.strategies import STRATEGIES

from . import ajv
from .mutations import mutations
from .properties import RECORD_CLASSES, examples
from .schema_payloads import payloads

#: Mutations tried per class: a few hundred, as the agreement must hold every time;
#: fewer for whole datasets, each of which nests dozens of records (and so is mutated
#: at a different place each time).
MUTATIONS = int(os.environ.get("NGOMODEL_MUTATIONS", "200"))
FEWER = {"Dataset": 30, "Program": 100, "Agreement": 100}


def loader_accepts(payload: Any, cls: type) -> bool:
    """The loader's verdict; any exception other than ValidationError fails the test."""
    try:
        from_dict(payload, type=cls)
    except ValidationError:
        return False
    return True


_RS: dict[type, Any] = {}


@contextlib.contextmanager
def all_digits() -> Iterator[None]:
    """Let Python write integers of any length as text, for as long as the block runs.

    jsonschema-rs reads a Python int beyond 64 bits through its text, which Python
    refuses past 4,300 digits; it then misreads the value (it finds 10**5000 within
    ``maximum: 9007199254740991``). ``schema.validate`` never hands it such a value;
    here the validator's own verdict on the schema is wanted. The JSON sent to ajv
    needs the same.
    """
    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(before)


def rs_verdict(payload: Any, cls: type) -> bool:
    """jsonschema-rs's verdict, with every schema document registered offline."""
    if cls not in _RS:
        documents = schema.schema_documents()
        registry = jsonschema_rs.Registry(
            [(schema.BASE_URI + path, doc) for path, doc in documents.items()]
        )
        _RS[cls] = jsonschema_rs.validator_for(schema.schema_for(cls), registry=registry)
    with all_digits():
        return bool(_RS[cls].is_valid(payload))


_BUNDLED: dict[type, tuple[Any, Any]] = {}


def bundle_for(cls: type) -> dict[str, Any]:
    """The bundle, with its root pointing at *cls*'s definition instead of the dataset's:
    one document, as an integrator would load it, no registry needed."""
    return {**schema.bundle(), "$ref": f"#/$defs/{cls.__name__}"}


def bundle_verdicts(payload: Any, cls: type) -> tuple[bool, bool]:
    """python-jsonschema's and jsonschema-rs's verdicts with the bundle alone."""
    if cls not in _BUNDLED:
        document = bundle_for(cls)
        _BUNDLED[cls] = (
            jsonschema.Draft202012Validator(document),
            jsonschema_rs.validator_for(document),
        )
    python, rust = _BUNDLED[cls]
    with all_digits():
        return python.is_valid(payload), bool(rust.is_valid(payload))


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_dumped_objects_are_schema_valid(cls: type) -> None:
    """Whatever the strategies produce dumps to a payload valid under its schema."""

    @examples(20 if cls.__name__ == "Dataset" else 60)
    @given(STRATEGIES[cls]())
    def check(obj: Any) -> None:
        payload = to_dict(obj)
        assert schema.validate(payload, cls) == []
        assert rs_verdict(payload, cls)
        assert bundle_verdicts(payload, cls) == (True, True)

    check()


def _mutation_cases(cls: type) -> st.SearchStrategy[tuple[str, Any]]:
    return STRATEGIES[cls]().map(to_dict).flatmap(mutations)


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_mutations_same_verdict(cls: type) -> None:
    """For a mutated payload, the schemas (two validators, split files and bundle) and the
    loader agree."""

    @examples(FEWER.get(cls.__name__, MUTATIONS))
    @given(_mutation_cases(cls))
    def check(case: tuple[str, Any]) -> None:
        description, payload = case
        loaded = loader_accepts(payload, cls)
        by_schema = schema.validate(payload, cls) == []
        assert by_schema == loaded, f"{description}: schema {by_schema}, loader {loaded}"
        assert rs_verdict(payload, cls) == loaded, description
        assert bundle_verdicts(payload, cls) == (loaded, loaded), description

    check()


def test_ajv_agrees_on_mutations() -> None:
    """ajv (strict mode) gives the loader's verdict on a few hundred mutated entity payloads,
    with the split files and with the bundle."""
    reason = ajv.available()
    if reason:
        pytest.skip(reason)
    cases: list[tuple[str, Any, bool]] = []
    names = {schema.ENTITIES[name]: name for name in schema.ENTITIES}

    def collector(cls: type) -> Any:
        @examples(40)
        @given(_mutation_cases(cls))
        def collect(case: tuple[str, Any]) -> None:
            cases.append((names[cls], case[1], loader_accepts(case[1], cls)))

        return collect

    for cls in names:
        collector(cls)()
    with all_digits():  # JSON.parse reads an integer of any length (as a float or infinity)
        split = ajv.verdicts([(name, payload) for name, payload, _ in cases])
        bundled = ajv.verdicts(
            [
                (f"{schema.BASE_URI}{schema.BUNDLE}#/$defs/{schema.ENTITIES[name].__name__}", p)
                for name, p, _ in cases
            ]
        )
    disagreements = [
        (name, payload, verdicts)
        for (name, payload, loaded), *verdicts in zip(cases, split, bundled, strict=True)
        if verdicts != [loaded, loaded]
    ]
    assert len(cases) >= 300
    assert disagreements == []


@pytest.mark.parametrize("name", sorted(schema.ENTITIES))
def test_schema_generated_payloads_load(name: str) -> None:
    """Payloads drawn from the schemas alone load with the library."""

    @examples(60)
    @given(payloads(name))
    def check(payload: Any) -> None:
        assert schema.validate(payload, name) == []
        from_dict(payload, type=schema.ENTITIES[name])

    check()
