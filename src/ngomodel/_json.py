"""Reading and writing JSON: the public ``loads``, ``dumps``, ``from_dict`` and ``to_dict``."""

from __future__ import annotations

import functools
import gc
import json
import math
from collections.abc import Callable
from typing import Any, TypeVar, overload

import attrs
import orjson

from ngomodel._dataset import SCHEMA_VERSION, Dataset
from ngomodel._fastdump import _FOR_ORJSON as _DUMPED
from ngomodel._fastdump import dumper_for, extension_json, orjson_default, orjson_dumper
from ngomodel._fastload import loader_for
from ngomodel._hints import type_message, with_likely_entity
from ngomodel._model import FIELDS_CHECKED
from ngomodel._native import failing_ids, native_loader
from ngomodel._scalars import ExtensionData, LocalizedText, PartialDate
from ngomodel.converter import _FAILING, make_converter, problems_from_exception
from ngomodel.errors import Problem, ValidationError, brief, escape_pointer
from ngomodel.inspect import is_model
from ngomodel.migration import upgrade

__all__ = [
    "MAX_DEPTH",
    "dumps",
    "from_dict",
    "json_problems",
    "loads",
    "parse_json",
    "surely_plain",
    "to_dict",
]

T = TypeVar("T")
R = TypeVar("R")

_CONVERTER = make_converter()


def _paused(function: Callable[..., R], *args: Any) -> R:
    """Call ``function(*args)`` with the cyclic garbage collector held.

    Loading and dumping allocate thousands of small dicts, lists and objects with
    no reference cycles among them; each allocation burst would otherwise trigger
    collections that walk all of them for nothing (a large dataset dumps about
    twice as fast without). Reference counting still frees everything at once.
    A plain function, as a generator-based context manager costs a microsecond.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return function(*args)
    finally:
        if enabled:
            gc.enable()


class _JSONProblem(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _Duplicates(dict[str, Any]):
    """An object in which a key appeared more than once (the keys are kept here)."""

    duplicate_keys: list[str]


def _pairs_hook(state: list[bool]) -> Any:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            dupes = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
            marked = _Duplicates(result)
            marked.duplicate_keys = sorted(set(dupes))
            state[0] = True
            return marked
        return result

    return hook


def _reject_constant(name: str) -> Any:
    raise _JSONProblem(
        Problem(path="", code="invalid_number", message=f"{name} is not allowed in JSON")
    )


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _JSONProblem(
            Problem(
                path="",
                code="invalid_number",
                message=f"the number {text[:40]} is too large for a 64-bit float",
            )
        )
    return value


def _find_duplicates(value: Any) -> list[Problem]:
    """Locate every object with a repeated key (iteratively: nesting may be deep)."""
    out: list[Problem] = []
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            if isinstance(node, _Duplicates):
                out.extend(
                    Problem(
                        path=path,
                        code="duplicate_key",
                        message=f"key {brief(key)} appears more than once in this object",
                    )
                    for key in node.duplicate_keys
                )
            stack.extend(
                (item, f"{path}/{escape_pointer(key)}") for key, item in reversed(node.items())
            )
        elif isinstance(node, list):
            stack.extend((item, f"{path}/{i}") for i, item in reversed(list(enumerate(node))))
    return out


def parse_json(data: str | bytes | bytearray) -> Any:
    """Parse JSON text strictly into plain Python values.

    Rejects, as :class:`~ngomodel.ValidationError`: anything but ``str`` or
    ``bytes`` (``wrong_type``), text that is not UTF-8, a byte-order mark,
    malformed JSON (with its line and column), ``NaN`` and ``Infinity``, numbers
    too large for a 64-bit float or for Python's integer parser, nesting too deep
    to parse, and keys repeated within one object.

    Args:
        data: The JSON text, as ``str`` or UTF-8 ``bytes``.

    Returns:
        The parsed value.

    Raises:
        ValidationError: When the text is not acceptable JSON.

    >>> parse_json('{"a": [1, 2.5, "x"]}')
    {'a': [1, 2.5, 'x']}
    """
    return _parse(data)[0]


def _parse(data: str | bytes | bytearray) -> tuple[Any, bool]:
    """:func:`parse_json`, and whether the value is surely plain JSON data within
    :data:`MAX_DEPTH` levels (read by orjson, which writes back at most 254 levels), so
    that :func:`json_problems` would find nothing in it."""
    if isinstance(data, (bytes, bytearray)):
        if data[:3] == b"\xef\xbb\xbf":
            raise ValidationError(
                [
                    Problem(
                        path="",
                        code="invalid_encoding",
                        message="the text starts with a byte-order mark; send UTF-8 without one",
                    )
                ]
            )
        value = _parse_quick(data)
        if value is not _UNPARSED:
            return value, True
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError(
                [
                    Problem(
                        path="",
                        code="invalid_encoding",
                        message=f"the text is not valid UTF-8 (byte {error.start}: {error.reason})",
                    )
                ]
            ) from None
    elif isinstance(data, str):
        text = data
        if text.startswith("\ufeff"):
            raise ValidationError(
                [
                    Problem(
                        path="",
                        code="invalid_encoding",
                        message="the text starts with a byte-order mark; send UTF-8 without one",
                    )
                ]
            )
        value = _parse_quick(text)
        if value is not _UNPARSED:
            return value, True
    else:
        # Whatever reaches the reader is input, answered like all input: with problems.
        raise ValidationError(
            [
                Problem(
                    path="",
                    code="wrong_type",
                    message=f"expected JSON text (str or UTF-8 bytes), got {_type_name(data)}",
                )
            ]
        )
    return _parse_text(text), False


def _type_name(value: Any) -> str:
    """The name of *value*'s type, for a message (cut: a class name can be any length)."""
    name = str(type(value).__name__)
    return name if len(name) <= 60 else f"{name[:57]}..."


