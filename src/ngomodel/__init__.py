"""ngomodel: typed models of NGO cooperation networks, with strict JSON and published schemas."""

from ngomodel._agreements import Agreement, Party
from ngomodel._dataset import SCHEMA_VERSION, Dataset, Entity
from ngomodel._figures import ReportedFigure, Share
from ngomodel._json import dumps, from_dict, loads, to_dict
from ngomodel._organizations import Membership, Network, Organization, Scope
from ngomodel._people import Person, Position
from ngomodel._programs import (
    BeneficiaryGroup,
    Budget,
    Disaggregation,
    Indicator,
    IndicatorPeriod,
    IndicatorValue,
    Participant,
    Program,
    Result,
)
from ngomodel._reference import reference_dataset
from ngomodel._scalars import LocalizedText, PartialDate
from ngomodel._values import (
    Classification,
    ContactDetail,
    CountryShare,
    Identifier,
    Link,
    Location,
    Money,
    OtherName,
    Period,
    Point,
    Region,
    Source,
)
from ngomodel.errors import Problem, ValidationError

__all__ = [
    "Agreement",
    "BeneficiaryGroup",
    "Budget",
    "Classification",
    "ContactDetail",
    "CountryShare",
    "Dataset",
    "Disaggregation",
    "Entity",
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
    "OtherName",
    "PartialDate",
    "Participant",
    "Party",
    "Period",
    "Person",
    "Point",
    "Position",
    "Problem",
    "Program",
    "Region",
    "ReportedFigure",
    "Result",
    "SCHEMA_VERSION",
    "Scope",
    "Share",
    "Source",
    "ValidationError",
    "dumps",
    "from_dict",
    "loads",
    "reference_dataset",
    "to_dict",
]
