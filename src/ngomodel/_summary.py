"""A readable summary of a dataset, as ``ngomodel demo`` prints it."""

from __future__ import annotations

from ngomodel import codelists
from ngomodel._dataset import Dataset
from ngomodel._figures import ReportedFigure
from ngomodel._programs import Program
from ngomodel._scalars import LocalizedText
from ngomodel._values import Period, Source

__all__ = ["summarize"]

_QUALIFIER_WORDS = {
    "exact": "",
    "approximately": "about ",
    "at_least": "at least ",
    "more_than": "more than ",
    "at_most": "at most ",
    "less_than": "fewer than ",
}


def _text(text: LocalizedText | None, fallback: str = "(untitled)") -> str:
    return fallback if text is None else text.text("en")


def _period(period: Period | None) -> str:
    if period is None:
        return ""
    if period.start == period.end and period.start is not None:
        return f" in {period.start}"
    return f" from {period.start or '?'} to {period.end or '?'}"


def _figure(figure: ReportedFigure) -> str:
    metric = codelists.get("figure_metric").name_of(figure.metric).lower()
    text = f"{_QUALIFIER_WORDS[figure.qualifier]}{figure.value} ({metric})"
    if figure.country is not None:
        text += f", {codelists.get('country').name_of(figure.country)}"
    text += _period(figure.period)
    if figure.as_of is not None:
        text += f", as of {figure.as_of}"
    if figure.share is not None:
        share = figure.share
        country = codelists.get("country")
        where = (
            f"outside {country.name_of(share.located_outside)}"
            if share.located_outside is not None
            else f"in {country.name_of(share.located_in or '')}"
        )
        text += f"; {_QUALIFIER_WORDS[share.qualifier]}{share.fraction:.0%} of them {where}"
    return text


def _program_title(program: Program) -> str:
    if program.title is not None:
        return " / ".join(program.title.values())
    # An untitled program is named by its general description (type 1), else by its first,
    # else by the deprecated untyped one.
    texts = sorted(program.descriptions, key=lambda d: d.type != "1")
    return _text(texts[0].text if texts else program.description)


def _targets(program: Program) -> list[str]:
    out = []
    for result in program.results:
        for indicator in result.indicators:
            for period in indicator.periods:
                if period.target is not None and period.target.value is not None:
                    unit = f" {indicator.unit}" if indicator.unit else ""
                    out.append(f"target: {period.target.value:g}{unit} ({_text(indicator.title)})")
    return out


def _where(program: Program) -> str:
    places = [codelists.get("country").name_of(c.country) for c in program.recipient_countries]
    for region in program.recipient_regions:
        name = "region" if region.vocabulary == "1" else "m49_region"
        places.append(codelists.get(name).name_of(region.code))
    return ", ".join(places) or "countries not stated"


def _source(source: Source) -> str:
    parts = [source.publisher, f'"{source.title}"', source.author, str(source.date or "")]
    return ", ".join(p for p in parts if p)


def summarize(dataset: Dataset) -> str:
    """Return a plain-text summary of a dataset for people to read.

    Args:
        dataset: The dataset.

    Returns:
        Several lines of text: networks with their reported and listed members
        and officials, agreements, programs with their targets, and sources.
    """
    lines: list[str] = [_text(dataset.title, "Dataset"), ""]
    for network in dataset.networks:
        founded = f" (founded {network.founding_date})" if network.founding_date else ""
        lines.append(f"Network: {_text(network.name)}{founded}")
        for figure in dataset.figures_about(network.id):
            lines.append(f"  reported: {_figure(figure)}")
        members = dataset.members_of(network.id)
        if members:
            listed = ", ".join(_text(m.name) for m in members)
            lines.append(f"  listed members ({len(members)}): {listed}")
        for person, position in dataset.officials_of(network.id):
            lines.append(f"  official: {_text(person.name)}, {_text(position.title)}")
        lines.append("")
    lines.append(f"Agreements ({len(dataset.agreements)}):")
    for agreement in dataset.agreements:
        signed = f", signed {agreement.date_signed}" if agreement.date_signed else ""
        parties = "; ".join(
            _text(p.name) if p.name else _text(p.description, p.organization_id or "?")
            for p in agreement.parties
        )
        lines.append(f"  {agreement.id}{signed}: {parties}")
    lines.append("")
    lines.append(f"Programs ({len(dataset.programs)}):")
    for program in dataset.programs:
        lines.append(f"  {_program_title(program)} [{_where(program)}]")
        takers = [
            _text(dataset.organization(p.organization_id).name)
            for p in program.participants
            if p.organization_id is not None
        ]
        if takers:
            lines.append(f"    with: {', '.join(takers)}")
        lines.extend(f"    {target}" for target in _targets(program))
    cited = {_source(s) for entity in dataset.entities() for s in getattr(entity, "sources", ())}
    lines.append("")
    lines.append("Sources:")
    lines.extend(f"  {source}" for source in sorted(cited))
    lines.extend(_provenance(dataset))
    return "\n".join(lines)


def _provenance(dataset: Dataset) -> list[str]:
    """Which values the sources report, and which an editor inferred or estimated."""
    found: dict[str, list[str]] = {"inferred": [], "estimated": []}
    reported = 0
    for entity in dataset.entities():
        for source in getattr(entity, "sources", ()):
            if source.basis in found:
                fields = ", ".join(source.fields) or "all of it"
                found[source.basis].append(f"  {entity.id}: {fields}")
            elif source.basis == "reported":
                reported += 1
    if not reported and not any(found.values()):
        return []
    lines = ["", f"Reported: every value but those below ({reported} source citations)."]
    for basis, listed in found.items():
        if listed:
            lines.append(f"{basis.capitalize()} by the editors, not stated by a source:")
            lines.extend(listed)
    return lines