#: Text the quick parse leaves to the exact one: an escaped character in the range
#: U+0030 to U+003F (which includes ":"), or 19 digits in a row (maybe an integer
#: beyond 64 bits, which orjson would turn into a float).
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_UNPARSED = object()
#: What the fast path gives back when it leaves a payload to the reference path.
_REJECTED = object()
#: orjson writing a model object: it hands each nested object to the hook in turn.
_write = functools.partial(orjson.dumps, default=orjson_default)


def _parse_quick(data: str | bytes | bytearray) -> Any:
    """Parse with orjson when that gives exactly what :func:`_parse_text` would.

    orjson is as strict as the exact parser except in three ways, and each is
    caught here: it keeps the last of repeated keys, it reads integers beyond 64
    bits as floats, and it refuses some texts the exact parser reads (lone
    surrogates, deep nesting, big integers) or refuses with its own wording. In
    any of these cases this returns ``_UNPARSED`` and the exact parser decides.

    Repeated keys are found by counting colons. Each member of an object puts one
    colon outside strings; every other colon in the text is a colon character of a
    string (no escape spells one, as checked first). Writing the parsed value back
    out with orjson gives one colon per member that survived and the same string
    colons, so the two counts are equal exactly when no key was repeated: a
    repeated key drops a member and perhaps the strings of its value, never adds.
    """
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: the exact parser reports it
            return _UNPARSED
    # A lone backslash is found by memchr, much faster than a longer needle.
    if (b"\\" in data and b"\\u003" in data) or b"0" * 19 in data.translate(_DIGITS_TO_ZERO):
        return _UNPARSED
    colons = data.count(b":")
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return _UNPARSED
    # Written back, the value also shows its nesting: orjson reads 1024 levels but
    # writes 254. A text without colons is written back too, unless it is too short
    # to nest that deep (each level takes two brackets).
    if not colons and len(data) <= 2 * 254:
        return value
    try:
        if orjson.dumps(value).count(b":") != colons:
            return _UNPARSED
    except orjson.JSONEncodeError:  # nesting orjson reads (1024 deep) but will not write (254)
        return _UNPARSED
    return value


