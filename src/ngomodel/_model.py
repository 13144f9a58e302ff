"""The machinery every model class shares: the :func:`model` decorator and :func:`doc`.

A model class declares its fields with plain annotations. Constraints ride in
``typing.Annotated`` metadata (see :mod:`ngomodel._constraints`), and rules that
tie two fields of one object together are declared in ``__ngomodel_rules__``.
:mod:`ngomodel.inspect` reads those declarations into one description; from it
this module runs the check whenever an object is built in Python, as the
loaders, dumpers and schema generator work from it too.
"""

from __future__ import annotations

import inspect
import sys
import textwrap
from contextvars import ContextVar
from typing import Any, TypeVar

import attrs
from typing_extensions import dataclass_transform

from ngomodel.errors import Problem, ValidationError
from ngomodel.inspect import DEPRECATED, DOC, fields, full_doc

__all__ = ["FIELDS_CHECKED", "doc", "field_docs", "model", "problems_of"]

C = TypeVar("C", bound=type)


def problems_of(obj: Any) -> list[Problem]:
    """Return every problem of an attrs model object, fields first, then class rules.

    Args:
        obj: An instance of a model class.

    Returns:
        The problems, with JSON Pointer paths relative to *obj*.
    """
    out: list[Problem] = []
    for field in fields(type(obj)):
        out.extend(p.within(field.name) for p in field.type.problems(getattr(obj, field.name)))
    if not out:
        out.extend(_class_rule_problems(obj))
    return out


#: Set by the loader while it builds objects from payloads whose every field its
#: structure hooks have already checked: then only the class rules run on construction.
FIELDS_CHECKED: ContextVar[bool] = ContextVar("ngomodel_fields_checked", default=False)


def _class_rule_problems(obj: Any) -> list[Problem]:
    return [p for rule in getattr(type(obj), "__ngomodel_rules__", ()) for p in rule.problems(obj)]


def _validate(self: Any) -> None:
    checked = FIELDS_CHECKED.get()
    found = _class_rule_problems(self) if checked else problems_of(self)
    # A class may check more of itself once its fields are sound (a dataset: extensions).
    check = getattr(type(self), "__ngomodel_check__", None)
    if check is not None and (checked or not found):
        found += check(self)
    if found:
        raise ValidationError(found)


def doc(text: str, *, default: Any = attrs.NOTHING, deprecated: str | None = None) -> Any:
    """Declare a field with its description, the one text that describes the field.

    The text is the field's ``description`` in the JSON Schema, and :func:`model`
    lists it under ``Attributes:`` in the class docstring: it is written once, on
    the field, as one plain sentence or two (no reStructuredText markup).

    A deprecated field names the reason, and what to use instead, in *deprecated*.
    It loads and dumps as before; :class:`ngomodel.inspect.Field` exposes the
    reason, the docstring and the schema's ``description`` end with
    ``Deprecated:`` and it, the schema marks the property ``"deprecated": true``,
    and the rule ``deprecated_field`` of :mod:`ngomodel.rules` warns of every
    value given to it.

    Args:
        text: The field's description.
        default: The field's default; a field without one is required.
        deprecated: For a deprecated field, why and what to use instead, as a plain
            sentence: ``"Use descriptions with type 1 (general) instead."``.

    Returns:
        An attrs field definition.
    """
    metadata: dict[str, str] = {DOC: text}
    if deprecated is not None:
        metadata[DEPRECATED] = deprecated
    return attrs.field(metadata=metadata, default=default)


def field_docs(cls: type) -> tuple[tuple[str, str], ...]:
    """Return ``(name, description)`` for every field of a model class, in declaration order.

    Inherited fields come first, as attrs orders them; fields that are not
    constructor arguments (private caches) are left out.

    Args:
        cls: An attrs class whose fields are declared with :func:`doc`.

    Returns:
        The fields' names and their :func:`doc` texts, a deprecated field's followed
        by ``Deprecated:`` and the reason (:func:`ngomodel.inspect.full_doc`).

    Raises:
        TypeError: For a field declared without a description.
    """
    out: list[tuple[str, str]] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        text: str = field.metadata.get(DOC, "")
        if not text:
            raise TypeError(
                f"{cls.__qualname__}.{field.name} has no description: declare it with doc()"
            )
        out.append((field.name, full_doc(text, field.metadata.get(DEPRECATED))))
    return tuple(out)


#: Generated ``Attributes:`` entries wrap at this width, so ``help()`` shows them unbroken.
_DOC_WIDTH = 88


def _docstring(cls: type) -> str:
    """Return the class docstring with an ``Attributes:`` section made from the fields.

    The hand-written part (the summary and any prose) stays as written; the section
    that napoleon renders as the field list follows it, in Google style. A class
    that still lists its fields by hand is refused: the two lists would drift apart.
    """
    written = inspect.cleandoc(cls.__doc__ or "")
    if any(line.strip() == "Attributes:" for line in written.splitlines()):
        raise TypeError(
            f"{cls.__qualname__}'s docstring lists its fields by hand: remove its "
            "'Attributes:' section, model() writes it from the fields' doc() texts"
        )
    section = ["Attributes:"]
    for name, text in field_docs(cls):
        section += textwrap.wrap(
            f"{name}: {text}",
            width=_DOC_WIDTH,
            initial_indent="    ",
            subsequent_indent="        ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    return "\n\n".join(part for part in (written, "\n".join(section)) if part) + "\n"


#: Like ``TYPE_CHECKING``, but true to mypy alone: attrs' own stubs tell mypy and other
#: type checkers apart the same way.
MYPY = False

if MYPY:
    # mypy's attrs plugin knows a class maker by its full name only, so to mypy ``model``
    # is ``attrs.frozen``: the classes are attrs classes (attrs.evolve, fields and asdict
    # accept them; a subclass made with attrs.frozen keeps their fields). The plugin does
    # not know doc() as a field maker, so to mypy every field has a default and may be
    # given by position: a wrong name is caught, a missing one is not, unless mypy runs
    # with ngomodel.mypy, the plugin that tells it. Other checkers (pyright) read the
    # dataclass_transform below, which knows both.
    from attrs import frozen as model
else:

    @dataclass_transform(
        frozen_default=True, kw_only_default=True, field_specifiers=(attrs.field, doc)
    )
    def model(cls: C) -> C:
        """Make *cls* a model: a frozen, keyword-only attrs class that checks itself.

        Every object is checked when it is built: each field against its annotated
        type and constraints, then the class's ``__ngomodel_rules__``. All problems
        are raised together as one :class:`~ngomodel.ValidationError`, each at its
        field's JSON Pointer path.

        The class docstring gets its ``Attributes:`` section here, from the fields'
        :func:`doc` texts in declaration order; the docstring itself holds only the
        summary and prose about the class as a whole.

        Args:
            cls: The class to decorate.

        Returns:
            The attrs class.

        Raises:
            TypeError: For a field without a :func:`doc` text, or a docstring that
                already lists the fields.
        """
        cls.__attrs_post_init__ = _validate  # type: ignore[attr-defined]
        cls.__ngomodel_model__ = True  # type: ignore[attr-defined]
        made = attrs.frozen(kw_only=True)(cls)
        if sys.flags.optimize < 2:  # under -OO there are no docstrings to complete
            made.__doc__ = _docstring(made)
        return made
