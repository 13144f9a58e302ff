"""ngomodel: typed models of NGO cooperation networks, with strict JSON and published schemas."""

from ngomodel._agreements import Agreement, Party
from ngomodel._dataset import SCHEMA_VERSION, Dataset, Entity, ExtensionUse
from ngomodel._figures import ReportedFigure, Share
from ngomodel._json import dumps, from_dict, loads, to_dict
from ngomodel._organizations import Membership, Network, Organization, Scope
from ngomodel._people import Person, Position, Post
from ngomodel._programs import (
    BeneficiaryGroup,
    Budget,
    Description,
    Dimension,
    Disaggregation,
    Indicator,
    IndicatorPeriod,
    IndicatorValue,
    Participant,
    PolicyMarker,
    Program,
    RelatedProgram,
    Result,
    Transaction,
)
from ngomodel._reference import reference_dataset
from ngomodel._scalars import ExtensionData, LocalizedText, PartialDate
from ngomodel._values import (
    Classification,
    ContactDetail,
    CountryShare,
    Document,
    Identifier,
    Link,
    Location,
    Money,
    OrganizationReference,
    OtherName,
    Period,
    Point,
    Region,
    Source,
)
from ngomodel._version import __version__ as __version__  # the redundant alias re-exports it
from ngomodel.errors import Problem, ValidationError
from ngomodel.migration import migrate

__all__ = [
    "Agreement",
    "BeneficiaryGroup",
    "Budget",
    "Classification",
    "ContactDetail",
    "CountryShare",
    "Dataset",
    "Description",
    "Dimension",
    "Disaggregation",
    "Document",
    "Entity",
    "ExtensionData",
    "ExtensionUse",
    "Identifier",
    "Indicator",
    "IndicatorPeriod",
    "IndicatorValue",
    "Link",
    "LocalizedText",
    "Location",
    "Membership",
    "Money",
    "Network",
    "Organization",
    "OrganizationReference",
    "OtherName",
    "PartialDate",
    "Participant",
    "Party",
    "Period",
    "Person",
    "Point",
    "PolicyMarker",
    "Position",
    "Post",
    "Problem",
    "Program",
    "Region",
    "RelatedProgram",
    "ReportedFigure",
    "Result",
    "SCHEMA_VERSION",
    "Scope",
    "Share",
    "Source",
    "Transaction",
    "ValidationError",
    "dumps",
    "from_dict",
    "loads",
    "migrate",
    "reference_dataset",
    "to_dict",
]