def _parse_text(text: str) -> Any:
    """The exact parser: stdlib JSON with a hook that finds repeated keys."""
    state = [False]
    try:
        value = json.loads(
            text,
            object_pairs_hook=_pairs_hook(state),
            parse_constant=_reject_constant,
            parse_float=_parse_float,
        )
    except _JSONProblem as error:
        raise ValidationError([error.problem]) from None
    except json.JSONDecodeError as error:
        # Some of the parser's messages end in "at", ready for a position to follow.
        what = error.msg.removesuffix(" at")
        raise ValidationError(
            [
                Problem(
                    path="",
                    code="invalid_json",
                    message=f"{what} at line {error.lineno}, column {error.colno}",
                    line=error.lineno,
                    column=error.colno,
                )
            ]
        ) from None
    except RecursionError:
        raise ValidationError(
            [Problem(path="", code="too_deep", message="the JSON is nested too deeply to read")]
        ) from None
    except ValueError as error:  # e.g. an integer with more digits than Python will parse
        raise ValidationError(
            [Problem(path="", code="invalid_number", message=str(error))]
        ) from None
    if state[0]:
        raise ValidationError(_find_duplicates(value))
    return value


#: The deepest nesting of arrays and objects a payload may have; the outermost is level 1.
#: No valid payload comes near it (a dataset nests about ten levels); beyond it, walking
#: the value or writing a message about it could exhaust the stack.
MAX_DEPTH = 256
_NOT_JSON = "expected a JSON value (an object, array, string, number, boolean or null), got {}"
_ONLY_STR = frozenset({str})


def json_problems(value: Any) -> list[Problem]:
    """Check that *value* is plain JSON data, exactly what a JSON parser gives.

    That is: ``dict`` with ``str`` keys, ``list``, ``str``, ``int``, finite
    ``float``, ``bool`` and ``None``, each of exactly that type (a subclass, such
    as an enum member or an ``OrderedDict``, is not), nested at most
    :data:`MAX_DEPTH` levels. A tuple is not an array here: the parser never
    gives one, and the published schemas' validators do not agree on it. The walk
    is iterative and linear, so no payload can exhaust the stack or take long.

    Args:
        value: Anything.

    Returns:
        The problems, in document order: ``wrong_type`` for a value of another
        type, ``not_finite`` for NaN or an infinity, ``invalid_key`` (at the
        object) for a key that is not a string, ``too_deep`` where nesting passes
        the limit. Empty for plain JSON data.

    >>> [(p.path, p.code) for p in json_problems({"a": [1, float("nan"), (2,)], 3: "x"})]
    [('', 'invalid_key'), ('/a/1', 'not_finite'), ('/a/2', 'wrong_type')]
    """
    kind = type(value)
    if kind is not dict and kind is not list:
        found = _scalar_problem(value)
        return [] if found is None else [found]
    problems: list[Problem] = []
    # One frame per open container: its (token, item) iterator, its path as a chain of
    # (parent chain, token) pairs (a pointer is only written for a problem), its level.
    Frame = tuple[Any, Any, int]
    stack: list[Frame] = [(_members(value, None, problems), None, 1)]
    while stack:
        members, where, depth = stack[-1]
        for token, item in members:
            kind = type(item)
            if kind is str or kind is int or kind is bool or item is None:
                continue
            if kind is dict or kind is list:
                here = (where, token)
                if depth == MAX_DEPTH:
                    problems.append(
                        Problem(
                            path=_pointer(here),
                            code="too_deep",
                            message=f"arrays and objects are nested more than {MAX_DEPTH} "
                            "levels deep here",
                        )
                    )
                    continue
                stack.append((_members(item, here, problems), here, depth + 1))
                break  # into the child; this iterator resumes when the child is done
            found = _scalar_problem(item)
            if found is not None:
                problems.append(attrs.evolve(found, path=_pointer((where, token))))
        else:
            stack.pop()
    return problems


