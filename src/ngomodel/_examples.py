"""Example values for the published schemas, taken from the reference dataset.

Every definition and entity schema carries an ``examples`` annotation. The values are
the first of their kind that the reference dataset holds (walked in field order), so
they are real data that the library loads. What the dataset cannot show comes from
files shipped beside it: extension use from the extension definition, and the records
the news report behind the dataset does not mention (budgets, transactions, posts, …)
from ``illustrative-examples.json``, made-up values marked as such.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib.resources import files
from typing import Any

from ngomodel import codelists
from ngomodel._dataset import SCHEMA_VERSION, Dataset
from ngomodel._json import from_dict, to_dict
from ngomodel._reference import reference_dataset
from ngomodel.inspect import (
    AmountType,
    CodeType,
    DateType,
    ListType,
    LocalizedTextType,
    ModelType,
    Node,
    OptionalType,
    TextType,
)

__all__ = ["ILLUSTRATIVE_FILE", "codelist_example", "example", "made_up"]

#: Made-up values for the records the reference dataset does not hold (it reports only
#: what its news report says), in the package's ``data`` folder.
ILLUSTRATIVE_FILE = "illustrative-examples.json"


def _visit(node: Node, value: Any, found: dict[str, Any]) -> None:
    """Record the first value of each kind met in *value*, whose type is *node*."""
    if isinstance(node, OptionalType):
        node = node.item
    if value is None:
        return
    if isinstance(node, ListType):
        for item in value:
            _visit(node.item, item, found)
    elif isinstance(node, ModelType):
        found.setdefault(node.cls.__name__, to_dict(value))
        for field in node.fields:
            _visit(field.type, getattr(value, field.name), found)
    elif isinstance(node, CodeType) and node.codelist is not None:
        found.setdefault(f"codelist:{node.codelist}", value)
    elif isinstance(node, TextType) and node.pattern is not None:
        found.setdefault(node.pattern.name, value)
    elif isinstance(node, AmountType):
        found.setdefault(node.pattern.name, to_dict(value))
    elif isinstance(node, DateType):
        found.setdefault("PartialDate", to_dict(value))
    elif isinstance(node, LocalizedTextType):
        text = to_dict(value)
        found.setdefault("LocalizedText", text)
        found.setdefault("LanguageTag", next(iter(text)))
        found.setdefault("Text", next(iter(text.values())))


@functools.cache
def _examples() -> Mapping[str, Any]:
    data = reference_dataset()
    found: dict[str, Any] = {}
    dataset = ModelType(Dataset)
    for field in dataset.fields:
        _visit(field.type, getattr(data, field.name), found)
    # A small dataset: the first organization that refers to nothing else.
    organization = next(o for o in data.organizations if o.parent_id is None)
    found["Dataset"] = {
        "schema_version": SCHEMA_VERSION,
        "organizations": [to_dict(organization)],
    }
    # The reference dataset uses no extension: its use is shown with the one shipped.
    extension = _data("charity-register.extension.json")
    found.setdefault("ExtensionName", extension["name"])
    found.setdefault("ExtensionUse", {"name": extension["name"], "version": extension["version"]})
    found.setdefault("ExtensionData", {})  # all the published schemas allow
    # What the reference dataset does not report is shown by made-up values, kept apart;
    # loading them checks them, and they show the value types the dataset never uses.
    classes = _classes(dataset, {})
    made_up = _data(ILLUSTRATIVE_FILE)["examples"]
    real = set(found)
    for name, value in made_up.items():
        if name in found:
            raise ValueError(f"{ILLUSTRATIVE_FILE}: the reference dataset already has a {name}")
        found[name] = value
    for name, value in made_up.items():
        _visit(ModelType(classes[name]), from_dict(value, type=classes[name]), found)
    found[_MADE_UP] = frozenset(found) - real
    return found


#: The key under which _examples() keeps the names whose example is made up.
_MADE_UP = "made up"


def made_up(name: str) -> bool:
    """Whether the example of *name* is a made-up value, not one of the reference dataset."""
    return name in _examples()[_MADE_UP]


def _classes(model: ModelType, out: dict[str, type]) -> dict[str, type]:
    """Every model class reachable from *model*'s fields, by name."""
    out[model.cls.__name__] = model.cls
    for field in model.fields:
        node = field.type
        while isinstance(node, (OptionalType, ListType)):
            node = node.item
        if isinstance(node, ModelType) and node.cls.__name__ not in out:
            _classes(node, out)
    return out


def _data(name: str) -> Any:
    return json.loads(files("ngomodel").joinpath(f"data/{name}").read_text("utf-8"))


def example(name: str) -> Any:
    """Return the example of a class, a constrained string type or ``LocalizedText``.

    Args:
        name: The ``$defs`` or entity class name, e.g. ``"PartialDate"`` or ``"Program"``.

    Raises:
        KeyError: If neither the reference dataset nor the shipped extension shows one.
    """
    return _examples()[name]


def codelist_example(name: str) -> str:
    """Return the first code of a codelist that the reference dataset uses, or else the
    list's first current code."""
    used = _examples().get(f"codelist:{name}")
    if used is not None:
        return str(used)
    codelist = codelists.get(name)
    return next(code.code for code in codelist.codes if not code.withdrawn)
