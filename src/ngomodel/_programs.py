"""Programs (IATI activities): who takes part, whom they serve, what they aim for."""

from __future__ import annotations

from typing import Annotated

from ngomodel._codes import (
    ActivityStatusCode,
    AgeBandCode,
    BeneficiaryCategoryCode,
    BudgetStatusCode,
    BudgetTypeCode,
    CountryCode,
    CurrencyCode,
    DescriptionTypeCode,
    FigureQualifierCode,
    IndicatorMeasureCode,
    OrganisationRoleCode,
    OrganisationTypeCode,
    PolicyMarkerVocabularyCode,
    PolicySignificanceCode,
    PopulationStatusCode,
    RelatedActivityTypeCode,
    ResultTypeCode,
    SexCode,
    TransactionTypeCode,
)
from ngomodel._constraints import MinItems
from ngomodel._model import doc, model
from ngomodel._scalars import (
    AgreementId,
    Count,
    ExtensionData,
    GlobalId,
    Id,
    LocalizedText,
    LocationId,
    OrganizationId,
    PartialDate,
    ProgramId,
    SignedAmount,
    Text,
    entity_extension_problems,
)
from ngomodel._values import (
    Classification,
    CountryShare,
    Document,
    Location,
    Money,
    OrganizationReference,
    Period,
    Region,
    Source,
)
from ngomodel.inspect import AtLeastOneOf, CodeDependsOn

__all__ = [
    "BeneficiaryGroup",
    "Budget",
    "Description",
    "Dimension",
    "Disaggregation",
    "Indicator",
    "IndicatorPeriod",
    "IndicatorValue",
    "Participant",
    "PolicyMarker",
    "Program",
    "RelatedProgram",
    "Result",
    "Transaction",
]


@model
class Participant:
    """An organization taking part in a program, in an IATI organisation role.

    A participant known to the dataset is named by ``organization_id``; one
    that is not is described by ``name`` and/or ``description``.
    """

    organization_id: OrganizationId | None = doc(
        "Id of the organization or network, when it is in the dataset.", default=None
    )
    name: LocalizedText | None = doc("Its name, when it is not in the dataset.", default=None)
    description: LocalizedText | None = doc(
        "Who the participant is, when its name is not known.", default=None
    )
    country: CountryCode | None = doc("Where it is based.", default=None)
    organization_type: OrganisationTypeCode | None = doc(
        "IATI OrganisationType code, e.g. 22 (national NGO) or 60 (foundation).", default=None
    )
    role: OrganisationRoleCode | None = doc(
        "IATI OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing.",
        default=None,
    )
    reference: GlobalId | None = doc(
        "Its IATI organisation identifier, when it is not in the dataset.", default=None
    )

    __ngomodel_rules__ = (AtLeastOneOf(("organization_id", "name", "description", "reference")),)


@model
class BeneficiaryGroup:
    """A group of people a program serves."""

    label: LocalizedText = doc("A short description of the group.")
    categories: tuple[BeneficiaryCategoryCode, ...] = doc(
        "What kinds of people they are (youth, patients, …).", default=()
    )
    sex: SexCode | None = doc("Their sex, when the group is of one sex.", default=None)
    age_min: Count | None = doc("The youngest age served, in years.", default=None)
    age_max: Count | None = doc("The oldest age served, in years.", default=None)
    planned_count: Count | None = doc("How many people the program means to reach.", default=None)
    reached_count: Count | None = doc("How many people it has reached.", default=None)
    location_ids: tuple[LocationId, ...] = doc(
        "Ids of the program's locations they are at.", default=()
    )


@model
class Dimension:
    """One named dimension of a slice of the people counted, and its value there."""

    name: Text = doc('The dimension, such as "district" or "disability".')
    value: Text = doc('The slice\'s value of it, such as "Takeo" or "visual".')


@model
class Disaggregation:
    """A value for one slice of the people counted (by sex, age band, status or any dimension)."""

    value: float = doc("The value for this slice.")
    sex: SexCode | None = doc("The slice's sex.", default=None)
    age_band: AgeBandCode | None = doc("The slice's age band.", default=None)
    population_status: PopulationStatusCode | None = doc(
        "The slice's displacement status.", default=None
    )
    dimensions: tuple[Dimension, ...] = doc(
        "Further dimensions of the slice, by name (IATI 2.03 indicator dimensions).", default=()
    )

    __ngomodel_rules__ = (AtLeastOneOf(("sex", "age_band", "population_status", "dimensions")),)