def _members(node: dict[Any, Any] | list[Any], where: Any, problems: list[Problem]) -> Any:
    """The (token, item) pairs of a container; a key that is not a string is reported."""
    if isinstance(node, list):  # exactly a list: the caller looked at the type
        return enumerate(node)
    if _ONLY_STR.issuperset(map(type, node)):
        return iter(node.items())
    path = _pointer(where)
    for key in node:
        if type(key) is not str:
            problems.append(
                Problem(
                    path=path,
                    code="invalid_key",
                    message=f"key {brief(key)} is {_type_name(key)}, not a string: "
                    "JSON object keys are strings",
                )
            )
    return ((key, item) for key, item in node.items() if type(key) is str)


#: The exact types of plain JSON values, for :func:`surely_plain`.
_JSON_TYPES = frozenset({dict, list, str, int, float, bool, type(None)})
#: orjson refuses, rather than writes, what these name: subclasses of str, int, dict and
#: list, dataclasses and dates. Without a ``default`` it also refuses every other type it
#: does not know, integers beyond 64 bits, keys that are not strings, and nesting past
#: 254 levels.
_STRICT_WRITE = (
    orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
)


def surely_plain(value: Any) -> bool:
    """A quick, conservative :func:`json_problems` for valid payloads: True only if it finds none.

    Two passes in C, a fraction of the cost of the exact walk: orjson writes the
    value (refusing most of what is not JSON, and integers beyond 64 bits), and
    the garbage collector lists, level by level, every object the containers hold,
    whose types must all be JSON's own (this finds what orjson writes anyway:
    tuples and enum members). orjson writes NaN and the infinities as ``null``, so
    a ``null`` in the text, which no valid payload holds, also answers False. False
    means only "ask :func:`json_problems`".

    Args:
        value: Anything.

    Returns:
        Whether *value* is certainly plain JSON, nested at most 254 levels, with
        integers of at most 64 bits and no null.
    """
    if type(value) not in _JSON_TYPES:  # below, only what containers hold is looked at
        return False
    try:
        text = orjson.dumps(value, option=_STRICT_WRITE)
    except orjson.JSONEncodeError:
        return False
    if b"null" in text:
        return False
    # A container lists its items (a dict its values, and its keys too unless all are
    # str); strings and numbers list nothing, so each round is the next level down.
    level = [value]
    while level:
        level = gc.get_referents(*level)
        if not _JSON_TYPES.issuperset(map(type, level)):
            return False
    return True


def _scalar_problem(value: Any) -> Problem | None:
    """The problem with a value that is not a container, at path ``""``; None if it is fine."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return None
    if kind is float:
        if math.isfinite(value):
            return None
        return Problem(path="", code="not_finite", message=f"{brief(value)} is not a finite number")
    return Problem(path="", code="wrong_type", message=_NOT_JSON.format(_type_name(value)))


def _pointer(where: Any) -> str:
    """Write the JSON Pointer of a (parent chain, token) chain."""
    tokens: list[str] = []
    while where is not None:
        where, token = where
        tokens.append(escape_pointer(str(token)))
    return "".join(f"/{token}" for token in reversed(tokens))


@overload
def from_dict(data: Any) -> Dataset: ...
@overload
def from_dict(data: Any, type: type[T]) -> T: ...


def from_dict(data: Any, type: type[Any] = Dataset) -> Any:
    """Build a validated object from plain JSON-compatible Python values.

    Args:
        data: Dicts, lists, strings, numbers and booleans, as :func:`json.loads`
            gives. Anything else in it (a tuple, a set, a ``Decimal``, NaN, a key
            that is not a string…) is reported as the JSON reader reports it.
        type: The model class to build; a :class:`~ngomodel.Dataset` by default.

    Returns:
        The object.

    Raises:
        ValidationError: With every problem found, each at its JSON Pointer path.
        TypeError: For a *type* given as a string (it names the class meant).

    >>> from ngomodel import Money
    >>> from_dict({"amount": "1500.00", "currency": "USD"}, type=Money)
    Money(amount=Decimal('1500.00'), currency='USD', value_date=None)
    """
    if is_model(type):
        built = _paused(_fast, data, type)
        if built is not _REJECTED:
            return built
    elif isinstance(type, str):
        raise TypeError(type_message(type, Dataset))
    return _structure(data, type)


def _fast(data: Any, type: type[Any]) -> Any:
    """The fast path's object, or ``_REJECTED`` when it gives up on *data*."""
    try:
        return loader_for(type)(data)
    except Exception:  # noqa: BLE001
        # Reject, or whatever arbitrary Python values raise when looked at (a key whose
        # __eq__ raises, say): the reference path judges the payload and reports it.
        return _REJECTED


