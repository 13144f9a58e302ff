"""Write the field and codelist reference pages from the field description, as the docs build.

When the builder starts, :func:`write_pages` writes the pages of ``docs/reference/`` (a
folder git ignores) from :mod:`ngomodel.inspect`, :mod:`ngomodel.codelists` and
:func:`ngomodel.schema.bundle`, so the pages always match the installed package:

- one page per entity of :data:`ngomodel.schema.ENTITIES`, and one for the records they
  share and the string types, each class with a table of its fields (wire key, type,
  required or default, description and constraints in words, codelist, deprecation, an
  example value), its class rules in words, its schema example as JSON and a Python
  example (``>>>``, run by ``tests/test_reference_docs.py``) that builds the same object
  with the constructors and reads it from the JSON;
- one page with every codelist (its source, version, whether it is closed, the fields
  that use it, and its codes), the longest lists on pages of their own.

:func:`pages` returns the text of every page by its path in ``reference/``, for the tests.
"""

from __future__ import annotations

import json
import os
import pprint
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from sphinx.application import Sphinx

import ngomodel
from ngomodel import codelists, inspect, schema
from ngomodel._constraints import Pattern
from ngomodel._scalars import AMOUNT, DATE, ExtensionData, LocalizedText, PartialDate
from ngomodel.inspect import (
    AmountType,
    AtLeastOneOf,
    BooleanType,
    CodeDependsOn,
    CodeType,
    DateType,
    ExactlyOneOf,
    ExtensionDataType,
    Field,
    IntegerType,
    ListType,
    LocalizedTextType,
    ModelType,
    Node,
    NumberType,
    OptionalType,
    TextType,
)

#: The folder of the generated pages, under the documentation's source folder.
FOLDER = "reference"
#: A codelist with more codes than this has its codes on a page of its own.
LONG_LIST = 50
#: The longest example value a field table shows in full.
_EXAMPLE_CHARS = 48

_SAFE = 2**53 - 1
_FLOAT_MAX = 1.7976931348623157e308


# -- what the model holds -----------------------------------------------------------------


def _innermost(node: Node) -> Node:
    while isinstance(node, (OptionalType, ListType)):
        node = node.item
    return node


def records() -> list[type]:
    """The model classes the entities use that are not entities, in order of first use."""
    entities = set(schema.ENTITIES.values())
    found: list[type] = []
    todo = list(schema.ENTITIES.values())
    while todo:
        cls = todo.pop(0)
        for field in inspect.fields(cls):
            inner = _innermost(field.type)
            if isinstance(inner, ModelType) and inner.cls not in {*entities, *found}:
                found.append(inner.cls)
                todo.append(inner.cls)
    return found


def _classes() -> list[type]:
    return [*schema.ENTITIES.values(), *records()]


def string_types() -> list[Pattern]:
    """The string types the fields use (ids, texts, URLs, amounts, dates …), in order of use."""
    found: list[Pattern] = []
    for cls in _classes():
        for field in inspect.fields(cls):
            inner = _innermost(field.type)
            pattern = None
            if isinstance(inner, (TextType, AmountType)):
                pattern = inner.pattern
            elif isinstance(inner, DateType):
                pattern = DATE
            if pattern is not None and pattern not in found:
                found.append(pattern)
    return found


@attrs.frozen
class Use:
    """A field that takes its codes from a codelist."""

    cls: type
    field: str
    condition: str = ""


def codelist_uses() -> dict[str, list[Use]]:
    """Codelist name → the fields that use it, directly or when a vocabulary selects it."""
    uses: dict[str, list[Use]] = {}
    for cls in _classes():
        model = ModelType(cls)
        for field in model.fields:
            inner = _innermost(field.type)
            if isinstance(inner, CodeType) and inner.codelist is not None:
                uses.setdefault(inner.codelist, []).append(Use(cls, field.name))
        for rule in model.rules:
            if isinstance(rule, CodeDependsOn):
                for vocabulary, name in rule.codelists:
                    condition = f"when `{rule.vocabulary_field}` is `{vocabulary}`"
                    uses.setdefault(name, []).append(Use(cls, rule.field, condition))
    return uses


