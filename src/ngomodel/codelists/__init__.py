"""The codelists that ngomodel's coded fields draw their values from.

The codelists are package data: this folder holds one ``<name>.csv`` per codelist
(columns ``code``, ``name`` and, for some lists, further columns such as ``category``,
``status`` or ``description``) and an ``index.json`` that records each list's title,
source and version. They are built by ``scripts/build_codelists.py`` from the IATI 2.03
codelists, from ISO 3166-1 and ISO 4217 (via pycountry) and from ngomodel's own lists.

Nothing is read at import time; each file is read once, when first needed.

>>> get("organisation_type").name_of("22")
'National NGO'
>>> "CN" in get("country")
True
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Iterator, Mapping
from importlib.resources import files
from types import MappingProxyType
from typing import Any

import attrs

__all__ = ["Code", "Codelist", "get", "names"]


def _frozen_mapping(value: Mapping[str, str]) -> Mapping[str, str]:
    """Return a read-only copy of *value*."""
    return MappingProxyType(dict(value))


def _codes_repr(codes: tuple[Code, ...]) -> str:
    """Summarise a codelist's codes in its ``repr``."""
    return f"<{len(codes)} codes>"


@attrs.frozen
class Code:
    """One code of a codelist.

    Attributes:
        code: The code itself, as it appears in data, e.g. ``"22"`` or ``"CN"``.
        name: The code's English name, e.g. ``"National NGO"``.
        extra: Further columns of the codelist, e.g. ``{"category": "140"}`` for a DAC
            5-digit sector or ``{"status": "withdrawn"}`` for a withdrawn code. Read-only;
            it takes part in equality but not in the hash.
    """

    code: str
    name: str
    extra: Mapping[str, str] = attrs.field(
        factory=dict, converter=_frozen_mapping, hash=False, repr=lambda m: repr(dict(m))
    )

    @property
    def withdrawn(self) -> bool:
        """Whether the code is withdrawn (still accepted, but no longer to be used).

        >>> categories = get("sector_category")
        >>> categories.lookup("920").withdrawn, categories.lookup("910").withdrawn
        (True, False)
        """
        return self.extra.get("status") == "withdrawn"


@attrs.frozen
class Codelist:
    """A named list of codes with its provenance.

    Attributes:
        name: The codelist's name, e.g. ``"organisation_type"``.
        title: A human-readable title, e.g. ``"Organisation Type"``.
        description: One sentence saying what the codes classify.
        source: Where the codes come from, e.g.
            ``"IATI Standard 2.03 codelist OrganisationType"`` or ``"ngomodel"``.
        version: The version of the source.
        url: The public page of the source list, or ``None`` for ngomodel's own lists.
        closed: Whether the list is complete (``True``) or its source may add codes
            that are not in this copy (``False``).
        codes: The codes, in the list's order.
    """

    name: str
    title: str
    description: str
    source: str
    version: str
    url: str | None
    closed: bool
    codes: tuple[Code, ...] = attrs.field(repr=_codes_repr)
    _by_code: Mapping[str, Code] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        """Build the lookup table behind ``in`` and :meth:`name_of`."""
        by_code = {code.code: code for code in self.codes}
        if len(by_code) != len(self.codes):
            raise ValueError(f"codelist {self.name!r} has duplicate codes")
        object.__setattr__(self, "_by_code", MappingProxyType(by_code))

    def __contains__(self, code: object) -> bool:
        """Return whether *code* is one of the list's codes (withdrawn codes included)."""
        return isinstance(code, str) and code in self._by_code

    def __iter__(self) -> Iterator[Code]:
        """Iterate over the codes in the list's order."""
        return iter(self.codes)

    def __len__(self) -> int:
        """Return the number of codes."""
        return len(self.codes)

    @property
    def withdrawn(self) -> tuple[str, ...]:
        """The withdrawn codes, in the list's order (a ``status`` of ``withdrawn``).

        A withdrawn code is still a code of the list (``in`` finds it, and data that
        uses it is valid), but its source no longer wants it used: the rule
        ``withdrawn_code`` of :mod:`ngomodel.rules` warns of it, and the schemas mark it
        ``deprecated``.

        >>> get("region").withdrawn
        ('380',)
        """
        return tuple(code.code for code in self.codes if code.withdrawn)

    def lookup(self, code: str) -> Code:
        """Return the :class:`Code` of a code string.

        Args:
            code: A code of this list.

        Returns:
            The code, with its name and further columns.

        Raises:
            KeyError: If *code* is not a code of this list.

        >>> get("region").lookup("380").name
        'West Indies, regional'
        """
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"{code!r} is not a code of the {self.name!r} codelist") from None

    def name_of(self, code: str) -> str:
        """Return the name of a code.

        Args:
            code: A code of this list.

        Returns:
            The code's English name.

        Raises:
            KeyError: If *code* is not a code of this list.

        >>> get("organisation_role").name_of("4")
        'Implementing'
        """
        return self.lookup(code).name


def _read_text(filename: str) -> str:
    """Return the text of one of this package's data files."""
    return files(__name__).joinpath(filename).read_text(encoding="utf-8")


@functools.cache
def _index() -> dict[str, dict[str, Any]]:
    """Return the entries of ``index.json`` by codelist name."""
    entries: list[dict[str, Any]] = json.loads(_read_text("index.json"))
    return {entry["name"]: entry for entry in entries}


@functools.cache
def _load(name: str) -> Codelist:
    """Read one codelist; *name* must be a name from the index."""
    entry = _index()[name]
    reader = csv.DictReader(io.StringIO(_read_text(f"{name}.csv"), newline=""))
    codes = tuple(
        Code(
            code=row["code"],
            name=row["name"],
            extra={key: value for key, value in row.items() if key not in ("code", "name")},
        )
        for row in reader
    )
    return Codelist(
        name=entry["name"],
        title=entry["title"],
        description=entry["description"],
        source=entry["source"],
        version=entry["version"],
        url=entry["url"],
        closed=entry["closed"],
        codes=codes,
    )


def names() -> tuple[str, ...]:
    """Return the names of all codelists.

    Returns:
        The names, sorted.

    >>> names()[:3]
    ('activity_date_type', 'activity_status', 'age_band')
    """
    return tuple(sorted(_index()))


def get(name: str) -> Codelist:
    """Return a codelist by name.

    Args:
        name: The codelist's name, e.g. ``"country"``; see :func:`names`.

    Returns:
        The codelist. Repeated calls return the same object.

    Raises:
        KeyError: If there is no codelist of that name; the message lists the known names.

    >>> countries = get("country")
    >>> countries.name_of("KH")
    'Cambodia'
    >>> "XX" in countries
    False
    """
    if name not in _index():
        known = ", ".join(names())
        raise KeyError(f"unknown codelist {name!r}; known codelists: {known}")
    return _load(name)