def _structure(
    data: Any, type: type[Any], plain: bool = False, failing: frozenset[int] = frozenset()
) -> Any:
    """The reference path: the cattrs converter, which reports every problem.

    The value is first checked to be plain JSON data (unless *plain* says that the
    parser vouches for it), so that the converter only ever meets what a parser
    gives; otherwise those problems are the report. A dataset of an earlier version
    is then upgraded (:func:`ngomodel.migrate`). *failing* names the objects of
    *data* that the compiled fast path found problems in (see
    ``ngomodel.converter._FAILING``).
    """
    problems = [] if plain else json_problems(data)
    if problems:
        raise ValidationError(problems)
    older = is_model(type) and issubclass(type, Dataset) and isinstance(data, dict)
    if older and data.get("schema_version", SCHEMA_VERSION) != SCHEMA_VERSION:
        # A document of an earlier version is upgraded first. When it uses what its
        # version does not have, the rest of it is checked too, so that all is reported.
        problems, migration = upgrade(data, SCHEMA_VERSION)
        if migration is None:
            raise ValidationError(problems)
        data = migration.document
    token = FIELDS_CHECKED.set(True)
    hint = _FAILING.set(failing)
    try:
        built = _paused(_CONVERTER.structure, data, type)
    except ValidationError as error:
        raise ValidationError(_hinted([*problems, *error.errors], data, type)) from None
    except Exception as error:  # cattrs groups from a hook we do not wrap  # noqa: BLE001
        found = [*problems, *problems_from_exception(error)]
        raise ValidationError(_hinted(found, data, type)) from None
    finally:
        _FAILING.reset(hint)
        FIELDS_CHECKED.reset(token)
    if problems:
        raise ValidationError(problems)
    return built


def _hinted(problems: list[Problem], data: Any, type: type[Any]) -> list[Problem]:
    """*problems*, naming the entity that *data* looks like when it was read as a dataset."""
    if is_model(type) and issubclass(type, Dataset):
        return with_likely_entity(problems, data, type)
    return problems


@overload
def loads(data: str | bytes | bytearray) -> Dataset: ...
@overload
def loads(data: str | bytes | bytearray, type: type[T]) -> T: ...


def loads(data: str | bytes | bytearray, type: type[Any] = Dataset) -> Any:
    """Read JSON text into a validated object.

    Args:
        data: The JSON text, as ``str`` or UTF-8 ``bytes``.
        type: The model class to build; a :class:`~ngomodel.Dataset` by default.

    Returns:
        The object.

    Raises:
        ValidationError: With every problem found, each at its JSON Pointer path.
        TypeError: For a *type* given as a string (it names the class meant).

    >>> from ngomodel import Source
    >>> loads('{"title": "NGOs foster goodwill", "date": "2019-04-30"}', type=Source).date
    PartialDate(year=2019, month=4, day=30)
    """
    if isinstance(type, str):
        raise TypeError(type_message(type, Dataset))
    value, plain, built = _paused(_read, data, type)
    if not isinstance(built, frozenset):
        return built
    return _structure(value, type, plain, built)


