"""ngomodel's models written again with pydantic v2 and with msgspec, for side-by-side benchmarks.

The peer models cover ``Program`` (with everything it nests), ``Organization`` and
``Dataset`` (with every collection, hence every entity and value type), and they
are meant to accept exactly the payloads ngomodel accepts:

* unknown keys are forbidden at every depth (pydantic ``extra="forbid"``, msgspec
  ``forbid_unknown_fields=True``);
* no coercion (pydantic ``strict=True``, msgspec's default strict mode): a string is
  only a JSON string, a boolean only ``true``/``false``, a number never a boolean;
* integer fields (``Count``) take a JSON integer or a float with no fractional part
  (``265.0`` becomes ``265``), as ngomodel's loader does; number fields take any
  finite int or float;
* the string rules are the ``regex`` strings of ``ngomodel._scalars`` (``ID``,
  ``TEXT``, ``LANGUAGE_TAG``, ``DATE``, ``URL``, ``AMOUNT``), searched, as JSON
  Schema's ``pattern`` is: pydantic runs them in compiled code with its default Rust
  ``regex`` engine (the patterns are portable, so it takes them as they are), msgspec's
  ``Meta(pattern=...)`` always runs Python's ``re``; an anchored one ends in ``$``
  (Rust) or ``\\Z`` (Python) instead of its portable ``\\n*$``, so that, like the
  pattern with the schema's ``not`` beside it, it refuses a line feed;
* codes are ``Literal`` types built from :func:`ngomodel.codelists.get`;
* numeric bounds, minimum lengths (agreement parties >= 2, result indicators >= 1,
  localized text >= 1 entry) as in the ngomodel annotations;
* optional values are omitted, never null: pydantic fields are typed without
  ``None`` and default to ``None`` (defaults are not validated, so an absent key
  gives ``None`` while an explicit ``null`` fails the type); msgspec fields default
  to ``UNSET``, which the decoder never produces from ``null``;
* the class rules (at least one of, exactly one of, the sector/region code that a
  vocabulary selects) run in a pydantic ``model_validator(mode="after")`` and in a
  msgspec ``__post_init__``;
* on output, fields equal to their default (absent optionals, empty lists, default
  codes such as vocabulary ``"1"``) are left out, as ``ngomodel.dumps`` leaves them
  out: pydantic dumps with ``exclude_defaults=True``, msgspec structs use
  ``omit_defaults=True``;
* objects are immutable (``frozen``), as ngomodel's attrs classes are.

Differences
-----------
What remains different, and why; none of it is exercised by the valid payloads
of ``payloads.py``, and the agreement pre-check of ``run.py`` shows every library
giving the same verdict on every valid payload and invalid variant.

1. **Partial dates** are kept as pattern-checked ``str`` by both peers; ngomodel
   parses them into :class:`ngomodel.PartialDate` objects (year, month, day). The set
   of accepted strings is identical (same ``DATE`` pattern); ngomodel does more work.
2. **Localized texts** are plain ``dict`` in both peers; ngomodel wraps the checked
   dict in an immutable :class:`ngomodel.LocalizedText`.
3. **Duplicate keys**: ngomodel rejects a JSON object with a repeated key; pydantic
   and msgspec (and the JSON Schema validators, which only see the parsed dict) keep
   the last value. Not expressible in either peer without a second parse.
4. **Text that is not valid Unicode**: a JSON string holding an escaped lone surrogate
   (``"\\ud800"``) is rejected by all three loaders (ngomodel says
   ``invalid_encoding`` at the string). It is left out of the pre-check because the
   schema validators, given the parsed dict, disagree: python-jsonschema and
   ``ngomodel.schema.validate`` accept the string, jsonschema-rs raises
   ``UnicodeEncodeError``. (Byte-order marks, invalid UTF-8, ``NaN`` and numbers
   beyond a 64-bit float are rejected by all three; arbitrarily large JSON integers in
   a ``Count`` are accepted by all three.)
5. **Numbers in number fields** (``percentage``, ``latitude``, indicator ``value``...):
   ngomodel keeps a JSON integer as ``int`` (``200`` dumps as ``200``, and an integer
   beyond 2**53 keeps every digit); pydantic and msgspec convert it to ``float``
   (``200`` dumps as ``200.0``; ``10**30`` becomes ``1e+30``). Same verdicts; values
   equal as numbers up to float precision.
6. **Whole floats in integer fields**: pydantic takes ``int | float`` natively and
   only a JSON float reaches a Python ``AfterValidator`` that makes a whole one an
   ``int`` (an integer, the usual case, costs no Python call); msgspec decodes
   ``int | float`` and turns a whole float into ``int`` in ``__post_init__``
   (msgspec's ``int`` rejects ``265.0`` in strict mode and its lax mode would also
   accept ``"265"``).
7. **Money amounts**: pydantic checks the ``AMOUNT`` pattern on the string and
   converts it to ``Decimal`` (``AfterValidator``), dumping with ``format(d, "f")`` as
   ngomodel does. msgspec's ``Decimal`` type would also accept JSON numbers, ``"1e5"``
   and ``"-1"``, so its field is a pattern-checked ``str`` converted to ``Decimal`` in
   ``__post_init__``; msgspec then encodes a ``Decimal`` with ``str()``, which writes
   very small amounts in exponent form (``"0.0000001"`` dumps as ``"1E-7"`` and
   ``"0.0000000"`` as ``"0E-7"``, which the ``AMOUNT`` pattern rejects on the way back).
   Every amount of 0.000001 or more, and zero with at most 6 decimals, dumps as
   ngomodel dumps it; so do all amounts of the benchmark payloads.
8. **Error reports**: only verdicts are compared. ngomodel collects every problem
   with a JSON Pointer path and a stable code; pydantic collects every error with its
   own locations; msgspec stops at the first error.
9. **Class rules run when**: ngomodel runs class rules only when the object's fields
   are valid, pydantic's ``after`` validators likewise; msgspec's ``__post_init__``
   runs once every field has decoded. Verdicts are the same.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec
import pydantic
from msgspec import UNSET, Meta, UnsetType
from msgspec.structs import force_setattr
from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    model_validator,
)

from ngomodel import codelists
from ngomodel._constraints import END, Pattern
from ngomodel._scalars import AMOUNT, DATE, ID, LANGUAGE_TAG, TEXT, URL

__all__ = ["MSGSPEC", "PYDANTIC", "codes_of"]


def codes_of(name: str) -> tuple[str, ...]:
    """Return the codes of an ngomodel codelist, in the list's order."""
    return tuple(code.code for code in codelists.get(name))