@model
class IndicatorValue:
    """A target or an actual value of an indicator."""

    value: float | None = doc(
        "The number, for unit, percentage and ordinal measures.", default=None
    )
    qualifier: FigureQualifierCode = doc("How exact the number is.", default="exact")
    comment: LocalizedText | None = doc("The value in words, or a note on it.", default=None)
    location_ids: tuple[LocationId, ...] = doc(
        "Ids of the program locations it is about.", default=()
    )
    disaggregations: tuple[Disaggregation, ...] = doc(
        "Values by sex, age band or population status.", default=()
    )

    __ngomodel_rules__ = (AtLeastOneOf(("value", "comment")),)


@model
class IndicatorPeriod:
    """What an indicator aims for and reaches in one period."""

    period: Period | None = doc("The period.", default=None)
    target: IndicatorValue | None = doc("What the program aims for.", default=None)
    actual: IndicatorValue | None = doc("What it achieved.", default=None)

    __ngomodel_rules__ = (AtLeastOneOf(("target", "actual")),)


@model
class Indicator:
    """A measure of a result ("deep wells drilled"), IATI-shaped."""

    title: LocalizedText = doc("What is measured.")
    measure: IndicatorMeasureCode = doc(
        "IATI IndicatorMeasure: 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative."
    )
    unit: Text | None = doc('The unit counted, for unit measures ("wells").', default=None)
    ascending: bool | None = doc("Whether a higher value is better.", default=None)
    baseline: IndicatorValue | None = doc("The value before the program.", default=None)
    baseline_date: PartialDate | None = doc("When the baseline was measured.", default=None)
    periods: tuple[IndicatorPeriod, ...] = doc("Targets and actuals, by period.", default=())
    documents: tuple[Document, ...] = doc("Documents about the indicator.", default=())
    description: LocalizedText | None = doc("More about what is measured.", default=None)


@model
class Result:
    """What a program aims to achieve, measured by indicators."""

    type: ResultTypeCode = doc("IATI ResultType: 1 output, 2 outcome, 3 impact, 9 other.")
    title: LocalizedText = doc("The result.")
    indicators: Annotated[tuple[Indicator, ...], MinItems(1)] = doc(
        "How the result is measured; at least one indicator."
    )
    description: LocalizedText | None = doc("More about the result.", default=None)
    documents: tuple[Document, ...] = doc("Documents about the result.", default=())


@model
class Budget:
    """Money a program plans to spend in a period."""

    value: Money = doc("The amount.")
    type: BudgetTypeCode | None = doc("IATI BudgetType: 1 original, 2 revised.", default=None)
    status: BudgetStatusCode | None = doc(
        "IATI BudgetStatus: 1 indicative, 2 committed.", default=None
    )
    period: Period | None = doc("The period the budget covers.", default=None)


@model
class Transaction:
    """Money that moved, or was promised, for a program (IATI transaction).

    Its amount may be negative: a reversal, or a de-commitment of funds.
    """

    type: TransactionTypeCode = doc(
        "IATI TransactionType, e.g. 1 incoming funds, 2 outgoing commitment, 3 disbursement, "
        "4 expenditure."
    )
    date: PartialDate = doc("When the transaction took place.")
    amount: SignedAmount = doc(
        "The amount: an exact decimal, written as a string on the wire; negative for a "
        "reversal or a de-commitment."
    )
    currency: CurrencyCode = doc("ISO 4217 alphabetic currency code.")
    value_date: PartialDate | None = doc(
        "The date whose exchange rate converts the amount to other currencies.", default=None
    )
    reference: Text | None = doc(
        "The transaction's reference in its publisher's books.", default=None
    )
    description: LocalizedText | None = doc("What the transaction is for.", default=None)
    provider: OrganizationReference | None = doc("Where the money comes from.", default=None)
    receiver: OrganizationReference | None = doc("Where the money goes to.", default=None)
    sectors: tuple[Classification, ...] = doc(
        "The sectors of this transaction, when they differ from the program's.", default=()
    )
    recipient_country: CountryCode | None = doc(
        "The country this transaction benefits, when the program's are several.", default=None
    )
    recipient_region: Region | None = doc(
        "The region this transaction benefits, when the program's are several.", default=None
    )
    humanitarian: bool | None = doc("Whether the transaction is humanitarian aid.", default=None)


@model
class Description:
    """A piece of text about a program, of an IATI DescriptionType."""

    type: DescriptionTypeCode = doc(
        "IATI DescriptionType: 1 general, 2 objectives, 3 target groups, 4 other."
    )
    text: LocalizedText = doc("The text.")