def _read(data: str | bytes | bytearray, type: type[Any]) -> tuple[Any, bool, Any]:
    """Parse *data* and try the fast path.

    Returns:
        The parsed value, whether it is surely plain (see :func:`_parse`), and the
        object; or, when the fast path gives up, the ids of the objects of the value
        where the compiled path found problems (see
        ``ngomodel.converter._FAILING``), a frozenset, empty when it could not say.

    What the parser gives is plain JSON data, which the compiled fast path (the
    ``fast`` extra) takes; without it, the Python fast path runs.
    """
    value, plain = _parse(data)  # parsing allocates as building does, so it is paused too
    if not is_model(type):
        return value, plain, frozenset()
    native = native_loader(type)
    if native is None:
        built = _fast(value, type)
        return value, plain, frozenset() if built is _REJECTED else built
    try:
        return value, plain, native(value)
    except Exception as error:  # noqa: BLE001 - pydantic-core's ValidationError, or odd values
        return value, plain, failing_ids(value, error)


@overload
def to_dict(obj: PartialDate) -> str: ...
@overload
def to_dict(obj: LocalizedText) -> dict[str, str]: ...
@overload
def to_dict(obj: Any) -> dict[str, Any]: ...


def to_dict(obj: Any) -> Any:
    """Turn a model object into plain JSON-compatible Python values.

    Optional fields that are absent, and fields equal to their default, are left
    out; amounts become decimal strings and dates ``YYYY[-MM[-DD]]`` strings.

    Args:
        obj: A model object, or a value of one of the value types
            (:class:`~ngomodel.PartialDate`, :class:`~ngomodel.LocalizedText`,
            :class:`~ngomodel.ExtensionData`).

    Returns:
        A dict of strings, numbers, booleans, lists and dicts; a
        :class:`~ngomodel.PartialDate` gives its ``YYYY[-MM[-DD]]`` string.

    >>> from ngomodel import Period, PartialDate
    >>> to_dict(Period(start=PartialDate(year=2018)))
    {'start': '2018'}
    """
    if not is_model(type(obj)):  # a value type (LocalizedText, PartialDate…) on its own
        return _CONVERTER.unstructure(obj)
    return _paused(dumper_for(type(obj)), obj)


def dumps(obj: Any) -> bytes:
    """Write a model object as compact UTF-8 JSON **bytes**.

    The output is deterministic: keys in field order, no white space, non-ASCII
    text as UTF-8 (written by orjson, whatever the platform). The same object
    always gives the same bytes. Numbers keep the form they were given in, so
    objects that compare equal because ``200 == 200.0`` dump as ``200`` and
    ``200.0`` respectively.

    Args:
        obj: A model object.

    Returns:
        The JSON text as ``bytes``.

    >>> from ngomodel import Money
    >>> from decimal import Decimal
    >>> dumps(Money(amount=Decimal("0.10"), currency="EUR"))
    b'{"amount":"0.10","currency":"EUR"}'
    """
    dumper = _DUMPED.get(type(obj))  # a model class dumped before: the common case first
    if dumper is None:
        if isinstance(obj, ExtensionData):  # integers beyond 64 bits written as orjson cannot
            return orjson.dumps(extension_json(obj))
        if not is_model(type(obj)):  # a value type (LocalizedText, PartialDate…) on its own
            return orjson.dumps(_CONVERTER.unstructure(obj))
        dumper = orjson_dumper(type(obj))
    # As _paused does, written out: a small object is dumped in a few microseconds.
    if gc.isenabled():
        gc.disable()
        try:
            return _write(dumper(obj))
        finally:
            gc.enable()
    return _write(dumper(obj))