# -- words and links ----------------------------------------------------------------------

_ESCAPED = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _text(value: str) -> str:
    """Plain text as markdown that shows it as it is."""
    return " ".join(value.split()).translate(_ESCAPED)


def _code(value: str) -> str:
    """Inline code, fenced with enough backticks for any it holds."""
    fence = "``" if "`" in value else "`"
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _sentence(words: str) -> str:
    """Words as a sentence: capitalised, with a full stop."""
    return f"{_text(words[0].upper() + words[1:])}."


def _entity_name(cls: type) -> str | None:
    return next((name for name, c in schema.ENTITIES.items() if c is cls), None)


def class_label(cls: type) -> str:
    """The label of a class's section: ``entity-<schema name>`` or ``record-<class name>``."""
    name = _entity_name(cls)
    return f"entity-{name}" if name else f"record-{cls.__name__}"


def _class_link(cls: type) -> str:
    return f"{{ref}}`{cls.__name__} <{class_label(cls)}>`"


def _string_link(name: str) -> str:
    return f"{{ref}}`{name} <string-type-{name}>`"


def _codelist_link(name: str) -> str:
    return f"{{ref}}`{name} <codelist-{name}>`"


def _type_words(node: Node) -> str:
    """The type of a value, linked to the page of its record, string type or codelist."""
    if isinstance(node, OptionalType):
        return _type_words(node.item)
    if isinstance(node, ListType):
        return f"list of {_type_words(node.item)}"
    if isinstance(node, CodeType):
        return "code" if node.codelist is None else f"code of {_codelist_link(node.codelist)}"
    if isinstance(node, TextType):
        return "string" if node.pattern is None else _string_link(node.pattern.name)
    if isinstance(node, (AmountType,)):
        return _string_link(node.pattern.name)
    if isinstance(node, DateType):
        return _string_link(DATE.name)
    if isinstance(node, LocalizedTextType):
        return _string_link("LocalizedText")
    if isinstance(node, ExtensionDataType):
        return _string_link("ExtensionData")
    if isinstance(node, IntegerType):
        return "integer"
    if isinstance(node, NumberType):
        return "number"
    if isinstance(node, BooleanType):
        return "boolean"
    assert isinstance(node, ModelType), node
    return _class_link(node.cls)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e16 else str(value)


def _bounds(node: IntegerType | NumberType) -> str | None:
    """The bounds in words, leaving out those every integer or number has."""
    limit = _SAFE if isinstance(node, IntegerType) else _FLOAT_MAX
    low = None if node.minimum is None or node.minimum == -limit else node.minimum
    high = None if node.maximum is None or node.maximum == limit else node.maximum
    if low is not None and high is not None:
        return f"from {_number(low)} to {_number(high)}"
    if low is not None:
        return f"at least {_number(low)}"
    if high is not None:
        return f"at most {_number(high)}"
    return None


_REFERS = {
    "organization": "organization or a network",
    "location": "location of the same program",
}


