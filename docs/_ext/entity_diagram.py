"""Sphinx directives that draw how ngomodel's entities refer to each other.

``entity-diagram`` walks the field description (:mod:`ngomodel.inspect`) of every entity in
:data:`ngomodel.schema.ENTITIES` while the documentation is built, and inserts an SVG
diagram written here in Python (no Graphviz, no network); ``entity-references`` inserts
the same relationships as a table, for screen readers and for the search.

What is drawn:

- a **node** for each entity class (the dataset, which only holds them, is left out);
  a record that an entity holds is not a node, because it has no identity of its own:
  a reference made by an agreement's ``parties[]`` is the agreement's reference. The one
  exception is a record that is the *target* of references (a program's ``Location``,
  named by ``location_ids``): it is drawn dashed, with where it is held;
- a **reference edge** for each id field (``TextType.refers_to``), wherever it sits in the
  entity (``transactions[].provider.organization_id``), from the entity to the kind it
  names, labelled with its path and cardinality: ``1`` (required), ``0..1`` (optional),
  ``0..n`` (a list, or under one);
- an **is-a edge** where one entity class is a subclass of another (a ``Network`` is an
  ``Organization``, so an organization id may name a network).

The SVG marks what it draws with data attributes (``data-node``, ``data-source``,
``data-target``, ``data-field``, ``data-cardinality``) that the tests read back.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ngomodel.inspect import ListType, ModelType, Node, OptionalType, TextType
from ngomodel.schema import ENTITIES

#: Cardinality of a reference → how the diagram writes it and how the table says it.
CARDINALITIES = {
    "one": ("1", "exactly one"),
    "optional": ("0..1", "optional"),
    "many": ("0..n", "many"),
}


@dataclass(frozen=True)
class Reference:
    """One id field of an entity, wherever it sits in it.

    Attributes:
        source: The entity class that holds the field.
        path: The field's path from the entity, ``[]`` marking a list
            (``parties[].organization_id``).
        target: The class the id names.
        cardinality: ``"one"``, ``"optional"`` or ``"many"``.
    """

    source: type
    path: str
    target: type
    cardinality: str


@dataclass(frozen=True)
class Record:
    """A record held by an entity that references name (drawn dashed, inside its holder).

    Attributes:
        cls: The record class.
        holder: The entity class that holds it.
        path: Where the holder keeps it (``locations[]``).
    """

    cls: type
    holder: type
    path: str


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def entity_classes() -> list[type]:
    """The classes drawn as entities: every entry of ``ENTITIES`` but the dataset."""
    return [cls for key, cls in ENTITIES.items() if key != "dataset"]


def _walk(
    cls: type, prefix: str, many: bool, optional: bool, seen: frozenset[type]
) -> Iterator[tuple[str, Node, bool, bool]]:
    """Yield (path, innermost node, under a list, optional somewhere) for each field below."""
    for field in ModelType(cls).fields:
        node = field.type
        path = prefix + field.name
        is_many, is_optional = many, optional or not field.required
        while isinstance(node, (OptionalType, ListType)):
            if isinstance(node, ListType):
                is_many, path = True, path + "[]"
            else:
                is_optional = True
            node = node.item
        yield path, node, is_many, is_optional
        if isinstance(node, ModelType) and node.cls not in seen:
            yield from _walk(node.cls, path + ".", is_many, is_optional, seen | {node.cls})


def _held_records(cls: type) -> dict[str, tuple[type, str]]:
    """Kind (``"location"``) → (record class, path) for each record class held by *cls*."""
    found: dict[str, tuple[type, str]] = {}
    for path, node, _, _ in _walk(cls, "", False, False, frozenset({cls})):
        if isinstance(node, ModelType):
            found.setdefault(_kebab(node.cls.__name__), (node.cls, path))
    return found


def relationships() -> tuple[list[Reference], list[Record]]:
    """Every reference field of every entity, and the records that references name."""
    kinds = {key: cls for key, cls in ENTITIES.items() if key != "dataset"}
    references: list[Reference] = []
    records: dict[type, Record] = {}
    for source in entity_classes():
        held = _held_records(source)
        for path, node, many, optional in _walk(source, "", False, False, frozenset({source})):
            if not isinstance(node, TextType) or node.refers_to is None:
                continue
            if node.refers_to in kinds:
                target = kinds[node.refers_to]
            else:  # a record of the same entity, such as a program's location
                target, where = held[node.refers_to]
                records.setdefault(target, Record(target, source, where))
            cardinality = "many" if many else "optional" if optional else "one"
            references.append(Reference(source, path, target, cardinality))
    return references, list(records.values())


# -- layout ---------------------------------------------------------------------------------

FONT = 15  # node names
LABEL_FONT = 12.5  # edge labels (monospace)
NAME_CHAR = 8.9  # width of a character of a node name, generous for bold sans-serif
LABEL_CHAR = 7.6  # width of a character of an edge label in monospace
LINE = 16  # height of one label line
BOX_H = 38
MARGIN = 24


@dataclass
class _Box:
    name: str
    x: float  # centre
    y: float
    w: float
    h: float = BOX_H
    record: bool = False

    def edge_point(self, tx: float, ty: float) -> tuple[float, float]:
        """Where the segment from the centre towards (tx, ty) leaves the box."""
        dx, dy = tx - self.x, ty - self.y
        if dx == 0 and dy == 0:
            return self.x, self.y
        scale = min(
            (self.w / 2 + 3) / abs(dx) if dx else math.inf,
            (self.h / 2 + 3) / abs(dy) if dy else math.inf,
        )
        return self.x + dx * scale, self.y + dy * scale


def _ring_order(ring: list[str], pairs: set[frozenset[str]]) -> list[str]:
    """Order the ring so that nodes joined by an edge sit close (deterministic brute force)."""
    if len(ring) <= 2:
        return ring
    position_of: dict[str, int]
    best, best_cost = ring, math.inf
    first, rest = ring[0], ring[1:]
    for perm in itertools.permutations(rest):
        order = [first, *perm]
        position_of = {name: i for i, name in enumerate(order)}
        cost = 0
        for pair in pairs:
            a, b = sorted(pair)
            if a in position_of and b in position_of:
                d = abs(position_of[a] - position_of[b])
                cost += min(d, len(order) - d) ** 2
        if cost < best_cost:
            best, best_cost = order, cost
    return best


def _widest_gap(
    hub: str, boxes: dict[str, _Box], by_pair: dict[tuple[str, str], list[Reference]]
) -> tuple[float, float]:
    """The direction, from the hub, for its loop: the side farthest from the edges at it."""
    angles = sorted(
        math.atan2(boxes[other].y, boxes[other].x)
        for pair in by_pair
        if hub in pair and pair[0] != pair[1]
        for other in pair
        if other != hub
    )
    if not angles:
        return 1.0, 0.0

    def clearance(direction: float) -> float:
        return min(abs(math.remainder(direction - angle, 2 * math.pi)) for angle in angles)

    # A side of the box (right, left, below, above) rather than a corner: the loop is drawn
    # where it is clearest of the edges, preferring the box's short sides.
    # (A wide box's right or left side is about twice as far from the edges: weighed so.)
    best = max(
        (0.0, math.pi, math.pi / 2, -math.pi / 2),
        key=lambda d: clearance(d) * (2.0 if abs(math.cos(d)) > 0.5 else 1.0),
    )
    return round(math.cos(best), 9), round(math.sin(best), 9)


def _label_lines(refs: list[Reference]) -> list[tuple[str, list[Reference]]]:
    """One label line per field name and cardinality: ``organization_id 0..n ×3``.

    The diagram names the field; its full path is in the line's tooltip and in the table.
    """
    groups: dict[tuple[str, str], list[Reference]] = {}
    for ref in refs:
        name = ref.path.rpartition(".")[2].removesuffix("[]")
        groups.setdefault((name, ref.cardinality), []).append(ref)
    lines = []
    for (name, cardinality), group in groups.items():
        count = f" ×{len(group)}" if len(group) > 1 else ""
        lines.append((f"{name} {CARDINALITIES[cardinality][0]}{count}", group))
    return lines


def render_svg() -> str:
    """Draw the diagram: one SVG document, deterministic, sized by its ``viewBox``."""
    references, records = relationships()
    classes = entity_classes() + [r.cls for r in records]
    names = [cls.__name__ for cls in classes]
    record_names = {r.cls.__name__ for r in records}
    held = {r.cls.__name__: f"{r.holder.__name__}.{r.path}" for r in records}

    # The hub, in the middle, is the class most references name; the others go round it.
    incoming = dict.fromkeys(names, 0)
    for ref in references:
        incoming[ref.target.__name__] += 1
    hub = max(names, key=lambda name: (incoming[name], -names.index(name)))
    pairs = {
        frozenset((r.source.__name__, r.target.__name__))
        for r in references
        if hub not in (r.source.__name__, r.target.__name__) and r.source is not r.target
    } | {frozenset((r.holder.__name__, r.cls.__name__)) for r in records}
    ring = _ring_order([n for n in names if n != hub], pairs)

    rx, ry = 370.0, 235.0
    boxes: dict[str, _Box] = {hub: _Box(hub, 0, 0, len(hub) * NAME_CHAR + 32)}
    step = 2 * math.pi / len(ring)
    for i, name in enumerate(ring):
        angle = -math.pi / 2 + step / 2 + i * step
        record = name in record_names
        boxes[name] = _Box(
            name,
            round(rx * math.cos(angle), 1),
            round(ry * math.sin(angle), 1),
            max(len(name) * NAME_CHAR, len(held.get(name, "")) * LABEL_CHAR + 24) + 32,
            BOX_H + 16 if record else BOX_H,
            record=record,
        )

    out: list[str] = []  # drawn in order: edges, then labels, then boxes on top
    labels: list[str] = []
    extents: list[tuple[float, float, float, float]] = []

    def grow(x0: float, y0: float, x1: float, y1: float) -> None:
        extents.append((x0, y0, x1, y1))

    by_pair: dict[tuple[str, str], list[Reference]] = {}
    for ref in references:
        by_pair.setdefault((ref.source.__name__, ref.target.__name__), []).append(ref)

    def label_size(lines: list[tuple[str, list[Reference]]]) -> tuple[float, float]:
        return max(len(text) for text, _ in lines) * LABEL_CHAR + 10, len(lines) * LINE + 6

    ends: list[tuple[float, float]] = []  # arrowheads, which labels should not hide
    # Each label, with the places it may go (best first); placed once the edges are drawn.
    pending: list[tuple[list[tuple[str, list[Reference]]], list[tuple[float, float]]]] = []

    def label_block(cx: float, cy: float, lines: list[tuple[str, list[Reference]]]) -> None:
        width, height = label_size(lines)
        left, top = cx - width / 2, cy - height / 2
        grow(left, top, left + width, top + height)
        parts = [
            f'<rect class="erd-label-bg" x="{left:.1f}" y="{top:.1f}" '
            f'width="{width:.1f}" height="{height:.1f}" rx="3"/>'
        ]
        for i, (text, group) in enumerate(lines):
            y = top + 3 + LINE * (i + 0.78)
            first = group[0]
            tooltip = "\n".join(
                f"{r.source.__name__}.{r.path} → {r.target.__name__} "
                f"({CARDINALITIES[r.cardinality][1]})"
                for r in group
            )
            parts.append(
                f'<text class="erd-label" x="{left + 5:.1f}" y="{y:.1f}"'
                f" data-source={quoteattr(first.source.__name__)}"
                f" data-target={quoteattr(first.target.__name__)}"
                f" data-fields={quoteattr(' '.join(r.path for r in group))}"
                f" data-cardinality={quoteattr(first.cardinality)}>"
                f"<title>{escape(tooltip)}</title>{escape(text)}</text>"
            )
        labels.append("".join(parts))

    for (source, target), refs in by_pair.items():
        a, b = boxes[source], boxes[target]
        lines = _label_lines(refs)
        attrs = f'class="erd-edge" data-source="{source}" data-target="{target}"'
        if source == target:
            # A loop on the outer side of the box (above it, for the hub).
            ox, oy = (a.x, a.y) if source != hub else _widest_gap(hub, boxes, by_pair)
            norm = math.hypot(ox, oy)
            ux, uy = ox / norm, oy / norm
            px, py = -uy, ux
            sx, sy = a.edge_point(a.x + ux * 100 + px * 42, a.y + uy * 100 + py * 30)
            ex, ey = a.edge_point(a.x + ux * 100 - px * 42, a.y + uy * 100 - py * 30)
            reach = 52
            c1 = (sx + ux * reach + px * 10, sy + uy * reach + py * 10)
            c2 = (ex + ux * reach - px * 10, ey + uy * reach - py * 10)
            out.append(
                f'<path {attrs} d="M{sx:.1f},{sy:.1f} C{c1[0]:.1f},{c1[1]:.1f} '
                f'{c2[0]:.1f},{c2[1]:.1f} {ex:.1f},{ey:.1f}" marker-end="url(#erd-arrow)"/>'
            )
            tip_x, tip_y = (sx + ex) / 2 + ux * reach * 0.75, (sy + ey) / 2 + uy * reach * 0.75
            width, height = label_size(lines)
            lx = tip_x + ux * (abs(ux) * width / 2 + abs(uy) * height / 2 + 4)
            ly = tip_y + uy * (abs(ux) * width / 2 + abs(uy) * height / 2 + 4)
            pending.append((lines, [(lx, ly)]))
            continue
        dx, dy = b.x - a.x, b.y - a.y
        length = math.hypot(dx, dy)
        nx, ny = -dy / length, dx / length
        both_ways = (target, source) in by_pair
        shift = 5.0 if both_ways else 0.0
        x0, y0 = a.edge_point(b.x + nx * shift, b.y + ny * shift)
        x1, y1 = b.edge_point(a.x + nx * shift, a.y + ny * shift)
        x0, y0, x1, y1 = x0 + nx * shift, y0 + ny * shift, x1 + nx * shift, y1 + ny * shift
        ends.append((x1, y1))
        out.append(
            f'<line {attrs} x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" '
            'marker-end="url(#erd-arrow)"/>'
        )
        width = max(len(t) for t, _ in lines) * LABEL_CHAR + 10
        height = len(lines) * LINE + 6
        # Round the crowded hub, a label is best nearer the far end of its edge.
        best = 0.5 if hub not in (source, target) else 0.4 if target == hub else 0.6
        away = abs(nx) * width / 2 + abs(ny) * height / 2 + 4 if both_ways else 0.0
        candidates = []
        for t in sorted((0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8), key=lambda t: abs(t - best)):
            mx, my = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
            # Each direction of a pair of edges has its label on its own side.
            candidates.append((mx + nx * away, my + ny * away))
        pending.append((lines, candidates))

    for sub in classes:
        for sup in classes:
            if sub is not sup and issubclass(sub, sup):
                a, b = boxes[sub.__name__], boxes[sup.__name__]
                # Drawn beside the reference edges between the same two boxes.
                dx, dy = b.x - a.x, b.y - a.y
                length = math.hypot(dx, dy)
                nx, ny = -dy / length * 14, dx / length * 14
                x0, y0 = a.edge_point(b.x + nx, b.y + ny)
                x1, y1 = b.edge_point(a.x + nx, a.y + ny)
                out.append(
                    f'<line class="erd-isa" data-source="{sub.__name__}" '
                    f'data-target="{sup.__name__}" x1="{x0 + nx:.1f}" y1="{y0 + ny:.1f}" '
                    f'x2="{x1 + nx:.1f}" y2="{y1 + ny:.1f}" marker-end="url(#erd-triangle)">'
                    f"<title>{sub.__name__} is an {sup.__name__}</title></line>"
                )

    # Largest labels first, each where it overlaps the boxes and the labels placed least.
    taken = [(b.x - b.w / 2, b.y - b.h / 2, b.x + b.w / 2, b.y + b.h / 2) for b in boxes.values()]
    taken += [(x - 9, y - 9, x + 9, y + 9) for x, y in ends]
    for lines, candidates in sorted(pending, key=lambda item: -len(item[0])):
        width, height = label_size(lines)

        def overlap(
            centre: tuple[float, float], width: float = width, height: float = height
        ) -> float:
            x0, y0 = centre[0] - width / 2 - 2, centre[1] - height / 2 - 2
            x1, y1 = x0 + width + 4, y0 + height + 4
            return sum(
                max(0.0, min(x1, r[2]) - max(x0, r[0])) * max(0.0, min(y1, r[3]) - max(y0, r[1]))
                for r in taken
            )

        cx, cy = min(candidates, key=overlap)  # the first of the least overlapping
        taken.append((cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2))
        label_block(cx, cy, lines)

    box_svg = []
    for name in names:
        box = boxes[name]
        left, top = box.x - box.w / 2, box.y - box.h / 2
        grow(left, top, left + box.w, top + box.h)
        kind = "erd-record" if box.record else "erd-entity"
        title = f'<text x="{box.x:.1f}" y="{box.y + FONT * 0.35:.1f}" text-anchor="middle">'
        where = ""
        if box.record:
            title = title.replace(f'y="{box.y + FONT * 0.35:.1f}"', f'y="{top + 21:.1f}"')
            where = (
                f'<text class="erd-where" x="{box.x:.1f}" y="{top + 40:.1f}" '
                f'text-anchor="middle">in {escape(held[name])}</text>'
            )
        box_svg.append(
            f'<g class="erd-node {kind}" data-node="{name}">'
            f'<rect x="{left:.1f}" y="{top:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" rx="6"/>'
            f"{title}{escape(name)}</text>{where}</g>"
        )

    x0 = min(e[0] for e in extents) - MARGIN
    y0 = min(e[1] for e in extents) - MARGIN
    width = max(e[2] for e in extents) + MARGIN - x0
    height = max(e[3] for e in extents) + MARGIN - y0
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="entity-diagram" role="img" '
        f'aria-labelledby="erd-title" viewBox="{x0:.0f} {y0:.0f} {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" data-min-width="{width * 0.7:.0f}">'
        '<title id="erd-title">How the entities of ngomodel refer to each other: '
        "the table below lists every reference.</title>"
        f"<style>{_STYLE}</style>"
        "<defs>"
        '<marker id="erd-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
        'markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'class="erd-arrowhead"/></marker>'
        '<marker id="erd-triangle" viewBox="0 0 12 12" refX="11" refY="6" markerWidth="14" '
        'markerHeight="14" orient="auto"><path d="M1,1 L11,6 L1,11 z" class="erd-hollow"/>'
        "</marker>"
        '<marker id="erd-diamond" viewBox="0 0 14 10" refX="1" refY="5" markerWidth="14" '
        'markerHeight="10" orient="auto"><path d="M1,5 L7,1 L13,5 L7,9 z" class="erd-filled"/>'
        "</marker>"
        "</defs>"
        f"{''.join(out)}{''.join(labels)}{''.join(box_svg)}</svg>"
    )


# Colours follow furo's light and dark themes when the SVG is inline in a page; the
# fallbacks apply where it is opened on its own.
_STYLE = (
    ".erd-edge,.erd-isa{stroke:var(--color-foreground-secondary,#555);"
    "stroke-width:1.4;fill:none}"
    ".erd-arrowhead,.erd-filled{fill:var(--color-foreground-secondary,#555)}"
    ".erd-hollow{fill:var(--color-background-primary,#fff);"
    "stroke:var(--color-foreground-secondary,#555);stroke-width:1.2}"
    ".erd-node rect{fill:var(--color-background-secondary,#f6f6f7);"
    "stroke:var(--color-brand-primary,#2962ff);stroke-width:1.6}"
    ".erd-record rect{stroke-dasharray:6 3}"
    ".erd-node text{font:600 15px var(--font-stack,sans-serif);"
    "fill:var(--color-foreground-primary,#000)}"
    ".erd-where{font:12.5px var(--font-stack--monospace,monospace);"
    "fill:var(--color-foreground-secondary,#555)}"
    ".erd-label-bg{fill:var(--color-background-primary,#fff);opacity:.92}"
    ".erd-label{font:12.5px var(--font-stack--monospace,monospace);"
    "fill:var(--color-foreground-primary,#000)}"
)


# -- Sphinx -----------------------------------------------------------------------------------


def _cell(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


def relationships_table() -> nodes.table:
    """The references as a table: entity, field path, the entity it names and how many."""
    references, records = relationships()
    headers = ("Entity", "Field", "Refers to (how many)")
    # colwidths-auto: the browser sizes the columns to their content, so the table fits.
    table = nodes.table(classes=["entity-references", "colwidths-auto"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in headers)
    group += nodes.thead("", nodes.row("", *(_cell(nodes.Text(h)) for h in headers)))
    body = nodes.tbody()
    group += body
    held = {r.cls: r for r in records}
    for ref in references:
        target = ref.target.__name__
        if ref.target in held:
            target += f" of the same {held[ref.target].holder.__name__.lower()}"
        body += nodes.row(
            "",
            _cell(nodes.Text(ref.source.__name__)),
            _cell(nodes.literal("", ref.path)),
            _cell(nodes.Text(f"{target} ({ref.cardinality})")),
        )
    return table


class EntityDiagram(SphinxDirective):
    """Insert the entity-relationship diagram."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(__file__)  # redrawn when the drawing code changes
        svg = render_svg()
        min_width = re.search(r'data-min-width="(\d+)"', svg)
        assert min_width is not None
        figure = (
            '<div class="entity-diagram-scroll" style="overflow-x:auto">'
            f'<div style="min-width:{min_width.group(1)}px">'
            + svg.replace(' width="', ' data-width="', 1)
            .replace(' height="', ' data-height="', 1)
            .replace("<svg ", '<svg style="width:100%;height:auto" ', 1)
            + "</div></div>"
        )
        return [nodes.raw("", figure, format="html")]


class EntityReferences(SphinxDirective):
    """Insert the table of the references the diagram draws."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(__file__)
        return [relationships_table()]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``entity-diagram`` and ``entity-references`` directives."""
    app.add_directive("entity-diagram", EntityDiagram)
    app.add_directive("entity-references", EntityReferences)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
