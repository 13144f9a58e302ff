"""Field text written once: the ``doc()`` text is the docstring's field list and the schema's."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest
from sphinx.ext.napoleon import Config, GoogleDocstring

import ngomodel
from ngomodel import schema
from ngomodel._model import doc, field_docs, model
from ngomodel.inspect import DEPRECATED, DOC, is_model


def _model_classes() -> list[type]:
    """Every class made by ``model`` in the package, each once, in module order."""
    found: dict[type, None] = {}
    for info in pkgutil.walk_packages(ngomodel.__path__, "ngomodel."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if inspect.isclass(value) and is_model(value) and value.__module__ == module.__name__:
                found[value] = None
    return list(found)


MODELS = _model_classes()


def _ids(cls: type) -> str:
    return cls.__name__


def _declared(cls: type) -> list[tuple[str, str, str | None]]:
    """``(name, doc() text, deprecation reason)`` of the constructor fields, from attrs."""
    return [
        (a.name, a.metadata.get(DOC, ""), a.metadata.get(DEPRECATED))
        for a in attrs.fields(cls)
        if a.init
    ]


def _fields(cls: type) -> list[tuple[str, str]]:
    """``(name, text)`` of the constructor fields as documented: the doc() text, and for a
    deprecated field "Deprecated:" and the reason after it."""
    return [
        (name, text if reason is None else f"{text} Deprecated: {reason}")
        for name, text, reason in _declared(cls)
    ]


def _attributes_section(docstring: str) -> list[tuple[str, str]]:
    """The entries of the one ``Attributes:`` section, continuation lines joined."""
    lines = inspect.cleandoc(docstring).splitlines()
    starts = [i for i, line in enumerate(lines) if line == "Attributes:"]
    assert len(starts) == 1, "exactly one 'Attributes:' section"
    entries: list[tuple[str, str]] = []
    for line in lines[starts[0] + 1 :]:
        entry = re.fullmatch(r" {4}(\w+): (\S.*)", line)
        if entry:
            entries.append((entry[1], entry[2]))
        else:
            # Anything else after the header is a wrapped line of the entry above: the
            # section is the last thing in the docstring.
            assert re.fullmatch(r" {8}\S.*", line), f"not part of an entry: {line!r}"
            name, text = entries[-1]
            entries[-1] = (name, f"{text} {line.strip()}")
    return entries


@cache
def _written_docstrings(path: str) -> dict[str, str | None]:
    """Class name → the docstring as written in the source file."""
    tree = ast.parse(Path(path).read_text("utf-8"))
    return {
        node.name: ast.get_docstring(node) for node in tree.body if isinstance(node, ast.ClassDef)
    }


def test_every_model_class_is_found() -> None:
    """The walk reaches the model classes, and not the value classes written by hand."""
    names = {cls.__name__ for cls in MODELS}
    assert {"Dataset", "Organization", "Network", "Program", "Money", "Point"} <= names
    assert len(MODELS) >= 32
    assert "PartialDate" not in names  # a value class with its own hand-written section


@pytest.mark.parametrize("cls", MODELS, ids=_ids)
def test_attributes_section_lists_the_fields_in_order(cls: type) -> None:
    """The docstring's ``Attributes:`` lists exactly the fields, in order, with their doc()."""
    assert _attributes_section(cls.__doc__ or "") == _fields(cls)
    assert field_docs(cls) == tuple(_fields(cls))


@pytest.mark.parametrize("cls", MODELS, ids=_ids)
def test_napoleon_reads_every_field(cls: type) -> None:
    """What Sphinx renders, one ``:ivar:`` per field with its text, is the fields' doc()."""
    config = Config(napoleon_use_ivar=True)
    rst = str(GoogleDocstring(inspect.cleandoc(cls.__doc__ or ""), config, what="class"))
    found = re.findall(r"^:ivar (\w+): (.*(?:\n {4}.*)*)", rst, flags=re.MULTILINE)
    assert [(name, " ".join(text.split())) for name, text in found] == _fields(cls)


@pytest.mark.parametrize("cls", MODELS, ids=_ids)
def test_no_docstring_lists_fields_by_hand(cls: type) -> None:
    """The source docstring holds the summary and prose only; model() adds the rest."""
    written = _written_docstrings(inspect.getfile(cls))[cls.__name__]
    assert written, "a model class needs a docstring"
    assert "Attributes:" not in written
    assert (cls.__doc__ or "").startswith(f"{written}\n\nAttributes:\n")


@pytest.mark.parametrize("cls", MODELS, ids=_ids)
def test_doc_texts_are_plain_sentences(cls: type) -> None:
    """Each doc() text and deprecation reason is one plain line, a JSON description too."""
    for name, doc_text, reason in _declared(cls):
        assert doc_text, f"{name} has no doc()"
        for text in (doc_text, *([] if reason is None else [reason])):
            assert text == " ".join(text.split()), name  # one line, single spaces
            assert text[0].isupper(), name
            assert text.endswith("."), name
            assert not re.search(r"[`*|\\]", text), f"{name}: no reStructuredText markup"


def _schema_objects() -> dict[str, dict[str, Any]]:
    """Class name → its object schema, from the entity files and the shared ``$defs``."""
    documents = schema.schema_documents()
    objects = {d["title"]: d for d in documents.values() if d.get("type") == "object"}
    for name, sub in documents["types.schema.json"]["$defs"].items():
        if sub.get("type") == "object" and "properties" in sub:
            objects[name] = sub
    return objects


@pytest.mark.parametrize("cls", MODELS, ids=_ids)
def test_schema_descriptions_are_the_doc_texts(cls: type) -> None:
    """Each property's ``description`` is its field's doc(); the class's is its prose only."""
    objects = _schema_objects()
    if cls.__name__ not in objects:
        pytest.fail(f"{cls.__name__} has no object schema")
    found = objects[cls.__name__]
    assert [(k, v["description"]) for k, v in found["properties"].items()] == _fields(cls)
    assert "Attributes" not in found["description"]


def test_model_refuses_a_hand_written_field_list() -> None:
    """A class that still lists its fields by hand is refused when it is defined."""
    with pytest.raises(TypeError, match="lists its fields by hand"):

        @model
        class Listed:
            """A class with its own list.

            Attributes:
                name: A name.
            """

            name: str = doc("The name.")


def test_model_refuses_a_field_without_doc() -> None:
    """Every constructor field carries its doc(): a field without one is refused."""
    with pytest.raises(TypeError, match=r"Bare\.name has no description"):

        @model
        class Bare:
            """A class with a field without text."""

            name: str = attrs.field()


def test_generated_section_follows_the_prose() -> None:
    """The summary and prose stay as written, the section comes after, long texts wrap."""

    @model
    class Sample:
        """A sample.

        More about it.
        """

        short: int = doc("Short.")
        long: str = doc(" ".join(["A text long enough to wrap onto a second line."] * 3))

    lines = (Sample.__doc__ or "").splitlines()
    assert lines[:4] == ["A sample.", "", "More about it.", ""]
    assert lines[4:6] == ["Attributes:", "    short: Short."]
    assert lines[6].startswith("    long: A text")
    assert lines[7].startswith("        ")
    assert max(map(len, lines)) <= 88
    assert _attributes_section(Sample.__doc__ or "") == _fields(Sample)


def test_a_class_without_docstring_gets_the_section_alone() -> None:
    """A model class with no docstring still documents its fields."""

    @model
    class Quiet:
        value: int = doc("The value.")

    assert Quiet.__doc__ == "Attributes:\n    value: The value.\n"
