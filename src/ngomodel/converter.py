"""The cattrs converter that loads and dumps ngomodel objects, strictly.

The policy, rule by rule:

* **No coercion.** A string is only a JSON string, an integer only a JSON
  number without a fractional part (``265`` or ``265.0``, as JSON Schema
  defines "integer"; never a boolean), a number any finite JSON number (never a
  boolean), a list only a JSON array. ``"42"`` is not 42 and ``true`` is not 1.
* **Numbers every reader holds.** An integer lies within plus or minus
  2**53 - 1 (I-JSON's and JavaScript's safe integers), a number within the range
  of a 64-bit float; beyond, ``too_large`` or ``too_small``.
* **Plain JSON values only.** The value given is first checked to be what a JSON
  parser gives (as :func:`~ngomodel.from_dict` checks it): no tuples, sets,
  ``Decimal``, NaN, subclasses, non-string keys or nesting over 256 levels.
* **Unknown keys are rejected**, at every depth.
* **Optional values are omitted, never null.** ``null`` is rejected; on output,
  fields equal to their default (``None``, an empty list, a default code) are
  left out.
* **Every constraint is checked** (codes, patterns, ranges, list lengths) by
  the same markers that the model classes' own checks and the published
  schemas use, and every problem is collected, each at its JSON Pointer path.
* **Exact values.** Money amounts are decimal strings read into
  :class:`~decimal.Decimal`; partial dates are strings read into
  :class:`~ngomodel.PartialDate`; localized texts are objects read into
  :class:`~ngomodel.LocalizedText`.

Use :func:`make_converter` for a fresh converter, or
:func:`configure_converter` to add the policy to one of your own; most users
never need either and call :func:`ngomodel.loads` and :func:`ngomodel.dumps`.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Callable
from contextvars import ContextVar
from decimal import Decimal
from typing import Any, NoReturn

import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_unstructure_fn

from ngomodel._fastload import _Compiler as _FastCompiler
from ngomodel._fastload import loader_for
from ngomodel._hints import key_message, keys_of
from ngomodel._scalars import (
    DATE,
    ExtensionData,
    LocalizedText,
    PartialDate,
    amount_text,
    extension_data_problems,
    localized_problems,
)
from ngomodel.errors import Problem, ValidationError, brief, json_kind
from ngomodel.inspect import (
    AmountType,
    BooleanType,
    CodeType,
    DateType,
    ExtensionDataType,
    IntegerType,
    ListType,
    LocalizedTextType,
    ModelType,
    Node,
    NumberType,
    OptionalType,
    TextType,
    is_model,
    type_info,
)

__all__ = ["configure_converter", "make_converter", "problems_from_exception"]

#: A structure hook: cattrs calls it with the value and the annotation.
_Hook = Callable[[Any, Any], Any]


def _fail(code: str, message: str) -> NoReturn:
    raise ValidationError([Problem(path="", code=code, message=message)])


def _wrong_type(expected: str, value: Any) -> NoReturn:
    if value is None:
        _fail("null_value", f"expected {expected}, got null (omit an optional key instead)")
    _fail("wrong_type", f"expected {expected}, got {json_kind(value)}")


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise ValidationError(problems)


def _hook(node: Node, converter: cattrs.Converter) -> _Hook:
    """Build the structure hook of a node of :mod:`ngomodel.inspect` (JSON value in)."""
    if isinstance(node, ModelType):
        hook: _Hook = converter.get_structure_hook(node.cls)
        return hook
    if isinstance(node, OptionalType):
        inner = _hook(node.item, converter)

        def structure_optional(value: Any, tp: Any) -> Any:
            if value is None:
                _wrong_type("a value", value)
            return inner(value, tp)

        return structure_optional
    if isinstance(node, ListType):
        item_hook = _hook(node.item, converter)

        def structure_list(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list and type(value) is not tuple:
                _wrong_type("an array", value)
            problems: list[Problem] = []
            out = []
            for index, item in enumerate(value):
                try:
                    out.append(item_hook(item, None))
                except ValidationError as error:
                    problems.extend(p.within(str(index)) for p in error.errors)
            found = node.length_problem(len(value))
            _raise([*problems, found] if found is not None else problems)
            return tuple(out)

        return structure_list
    return _SCALAR_HOOKS[type(node)](node)


def _text_hook(node: TextType | CodeType) -> _Hook:
    def structure_str(value: Any, _: Any) -> Any:
        if type(value) is not str:
            _wrong_type("a string", value)
        _raise(node.problems(value))
        return value

    return structure_str


def _boolean_hook(node: BooleanType) -> _Hook:
    def structure_bool(value: Any, _: Any) -> Any:
        if type(value) is not bool:
            _wrong_type("a boolean", value)
        return value

    return structure_bool


def _integer_hook(node: IntegerType) -> _Hook:
    def structure_int(value: Any, _: Any) -> Any:
        kind = type(value)
        # JSON Schema's "integer" is any number without a fractional part: 265.0 too.
        # Its range is checked as given, so that a message quotes 1e+300.
        whole = kind is float and math.isfinite(value) and value.is_integer()
        if kind is not int and not whole:
            _wrong_type("an integer", value)
        found = node.bounds_problem(value)
        if found is not None:
            _raise([found])
        return int(value) if whole else value

    return structure_int


def _number_hook(node: NumberType) -> _Hook:
    def structure_number(value: Any, _: Any) -> Any:
        kind = type(value)
        if kind is not float and kind is not int:
            _wrong_type("a number", value)
        found = node.bounds_problem(value)
        if found is not None:
            _raise([found])
        return value

    return structure_number


def _amount_hook(node: AmountType) -> _Hook:
    def structure_amount(value: Any, _: Any) -> Decimal:
        if type(value) is not str:
            _wrong_type("a decimal amount written as a string", value)
        found = node.pattern.problem(value)
        if found is not None:
            _raise([found])
        return Decimal(value)

    return structure_amount


def _date_hook(node: DateType) -> _Hook:
    def structure_date(value: Any, _: Any) -> PartialDate:
        if type(value) is not str:
            _wrong_type("a date string (YYYY, YYYY-MM or YYYY-MM-DD)", value)
        found = DATE.problem(value)
        if found is not None:
            _raise([found])
        return PartialDate.parse(value)

    return structure_date


def _localized_hook(node: LocalizedTextType) -> _Hook:
    def structure_localized(value: Any, _: Any) -> LocalizedText:
        if type(value) is not dict:
            _wrong_type("an object of language tag → text", value)
        _raise(localized_problems(value))
        return LocalizedText._checked(value)

    return structure_localized


def _extension_data_hook(node: ExtensionDataType) -> _Hook:
    def structure_extension_data(value: Any, _: Any) -> ExtensionData:
        if type(value) is not dict:
            _wrong_type("an object of extension name → members", value)
        _raise(extension_data_problems(value))
        return ExtensionData._checked(value)

    return structure_extension_data


_SCALAR_HOOKS: dict[type[Node], Callable[[Any], _Hook]] = {
    TextType: _text_hook,
    CodeType: _text_hook,
    BooleanType: _boolean_hook,
    IntegerType: _integer_hook,
    NumberType: _number_hook,
    AmountType: _amount_hook,
    DateType: _date_hook,
    LocalizedTextType: _localized_hook,
    ExtensionDataType: _extension_data_hook,
}


def problems_from_exception(error: BaseException) -> list[Problem]:
    """Turn what a structure hook raised into problems with JSON Pointer paths.

    Args:
        error: An exception raised while structuring (a cattrs exception group,
            a :class:`~ngomodel.ValidationError`, …).

    Returns:
        The problems, with paths relative to the value being structured.
    """
    if isinstance(error, ValidationError):
        return list(error.errors)
    if isinstance(error, ForbiddenExtraKeysError):
        fields = keys_of(error.cl)
        return [
            Problem(path="", code="unknown_key", message=key_message(key, fields)).within(key)
            for key in sorted(error.extra_fields)
        ]
    if isinstance(error, ClassValidationError):
        out: list[Problem] = []
        for sub in error.exceptions:
            notes = [n for n in getattr(sub, "__notes__", ()) if hasattr(n, "name")]
            found = problems_from_exception(sub)
            if notes:
                name = notes[-1].name
                if isinstance(sub, KeyError):
                    found = [
                        Problem(
                            path="",
                            code="missing_key",
                            message=f"required key {name!r} is missing",
                        )
                    ]
                found = [p.within(name) for p in found]
            out.extend(found)
        return out
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - the report must not fail on the error it reports
        text = ""
    return [Problem(path="", code="invalid", message=f"{type(error).__name__}: {brief(text)}")]


#: The ids of the objects (dicts) of the payload being structured that the compiled fast
#: path found a problem in or under: the hooks do not try the fast path on them, which
#: would only fail again. Everything else is tried, and is valid unless it holds a
#: problem that the compiled path did not place (it is only a hint: each hook still
#: judges what it is given).
_FAILING: ContextVar[frozenset[int]] = ContextVar("ngomodel_failing", default=frozenset())


def _class_hook(cls: type, converter: cattrs.Converter) -> _Hook:
    """The hook of a model class: every field through its own hook, every problem kept.

    It does what cattrs' ``make_dict_structure_fn`` (with ``forbid_extra_keys`` and
    detailed validation) does, with the problems that :func:`problems_from_exception`
    would make of its exception group written straight away: the fields in
    declaration order (a required key that is missing is ``missing_key``, and a
    field's problems are placed under its key), then the unknown keys in sorted
    order; when there is none, the class is called with the fields, so that its
    class rules run. The test suite holds it to cattrs' own function on mutated
    payloads.

    The fast path is tried first: it builds the very object this hook would, or
    gives up (the test suite holds it to that). When it gives up, a function
    generated for the class (:func:`_collector`) checks each field as the fast path
    does and runs the field's own hook only where that check fails, so that a
    payload with one bad value does not cost a walk of every valid value beside it
    through the hooks.
    """
    name = cls.__name__
    collect: Callable[[dict[str, Any]], Any] | None = None

    def structure_object(value: Any, _: Any) -> Any:
        nonlocal collect
        if type(value) is not dict:
            _wrong_type(f"an object ({name})", value)
        if id(value) not in _FAILING.get():
            try:
                return loader_for(cls)(value)
            except Exception:  # noqa: BLE001 - Reject, or whatever odd values raise: judged below
                pass
        if collect is None:  # generated on first use: the hooks of the fields exist by then
            collect = _collector(cls, converter)
        return collect(value)

    return structure_object


def _field_problems(hook: _Hook, value: Any, tp: Any, key: str) -> tuple[Any, list[Problem]]:
    """Run a field's own hook: its value and no problem, or no value and its problems."""
    try:
        return hook(value, tp), []
    except ValidationError as error:
        return None, [p.within(key) for p in error.errors]
    except Exception as error:  # noqa: BLE001 - reported, as cattrs would
        return None, [p.within(key) for p in problems_from_exception(error)]


def _build(cls: type, fields: dict[str, Any]) -> Any:
    """Call the class with checked fields: its class rules report what they find."""
    try:
        return cls(**fields)
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 - reported, as cattrs would
        raise ValidationError(problems_from_exception(error)) from None


def _collector(cls: type, converter: cattrs.Converter) -> Callable[[dict[str, Any]], Any]:
    """Generate the function that structures a dict into *cls* or reports every problem.

    Each field is checked by the fast path's own lines (:class:`ngomodel._fastload.
    _Compiler`); where they give up, the field's hook judges the value, and its
    problems, placed under the key, are kept. The fast lines accept only what the hook
    accepts, building an equal value, so the problems are the hooks' problems.
    """
    compiler = _FastCompiler(cls, job="collect")
    hints = typing.get_type_hints(cls, include_extras=True)  # what each field's hook is for
    fields = ModelType(cls).fields
    allowed = compiler.constant(frozenset(field.name for field in fields), "keys")
    lines = [
        f"def {compiler.function}(d):",
        "    problems = []",
        "    fields = {}",
        "    n = 0",
    ]
    for field in fields:
        key = field.name
        compiler.field = key
        hook = compiler.constant(converter.get_structure_hook(hints[key]), f"hook_{key}")
        tp = compiler.constant(hints[key], f"type_{key}")
        # y keeps the value as given: the fast lines may convert v (265.0 to 265).
        lines.append(f"    v = y = d.get({key!r}, MISSING)")
        lines.append("    if v is not MISSING:")
        lines.append("        n += 1")
        lines.append("        try:")
        compiler.value_lines(field.type, lines, "            ", "x")
        lines.append(f"            fields[{key!r}] = x")
        lines.append("        except Exception:")
        lines.append(f"            x, found = field_problems({hook}, y, {tp}, {key!r})")
        lines.append("            if found: problems += found")
        lines.append(f"            else: fields[{key!r}] = x")
        if field.required:
            missing = Problem(
                path="", code="missing_key", message=f"required key {key!r} is missing"
            ).within(key)
            lines.append("    else:")
            lines.append(f"        problems.append({compiler.constant(missing, f'missing_{key}')})")
    known = compiler.constant(keys_of(cls), "known_keys")
    lines.append("    if len(d) != n:")
    lines.append(f"        problems += unknown(d, {allowed}, {known})")
    lines.append("    if problems: raise ValidationError(problems)")
    lines.append(f"    return build({compiler.constant(cls, cls.__name__)}, fields)")
    compiler.namespace.update(
        field_problems=_field_problems,
        build=_build,
        unknown=_unknown_keys,
        ValidationError=ValidationError,
    )
    return compiler.build(lines, compiler.function, compiler.job, cls)


def _unknown_keys(value: dict[str, Any], allowed: frozenset[str], known: Any) -> list[Problem]:
    """The ``unknown_key`` problems of *value*'s keys that are not *allowed*, in sorted order."""
    return [
        Problem(path="", code="unknown_key", message=key_message(key, known)).within(key)
        for key in sorted(value.keys() - allowed)
    ]


def _described(tp: Any) -> bool:
    """Annotated, Optional, Literal and tuple types: those :func:`type_info` describes."""
    if isinstance(tp, type):
        return False
    try:
        type_info(tp)
    except TypeError:
        return False
    return True


def configure_converter(converter: cattrs.Converter) -> None:
    """Add ngomodel's strict JSON policy (see the module docs) to a cattrs converter.

    Args:
        converter: The converter to configure.
    """
    # Plain scalar types are dispatched by class before any predicate is asked, so
    # cattrs' lenient defaults (``float("1.5")``, ``str(5)``) must be replaced by class.
    for scalar in (str, int, float, bool, Decimal, PartialDate, LocalizedText, ExtensionData):
        converter.register_structure_hook(scalar, _hook(type_info(scalar), converter))
    converter.register_structure_hook_factory(
        _described, lambda tp: _hook(type_info(tp), converter)
    )
    converter.register_structure_hook_factory(is_model, lambda cls: _class_hook(cls, converter))

    converter.register_unstructure_hook(PartialDate, str)
    converter.register_unstructure_hook(LocalizedText, dict)
    converter.register_unstructure_hook(ExtensionData, ExtensionData.to_json)
    converter.register_unstructure_hook(Decimal, amount_text)
    converter.register_unstructure_hook_factory(
        is_model, lambda cls: _unstructure_fn(cls, converter)
    )


def _unstructure_fn(cls: type, converter: cattrs.Converter) -> Any:
    """Unstructure *cls* with its keys in field order, as ``dumps`` writes them.

    cattrs writes the fields without a default first; a keyword-only class may
    declare a field with a default before one without (``Classification`` does), so
    its keys are put back in declaration order.
    """
    unstructure: Any = make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True)
    fields = ModelType(cls).fields
    optional = [not field.required for field in fields]
    if optional == sorted(optional):  # no default before a required field: order kept
        return unstructure
    names = tuple(field.name for field in fields)

    def in_field_order(obj: Any) -> dict[str, Any]:
        found = unstructure(obj)
        return {name: found[name] for name in names if name in found}

    return in_field_order


def make_converter() -> cattrs.Converter:
    """Return a new cattrs converter with ngomodel's strict JSON policy.

    Returns:
        The converter.

    >>> from ngomodel import Money
    >>> from decimal import Decimal
    >>> make_converter().unstructure(Money(amount=Decimal("12.50"), currency="USD"))
    {'amount': '12.50', 'currency': 'USD'}
    """
    converter = cattrs.Converter(unstruct_collection_overrides={tuple: list})
    configure_converter(converter)
    return converter