def _code(name: str) -> Any:
    """``Literal[...]`` of every code of a codelist."""
    return Literal.__getitem__(codes_of(name))


# The class rules, shared by both peers: plain data, no library involved.
_SECTOR_CODES = {"1": frozenset(codes_of("sector")), "2": frozenset(codes_of("sector_category"))}
_REGION_CODES = {"1": frozenset(codes_of("region")), "2": frozenset(codes_of("m49_region"))}

ActivityStatus = _code("activity_status")
AgeBand = _code("age_band")
AgreementType = _code("agreement_type")
BeneficiaryCategory = _code("beneficiary_category")
BudgetStatus = _code("budget_status")
BudgetType = _code("budget_type")
ContactType = _code("contact_type")
Country = _code("country")
Currency = _code("currency")
DescriptionType = _code("description_type")
FigureMetric = _code("figure_metric")
FigureQualifier = _code("figure_qualifier")
GeographicExactness = _code("geographic_exactness")
IndicatorMeasure = _code("indicator_measure")
LinkType = _code("link_type")
LocationType = _code("location_type")
MembershipRole = _code("membership_role")
OrganisationRole = _code("organisation_role")
OrganisationType = _code("organisation_type")
OtherNameType = _code("other_name_type")
PartyRole = _code("party_role")
PopulationStatus = _code("population_status")
PositionRole = _code("position_role")
RegionVocabulary = _code("region_vocabulary")
ResultType = _code("result_type")
SectorVocabulary = _code("sector_vocabulary")
Sex = _code("sex")


def _one_of_given(obj: Any, names: tuple[str, ...], absent: Any) -> int:
    # An empty list is no value, as ngomodel's class rules count it.
    return sum(getattr(obj, name) not in (absent, ()) for name in names)


# ======================================================================================
# pydantic v2
# ======================================================================================


def _whole_float(value: float) -> int:
    """Let a JSON float without a fractional part stand for an integer, as ngomodel does."""
    if not value.is_integer():
        raise ValueError(f"expected an integer, got {value!r}")
    return int(value)