def _constraints(node: Node) -> list[str]:
    """What a value must be, beyond its type, in words."""
    out: list[str] = []
    if isinstance(node, OptionalType):
        return _constraints(node.item)
    if isinstance(node, ListType):
        if node.min_items:
            noun = "item" if node.min_items == 1 else "items"
            out.append(f"At least {node.min_items} {noun}.")
        inner = _constraints(node.item)
        return out + [f"Each item: {c[0].lower()}{c[1:]}" for c in inner]
    if isinstance(node, TextType):
        if node.pattern is not None:
            out.append(_sentence(node.pattern.explanation))
            if node.pattern.max_length is not None:
                out.append(f"At most {node.pattern.max_length} characters.")
        if node.refers_to is not None:
            kind = _REFERS.get(node.refers_to, node.refers_to)
            entity = schema.ENTITIES.get(node.refers_to)
            target = f"{{ref}}`{kind} <{class_label(entity)}>`" if entity else kind
            article = "an" if kind[0] in "aeiou" else "a"
            out.append(f"The id of {article} {target} of the dataset.")
    elif isinstance(node, AmountType):
        out.append(_sentence(node.pattern.explanation))
    elif isinstance(node, DateType):
        out.append(_sentence(DATE.explanation))
    elif isinstance(node, (IntegerType, NumberType)):
        bounds = _bounds(node)
        if bounds:
            out.append(_sentence(bounds))
    elif isinstance(node, CodeType):
        if node.codelist is None:
            out.append("One of " + ", ".join(_code(json.dumps(c)) for c in node.codes) + ".")
        else:
            codelist = codelists.get(node.codelist)
            title = _text(codelist.title)
            out.append(f"A code of the {_codelist_link(node.codelist)} codelist ({title}).")
            if node.withdrawn:
                out.append(f"Withdrawn codes, still read: {', '.join(map(_code, node.withdrawn))}.")
    return out


def _presence(field: Field) -> str:
    if field.required:
        return "**required**"
    default = field.default
    if default is None or isinstance(default, ExtensionData):
        return "optional"
    if default == ():
        return "optional (an empty list)"
    return f"default {_code(json.dumps(_wire(default)))}"


