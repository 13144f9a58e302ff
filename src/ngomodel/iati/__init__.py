"""IATI XML: write a dataset's programs and organizations as IATI 2.03 files, and read them.

Needs lxml, which the ``iati`` extra installs (``pip install 'ngomodel[iati]'``). The
mapping between ngomodel's fields and IATI's elements is :data:`MAPPING`; the docs page
*IATI* shows it as a table.
"""

from __future__ import annotations

from ngomodel.iati._export import to_activities, to_organisations
from ngomodel.iati._import import (
    NOT_IMPORTED,
    STREAM_DATASET_RULES,
    IatiStream,
    from_iati,
    iati_id,
    iati_identifier_of,
    iter_from_iati,
)
from ngomodel.iati._mapping import MAPPING, MappingRow

__all__ = [
    "MAPPING",
    "NOT_IMPORTED",
    "STREAM_DATASET_RULES",
    "IatiStream",
    "MappingRow",
    "from_iati",
    "iati_id",
    "iati_identifier_of",
    "iter_from_iati",
    "to_activities",
    "to_organisations",
]