def _python_regex(pattern: Pattern) -> str:
    """One Python regex for the type: its pattern, and no line feed unless it allows one.

    The anchored patterns take trailing line feeds (``END``), which their types refuse;
    ``\\Z`` ends them at the very end of the string instead, and nothing else in them
    matches a line feed.
    """
    if pattern.line_feeds:
        return pattern.regex
    assert pattern.regex.endswith(END)
    return pattern.regex.removesuffix(END) + r"\Z"


def _rust_regex(pattern: Pattern) -> str:
    """The same expression for the Rust ``regex`` crate, which pydantic-core runs natively.

    The patterns are portable (no look-around, no ``\\s``), so the crate compiles them
    as they are; only the end differs: the crate's ``$`` (without the ``m`` flag) matches
    at the very end of the text only, as Python's ``\\Z`` does.
    """
    if pattern.line_feeds:
        return pattern.regex
    assert pattern.regex.endswith(END)
    return pattern.regex.removesuffix(END) + "$"


def _pattern(pattern: Pattern) -> Any:
    return StringConstraints(pattern=_rust_regex(pattern))


PdId = Annotated[str, _pattern(ID)]
PdText = Annotated[str, _pattern(TEXT)]
PdLanguageTag = Annotated[str, _pattern(LANGUAGE_TAG)]
PdDate = Annotated[str, _pattern(DATE)]
PdUrl = Annotated[str, _pattern(URL)]
PdAmount = Annotated[
    str,
    _pattern(AMOUNT),
    AfterValidator(Decimal),
    PlainSerializer(lambda amount: format(amount, "f"), return_type=str),
]
PdLocalizedText = Annotated[dict[PdLanguageTag, PdText], Field(min_length=1)]
#: An integer is checked natively (strict ``int``, smart union: an int never reaches the
#: float branch); only a JSON float costs a Python call, which makes a whole one an int.
PdCount = Annotated[int, Field(ge=0)] | Annotated[float, Field(ge=0), AfterValidator(_whole_float)]
PdPercentage = Annotated[float, Field(ge=0, le=100)]
PdFraction = Annotated[float, Field(ge=0, le=1)]