def _wire(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def _example_value(example: dict[str, Any], field: Field) -> str:
    if field.name not in example:
        return "—"
    text = json.dumps(example[field.name], ensure_ascii=False)
    if len(text) > _EXAMPLE_CHARS:
        text = text[: _EXAMPLE_CHARS - 1] + "…"
    return _code(text)


# -- the examples as code -----------------------------------------------------------------


def _python(value: Any, names: set[str], indent: int = 0) -> str:
    """Python source that builds *value*, a model object or a value a field holds."""
    inline = _python_line(value, names)
    if len(inline) + indent <= 84:
        return inline
    pad = " " * (indent + 4)
    if attrs.has(type(value)) and inspect.is_model(type(value)):
        args = [f"{pad}{name}={_python(item, names, indent + 4)}," for name, item in _given(value)]
        return f"{type(value).__name__}(\n" + "\n".join(args) + f"\n{' ' * indent})"
    if isinstance(value, tuple):
        items = [f"{pad}{_python(item, names, indent + 4)}," for item in value]
        return "(\n" + "\n".join(items) + f"\n{' ' * indent})"
    return inline


def _given(obj: Any) -> Iterator[tuple[str, Any]]:
    for field in inspect.fields(type(obj)):
        value = getattr(obj, field.name)
        default = field.default
        if field.required or not (value == default and type(value) is type(default)):
            if isinstance(value, ExtensionData) and not value:
                continue
            yield field.name, value


def _python_line(value: Any, names: set[str]) -> str:
    if inspect.is_model(type(value)):
        names.add(type(value).__name__)
        args = ", ".join(f"{name}={_python_line(item, names)}" for name, item in _given(value))
        return f"{type(value).__name__}({args})"
    if isinstance(value, tuple):
        items = [_python_line(item, names) for item in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, LocalizedText):
        names.add("LocalizedText")
        return f"LocalizedText({json.dumps(dict(value), ensure_ascii=False)})"
    if isinstance(value, ExtensionData):
        names.add("ExtensionData")
        return f"ExtensionData({value.to_json()!r})"
    if isinstance(value, PartialDate):
        names.add("PartialDate")
        return f"PartialDate.parse({json.dumps(str(value))})"
    if isinstance(value, Decimal):
        names.add("Decimal")
        return f"Decimal({json.dumps(str(value))})"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def _doctest(source: str) -> list[str]:
    lines = source.splitlines()
    return [f">>> {lines[0]}", *(f"... {line}" for line in lines[1:])]


def python_example(cls: type, example: dict[str, Any]) -> str:
    """A ``>>>`` example that builds the schema example of *cls* two ways and compares them."""
    obj = ngomodel.from_dict(example, type=cls)
    variable = "dataset" if cls is ngomodel.Dataset else _snake(cls.__name__)
    names: set[str] = {cls.__name__}
    built = _python(obj, names, 0)
    imports = sorted(names - {"Decimal"}, key=str.lower)
    lines = ["```python", ">>> import ngomodel"]
    if "Decimal" in names:
        lines.append(">>> from decimal import Decimal")
    lines += _doctest(f"from ngomodel import {', '.join(imports)}")
    lines += _doctest(f"{variable} = {built}")
    literal = pprint.pformat(example, width=84, sort_dicts=False)
    lines += _doctest(f"example = {literal}")
    lines += [
        f">>> ngomodel.from_dict(example, type={cls.__name__}) == {variable}",
        "True",
        f">>> ngomodel.to_dict({variable}) == example",
        "True",
        "",
        "```",
    ]
    return "\n".join(lines)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


# -- pages --------------------------------------------------------------------------------


def _definition(cls: type) -> dict[str, Any]:
    definition: dict[str, Any] = schema.bundle()["$defs"][cls.__name__]
    return definition


def _cell(text: str) -> list[str]:
    """A list-table cell of one or more paragraphs, indented under its dash."""
    first, *rest = text.split("\n\n")
    lines = [f"  - {first}"]
    for paragraph in rest:
        lines += ["", f"    {paragraph}"]
    return lines


def field_table(cls: type) -> str:
    """The list-table of a class's fields."""
    example = _definition(cls)["examples"][0]
    rows = ["* - Key", "  - Type", "  - Required", "  - Description", "  - Example"]
    for field in inspect.fields(cls):
        description = [_text(field.doc)] if field.doc else []
        constraints = _constraints(field.type)
        if constraints:
            description.append(" ".join(constraints))
        if field.deprecated is not None:
            description.append(f"**Deprecated:** {_text(field.deprecated)}")
        rows.append(f"* - {_code(field.name)}")
        rows.append(f"  - {_type_words(field.type)}")
        rows.append(f"  - {_presence(field)}")
        rows.extend(_cell("\n\n".join(description) or "—"))
        rows.append(f"  - {_example_value(example, field)}")
    head = [
        "```{list-table}",
        ":header-rows: 1",
        ":class: field-table",
        ":widths: 16 18 12 38 16",
        "",
    ]
    return "\n".join([*head, *rows, "```"])


def _is_list(node: Node) -> bool:
    return isinstance(node.item if isinstance(node, OptionalType) else node, ListType)


def _rules(cls: type) -> list[str]:
    out = []
    for rule in ModelType(cls).rules:
        names = " or ".join(_code(name) for name in getattr(rule, "fields", ()))
        if isinstance(rule, ExactlyOneOf):
            out.append(f"- Exactly one of {names} is given.")
        elif isinstance(rule, AtLeastOneOf):
            types = {field.name: field.type for field in inspect.fields(cls)}
            lists = [n for n in rule.fields if _is_list(types[n])]
            given = f" ({', '.join(map(_code, lists))}: with at least one item)" if lists else ""
            out.append(f"- At least one of {names} is given{given}.")
        elif isinstance(rule, CodeDependsOn):
            choices = "; ".join(
                f"`{vocabulary}`: a code of {_codelist_link(name)}"
                for vocabulary, name in rule.codelists
            )
            out.append(
                f"- {_code(rule.field)} is a code of the codelist that "
                f"{_code(rule.vocabulary_field)} selects ({choices}); under another "
                "vocabulary, any id."
            )
    return out


def class_section(cls: type, level: int) -> str:
    """The reference of one class: summary, fields, rules and examples."""
    definition = _definition(cls)
    hashes = "#" * level
    sub = "#" * (level + 1)
    parts = [
        f"({class_label(cls)})=",
        f"{hashes} {cls.__name__}",
        "",
        _text(definition["description"]),
        "",
        f"Python class: {{py:class}}`ngomodel.{cls.__name__}`.",
    ]
    entity = _entity_name(cls)
    if entity:
        parts[-1] += f" Schema file: `{entity}.schema.json`."
    if cls is ngomodel.Network:
        parts.append("")
        parts.append(
            "A network is an organization that other organizations join: it has "
            "every field of an {ref}`Organization <entity-organization>`, and its own."
        )
    parts += ["", field_table(cls)]
    rules = _rules(cls)
    if rules:
        parts += ["", f"{sub} Rules" if level == 1 else "**Rules**", "", *rules]
    comment = definition.get("$comment")
    example = definition["examples"][0]
    parts += ["", f"{sub} Example" if level == 1 else "**Example**", ""]
    if comment:
        parts += [_text(comment), ""]
    parts += [
        "As JSON:",
        "",
        "```json",
        json.dumps(example, indent=2, ensure_ascii=False),
        "```",
        "",
        "In Python, built with the constructors and read from the JSON, the same object:",
        "",
        python_example(cls, example),
    ]
    return "\n".join(parts)


def _index_page() -> str:
    entities = "\n".join(f"{name}" for name in schema.ENTITIES)
    return f"""# Field reference

Every class of the model, field by field, generated from the classes when the
documentation is built. Each table gives the field's **key** (its name in Python and
its key in JSON), its **type** (linked to its record, string type or codelist), whether
it is **required** or what it defaults to (an optional field that is absent is left out
of the JSON), its description with the constraints its values meet, and a value from the
class's example. Every integer lies within plus or minus 2<sup>53</sup> − 1, every
number is a finite 64-bit float; only tighter bounds are listed.

The entities are the objects a dataset lists and refers to by id; the
[records](records.md) are the objects they hold; the [codelists](codelists.md) page
lists every code.

```{{toctree}}
:maxdepth: 1

{entities}
records
codelists
```
"""


def _records_page() -> str:
    parts = [
        "# Records and string types",
        "",
        "The objects that entities hold, and the constrained strings every class uses.",
        "",
        "## Records",
        "",
    ]
    for cls in records():
        parts += [class_section(cls, 3), ""]
    parts += ["(string-types)=", "## String and value types", ""]
    parts += [
        "A string type is a JSON string that matches a pattern, the same in every "
        "JSON Schema validator (see [the schemas](../schemas.md)).",
        "",
    ]
    defs = schema.bundle()["$defs"]
    for pattern in string_types():
        parts += [
            f"(string-type-{pattern.name})=",
            f"### {pattern.name}",
            "",
            _text(pattern.description),
            "",
            f"A valid value is {_text(pattern.explanation)}; any other is reported as "
            f"`{pattern.code}`."
            + ("" if pattern.max_length is None else f" At most {pattern.max_length} characters."),
            "",
            "```text",
            pattern.regex,
            "```",
            "",
        ]
        if pattern is DATE:
            parts += ["In Python: {py:class}`ngomodel.PartialDate`.", ""]
        elif pattern is AMOUNT or pattern.name == "SignedAmount":
            parts += ["In Python: a {py:class}`~decimal.Decimal`.", ""]
    for name, python in (("LocalizedText", "LocalizedText"), ("ExtensionData", "ExtensionData")):
        parts += [
            f"(string-type-{name})=",
            f"### {name}",
            "",
            _text(defs[name]["description"]),
            "",
            f"In Python: {{py:class}}`ngomodel.{python}`. Example: "
            f"{_code(json.dumps(defs[name]['examples'][0], ensure_ascii=False))}",
            "",
        ]
    return "\n".join(parts)


#: The longest code kept on one line in a table of codes.
_SHORT_CODE = 12


def _codes_table(codelist: codelists.Codelist) -> str:
    extras = sorted({key for code in codelist for key in code.extra} - {"status"})
    headers = ["Code", "Name", "Status", *(e.capitalize() for e in extras)]
    # Codes of up to 12 characters are never split ("11110", not "1111" and "0");
    # longer ones ("memorandum_of_understanding") may wrap, or the table would not fit.
    short = max(len(code.code) for code in codelist) <= _SHORT_CODE
    lines = [
        "```{list-table}",
        ":header-rows: 1",
        f":class: codes-table{' short-codes' if short else ''}",
        "",
        *(("* - " if i == 0 else "  - ") + h for i, h in enumerate(headers)),
    ]
    for code in codelist:
        lines.append(f"* - {_code(code.code)}")
        lines.append(f"  - {_text(code.name)}")
        lines.append(f"  - {'withdrawn' if code.withdrawn else 'active'}")
        for extra in extras:
            value = code.extra.get(extra, "")
            lines.append(f"  - {_text(value)}" if value else "  - ")
    lines.append("```")
    return "\n".join(lines)


def _about(codelist: codelists.Codelist, uses: list[Use]) -> list[str]:
    source = _text(codelist.source)
    if codelist.url:
        source = f"[{source}]({codelist.url})"
    closed = (
        "closed: the complete list of its source version"
        if codelist.closed
        else "open: its source may have added codes since"
    )
    used = (
        ", ".join(
            f"{_class_link(use.cls)}.{_code(use.field)}"
            + (f" ({use.condition})" if use.condition else "")
            for use in uses
        )
        or "no field of the current models (shipped for reference)"
    )
    return [
        _text(codelist.description),
        "",
        f"- Source: {source}, version {_text(codelist.version)}",
        f"- {len(codelist)} codes, {len(codelist.withdrawn)} of them withdrawn; "
        f"the list is {closed}",
        f"- Used by: {used}",
        f"- In Python: `ngomodel.codelists.get({json.dumps(codelist.name)})`",
    ]


def _codelist_pages() -> dict[str, str]:
    uses = codelist_uses()
    main = [
        "# Codes of every codelist",
        "",
        "Every code of every codelist, with its name, its status and, where it has one, "
        "its description; the source of each list, and the fields that use it. A "
        "withdrawn code is still read, but no longer to be used. "
        "[The codelists](../codelists.md) summarises them.",
        "",
    ]
    out: dict[str, str] = {}
    long_lists = []
    for name in codelists.names():
        codelist = codelists.get(name)
        main += [f"(codelist-{name})=", f"## {name}", "", *_about(codelist, uses.get(name, [])), ""]
        if len(codelist) > LONG_LIST:
            long_lists.append(name)
            page = f"{{ref}}`a page of their own <codelist-{name}-codes>`"
            main += [f"Its {len(codelist)} codes are on {page}.", ""]
            out[f"codelists/{name}.md"] = "\n".join(
                [
                    f"(codelist-{name}-codes)=",
                    f"# {_text(codelist.title)} codes",
                    "",
                    f"The codes of the {_codelist_link(name)} codelist.",
                    "",
                    _codes_table(codelist),
                    "",
                ]
            )
        else:
            main += [_codes_table(codelist), ""]
    main += ["```{toctree}", ":hidden:", "", *(f"codelists/{n}" for n in long_lists), "```", ""]
    out["codelists.md"] = "\n".join(main)
    return out


def pages() -> dict[str, str]:
    """Every generated page's markdown, by its path under ``reference/``."""
    out = {"index.md": _index_page()}
    for name, cls in schema.ENTITIES.items():
        out[f"{name}.md"] = class_section(cls, 1) + "\n"
    out["records.md"] = _records_page() + "\n"
    out.update(_codelist_pages())
    return out


def write_pages(app: Sphinx) -> None:
    """Write the pages into ``reference/``; a page whose text is unchanged is not touched."""
    folder = Path(app.srcdir) / FOLDER
    wanted = {folder / path: text for path, text in pages().items()}
    for path, text in wanted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text("utf-8") != text:
            partial = path.with_suffix(f".{os.getpid()}.{id(app)}.tmp")  # one per build
            partial.write_text(text, "utf-8")
            partial.replace(path)
    for stale in folder.rglob("*.md"):
        if stale not in wanted:
            stale.unlink(missing_ok=True)  # another build may have removed it


def setup(app: Sphinx) -> dict[str, Any]:
    """Write the reference pages when the builder starts, before Sphinx looks for sources."""
    app.connect("builder-inited", write_pages)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
