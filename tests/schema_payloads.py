"""Hypothesis strategies that draw JSON payloads from the published schemas themselves.

hypothesis-jsonschema does not run on current hypothesis, so this is the small
generator the agreement tests need. It reads the schema documents (never the
model classes) and understands exactly the keywords they use: ``$ref``,
``type``, ``properties``, ``required``, ``additionalProperties``,
``propertyNames``, ``minProperties``, ``items``, ``minItems``, ``enum``,
``const``, ``pattern``, ``maxLength``, ``minimum``, ``maximum``, ``default``, the ``not``
of a class rule (the objects in which none, or two, of its keys are given), an ``allOf``
holding one ``$ref`` beside annotations, an ``if``/``then``/``else`` chain of conditions,
an ``if``/``then`` whose ``then`` only annotates (``deprecated``, ``description``: a
codelist's withdrawn codes), and a ``not`` of a string ``pattern`` beside a string's own
(a type that refuses line feeds). Any other keyword makes it fail loudly, so a schema
change that it does not understand cannot pass unnoticed.
"""

from __future__ import annotations

import math
import re
from typing import Any

from hypothesis import strategies as st

from ngomodel import schema

ANNOTATIONS = {
    "$schema",
    "$id",
    "$comment",
    "title",
    "description",
    "default",
    "deprecated",
    "examples",
    "$defs",
}
MAX_ITEMS = 2


def payloads(name: str | type) -> st.SearchStrategy[Any]:
    """Draw payloads valid under the named schema (see :func:`ngomodel.schema.schema_for`)."""
    root = schema.schema_for(name)
    resolver = schema.registry().resolver(base_uri=root.get("$id", schema.BASE_URI))
    return _strategy(root, resolver, depth=0)


def _deref(node: dict[str, Any], resolver: Any) -> tuple[dict[str, Any], Any]:
    # A reference with annotations beside it stands in an allOf of its own.
    if set(node) - ANNOTATIONS == {"allOf"} and len(node["allOf"]) == 1:
        node = node["allOf"][0]
    while "$ref" in node:
        resolved = resolver.lookup(node["$ref"])
        node, resolver = resolved.contents, resolved.resolver
    return node, resolver


def _strategy(node: dict[str, Any], resolver: Any, depth: int) -> st.SearchStrategy[Any]:
    node, resolver = _deref(node, resolver)
    unknown = (
        set(node)
        - ANNOTATIONS
        - {
            "type",
            "properties",
            "required",
            "additionalProperties",
            "propertyNames",
            "minProperties",
            "maxProperties",
            "items",
            "minItems",
            "maxItems",
            "enum",
            "const",
            "pattern",
            "maxLength",
            "minimum",
            "maximum",
            "not",
            "allOf",
        }
    )
    if "if" in node and set(node.get("then", {})) <= ANNOTATIONS:
        unknown -= {"if", "then"}  # a then that asserts nothing changes no verdict
    if "if" in node and node.get("type") == "object":
        unknown -= {"if", "then", "else"}  # a chain of conditions, met by _object
    if unknown:
        raise NotImplementedError(f"the payload generator does not know {sorted(unknown)}")
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "const" in node:
        return st.just(node["const"])
    kind = node.get("type")
    if kind == "string":
        pattern, longest = node.get("pattern"), node.get("maxLength")
        strings = st.from_regex(pattern, fullmatch=True) if pattern else st.text()
        if "not" in node:  # what it refuses is taken out, and the rest kept if still valid
            refused = _refused_pattern(node["not"])
            strings = strings.map(lambda s: re.sub(refused, "", s)).filter(
                lambda s: not re.search(refused, s) and (not pattern or re.search(pattern, s))
            )
        return strings if longest is None else strings.filter(lambda s: len(s) <= longest)
    if kind == "integer":
        return st.integers(min_value=node.get("minimum"), max_value=node.get("maximum"))
    if kind == "number":
        low, high = node.get("minimum"), node.get("maximum")
        return st.one_of(
            # Integers within float bounds: the float range's ends are whole numbers.
            st.integers(
                min_value=None if low is None else math.ceil(low),
                max_value=None if high is None else math.floor(high),
            ),
            st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False),
        )
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        items = _strategy(node["items"], resolver, depth + 1)
        low = node.get("minItems", 0)
        high = min(node.get("maxItems", MAX_ITEMS), max(low, 0 if depth > 6 else MAX_ITEMS))
        return st.lists(items, min_size=low, max_size=high)
    if kind == "object" and "propertyNames" in node:
        keys = _strategy(node["propertyNames"], resolver, depth + 1)
        most = node.get("maxProperties", 3)
        if most == 0:  # no key allowed: what the values would be does not matter
            return st.just({})
        values = _strategy(node["additionalProperties"], resolver, depth + 1)
        return st.dictionaries(keys, values, min_size=node.get("minProperties", 0), max_size=most)
    if kind == "object":
        return _object(node, resolver, depth)
    raise NotImplementedError(f"the payload generator cannot draw {node!r}")


def _refused_pattern(node: dict[str, Any]) -> str:
    """The pattern of a ``not`` that refuses the strings it matches (and nothing else)."""
    if set(node) != {"type", "pattern"} or node["type"] != "string":
        raise NotImplementedError(f"the payload generator cannot refuse {node!r}")
    return str(node["pattern"])


def _object(node: dict[str, Any], resolver: Any, depth: int) -> st.SearchStrategy[Any]:
    assert node.get("additionalProperties") is False
    properties: dict[str, Any] = node["properties"]
    strategies = {key: _strategy(sub, resolver, depth + 1) for key, sub in properties.items()}
    required = set(node.get("required", ()))
    # A class rule's `not` refuses the objects in which none of its keys is given (a list
    # key: absent or empty), and with an anyOf, also those in which two are given.
    refused = node.get("not", {})
    none = refused["anyOf"][0] if "anyOf" in refused else refused
    keys = list(none.get("properties", ()))
    exactly_one = keys if "anyOf" in refused else []
    choices = keys or [None]
    non_empty = {key for key in keys if none["properties"][key] is not False}

    def with_key(chosen: str | None) -> st.SearchStrategy[dict[str, Any]]:
        needed = required | ({chosen} if chosen else set())
        excluded = set(exactly_one) - needed
        optional = (
            {}
            if depth >= 5
            else {k: v for k, v in strategies.items() if k not in needed and k not in excluded}
        )
        fixed = {k: strategies[k] for k in needed}
        if chosen in non_empty:
            fixed[chosen] = fixed[chosen].filter(lambda value: value != [])
        return st.fixed_dictionaries(fixed, optional=optional)

    drawn = st.sampled_from(choices).flatmap(with_key)
    link = node
    while "if" in link:  # an if / else-if chain of conditions that exclude each other
        drawn = drawn.flatmap(lambda out, c=link: _apply(c, out, properties, resolver, depth))
        link = link.get("else", {})
    return drawn


def _apply(
    condition: dict[str, Any],
    out: dict[str, Any],
    properties: dict[str, Any],
    resolver: Any,
    depth: int,
) -> st.SearchStrategy[dict[str, Any]]:
    """Satisfy an ``if``/``then`` condition: redraw the dependent property when it applies."""
    ((field, test),) = condition["if"]["properties"].items()
    ((target, sub),) = condition["then"]["properties"].items()
    if out.get(field, properties[field].get("default")) != test["const"] or target not in out:
        return st.just(out)
    return _strategy(sub, resolver, depth + 1).map(lambda value: {**out, target: value})
