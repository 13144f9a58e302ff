"""Generated dumpers: one function per model class that turns an object into JSON values.

They follow the converter's unstructuring policy exactly (fields in
declaration order, fields equal to their default left out, amounts as decimal
strings, dates as ``YYYY[-MM[-DD]]``, localized text as objects, tuples as
lists), which the test suite checks against the cattrs converter over the
strategies. Two flavours are generated per class:

* plain values for :func:`ngomodel.to_dict`: the whole tree of dicts and lists;
* values for :func:`ngomodel.dumps`, handed to orjson: the same tree, except that
  localized text is handed over without a copy, and that the entities of a dataset's
  collections are left as they are for orjson to hand back to :func:`orjson_default`
  one at a time, so that the values of one entity at most exist at once, never the
  whole tree of a dataset. An integer too large for 64 bits (a number field holds
  integers up to the float range, 309 digits) travels as a pre-serialized
  ``orjson.Fragment`` (orjson refuses such integers otherwise). Integer fields need
  no such care: they stay within plus or minus 2**53 - 1.

Both write the objects nested in an object inline, in the one function of its class
(see ``_Compiler.dumper``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import orjson

from ngomodel._codegen import CodeGen
from ngomodel._scalars import ExtensionData, LocalizedText, amount_text, plain_json
from ngomodel.inspect import (
    AmountType,
    DateType,
    ExtensionDataType,
    ListType,
    LocalizedTextType,
    ModelType,
    Node,
    NumberType,
    OptionalType,
    is_model,
)

__all__ = ["dumper_for", "extension_json", "orjson_default", "orjson_dumper"]

_DUMPERS: dict[tuple[type, bool], Callable[[Any], Any]] = {}
#: The dumper for orjson of each model class met by :func:`orjson_dumper`.
_FOR_ORJSON: dict[type, Callable[[Any], Any]] = {}


def _texts(value: LocalizedText) -> dict[str, str]:
    return dict(value._texts)


def _big(value: int) -> Any:
    """An integer beyond 64 bits, as pre-serialized JSON (orjson refuses it otherwise).

    Only a plain ``int``: a subclass's own ``str`` might not be a JSON number, so it
    goes to orjson as it is, and orjson refuses it as the converter's output would be.
    It has at most 309 digits (number fields stay within the float range), well
    within what ``str`` writes.
    """
    if type(value) is not int:
        return value
    return orjson.Fragment(str(value).encode())


def _wide(item: Any) -> Any:
    """A JSON scalar for orjson: an integer beyond 64 bits as pre-serialized JSON."""
    return _big(item) if type(item) is int and not -(2**63) <= item < 2**64 else item


def extension_json(value: ExtensionData) -> dict[str, Any]:
    """Extension data for orjson: integers beyond 64 bits as pre-serialized JSON."""
    return plain_json(value, _wide)  # type: ignore[no-any-return]


class _Compiler(CodeGen):
    """Writes the source of one class's dumper, with its constants in a namespace.

    Attributes:
        for_orjson: Whether the dumper is the one-level flavour for orjson.
        suffix: What ends the names of dumpers of that flavour: ``""`` or ``"_for_orjson"``.
    """

    def __init__(self, for_orjson: bool) -> None:
        super().__init__(
            {
                "amount": amount_text,
                "texts": _texts,
                "big": _big,
                "extension_json": extension_json,
                "subclasses": type.__subclasses__,
            },
            __name__,
        )
        self.for_orjson = for_orjson
        self.suffix = "_for_orjson" if for_orjson else ""

    def dumper_of(self, cls: type) -> str:
        """Name a constant holding the dumper (of this flavour) of model class *cls*."""
        dumper = dumper_for(cls, for_orjson=self.for_orjson)
        return self.constant(dumper, f"dump_{cls.__name__}{self.suffix}")

    def expression(self, node: Node, var: str) -> str:
        """Return an expression that converts *var* (known not to be None)."""
        if isinstance(node, OptionalType):
            node = node.item
        if isinstance(node, DateType):
            return f"{var}._text"
        if isinstance(node, AmountType):
            return f"amount({var})"
        if isinstance(node, LocalizedTextType):
            # orjson only reads the entries; plain values get a copy of their own.
            return f"{var}._texts" if self.for_orjson else f"texts({var})"
        if isinstance(node, ExtensionDataType):
            return f"extension_json({var})" if self.for_orjson else f"{var}.to_json()"
        if isinstance(node, NumberType) and self.for_orjson:
            # A number field may hold an integer up to the float range; orjson takes 64 bits.
            return f"({var} if type({var}) is float or -{2**63} <= {var} < {2**64} else big({var}))"
        if isinstance(node, ListType):
            return self.list_expression(node.item, var)
        if not isinstance(node, ModelType):  # text, code, integer, number, boolean
            return var
        dumper = self.dumper_of(node.cls)
        if self.for_orjson:
            # orjson hands a nested object to orjson_default, which dumps it as what it
            # is; an object of a subclass must be dumped as the field's class instead.
            cls = self.constant(node.cls, node.cls.__name__)
            return f"({var} if type({var}) is {cls} else {dumper}({var}))"
        return f"{dumper}({var})"

    def list_expression(self, item: Node, var: str) -> str:
        """Return an expression that converts the tuple *var* of *item* values."""
        if self.for_orjson and isinstance(item, ModelType):
            # Objects of exactly the item class go to orjson as they are; only when the
            # class has a subclass (so an item might be of it) is each one looked at,
            # and one of a subclass is dumped as the item class.
            cls, dumper = self.constant(item.cls, item.cls.__name__), self.dumper_of(item.cls)
            return (
                f"({var} if type({var}) is tuple and not subclasses({cls}) else "
                f"[x if type(x) is {cls} else {dumper}(x) for x in {var}])"
            )
        inner = self.expression(item, "x")
        if inner == "x":
            if self.for_orjson:  # orjson writes a tuple, but not a subclass of one
                return f"({var} if type({var}) is tuple else list({var}))"
            return f"list({var})"
        if inner.endswith("(x)") and inner[:-3].isidentifier():
            return f"list(map({inner[:-3]}, {var}))"
        return f"[{inner} for x in {var}]"

    def dumper(self, cls: type) -> Callable[[Any], Any]:
        """Generate the dumper of *cls*: ``dump_Program``, or ``dump_Program_for_orjson``.

        The objects nested in an object are written inline, in the same function,
        down to :data:`_INLINE_DEPTH` levels: a loop per list, a dict per object, no
        call per nested object. The items of a list of entities (the collections of
        a dataset) and an object of a class already being written (a class that
        nests itself) are the exceptions: the item class's own dumper writes each.
        For orjson, a list of entities is handed over as it is, and orjson calls
        :func:`orjson_default` for each item, so that the JSON values of one entity
        at most exist at a time, never the whole tree of a dataset.
        """
        function = f"dump_{cls.__name__}{self.suffix}"
        lines = [f"def {function}(o0):"]
        self.inlined = [cls]
        self.object_lines(cls, "o0", 0, lines, "    ")
        lines.append("    return d0")
        job = "dump for orjson" if self.for_orjson else "dump"
        return self.build(lines, function, job, cls)

    def inline(self, cls: type, depth: int) -> bool:
        """Whether an object of *cls* at *depth* is written inline."""
        return cls not in self.inlined and depth < _INLINE_DEPTH

    def object_lines(self, cls: type, obj: str, depth: int, lines: list[str], pad: str) -> None:
        """Lines that build ``d<depth>``, the JSON object of *obj*, an object of *cls*.

        Each depth has locals of its own (``d1``, ``v1``, ``l1``, and ``x1`` for the
        item of a list of depth 0), so that an object written inline never
        overwrites those of the object it is written in.
        """
        d, v = f"d{depth}", f"v{depth}"
        fields = ModelType(cls).fields
        # The leading required fields whose value is one expression open the dict.
        opening = []
        for field in fields:
            if not field.required or self.nested(field.type):
                break
            value = self.expression(field.type, f"{obj}.{field.name}")
            if len(re.findall(rf"\b{obj}\b", value)) != 1:  # read once, or by statements
                break
            opening.append(f"{field.name!r}: {value}")
        lines.append(f"{pad}{d} = {{{', '.join(opening)}}}")
        for field in fields[len(opening) :]:
            name, default = field.name, field.default
            lines.append(f"{pad}{v} = {obj}.{name}")
            inner = pad
            if not field.required:
                inner = pad + "    "
                if default is None:
                    lines.append(f"{pad}if {v} is not None:")
                elif default == () or isinstance(field.type, ExtensionDataType):
                    lines.append(f"{pad}if {v}:")  # a tuple, or extension data: left out when empty
                else:
                    lines.append(f"{pad}if {v} != {self.constant(default, f'default_{name}')}:")
            value = self.value_lines(field.type, v, depth, lines, inner)
            lines.append(f"{inner}{d}[{name!r}] = {value}")

    def nested(self, node: Node) -> bool:
        """Whether a field of this type holds objects (written inline or by a call)."""
        if isinstance(node, OptionalType):
            node = node.item
        if isinstance(node, ListType):
            node = node.item
        return isinstance(node, ModelType)

    def value_lines(self, node: Node, var: str, depth: int, lines: list[str], pad: str) -> str:
        """Lines that compute the JSON value of *var* (not None); the expression of it."""
        if isinstance(node, OptionalType):
            node = node.item
        if isinstance(node, ModelType) and self.inline(node.cls, depth + 1):
            self.inlined.append(node.cls)
            self.object_lines(node.cls, var, depth + 1, lines, pad)
            self.inlined.pop()
            return f"d{depth + 1}"
        if (
            isinstance(node, ListType)
            and isinstance(node.item, ModelType)
            and node.item.cls not in _entities()
            and self.inline(node.item.cls, depth + 1)
        ):
            item, x, out = node.item.cls, f"x{depth + 1}", f"l{depth}"
            lines.append(f"{pad}{out} = []")
            lines.append(f"{pad}for {x} in {var}:")
            self.inlined.append(item)
            self.object_lines(item, x, depth + 1, lines, pad + "    ")
            self.inlined.pop()
            lines.append(f"{pad}    {out}.append(d{depth + 1})")
            return out
        return self.expression(node, var)


#: How deep objects are written inline in their parent's dumper; deeper ones are
#: written by a call of their class's dumper (the model nests about six levels).
_INLINE_DEPTH = 12


@functools.cache
def _entities() -> frozenset[type]:
    """The classes of the items of a dataset's collections, which are never written inline."""
    from ngomodel._dataset import Dataset  # here: the dataset's modules import this one

    return frozenset(
        field.type.item.cls
        for field in ModelType(Dataset).fields
        if isinstance(field.type, ListType) and isinstance(field.type.item, ModelType)
    )