@model
class RelatedProgram:
    """Another program this one is related to (IATI related-activity)."""

    type: RelatedActivityTypeCode = doc(
        "IATI RelatedActivityType: 1 parent, 2 child, 3 sibling, 4 co-funded, 5 third party."
    )
    program_id: ProgramId | None = doc(
        "Id of the program, when it is in the dataset.", default=None
    )
    iati_identifier: GlobalId | None = doc("The program's IATI activity identifier.", default=None)

    __ngomodel_rules__ = (AtLeastOneOf(("program_id", "iati_identifier")),)


@model
class PolicyMarker:
    """An OECD DAC policy objective that a program addresses, and how much."""

    vocabulary: PolicyMarkerVocabularyCode = doc(
        "IATI PolicyMarkerVocabulary: 1 OECD DAC CRS (when omitted), 99 the reporting "
        "organization's own.",
        default="1",
    )
    code: Id = doc(
        "The marker within the vocabulary; for OECD DAC CRS an IATI PolicyMarker code, e.g. "
        "1 gender equality, 11 disability."
    )
    significance: PolicySignificanceCode | None = doc(
        "IATI PolicySignificance: 0 not targeted, 1 significant, 2 principal objective, 3 "
        "principal objective and in support of an action programme, 4 explicit primary "
        "objective.",
        default=None,
    )

    __ngomodel_rules__ = (CodeDependsOn("code", "vocabulary", (("1", "policy_marker"),)),)


@model
class Program:
    """What an agreement sets in motion: wells, schools, surgeries, training (IATI activity).

    A program that sources name is given a ``title``; one they only describe
    gets ``descriptions`` instead (a general one is of type 1), and no invented title.
    """

    id: Id = doc("Identifier of the program, unique in the dataset.")
    title: LocalizedText | None = doc("Its name, in one or more languages.", default=None)
    description: LocalizedText | None = doc(
        "What the program does.",
        default=None,
        deprecated="Use descriptions with type 1 (general) instead.",
    )
    status: ActivityStatusCode | None = doc(
        "IATI ActivityStatus: 1 pipeline, 2 implementation, 3 finalisation, 4 closed, "
        "5 cancelled, 6 suspended.",
        default=None,
    )
    planned_start: PartialDate | None = doc("When it is planned to start.", default=None)
    actual_start: PartialDate | None = doc("When it started.", default=None)
    planned_end: PartialDate | None = doc("When it is planned to end.", default=None)
    actual_end: PartialDate | None = doc("When it ended.", default=None)
    participants: tuple[Participant, ...] = doc(
        "The organizations taking part, with their roles.", default=()
    )
    recipient_countries: tuple[CountryShare, ...] = doc("The countries it benefits.", default=())
    recipient_regions: tuple[Region, ...] = doc("The regions it benefits.", default=())
    locations: tuple[Location, ...] = doc("The places it works at.", default=())
    sectors: tuple[Classification, ...] = doc("The sectors it works in.", default=())
    beneficiary_groups: tuple[BeneficiaryGroup, ...] = doc("Whom it serves.", default=())
    results: tuple[Result, ...] = doc("What it aims for and achieves.", default=())
    budgets: tuple[Budget, ...] = doc("What it plans to spend.", default=())
    agreement_ids: tuple[AgreementId, ...] = doc(
        "Ids of the agreements that set it in motion.", default=()
    )
    sources: tuple[Source, ...] = doc("Where these facts come from.", default=())
    iati_identifier: GlobalId | None = doc(
        "Its IATI activity identifier, such as GB-CHC-202918-UK-PRJ/1.", default=None
    )
    reporting_organization: OrganizationReference | None = doc(
        "The organization that publishes the facts about the program.", default=None
    )
    default_currency: CurrencyCode | None = doc(
        "The currency of its budgets and transactions, when all share one.", default=None
    )
    humanitarian: bool | None = doc("Whether the program is humanitarian aid.", default=None)
    descriptions: tuple[Description, ...] = doc(
        "Texts about it by IATI DescriptionType: 1 general, 2 objectives, 3 target groups, "
        "4 other.",
        default=(),
    )
    transactions: tuple[Transaction, ...] = doc(
        "Money that moved or was promised for it.", default=()
    )
    documents: tuple[Document, ...] = doc("Documents about it.", default=())
    related_programs: tuple[RelatedProgram, ...] = doc(
        "Programs it is related to: its parent, children, siblings.", default=()
    )
    policy_markers: tuple[PolicyMarker, ...] = doc(
        "The policy objectives it addresses.", default=()
    )
    extensions: ExtensionData = doc(
        "Data of the extensions the dataset declares, by extension name.",
        default=ExtensionData(),
    )

    # Its extension data, checked against the registered extensions.
    __ngomodel_check__ = staticmethod(entity_extension_problems)

    __ngomodel_rules__ = (AtLeastOneOf(("title", "description", "descriptions")),)
