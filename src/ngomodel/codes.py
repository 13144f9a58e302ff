"""The code types of the model fields, and a checked way to narrow a string to one.

Each codelist-valued field is annotated with one of these types: a ``Literal`` of
every code for a list of at most 60 codes (``OrganisationTypeCode`` is
``Literal["10", "11", …, "90"]``), ``str`` for a longer one (``CountryCode``);
either way wrapped in ``Annotated`` with the name of its codelist
(:mod:`ngomodel.codelists`). Use them to annotate your own code.

A string read from elsewhere (a CSV file, a form) is narrowed to a code type by
:func:`narrow`, which checks the value against the codelist and raises if it is
not a code, or tested with :func:`is_code`; neither needs a ``cast``:

>>> from ngomodel import codes
>>> kind: codes.OrganisationTypeCode = codes.narrow("22", codes.OrganisationTypeCode)
>>> kind
'22'
>>> codes.is_code("UK", codes.CountryCode)
False
>>> codes.narrow("honorary", codes.MembershipRoleCode)
Traceback (most recent call last):
...
ngomodel.errors.ValidationError: ...'honorary' is not a code of the 'membership_role' codelist...

The functions take the type as a ``TypeForm`` (PEP 747): a type checker that
supports it (mypy 2, pyright) infers the code type they return or narrow to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from ngomodel import inspect as _inspect
from ngomodel._codes import (
    ActivityDateTypeCode,
    ActivityStatusCode,
    AgeBandCode,
    AgreementTypeCode,
    BeneficiaryCategoryCode,
    BudgetStatusCode,
    BudgetTypeCode,
    ContactTypeCode,
    CountryCode,
    CurrencyCode,
    DescriptionTypeCode,
    DocumentCategoryCode,
    FigureMetricCode,
    FigureQualifierCode,
    GeographicExactnessCode,
    GeographicLocationClassCode,
    GeographicLocationReachCode,
    GeographicVocabularyCode,
    IndicatorMeasureCode,
    LinkTypeCode,
    LocationTypeCode,
    M49RegionCode,
    MembershipRoleCode,
    OrganisationRegistrationAgencyCode,
    OrganisationRoleCode,
    OrganisationTypeCode,
    OtherNameTypeCode,
    PartyRoleCode,
    PolicyMarkerCode,
    PolicyMarkerVocabularyCode,
    PolicySignificanceCode,
    PopulationStatusCode,
    PositionRoleCode,
    RegionCode,
    RegionVocabularyCode,
    RelatedActivityTypeCode,
    ResultTypeCode,
    SectorCategoryCode,
    SectorCode,
    SectorVocabularyCode,
    SexCode,
    SourceBasisCode,
    TransactionTypeCode,
)
from ngomodel.errors import Problem, ValidationError

if TYPE_CHECKING:
    from typing import TypeGuard

    from typing_extensions import TypeForm

__all__ = [
    "ActivityDateTypeCode",
    "ActivityStatusCode",
    "AgeBandCode",
    "AgreementTypeCode",
    "BeneficiaryCategoryCode",
    "BudgetStatusCode",
    "BudgetTypeCode",
    "ContactTypeCode",
    "CountryCode",
    "CurrencyCode",
    "DescriptionTypeCode",
    "DocumentCategoryCode",
    "FigureMetricCode",
    "FigureQualifierCode",
    "GeographicExactnessCode",
    "GeographicLocationClassCode",
    "GeographicLocationReachCode",
    "GeographicVocabularyCode",
    "IndicatorMeasureCode",
    "LinkTypeCode",
    "LocationTypeCode",
    "M49RegionCode",
    "MembershipRoleCode",
    "OrganisationRegistrationAgencyCode",
    "OrganisationRoleCode",
    "OrganisationTypeCode",
    "OtherNameTypeCode",
    "PartyRoleCode",
    "PolicyMarkerCode",
    "PolicyMarkerVocabularyCode",
    "PolicySignificanceCode",
    "PopulationStatusCode",
    "PositionRoleCode",
    "RegionCode",
    "RegionVocabularyCode",
    "RelatedActivityTypeCode",
    "ResultTypeCode",
    "SectorCategoryCode",
    "SectorCode",
    "SectorVocabularyCode",
    "SexCode",
    "SourceBasisCode",
    "TransactionTypeCode",
    "is_code",
    "narrow",
]

_Code = TypeVar("_Code")


def _problems(value: object, kind: Any) -> list[Problem]:
    node = _inspect.type_info(kind)
    if not isinstance(node, _inspect.CodeType):
        raise TypeError(f"{kind!r} is not a code type of ngomodel.codes")
    return node.problems(value)


def is_code(value: object, kind: TypeForm[_Code]) -> TypeGuard[_Code]:
    """Tell whether *value* is a code of the code type *kind*.

    Args:
        value: The value to test, such as a string read from a file.
        kind: A code type of this module, such as ``OrganisationTypeCode``.

    Returns:
        Whether it is one of the codes; a type checker narrows *value* to *kind* where
        it is.

    Raises:
        TypeError: For a *kind* that is not a code type.

    >>> is_code("60", OrganisationTypeCode), is_code("61", OrganisationTypeCode)
    (True, False)
    """
    return not _problems(value, kind)


def narrow(value: object, kind: TypeForm[_Code]) -> _Code:
    """Return *value* as a code of the code type *kind*, checked.

    Args:
        value: The value, such as a string read from a file.
        kind: A code type of this module, such as ``OrganisationTypeCode``.

    Returns:
        *value* itself, typed as *kind*.

    Raises:
        ValidationError: For a value that is not a code of *kind*'s codelist
            (``unknown_code``) or not a string (``wrong_type``).
        TypeError: For a *kind* that is not a code type.

    >>> narrow("FR", CountryCode)
    'FR'
    """
    problems = _problems(value, kind)
    if problems:
        raise ValidationError(problems)
    return value  # type: ignore[return-value]  # checked against the codelist just above