def dumper_for(cls: type, *, for_orjson: bool = False) -> Callable[[Any], Any]:
    """Return the generated dumper of a model class.

    Args:
        cls: A model class.
        for_orjson: Whether to produce values for orjson (big integers as fragments).

    Returns:
        A function of an object that returns its JSON values.
    """
    key = (cls, for_orjson)
    dumper = _DUMPERS.get(key)
    if dumper is None:
        _DUMPERS[key] = lambda obj: _DUMPERS[key](obj)  # lets classes nest themselves
        try:
            dumper = _Compiler(for_orjson).dumper(cls)
        except BaseException:
            del _DUMPERS[key]  # leave no placeholder behind to call itself
            raise
        _DUMPERS[key] = dumper
    return dumper


def orjson_default(obj: Any) -> Any:
    """The ``default`` hook of :func:`orjson.dumps`: one model object's JSON members.

    Args:
        obj: An object orjson cannot write by itself.

    Returns:
        The JSON values of *obj*: dicts, lists and scalars, except the entities of a
        dataset's collections, which are left to this hook one at a time.

    Raises:
        TypeError: When *obj* is not a model object.
    """
    return orjson_dumper(type(obj))(obj)


def orjson_dumper(cls: type) -> Callable[[Any], Any]:
    """The dumper for orjson of a model class (see :func:`orjson_default`).

    Raises:
        TypeError: When *cls* is not a model class.
    """
    dumper = _FOR_ORJSON.get(cls)
    if dumper is None:
        if not is_model(cls):
            raise TypeError(f"{cls.__name__} is not a model class")
        dumper = _FOR_ORJSON[cls] = dumper_for(cls, for_orjson=True)
    return dumper
