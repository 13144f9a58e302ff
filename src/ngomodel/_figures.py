"""Aggregate figures that sources state without listing the items."""

from __future__ import annotations

from ngomodel._codes import CountryCode, FigureMetricCode, FigureQualifierCode
from ngomodel._model import doc, model
from ngomodel._scalars import (
    Count,
    ExtensionData,
    Fraction,
    Id,
    LocalizedText,
    OrganizationId,
    PartialDate,
    entity_extension_problems,
)
from ngomodel._values import Classification, Period, Source
from ngomodel.inspect import ExactlyOneOf

__all__ = ["ReportedFigure", "Share"]


@model
class Share:
    """The part of a reported figure inside or outside one country ("more than half from abroad").

    It names exactly one country: the one it lies inside or the one it lies outside.
    """

    fraction: Fraction = doc("The share, from 0 to 1.")
    qualifier: FigureQualifierCode = doc(
        'How exact the share is (more_than for "more than half").', default="exact"
    )
    located_in: CountryCode | None = doc("The country the share lies inside.", default=None)
    located_outside: CountryCode | None = doc("The country the share lies outside.", default=None)

    __ngomodel_rules__ = (ExactlyOneOf(("located_in", "located_outside")),)


@model
class ReportedFigure:
    """A count a source states about a subject: "265 members", "11 agreements in 2018"."""

    id: Id = doc("Identifier of the figure, unique in the dataset.")
    subject_id: OrganizationId = doc("Id of the organization or network the figure is about.")
    metric: FigureMetricCode = doc("What is counted.")
    value: Count = doc("The count.")
    qualifier: FigureQualifierCode = doc(
        "How exact the count is (exact, approximately, at least, more than…).", default="exact"
    )
    share: Share | None = doc("The part of the count inside or outside a country.", default=None)
    as_of: PartialDate | None = doc("The date the count holds at.", default=None)
    period: Period | None = doc("The period the count covers.", default=None)
    country: CountryCode | None = doc(
        "The country the counted things are in or with.", default=None
    )
    sectors: tuple[Classification, ...] = doc("The sectors the counted things are in.", default=())
    description: LocalizedText | None = doc("What exactly is counted, in words.", default=None)
    sources: tuple[Source, ...] = doc("Where the figure comes from.", default=())
    extensions: ExtensionData = doc(
        "Data of the extensions the dataset declares, by extension name.",
        default=ExtensionData(),
    )

    # Its extension data, checked against the registered extensions.
    __ngomodel_check__ = staticmethod(entity_extension_problems)