class PdModel(pydantic.BaseModel):
    """Base of the pydantic peers: strict, closed, immutable, patterns run by the Rust engine."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        regex_engine="rust-regex",
        allow_inf_nan=False,
    )


def _pd_at_least_one(obj: Any, names: tuple[str, ...]) -> None:
    if _one_of_given(obj, names, None) == 0:
        raise ValueError(f"at least one of {', '.join(names)} is required")


class PdPeriod(PdModel):
    start: PdDate = None
    end: PdDate = None

    @model_validator(mode="after")
    def _rules(self) -> PdPeriod:
        _pd_at_least_one(self, ("start", "end"))
        return self


class PdMoney(PdModel):
    amount: PdAmount
    currency: Currency


class PdIdentifier(PdModel):
    scheme: PdId
    identifier: PdText


class PdOtherName(PdModel):
    name: PdText
    type: OtherNameType = None
    language: PdLanguageTag = None


class PdContactDetail(PdModel):
    type: ContactType
    value: PdText
    label: PdText = None


class PdLink(PdModel):
    url: PdUrl
    type: LinkType = None
    title: PdText = None


class PdSource(PdModel):
    title: PdText
    publisher: PdText = None
    author: PdText = None
    date: PdDate = None
    url: PdUrl = None
    language: PdLanguageTag = None


class PdClassification(PdModel):
    vocabulary: SectorVocabulary = "1"
    code: PdId
    percentage: PdPercentage = None

    @model_validator(mode="after")
    def _rules(self) -> PdClassification:
        allowed = _SECTOR_CODES.get(self.vocabulary)
        if allowed is not None and self.code not in allowed:
            raise ValueError(f"{self.code!r} is not a code of vocabulary {self.vocabulary}")
        return self


class PdRegion(PdModel):
    vocabulary: RegionVocabulary = "1"
    code: PdId
    percentage: PdPercentage = None

    @model_validator(mode="after")
    def _rules(self) -> PdRegion:
        allowed = _REGION_CODES.get(self.vocabulary)
        if allowed is not None and self.code not in allowed:
            raise ValueError(f"{self.code!r} is not a code of vocabulary {self.vocabulary}")
        return self


class PdCountryShare(PdModel):
    country: Country
    percentage: PdPercentage = None


class PdPoint(PdModel):
    latitude: Annotated[float, Field(ge=-90, le=90)]
    longitude: Annotated[float, Field(ge=-180, le=180)]


class PdLocation(PdModel):
    id: PdId
    name: PdLocalizedText = None
    country: Country = None
    admin_areas: tuple[PdText, ...] = ()
    point: PdPoint = None
    feature_type: LocationType = None
    exactness: GeographicExactness = None
    description: PdLocalizedText = None


class PdParticipant(PdModel):
    organization_id: PdId = None
    name: PdLocalizedText = None
    description: PdLocalizedText = None
    country: Country = None
    organization_type: OrganisationType = None
    role: OrganisationRole = None

    @model_validator(mode="after")
    def _rules(self) -> PdParticipant:
        _pd_at_least_one(self, ("organization_id", "name", "description"))
        return self


class PdBeneficiaryGroup(PdModel):
    label: PdLocalizedText
    categories: tuple[BeneficiaryCategory, ...] = ()
    sex: Sex = None
    age_min: PdCount = None
    age_max: PdCount = None
    planned_count: PdCount = None
    reached_count: PdCount = None
    location_ids: tuple[PdId, ...] = ()


class PdDisaggregation(PdModel):
    value: float
    sex: Sex = None
    age_band: AgeBand = None
    population_status: PopulationStatus = None

    @model_validator(mode="after")
    def _rules(self) -> PdDisaggregation:
        _pd_at_least_one(self, ("sex", "age_band", "population_status"))
        return self


class PdIndicatorValue(PdModel):
    value: float = None
    qualifier: FigureQualifier = "exact"
    comment: PdLocalizedText = None
    location_ids: tuple[PdId, ...] = ()
    disaggregations: tuple[PdDisaggregation, ...] = ()

    @model_validator(mode="after")
    def _rules(self) -> PdIndicatorValue:
        _pd_at_least_one(self, ("value", "comment"))
        return self


class PdIndicatorPeriod(PdModel):
    period: PdPeriod = None
    target: PdIndicatorValue = None
    actual: PdIndicatorValue = None

    @model_validator(mode="after")
    def _rules(self) -> PdIndicatorPeriod:
        _pd_at_least_one(self, ("target", "actual"))
        return self


class PdIndicator(PdModel):
    title: PdLocalizedText
    measure: IndicatorMeasure
    unit: PdText = None
    ascending: bool = None
    baseline: PdIndicatorValue = None
    baseline_date: PdDate = None
    periods: tuple[PdIndicatorPeriod, ...] = ()


class PdResult(PdModel):
    type: ResultType
    title: PdLocalizedText
    indicators: Annotated[tuple[PdIndicator, ...], Field(min_length=1)]
    description: PdLocalizedText = None


class PdDescription(PdModel):
    type: DescriptionType
    text: PdLocalizedText


class PdBudget(PdModel):
    value: PdMoney
    type: BudgetType = None
    status: BudgetStatus = None
    period: PdPeriod = None


class PdProgram(PdModel):
    id: PdId
    title: PdLocalizedText = None
    description: PdLocalizedText = None
    status: ActivityStatus = None
    planned_start: PdDate = None
    actual_start: PdDate = None
    planned_end: PdDate = None
    actual_end: PdDate = None
    participants: tuple[PdParticipant, ...] = ()
    recipient_countries: tuple[PdCountryShare, ...] = ()
    recipient_regions: tuple[PdRegion, ...] = ()
    locations: tuple[PdLocation, ...] = ()
    sectors: tuple[PdClassification, ...] = ()
    beneficiary_groups: tuple[PdBeneficiaryGroup, ...] = ()
    results: tuple[PdResult, ...] = ()
    budgets: tuple[PdBudget, ...] = ()
    agreement_ids: tuple[PdId, ...] = ()
    sources: tuple[PdSource, ...] = ()
    descriptions: tuple[PdDescription, ...] = ()

    @model_validator(mode="after")
    def _rules(self) -> PdProgram:
        _pd_at_least_one(self, ("title", "description", "descriptions"))
        return self


class PdOrganization(PdModel):
    id: PdId
    name: PdLocalizedText
    other_names: tuple[PdOtherName, ...] = ()
    organization_type: OrganisationType = None
    country: Country = None
    founding_date: PdDate = None
    dissolution_date: PdDate = None
    identifiers: tuple[PdIdentifier, ...] = ()
    sectors: tuple[PdClassification, ...] = ()
    description: PdLocalizedText = None
    contact_details: tuple[PdContactDetail, ...] = ()
    links: tuple[PdLink, ...] = ()
    sources: tuple[PdSource, ...] = ()


class PdScope(PdModel):
    countries: tuple[Country, ...] = ()
    regions: tuple[PdRegion, ...] = ()


class PdNetwork(PdOrganization):
    scope: PdScope = None
    focus: tuple[PdClassification, ...] = ()
    purpose: PdLocalizedText = None


class PdMembership(PdModel):
    id: PdId
    member_id: PdId
    network_id: PdId
    role: MembershipRole = "member"
    start_date: PdDate = None
    end_date: PdDate = None
    sources: tuple[PdSource, ...] = ()


class PdPerson(PdModel):
    id: PdId
    name: PdLocalizedText
    other_names: tuple[PdOtherName, ...] = ()
    identifiers: tuple[PdIdentifier, ...] = ()
    sources: tuple[PdSource, ...] = ()


class PdPosition(PdModel):
    id: PdId
    person_id: PdId
    organization_id: PdId
    title: PdLocalizedText
    role: PositionRole = None
    start_date: PdDate = None
    end_date: PdDate = None
    sources: tuple[PdSource, ...] = ()


class PdParty(PdModel):
    organization_id: PdId = None
    name: PdLocalizedText = None
    description: PdLocalizedText = None
    country: Country = None
    organization_type: OrganisationType = None
    role: PartyRole = None

    @model_validator(mode="after")
    def _rules(self) -> PdParty:
        _pd_at_least_one(self, ("organization_id", "name", "description"))
        return self


class PdAgreement(PdModel):
    id: PdId
    parties: Annotated[tuple[PdParty, ...], Field(min_length=2)]
    title: PdLocalizedText = None
    agreement_type: AgreementType = None
    date_signed: PdDate = None
    period: PdPeriod = None
    program_ids: tuple[PdId, ...] = ()
    network_id: PdId = None
    description: PdLocalizedText = None
    documents: tuple[PdLink, ...] = ()
    sources: tuple[PdSource, ...] = ()


class PdShare(PdModel):
    fraction: PdFraction
    qualifier: FigureQualifier = "exact"
    located_in: Country = None
    located_outside: Country = None

    @model_validator(mode="after")
    def _rules(self) -> PdShare:
        if _one_of_given(self, ("located_in", "located_outside"), None) != 1:
            raise ValueError("exactly one of located_in, located_outside is required")
        return self


class PdReportedFigure(PdModel):
    id: PdId
    subject_id: PdId
    metric: FigureMetric
    value: PdCount
    qualifier: FigureQualifier = "exact"
    share: PdShare = None
    as_of: PdDate = None
    period: PdPeriod = None
    country: Country = None
    sectors: tuple[PdClassification, ...] = ()
    description: PdLocalizedText = None
    sources: tuple[PdSource, ...] = ()


class PdDataset(PdModel):
    schema_version: Literal["1.1"]
    title: PdLocalizedText = None
    publisher: PdText = None
    created: PdDate = None
    modified: PdDate = None
    default_language: PdLanguageTag = None
    license: PdUrl = None
    organizations: tuple[PdOrganization, ...] = ()
    networks: tuple[PdNetwork, ...] = ()
    memberships: tuple[PdMembership, ...] = ()
    persons: tuple[PdPerson, ...] = ()
    positions: tuple[PdPosition, ...] = ()
    agreements: tuple[PdAgreement, ...] = ()
    programs: tuple[PdProgram, ...] = ()
    figures: tuple[PdReportedFigure, ...] = ()


#: Schema name -> pydantic peer class.
PYDANTIC: dict[str, type[PdModel]] = {
    "program": PdProgram,
    "organization": PdOrganization,
    "dataset": PdDataset,
}


# ======================================================================================
# msgspec
# ======================================================================================

MsId = Annotated[str, Meta(pattern=_python_regex(ID))]
MsText = Annotated[str, Meta(pattern=_python_regex(TEXT))]
MsLanguageTag = Annotated[str, Meta(pattern=_python_regex(LANGUAGE_TAG))]
MsDate = Annotated[str, Meta(pattern=_python_regex(DATE))]
MsUrl = Annotated[str, Meta(pattern=_python_regex(URL))]
#: Checked as a string, turned into a Decimal by the owning struct (see Differences 7).
MsAmount = Annotated[str, Meta(pattern=_python_regex(AMOUNT))]
MsLocalizedText = Annotated[dict[MsLanguageTag, MsText], Meta(min_length=1)]
#: A whole float is accepted and turned into an int by the owning struct (Differences 6).
MsCount = Annotated[int, Meta(ge=0)] | Annotated[float, Meta(ge=0)]
MsPercentage = Annotated[float, Meta(ge=0, le=100)]
MsFraction = Annotated[float, Meta(ge=0, le=1)]


class MsModel(
    msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True
):
    """Base of the msgspec peers: closed, immutable, defaults omitted on output."""


def _ms_at_least_one(obj: Any, names: tuple[str, ...]) -> None:
    if _one_of_given(obj, names, UNSET) == 0:
        raise ValueError(f"at least one of {', '.join(names)} is required")


def _ms_whole(obj: Any, names: tuple[str, ...]) -> None:
    for name in names:
        value = getattr(obj, name)
        if type(value) is float:
            if not value.is_integer():
                raise ValueError(f"{name}: expected an integer, got {value!r}")
            force_setattr(obj, name, int(value))


class MsPeriod(MsModel):
    start: MsDate | UnsetType = UNSET
    end: MsDate | UnsetType = UNSET

    def __post_init__(self) -> None:
        _ms_at_least_one(self, ("start", "end"))


class MsMoney(MsModel):
    amount: MsAmount
    currency: Currency

    def __post_init__(self) -> None:
        force_setattr(self, "amount", Decimal(self.amount))


class MsIdentifier(MsModel):
    scheme: MsId
    identifier: MsText


class MsOtherName(MsModel):
    name: MsText
    type: OtherNameType | UnsetType = UNSET
    language: MsLanguageTag | UnsetType = UNSET


class MsContactDetail(MsModel):
    type: ContactType
    value: MsText
    label: MsText | UnsetType = UNSET


class MsLink(MsModel):
    url: MsUrl
    type: LinkType | UnsetType = UNSET
    title: MsText | UnsetType = UNSET


class MsSource(MsModel):
    title: MsText
    publisher: MsText | UnsetType = UNSET
    author: MsText | UnsetType = UNSET
    date: MsDate | UnsetType = UNSET
    url: MsUrl | UnsetType = UNSET
    language: MsLanguageTag | UnsetType = UNSET


class MsClassification(MsModel, kw_only=True):
    vocabulary: SectorVocabulary = "1"
    code: MsId
    percentage: MsPercentage | UnsetType = UNSET

    def __post_init__(self) -> None:
        allowed = _SECTOR_CODES.get(self.vocabulary)
        if allowed is not None and self.code not in allowed:
            raise ValueError(f"{self.code!r} is not a code of vocabulary {self.vocabulary}")


class MsRegion(MsModel, kw_only=True):
    vocabulary: RegionVocabulary = "1"
    code: MsId
    percentage: MsPercentage | UnsetType = UNSET

    def __post_init__(self) -> None:
        allowed = _REGION_CODES.get(self.vocabulary)
        if allowed is not None and self.code not in allowed:
            raise ValueError(f"{self.code!r} is not a code of vocabulary {self.vocabulary}")


class MsCountryShare(MsModel):
    country: Country
    percentage: MsPercentage | UnsetType = UNSET


class MsPoint(MsModel):
    latitude: Annotated[float, Meta(ge=-90, le=90)]
    longitude: Annotated[float, Meta(ge=-180, le=180)]


class MsLocation(MsModel):
    id: MsId
    name: MsLocalizedText | UnsetType = UNSET
    country: Country | UnsetType = UNSET
    admin_areas: tuple[MsText, ...] = ()
    point: MsPoint | UnsetType = UNSET
    feature_type: LocationType | UnsetType = UNSET
    exactness: GeographicExactness | UnsetType = UNSET
    description: MsLocalizedText | UnsetType = UNSET


class MsParticipant(MsModel):
    organization_id: MsId | UnsetType = UNSET
    name: MsLocalizedText | UnsetType = UNSET
    description: MsLocalizedText | UnsetType = UNSET
    country: Country | UnsetType = UNSET
    organization_type: OrganisationType | UnsetType = UNSET
    role: OrganisationRole | UnsetType = UNSET

    def __post_init__(self) -> None:
        _ms_at_least_one(self, ("organization_id", "name", "description"))


class MsBeneficiaryGroup(MsModel):
    label: MsLocalizedText
    categories: tuple[BeneficiaryCategory, ...] = ()
    sex: Sex | UnsetType = UNSET
    age_min: MsCount | UnsetType = UNSET
    age_max: MsCount | UnsetType = UNSET
    planned_count: MsCount | UnsetType = UNSET
    reached_count: MsCount | UnsetType = UNSET
    location_ids: tuple[MsId, ...] = ()

    def __post_init__(self) -> None:
        _ms_whole(self, ("age_min", "age_max", "planned_count", "reached_count"))


class MsDisaggregation(MsModel):
    value: float
    sex: Sex | UnsetType = UNSET
    age_band: AgeBand | UnsetType = UNSET
    population_status: PopulationStatus | UnsetType = UNSET

    def __post_init__(self) -> None:
        _ms_at_least_one(self, ("sex", "age_band", "population_status"))


class MsIndicatorValue(MsModel):
    value: float | UnsetType = UNSET
    qualifier: FigureQualifier = "exact"
    comment: MsLocalizedText | UnsetType = UNSET
    location_ids: tuple[MsId, ...] = ()
    disaggregations: tuple[MsDisaggregation, ...] = ()

    def __post_init__(self) -> None:
        _ms_at_least_one(self, ("value", "comment"))


class MsIndicatorPeriod(MsModel):
    period: MsPeriod | UnsetType = UNSET
    target: MsIndicatorValue | UnsetType = UNSET
    actual: MsIndicatorValue | UnsetType = UNSET

    def __post_init__(self) -> None:
        _ms_at_least_one(self, ("target", "actual"))


class MsIndicator(MsModel):
    title: MsLocalizedText
    measure: IndicatorMeasure
    unit: MsText | UnsetType = UNSET
    ascending: bool | UnsetType = UNSET
    baseline: MsIndicatorValue | UnsetType = UNSET
    baseline_date: MsDate | UnsetType = UNSET
    periods: tuple[MsIndicatorPeriod, ...] = ()


class MsResult(MsModel):
    type: ResultType
    title: MsLocalizedText
    indicators: Annotated[tuple[MsIndicator, ...], Meta(min_length=1)]
    description: MsLocalizedText | UnsetType = UNSET


class MsDescription(MsModel):
    type: DescriptionType
    text: MsLocalizedText


class MsBudget(MsModel):
    value: MsMoney
    type: BudgetType | UnsetType = UNSET
    status: BudgetStatus | UnsetType = UNSET
    period: MsPeriod | UnsetType = UNSET


class MsProgram(MsModel):
    id: MsId
    title: MsLocalizedText | UnsetType = UNSET
    description: MsLocalizedText | UnsetType = UNSET
    status: ActivityStatus | UnsetType = UNSET
    planned_start: MsDate | UnsetType = UNSET
    actual_start: MsDate | UnsetType = UNSET
    planned_end: MsDate | UnsetType = UNSET
    actual_end: MsDate | UnsetType = UNSET
    participants: tuple[MsParticipant, ...] = ()
    recipient_countries: tuple[MsCountryShare, ...] = ()
    recipient_regions: tuple[MsRegion, ...] = ()
    locations: tuple[MsLocation, ...] = ()
    sectors: tuple[MsClassification, ...] = ()
    beneficiary_groups: tuple[MsBeneficiaryGroup, ...] = ()
    results: tuple[MsResult, ...] = ()
    budgets: tuple[MsBudget, ...] = ()
    agreement_ids: tuple[MsId, ...] = ()
    sources: tuple[MsSource, ...] = ()
    descriptions: tuple[MsDescription, ...] = ()

    def __post_init__(self) -> None:
        _ms_at_least_one(self, ("title", "description", "descriptions"))


class MsOrganization(MsModel):
    id: MsId
    name: MsLocalizedText
    other_names: tuple[MsOtherName, ...] = ()
    organization_type: OrganisationType | UnsetType = UNSET
    country: Country | UnsetType = UNSET
    founding_date: MsDate | UnsetType = UNSET
    dissolution_date: MsDate | UnsetType = UNSET
    identifiers: tuple[MsIdentifier, ...] = ()
    sectors: tuple[MsClassification, ...] = ()
    description: MsLocalizedText | UnsetType = UNSET
    contact_details: tuple[MsContactDetail, ...] = ()
    links: tuple[MsLink, ...] = ()
    sources: tuple[MsSource, ...] = ()


class MsScope(MsModel):
    countries: tuple[Country, ...] = ()
    regions: tuple[MsRegion, ...] = ()


class MsNetwork(MsOrganization):
    scope: MsScope | UnsetType = UNSET
    focus: tuple[MsClassification, ...] = ()
    purpose: MsLocalizedText | UnsetType = UNSET


class MsMembership(MsModel):
    id: MsId
    member_id: MsId
    network_id: MsId
    role: MembershipRole = "member"
    start_date: MsDate | UnsetType = UNSET
    end_date: MsDate | UnsetType = UNSET
    sources: tuple[MsSource, ...] = ()


class MsPerson(MsModel):
    id: MsId
    name: MsLocalizedText
    other_names: tuple[MsOtherName, ...] = ()
    identifiers: tuple[MsIdentifier, ...] = ()
    sources: tuple[MsSource, ...] = ()


class MsPosition(MsModel):
    id: MsId
    person_id: MsId
    organization_id: MsId
    title: MsLocalizedText
    role: PositionRole | UnsetType = UNSET
    start_date: MsDate | UnsetType = UNSET
    end_date: MsDate | UnsetType = UNSET
    sources: tuple[MsSource, ...] = ()


class MsParty(MsModel):
    organization_id: MsId | UnsetType = UNSET
    name: MsLocalizedText | UnsetType = UNSET
    description: MsLocalizedText | UnsetType = UNSET
    country: Country | UnsetType = UNSET
    organization_type: OrganisationType | UnsetType = UNSET
    role: PartyRole | UnsetType = UNSET

    def __post_init__(self) -> None:
        _ms_at_least_one(self, ("organization_id", "name", "description"))


class MsAgreement(MsModel):
    id: MsId
    parties: Annotated[tuple[MsParty, ...], Meta(min_length=2)]
    title: MsLocalizedText | UnsetType = UNSET
    agreement_type: AgreementType | UnsetType = UNSET
    date_signed: MsDate | UnsetType = UNSET
    period: MsPeriod | UnsetType = UNSET
    program_ids: tuple[MsId, ...] = ()
    network_id: MsId | UnsetType = UNSET
    description: MsLocalizedText | UnsetType = UNSET
    documents: tuple[MsLink, ...] = ()
    sources: tuple[MsSource, ...] = ()


class MsShare(MsModel):
    fraction: MsFraction
    qualifier: FigureQualifier = "exact"
    located_in: Country | UnsetType = UNSET
    located_outside: Country | UnsetType = UNSET

    def __post_init__(self) -> None:
        if _one_of_given(self, ("located_in", "located_outside"), UNSET) != 1:
            raise ValueError("exactly one of located_in, located_outside is required")


class MsReportedFigure(MsModel):
    id: MsId
    subject_id: MsId
    metric: FigureMetric
    value: MsCount
    qualifier: FigureQualifier = "exact"
    share: MsShare | UnsetType = UNSET
    as_of: MsDate | UnsetType = UNSET
    period: MsPeriod | UnsetType = UNSET
    country: Country | UnsetType = UNSET
    sectors: tuple[MsClassification, ...] = ()
    description: MsLocalizedText | UnsetType = UNSET
    sources: tuple[MsSource, ...] = ()

    def __post_init__(self) -> None:
        _ms_whole(self, ("value",))


class MsDataset(MsModel):
    schema_version: Literal["1.1"]
    title: MsLocalizedText | UnsetType = UNSET
    publisher: MsText | UnsetType = UNSET
    created: MsDate | UnsetType = UNSET
    modified: MsDate | UnsetType = UNSET
    default_language: MsLanguageTag | UnsetType = UNSET
    license: MsUrl | UnsetType = UNSET
    organizations: tuple[MsOrganization, ...] = ()
    networks: tuple[MsNetwork, ...] = ()
    memberships: tuple[MsMembership, ...] = ()
    persons: tuple[MsPerson, ...] = ()
    positions: tuple[MsPosition, ...] = ()
    agreements: tuple[MsAgreement, ...] = ()
    programs: tuple[MsProgram, ...] = ()
    figures: tuple[MsReportedFigure, ...] = ()


#: Schema name -> msgspec peer class.
MSGSPEC: dict[str, type[MsModel]] = {
    "program": MsProgram,
    "organization": MsOrganization,
    "dataset": MsDataset,
}
