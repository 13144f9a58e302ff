"""The "did you mean" of a problem's message, found in the data itself.

An unknown key is compared with the field names of its class, an unknown code with the
codes of its codelist and with their names ("Cambodia" given for a country suggests
``'KH'``). Nothing is listed by hand: what is suggested comes from the class and the
codelist CSVs, by :func:`difflib.get_close_matches`. The loader and the schema
validator word their problems with these same functions, so that both give one message.
"""

from __future__ import annotations

import difflib
import functools
import typing
from collections.abc import Collection, Iterable
from typing import Any

import attrs

from ngomodel import codelists
from ngomodel.errors import Problem, brief, escape_pointer

__all__ = [
    "code_hint",
    "code_message",
    "did_you_mean",
    "enum_message",
    "key_message",
    "keys_of",
    "with_likely_entity",
]

#: How close a suggestion must be (:func:`difflib.get_close_matches`' cutoff).
_CUTOFF = 0.75
#: At most this many suggestions.
_MOST = 3
#: A longer value is no near miss of a key or a code: it is not compared at all, so
#: that a hostile 10 MB value costs nothing here.
_LONGEST = 80


def _either(items: list[str]) -> str:
    """``"a, b or c"``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _did_you_mean(suggestions: Iterable[str]) -> str:
    """The end of a message: ``"; did you mean 'a', 'b' or 'c'?"``, or ``""``."""
    shown = list(suggestions)[:_MOST]
    return f"; did you mean {_either(shown)}?" if shown else ""


def did_you_mean(value: object, choices: Iterable[object]) -> str:
    """The end of a message naming the *choices* (the strings among them) close to *value*.

    >>> did_you_mean("charity_registr", ["charity_register", "my_notes"])
    "; did you mean 'charity_register'?"
    >>> did_you_mean("colour", ["id", "name"])
    ''
    """
    if not isinstance(value, str) or len(value) > _LONGEST:
        return ""
    names = sorted({choice for choice in choices if isinstance(choice, str)})
    return _did_you_mean(map(repr, difflib.get_close_matches(value, names, _MOST, _CUTOFF)))


def key_message(key: str, fields: Collection[str]) -> str:
    """The message of the unknown key *key* of an object whose keys are *fields*.

    >>> print(key_message("orgnization_type", ["id", "name", "organization_type"]))
    unknown key 'orgnization_type'; did you mean 'organization_type'?
    """
    return f"unknown key {brief(key)}" + did_you_mean(key, fields)


def enum_message(value: object, allowed: Collection[object]) -> str:
    """The message of *value*, which is none of the fixed values *allowed* (no codelist's).

    >>> print(enum_message("registred", ["registered", "removed"]))
    'registred' is not one of 'registered', 'removed'; did you mean 'registered'?
    """
    listed = ", ".join(map(repr, allowed))
    return f"{brief(value)} is not one of {listed}" + did_you_mean(value, allowed)


@functools.cache
def _names(codelist: str) -> dict[str, str]:
    """The codes of a shipped codelist by their case-folded names (none for any other)."""
    if codelist not in codelists.names():
        return {}
    return {code.name.casefold(): code.code for code in codelists.get(codelist)}


def code_message(value: object, codes: Collection[str], codelist: str) -> str:
    """The message of *value*, which is not one of the *codes* of *codelist*.

    The suggestions are a code whose name *value* is (case aside), then the codes
    close to *value*, then the codes whose names are close to it.

    >>> print(code_message("founding-member", ["member", "founding_member"], "role"))
    'founding-member' is not a code of the 'role' codelist; did you mean 'founding_member'?
    >>> print(code_message("cambodia", ["KH", "KE"], "country"))
    'cambodia' is not a code of the 'country' codelist; did you mean 'KH' (Cambodia)?
    """
    return f"{brief(value)} is not a code of the {codelist!r} codelist" + code_hint(
        value, codes, codelist
    )


def code_hint(value: object, codes: Collection[str], codelist: str) -> str:
    """The "did you mean" of :func:`code_message`: the *codes* of *codelist* that
    *value* is close to, or whose names it is close to (``""`` for none).

    The codes need not all be the codelist's: an open codelist's codes with those an
    extension adds to it are suggested alike (a code without a name, by itself).

    >>> code_hint("CN-MCA-S0", ["CN-MCA-SO", "GB-CHC"], "organisation_registration_agency")
    "; did you mean 'CN-MCA-SO'?"
    """
    if not isinstance(value, str) or len(value) > _LONGEST:
        return ""
    return _code_hint(value, tuple(codes), codelist)


@functools.lru_cache(maxsize=1024)
def _code_hint(value: str, codes: tuple[str, ...], codelist: str) -> str:
    """The "did you mean" of :func:`code_message`; kept, as a value is often wrong often."""
    allowed = set(codes)
    names = {name: code for name, code in _names(codelist).items() if code in allowed}
    folded = value.casefold()
    # (code, whether it was found by its name), the surest guesses first: the code or
    # the name that the value is, case aside.
    found: list[tuple[str, bool]] = [(c, False) for c in sorted(allowed) if c.casefold() == folded]
    found += [(names[folded], True)] if folded in names else []
    found += [(c, False) for c in difflib.get_close_matches(value, sorted(allowed), _MOST, _CUTOFF)]
    close = difflib.get_close_matches(folded, sorted(names), _MOST, _CUTOFF)
    found += [(names[name], True) for name in close]
    suggestions: dict[str, str] = {}
    for code, by_name in found:
        if code not in suggestions:
            name = codelists.get(codelist).name_of(code) if by_name else None
            suggestions[code] = repr(code) if name is None else f"{code!r} ({name})"
    return _did_you_mean(suggestions.values())


def keys_of(cls: type) -> list[str]:
    """The keys of a model class's JSON objects: its fields that ``__init__`` takes."""
    return [field.name for field in attrs.fields(cls) if field.init]


def _entities(dataset: type) -> list[type]:
    """The classes of the entities a dataset class holds, in field order."""
    hints = typing.get_type_hints(dataset)
    found: list[type] = []
    for field in attrs.fields(dataset):
        args = typing.get_args(hints.get(field.name))
        if len(args) == 2 and args[1] is Ellipsis and attrs.has(args[0]):
            found.append(args[0])
    return found


def _a(name: str) -> str:
    """*name* with its indefinite article."""
    return f"an {name}" if name[0] in "AEIOU" else f"a {name}"


def with_likely_entity(problems: list[Problem], data: Any, dataset: type) -> list[Problem]:
    """*problems* of *data* read as a *dataset*, the entity it looks like named.

    When no key of *data* is a field of the dataset class and every key is a field of
    an entity class that the dataset holds, the unknown key that sorts first says so:
    the payload is most likely that entity, read without ``type=``.
    """
    if not isinstance(data, dict) or not data:
        return problems
    keys = set(data)
    if keys & set(keys_of(dataset)):
        return problems
    fits = [cls.__name__ for cls in _entities(dataset) if keys <= set(keys_of(cls))]
    if not fits:
        return problems
    where = f"/{escape_pointer(min(keys))}"
    hint = f"; this looks like {_either([_a(name) for name in fits])}: pass type={fits[0]}"
    return [
        attrs.evolve(p, message=p.message + hint)
        if (p.path, p.code) == (where, "unknown_key")
        else p
        for p in problems
    ]


def type_message(value: str, dataset: type) -> str:
    """The message for ``type=`` given as a string: the class names close to it.

    >>> from ngomodel import Dataset
    >>> print(type_message("organisation", Dataset))
    type= takes a model class, not the string 'organisation'; did you mean type=Organization?
    """
    classes = {cls.__name__.lower(): cls.__name__ for cls in [dataset, *_entities(dataset)]}
    close = difflib.get_close_matches(value.lower(), sorted(classes), _MOST, _CUTOFF)
    hint = _did_you_mean(f"type={classes[name]}" for name in close)
    return f"type= takes a model class, not the string {brief(value)}{hint}"
