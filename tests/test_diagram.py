"""The entity-relationship diagram in the docs: it draws every reference the model holds."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from ngomodel.inspect import ListType, ModelType, OptionalType, TextType
from ngomodel.schema import ENTITIES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))
import entity_diagram

SVG = "{http://www.w3.org/2000/svg}"


def _reference_fields(cls: type, prefix: str = "", seen: frozenset[type] = frozenset()) -> set[str]:
    """Every path below *cls* whose field is an id of another entity (its own walk)."""
    found = set()
    for field in ModelType(cls).fields:
        node, path = field.type, prefix + field.name
        while isinstance(node, (OptionalType, ListType)):
            path += "[]" if isinstance(node, ListType) else ""
            node = node.item
        if isinstance(node, TextType) and node.refers_to is not None:
            found.add(path)
        elif isinstance(node, ModelType) and node.cls not in seen | {cls}:
            found |= _reference_fields(node.cls, path + ".", seen | {cls})
    return found


@pytest.fixture(scope="module")
def svg() -> Any:
    """The diagram as the docs build draws it, parsed (so it is well-formed XML)."""
    return ET.fromstring(entity_diagram.render_svg())


def test_every_reference_field_is_an_edge(svg: Any) -> None:
    """The labels of the drawn edges name exactly the reference fields of every entity."""
    expected = {
        f"{cls.__name__}.{path}"
        for key, cls in ENTITIES.items()
        if key != "dataset"
        for path in _reference_fields(cls)
    }
    drawn = [
        f"{label.get('data-source')}.{path}"
        for label in svg.iter(f"{SVG}text")
        if label.get("class") == "erd-label"
        for path in label.get("data-fields").split()
    ]
    assert len(drawn) == len(set(drawn))
    assert set(drawn) == expected
    assert len(expected) >= 10


def test_each_labelled_pair_has_its_edge(svg: Any) -> None:
    """Each source and target named by a label is joined by a drawn edge, and by one only."""
    edges = [
        (e.get("data-source"), e.get("data-target"))
        for e in svg.iter()
        if e.get("class") == "erd-edge"
    ]
    labelled = {
        (t.get("data-source"), t.get("data-target"))
        for t in svg.iter(f"{SVG}text")
        if t.get("class") == "erd-label"
    }
    assert sorted(edges) == sorted(labelled)


def test_every_entity_is_a_node(svg: Any) -> None:
    """Each entity class but the dataset has a box; so has each record that ids name."""
    drawn = {g.get("data-node") for g in svg.iter(f"{SVG}g") if g.get("data-node")}
    entities = {cls.__name__ for key, cls in ENTITIES.items() if key != "dataset"}
    assert entities <= drawn
    assert drawn - entities == {"Location"}  # what location_ids name, inside a program
    targets = {t.get("data-target") for t in svg.iter(f"{SVG}text") if t.get("data-target")}
    assert targets <= drawn


def test_node_boxes_do_not_overlap(svg: Any) -> None:
    """No two boxes share any point, and every box lies inside the viewBox."""
    x, y, width, height = map(float, svg.get("viewBox").split())
    boxes = []
    for group in svg.iter(f"{SVG}g"):
        if group.get("data-node"):
            rect = group.find(f"{SVG}rect")
            left, top = float(rect.get("x")), float(rect.get("y"))
            right, bottom = left + float(rect.get("width")), top + float(rect.get("height"))
            assert x <= left
            assert right <= x + width
            assert y <= top
            assert bottom <= y + height
            boxes.append((group.get("data-node"), left, top, right, bottom))
    for a, b in combinations(boxes, 2):
        apart = a[3] < b[1] or b[3] < a[1] or a[4] < b[2] or b[4] < a[2]
        assert apart, (a[0], b[0])


def test_diagram_is_deterministic() -> None:
    """Two drawings are the same text, so a rebuild changes nothing."""
    assert entity_diagram.render_svg() == entity_diagram.render_svg()


def test_cardinality_follows_required_optional_and_list(svg: Any) -> None:
    """A required id is one, an optional one optional, one in a list many."""
    cardinality = {
        (t.get("data-source"), path): t.get("data-cardinality")
        for t in svg.iter(f"{SVG}text")
        if t.get("class") == "erd-label"
        for path in t.get("data-fields").split()
    }
    assert cardinality[("Membership", "member_id")] == "one"
    assert cardinality[("Position", "post_id")] == "optional"
    assert cardinality[("Agreement", "program_ids[]")] == "many"
    assert cardinality[("Agreement", "parties[].organization_id")] == "many"
